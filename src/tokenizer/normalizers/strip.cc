#include "tokenizer/normalizers/strip.h"

#include <optional>

#include "core/utf8.h"
#include "tokenizer/normalizers/normalizer_tables.h"
#include "tokenizer/normalizers/rewrite.h"
#include "unicode/unicode.h"

namespace tokvec {

void NormalizerStrip::normalize(Normalized& s) const {
  const std::string_view text = s.text;
  size_t begin = 0;
  if (strip_left_) {
    while (begin < text.size()) {
      size_t next = begin;
      if (!unicode::is_white_space(utf8::decode(text, next))) break;
      begin = next;
    }
  }
  size_t end = text.size();
  if (strip_right_) {
    while (end > begin) {
      size_t start = end - 1;
      while (start > begin && (static_cast<uint8_t>(text[start]) & 0xC0) == 0x80) --start;
      size_t next = start;
      if (!unicode::is_white_space(utf8::decode(text, next))) break;
      end = start;
    }
  }
  if (begin == 0 && end == text.size()) return;
  // The kept characters keep their own alignments, so this is a plain cut of text and alignment.
  if (!s.is_identity()) {
    s.to_source.erase(s.to_source.begin() + end, s.to_source.end());
    s.to_source.erase(s.to_source.begin(), s.to_source.begin() + begin);
  } else if (end > begin) {
    s.make_alignment_explicit();
    s.to_source.erase(s.to_source.begin() + end, s.to_source.end());
    s.to_source.erase(s.to_source.begin(), s.to_source.begin() + begin);
  }
  s.text = s.text.substr(begin, end - begin);
}

void StripAccents::normalize(Normalized& s) const {
  const std::string_view text = s.text;
  std::optional<Rewrite> rewrite;
  for (size_t i = 0; i < text.size();) {
    // Every mark is at U+0300 or above, so ASCII and the two-byte Latin-1 leads C2/C3 pass at once.
    const auto b = static_cast<uint8_t>(text[i]);
    if (b < 0xCC) {
      i = b < 0x80 ? skip_ascii(text, i) : i + utf8::sequence_length(b);
      continue;
    }
    // decode() advances a copy: were `i` itself passed by address, it would live in memory and
    // slow the ASCII loop above several times over.
    const size_t start = i;
    size_t next = i;
    const char32_t cp = utf8::decode(text, next);
    i = next;
    if (!normalizer_tables::is_mark_unicode9(cp)) continue;
    if (!rewrite) rewrite.emplace(s);
    rewrite->keep(start);
    rewrite->remove(i);
  }
  if (rewrite) rewrite->finish(s);
}

}  // namespace tokvec
