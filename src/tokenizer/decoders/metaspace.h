// Metaspace decoder (tokenizer.json decoder "Metaspace"; HuggingFace pre_tokenizers/metaspace.rs
// `impl Decoder`): every `replacement` character becomes a space, except that in the first token
// they are all dropped unless prepend_scheme is "never" (undoing the prefix the pre-tokenizer
// added). Options as for the Metaspace pre-tokenizer.
#pragma once

#include "tokenizer/pre_tokenizers/metaspace.h"
#include "tokenizer/stages.h"

namespace tokvec {

class MetaspaceDecoder final : public Decoder {
 public:
  explicit MetaspaceDecoder(MetaspaceOptions options) : options_(std::move(options)) {}
  void decode_chain(std::vector<std::string>& tokens) const override;

 private:
  MetaspaceOptions options_;
};

}  // namespace tokvec
