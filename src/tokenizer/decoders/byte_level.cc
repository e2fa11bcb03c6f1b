#include "tokenizer/decoders/byte_level.h"

#include "core/utf8.h"
#include "tokenizer/models/byte_level_alphabet.h"

namespace tokvec {

void ByteLevelDecoder::decode_chain(std::vector<std::string>& tokens) const {
  std::string bytes;
  for (const std::string& token : tokens) {
    if (!byte_level::append_bytes(bytes, token)) bytes += token;
  }
  std::string text;
  if (utf8::is_valid(bytes)) {
    text = std::move(bytes);
  } else {
    text.reserve(bytes.size() + 16);
    for (size_t i = 0; i < bytes.size();) utf8::append(text, utf8::decode(bytes, i));
  }
  tokens.assign(1, std::move(text));
}

}  // namespace tokvec
