// FixedLength (tokenizer.json pre_tokenizer "FixedLength"; HuggingFace
// pre_tokenizers/fixed_length.rs): each piece is cut into chunks of `length` characters (default
// 5); the last chunk may be shorter.
#pragma once

#include <cstdint>

#include "tokenizer/stages.h"

namespace tokvec {

class FixedLength final : public PreTokenizer {
 public:
  explicit FixedLength(uint32_t length) : length_(length) {}  // length >= 1
  void split(Normalized& s, std::vector<Span>& pieces) const override;

 private:
  uint32_t length_;
};

}  // namespace tokvec
