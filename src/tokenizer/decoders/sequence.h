// Sequence (tokenizer.json decoder "Sequence"): decoders applied in order.
#pragma once

#include <memory>

#include "tokenizer/stages.h"

namespace tokvec {

class DecoderSequence final : public Decoder {
 public:
  explicit DecoderSequence(std::vector<std::unique_ptr<Decoder>> decoders) : decoders_(std::move(decoders)) {}
  void decode_chain(std::vector<std::string>& tokens) const override {
    for (const auto& d : decoders_) d->decode_chain(tokens);
  }
  bool has_byte_level() const override {
    for (const auto& d : decoders_) {
      if (d->has_byte_level()) return true;
    }
    return false;
  }

  const std::vector<std::unique_ptr<Decoder>>& decoders() const { return decoders_; }

 private:
  std::vector<std::unique_ptr<Decoder>> decoders_;
};

}  // namespace tokvec
