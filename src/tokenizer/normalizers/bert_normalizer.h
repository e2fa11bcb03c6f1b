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

class BertNormalizer final : public Normalizer {
 public:
  BertNormalizer(bool clean_text, bool handle_chinese_chars, bool strip_accents, bool lowercase)
      : clean_text_(clean_text),
        handle_chinese_chars_(handle_chinese_chars),
        strip_accents_(strip_accents),
        lowercase_(lowercase) {}
  void normalize(Normalized& s) const override;

 private:
  bool clean_text_;
  bool handle_chinese_chars_;
  bool strip_accents_;
  bool lowercase_;
};

}  // namespace tokvec
