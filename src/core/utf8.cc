#include "core/utf8.h"

#include <algorithm>

namespace tokvec::utf8 {

// The valid range of the byte after `lead`: no overlongs, no surrogates, nothing past U+10FFFF.
static void second_byte_range(uint8_t lead, uint8_t& lo, uint8_t& hi) {
  lo = 0x80;
  hi = 0xBF;
  if (lead == 0xE0) lo = 0xA0;
  else if (lead == 0xED) hi = 0x9F;
  else if (lead == 0xF0) lo = 0x90;
  else if (lead == 0xF4) hi = 0x8F;
}


char32_t decode(std::string_view text, size_t& i) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const size_t n = text.size();
  const uint8_t b0 = s[i];
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  const size_t len = sequence_length(b0);
  if (len == 1) {
    ++i;
    return kReplacement;
  }
  // The second byte's valid range depends on the lead (no overlongs, no surrogates, <= U+10FFFF).
  uint8_t lo, hi;
  second_byte_range(b0, lo, hi);
  char32_t cp = b0 & (0xFF >> (len + 1));
  size_t j = i + 1;
  for (size_t k = 1; k < len; ++k, ++j) {
    if (j >= n) {
      i = j;
      return kReplacement;
    }
    const uint8_t b = s[j];
    if (b < lo || b > hi) {
      i = j;  // the offending byte starts the next sequence
      return kReplacement;
    }
    lo = 0x80;
    hi = 0xBF;
    cp = (cp << 6) | (b & 0x3F);
  }
  i = j;
  return cp;
}

void append(std::string& out, char32_t cp) {
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = kReplacement;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool is_valid(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const size_t before = i;
    const char32_t cp = decode(text, i);
    if (cp == kReplacement && !(i - before == 3 && static_cast<uint8_t>(text[before]) == 0xEF)) {
      return false;
    }
  }
  return true;
}

std::string to_valid(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (size_t i = 0; i < text.size();) append(out, decode(text, i));
  return out;
}

size_t complete_prefix(std::string_view bytes) {
  const size_t n = bytes.size();
  // An incomplete tail is at most 3 bytes: a lead byte followed by fewer continuations than it needs.
  for (size_t back = 1; back <= 3 && back <= n; ++back) {
    const auto lead = static_cast<uint8_t>(bytes[n - back]);
    if ((lead & 0xC0) == 0x80) continue;  // continuation byte: keep looking for the lead
    const size_t need = sequence_length(lead);
    if (need <= back || (need == 1)) return n;
    // Hold the tail back only while it is a valid prefix; a broken one can never complete.
    uint8_t lo, hi;
    second_byte_range(lead, lo, hi);
    for (size_t k = 1; k < back; ++k) {
      const auto b = static_cast<uint8_t>(bytes[n - back + k]);
      if (b < lo || b > hi) return n;
      lo = 0x80;
      hi = 0xBF;
    }
    return n - back;
  }
  return n;
}

}  // namespace tokvec::utf8

namespace tokvec::utf8 {

void to_utf16_offsets(std::string_view text, const uint32_t* byte_offsets, size_t count, uint32_t* out,
                      bool round_up) {
  size_t byte = 0;    // cursor, always on a character boundary
  uint32_t unit = 0;  // UTF-16 offset of `byte`
  for (size_t k = 0; k < count; ++k) {
    const size_t target = std::min<size_t>(byte_offsets[k], text.size());
    if (target < byte) {
      byte = 0;
      unit = 0;
    }
    uint32_t inside = 0;  // UTF-16 length of the character `target` falls inside, if rounding up
    while (byte < target) {
      size_t next = byte;
      const char32_t cp = decode(text, next);
      if (next > target) {
        if (round_up) inside = utf16_length(cp);
        break;
      }
      byte = next;
      unit += utf16_length(cp);
    }
    out[k] = unit + inside;
  }
}

}  // namespace tokvec::utf8
