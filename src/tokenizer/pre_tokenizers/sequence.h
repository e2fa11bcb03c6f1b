// Sequence (tokenizer.json pre_tokenizer "Sequence"; HuggingFace pre_tokenizers/sequence.rs):
// pre-tokenizers applied in order, each refining the pieces of the one before.
#pragma once

#include <memory>

#include "tokenizer/stages.h"

namespace tokvec {

class PreTokenizerSequence final : public PreTokenizer {
 public:
  explicit PreTokenizerSequence(std::vector<std::unique_ptr<PreTokenizer>> pre_tokenizers)
      : pre_tokenizers_(std::move(pre_tokenizers)) {}

  void split(Normalized& s, std::vector<Span>& pieces) const override {
    for (const auto& p : pre_tokenizers_) p->split(s, pieces);
  }
  const ByteLevel* byte_level() const override {
    for (const auto& p : pre_tokenizers_) {
      if (const ByteLevel* found = p->byte_level()) return found;
    }
    return nullptr;
  }

  const std::vector<std::unique_ptr<PreTokenizer>>& pre_tokenizers() const { return pre_tokenizers_; }

 private:
  std::vector<std::unique_ptr<PreTokenizer>> pre_tokenizers_;
};

}  // namespace tokvec
