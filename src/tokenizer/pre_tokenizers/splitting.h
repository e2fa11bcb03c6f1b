// The machinery HuggingFace's pre-tokenizers share (tokenizers/src/tokenizer/normalizer.rs
// `NormalizedString::split`, tokenizer/pattern.rs `Pattern::find_matches`): a piece is cut into an
// ordered run of matched and unmatched stretches, then SplitDelimiterBehavior decides which
// stretches become pieces and which merge with a neighbour.
//
// Plus PieceRewriter, for the pre-tokenizers that rewrite text (Metaspace, ByteLevel's prefix
// space) and must keep Normalized::to_source exact while they do.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/span.h"
#include "core/utf8.h"
#include "regex/regex.h"
#include "tokenizer/normalized.h"

namespace tokvec {

// What happens to the stretches a pattern matched. On "the-final--countdown" split at '-':
//   Removed            the | final | countdown
//   Isolated           the | - | final | - | - | countdown
//   MergedWithPrevious the- | final- | - | countdown
//   MergedWithNext     the | -final | - | -countdown
//   Contiguous         the | - | final | -- | countdown
enum class SplitDelimiterBehavior { kRemoved, kIsolated, kMergedWithPrevious, kMergedWithNext, kContiguous };

// Reads "Removed" | "Isolated" | ... (exact spelling, as HuggingFace's serde does).
SplitDelimiterBehavior parse_split_behavior(const JsonView& j);

// One stretch of a piece: byte span into Normalized::text and whether the pattern matched it.
struct Stretch {
  Span span;
  bool is_match;
};

// Applies `behavior` to the stretches of one piece (in order, covering it) and appends the
// resulting non-empty pieces to `out`.
void append_split(const std::vector<Stretch>& stretches, SplitDelimiterBehavior behavior, std::vector<Span>& out);

// Stretches of `piece` for a per-character predicate: each matching character is its own matched
// stretch; the characters between matches form one unmatched stretch.
template <typename Predicate>
void find_char_stretches(std::string_view text, Span piece, Predicate is_delimiter, std::vector<Stretch>& out) {
  out.clear();
  uint32_t unmatched_start = piece.start;
  size_t i = piece.start;
  const std::string_view bounded = text.substr(0, piece.end);
  while (i < piece.end) {
    const uint32_t at = static_cast<uint32_t>(i);
    const char32_t cp = utf8::decode(bounded, i);
    if (is_delimiter(cp)) {
      if (unmatched_start < at) out.push_back({{unmatched_start, at}, false});
      out.push_back({{at, static_cast<uint32_t>(i)}, true});
      unmatched_start = static_cast<uint32_t>(i);
    }
  }
  if (unmatched_start < piece.end) out.push_back({{unmatched_start, piece.end}, false});
}

// Splits every piece at the characters `is_delimiter` accepts, as `behavior` says.
template <typename Predicate>
void split_at_chars(const Normalized& s, std::vector<Span>& pieces, Predicate is_delimiter,
                    SplitDelimiterBehavior behavior) {
  std::vector<Span> out;
  out.reserve(pieces.size() * 2);
  std::vector<Stretch> stretches;
  for (const Span& piece : pieces) {
    find_char_stretches(s.text, piece, is_delimiter, stretches);
    append_split(stretches, behavior, out);
  }
  pieces = std::move(out);
}

// Stretches of `piece` for a regex run on the piece alone (its anchors and lookarounds see only
// the piece, as HuggingFace runs the pattern on each split's own string). `invert` swaps matched
// and unmatched. `scratch` is reused between calls.
void find_regex_stretches(const Regex& regex, std::string_view text, Span piece, bool invert,
                          std::vector<Span>& scratch, std::vector<Stretch>& out);

// A Regex matching `literal` exactly (every ASCII punctuation character escaped), which is how
// HuggingFace runs {"String": ...} patterns: through the regex engine, so an empty literal matches
// the empty string at every character boundary.
Regex literal_regex(std::string_view literal);

// The Regex for a tokenizer.json pattern object, {"String": literal} or {"Regex": pattern} (as
// `Split`, `Replace` use). A pattern the engine rejects throws its error prefixed with the JSON
// location: `tokenizer.json: pre_tokenizer.pattern.Regex: regex: unmatched ")" at offset 3 ...`.
Regex make_pattern_regex(const JsonView& pattern);

// Rebuilds Normalized::text with insertions and replacements, keeping every byte's source span.
// The pre-tokenizer walks the old text in order: `copy_to` carries bytes over unchanged, `insert`
// adds bytes that stand for a given source span, `replace` swaps old bytes for new ones that stand
// for the old bytes' source. `finish` moves the new text and alignment into the Normalized.
class PieceRewriter {
 public:
  explicit PieceRewriter(Normalized& s);

  // Position in the new text (where the next byte will go).
  uint32_t size() const { return static_cast<uint32_t>(text_.size()); }
  // Position in the old text (the next byte to carry over).
  uint32_t read_position() const { return read_; }

  void copy_to(uint32_t old_end);
  void insert(std::string_view bytes, Span source);
  void replace(uint32_t old_length, std::string_view bytes);
  // Source span of the old character starting at old byte `at`.
  Span source_of_char(uint32_t at) const;

  void finish();

 private:
  Normalized& s_;
  std::string text_;
  std::vector<Span> to_source_;
  uint32_t read_ = 0;
};

}  // namespace tokvec
