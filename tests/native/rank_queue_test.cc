// RankQueue against std::priority_queue on random pushes and pops (rising, falling and tied ranks),
// and Bpe's merge loops against a brute-force merge written here (find the lowest-ranked adjacent
// pair, leftmost; join it; repeat) on random vocabularies whose merges often create pairs ranked
// below the merge that made them, for HuggingFace merges and tiktoken ranks.
#include "tokenizer/models/rank_queue.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <queue>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "tokenizer/models/bpe.h"

namespace tokvec {
namespace {

using Entry = std::pair<uint32_t, uint32_t>;  // (rank, position)
using Reference = std::priority_queue<Entry, std::vector<Entry>, std::greater<>>;

// Pops everything from both queues, asserting the same order.
void drain(RankQueue& queue, Reference& reference) {
  uint32_t rank, position;
  while (!reference.empty()) {
    ASSERT_TRUE(queue.pop(rank, position));
    ASSERT_EQ(Entry(rank, position), reference.top());
    reference.pop();
  }
  ASSERT_FALSE(queue.pop(rank, position));
}

TEST(RankQueue, PopsLowestRankThenLowestPosition) {
  RankQueue queue;
  queue.reset(100);
  for (const Entry& e : std::vector<Entry>{{7, 3}, {2, 9}, {7, 1}, {99, 0}, {2, 4}, {0, 50}}) queue.push(e.first, e.second);
  std::vector<Entry> popped;
  uint32_t rank, position;
  while (queue.pop(rank, position)) popped.emplace_back(rank, position);
  EXPECT_EQ(popped, (std::vector<Entry>{{0, 50}, {2, 4}, {2, 9}, {7, 1}, {7, 3}, {99, 0}}));
}

TEST(RankQueue, PushesBelowThePoppedRankStillPopInOrder) {
  RankQueue queue;
  queue.reset(10);
  queue.push(5, 0);
  queue.push(5, 8);
  queue.push(9, 1);
  uint32_t rank, position;
  ASSERT_TRUE(queue.pop(rank, position));
  EXPECT_EQ(Entry(rank, position), Entry(5, 0));
  queue.push(3, 7);  // below the open rank
  queue.push(5, 2);  // the open rank, ahead of its next entry
  queue.push(5, 9);  // the open rank, behind it
  std::vector<Entry> popped;
  while (queue.pop(rank, position)) popped.emplace_back(rank, position);
  EXPECT_EQ(popped, (std::vector<Entry>{{3, 7}, {5, 2}, {5, 8}, {5, 9}, {9, 1}}));
}

// Rank bounds from one bitmap word to four levels; pops interleaved with pushes that are mostly
// above the last popped rank (as in a merge loop) but sometimes at or below it.
TEST(RankQueue, MatchesAPriorityQueue_seed3) {
  std::mt19937 rng(3);
  RankQueue queue;
  for (const uint32_t bound : {1u, 2u, 64u, 65u, 4096u, 300'000u}) {
    for (int round = 0; round < 20; ++round) {
      queue.reset(bound);
      Reference reference;
      uint32_t last = 0;
      for (int step = 0; step < 2000; ++step) {
        if (reference.empty() || rng() % 3 != 0) {
          const bool rising = rng() % 8 != 0 && last < bound;
          const uint32_t rank = rising ? last + static_cast<uint32_t>(rng() % std::min<uint32_t>(bound - last, 40))
                                       : static_cast<uint32_t>(rng() % bound);
          const uint32_t position = static_cast<uint32_t>(rng() % 50);
          queue.push(rank, position);
          reference.emplace(rank, position);
        } else {
          uint32_t rank, position;
          ASSERT_TRUE(queue.pop(rank, position));
          ASSERT_EQ(Entry(rank, position), reference.top()) << "bound " << bound << ", round " << round;
          reference.pop();
          last = rank;
        }
      }
      // Every other round is abandoned with entries left, as a merge cut short by an exception
      // would leave it: the next reset must start from an empty queue.
      if (round % 2 == 0) drain(queue, reference);
    }
  }
}

// ---- merge loops against a brute-force merge ---------------------------------------------------

// The brute-force rule both references follow: merge the adjacent pair of lowest rank, leftmost
// first, until no pair has one. `rank_of(left, right)` is UINT32_MAX for a pair that never merges.
template <typename RankOf>
std::vector<std::string> merge_brute_force(const std::string& piece, RankOf rank_of) {
  std::vector<std::string> symbols;
  for (const char c : piece) symbols.emplace_back(1, c);
  for (;;) {
    uint32_t best = UINT32_MAX;
    size_t at = 0;
    for (size_t i = 0; i + 1 < symbols.size(); ++i) {
      const uint32_t rank = rank_of(symbols[i], symbols[i + 1]);
      if (rank < best) best = rank, at = i;
    }
    if (best == UINT32_MAX) return symbols;
    symbols[at] += symbols[at + 1];
    symbols.erase(symbols.begin() + static_cast<std::ptrdiff_t>(at) + 1);
  }
}

// tiktoken's rule: a pair's rank is the rank of its concatenation.
std::vector<std::string> merge_by_ranks(const std::string& piece, const std::map<std::string, uint32_t>& ranks) {
  return merge_brute_force(piece, [&](const std::string& left, const std::string& right) {
    const auto it = ranks.find(left + right);
    return it == ranks.end() ? UINT32_MAX : it->second;
  });
}

// HuggingFace's rule: a pair's rank is its index in the merges.
std::vector<std::string> merge_by_pairs(const std::string& piece,
                                        const std::map<std::pair<std::string, std::string>, uint32_t>& pairs) {
  return merge_brute_force(piece, [&](const std::string& left, const std::string& right) {
    const auto it = pairs.find({left, right});
    return it == pairs.end() ? UINT32_MAX : it->second;
  });
}

std::vector<std::string> tokens_of(const Bpe& model, const std::string& piece, Bpe::MergeLoop loop) {
  std::vector<Token> out;
  model.tokenize(piece, out, loop);
  std::vector<std::string> tokens;
  for (const Token& t : out) tokens.emplace_back(model.token_bytes(t.id));
  return tokens;
}

// Pieces over `alphabet`: random ones, and runs of one or two repeated characters.
std::vector<std::string> pieces_for(std::mt19937& rng, const std::string& alphabet) {
  std::vector<std::string> pieces;
  for (int i = 0; i < 30; ++i) {
    std::string piece(1 + rng() % 300, ' ');
    for (char& c : piece) c = alphabet[rng() % alphabet.size()];
    pieces.push_back(piece);
  }
  for (const size_t length : {64, 65, 600}) {
    pieces.emplace_back(length, alphabet[0]);
    std::string two;
    while (two.size() < length) two += alphabet.substr(0, 2);
    pieces.push_back(two);
  }
  return pieces;
}

TEST(RankQueue, MergesHuggingFacePairsAsTheBruteForceDoes_seed5) {
  std::mt19937 rng(5);
  const std::string alphabet = "abc";
  for (int round = 0; round < 10; ++round) {
    // Random merges of existing tokens, in a random order: a pair a merge creates is often ranked
    // below that merge.
    std::vector<std::string> tokens = {"a", "b", "c"};
    std::set<std::string> known(tokens.begin(), tokens.end());
    std::vector<std::pair<std::string, std::string>> merges;
    while (merges.size() < 60) {
      const std::string& left = tokens[rng() % tokens.size()];
      const std::string& right = tokens[rng() % tokens.size()];
      if (left.size() + right.size() > 12) continue;
      merges.emplace_back(left, right);
      if (known.insert(left + right).second) tokens.push_back(left + right);
    }
    std::shuffle(merges.begin(), merges.end(), rng);
    std::vector<std::pair<std::string, uint32_t>> vocab;
    for (const std::string& token : tokens) vocab.emplace_back(token, static_cast<uint32_t>(vocab.size()));
    std::map<std::pair<std::string, std::string>, uint32_t> pairs;
    for (size_t i = 0; i < merges.size(); ++i) pairs[merges[i]] = static_cast<uint32_t>(i);  // a repeat replaces
    const auto describe = [](size_t i) { return "entry " + std::to_string(i); };
    const auto model = Bpe::from_merges(vocab, merges, BpeOptions{}, describe, describe);
    for (const std::string& piece : pieces_for(rng, alphabet)) {
      const auto expected = merge_by_pairs(piece, pairs);
      ASSERT_EQ(tokens_of(*model, piece, Bpe::MergeLoop::kQueue), expected) << "round " << round << ": " << piece;
      ASSERT_EQ(tokens_of(*model, piece, Bpe::MergeLoop::kHeap), expected) << "round " << round << ": " << piece;
      ASSERT_EQ(tokens_of(*model, piece, Bpe::MergeLoop::kScan), expected) << "round " << round << ": " << piece;
      ASSERT_EQ(tokens_of(*model, piece, Bpe::MergeLoop::kBacktrack), expected) << "round " << round << ": " << piece;
    }
  }
}

TEST(RankQueue, MergesTiktokenRanksAsTheBruteForceDoes_seed9) {
  std::mt19937 rng(9);
  const std::string alphabet = "xyz";
  for (int round = 0; round < 10; ++round) {
    // Every byte, and random strings over the alphabet, with ranks shuffled: tiktoken joins any
    // two adjacent tokens whose concatenation is a token, whatever its rank.
    std::set<std::string> strings;
    for (int b = 0; b < 256; ++b) strings.insert(std::string(1, static_cast<char>(b)));
    while (strings.size() < 256 + 80) {
      std::string s(2 + rng() % 7, ' ');
      for (char& c : s) c = alphabet[rng() % alphabet.size()];
      strings.insert(s);
    }
    std::vector<uint32_t> order(strings.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint32_t>(i);
    std::shuffle(order.begin(), order.end(), rng);
    RankEntries entries;
    std::map<std::string, uint32_t> ranks;
    for (const std::string& s : strings) {
      entries.add(s, order[entries.size()]);
      ranks[s] = entries.ranks.back();
    }
    const auto model = Bpe::from_ranks(entries, "random.tiktoken", [](size_t i) { return "line " + std::to_string(i + 1); });
    for (const std::string& piece : pieces_for(rng, alphabet)) {
      // A piece that is a token is that token before any merging (ignore_merges); the brute
      // force starts from bytes, so those are left out.
      if (ranks.count(piece)) continue;
      const auto expected = merge_by_ranks(piece, ranks);
      ASSERT_EQ(tokens_of(*model, piece, Bpe::MergeLoop::kQueue), expected) << "round " << round << ": " << piece;
      ASSERT_EQ(tokens_of(*model, piece, Bpe::MergeLoop::kHeap), expected) << "round " << round << ": " << piece;
      ASSERT_EQ(tokens_of(*model, piece, Bpe::MergeLoop::kScan), expected) << "round " << round << ": " << piece;
      ASSERT_EQ(tokens_of(*model, piece, Bpe::MergeLoop::kBacktrack), expected) << "round " << round << ": " << piece;
    }
  }
}

// A rank file made by `merges` random merges of tokens over `alphabet` (each new token two earlier
// ones joined, at most `max_length` bytes), after the 256 bytes: ranks in the order merges made the
// tokens, as in OpenAI's files, so that the backtracking encoder serves the pieces.
struct MadeRanks {
  RankEntries entries;
  std::map<std::string, uint32_t> ranks;
};
MadeRanks ranks_by_merges(std::mt19937& rng, const std::string& alphabet, size_t merges, size_t max_length) {
  std::vector<std::string> tokens;
  for (int b = 0; b < 256; ++b) tokens.emplace_back(1, static_cast<char>(b));
  std::vector<std::string> made(alphabet.size());
  for (size_t k = 0; k < alphabet.size(); ++k) made[k] = std::string(1, alphabet[k]);
  std::set<std::string> known(tokens.begin(), tokens.end());
  while (tokens.size() < 256 + merges) {
    const std::string joined = made[rng() % made.size()] + made[rng() % made.size()];
    if (joined.size() > max_length || !known.insert(joined).second) continue;
    tokens.push_back(joined);
    made.push_back(joined);
  }
  MadeRanks out;
  for (const std::string& s : tokens) {
    out.ranks[s] = static_cast<uint32_t>(out.entries.size());
    out.entries.add(s, static_cast<uint32_t>(out.entries.size()));
  }
  return out;
}

TEST(RankQueue, BacktracksRanksOfRealMergesAsTheBruteForceDoes_seed11) {
  std::mt19937 rng(11);
  for (const std::string alphabet : {"xyz", "xy", "\xE3\x83\xBC"}) {
    for (int round = 0; round < 10; ++round) {
      // Ranks in the order merges made the tokens, as in OpenAI's files, so the backtracking
      // encoder serves these pieces rather than handing them to the merge loop; over two or three
      // characters, equal ranks meet at boundaries all the time ("xxx" holds "xx" twice).
      const auto [entries, ranks] = ranks_by_merges(rng, alphabet, 60, 10);
      const auto model = Bpe::from_ranks(entries, "made.tiktoken", [](size_t i) { return "line " + std::to_string(i + 1); });
      for (const std::string& piece : pieces_for(rng, alphabet)) {
        if (ranks.count(piece)) continue;
        ASSERT_EQ(tokens_of(*model, piece, Bpe::MergeLoop::kBacktrack), merge_by_ranks(piece, ranks))
            << "round " << round << ": " << piece;
      }
    }
  }
}

// Ranks tie when one token meets itself across a boundary ("aa" in "aaa"): BPE merges the left one
// first. So a pair whose left token's last merge ties the pair across the boundary is compatible
// ("aa" + "a": the left "aa" merged first), and one whose right token's does is not ("xa" + "aa"
// in "xaaa": undoing "xa" leaves "a" + "aa", undoing "aa" leaves "a" + "a", which ties "aa" and
// lies left of it). The backtracker meets "xa" + "aa" first in "xaaa", being greedy, so each tie
// rule of Bpe::compatible is exercised; random vocabularies dense in short tokens rarely have the
// gaps ("xaa", "aaa" not tokens) that make it so.
TEST(RankQueue, BacktrackingBreaksRankTiesLeftmostFirst) {
  RankEntries entries;
  std::map<std::string, uint32_t> ranks;
  for (int b = 0; b < 256; ++b) ranks[std::string(1, static_cast<char>(b))] = static_cast<uint32_t>(b);
  ranks["aa"] = 256;
  ranks["xa"] = 257;
  for (int b = 0; b < 256; ++b) entries.add(std::string(1, static_cast<char>(b)), static_cast<uint32_t>(b));
  entries.add("aa", 256);
  entries.add("xa", 257);
  const auto model = Bpe::from_ranks(entries, "ties.tiktoken", [](size_t i) { return "line " + std::to_string(i + 1); });
  for (const std::string piece : {"aaa", "xaaa", "aaaa", "xaaaa", "xaxaaa", "axaaa"}) {
    const auto expected = merge_by_ranks(piece, ranks);
    EXPECT_EQ(tokens_of(*model, piece, Bpe::MergeLoop::kBacktrack), expected) << piece;
    EXPECT_EQ(tokens_of(*model, piece, Bpe::MergeLoop::kScan), expected) << piece;
  }
  EXPECT_EQ(tokens_of(*model, "xaaa", Bpe::MergeLoop::kBacktrack), (std::vector<std::string>{"x", "aa", "a"}));
}

// Few tokens over the alphabet, so that the longest token at a position is often not BPE's and
// the backtracker steps back; ranks in the order merges made the tokens.
TEST(RankQueue, BacktracksSparseVocabulariesAsTheBruteForceDoes_seed17) {
  std::mt19937 rng(17);
  for (const std::string alphabet : {"xa", "xay"}) {
    for (int round = 0; round < 40; ++round) {
      const size_t merges = 2 + rng() % 6;
      const auto [entries, ranks] = ranks_by_merges(rng, alphabet, merges, 6);
      const auto model = Bpe::from_ranks(entries, "sparse.tiktoken", [](size_t i) { return "line " + std::to_string(i + 1); });
      for (int i = 0; i < 60; ++i) {
        std::string piece(2 + rng() % 12, ' ');
        for (char& c : piece) c = alphabet[rng() % alphabet.size()];
        if (ranks.count(piece)) continue;
        ASSERT_EQ(tokens_of(*model, piece, Bpe::MergeLoop::kBacktrack), merge_by_ranks(piece, ranks))
            << "round " << round << ": " << piece;
      }
    }
  }
}

}  // namespace
}  // namespace tokvec
