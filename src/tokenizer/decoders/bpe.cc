#include "tokenizer/decoders/bpe.h"

#include "tokenizer/decoders/string_replace.h"

namespace tokvec {

void BPEDecoder::decode_chain(std::vector<std::string>& tokens) const {
  for (size_t i = 0; i < tokens.size(); ++i) {
    tokens[i] = replace_all(tokens[i], suffix_, i + 1 == tokens.size() ? "" : " ");
  }
}

}  // namespace tokvec
