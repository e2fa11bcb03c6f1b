// VocabModel: what WordLevel and CharLevel share — a vocabulary and an unknown token that must be
// in it. Each says only how it cuts a piece into vocabulary lookups.
#pragma once

#include <string>
#include <string_view>

#include "tokenizer/stages.h"
#include "tokenizer/vocab.h"

namespace tokvec {

class VocabModel : public Model {
 public:
  uint32_t vocab_size() const override { return vocab_.size(); }
  std::optional<uint32_t> token_to_id(std::string_view token) const override { return vocab_.find(token); }
  std::string id_to_token(uint32_t id) const override { return vocab_.token(id); }

 protected:
  // `model` names the model type in the error for an unknown token the vocabulary lacks.
  VocabModel(Vocab vocab, std::string_view unk_token, std::string_view model);
  // The id of `text`, or the unknown token's.
  uint32_t id_or_unk(std::string_view text) const {
    const auto id = vocab_.find(text);
    return id ? *id : unk_id_;
  }

 private:
  Vocab vocab_;
  uint32_t unk_id_;
};

}  // namespace tokvec
