// GPT-2's byte-level alphabet: the bijection between the 256 byte values and 256 printable
// characters that byte-level BPE vocabularies are written in (openai/gpt-2 `bytes_to_unicode`,
// HuggingFace's ByteLevel pre-tokenizer and decoder).
//
// Bytes 0x21..0x7E, 0xA1..0xAC and 0xAE..0xFF stand for the character with the same code; the 68
// others (0x00..0x20, 0x7F..0xA0, 0xAD) get U+0100, U+0101, ... in increasing byte order, so a
// space is "Ġ" (U+0120) and a newline is "Ċ" (U+010A).
//
// tokvec's byte-level models work on raw bytes; this alphabet appears only where token strings
// cross an API boundary (vocab files in, id_to_token out).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tokvec::byte_level {

// The character that stands for byte b.
char32_t byte_to_char(uint8_t b);

// The byte that character cp stands for, or -1 when cp is not in the alphabet.
int char_to_byte(char32_t cp);

// Appends the alphabet spelling of raw bytes (one character per byte, UTF-8 encoded).
void append_alphabet(std::string& out, std::string_view bytes);
inline std::string to_alphabet(std::string_view bytes) {
  std::string out;
  append_alphabet(out, bytes);
  return out;
}

// Appends the raw bytes an alphabet string spells and returns true; returns false, leaving `out`
// as it was, when `text` holds a character outside the alphabet (or is not valid UTF-8).
bool append_bytes(std::string& out, std::string_view text);

}  // namespace tokvec::byte_level
