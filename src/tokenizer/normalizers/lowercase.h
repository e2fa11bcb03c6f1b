// Lowercase (tokenizer.json "Lowercase"): full Unicode lowercase mapping, character by character,
// as HuggingFace does it with Rust's char::to_lowercase (so "İ" becomes "i̇" and Σ never becomes ς).
#pragma once

#include "tokenizer/stages.h"

namespace tokvec {

class Lowercase final : public Normalizer {
 public:
  void normalize(Normalized& s) const override;
};

}  // namespace tokvec
