#include "tokenizer/pre_tokenizers/splitting.h"

#include <algorithm>

namespace tokvec {

SplitDelimiterBehavior parse_split_behavior(const JsonView& j) {
  const std::string name = j.as_string();
  if (name == "Removed") return SplitDelimiterBehavior::kRemoved;
  if (name == "Isolated") return SplitDelimiterBehavior::kIsolated;
  if (name == "MergedWithPrevious") return SplitDelimiterBehavior::kMergedWithPrevious;
  if (name == "MergedWithNext") return SplitDelimiterBehavior::kMergedWithNext;
  if (name == "Contiguous") return SplitDelimiterBehavior::kContiguous;
  j.fail("unknown behavior \"" + name +
         "\", expected one of Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous");
}

void append_split(const std::vector<Stretch>& stretches, SplitDelimiterBehavior behavior, std::vector<Span>& out) {
  const size_t first = out.size();
  switch (behavior) {
    case SplitDelimiterBehavior::kRemoved:
      for (const Stretch& s : stretches) {
        if (!s.is_match) out.push_back(s.span);
      }
      break;
    case SplitDelimiterBehavior::kIsolated:
      for (const Stretch& s : stretches) out.push_back(s.span);
      break;
    case SplitDelimiterBehavior::kContiguous: {
      bool previous_match = false;
      for (const Stretch& s : stretches) {
        if (s.is_match == previous_match && out.size() > first) out.back().end = s.span.end;
        else out.push_back(s.span);
        previous_match = s.is_match;
      }
      break;
    }
    case SplitDelimiterBehavior::kMergedWithPrevious: {
      bool previous_match = false;
      for (const Stretch& s : stretches) {
        if (s.is_match && !previous_match && out.size() > first) out.back().end = s.span.end;
        else out.push_back(s.span);
        previous_match = s.is_match;
      }
      break;
    }
    case SplitDelimiterBehavior::kMergedWithNext: {
      // The mirror image of MergedWithPrevious: walk from the end so a match joins what follows.
      bool next_match = false;
      for (size_t i = stretches.size(); i-- > 0;) {
        const Stretch& s = stretches[i];
        if (s.is_match && !next_match && out.size() > first) out.back().start = s.span.start;
        else out.push_back(s.span);
        next_match = s.is_match;
      }
      std::reverse(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
      break;
    }
  }
  // HuggingFace drops empty splits (PreTokenizedString::split).
  out.erase(std::remove_if(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                           [](const Span& p) { return p.empty(); }),
            out.end());
}

void find_regex_stretches(const Regex& regex, std::string_view text, Span piece, bool invert,
                          std::vector<Span>& scratch, std::vector<Stretch>& out) {
  out.clear();
  scratch.clear();
  regex.find_all(text.substr(piece.start, piece.size()), scratch);
  uint32_t previous_end = piece.start;
  for (const Span& m : scratch) {
    const Span match{piece.start + m.start, piece.start + m.end};
    if (previous_end != match.start) out.push_back({{previous_end, match.start}, invert});
    out.push_back({match, !invert});
    previous_end = match.end;
  }
  if (previous_end != piece.end) out.push_back({{previous_end, piece.end}, invert});
}

Regex literal_regex(std::string_view literal) {
  std::string pattern;
  pattern.reserve(literal.size() * 2);
  for (const char c : literal) {
    const bool ascii_punctuation = (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
                                   (c >= '{' && c <= '~');
    if (ascii_punctuation) pattern.push_back('\\');
    pattern.push_back(c);
  }
  return Regex(pattern, Regex::Dialect::kOniguruma);
}

Regex make_pattern_regex(const JsonView& pattern) {
  const bool is_string = pattern.is_object() && pattern.size() == 1 && pattern.has("String");
  const bool is_regex = pattern.is_object() && pattern.size() == 1 && pattern.has("Regex");
  if (!is_string && !is_regex) pattern.fail("expected {\"String\": ...} or {\"Regex\": ...}");
  const JsonView value = pattern.at(is_string ? "String" : "Regex");
  const std::string text = value.as_string();
  try {
    return is_string ? literal_regex(text) : Regex(text, Regex::Dialect::kOniguruma);
  } catch (const Error& e) {
    value.fail(e.what(), e.code());
  }
}

PieceRewriter::PieceRewriter(Normalized& s) : s_(s) {
  s_.make_alignment_explicit();
  text_.reserve(s_.text.size() + s_.text.size() / 4 + 8);
  to_source_.reserve(text_.capacity());
}

void PieceRewriter::copy_to(uint32_t old_end) {
  text_.append(s_.text, read_, old_end - read_);
  to_source_.insert(to_source_.end(), s_.to_source.begin() + read_, s_.to_source.begin() + old_end);
  read_ = old_end;
}

void PieceRewriter::insert(std::string_view bytes, Span source) {
  text_.append(bytes);
  to_source_.insert(to_source_.end(), bytes.size(), source);
}

void PieceRewriter::replace(uint32_t old_length, std::string_view bytes) {
  const Span source{s_.to_source[read_].start, s_.to_source[read_ + old_length - 1].end};
  insert(bytes, source);
  read_ += old_length;
}

Span PieceRewriter::source_of_char(uint32_t at) const {
  const size_t length = std::min<size_t>(utf8::sequence_length(static_cast<uint8_t>(s_.text[at])), s_.text.size() - at);
  return {s_.to_source[at].start, s_.to_source[at + length - 1].end};
}

void PieceRewriter::finish() {
  copy_to(static_cast<uint32_t>(s_.text.size()));
  s_.text = std::move(text_);
  s_.to_source = std::move(to_source_);
}

}  // namespace tokvec
