// Truncation and padding of encodings, as HuggingFace's utils/truncation.rs and utils/padding.rs
// define them and tokenizer.json's "truncation" and "padding" declare them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "tokenizer/encoding.h"

namespace tokvec {

enum class TruncationStrategy { kLongestFirst, kOnlyFirst, kOnlySecond };

struct TruncationParams {
  size_t max_length = 512;  // tokens, special tokens included
  TruncationStrategy strategy = TruncationStrategy::kLongestFirst;
  size_t stride = 0;        // tokens each overflowing piece repeats from the piece before it
  TruncationDirection direction = TruncationDirection::kRight;
};

struct PaddingParams {
  std::optional<size_t> length;  // Fixed(length); unset = BatchLongest (the longest of the batch)
  PaddingDirection direction = PaddingDirection::kRight;
  size_t pad_to_multiple_of = 0;  // 0 = none
  uint32_t pad_id = 0;
  uint32_t pad_type_id = 0;
  std::string pad_token = "[PAD]";
};

// "LongestFirst" / "longest_first", ... ; "Left" / "left", ...: tokenizer.json spells them one
// way, HuggingFace's Python and tokvec's JS options the other.
const char* truncation_strategy_name(TruncationStrategy strategy);  // "longest_first", ...

// tokenizer.json "truncation" and "padding" (present and not null).
TruncationParams truncation_from_json(const JsonView& j);
PaddingParams padding_from_json(const JsonView& j);

// Cuts `encoding` (and `pair`, when given) so that together they hold at most max_length tokens
// (max_length already net of the special tokens the post-processor will add); the cut tokens go to
// overflowing pieces. HuggingFace's truncate_encodings, except that what it would panic on (a
// stride not below a sequence's kept length) is an Error here. `where` prefixes messages.
void truncate_encodings(Encoding& encoding, Encoding* pair, const TruncationParams& params, std::string_view where);

// Checks what can be checked before encoding: stride must be below max_length less the special
// tokens a single sequence gets (HuggingFace's with_truncation check), and max_length must leave
// room for those tokens. `where` names the setting in messages.
void check_truncation(const TruncationParams& params, size_t added_tokens, std::string_view where);

// HuggingFace's pad_encodings: all to `length`, or to the longest, rounded up to a multiple.
// `pad_text` as in Encoding::pad.
void pad_encodings(std::vector<Encoding>& encodings, const PaddingParams& params,
                   const std::optional<std::string>& pad_text);

}  // namespace tokvec
