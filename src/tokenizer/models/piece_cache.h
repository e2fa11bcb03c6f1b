// PieceCache: the tokens of recently seen short pieces, per thread, for the models whose pieces are
// words that recur (Bpe, Unigram, WordPiece). HuggingFace's BPE and Unigram keep a word cache for
// the same reason; this one is direct-mapped (a new piece replaces the old in its slot), one cache
// line per entry, so a lookup is one load and results never depend on what it holds.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "tokenizer/stages.h"

namespace tokvec {

class PieceCache {
 public:
  static constexpr size_t kMaxBytes = 24;   // longer pieces are not remembered
  static constexpr size_t kMaxTokens = 6;   // nor pieces of more tokens
  // 4 MiB a thread: enough for the distinct short pieces of megabytes of text, so that a word
  // seen once is a hit from then on (bpe.cc's design notes).
  static constexpr size_t kEntries = 65536;

  // A piece of at most kMaxBytes bytes, zero-padded into three words.
  struct Key {
    uint64_t head = 0;  // bytes 0-7
    uint64_t tail = 0;  // bytes 8-15
    uint64_t end = 0;   // bytes 16-23
    uint8_t len = 0;
  };

  struct alignas(64) Entry {
    uint64_t serial;  // the model's serial (serial_for_new_model); 0 = empty
    uint64_t head;
    uint64_t tail;
    uint64_t end;
    uint8_t len;
    uint8_t count;
    std::array<uint8_t, kMaxTokens> ends;  // each token's end in the piece
    std::array<uint32_t, kMaxTokens> ids;
  };
  static_assert(sizeof(Entry) == 64);

  // Names a model in the cache for its life. A model allocated where a destroyed one was gets a
  // new serial, so it never sees the old one's entries: serials are never reused.
  static uint64_t serial_for_new_model() {
    static std::atomic<uint64_t> next{1};
    return next.fetch_add(1);
  }

  static Key key_of(std::string_view piece) {
    Key key;
    std::memcpy(&key.head, piece.data(), piece.size() < 8 ? piece.size() : 8);
    if (piece.size() > 8) std::memcpy(&key.tail, piece.data() + 8, piece.size() < 16 ? piece.size() - 8 : 8);
    if (piece.size() > 16) std::memcpy(&key.end, piece.data() + 16, piece.size() - 16);
    key.len = static_cast<uint8_t>(piece.size());
    return key;
  }

  // A hash of the key for slot(): the high half of a product, which every byte of the key reaches.
  static uint64_t hash_of(const Key& key) {
    const uint64_t mixed = key.head * 0x9E3779B97F4A7C15ull ^ key.tail * 0xD6E8FEB86659FD93ull ^ key.end ^ key.len;
    return mixed * 0x9E3779B97F4A7C15ull >> 32;
  }

  // This thread's slot for `hash` (allocated on first use).
  static Entry& slot(uint64_t hash) {
    if (entries_.empty()) entries_.assign(kEntries, Entry{});
    return entries_[hash & (kEntries - 1)];
  }

  // Whether `entry` remembers the tokens of `key` under `serial`.
  static bool holds(const Entry& entry, uint64_t serial, const Key& key) {
    return entry.serial == serial && entry.head == key.head && entry.tail == key.tail && entry.end == key.end &&
           entry.len == key.len;
  }

  // Appends the remembered ids of `key` under `serial`, if `entry` holds them: the encodeIds path
  // (tokenize_ids), which needs no Token.
  static bool emit_ids(const Entry& entry, uint64_t serial, const Key& key, std::vector<uint32_t>& ids) {
    if (!holds(entry, serial, key)) return false;
    for (uint32_t i = 0; i < entry.count; ++i) ids.push_back(entry.ids[i]);
    return true;
  }

  // Appends the remembered tokens of `key` under `serial`, if `entry` holds them.
  static bool emit(const Entry& entry, uint64_t serial, const Key& key, std::vector<Token>& out) {
    if (!holds(entry, serial, key)) return false;
    uint32_t start = 0;
    for (uint32_t i = 0; i < entry.count; ++i) {
      out.push_back({entry.ids[i], {start, entry.ends[i]}});
      start = entry.ends[i];
    }
    return true;
  }

  // Remembers `tokens` as the piece `key`, if they tile it (each starts where the last ended and the
  // last ends at the piece's end: a hit rebuilds spans from the ends) and are few enough.
  static void store(Entry& entry, uint64_t serial, const Key& key, const Token* tokens, size_t count) {
    if (count == 0 || count > kMaxTokens) return;
    uint32_t at = 0;
    for (size_t i = 0; i < count; ++i) {
      if (tokens[i].span.start != at) return;
      at = tokens[i].span.end;
    }
    if (at != key.len) return;
    entry = {serial, key.head, key.tail, key.end, key.len, static_cast<uint8_t>(count), {}, {}};
    for (size_t i = 0; i < count; ++i) {
      entry.ids[i] = tokens[i].id;
      entry.ends[i] = static_cast<uint8_t>(tokens[i].span.end);
    }
  }

 private:
  static inline thread_local std::vector<Entry> entries_;
};

}  // namespace tokvec
