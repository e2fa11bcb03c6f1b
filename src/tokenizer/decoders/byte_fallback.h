// ByteFallback (tokenizer.json "ByteFallback"): runs of "<0xNN>" tokens become the bytes they name.
// A run that is not valid UTF-8 becomes one U+FFFD per byte, as HuggingFace does.
#pragma once

#include <optional>

#include "tokenizer/stages.h"

namespace tokvec {

// The byte a token of the exact form "<0xNN>" (two uppercase or lowercase hex digits) names.
std::optional<uint8_t> parse_byte_token(std::string_view token);

class ByteFallback final : public Decoder {
 public:
  void decode_chain(std::vector<std::string>& tokens) const override;
};

}  // namespace tokvec
