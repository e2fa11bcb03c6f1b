// Replace decoder (tokenizer.json decoder "Replace"; HuggingFace normalizers/replace.rs
// `impl Decoder`): in each token, every match of `pattern` ({"String": literal} or
// {"Regex": pattern}) becomes `content`.
#pragma once

#include <string>

#include "regex/regex.h"
#include "tokenizer/stages.h"

namespace tokvec {

class ReplaceDecoder final : public Decoder {
 public:
  ReplaceDecoder(Regex regex, std::string content) : regex_(std::move(regex)), content_(std::move(content)) {}
  void decode_chain(std::vector<std::string>& tokens) const override;

 private:
  Regex regex_;
  std::string content_;
};

}  // namespace tokvec
