// CTC decoder (tokenizer.json decoder "CTC"; HuggingFace decoders/ctc.rs), for speech models'
// frame-level output: repeated tokens collapse into one, `pad_token` is removed, and with
// `cleanup` the text goes through wordpiece_cleanup and `word_delimiter_token` becomes a space.
// Tokens left empty are dropped.
#pragma once

#include <string>

#include "tokenizer/stages.h"

namespace tokvec {

class CTC final : public Decoder {
 public:
  CTC(std::string pad_token, std::string word_delimiter_token, bool cleanup)
      : pad_token_(std::move(pad_token)), word_delimiter_token_(std::move(word_delimiter_token)), cleanup_(cleanup) {}
  void decode_chain(std::vector<std::string>& tokens) const override;

 private:
  std::string pad_token_;
  std::string word_delimiter_token_;
  bool cleanup_;
};

}  // namespace tokvec
