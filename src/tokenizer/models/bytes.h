// Bytes (tokvec's own "Bytes"): 256 tokens, id = byte value. Any input, lossless.
//
// Token strings: printable ASCII (U+0020..U+007E) stands for itself, every other byte is
// "<0xNN>" — SentencePiece's byte-fallback spelling, so the ByteFallback decoder restores it.
#pragma once

#include "tokenizer/stages.h"

namespace tokvec {

class Bytes final : public Model {
 public:
  void tokenize(std::string_view piece, std::vector<Token>& out) const override;
  uint32_t vocab_size() const override { return 256; }
  std::string type_name() const override { return "Bytes"; }
  std::optional<uint32_t> token_to_id(std::string_view token) const override;
  std::string id_to_token(uint32_t id) const override;
};

}  // namespace tokvec
