// UTF-8 helpers shared by every stage. `cp` = Unicode code point.
//
// Invalid input follows the WHATWG decoder (what TextDecoder and TextEncoder do): each maximal
// invalid subsequence becomes one U+FFFD. Text that came from a JS string through TextEncoder is
// always valid, so this matters only for bytes read from files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tokvec::utf8 {

inline constexpr char32_t kReplacement = 0xFFFD;

// Decodes the code point starting at text[i] and advances i past it (past the maximal invalid
// subsequence, yielding U+FFFD, when the bytes there are not valid UTF-8). Requires i < size.
char32_t decode(std::string_view text, size_t& i);

// decode, with ASCII and the two- and three-byte sequences whose second byte may be any
// continuation byte (every lead but E0 and ED, whose ranges are narrower) decoded in place: nearly
// all text. For the per-character loops of files built for size, where decode is not inlined and
// would be a call per character; the rest goes to decode.
[[gnu::always_inline]] inline char32_t decode_inline(std::string_view text, size_t& i) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const uint8_t b0 = s[i];
  if (b0 < 0x80) return s[i++];
  const auto continues = [&](size_t k) { return i + k < text.size() && (s[i + k] & 0xC0) == 0x80; };
  if (b0 >= 0xC2 && b0 < 0xE0 && continues(1)) {
    i += 2;
    return char32_t{b0 & 0x1Fu} << 6 | (s[i - 1] & 0x3Fu);
  }
  if (b0 > 0xE0 && b0 < 0xF0 && b0 != 0xED && continues(1) && continues(2)) {
    i += 3;
    return char32_t{b0 & 0x0Fu} << 12 | char32_t{s[i - 2] & 0x3Fu} << 6 | (s[i - 1] & 0x3Fu);
  }
  return decode(text, i);
}

// Appends the UTF-8 form of cp (surrogates and values past U+10FFFF become U+FFFD).
void append(std::string& out, char32_t cp);

// Number of bytes the UTF-8 sequence starting with lead byte b claims (1 for invalid leads).
inline size_t sequence_length(uint8_t b) {
  if (b < 0x80) return 1;
  if (b >= 0xF0 && b <= 0xF4) return 4;
  if (b >= 0xE0) return b <= 0xEF ? 3 : 1;
  if (b >= 0xC2) return 2;
  return 1;
}

// True when the whole string is well-formed UTF-8.
bool is_valid(std::string_view text);

// The text with each maximal invalid subsequence replaced by U+FFFD (what TextDecoder and Rust's
// String::from_utf8_lossy both do).
std::string to_valid(std::string_view text);

// How many UTF-16 code units cp takes in a JavaScript string.
inline uint32_t utf16_length(char32_t cp) { return cp >= 0x10000 ? 2 : 1; }

// Length of the longest prefix of `bytes` that ends on a complete UTF-8 sequence; the rest is an
// incomplete (but so far valid) sequence a streaming decoder must hold back.
size_t complete_prefix(std::string_view bytes);

}  // namespace tokvec::utf8

namespace tokvec::utf8 {

// Converts byte offsets into `text` to UTF-16 code-unit offsets, the way JavaScript indexes the
// same string. A start inside a multi-byte character maps to the character's start and an end
// inside one to its end, so a token holding part of a character still covers all of it (as
// HuggingFace's character alignments do). `byte_offsets` need not be sorted; sorted input is linear.
void to_utf16_offsets(std::string_view text, const uint32_t* byte_offsets, size_t count, uint32_t* out,
                      bool round_up);

}  // namespace tokvec::utf8
