#include "tokenizer/normalizers/replace.h"

#include <vector>

#include "core/utf8.h"
#include "tokenizer/normalizers/rewrite.h"

namespace tokvec {

NormalizerReplace::NormalizerReplace(std::string literal, std::shared_ptr<const Regex> regex, std::string content)
    : literal_(std::move(literal)), regex_(std::move(regex)), content_(std::move(content)) {
  for (size_t i = 0; i < content_.size();) content_chars_.push_back(utf8::decode(content_, i));
}

NormalizerReplace NormalizerReplace::literal(std::string pattern, std::string content) {
  return NormalizerReplace(std::move(pattern), nullptr, std::move(content));
}

NormalizerReplace NormalizerReplace::regex(std::string_view pattern, std::string content) {
  return NormalizerReplace("", std::make_shared<const Regex>(pattern, Regex::Dialect::kOniguruma), std::move(content));
}

void NormalizerReplace::find_matches(std::string_view text, std::vector<Span>& matches) const {
  if (regex_) {
    regex_->find_all(text, matches);
    return;
  }
  // HuggingFace compiles a literal into an escaped regex, so "" is the empty regex: it matches at
  // every character boundary, the end included.
  if (literal_.empty()) {
    for (size_t i = 0;; i += utf8::sequence_length(static_cast<uint8_t>(text[i]))) {
      matches.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(i)});
      if (i >= text.size()) break;
    }
    return;
  }
  for (size_t at = text.find(literal_); at != std::string_view::npos; at = text.find(literal_, at + literal_.size())) {
    matches.push_back({static_cast<uint32_t>(at), static_cast<uint32_t>(at + literal_.size())});
  }
}

void NormalizerReplace::normalize(Normalized& s) const {
  if (s.text.empty()) return;  // HuggingFace reports no match in an empty string
  std::vector<Span> matches;
  find_matches(s.text, matches);
  if (matches.empty()) return;
  Rewrite rewrite(s);
  for (const Span& m : matches) {
    rewrite.keep(m.start);
    rewrite.remove(m.end);
    for (char32_t c : content_chars_) rewrite.emit(c, 1);
  }
  rewrite.finish(s);
}

}  // namespace tokvec
