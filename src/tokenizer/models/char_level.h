// CharLevel (tokvec's own "CharLevel"): one token per Unicode code point, or the unknown token
// for a code point the vocabulary lacks.
#pragma once

#include "tokenizer/models/vocab_model.h"

namespace tokvec {

class CharLevel final : public VocabModel {
 public:
  std::string type_name() const override { return "CharLevel"; }
  CharLevel(Vocab vocab, std::string_view unk_token) : VocabModel(std::move(vocab), unk_token, "CharLevel") {}
  void tokenize(std::string_view piece, std::vector<Token>& out) const override;
};

}  // namespace tokvec
