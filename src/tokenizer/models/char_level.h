// CharLevel (tokvec's own "CharLevel"): one token per Unicode code point, or the unknown token
// for a code point the vocabulary lacks.
#pragma once

#include "tokenizer/stages.h"
#include "tokenizer/vocab.h"

namespace tokvec {

class CharLevel final : public Model {
 public:
  CharLevel(Vocab vocab, std::string_view unk_token);

  void tokenize(std::string_view piece, std::vector<Token>& out) const override;
  uint32_t vocab_size() const override { return vocab_.size(); }
  std::optional<uint32_t> token_to_id(std::string_view token) const override { return vocab_.find(token); }
  std::string id_to_token(uint32_t id) const override { return vocab_.token(id); }

 private:
  Vocab vocab_;
  uint32_t unk_id_;
};

}  // namespace tokvec
