// CharDelimiterSplit (tokenizer.json pre_tokenizer "CharDelimiterSplit"; HuggingFace
// pre_tokenizers/delimiter.rs): cuts each piece at every occurrence of one character, which is
// removed.
#pragma once

#include "tokenizer/stages.h"

namespace tokvec {

class CharDelimiterSplit final : public PreTokenizer {
 public:
  explicit CharDelimiterSplit(char32_t delimiter) : delimiter_(delimiter) {}
  void split(Normalized& s, std::vector<Span>& pieces) const override;

 private:
  char32_t delimiter_;
};

}  // namespace tokvec
