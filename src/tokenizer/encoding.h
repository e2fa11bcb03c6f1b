// Encoding: what encode returns, following HuggingFace's tokenizer/encoding.rs — ids, offsets,
// masks, type ids, and the overflowing pieces truncation cut off. Offsets are byte spans of the
// source text; the JS binding turns them into UTF-16 code units once, because that is how
// JavaScript indexes strings.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/span.h"

namespace tokvec {

enum class TruncationDirection { kLeft, kRight };
enum class PaddingDirection { kLeft, kRight };

struct Encoding {
  std::vector<uint32_t> ids;
  std::vector<Span> offsets;
  std::vector<uint8_t> special_tokens_mask;  // 1 where a post-processor added the token, and for padding
  std::vector<uint32_t> type_ids;            // segment ids (0 for the first sequence, 1 for the pair)
  std::vector<uint8_t> attention_mask;       // 1 for a real token, 0 for padding
  // Which input a token's offsets index: 0 the first text, 1 the pair. Added special tokens and
  // padding say 0 and have empty offsets, so any text reads them alike.
  std::vector<uint8_t> sequence_ids;
  // Tokens whose string is not their vocabulary entry, as (index, string), indices ascending: an
  // added token matched together with the spaces lstrip/rstrip took is reported, as HuggingFace
  // reports it, as the text it matched; padding whose pad_token is not the pad id's token.
  std::vector<std::pair<uint32_t, std::string>> texts;
  // What truncation cut off, each piece as long as the kept part allows (with `stride` tokens of
  // overlap), post-processed like the kept part. Pieces may hold overflowing pieces of their own
  // when both sequences of a pair overflowed, exactly as HuggingFace nests them.
  std::vector<Encoding> overflowing;

  size_t size() const { return ids.size(); }

  void push_back(uint32_t id, Span offset, uint8_t special = 0, uint32_t type_id = 0, uint8_t sequence = 0) {
    ids.push_back(id);
    offsets.push_back(offset);
    special_tokens_mask.push_back(special);
    type_ids.push_back(type_id);
    attention_mask.push_back(1);
    sequence_ids.push_back(sequence);
  }

  // Concatenates other's tokens; overflowing pieces are left alone.
  void append(const Encoding& other);

  // HuggingFace's merge_with: appends `pair`, and combines the overflowing pieces — each of ours
  // with `pair` and with each of pair's, then ourselves with each of pair's.
  void merge_with(const Encoding& pair);

  // Keeps max_length tokens (the first ones, or the last ones for kLeft); the rest become
  // overflowing pieces of max_length tokens, consecutive pieces sharing `stride` tokens. With
  // max_length 0 everything overflows. Requires stride < max_length (callers check and name it).
  void truncate(size_t max_length, size_t stride, TruncationDirection direction);

  // Pads (overflowing pieces too) up to target tokens; longer encodings are left as they are.
  // `pad_text` is recorded in `texts` for each pad when set (the pad token's string is not the
  // pad id's vocabulary entry).
  void pad(size_t target, uint32_t pad_id, uint32_t pad_type_id, const std::optional<std::string>& pad_text,
           PaddingDirection direction);

 private:
  Encoding slice(size_t start, size_t stop) const;
};

}  // namespace tokvec
