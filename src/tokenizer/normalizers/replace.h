// Replace (tokenizer.json "Replace"): replaces every match of a pattern with `content`, as
// HuggingFace's NormalizedString::replace. The pattern is {"String": s} (s matched literally) or
// {"Regex": r} (an Oniguruma regex, run by tokvec::Regex). Matches are found left to right without
// overlap, as the onig crate's find_iter finds them; the content's characters are all inserted
// after the removed match, so they take the alignment of the match's last character (of the character before an empty match; the text's start when
// there is none). Named with its stage because "Replace" is also a decoder type.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "regex/regex.h"

#include "tokenizer/stages.h"

namespace tokvec {

class NormalizerReplace final : public Normalizer {
 public:
  // A literal pattern. The empty string matches (empty) before every character and at the end.
  static NormalizerReplace literal(std::string pattern, std::string content);
  // An Oniguruma pattern; throws tokvec::Error when the regex engine rejects it.
  static NormalizerReplace regex(std::string_view pattern, std::string content);
  void normalize(Normalized& s) const override;

 private:
  NormalizerReplace(std::string literal, std::shared_ptr<const Regex> regex, std::string content);
  void find_matches(std::string_view text, std::vector<Span>& matches) const;

  std::string literal_;
  std::shared_ptr<const Regex> regex_;  // null for a literal pattern
  std::string content_;
  std::u32string content_chars_;
};

}  // namespace tokvec
