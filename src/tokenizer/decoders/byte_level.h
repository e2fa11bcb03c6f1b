// ByteLevel decoder (tokenizer.json decoder "ByteLevel"; HuggingFace pre_tokenizers/byte_level.rs
// `impl Decoder`): each token spelled in GPT-2's byte alphabet becomes the bytes it stands for (a
// token with any character outside the alphabet stays as it is), and all tokens become one string
// in which bytes that are not valid UTF-8 turn into U+FFFD, one per maximal invalid subsequence,
// as Rust's String::from_utf8_lossy does.
#pragma once

#include "tokenizer/stages.h"

namespace tokvec {

class ByteLevelDecoder final : public Decoder {
 public:
  void decode_chain(std::vector<std::string>& tokens) const override;
  bool has_byte_level() const override { return true; }
};

}  // namespace tokvec
