#include "tokenizer/normalizers/nmt.h"

#include <optional>

#include "core/utf8.h"
#include "tokenizer/normalizers/rewrite.h"

namespace tokvec {

namespace {

bool is_dropped(char32_t cp) {
  return (cp >= 0x01 && cp <= 0x08) || cp == 0x0B || (cp >= 0x0E && cp <= 0x1F) || cp == 0x7F || cp == 0x8F ||
         cp == 0x9F;
}

bool becomes_space(char32_t cp) {
  switch (cp) {
    case 0x09: case 0x0A: case 0x0C: case 0x0D: case 0x1680: case 0x2028: case 0x2029: case 0x2581:
    case 0xFEFF: case 0xFFFD:
      return true;
    default:
      return cp >= 0x200B && cp <= 0x200F;
  }
}

}  // namespace

void Nmt::normalize(Normalized& s) const {
  // HuggingFace filters, then maps; both keep every other character's alignment, so one pass that
  // removes some characters and replaces others (change 0) gives the same alignments.
  const std::string_view text = s.text;
  std::optional<Rewrite> rewrite;
  for (size_t i = 0; i < text.size();) {
    const auto b = static_cast<uint8_t>(text[i]);
    if (b >= 0x20 && b < 0x7F) {
      ++i;
      continue;
    }
    const size_t start = i;
    const char32_t cp = utf8::decode(text, i);
    const bool dropped = is_dropped(cp);
    if (!dropped && !becomes_space(cp)) continue;
    if (!rewrite) rewrite.emplace(s);
    rewrite->keep(start);
    if (dropped) {
      rewrite->remove(i);
    } else {
      rewrite->emit(U' ', 0);
    }
  }
  if (rewrite) rewrite->finish(s);
}

}  // namespace tokvec
