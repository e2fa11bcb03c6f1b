#include "tokenizer/pre_tokenizers/digits.h"

#include "tokenizer/pre_tokenizers/splitting.h"
#include "unicode/unicode.h"

namespace tokvec {

void Digits::split(Normalized& s, std::vector<Span>& pieces) const {
  split_at_chars(s, pieces, [](char32_t cp) { return unicode::is_number(cp); },
                 individual_digits_ ? SplitDelimiterBehavior::kIsolated : SplitDelimiterBehavior::kContiguous);
}

}  // namespace tokvec
