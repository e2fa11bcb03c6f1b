// WordLevel (tokenizer.json "WordLevel"): each piece is one token, or the unknown token.
#pragma once

#include "tokenizer/models/vocab_model.h"

namespace tokvec {

class WordLevel final : public VocabModel {
 public:
  std::string type_name() const override { return "WordLevel"; }
  // The unknown token must be in the vocabulary.
  WordLevel(Vocab vocab, std::string_view unk_token) : VocabModel(std::move(vocab), unk_token, "WordLevel") {}
  void tokenize(std::string_view piece, std::vector<Token>& out) const override {
    out.push_back({id_or_unk(piece), {0, static_cast<uint32_t>(piece.size())}});
  }
};

}  // namespace tokvec
