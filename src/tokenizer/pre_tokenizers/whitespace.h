// Whitespace (tokenizer.json "Whitespace"): the regex  \w+|[^\w\s]+  — runs of word characters
// and runs of other non-space characters become pieces; whitespace is dropped. Hand-written
// because it is a three-way classification of code points, not a general pattern.
#pragma once

#include "tokenizer/stages.h"

namespace tokvec {

class Whitespace final : public PreTokenizer {
 public:
  void split(Normalized& s, std::vector<Span>& pieces) const override;
};

}  // namespace tokvec
