// Strip and StripAccents (tokenizer.json "Strip", "StripAccents"), as HuggingFace's strip.rs.
#pragma once

#include "tokenizer/stages.h"

namespace tokvec {

// "Strip": removes leading and/or trailing White_Space characters (Rust's char::is_whitespace).
// Named with its stage because "Strip" is also a decoder type.
class NormalizerStrip final : public Normalizer {
 public:
  NormalizerStrip(bool strip_left, bool strip_right) : strip_left_(strip_left), strip_right_(strip_right) {}
  void normalize(Normalized& s) const override;

 private:
  bool strip_left_;
  bool strip_right_;
};

// "StripAccents": removes every combining mark (Mn, Mc and Me, as of Unicode 9.0, the tables of
// the unicode-normalization-alignments crate HuggingFace calls). Usually follows NFD or NFKD.
class StripAccents final : public Normalizer {
 public:
  void normalize(Normalized& s) const override;
};

}  // namespace tokvec
