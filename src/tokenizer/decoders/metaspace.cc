#include "tokenizer/decoders/metaspace.h"

#include "tokenizer/decoders/string_replace.h"

namespace tokvec {

void MetaspaceDecoder::decode_chain(std::vector<std::string>& tokens) const {
  for (size_t i = 0; i < tokens.size(); ++i) {
    const bool drop = i == 0 && options_.prepend_scheme != PrependScheme::kNever;
    tokens[i] = replace_all(tokens[i], options_.replacement_utf8, drop ? "" : " ");
  }
}

}  // namespace tokvec
