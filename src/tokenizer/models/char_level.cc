#include "tokenizer/models/char_level.h"

#include "core/error.h"
#include "core/utf8.h"

namespace tokvec {

CharLevel::CharLevel(Vocab vocab, std::string_view unk_token) : vocab_(std::move(vocab)) {
  const auto unk = vocab_.find(unk_token);
  if (!unk) {
    throw Error(ErrorCode::kInvalidArgument,
                "CharLevel: unk_token \"" + std::string(unk_token) + "\" is not in the vocabulary");
  }
  unk_id_ = *unk;
}

void CharLevel::tokenize(std::string_view piece, std::vector<Token>& out) const {
  for (size_t i = 0; i < piece.size();) {
    const size_t start = i;
    utf8::decode(piece, i);
    const auto id = vocab_.find(piece.substr(start, i - start));
    out.push_back({id ? *id : unk_id_, {static_cast<uint32_t>(start), static_cast<uint32_t>(i)}});
  }
}

}  // namespace tokvec
