// Bpe (tokenizer.json "BPE", and OpenAI tiktoken rank files): byte-pair encoding.
//
// Two ways of saying which adjacent tokens merge, one merge loop:
//  - HuggingFace (huggingface/tokenizers models/bpe/{model,word}.rs): a vocabulary (token → id)
//    and merges in priority order; the pair (a, b) at index i joins into the token a + b with
//    priority i. A piece starts as one symbol per character (with continuing_subword_prefix,
//    end_of_word_suffix, byte_fallback and unk_token deciding what a character becomes).
//  - tiktoken (openai/tiktoken src/lib.rs `byte_pair_encode`): token bytes → rank; the rank is
//    the id, and two adjacent tokens join when their concatenation is a token, with priority =
//    that token's rank. A piece starts as one symbol per byte; a piece that is itself a token is
//    that token.
// Both repeatedly apply the applicable merge of lowest priority number, leftmost on ties.
//
// Byte-level vocabularies (GPT-2 and its descendants) spell tokens in GPT-2's byte alphabet
// ("Ġhello"). With `byte_level` set, the model works on raw UTF-8 bytes: vocabulary and merge
// strings are converted to bytes at load, pieces are bytes, token spans are byte spans of the
// piece, and id_to_token/token_to_id still speak the alphabet form, as HuggingFace's do.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/json.h"
#include "tokenizer/stages.h"
#include "tokenizer/vocab.h"

namespace tokvec {

// The options of a HuggingFace BPE model, named as in tokenizer.json.
struct BpeOptions {
  std::optional<std::string> unk_token;
  std::string continuing_subword_prefix;  // "" = none
  std::string end_of_word_suffix;         // "" = none
  bool fuse_unk = false;
  bool byte_fallback = false;  // characters not in the vocabulary become "<0xNN>" tokens
  bool ignore_merges = false;  // a piece that is a token is that token
  bool byte_level = false;     // token strings are in GPT-2's byte alphabet; pieces are raw bytes
};

// A rank file's entries in file order, their bytes end to end in one string: entry i is the token
// bytes[starts[i], starts[i + 1]) with rank ranks[i]; no token is empty. A parser fills it in one
// pass with no string per token, and when the ranks are 0, 1, 2, ... (every published file: they
// are the line numbers, less one) Bpe::from_ranks takes `bytes` and `starts` over as its own.
struct RankEntries {
  std::string bytes;
  std::vector<uint32_t> starts{0};
  std::vector<uint32_t> ranks;

  size_t size() const { return ranks.size(); }
  std::string_view token(size_t i) const {
    return std::string_view(bytes).substr(starts[i], starts[i + 1] - starts[i]);
  }
  void add(std::string_view token, uint32_t rank) {
    bytes.append(token);
    starts.push_back(static_cast<uint32_t>(bytes.size()));
    ranks.push_back(rank);
  }
};

// Names entry `index` of a loader's input for error messages, quoting it, e.g.
//   tokenizer.json: model.merges[17]: "Ġt he"        r50k_base.tiktoken: line 3: "IQ== x"
using DescribeEntry = FunctionRef<std::string(size_t index)>;

class Bpe final : public Model {
 public:
  // HuggingFace form. `vocab` pairs token strings with ids; `merges` are in priority order. Every
  // token a merge names or makes must be in the vocabulary (an Error quoting the merge otherwise).
  static std::unique_ptr<Bpe> from_merges(const std::vector<std::pair<std::string, uint32_t>>& vocab,
                                          const std::vector<std::pair<std::string, std::string>>& merges,
                                          BpeOptions options, const DescribeEntry& describe_vocab,
                                          const DescribeEntry& describe_merge);

  // tiktoken form: token bytes with their ranks. Duplicate tokens or ranks are Errors, and every
  // single byte must have a rank (tiktoken needs it to start any piece). `entries` holds no empty
  // token (parse_tiktoken never makes one).
  static std::unique_ptr<Bpe> from_ranks(RankEntries entries, std::string_view where, const DescribeEntry& describe);

  // Reads a tokenizer.json "model" object of type "BPE" (or an old file's model without "type").
  // `byte_level` says whether the tokenizer's pre-tokenizer contains ByteLevel.
  static std::unique_ptr<Bpe> from_json(const JsonView& model, bool byte_level);

  ~Bpe() override;

  void tokenize(std::string_view piece, std::vector<Token>& out) const override;
  void tokenize_ids(std::string_view text, const std::vector<Span>& pieces, std::vector<uint32_t>& ids) const override;

  // The merge loops give the same tokens; kAuto picks by piece length. The others exist so tests
  // can prove that. kScan rescans for the lowest rank, kHeap and kQueue link the symbols and queue
  // their pairs in a binary heap or a RankQueue. kBacktrack (rank files; the others take it as
  // kAuto) does not merge: it takes the longest token that fits with the one before it
  // (bpe.cc, "Backtracking").
  enum class MergeLoop { kAuto, kScan, kHeap, kQueue, kBacktrack };
  void tokenize(std::string_view piece, std::vector<Token>& out, MergeLoop loop) const;

  // One past the largest id (ids may have holes: cl100k_base has no token 100256).
  uint32_t vocab_size() const override { return static_cast<uint32_t>(starts_.size() - 1); }
  std::string type_name() const override { return "BPE"; }
  std::optional<uint32_t> token_to_id(std::string_view token) const override;
  // The token string ("Ġhello" for a byte-level model); "" for an id with no token.
  std::string id_to_token(uint32_t id) const override;

  // The bytes token `id` stands for: what decoding it produces. Requires id < vocab_size().
  std::string_view token_bytes(uint32_t id) const {
    return std::string_view(bytes_).substr(starts_[id], starts_[id + 1] - starts_[id]);
  }
  bool byte_level() const { return options_.byte_level; }
  const BpeOptions& options() const { return options_; }
  // How many pairs can merge: HuggingFace's distinct merges. 0 for rank files, which merge by
  // looking up the bytes of two adjacent tokens joined together and keep no pair table.
  size_t merge_count() const { return pair_count_; }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;

  // A symbol of a piece being merged: its token id, where it starts in the piece and its length in
  // bytes, and the merge of it with the next symbol (priority `rank`, kNone when none applies, into
  // `new_id`).
  struct Symbol {
    uint32_t id;
    uint32_t start;
    uint32_t len;
    uint32_t rank;
    uint32_t new_id;
  };
  // Merges `right` into `left`: the span covers both, and whatever lies between them (bytes of a
  // character the vocabulary lacks, dropped without unk_token), so that a token's span is the part
  // of the input it stands for rather than a count of the bytes it kept.
  static void absorb(Symbol& left, const Symbol& right) {
    const uint32_t end = std::max(left.start + left.len, right.start + right.len);
    left.start = std::min(left.start, right.start);
    left.len = end - left.start;
  }
  // An entry of the pair table: the pair (key >> 32, key & 0xFFFFFFFF) of token ids merges with
  // priority `rank` into `new_id`.
  struct PairSlot {
    uint64_t key;
    uint32_t rank;
    uint32_t new_id;
  };
  // An entry of the byte-string index: a token's first eight bytes (zero-padded, little-endian),
  // its length and id. A token of up to eight bytes — nearly every piece looked up — is found and
  // compared within the slot, one cache miss; the three dependent loads of a slot holding only the
  // id (slot, start offset, bytes) cost ~45 ns a piece in wasm. id == kNone marks an empty slot.
  struct IndexSlot {
    uint64_t head;
    uint32_t id;
    uint32_t len;
  };

  Bpe();

  // Lays out token bytes by id (bytes_, starts_). `model_strings[id]` is null for a hole;
  // `other_bytes` gives bytes for ids the model never produces.
  void build_tokens(const std::vector<const std::string*>& model_strings,
                    const std::unordered_map<uint32_t, std::string>& other_bytes);
  // Indexes the bytes of every id but the holes (no bytes) and the ids of `unindexed`; for rank
  // files (merge_by_bytes_) also fills two_byte_ids_ and join_filter_ from the same hashes.
  // Returns the first id whose bytes repeat an earlier id's, with that earlier id.
  // `count` is how many ids that is, which sizes the index.
  std::optional<std::pair<uint32_t, uint32_t>> build_index(size_t count,
                                                           const std::unordered_map<uint32_t, std::string>& unindexed);
  // Fills the pair table; a later entry for the same pair replaces an earlier one.
  void build_pairs(const std::vector<PairSlot>& pairs);
  void build_byte_tables();

  // Token id of a model string (raw bytes when byte_level), or kNone.
  uint32_t find_model(std::string_view bytes) const;
  // The index part of find_model, given the key's head_of and hash_bytes (bpe.cc).
  uint32_t find_indexed(std::string_view bytes, uint64_t head, uint64_t hash) const;
  // The token a whole non-empty piece is (ignore_merges), or kNone; `head` and `hash` as for
  // find_indexed. Rank files consult the small tables first (bpe.cc).
  uint32_t find_piece(std::string_view piece, uint64_t head, uint64_t hash) const;
  // How far ahead of a loop's inserts their slots are prefetched.
  static constexpr size_t kLookupBatch = 64;
  const PairSlot* find_pair(uint32_t left, uint32_t right) const {
    const uint64_t key = (static_cast<uint64_t>(left) << 32) | right;
    for (uint64_t i = (key * 0x9E3779B97F4A7C15ull) >> pair_shift_;; i = (i + 1) & pair_mask_) {
      const PairSlot& slot = pair_slots_[i];
      if (slot.key == key) return &slot;
      if (slot.key == kEmptyPair) return nullptr;
    }
  }

  // Splits a piece into its starting symbols, following HuggingFace's merge_word.
  void start_symbols(std::string_view piece, std::vector<Symbol>& symbols) const;
  // The string HuggingFace looks up for the character piece[start, end): with the continuing
  // prefix unless first, the end-of-word suffix if last, in the byte alphabet if byte-level.
  void symbol_string(std::string_view piece, size_t start, size_t end, std::string& out) const;
  void set_merge(Symbol& left, const Symbol& right) const {
    const PairSlot* slot = find_pair(left.id, right.id);
    left.rank = slot ? slot->rank : kNone;
    left.new_id = slot ? slot->new_id : kNone;
  }
  // The token the `len` bytes at `p` make, or kNone; `p` is inside a piece followed by eight zero
  // bytes, so that any key's head is one load.
  uint32_t join_id(const char* p, uint32_t len) const;
  // The tiktoken merge of `left` with `right`: the token their bytes in `padded` make together.
  void set_merge_bytes(std::string_view padded, Symbol& left, const Symbol& right) const;
  // Rank files' scan loop: merges the `n` bytes of `padded` (the piece and eight zero bytes) until
  // `keep` symbols are left or none merges, and appends their tokens to `out`.
  void merge_ranks_scan(std::string_view padded, uint32_t n, std::vector<Token>& out, uint32_t keep = 1) const;

  // Rank files' encoder for longer pieces (bpe.cc, "Backtracking"). Appends the tokens of the `n`
  // bytes of `padded` and returns true, or returns false having appended nothing when a token it
  // met does not come apart into two lower-ranked tokens as the merges would make it.
  bool encode_backtracking(std::string_view padded, uint32_t n, std::vector<Token>& out) const;
  // Whether BPE encodes the bytes of token `left` followed by those of `right` as the two tokens;
  // `boundary` is where they meet in `padded`.
  bool compatible(const char* boundary, uint32_t left, uint32_t right) const;
  // The last merge of token `id` (rank files), packed as bpe.cc's kSplit* say; computed on first
  // use (compute_split) and remembered.
  uint64_t split(uint32_t id) const;
  uint64_t compute_split(uint32_t id) const;
  struct Backtracking;
  const Backtracking& backtracking() const;
  // The merge loops; `set` is set_merge or set_merge_bytes.
  template <class SetMerge>
  static void merge_scan(std::vector<Symbol>& symbols, const SetMerge& set);
  // Symbols linked in place and a priority queue of pairs (bpe.cc's HeapQueue, or RankQueue).
  template <class Queue, class SetMerge>
  void merge_linked(std::vector<Symbol>& symbols, const SetMerge& set, Queue& queue) const;

  static constexpr uint64_t kEmptyPair = UINT64_MAX;

  // Tells this model's entries in the per-thread cache of merged pieces from another model's,
  // including one allocated where a destroyed model was: serials are never reused.
  uint64_t serial_;
  BpeOptions options_;
  // Token bytes by id, end to end: token i is bytes_[starts_[i], starts_[i + 1]).
  std::string bytes_;
  std::vector<uint32_t> starts_{0};
  // Open-addressing index over bytes_ (linear probing, power-of-two size).
  std::vector<IndexSlot> index_slots_;
  uint64_t index_mask_ = 0;
  // Open-addressing pair table keyed by the two ids (linear probing, Fibonacci hashing).
  std::vector<PairSlot> pair_slots_;
  uint64_t pair_mask_ = 0;
  int pair_shift_ = 64;
  size_t pair_count_ = 0;
  // One past the largest rank a merge can have: the merge count, or the vocabulary size for rank
  // files.
  uint32_t rank_bound_ = 0;
  // Rank files: merges look up joined bytes (set_merge_bytes) instead of the pair table, and
  // two-byte tokens come from a flat table indexed by the two bytes (kNone when not a token).
  bool merge_by_bytes_ = false;
  std::vector<uint32_t> two_byte_ids_;
  // Rank files: one bit per hash_bytes value (bits above 32, masked) set for every token, so that
  // most joins that are not a token are refused without touching the index.
  std::vector<uint64_t> join_filter_;
  uint64_t join_filter_mask_ = 0;
  // Single-byte token ids and "<0xNN>" byte-fallback ids, kNone when absent.
  std::array<uint32_t, 256> byte_ids_{};
  std::array<uint32_t, 256> fallback_ids_{};
  std::optional<uint32_t> unk_id_;
  // Further strings of ids that have more than one (HuggingFace vocabularies may repeat an id)
  // and the empty string, found by the model as well as by token_to_id.
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> aliases_;
  // Byte-level only: vocabulary strings with characters outside the alphabet. HuggingFace's model
  // never sees such characters, so only token_to_id/id_to_token find these.
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> unmapped_;
  std::unordered_map<uint32_t, std::string> unmapped_by_id_;
  // Rank files: a trie of every token and each token's split, built on the first piece long enough
  // to need them (most tokenizers never meet one, and building costs what half a load does).
  mutable std::atomic<Backtracking*> backtracking_{nullptr};
};

}  // namespace tokvec
