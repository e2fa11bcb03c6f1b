#include "tokenizer/pre_tokenizers/whitespace.h"

#include "core/cold.h"
#include "core/utf8.h"
#include "tokenizer/pre_tokenizers/splitting.h"
#include "unicode/unicode.h"

namespace tokvec {

namespace {

enum class CharClass { kWord, kSpace, kOther };

CharClass classify(char32_t cp) {
  if (unicode::is_word_char(cp)) return CharClass::kWord;
  if (unicode::is_white_space(cp)) return CharClass::kSpace;
  return CharClass::kOther;
}

}  // namespace

// Built for size (core/cold.h): of the two, only WhitespaceSplit (T5's) is on the encode path of
// a model the benchmarks measure, and the file is -O3 for it.
TOKVEC_COLD_BEGIN
void Whitespace::split(Normalized& s, std::vector<Span>& pieces) const {
  const std::string_view text = s.text;
  std::vector<Span> out;
  out.reserve(pieces.size() * 2);
  for (const Span& piece : pieces) {
    size_t i = piece.start;
    size_t run_start = i;
    CharClass run = CharClass::kSpace;
    while (i < piece.end) {
      const size_t at = i;
      const CharClass c = classify(utf8::decode(text.substr(0, piece.end), i));
      if (c != run) {
        if (run != CharClass::kSpace) out.push_back({static_cast<uint32_t>(run_start), static_cast<uint32_t>(at)});
        run = c;
        run_start = at;
      }
    }
    if (run != CharClass::kSpace) out.push_back({static_cast<uint32_t>(run_start), piece.end});
  }
  pieces = std::move(out);
}
TOKVEC_COLD_END

void WhitespaceSplit::split(Normalized& s, std::vector<Span>& pieces) const {
  // split_at_chars with kRemoved keeps the runs between white space; found directly, one byte at
  // a time where the text is ASCII.
  const std::string_view text = s.text;
  std::vector<Span> out;
  out.reserve(pieces.size() + text.size() / 4);
  for (const Span& piece : pieces) {
    const std::string_view bounded = text.substr(0, piece.end);
    uint32_t run_start = piece.start;
    for (size_t i = piece.start; i < piece.end;) {
      const auto at = static_cast<uint32_t>(i);
      const auto b = static_cast<uint8_t>(text[i]);
      const bool space = b < 0x80 ? (++i, unicode::is_white_space(b)) : unicode::is_white_space(utf8::decode(bounded, i));
      if (!space) continue;
      if (run_start < at) out.push_back({run_start, at});
      run_start = static_cast<uint32_t>(i);
    }
    if (run_start < piece.end) out.push_back({run_start, piece.end});
  }
  pieces = std::move(out);
}

}  // namespace tokvec
