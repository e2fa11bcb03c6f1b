// Punctuation (tokenizer.json pre_tokenizer "Punctuation"; HuggingFace
// pre_tokenizers/punctuation.rs) and BertPreTokenizer (pre_tokenizers/bert.rs).
//
// Both use HuggingFace's notion of punctuation: ASCII punctuation as Rust's
// char::is_ascii_punctuation has it (which includes the symbols $ + < = > ^ ` | ~) or any
// character of a Unicode punctuation category (P*) as of Unicode 8.0, the version of the tables
// in unicode_categories 0.1.1, the crate HuggingFace asks (so U+061D, Po since Unicode 14, is not
// punctuation here).
#pragma once

#include "tokenizer/pre_tokenizers/splitting.h"
#include "tokenizer/stages.h"

namespace tokvec {

bool is_bert_punctuation(char32_t cp);

// Cuts each piece at every punctuation character, treated as `behavior` says (default Isolated).
class Punctuation final : public PreTokenizer {
 public:
  explicit Punctuation(SplitDelimiterBehavior behavior) : behavior_(behavior) {}
  void split(Normalized& s, std::vector<Span>& pieces) const override;

 private:
  SplitDelimiterBehavior behavior_;
};

// BERT's basic tokenizer: whitespace (White_Space) is removed, then every punctuation character
// becomes a piece of its own.
class BertPreTokenizer final : public PreTokenizer {
 public:
  void split(Normalized& s, std::vector<Span>& pieces) const override;
  bool is_bert() const override { return true; }
};

}  // namespace tokvec
