#include "tokenizer/pre_tokenizers/punctuation.h"

#include "tokenizer/normalizers/normalizer_tables.h"
#include "unicode/unicode.h"

namespace tokvec {

bool is_bert_punctuation(char32_t cp) {
  if (cp < 0x80) return (cp >= '!' && cp <= '/') || (cp >= ':' && cp <= '@') || (cp >= '[' && cp <= '`') ||
                        (cp >= '{' && cp <= '~');
  return normalizer_tables::is_punctuation_unicode8(cp);
}

void Punctuation::split(Normalized& s, std::vector<Span>& pieces) const {
  split_at_chars(s, pieces, is_bert_punctuation, behavior_);
}

void BertPreTokenizer::split(Normalized& s, std::vector<Span>& pieces) const {
  split_at_chars(s, pieces, [](char32_t cp) { return unicode::is_white_space(cp); }, SplitDelimiterBehavior::kRemoved);
  split_at_chars(s, pieces, is_bert_punctuation, SplitDelimiterBehavior::kIsolated);
}

}  // namespace tokvec
