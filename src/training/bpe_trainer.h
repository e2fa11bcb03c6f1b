// BpeTrainer: learns a BPE vocabulary and merge list from word counts, reproducing HuggingFace's
// BpeTrainer (tokenizers/src/models/bpe/trainer.rs) merge for merge. WordPieceTrainer is the same
// trainer with continuing_subword_prefix "##" (models/wordpiece/trainer.rs).
//
// The algorithm, as HuggingFace's:
//   1. special tokens get the first ids, in the order given (duplicates skipped);
//   2. the alphabet — every character of the words, weighted by word count, plus initial_alphabet
//      (kept whatever its count) — minus the least frequent characters beyond limit_alphabet, gets
//      the next ids in code-point order;
//   3. each word becomes a list of symbol ids (characters outside the alphabet are dropped; a
//      non-first character takes the prefix, a last one the suffix, each new form a new id);
//   4. pair counts (weighted by word count) and, per pair, the words it occurs in go into a
//      max-heap ordered by count, then by the pair (lower first id, then lower second id, wins);
//   5. the top pair is merged in the words its entry lists, the counts of the neighbouring pairs
//      are updated, and each pair that gained occurrences is pushed again with the words where it
//      did; a popped entry whose count is stale is pushed back with the current count; training
//      stops when the vocabulary is full or the top count is below max(1, min_frequency).
//
// Tie-break rules where HuggingFace depends on hash-map iteration order (random per process):
//   - limit_alphabet drops, among characters of equal count, the higher code point first;
//   - step 3 visits words in byte order, so the ids of new prefixed/suffixed forms ("##a") follow
//     the first word (in byte order) that needs them.
// Without limit_alphabet, prefix or suffix the result does not depend on either rule.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace tokvec {

struct BpeTrainerOptions {
  uint32_t vocab_size = 30000;
  uint64_t min_frequency = 0;
  // Tokens given the first ids, in order. `reserved_tokens` follow them (byte-fallback tokens
  // "<0x00>".."<0xFF>"): part of the vocabulary like specials, but not added tokens.
  std::vector<std::string> special_tokens;
  std::vector<std::string> reserved_tokens;
  std::vector<char32_t> initial_alphabet;
  std::optional<uint32_t> limit_alphabet;
  // In characters of the initial alphabet, HuggingFace's rule: a merge whose result would reach
  // this length is not counted (the first merges, of two characters, always are).
  std::optional<uint32_t> max_token_length;
  std::string continuing_subword_prefix;  // empty = none
  std::string end_of_word_suffix;         // empty = none
};

struct WordCount {
  std::string word;  // UTF-8, as the pre-tokenizer produced it (byte-level words already mapped)
  uint64_t count;
};

class BpeTrainer {
 public:
  explicit BpeTrainer(BpeTrainerOptions options) : options_(std::move(options)) {}

  // Steps 1-4. `words` need not be sorted; each word should appear once.
  void start(std::vector<WordCount> words);
  // Up to max_merges merges (duplicate merges included); true once training is finished.
  bool step(size_t max_merges);
  bool finished() const { return finished_; }

  // id → token string.
  const std::vector<std::string>& vocab() const { return id_to_token_; }
  // The merges in rank order. A pair merged twice (its words gained it again after the first
  // merge) keeps, as HuggingFace's model does, only its last rank.
  std::vector<std::pair<uint32_t, uint32_t>> merges() const;
  size_t merges_done() const { return merges_.size(); }
  // The vocabulary size before the first merge (specials, reserved tokens, alphabet and forms).
  size_t initial_vocab_size() const { return initial_vocab_size_; }
  const BpeTrainerOptions& options() const { return options_; }

 private:
  struct Symbol {
    uint32_t id;
    uint32_t len;  // in initial characters
  };
  struct Change {
    uint64_t pair;
    int32_t delta;
  };
  struct Entry {
    uint64_t count;
    uint64_t pair;
    std::vector<uint32_t> words;  // ascending word indices
  };
  // Heap order: higher count first; on equal counts the lower pair.
  struct EntryLess {
    bool operator()(const Entry& a, const Entry& b) const {
      return a.count != b.count ? a.count < b.count : a.pair > b.pair;
    }
  };

  // Pair → count, open addressing: the merge loop's hottest lookups. Never shrinks; a pair whose
  // count fell to zero keeps its slot (HuggingFace's map keeps it too).
  class PairCounts {
   public:
    int64_t& operator[](uint64_t pair);
    size_t size() const { return size_; }

   private:
    static constexpr uint64_t kEmpty = ~uint64_t{0};
    void grow();
    std::vector<std::pair<uint64_t, int64_t>> slots_;
    size_t size_ = 0;
  };

  uint32_t add_token(const std::string& token);
  void merge_word(uint32_t w, uint32_t a, uint32_t b, uint32_t replacement);
  void push(Entry entry);

  BpeTrainerOptions options_;
  std::unordered_map<std::string, uint32_t> token_to_id_;
  std::vector<std::string> id_to_token_;
  std::vector<std::vector<Symbol>> words_;
  std::vector<uint64_t> counts_;
  PairCounts pair_counts_;
  std::vector<Entry> heap_;
  std::vector<std::pair<uint64_t, uint32_t>> merges_;  // pair, new id
  std::vector<Change> changes_;                         // scratch of merge_word
  std::vector<std::pair<uint64_t, uint32_t>> gained_;   // scratch: (pair, word) with change > 0
  size_t initial_vocab_size_ = 0;
  bool started_ = false;
  bool finished_ = false;
};

inline uint64_t pair_key(uint32_t a, uint32_t b) { return (uint64_t{a} << 32) | b; }

}  // namespace tokvec
