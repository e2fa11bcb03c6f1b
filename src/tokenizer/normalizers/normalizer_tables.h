// Character classes the normalizers need beyond src/unicode, generated into normalizer_tables.cc
// by scripts/gen_normalizer_tables.py from the Unicode Character Database (see that script for
// why some are frozen at an old Unicode version: they reproduce the tables of the crates
// HuggingFace calls).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace tokvec::normalizer_tables {

struct CodePointRange {
  char32_t first;
  char32_t last;
};

// Grapheme_Cluster_Break (UAX #29), with Extended_Pictographic folded in as one more value (no
// character has both a break value and the emoji property).
enum class GraphemeBreak : uint8_t {
  Other, CR, LF, Control, Extend, ZWJ, RegionalIndicator, Prepend, SpacingMark, L, V, T, LV, LVT,
  ExtendedPictographic
};

extern const size_t kMarkUnicode9Count;
extern const CodePointRange kMarkUnicode9[];
extern const size_t kNonspacingMarkUnicode8Count;
extern const CodePointRange kNonspacingMarkUnicode8[];
extern const size_t kFormatUnicode8Count;
extern const CodePointRange kFormatUnicode8[];
extern const size_t kPunctuationUnicode8Count;
extern const CodePointRange kPunctuationUnicode8[];
// Runs covering every code point: kGraphemeBreakStarts[i] (ascending, the first is 0) begins a
// run of GraphemeBreak kGraphemeBreakValues[i].
extern const size_t kGraphemeBreakRunCount;
extern const char32_t kGraphemeBreakStarts[];
extern const uint8_t kGraphemeBreakValues[];

inline bool in_ranges(const CodePointRange* ranges, size_t count, char32_t cp) {
  const CodePointRange* end = ranges + count;
  const CodePointRange* it =
      std::upper_bound(ranges, end, cp, [](char32_t c, const CodePointRange& r) { return c < r.first; });
  return it != ranges && cp <= (it - 1)->last;
}

// Mark (Mn | Mc | Me) as of Unicode 9.0.
inline bool is_mark_unicode9(char32_t cp) {
  return cp >= 0x300 && in_ranges(kMarkUnicode9, kMarkUnicode9Count, cp);
}
// Mn as of Unicode 8.0.
inline bool is_nonspacing_mark_unicode8(char32_t cp) {
  return cp >= 0x300 && in_ranges(kNonspacingMarkUnicode8, kNonspacingMarkUnicode8Count, cp);
}
// Cf as of Unicode 8.0.
inline bool is_format_unicode8(char32_t cp) {
  return cp >= 0xAD && in_ranges(kFormatUnicode8, kFormatUnicode8Count, cp);
}

// Punctuation (P*) as of Unicode 8.0.
inline bool is_punctuation_unicode8(char32_t cp) {
  return in_ranges(kPunctuationUnicode8, kPunctuationUnicode8Count, cp);
}

inline GraphemeBreak grapheme_break(char32_t cp) {
  if (cp < 0x7F) {
    if (cp >= 0x20) return GraphemeBreak::Other;
    return cp == '\r' ? GraphemeBreak::CR : cp == '\n' ? GraphemeBreak::LF : GraphemeBreak::Control;
  }
  const char32_t* it =
      std::upper_bound(kGraphemeBreakStarts, kGraphemeBreakStarts + kGraphemeBreakRunCount, cp);
  return static_cast<GraphemeBreak>(kGraphemeBreakValues[it - 1 - kGraphemeBreakStarts]);
}

}  // namespace tokvec::normalizer_tables
