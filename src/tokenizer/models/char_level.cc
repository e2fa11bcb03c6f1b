#include "tokenizer/models/char_level.h"

#include "core/utf8.h"

namespace tokvec {

void CharLevel::tokenize(std::string_view piece, std::vector<Token>& out) const {
  for (size_t i = 0; i < piece.size();) {
    const size_t start = i;
    utf8::decode(piece, i);
    out.push_back({id_or_unk(piece.substr(start, i - start)), {static_cast<uint32_t>(start), static_cast<uint32_t>(i)}});
  }
}

}  // namespace tokvec
