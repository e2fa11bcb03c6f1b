// Digits (tokenizer.json pre_tokenizer "Digits"; HuggingFace pre_tokenizers/digits.rs): numeric
// characters (Rust char::is_numeric: categories Nd, Nl, No) are cut out, one piece per character
// when individual_digits is set, otherwise one piece per run.
#pragma once

#include "tokenizer/stages.h"

namespace tokvec {

class Digits final : public PreTokenizer {
 public:
  explicit Digits(bool individual_digits) : individual_digits_(individual_digits) {}
  void split(Normalized& s, std::vector<Span>& pieces) const override;

 private:
  bool individual_digits_;
};

}  // namespace tokvec
