#include "tokenizer/models/word_level.h"

#include "core/error.h"

namespace tokvec {

WordLevel::WordLevel(Vocab vocab, std::string_view unk_token) : vocab_(std::move(vocab)) {
  const auto unk = vocab_.find(unk_token);
  if (!unk) {
    throw Error(ErrorCode::kInvalidArgument,
                "WordLevel: unk_token \"" + std::string(unk_token) + "\" is not in the vocabulary");
  }
  unk_id_ = *unk;
}

void WordLevel::tokenize(std::string_view piece, std::vector<Token>& out) const {
  const auto id = vocab_.find(piece);
  out.push_back({id ? *id : unk_id_, {0, static_cast<uint32_t>(piece.size())}});
}

}  // namespace tokvec
