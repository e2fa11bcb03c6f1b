// Identity stages: what a tokenizer has where tokenizer.json says null.
#pragma once

#include "tokenizer/stages.h"

namespace tokvec {

class IdentityNormalizer final : public Normalizer {
 public:
  void normalize(Normalized&) const override {}
};

class IdentityPreTokenizer final : public PreTokenizer {
 public:
  void split(Normalized&, std::vector<Span>&) const override {}
};

// HuggingFace decodes without a decoder by joining the token strings with single spaces.
class SpaceJoinDecoder final : public Decoder {
 public:
  void decode_chain(std::vector<std::string>& tokens) const override {
    for (size_t i = 1; i < tokens.size(); ++i) tokens[i].insert(0, 1, ' ');
  }
};

}  // namespace tokvec
