#include "tokenizer/models/bpe.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <functional>

#include "core/cold.h"
#include "core/error.h"
#include "core/limits.h"
#include "core/utf8.h"
#include "tokenizer/models/byte_level_alphabet.h"
#include "tokenizer/models/byte_trie.h"
#include "tokenizer/models/piece_cache.h"
#include "tokenizer/models/rank_queue.h"

namespace tokvec {
namespace {

// Ids index flat tables, so an id past this is refused rather than allocated for; real
// vocabularies stay far below it (o200k_base: 200,019).
constexpr uint32_t kIdLimit = (1u << 24) - 1;

// Pieces with fewer symbols than kScanLimit merge by rescanning for the minimum, like tiktoken's
// `_byte_pair_merge`: for short pieces cache locality beats the heap's O(n log n). From
// kQueueFrom symbols on they merge through RankQueue, whose O(1) steps cost more than a small
// heap's (a bucket per distinct rank) but stay O(1) where the heap leaves the cache.
constexpr size_t kScanLimit = 64;
constexpr size_t kQueueFrom = 4096;
// Rank files' pieces from kBacktrackFrom bytes up to kQueueFrom that end in a non-ASCII byte are
// encoded by backtracking (design notes).
constexpr size_t kBacktrackFrom = 17;

// Bpe::split's word: the two tokens whose merge makes a token (its left one from bit 24, ids being
// below 2^24: kIdLimit), whether its bytes merge into it at all (kSplitMerged), and whether that
// holds down to its bytes with every token ranked above the two it is made of (kSplitRegular).
// 0 is not yet computed.
constexpr uint64_t kSplitKnown = uint64_t{1} << 63;
constexpr uint64_t kSplitMerged = uint64_t{1} << 62;
constexpr uint64_t kSplitRegular = uint64_t{1} << 61;
constexpr uint32_t split_left(uint64_t split) { return static_cast<uint32_t>(split >> 24) & 0xFFFFFF; }
constexpr uint32_t split_right(uint64_t split) { return static_cast<uint32_t>(split) & 0xFFFFFF; }

// A string's first eight bytes (fewer when shorter, zero-padded) as one little-endian word. A
// shorter string is read in two overlapping loads that stay inside it (bytes they both read are the
// same, so or-ing them is exact): a byte at a time cost as much as the rest of a lookup.
[[gnu::always_inline]] inline uint64_t head_of(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const size_t n = s.size();
  uint64_t w = 0;
  if (n >= 8) {
    std::memcpy(&w, p, 8);
  } else if (n >= 4) {
    uint32_t low, high;
    std::memcpy(&low, p, 4);
    std::memcpy(&high, p + n - 4, 4);
    w = low | uint64_t{high} << (8 * (n - 4));
  } else if (n > 0) {
    w = p[0] | uint64_t{p[n / 2]} << (8 * (n / 2)) | uint64_t{p[n - 1]} << (8 * (n - 1));
  }
  return w;
}

[[gnu::always_inline]] inline uint64_t mix(uint64_t h, uint64_t w) {
  h = (h ^ w) * 0x9E3779B97F4A7C15ull;
  return h ^ (h >> 32);
}

// Hashes a token's bytes, eight at a time (most tokens are one or two words); `head` is
// head_of(s), which the caller has anyway.
[[gnu::always_inline]] inline uint64_t hash_bytes(std::string_view s, uint64_t head) {
  uint64_t h = mix(0x243F6A8885A308D3ull ^ s.size(), head);
  if (s.size() > 8) {
    const char* p = s.data() + 8;
    size_t n = s.size() - 8;
    for (; n >= 8; p += 8, n -= 8) {
      uint64_t w;
      std::memcpy(&w, p, 8);
      h = mix(h, w);
    }
    if (n > 0) h = mix(h, head_of(std::string_view(p, n)));
  }
  h *= 0xD6E8FEB86659FD93ull;
  return h ^ (h >> 32);
}

// PieceCache::key_of(piece) for a piece of 1 to PieceCache::kMaxBytes bytes: head_of's overlapping
// loads give the same zero-padded words.
[[gnu::always_inline]] inline PieceCache::Key cache_key(std::string_view piece) {
  const size_t size = piece.size();
  return {head_of(piece.substr(0, 8)), size > 8 ? head_of(piece.substr(8, 8)) : 0,
          size > 16 ? head_of(piece.substr(16)) : 0, static_cast<uint8_t>(size)};
}

// A binary min-heap of rank << 32 | position: the lowest rank first, the lowest position (leftmost)
// on ties. It has RankQueue's interface, for Bpe::merge_linked.
class HeapQueue {
 public:
  void reset(uint32_t) { heap_.clear(); }
  void push(uint32_t rank, uint32_t position) {
    heap_.push_back(uint64_t{rank} << 32 | position);
    std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
  }
  bool pop(uint32_t& rank, uint32_t& position) {
    if (heap_.empty()) return false;
    std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
    rank = static_cast<uint32_t>(heap_.back() >> 32);
    position = static_cast<uint32_t>(heap_.back());
    heap_.pop_back();
    return true;
  }

 private:
  std::vector<uint64_t> heap_;
};

// The scratch of Bpe::merge_linked, one per thread and shared by all its instantiations (the rank
// queue's per-rank table is as large as the largest vocabulary).
struct LongMerge {
  HeapQueue heap;
  RankQueue buckets;
  std::vector<uint32_t> prev, next;
};
thread_local LongMerge long_merge;

size_t table_size_for(size_t count) {
  size_t size = 16;
  while (size < 2 * count) size *= 2;
  return size;
}

std::string quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out.append(1, '"').append(s).append(1, '"');
  return out;
}

std::string byte_token(uint8_t b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "<0x%02X>", b);
  return buf;
}

}  // namespace

// What the backtracking encoder needs beyond the index: a trie of every token, for the tokens
// that start at a position, and each token's split (Bpe::split), filled in as tokens are met.
// Racing threads compute the same split, so relaxed atomics suffice.
struct Bpe::Backtracking {
  ByteTrie trie;
  std::unique_ptr<std::atomic<uint64_t>[]> splits;
  // compatible()'s recent answers, direct-mapped by the pair: (left << 24 | right) << 2 | 2 |
  // answer, 0 when empty. Adjacent tokens of text recur, and asking costs several joins.
  static constexpr int kPairBits = 16;
  static constexpr size_t kPairs = size_t{1} << kPairBits;
  std::unique_ptr<std::atomic<uint64_t>[]> pairs;
};

// ---------------------------------------------------------------------------------------------
// Construction

Bpe::Bpe() : serial_(PieceCache::serial_for_new_model()) {}

Bpe::~Bpe() { delete backtracking_.load(); }

// Building the tables runs once per load: built for size (core/cold.h). It runs over every token,
// though, in loops that run once: wasm has no on-stack replacement, so V8 runs them to the end in
// its baseline compiler's code, where a call spills every live value. The helpers they call on
// every token are always inlined, which costs no size as they are inlined into encode anyway.
TOKVEC_COLD_BEGIN
std::unique_ptr<Bpe> Bpe::from_ranks(RankEntries entries, std::string_view where, const DescribeEntry& describe) {
  std::unique_ptr<Bpe> bpe(new Bpe());
  bpe->options_.byte_level = true;
  // tiktoken looks a whole piece up before merging (`encode_ordinary`): HuggingFace's ignore_merges.
  bpe->options_.ignore_merges = true;

  const auto count = static_cast<uint32_t>(entries.size());
  const std::vector<uint32_t>& ranks = entries.ranks;
  // Ranks 0, 1, 2, ...: entry i is id i, so the entries are the model's tables as they are.
  uint32_t in_order = 0;
  while (in_order < count && ranks[in_order] == in_order) ++in_order;
  const uint64_t max_vocab = limits().max_vocab_size;
  const auto check_rank = [&](size_t i) {
    const uint32_t rank = ranks[i];
    if (rank >= kIdLimit) {
      throw Error(ErrorCode::kLimit, describe(i) + ": rank " + std::to_string(rank) +
                                         " is too large (tokvec allows ranks below " + std::to_string(kIdLimit) + ")");
    }
    if (rank >= max_vocab) check_vocab_size(describe(i) + ": rank " + std::to_string(rank), uint64_t{rank} + 1);
  };
  // Entry i of such a run has rank i: the first to pass a limit is the one at the limit.
  const auto in_order_limit = static_cast<uint32_t>(std::min<uint64_t>(kIdLimit, max_vocab));
  if (in_order > in_order_limit) check_rank(in_order_limit);
  std::vector<uint32_t> entry_of_rank;
  if (in_order == count) {
    bpe->bytes_ = std::move(entries.bytes);
    bpe->starts_ = std::move(entries.starts);
  } else {
    uint32_t size = 0;
    for (size_t i = in_order; i < count; ++i) {
      check_rank(i);
      size = std::max(size, ranks[i] + 1);
    }
    size = std::max(size, in_order);
    entry_of_rank.assign(size, kNone);
    for (uint32_t i = 0; i < count; ++i) {
      if (entry_of_rank[ranks[i]] != kNone) {
        throw Error(ErrorCode::kParse, describe(i) + ": rank " + std::to_string(ranks[i]) + " is already given at " +
                                           describe(entry_of_rank[ranks[i]]));
      }
      entry_of_rank[ranks[i]] = i;
    }
    bpe->bytes_.reserve(entries.bytes.size());
    bpe->starts_.resize(size_t{size} + 1);
    for (uint32_t id = 0; id < size; ++id) {
      bpe->starts_[id] = static_cast<uint32_t>(bpe->bytes_.size());
      if (entry_of_rank[id] != kNone) bpe->bytes_.append(entries.token(entry_of_rank[id]));
    }
    bpe->starts_[size] = static_cast<uint32_t>(bpe->bytes_.size());
  }

  // Two adjacent tokens merge when their concatenation is a token, as in tiktoken: the merge loop
  // looks the joined bytes up (set_merge_bytes) rather than a pair table built at load, which for
  // o200k_base would mean looking up every split of every token. build_index fills the tables that
  // lookup uses.
  bpe->merge_by_bytes_ = true;
  bpe->rank_bound_ = bpe->vocab_size();
  if (auto duplicate = bpe->build_index(count, {})) {
    const auto entry_of = [&](uint32_t id) { return entry_of_rank.empty() ? id : entry_of_rank[id]; };
    throw Error(ErrorCode::kParse, describe(entry_of(duplicate->first)) + ": the same token as " +
                                       describe(entry_of(duplicate->second)));
  }
  bpe->build_byte_tables();
  for (int b = 0; b < 256; ++b) {
    if (bpe->byte_ids_[b] == kNone) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", b);
      throw Error(ErrorCode::kInvalidArgument, std::string(where) + ": byte " + hex +
                                                   " has no rank; every single byte must be a token");
    }
  }
  return bpe;
}

std::optional<std::pair<uint32_t, uint32_t>> Bpe::build_index(
    size_t count, const std::unordered_map<uint32_t, std::string>& unindexed) {
  const uint32_t size = vocab_size();
  const size_t slots = table_size_for(count);
  index_slots_.assign(slots, IndexSlot{0, kNone, 0});
  index_mask_ = slots - 1;
  if (merge_by_bytes_) {
    // Most joins in a merge are of two bytes: those come from a flat table. Most longer joins
    // looked up are not tokens, and each such lookup would be a cache miss on the index: the
    // filter, eight bits a token (about 256 KiB for o200k_base), stays in cache and refuses nine
    // in ten of them.
    two_byte_ids_.assign(1u << 16, kNone);
    const size_t filter_bits = table_size_for(4 * static_cast<size_t>(size));
    join_filter_.assign(filter_bits / 64, 0);
    join_filter_mask_ = filter_bits - 1;
  }
  // A token's head in one load where eight bytes can be read from its start (all but the last few).
  const char* const bytes = bytes_.data();
  const uint32_t total = starts_[size];
  const auto head_at = [&](uint32_t begin, uint32_t len) {
    if (uint64_t{begin} + 8 > total) return head_of(std::string_view(bytes + begin, len));
    uint64_t w;
    std::memcpy(&w, bytes + begin, 8);
    return len >= 8 ? w : w & ((uint64_t{1} << (8 * len)) - 1);
  };
  // Inserted in id order, tokens land all over the table (8 MiB for o200k_base), a cache and a TLB
  // miss each. Sorted first by their home's block of 2^kBlockShift slots, they fill it front to back.
  constexpr int kBlockShift = 8;
  const size_t blocks = (slots >> kBlockShift) + 1;
  std::vector<uint32_t> homes(size);
  std::vector<uint32_t> block_starts(blocks + 1, 0);
  for (uint32_t id = 0; id < size; ++id) {
    const uint32_t begin = starts_[id];
    const uint32_t len = starts_[id + 1] - begin;
    if (len == 0 || (!unindexed.empty() && unindexed.count(id) != 0)) {
      homes[id] = kNone;
      continue;
    }
    const uint64_t hash = hash_bytes(std::string_view(bytes + begin, len), head_at(begin, len));
    homes[id] = static_cast<uint32_t>(hash & index_mask_);
    ++block_starts[(homes[id] >> kBlockShift) + 1];
    if (merge_by_bytes_) {
      if (len == 2) {
        two_byte_ids_[static_cast<uint8_t>(bytes[begin]) << 8 | static_cast<uint8_t>(bytes[begin + 1])] = id;
      } else if (len > 2) {
        const uint64_t bit = (hash >> 32) & join_filter_mask_;
        join_filter_[bit / 64] |= uint64_t{1} << (bit % 64);
      }
    }
  }
  for (size_t b = 0; b < blocks; ++b) block_starts[b + 1] += block_starts[b];
  struct Entry {
    IndexSlot slot;
    uint64_t home;
  };
  std::vector<Entry> order(block_starts[blocks]);
  for (uint32_t id = 0; id < size; ++id) {
    const uint32_t home = homes[id];
    if (home == kNone) continue;
    const uint32_t begin = starts_[id];
    const uint32_t len = starts_[id + 1] - begin;
    order[block_starts[home >> kBlockShift]++] = {{head_at(begin, len), id, len}, home};
  }
  // Equal tokens share a home, so within a block they come in id order: the first of them is in
  // the table when a later one probes, and the lowest later one is the first repeat by id.
  std::optional<std::pair<uint32_t, uint32_t>> duplicate;
  for (const Entry& e : order) {
    for (uint64_t i = e.home;; i = (i + 1) & index_mask_) {
      IndexSlot& slot = index_slots_[i];
      if (slot.id == kNone) {
        slot = e.slot;
        break;
      }
      if (slot.head == e.slot.head && slot.len == e.slot.len &&
          (e.slot.len <= 8 ||
           std::memcmp(bytes + starts_[slot.id] + 8, bytes + starts_[e.slot.id] + 8, e.slot.len - 8) == 0)) {
        if (!duplicate || e.slot.id < duplicate->first) duplicate = std::make_pair(e.slot.id, slot.id);
        break;
      }
    }
  }
  return duplicate;
}

std::unique_ptr<Bpe> Bpe::from_merges(const std::vector<std::pair<std::string, uint32_t>>& vocab,
                                      const std::vector<std::pair<std::string, std::string>>& merges,
                                      BpeOptions options, const DescribeEntry& describe_vocab,
                                      const DescribeEntry& describe_merge) {
  std::unique_ptr<Bpe> bpe(new Bpe());
  bpe->options_ = std::move(options);
  const bool byte_level = bpe->options_.byte_level;

  const uint64_t max_vocab = limits().max_vocab_size;
  uint32_t size = 0;
  for (size_t i = 0; i < vocab.size(); ++i) {
    const uint32_t id = vocab[i].second;
    if (id >= kIdLimit) {
      throw Error(ErrorCode::kLimit, describe_vocab(i) + ": id " + std::to_string(id) +
                                         " is too large (tokvec allows ids below " + std::to_string(kIdLimit) + ")");
    }
    // Before the tables sized by the largest id are allocated; described only on failure (a
    // tiktoken description finds its line by scanning the file).
    if (id >= max_vocab) check_vocab_size(describe_vocab(i) + ": id " + std::to_string(id), uint64_t{id} + 1);
    size = std::max(size, id + 1);
  }

  // Each id's first model string is its own; later ones (HuggingFace lets ids repeat) are aliases.
  std::vector<std::string> converted(byte_level ? vocab.size() : 0);
  std::vector<const std::string*> model_strings(size, nullptr);
  std::unordered_map<uint32_t, std::string> unmapped_bytes;
  for (size_t i = 0; i < vocab.size(); ++i) {
    const auto& [token, id] = vocab[i];
    const std::string* model_string = &token;
    if (byte_level) {
      if (!byte_level::append_bytes(converted[i], token)) {
        bpe->unmapped_.emplace(token, id);
        if (bpe->unmapped_by_id_.emplace(id, token).second) unmapped_bytes.emplace(id, token);
        continue;
      }
      model_string = &converted[i];
    }
    if (!model_strings[id] && !model_string->empty()) {
      model_strings[id] = model_string;
    } else {
      bpe->aliases_.emplace(*model_string, id);
    }
  }
  // An id spelled both ways is known by its alphabet spelling.
  for (uint32_t id = 0; id < size; ++id) {
    if (model_strings[id]) {
      bpe->unmapped_by_id_.erase(id);
      unmapped_bytes.erase(id);
    }
  }
  bpe->build_tokens(model_strings, unmapped_bytes);
  const auto indexed = static_cast<size_t>(std::count_if(model_strings.begin(), model_strings.end(),
                                                         [](const std::string* s) { return s != nullptr; }));
  if (auto duplicate = bpe->build_index(indexed, unmapped_bytes)) {
    throw Error(ErrorCode::kInvalidArgument, "BPE vocabulary: ids " + std::to_string(duplicate->second) + " and " +
                                                 std::to_string(duplicate->first) + " are the same token");
  }
  bpe->build_byte_tables();

  // Merges are resolved in string space, exactly as HuggingFace's BpeBuilder::build does: the new
  // token is a + b without b's continuing_subword_prefix (whose bytes it drops unchecked).
  const size_t prefix_len = bpe->options_.continuing_subword_prefix.size();
  std::vector<PairSlot> pairs;
  pairs.reserve(merges.size());
  std::string joined;
  for (size_t i = 0; i < merges.size(); ++i) {
    const auto& [a, b] = merges[i];
    const auto id_of = [&](const std::string& token) {
      const auto id = bpe->token_to_id(token);
      if (!id) throw Error(ErrorCode::kInvalidArgument, describe_merge(i) + ": token " + quote(token) + " is not in the vocabulary");
      return *id;
    };
    const uint32_t a_id = id_of(a);
    const uint32_t b_id = id_of(b);
    if (b.size() < prefix_len) {
      throw Error(ErrorCode::kInvalidArgument, describe_merge(i) + ": " + quote(b) +
                                                   " is shorter than continuing_subword_prefix " +
                                                   quote(bpe->options_.continuing_subword_prefix));
    }
    joined.assign(a).append(b, prefix_len);
    const uint32_t new_id = id_of(joined);
    pairs.push_back({(static_cast<uint64_t>(a_id) << 32) | b_id, static_cast<uint32_t>(i), new_id});
  }
  bpe->build_pairs(pairs);
  return bpe;
}

void Bpe::build_tokens(const std::vector<const std::string*>& model_strings,
                       const std::unordered_map<uint32_t, std::string>& other_bytes) {
  const auto size = static_cast<uint32_t>(model_strings.size());
  size_t total = 0;
  for (const std::string* s : model_strings) {
    if (s) total += s->size();
  }
  for (const auto& [id, s] : other_bytes) total += s.size();
  if (total >= UINT32_MAX) throw Error(ErrorCode::kLimit, "BPE vocabulary: tokens total more than 4 GiB");
  bytes_.clear();
  bytes_.reserve(total);
  starts_.assign(size + 1, 0);
  for (uint32_t id = 0; id < size; ++id) {
    starts_[id] = static_cast<uint32_t>(bytes_.size());
    if (model_strings[id]) {
      bytes_ += *model_strings[id];
    } else if (!other_bytes.empty()) {
      if (auto it = other_bytes.find(id); it != other_bytes.end()) bytes_ += it->second;
    }
  }
  starts_[size] = static_cast<uint32_t>(bytes_.size());
}

void Bpe::build_pairs(const std::vector<PairSlot>& pairs) {
  const size_t slots = table_size_for(pairs.size());
  pair_slots_.assign(slots, PairSlot{kEmptyPair, 0, 0});
  pair_mask_ = slots - 1;
  pair_shift_ = 64;
  for (size_t s = slots; s > 1; s >>= 1) --pair_shift_;
  pair_count_ = 0;
  rank_bound_ = 0;
  for (const PairSlot& pair : pairs) rank_bound_ = std::max(rank_bound_, pair.rank + 1);
  // Prefetching a batch ahead lets the inserts' cache misses overlap; the order of inserts, which
  // decides which of two entries for one pair stays, is unchanged.
  constexpr size_t kAhead = kLookupBatch;
  for (size_t j = 0; j < pairs.size(); ++j) {
    if (j + kAhead < pairs.size()) {
      __builtin_prefetch(&pair_slots_[(pairs[j + kAhead].key * 0x9E3779B97F4A7C15ull) >> pair_shift_], 1);
    }
    const PairSlot& pair = pairs[j];
    for (uint64_t i = (pair.key * 0x9E3779B97F4A7C15ull) >> pair_shift_;; i = (i + 1) & pair_mask_) {
      PairSlot& slot = pair_slots_[i];
      if (slot.key == kEmptyPair) ++pair_count_;
      if (slot.key == kEmptyPair || slot.key == pair.key) {
        slot = pair;
        break;
      }
    }
  }
}

void Bpe::build_byte_tables() {
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    byte_ids_[b] = find_model(std::string_view(&c, 1));
    const auto fallback = options_.byte_fallback ? token_to_id(byte_token(static_cast<uint8_t>(b))) : std::nullopt;
    fallback_ids_[b] = fallback ? *fallback : kNone;
  }
  unk_id_.reset();
  if (options_.unk_token) unk_id_ = token_to_id(*options_.unk_token);
}

std::unique_ptr<Bpe> Bpe::from_json(const JsonView& model, bool byte_level) {
  if (model.has("type") && model.type() != "BPE") {
    model.at("type").fail("expected \"BPE\", got " + quote(model.type()));
  }
  if (auto dropout = model.find("dropout")) {
    const double p = dropout->as_number();
    if (!(p >= 0 && p <= 1)) dropout->fail("must be from 0 to 1, got " + dropout->dump(), ErrorCode::kInvalidArgument);
    if (p > 0) {
      dropout->unsupported(dropout->dump() +
                           " makes encoding random; tokvec encodes deterministically, so only null or 0 is supported");
    }
  }
  BpeOptions options;
  options.byte_level = byte_level;
  if (auto unk = model.find("unk_token")) options.unk_token = unk->as_string();
  options.continuing_subword_prefix = model.string_or("continuing_subword_prefix", "");
  options.end_of_word_suffix = model.string_or("end_of_word_suffix", "");
  options.fuse_unk = model.bool_or("fuse_unk", false);
  options.byte_fallback = model.bool_or("byte_fallback", false);
  options.ignore_merges = model.bool_or("ignore_merges", false);

  // Vocabularies run to hundreds of thousands of entries: read the raw JSON and build a located
  // view only to report an error.
  const JsonView vocab_view = model.at("vocab");
  if (!vocab_view.is_object()) {
    vocab_view.fail(std::string("expected an object of token: id, got ") + JsonView::type_name(vocab_view.raw()));
  }
  std::vector<std::pair<std::string, uint32_t>> vocab;
  vocab.reserve(vocab_view.raw().size());
  for (auto it = vocab_view.raw().begin(); it != vocab_view.raw().end(); ++it) {
    const nlohmann::json& value = it.value();
    if (value.is_number_unsigned() && value.get<uint64_t>() <= UINT32_MAX) {
      vocab.emplace_back(it.key(), static_cast<uint32_t>(value.get<uint64_t>()));
    } else {
      vocab.emplace_back(it.key(), vocab_view.at(it.key()).as_u32());
    }
  }

  const JsonView merges_view = model.at("merges");
  if (!merges_view.is_array()) {
    merges_view.fail(std::string("expected an array of merges, got ") + JsonView::type_name(merges_view.raw()));
  }
  const nlohmann::json& raw_merges = merges_view.raw();
  std::vector<std::pair<std::string, std::string>> merges;
  std::vector<uint32_t> json_index;  // HuggingFace skips "#version" lines, so ranks and indices may differ
  merges.reserve(raw_merges.size());
  json_index.reserve(raw_merges.size());
  for (size_t i = 0; i < raw_merges.size(); ++i) {
    const nlohmann::json& m = raw_merges[i];
    if (m.is_string()) {
      const auto& s = m.get_ref<const std::string&>();
      if (s.rfind("#version", 0) == 0) continue;
      const size_t space = s.find(' ');
      if (space == std::string::npos || s.find(' ', space + 1) != std::string::npos) {
        const auto parts = std::count(s.begin(), s.end(), ' ') + 1;
        merges_view.at(i).fail(quote(s) + " has " + std::to_string(parts) + (parts == 1 ? " part" : " parts") +
                               ", expected 2");
      }
      merges.emplace_back(s.substr(0, space), s.substr(space + 1));
    } else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string()) {
      merges.emplace_back(m[0].get<std::string>(), m[1].get<std::string>());
    } else {
      merges_view.at(i).fail("expected a merge \"a b\" or [\"a\", \"b\"], got " + JsonView::dump(m));
    }
    json_index.push_back(static_cast<uint32_t>(i));
  }

  const auto describe_vocab = [&](size_t i) { return vocab_view.at(vocab[i].first).location(); };
  const auto describe_merge = [&](size_t i) {
    return merges_view.at(json_index[i]).location() + ": " + JsonView::dump(raw_merges[json_index[i]]);
  };
  return from_merges(vocab, merges, std::move(options), describe_vocab, describe_merge);
}

const Bpe::Backtracking& Bpe::backtracking() const {
  if (const Backtracking* built = backtracking_.load(std::memory_order_acquire)) return *built;
  auto built = std::make_unique<Backtracking>();
  std::vector<std::string_view> tokens(vocab_size());
  for (uint32_t id = 0; id < vocab_size(); ++id) tokens[id] = token_bytes(id);
  built->trie = ByteTrie::from_keys(tokens);
  built->splits = std::make_unique<std::atomic<uint64_t>[]>(vocab_size());
  built->pairs = std::make_unique<std::atomic<uint64_t>[]>(Backtracking::kPairs);
  // Threads that race here build the same tables; the first to finish publishes its own.
  Backtracking* expected = nullptr;
  if (backtracking_.compare_exchange_strong(expected, built.get(), std::memory_order_acq_rel)) return *built.release();
  return *expected;
}

// ---------------------------------------------------------------------------------------------
// Lookups
TOKVEC_COLD_END

uint32_t Bpe::find_indexed(std::string_view bytes, uint64_t head, uint64_t hash) const {
  const auto len = static_cast<uint32_t>(bytes.size());
  for (uint64_t i = hash & index_mask_;; i = (i + 1) & index_mask_) {
    const IndexSlot& slot = index_slots_[i];
    if (slot.id == kNone) return kNone;
    if (slot.head == head && slot.len == len &&
        (len <= 8 || std::memcmp(bytes_.data() + starts_[slot.id] + 8, bytes.data() + 8, len - 8) == 0)) {
      return slot.id;
    }
  }
}

uint32_t Bpe::find_piece(std::string_view piece, uint64_t head, uint64_t hash) const {
  if (merge_by_bytes_) {
    // Rank files: the piece as a join. Most pieces that miss the cache are not tokens (Japanese and
    // Chinese letter runs), and the join filter refuses those without a miss on the index.
    const auto size = static_cast<uint32_t>(piece.size());
    if (size == 1) return byte_ids_[static_cast<uint8_t>(piece[0])];
    if (size == 2) return two_byte_ids_[static_cast<uint8_t>(piece[0]) << 8 | static_cast<uint8_t>(piece[1])];
    const uint64_t bit = (hash >> 32) & join_filter_mask_;
    if ((join_filter_[bit / 64] >> (bit % 64) & 1) == 0) return kNone;
  }
  return find_indexed(piece, head, hash);
}

uint32_t Bpe::find_model(std::string_view bytes) const {
  if (!bytes.empty()) {
    const uint64_t head = head_of(bytes);
    const uint32_t id = find_indexed(bytes, head, hash_bytes(bytes, head));
    if (id != kNone) return id;
  }
  if (!aliases_.empty()) {
    if (auto it = aliases_.find(bytes); it != aliases_.end()) return it->second;
  }
  return kNone;
}

std::optional<uint32_t> Bpe::token_to_id(std::string_view token) const {
  uint32_t id = kNone;
  if (!options_.byte_level) {
    id = find_model(token);
  } else {
    std::string bytes;
    if (byte_level::append_bytes(bytes, token)) id = find_model(bytes);
    if (id == kNone && !unmapped_.empty()) {
      if (auto it = unmapped_.find(token); it != unmapped_.end()) id = it->second;
    }
  }
  if (id == kNone) return std::nullopt;
  return id;
}

std::string Bpe::id_to_token(uint32_t id) const {
  if (!options_.byte_level) return std::string(token_bytes(id));
  if (!unmapped_by_id_.empty()) {
    if (auto it = unmapped_by_id_.find(id); it != unmapped_by_id_.end()) return it->second;
  }
  return byte_level::to_alphabet(token_bytes(id));
}

// ---------------------------------------------------------------------------------------------
// Encoding

void Bpe::tokenize(std::string_view piece, std::vector<Token>& out) const { tokenize(piece, out, MergeLoop::kAuto); }

namespace {

// The one token of recently seen pieces of one to eight bytes, per thread, in front of PieceCache
// (design notes, "Short pieces"): a piece's first eight bytes (zero-padded) and a tag, the model's
// serial from bit 28, the piece's length from bit 24 and the id below, in 16 bytes. An empty slot's
// tag is 0, which no model's tag is (serials start at 1).
struct ShortPiece {
  uint64_t head;
  uint64_t tag;
};
constexpr size_t kShortPieces = 16384;  // 256 KiB: stays in a core's L2 cache
constexpr uint64_t kShortIdLimit = uint64_t{1} << 24;
constexpr uint64_t kShortSerialLimit = uint64_t{1} << 36;

// This thread's slots (allocated on first use).
ShortPiece* short_pieces() {
  thread_local std::vector<ShortPiece> slots;
  if (slots.empty()) slots.assign(kShortPieces, ShortPiece{0, 0});
  return slots.data();
}

size_t short_piece_index(uint64_t head, size_t size) { return ((head ^ size) * 0x9E3779B97F4A7C15ull) >> 50; }
static_assert(kShortPieces == size_t{1} << (64 - 50));

}  // namespace

void Bpe::tokenize_ids(std::string_view text, const std::vector<Span>& pieces, std::vector<uint32_t>& ids) const {
  thread_local std::vector<Token> tokens;
  // Models past 2^36 (never, in practice) keep their short pieces in PieceCache alone, so that the
  // tag always holds the whole serial.
  ShortPiece* const short_slots = serial_ < kShortSerialLimit ? short_pieces() : nullptr;
  for (const Span& span : pieces) {
    const std::string_view piece = text.substr(span.start, span.size());
    ShortPiece* short_slot = nullptr;
    uint64_t short_head = 0;
    uint64_t short_tag = 0;
    if (short_slots && piece.size() - 1 < 8) {
      short_head = head_of(piece);
      short_slot = &short_slots[short_piece_index(short_head, piece.size())];
      short_tag = serial_ << 28 | uint64_t{piece.size()} << 24;
      if (short_slot->head == short_head && (short_slot->tag & ~(kShortIdLimit - 1)) == short_tag) {
        ids.push_back(static_cast<uint32_t>(short_slot->tag & (kShortIdLimit - 1)));
        continue;
      }
    }
    const auto remember = [&](uint32_t id) {
      if (short_slot && id < kShortIdLimit) *short_slot = {short_head, short_tag | id};
    };
    // Nineteen pieces in twenty are in the cache: their ids are copied from it, with no Token and
    // no second hashing of the piece (tokenize's).
    if (!piece.empty() && piece.size() <= PieceCache::kMaxBytes) {
      const PieceCache::Key key = cache_key(piece);
      const PieceCache::Entry& entry = PieceCache::slot(hash_bytes(piece, key.head));
      if (PieceCache::emit_ids(entry, serial_, key, ids)) {
        if (entry.count == 1) remember(entry.ids[0]);
        continue;
      }
    }
    tokens.clear();
    tokenize(piece, tokens, MergeLoop::kAuto);
    for (const Token& t : tokens) ids.push_back(t.id);
    if (tokens.size() == 1) remember(tokens[0].id);
  }
}

void Bpe::tokenize(std::string_view piece, std::vector<Token>& out, MergeLoop loop) const {
  if (piece.empty()) return;
  const auto size = static_cast<uint32_t>(piece.size());
  // Words recur: short pieces are remembered per thread (so the model stays immutable and needs no
  // lock), whether they are one token or merged. The cache is checked first because it is small
  // enough to stay in cache, where the index's slot for even a common word is often a miss.
  PieceCache::Entry* cached = nullptr;
  PieceCache::Key key;
  if (loop == MergeLoop::kAuto && size <= PieceCache::kMaxBytes) {
    key = cache_key(piece);
    const uint64_t hash = hash_bytes(piece, key.head);
    cached = &PieceCache::slot(hash);
    if (PieceCache::emit(*cached, serial_, key, out)) return;
    if (options_.ignore_merges) {
      uint32_t id = find_piece(piece, key.head, hash);
      if (id == kNone && !aliases_.empty()) id = find_model(piece);
      if (id != kNone) {
        out.push_back({id, {0, size}});
        PieceCache::store(*cached, serial_, key, &out.back(), 1);
        return;
      }
    }
  } else if (options_.ignore_merges) {
    const uint64_t head = head_of(piece);
    uint32_t id = find_piece(piece, head, hash_bytes(piece, head));
    if (id == kNone && !aliases_.empty()) id = find_model(piece);
    if (id != kNone) {
      out.push_back({id, {0, size}});
      return;
    }
  }
  const size_t first = out.size();
  // Rank files: one symbol per byte, and the piece followed by eight zero bytes, so that any
  // join's head is one load (join_id).
  thread_local std::string padded;
  if (merge_by_bytes_) padded.assign(piece).append(8, '\0');
  const auto loop_for = [](size_t symbol_count) {
    return symbol_count < kScanLimit ? MergeLoop::kScan : symbol_count < kQueueFrom ? MergeLoop::kHeap : MergeLoop::kQueue;
  };
  if (merge_by_bytes_ && loop == MergeLoop::kAuto && size >= kBacktrackFrom && size < kQueueFrom &&
      static_cast<uint8_t>(piece.back()) >= 0x80) {
    loop = MergeLoop::kBacktrack;
  }
  if (loop == MergeLoop::kBacktrack) {
    if (merge_by_bytes_ && encode_backtracking(padded, size, out)) {
      if (cached) PieceCache::store(*cached, serial_, key, out.data() + first, out.size() - first);
      return;
    }
    loop = MergeLoop::kAuto;
  }
  if (merge_by_bytes_ && loop == MergeLoop::kAuto) loop = loop_for(size);
  if (merge_by_bytes_ && loop == MergeLoop::kScan) {
    merge_ranks_scan(padded, size, out);
  } else {
    // One buffer per thread, reused: most merged pieces are a few symbols, and allocating for each
    // one cost about as much as merging it.
    thread_local std::vector<Symbol> symbols;
    symbols.clear();
    if (merge_by_bytes_) {
      symbols.resize(size);
      for (uint32_t i = 0; i < size; ++i) symbols[i] = {byte_ids_[static_cast<uint8_t>(piece[i])], i, 1, kNone, kNone};
    } else {
      start_symbols(piece, symbols);
    }
    if (loop == MergeLoop::kAuto) loop = loop_for(symbols.size());
    const auto by_pair = [this](Symbol& left, const Symbol& right) { set_merge(left, right); };
    const auto by_bytes = [this](Symbol& left, const Symbol& right) { set_merge_bytes(padded, left, right); };
    if (loop == MergeLoop::kScan) {
      merge_scan(symbols, by_pair);
    } else if (loop == MergeLoop::kHeap) {
      merge_by_bytes_ ? merge_linked(symbols, by_bytes, long_merge.heap) : merge_linked(symbols, by_pair, long_merge.heap);
    } else {
      merge_by_bytes_ ? merge_linked(symbols, by_bytes, long_merge.buckets)
                      : merge_linked(symbols, by_pair, long_merge.buckets);
    }
    // Each symbol knows its span (start_symbols, absorb). HuggingFace instead adds up the lengths
    // of the symbols kept, so its spans shift after a dropped character (README, "Offsets").
    for (const Symbol& s : symbols) out.push_back({s.id, {s.start, s.start + s.len}});
  }
  if (cached) PieceCache::store(*cached, serial_, key, out.data() + first, out.size() - first);
}

void Bpe::symbol_string(std::string_view piece, size_t start, size_t end, std::string& out) const {
  out.clear();
  if (start != 0) out += options_.continuing_subword_prefix;
  if (options_.byte_level) {
    byte_level::append_alphabet(out, piece.substr(start, end - start));
  } else {
    out += piece.substr(start, end - start);
  }
  if (end == piece.size()) out += options_.end_of_word_suffix;
}

void Bpe::start_symbols(std::string_view piece, std::vector<Symbol>& symbols) const {
  symbols.reserve(piece.size());
  const bool has_prefix = !options_.continuing_subword_prefix.empty();
  const bool has_suffix = !options_.end_of_word_suffix.empty();
  std::string scratch;
  // A run of unknown characters waiting to be emitted (fused into one when fuse_unk is set).
  Symbol unk{kNone, 0, 0, kNone, kNone};
  for (size_t i = 0; i < piece.size();) {
    const size_t end = options_.byte_level
                           ? i + 1
                           : std::min(piece.size(), i + utf8::sequence_length(static_cast<uint8_t>(piece[i])));
    const auto len = static_cast<uint32_t>(end - i);
    uint32_t id;
    if ((i == 0 || !has_prefix) && (end < piece.size() || !has_suffix)) {
      id = len == 1 ? byte_ids_[static_cast<uint8_t>(piece[i])] : find_model(piece.substr(i, len));
    } else {
      symbol_string(piece, i, end, scratch);
      const auto found = token_to_id(scratch);
      id = found ? *found : kNone;
    }
    if (id != kNone) {
      if (unk.id != kNone) {
        symbols.push_back(unk);
        unk.id = kNone;
      }
      symbols.push_back({id, static_cast<uint32_t>(i), len, kNone, kNone});
      i = end;
      continue;
    }
    if (options_.byte_fallback) {
      // Like HuggingFace, these go out ahead of a pending unknown run without flushing it.
      symbol_string(piece, i, end, scratch);
      const bool all_bytes = std::all_of(scratch.begin(), scratch.end(),
                                         [&](char c) { return fallback_ids_[static_cast<uint8_t>(c)] != kNone; });
      if (all_bytes) {
        // The k-th byte of the character gets its own byte of the input; the bytes of a
        // continuing_subword_prefix or end_of_word_suffix spelled with it get an empty span at
        // its start or end.
        const size_t prefix = i != 0 && has_prefix ? options_.continuing_subword_prefix.size() : 0;
        for (size_t k = 0; k < scratch.size(); ++k) {
          const auto from = static_cast<uint32_t>(i + std::min(std::max(k, prefix) - prefix, size_t{len}));
          const auto to = static_cast<uint32_t>(i + std::min(std::max(k + 1, prefix) - prefix, size_t{len}));
          symbols.push_back({fallback_ids_[static_cast<uint8_t>(scratch[k])], from, to - from, kNone, kNone});
        }
        i = end;
        continue;
      }
    }
    if (options_.unk_token) {
      if (!unk_id_) {
        throw Error(ErrorCode::kInvalidArgument,
                    "BPE: unk_token " + quote(*options_.unk_token) + " is not in the vocabulary");
      }
      if (unk.id != kNone && options_.fuse_unk) {
        unk.len = static_cast<uint32_t>(end) - unk.start;  // through any fallback bytes sent out ahead
      } else {
        if (unk.id != kNone) symbols.push_back(unk);
        unk = {*unk_id_, static_cast<uint32_t>(i), len, kNone, kNone};
      }
    }
    // Without unk_token or byte fallback an unknown character is dropped, as HuggingFace does.
    i = end;
  }
  if (unk.id != kNone) symbols.push_back(unk);
}

uint32_t Bpe::join_id(const char* p, uint32_t len) const {
  if (len == 2) return two_byte_ids_[static_cast<uint8_t>(p[0]) << 8 | static_cast<uint8_t>(p[1])];
  uint64_t head;
  std::memcpy(&head, p, 8);
  if (len < 8) head &= (uint64_t{1} << (8 * len)) - 1;
  const std::string_view key(p, len);
  const uint64_t hash = hash_bytes(key, head);
  const uint64_t bit = (hash >> 32) & join_filter_mask_;
  return join_filter_[bit / 64] >> (bit % 64) & 1 ? find_indexed(key, head, hash) : kNone;
}

void Bpe::set_merge_bytes(std::string_view padded, Symbol& left, const Symbol& right) const {
  const uint32_t id = join_id(padded.data() + left.start, left.len + right.len);
  left.rank = id;
  left.new_id = id;
}

void Bpe::merge_ranks_scan(std::string_view padded, uint32_t n, std::vector<Token>& out, uint32_t keep) const {
  // Five arrays of n (+ 1) in one buffer: the rank of each symbol's join with the next (kNone for
  // the last and for merged-away symbols), its id, its start, and links to the live neighbours;
  // start[n] = n and next[n] = n are the end. Merged-away symbols stay in place with rank kNone, so
  // a merge moves nothing, and the minimum is over one flat array (a branch-free pass; vectorising it
  // gained nothing measurable in wasm, so the SIMD build's size setting leaves it scalar).
  thread_local std::vector<uint32_t> scratch;
  scratch.resize(5 * size_t{n} + 2);
  uint32_t* rank = scratch.data();
  uint32_t* ids = rank + n;
  uint32_t* start = ids + n;
  uint32_t* next = start + n + 1;
  uint32_t* prev = next + n + 1;
  const char* p = padded.data();
  for (uint32_t i = 0; i < n; ++i) {
    ids[i] = byte_ids_[static_cast<uint8_t>(p[i])];
    start[i] = i;
    next[i] = i + 1;
    prev[i] = i - 1;
    rank[i] = i + 1 < n ? join_id(p + i, 2) : kNone;
  }
  start[n] = n;
  next[n] = n;
  for (uint32_t live = n; live > keep; --live) {
    uint32_t best = kNone;
    for (uint32_t i = 0; i < n; ++i) best = std::min(best, rank[i]);
    if (best == kNone) break;
    // The leftmost symbol of lowest rank (positions keep their order).
    uint32_t at = 0;
    while (rank[at] != best) ++at;
    const uint32_t right = next[at];
    const uint32_t after = next[right];
    ids[at] = best;
    rank[right] = kNone;
    next[at] = after;
    if (after < n) prev[after] = at;
    rank[at] = after < n ? join_id(p + start[at], start[next[after]] - start[at]) : kNone;
    if (at > 0) {
      const uint32_t left = prev[at];
      rank[left] = join_id(p + start[left], start[after] - start[left]);
    }
  }
  for (uint32_t i = 0; i < n; i = next[i]) out.push_back({ids[i], {start[i], start[next[i]]}});
}

uint64_t Bpe::split(uint32_t id) const {
  const uint64_t known = backtracking_.load(std::memory_order_relaxed)->splits[id].load(std::memory_order_relaxed);
  return known != 0 ? known : compute_split(id);
}

// Once per token met: built for size.
TOKVEC_COLD_BEGIN
uint64_t Bpe::compute_split(uint32_t id) const {
  uint64_t word;
  const std::string_view bytes = token_bytes(id);
  if (bytes.size() == 1) {
    word = kSplitKnown | kSplitMerged | kSplitRegular | uint64_t{id} << 24 | id;
  } else {
    // The merges of the token's own bytes, stopped before the last: the two tokens it is made of.
    std::string padded(bytes);
    padded.append(8, '\0');
    std::vector<Token> halves;
    merge_ranks_scan(padded, static_cast<uint32_t>(bytes.size()), halves, 2);
    word = kSplitKnown;
    if (halves.size() == 2) {
      const uint32_t left = halves[0].id;
      const uint32_t right = halves[1].id;
      word |= kSplitMerged | uint64_t{left} << 24 | right;
      if (left < id && right < id && (split(left) & split(right) & kSplitRegular)) word |= kSplitRegular;
    }
  }
  backtracking_.load(std::memory_order_relaxed)->splits[id].store(word, std::memory_order_relaxed);
  return word;
}

TOKVEC_COLD_END

bool Bpe::compatible(const char* boundary, uint32_t left, uint32_t right) const {
  // Undoes the merges that made the two tokens, latest (highest rank) first, and at each step asks
  // whether the pair that straddles the boundary would have merged before the merge undone last:
  // then BPE would not have kept the boundary. The left token unmade on a tie of ranks is the later
  // one (equal ranks merge leftmost first), hence the + 1 on the right's limit. That + 1 can matter
  // in the else branch only: the first branch unmakes the right token R once the left one is a
  // single byte b that ranks above R, and a tie there means b + R's left half spells R, so that
  // half is b repeated, which ranks at or above b in a vocabulary whose tokens rank above their
  // halves (the only kind this replay serves): R above its half, above b, which it is not.
  // (RankQueue.BacktrackingBreaksRankTiesLeftmostFirst fails without the else branch's + 1.)
  uint32_t limit = kNone;
  for (;;) {
    const uint32_t left_len = starts_[left + 1] - starts_[left];
    const uint32_t joined = join_id(boundary - left_len, left_len + starts_[right + 1] - starts_[right]);
    if (joined < limit) return false;
    if (left > right) {
      limit = left;
      left = split_right(split(left));
      if (left == limit) {
        limit = right + 1;
        right = split_left(split(right));
        if (right + 1 == limit) return true;
      }
    } else {
      limit = right + 1;
      right = split_left(split(right));
      if (right + 1 == limit) {
        limit = left;
        left = split_right(split(left));
        if (left == limit) return true;
      }
    }
  }
}

bool Bpe::encode_backtracking(std::string_view padded, uint32_t n, std::vector<Token>& out) const {
  const Backtracking& state = backtracking();
  const ByteTrie& trie = state.trie;
  // The tokens chosen so far, one level each: where it starts, and the tokens that start there
  // (candidates[first..], shortest first) of which candidates[at] is tried. A position from which
  // no encoding of the rest fits is marked dead, so that each position is opened at most once.
  struct Level {
    uint32_t start;
    uint32_t first;
    uint32_t at;
  };
  struct Scratch {
    std::vector<Level> levels;
    std::vector<uint32_t> candidates;
    std::vector<uint8_t> dead;
  };
  thread_local Scratch scratch;
  std::vector<Level>& levels = scratch.levels;
  std::vector<uint32_t>& candidates = scratch.candidates;
  std::vector<uint8_t>& dead = scratch.dead;
  levels.clear();
  candidates.clear();
  dead.assign(n + 1, 0);
  const auto open = [&](uint32_t start) {
    const auto first = static_cast<uint32_t>(candidates.size());
    uint32_t node = ByteTrie::kRoot;
    for (uint32_t i = start; i < n; ++i) {
      node = trie.child(node, static_cast<uint8_t>(padded[i]));
      if (node == ByteTrie::kNone) break;
      if (trie.value(node) != ByteTrie::kNone) candidates.push_back(trie.value(node));
    }
    levels.push_back({start, first, static_cast<uint32_t>(candidates.size()) - 1});
  };
  open(0);
  for (;;) {
    Level& level = levels.back();
    const uint32_t id = candidates[level.at];
    const uint32_t end = level.start + starts_[id + 1] - starts_[id];
    bool fits = dead[end] == 0;
    if (fits) {
      const uint64_t s = split(id);
      // A token its own bytes do not merge into is never made by merging: skip it. One made
      // otherwise than compatible() assumes: merge this piece instead.
      if ((s & kSplitMerged) == 0) {
        fits = false;
      } else if ((s & kSplitRegular) == 0) {
        return false;
      } else if (levels.size() > 1) {
        const uint32_t before = candidates[levels[levels.size() - 2].at];
        const uint64_t pair = uint64_t{before} << 24 | id;
        std::atomic<uint64_t>& memo = state.pairs[(pair * 0x9E3779B97F4A7C15ull) >> (64 - Backtracking::kPairBits)];
        const uint64_t seen = memo.load(std::memory_order_relaxed);
        if (seen >> 2 == pair && seen != 0) {
          fits = (seen & 1) != 0;
        } else {
          fits = compatible(padded.data() + level.start, before, id);
          memo.store(pair << 2 | 2 | uint64_t{fits}, std::memory_order_relaxed);
        }
      }
    }
    if (fits) {
      if (end == n) break;
      open(end);
    } else if (level.at > level.first) {
      --level.at;
    } else {
      dead[level.start] = 1;
      candidates.resize(level.first);
      levels.pop_back();
      if (levels.empty()) return false;
    }
  }
  for (const Level& level : levels) {
    const uint32_t id = candidates[level.at];
    out.push_back({id, {level.start, level.start + starts_[id + 1] - starts_[id]}});
  }
  return true;
}

template <class SetMerge>
void Bpe::merge_scan(std::vector<Symbol>& symbols, const SetMerge& set_merge) {
  if (symbols.size() < 2) return;
  for (size_t i = 0; i + 1 < symbols.size(); ++i) set_merge(symbols[i], symbols[i + 1]);
  symbols.back().rank = kNone;
  for (;;) {
    // Lowest rank; the strict comparison keeps the leftmost on ties.
    uint32_t best = kNone;
    size_t at = 0;
    for (size_t i = 0; i + 1 < symbols.size(); ++i) {
      if (symbols[i].rank < best) best = symbols[i].rank, at = i;
    }
    if (best == kNone) return;
    Symbol& left = symbols[at];
    left.id = left.new_id;
    absorb(left, symbols[at + 1]);
    symbols.erase(symbols.begin() + static_cast<ptrdiff_t>(at) + 1);
    if (at + 1 < symbols.size()) {
      set_merge(left, symbols[at + 1]);
    } else {
      left.rank = kNone;
    }
    if (at > 0) set_merge(symbols[at - 1], left);
  }
}

template <class Queue, class SetMerge>
void Bpe::merge_linked(std::vector<Symbol>& symbols, const SetMerge& set_merge, Queue& queue) const {
  const size_t n = symbols.size();
  if (n < 2) return;
  // Symbols stay in place and are linked; a merged-away symbol gets rank kNone, which also
  // invalidates its queue entries. An entry (rank, pos) is live while symbols[pos].rank == rank:
  // a symbol's next merge changes only when it or its right neighbour grows, and then the pair's
  // concatenation grows too, so the rank cannot repeat.
  std::vector<uint32_t>& prev = long_merge.prev;
  std::vector<uint32_t>& next = long_merge.next;
  prev.resize(n);
  next.resize(n);
  queue.reset(rank_bound_);
  for (size_t i = 0; i < n; ++i) {
    prev[i] = i == 0 ? kNone : static_cast<uint32_t>(i - 1);
    next[i] = i + 1 == n ? kNone : static_cast<uint32_t>(i + 1);
    if (i + 1 < n) {
      set_merge(symbols[i], symbols[i + 1]);
      if (symbols[i].rank != kNone) queue.push(symbols[i].rank, static_cast<uint32_t>(i));
    } else {
      symbols[i].rank = kNone;
    }
  }
  const auto update = [&](uint32_t pos) {
    Symbol& s = symbols[pos];
    if (next[pos] == kNone) {
      s.rank = kNone;
      return;
    }
    set_merge(s, symbols[next[pos]]);
    if (s.rank != kNone) queue.push(s.rank, pos);
  };
  uint32_t rank, pos;
  while (queue.pop(rank, pos)) {
    Symbol& left = symbols[pos];
    if (left.rank != rank) continue;
    const uint32_t right = next[pos];
    left.id = left.new_id;
    absorb(left, symbols[right]);
    symbols[right].rank = kNone;
    next[pos] = next[right];
    if (next[right] != kNone) prev[next[right]] = pos;
    // The left neighbour's pair first, so that the pushes made while merging one rank rise
    // (rank_queue.cc).
    if (prev[pos] != kNone) update(prev[pos]);
    update(pos);
  }
  size_t kept = 0;
  for (uint32_t i = 0; i != kNone; i = next[i]) symbols[kept++] = symbols[i];
  symbols.resize(kept);
}

}  // namespace tokvec

// Design notes
//
// Symbols are token ids. HuggingFace merges are looked up by the (left id, right id) pair in one
// flat open-addressing table, so that loop never hashes strings. tiktoken ranks merge as tiktoken
// does, by looking up the bytes of the two symbols joined (the rank is the id): the pair table this
// replaced had to be built at load from every split of every token into two tokens (446,189 pairs
// for o200k_base), which was 70% of loading in wasm, while encoding gained nothing from it because
// nine pieces in ten are a token and never merge. Both conventions share the merge loops (lowest
// rank first, leftmost on ties), which take the lookup as a parameter.
//
// The vocabulary is the cache, as in tiktoken: with ignore_merges (always on for rank files) a
// piece that is a token costs one hash lookup. But that lookup is a read at a random place in an
// index of megabytes (4 MiB for cl100k_base, 8 MiB for o200k_base), and in wasm most of a short
// piece's time went into waiting for it. So pieces of up to 24 bytes, a token or merged, are first
// looked up in a per-thread cache of 65,536 cache lines (4 MiB, direct-mapped: a piece that
// collides replaces the other, so memory stays fixed and results are the same whatever it holds).
// With 4,096 lines it answered 83% of the short pieces of 2 MB of English (the words of the text
// evict each other); with 65,536, 95% over the text twice, and encodeIds ran 12-20% faster in wasm
// on the bench's corpora (16,384: 4-6%): a line further away than L2 is still one read. Up to 24
// bytes rather than 16 (an entry then holds six tokens, not seven, to stay one line) because
// Japanese and Chinese letter runs make long pieces that recur: half of the bytes of the
// multilingual corpus's 17-24-byte pieces repeat an earlier piece, and merging them was most of its
// time (+10% there). HuggingFace's LRU cache (10,000 words) lives in the model and needs a lock; a
// Tokenizer here is immutable, so the cache is per thread and its entries name the model (serial_).
// Rank files ask the join filter (256 KiB) whether a piece that missed the cache can be a token at
// all before the index (find_piece): such pieces are mostly letter runs of Japanese or Chinese that
// are not tokens, and the index probe that refused them was a cache miss each (multilingual
// encodeIds +6-9% in wasm, English unchanged).
// tokenize_ids (the encodeIds path) copies a hit's ids straight out of the cache, which made
// encodeIds 15-20% faster in wasm than a hit through tokenize's Tokens. It does not read slots
// ahead: reading the cache and index slots of sixteen pieces before tokenizing any, so that their
// misses overlap, gained nothing in wasm (o200k and cl100k English and code within noise, 8
// alternated groups each), and the reads need a volatile sink, for link-time optimisation removes
// reads whose value nothing uses.
//
// Short pieces. PieceCache gives each piece a 64-byte line in 4 MiB, so the distinct pieces of a
// few documents of English (16,000 in a megabyte, a megabyte of lines) spill out of a core's L2
// cache, and a hit is often an L3 load. Nine pieces in ten of English and code are one to eight
// bytes, most of them one token, so tokenize_ids looks those up first in 16-byte slots of 256 KiB
// (ShortPiece), which stay in L2, and fills a slot from PieceCache's hit or the merge. It replaces nothing: a piece its slot
// lost to another is still a PieceCache hit. In wasm it made encodeIds of the bench's English and
// code 5-17% faster (cl100k_base, o200k_base; alternated CPU-time runs in both load orders). Two
// ways for PieceCache itself (a slot and its partner, the old piece moving over) measured 0.89-1.0x
// and was dropped: few pieces are lost to a shared slot, and each lookup that misses reads two lines.
//
// Short pieces rescan for the minimum after each merge (O(n²) but cache-friendly, like tiktoken).
// Rank files do it over flat arrays (merge_ranks_scan): a merged-away symbol stays in place with
// rank kNone and links skip it, so a merge moves nothing (erasing from the symbol vector was a
// tenth of the time on Japanese text, whose letter runs make pieces of 20-60 bytes), and the
// minimum is one branch-free pass over the ranks.
// Longer ones link their symbols in place and queue their pairs with lazy invalidation (HuggingFace's
// merge_all): up to kQueueFrom symbols in a binary heap, which stays in cache, and from there in a
// RankQueue, a bucket per rank popped in rank order. Merges learned by training create pairs ranked
// above themselves, so the buckets are visited once, in order, and a megabyte of one repeated
// character merges in O(n): in wasm 1 MB of "a" (cl100k_base), of newlines (o200k_base) or of digits
// (r50k_base) took 16-23× as long as 100 kB through the heap and takes 10-12× through the buckets,
// 3-4× faster. The buckets cost more than the heap per entry (a cache line per distinct rank), so
// below kQueueFrom — nearly every piece of real text — the heap stays: on random letters the two
// break even near 4,000 symbols in wasm. A pair ranked at or below the rank being merged (a
// hand-made vocabulary; or tiktoken joining two tokens that training made from other parts) is
// still merged in exact order, through a small heap inside RankQueue (rank_queue.cc).
//
// Backtracking (rank files, pieces of kBacktrackFrom to kQueueFrom bytes), after the `bpe` crate of
// github/rust-gems ("So many tokens, so little time"). Merging a piece of n bytes costs a join
// lookup per byte and two per merge, nearly one per byte again, and Japanese and Chinese letter runs
// make pieces of tens of bytes that do not recur (the multilingual corpus's pieces over 32 bytes:
// 31% of its bytes, 1% of them repeats), so the cache does not help them. BPE's encoding of a
// piece is the one sequence of tokens spelling it in which every two adjacent tokens are
// compatible: BPE encodes their bytes alone as those two tokens (no merge of BPE's ever crosses a
// boundary of its final tokens, so any two of them encode alone as themselves; and a sequence of
// compatible pairs is the encoding, by induction). encode_backtracking takes at each position the
// longest token the trie finds there, tries shorter ones while it is incompatible with the token
// before, and when none is, steps back one token and marks the position dead, so that each
// position is opened once. compatible() replays the two tokens' merges backwards, highest rank
// first, asking at each step whether the pair across the boundary would merge before the merge
// just undone (a join lookup; up to a few per pair, and a per-model table of recent answers makes
// most pairs one load). A token's last merge (split) is its own bytes merged down to two tokens,
// once per token met. The replay assumes each token ranks above the two it is made of, down to its
// bytes, so that a token's merges come in rank order. Trained vocabularies are made that way;
// hand-made rank files need not be, and a piece with a token that is not is merged instead
// (bpe_test.cc and rank_queue_test.cc compare the two on cl100k_base, o200k_base and r50k_base and
// on shuffled ranks). In native code it encodes the multilingual corpus's pieces of 17 bytes and
// more 2-2.7x faster than the merge loop; shorter pieces are cheaper to merge than to walk (9-16 bytes:
// even). It takes only pieces that end in a non-ASCII byte, the letter runs of other scripts than
// Latin: long ASCII pieces are mostly runs of spaces or dashes, where every position starts dozens
// of tokens, and the English corpus's encodeIds measured 0.89-0.97x with them backtracked.
// The trie and the tables are built on the first such piece, not at load: a tokenizer that never
// sees one does not pay for them (o200k_base: ~12 MB and ~0.2 s of CPU in wasm).
//
// Loading o200k_base is reading 200,000 lines and indexing 200,000 tokens, in code V8 has compiled
// with its baseline compiler (each loop runs once, and wasm has no on-stack replacement), so what
// counts is how many instructions and cache misses each token costs. The rank file is decoded into
// one string and one array of offsets that become the model's own (parse_tiktoken, from_ranks):
// no string per token, and no copy. The index is filled in three passes — hashes in id order, the
// tokens sorted by the 4 KiB block of the table they hash to, then inserted block by block —
// because inserting in id order took a cache and a TLB miss per token on the 8 MiB table, which was
// ~40% of loading; the sort costs a 24-byte entry per token for the duration of the load.
