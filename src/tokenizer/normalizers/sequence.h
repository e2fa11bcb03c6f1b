// Sequence (tokenizer.json normalizer "Sequence"): runs its normalizers in order on the same text.
// Named with its stage because "Sequence" is also a pre-tokenizer, processor and decoder type.
#pragma once

#include <memory>
#include <vector>

#include "tokenizer/stages.h"

namespace tokvec {

class NormalizerSequence final : public Normalizer {
 public:
  explicit NormalizerSequence(std::vector<std::unique_ptr<Normalizer>> normalizers)
      : normalizers_(std::move(normalizers)) {}
  void normalize(Normalized& s) const override {
    for (const auto& n : normalizers_) n->normalize(s);
  }

 private:
  std::vector<std::unique_ptr<Normalizer>> normalizers_;
};

}  // namespace tokvec
