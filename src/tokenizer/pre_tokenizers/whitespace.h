// Whitespace and WhitespaceSplit (tokenizer.json pre_tokenizers "Whitespace", "WhitespaceSplit";
// HuggingFace pre_tokenizers/whitespace.rs).
//
// Whitespace is the Rust-regex pattern  \w+|[^\w\s]+  — runs of word characters and runs of other
// non-space characters become pieces; whitespace is dropped. Hand-written because it is a
// three-way classification of code points, not a general pattern.
// WhitespaceSplit cuts at White_Space characters (Rust char::is_whitespace) and drops them.
#pragma once

#include "tokenizer/stages.h"

namespace tokvec {

class Whitespace final : public PreTokenizer {
 public:
  void split(Normalized& s, std::vector<Span>& pieces) const override;
};

class WhitespaceSplit final : public PreTokenizer {
 public:
  void split(Normalized& s, std::vector<Span>& pieces) const override;
};

}  // namespace tokvec
