// BertNormalizer (tokenizer.json "BertNormalizer"), as HuggingFace's bert.rs, in its order:
//   clean_text            drop U+0000, U+FFFD and "other" characters (Cc, Cf as of Unicode 8.0,
//                         private use; not tab, LF, CR), then turn White_Space into ' ';
//   handle_chinese_chars  surround each CJK ideograph (HuggingFace's is_chinese_char ranges) with
//                         spaces, both aligned to the ideograph;
//   strip_accents         NFD, then drop Mn (as of Unicode 8.0); null in the file means "as
//                         lowercase";
//   lowercase             as the Lowercase normalizer.
// The Unicode 8.0 classes are those of the unicode_categories crate HuggingFace calls.
#pragma once

#include "tokenizer/stages.h"

namespace tokvec {

// HuggingFace's is_chinese_char: the CJK ideograph blocks handle_chinese_chars surrounds with spaces.
bool is_chinese_char(char32_t cp);
// What clean_text drops: U+0000, U+FFFD, and unicode_categories' is_other (Cc, Cf as of Unicode
// 8.0, Co) except tab, LF and CR, which count as whitespace.
bool is_dropped_by_clean_text(char32_t cp);

class BertNormalizer final : public Normalizer {
 public:
  BertNormalizer(bool clean_text, bool handle_chinese_chars, bool strip_accents, bool lowercase)
      : clean_text_(clean_text),
        handle_chinese_chars_(handle_chinese_chars),
        strip_accents_(strip_accents),
        lowercase_(lowercase) {}
  void normalize(Normalized& s) const override;
  const BertNormalizer* bert_normalizer() const override { return this; }

  bool clean_text() const { return clean_text_; }
  bool handle_chinese_chars() const { return handle_chinese_chars_; }
  bool strip_accents() const { return strip_accents_; }
  bool lowercase() const { return lowercase_; }

 private:
  bool clean_text_;
  bool handle_chinese_chars_;
  bool strip_accents_;
  bool lowercase_;
};

}  // namespace tokvec
