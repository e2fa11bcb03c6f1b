// Replace (tokenizer.json "Replace"): replaces every match of a pattern with `content`, as
// HuggingFace's NormalizedString::replace. The pattern is {"String": s}, matched literally
// ({"Regex": r} is rejected by make_normalizer for now). Matches are found left to right without
// overlap; the content's characters are all inserted after the removed match, so they take the alignment of
// the match's last character (of the character before an empty match; the text's start when
// there is none). Named with its stage because "Replace" is also a decoder type.
#pragma once

#include <string>
#include <vector>

#include "tokenizer/stages.h"

namespace tokvec {

class NormalizerReplace final : public Normalizer {
 public:
  // A literal pattern. The empty string matches (empty) before every character and at the end.
  static NormalizerReplace literal(std::string pattern, std::string content);
  void normalize(Normalized& s) const override;

 private:
  NormalizerReplace(std::string literal, std::string content);
  void find_matches(std::string_view text, std::vector<Span>& matches) const;

  std::string literal_;
  std::string content_;
  std::u32string content_chars_;
};

}  // namespace tokvec
