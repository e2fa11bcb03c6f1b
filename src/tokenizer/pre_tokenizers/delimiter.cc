#include "tokenizer/pre_tokenizers/delimiter.h"

#include "tokenizer/pre_tokenizers/splitting.h"

namespace tokvec {

void CharDelimiterSplit::split(Normalized& s, std::vector<Span>& pieces) const {
  const char32_t delimiter = delimiter_;
  split_at_chars(s, pieces, [delimiter](char32_t cp) { return cp == delimiter; }, SplitDelimiterBehavior::kRemoved);
}

}  // namespace tokvec
