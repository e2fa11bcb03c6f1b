// NFD, NFKD, NFC, NFKC (tokenizer.json "NFD", "NFKD", "NFC", "NFKC"): Unicode normalization with
// HuggingFace's alignments, from the change values unicode::normalize reports the way the
// unicode-normalization-alignments crate does (a decomposition's extra characters are inserted
// after the first; a composed character takes the alignment of its first piece only).
#pragma once

#include "tokenizer/stages.h"
#include "unicode/unicode.h"

namespace tokvec {

// Normalizes s to `form`. Text made only of characters below the form's quick-check bound (all
// ASCII, for every form) is left untouched without a copy.
void normalize_form(Normalized& s, unicode::NormalForm form);

class NFD final : public Normalizer {
 public:
  void normalize(Normalized& s) const override { normalize_form(s, unicode::NormalForm::NFD); }
};

class NFKD final : public Normalizer {
 public:
  void normalize(Normalized& s) const override { normalize_form(s, unicode::NormalForm::NFKD); }
};

class NFC final : public Normalizer {
 public:
  void normalize(Normalized& s) const override { normalize_form(s, unicode::NormalForm::NFC); }
};

class NFKC final : public Normalizer {
 public:
  void normalize(Normalized& s) const override { normalize_form(s, unicode::NormalForm::NFKC); }
};

}  // namespace tokvec
