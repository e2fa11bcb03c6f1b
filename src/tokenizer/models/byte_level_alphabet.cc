#include "tokenizer/models/byte_level_alphabet.h"

#include <array>

namespace tokvec::byte_level {
namespace {

constexpr bool stands_for_itself(unsigned b) {
  return (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
}

// Every alphabet character is below U+0144, so the inverse is a flat table over that range.
constexpr char32_t kAlphabetEnd = 0x144;

struct Tables {
  std::array<char32_t, 256> char_of{};
  std::array<int16_t, kAlphabetEnd> byte_of{};
  // UTF-8 of each byte's character: up to 2 bytes, length in utf8_len.
  std::array<std::array<char, 2>, 256> utf8{};
  std::array<uint8_t, 256> utf8_len{};

  constexpr Tables() {
    for (auto& b : byte_of) b = -1;
    char32_t next = 0x100;
    for (unsigned b = 0; b < 256; ++b) {
      const char32_t cp = stands_for_itself(b) ? b : next++;
      char_of[b] = cp;
      byte_of[cp] = static_cast<int16_t>(b);
      if (cp < 0x80) {
        utf8[b] = {static_cast<char>(cp), 0};
        utf8_len[b] = 1;
      } else {
        utf8[b] = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
        utf8_len[b] = 2;
      }
    }
  }
};

constexpr Tables kTables;

}  // namespace

char32_t byte_to_char(uint8_t b) { return kTables.char_of[b]; }

int char_to_byte(char32_t cp) { return cp < kAlphabetEnd ? kTables.byte_of[cp] : -1; }

void append_alphabet(std::string& out, std::string_view bytes) {
  for (const char c : bytes) {
    const auto b = static_cast<uint8_t>(c);
    out.append(kTables.utf8[b].data(), kTables.utf8_len[b]);
  }
}

bool append_bytes(std::string& out, std::string_view text) {
  const size_t mark = out.size();
  for (size_t i = 0; i < text.size();) {
    const auto b0 = static_cast<uint8_t>(text[i]);
    char32_t cp;
    if (b0 < 0x80) {
      cp = b0;
      i += 1;
    } else if (b0 >= 0xC2 && b0 <= 0xDF && i + 1 < text.size() && (static_cast<uint8_t>(text[i + 1]) & 0xC0) == 0x80) {
      // Alphabet characters all have one- or two-byte UTF-8 forms; anything longer is outside.
      cp = (static_cast<char32_t>(b0 & 0x1F) << 6) | (static_cast<uint8_t>(text[i + 1]) & 0x3F);
      i += 2;
    } else {
      out.resize(mark);
      return false;
    }
    const int byte = char_to_byte(cp);
    if (byte < 0) {
      out.resize(mark);
      return false;
    }
    out.push_back(static_cast<char>(byte));
  }
  return true;
}

}  // namespace tokvec::byte_level
