// WordLevel (tokenizer.json "WordLevel"): each piece is one token, or the unknown token.
#pragma once

#include "tokenizer/stages.h"
#include "tokenizer/vocab.h"

namespace tokvec {

class WordLevel final : public Model {
 public:
  // The unknown token must be in the vocabulary.
  WordLevel(Vocab vocab, std::string_view unk_token);

  void tokenize(std::string_view piece, std::vector<Token>& out) const override;
  uint32_t vocab_size() const override { return vocab_.size(); }
  std::optional<uint32_t> token_to_id(std::string_view token) const override { return vocab_.find(token); }
  std::string id_to_token(uint32_t id) const override { return vocab_.token(id); }

 private:
  Vocab vocab_;
  uint32_t unk_id_;
};

}  // namespace tokvec
