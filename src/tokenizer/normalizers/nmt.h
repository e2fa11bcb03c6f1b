// Nmt (tokenizer.json "Nmt"): SentencePiece's nmt_nfkc clean-up as HuggingFace's unicode.rs does
// it, without the NFKC: drops the ASCII/C1 control characters U+0001-0008, 000B, 000E-001F, 007F,
// 008F and 009F, then turns tab, LF, FF, CR, U+1680, U+200B-200F, U+2028, U+2029, U+2581, U+FEFF
// and U+FFFD into ' '.
#pragma once

#include "tokenizer/stages.h"

namespace tokvec {

class Nmt final : public Normalizer {
 public:
  void normalize(Normalized& s) const override;
};

}  // namespace tokvec
