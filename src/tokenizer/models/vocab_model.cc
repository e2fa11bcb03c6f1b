#include "tokenizer/models/vocab_model.h"

#include "core/error.h"

namespace tokvec {

VocabModel::VocabModel(Vocab vocab, std::string_view unk_token, std::string_view model) : vocab_(std::move(vocab)) {
  const auto unk = vocab_.find(unk_token);
  if (!unk) {
    throw_error(ErrorCode::kInvalidArgument, {model, ": unk_token \"", unk_token, "\" is not in the vocabulary"});
  }
  unk_id_ = *unk;
}

}  // namespace tokvec
