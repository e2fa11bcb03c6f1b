// Prepend (tokenizer.json "Prepend"): puts a string before non-empty text, as HuggingFace's
// NormalizedString::prepend: the prepended characters (and the first character itself) all take
// the first character's alignment, so "▁" before "hello" maps to the source span of "h".
#pragma once

#include <string>

#include "tokenizer/stages.h"

namespace tokvec {

class Prepend final : public Normalizer {
 public:
  explicit Prepend(std::string prepend);
  void normalize(Normalized& s) const override;

 private:
  std::u32string prepend_;
};

}  // namespace tokvec
