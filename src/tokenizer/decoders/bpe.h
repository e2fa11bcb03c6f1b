// BPEDecoder (tokenizer.json decoder "BPEDecoder"; HuggingFace decoders/bpe.rs): the end-of-word
// `suffix` ("</w>") becomes a space in every token but the last, where it is dropped.
#pragma once

#include <string>

#include "tokenizer/stages.h"

namespace tokvec {

class BPEDecoder final : public Decoder {
 public:
  explicit BPEDecoder(std::string suffix) : suffix_(std::move(suffix)) {}
  void decode_chain(std::vector<std::string>& tokens) const override;

 private:
  std::string suffix_;
};

}  // namespace tokvec
