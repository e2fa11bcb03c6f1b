// Split (tokenizer.json pre_tokenizer "Split"; HuggingFace pre_tokenizers/split.rs): cuts each
// piece where `pattern` matches — {"String": literal} or {"Regex": Oniguruma pattern} — and keeps,
// drops or merges the matches as `behavior` says; `invert` makes the stretches between matches
// the delimiters instead.
#pragma once

#include "regex/regex.h"
#include "tokenizer/pre_tokenizers/splitting.h"
#include "tokenizer/stages.h"

namespace tokvec {

class Split final : public PreTokenizer {
 public:
  Split(Regex regex, SplitDelimiterBehavior behavior, bool invert)
      : regex_(std::move(regex)), behavior_(behavior), invert_(invert) {}

  void split(Normalized& s, std::vector<Span>& pieces) const override;

  const Regex& regex() const { return regex_; }

 private:
  Regex regex_;
  SplitDelimiterBehavior behavior_;
  bool invert_;
};

}  // namespace tokvec
