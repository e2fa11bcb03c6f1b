#include "tokenizer/decoders/ctc.h"

#include "tokenizer/decoders/string_replace.h"
#include "tokenizer/decoders/wordpiece.h"

namespace tokvec {

void CTC::decode_chain(std::vector<std::string>& tokens) const {
  std::vector<std::string> out;
  out.reserve(tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i > 0 && tokens[i] == tokens[i - 1]) continue;
    std::string token = replace_all(tokens[i], pad_token_, "");
    if (cleanup_) token = replace_all(wordpiece_cleanup(token), word_delimiter_token_, " ");
    if (!token.empty()) out.push_back(std::move(token));
  }
  tokens = std::move(out);
}

}  // namespace tokvec
