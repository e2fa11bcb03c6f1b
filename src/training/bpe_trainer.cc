// BpeTrainer (see bpe_trainer.h for the algorithm and its tie-break rules).
#include "training/bpe_trainer.h"

#include <algorithm>
#include <limits>

#include "core/error.h"
#include "core/utf8.h"

namespace tokvec {

int64_t& BpeTrainer::PairCounts::operator[](uint64_t pair) {
  if ((size_ + 1) * 2 > slots_.size()) grow();
  const size_t mask = slots_.size() - 1;
  for (size_t i = (pair * 0x9E3779B97F4A7C15ull) >> 20 & mask;; i = (i + 1) & mask) {
    if (slots_[i].first == pair) return slots_[i].second;
    if (slots_[i].first == kEmpty) {
      ++size_;
      slots_[i] = {pair, 0};
      return slots_[i].second;
    }
  }
}

void BpeTrainer::PairCounts::grow() {
  std::vector<std::pair<uint64_t, int64_t>> old(std::max<size_t>(1024, slots_.size() * 2), {kEmpty, 0});
  old.swap(slots_);
  const size_t mask = slots_.size() - 1;
  for (const auto& [pair, count] : old) {
    if (pair == kEmpty) continue;
    size_t i = (pair * 0x9E3779B97F4A7C15ull) >> 20 & mask;
    while (slots_[i].first != kEmpty) i = (i + 1) & mask;
    slots_[i] = {pair, count};
  }
}

uint32_t BpeTrainer::add_token(const std::string& token) {
  const auto [it, inserted] = token_to_id_.try_emplace(token, static_cast<uint32_t>(id_to_token_.size()));
  if (inserted) id_to_token_.push_back(token);
  return it->second;
}

void BpeTrainer::start(std::vector<WordCount> words) {
  if (started_) throw Error(ErrorCode::kInvalidArgument, "BpeTrainer: start called twice");
  started_ = true;
  for (const std::string& t : options_.special_tokens) add_token(t);
  for (const std::string& t : options_.reserved_tokens) add_token(t);

  // 2. The alphabet. Counts saturate like HuggingFace's usize; initial characters count as max.
  std::unordered_map<char32_t, uint64_t> alphabet;
  for (const WordCount& w : words) {
    for (size_t i = 0; i < w.word.size();) alphabet[utf8::decode(w.word, i)] += w.count;
  }
  for (const char32_t cp : options_.initial_alphabet) alphabet[cp] = std::numeric_limits<uint64_t>::max();
  std::vector<std::pair<char32_t, uint64_t>> kept(alphabet.begin(), alphabet.end());
  if (options_.limit_alphabet && kept.size() > *options_.limit_alphabet) {
    std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second < b.second : a.first > b.first;
    });
    kept.erase(kept.begin(), kept.begin() + static_cast<ptrdiff_t>(kept.size() - *options_.limit_alphabet));
  }
  std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string s;
  for (const auto& [cp, count] : kept) {
    s.clear();
    utf8::append(s, cp);
    add_token(s);
  }

  // 3. Words as symbol ids, visited in byte order (the tie-break rule for new forms).
  std::sort(words.begin(), words.end(), [](const WordCount& a, const WordCount& b) { return a.word < b.word; });
  words_.resize(words.size());
  counts_.resize(words.size());
  const std::string& prefix = options_.continuing_subword_prefix;
  const std::string& suffix = options_.end_of_word_suffix;
  for (size_t w = 0; w < words.size(); ++w) {
    counts_[w] = words[w].count;
    const std::string& word = words[w].word;
    std::vector<Symbol>& symbols = words_[w];
    for (size_t i = 0; i < word.size();) {
      const size_t begin = i;
      utf8::decode(word, i);
      s.assign(word, begin, i - begin);
      if (token_to_id_.find(s) == token_to_id_.end()) continue;
      if (begin > 0 && !prefix.empty()) s.insert(0, prefix);
      if (i == word.size() && !suffix.empty()) s += suffix;
      symbols.push_back({add_token(s), 1});
    }
  }
  initial_vocab_size_ = id_to_token_.size();

  // 4. Pair counts and the words each pair occurs in.
  std::vector<std::pair<uint64_t, uint32_t>> where;
  for (size_t w = 0; w < words_.size(); ++w) {
    const std::vector<Symbol>& symbols = words_[w];
    for (size_t i = 0; i + 1 < symbols.size(); ++i) {
      const uint64_t pair = pair_key(symbols[i].id, symbols[i + 1].id);
      pair_counts_[pair] += static_cast<int64_t>(counts_[w]);
      where.emplace_back(pair, static_cast<uint32_t>(w));
    }
  }
  std::sort(where.begin(), where.end());
  heap_.reserve(pair_counts_.size());  // an upper bound of the pairs with a count
  for (size_t i = 0; i < where.size();) {
    Entry e{static_cast<uint64_t>(pair_counts_[where[i].first]), where[i].first, {}};
    for (; i < where.size() && where[i].first == e.pair; ++i) {
      if (e.words.empty() || e.words.back() != where[i].second) e.words.push_back(where[i].second);
    }
    if (e.count > 0) heap_.push_back(std::move(e));
  }
  std::make_heap(heap_.begin(), heap_.end(), EntryLess{});
}

void BpeTrainer::push(Entry entry) {
  heap_.push_back(std::move(entry));
  std::push_heap(heap_.begin(), heap_.end(), EntryLess{});
}

// HuggingFace's Word::merge: every occurrence of (a, b), scanning left to right, becomes
// `replacement`; the neighbours' pairs are recorded in changes_ (a new neighbour pair only when
// its length stays below max_token_length).
void BpeTrainer::merge_word(uint32_t w, uint32_t a, uint32_t b, uint32_t replacement) {
  std::vector<Symbol>& symbols = words_[w];
  const uint64_t max_length = options_.max_token_length.value_or(std::numeric_limits<uint32_t>::max());
  changes_.clear();
  for (size_t i = 0; i < symbols.size(); ++i) {
    if (symbols[i].id != a || i + 1 >= symbols.size() || symbols[i + 1].id != b) continue;
    const Symbol merged{replacement, symbols[i].len + symbols[i + 1].len};
    if (i > 0) {
      changes_.push_back({pair_key(symbols[i - 1].id, a), -1});
      if (uint64_t{symbols[i - 1].len} + merged.len < max_length) {
        changes_.push_back({pair_key(symbols[i - 1].id, replacement), 1});
      }
    }
    symbols[i] = merged;
    symbols.erase(symbols.begin() + static_cast<ptrdiff_t>(i) + 1);
    if (i + 1 < symbols.size()) {
      changes_.push_back({pair_key(b, symbols[i + 1].id), -1});
      if (uint64_t{symbols[i + 1].len} + merged.len < max_length) {
        changes_.push_back({pair_key(replacement, symbols[i + 1].id), 1});
      }
    }
  }
}

bool BpeTrainer::step(size_t max_merges) {
  if (!started_) throw Error(ErrorCode::kInvalidArgument, "BpeTrainer: step called before start");
  std::string token;
  for (size_t done = 0; !finished_ && done < max_merges;) {
    if (id_to_token_.size() >= options_.vocab_size || heap_.empty()) {
      finished_ = true;
      break;
    }
    std::pop_heap(heap_.begin(), heap_.end(), EntryLess{});
    Entry top = std::move(heap_.back());
    heap_.pop_back();
    const uint64_t current = static_cast<uint64_t>(pair_counts_[top.pair]);
    if (top.count != current) {
      top.count = current;
      push(std::move(top));
      continue;
    }
    if (top.count < 1 || options_.min_frequency > top.count) {
      finished_ = true;
      break;
    }
    const uint32_t a = static_cast<uint32_t>(top.pair >> 32);
    const uint32_t b = static_cast<uint32_t>(top.pair);
    token = id_to_token_[a];
    const std::string& right = id_to_token_[b];
    const std::string& prefix = options_.continuing_subword_prefix;
    if (!prefix.empty() && right.compare(0, prefix.size(), prefix) == 0) {
      token.append(right, prefix.size());
    } else {
      token += right;
    }
    const uint32_t id = add_token(token);
    merges_.emplace_back(top.pair, id);
    ++done;

    gained_.clear();
    for (const uint32_t w : top.words) {
      merge_word(w, a, b, id);
      for (const Change& c : changes_) {
        pair_counts_[c.pair] += int64_t{c.delta} * static_cast<int64_t>(counts_[w]);
        if (c.delta > 0) gained_.emplace_back(c.pair, w);
      }
    }
    std::sort(gained_.begin(), gained_.end());
    for (size_t i = 0; i < gained_.size();) {
      Entry e{0, gained_[i].first, {}};
      for (; i < gained_.size() && gained_[i].first == e.pair; ++i) {
        if (e.words.empty() || e.words.back() != gained_[i].second) e.words.push_back(gained_[i].second);
      }
      const int64_t count = pair_counts_[e.pair];
      if (count > 0) {
        e.count = static_cast<uint64_t>(count);
        push(std::move(e));
      }
    }
  }
  return finished_;
}

std::vector<std::pair<uint32_t, uint32_t>> BpeTrainer::merges() const {
  std::unordered_map<uint64_t, size_t> last;
  for (size_t i = 0; i < merges_.size(); ++i) last[merges_[i].first] = i;
  std::vector<std::pair<uint32_t, uint32_t>> out;
  out.reserve(last.size());
  for (size_t i = 0; i < merges_.size(); ++i) {
    const uint64_t pair = merges_[i].first;
    if (last[pair] == i) out.emplace_back(static_cast<uint32_t>(pair >> 32), static_cast<uint32_t>(pair));
  }
  return out;
}

}  // namespace tokvec

// Design notes
//
// - Heap entries carry the words their pair was (last) gained in, as HuggingFace's do, rather
//   than one global pair → words index: a pair gained again after its merge (because a token is
//   produced by two different merges, "Ġt"+"he" and "Ġth"+"e") is merged again on those words
//   only, which is what makes HuggingFace's merge list what it is. A global index would merge it
//   once, on all words, and diverge.
// - The merged pair's own count is never decreased (HuggingFace does not either): its entry is
//   gone from the heap, and only a later gain pushes it again.
