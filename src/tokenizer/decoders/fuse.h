// Fuse (tokenizer.json "Fuse"): all tokens become one string.
#pragma once

#include "tokenizer/stages.h"

namespace tokvec {

class Fuse final : public Decoder {
 public:
  void decode_chain(std::vector<std::string>& tokens) const override {
    std::string joined;
    for (const std::string& t : tokens) joined += t;
    tokens.assign(1, std::move(joined));
  }
};

}  // namespace tokvec
