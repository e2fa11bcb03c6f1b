// Strip decoder (tokenizer.json decoder "Strip"; HuggingFace decoders/strip.rs): removes up to
// `start` leading and up to `stop` trailing copies of the character `content` from each token.
//
// Where HuggingFace panics — a token of `content` characters only, stripped from both ends past
// each other, or `stop` reaching before the token's start — this gives the empty string.
#pragma once

#include <cstdint>

#include "tokenizer/stages.h"

namespace tokvec {

class StripDecoder final : public Decoder {
 public:
  StripDecoder(char32_t content, uint32_t start, uint32_t stop) : content_(content), start_(start), stop_(stop) {}
  void decode_chain(std::vector<std::string>& tokens) const override;

 private:
  char32_t content_;
  uint32_t start_;
  uint32_t stop_;
};

}  // namespace tokvec
