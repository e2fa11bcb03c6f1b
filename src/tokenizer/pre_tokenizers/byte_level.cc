#include "tokenizer/pre_tokenizers/byte_level.h"

#include "core/utf8.h"
#include "tokenizer/pre_tokenizers/splitting.h"
#include "unicode/unicode.h"

namespace tokvec {

namespace {

enum class CharKind { kLetter, kNumber, kSpace, kOther };

CharKind kind_of(char32_t cp) {
  if (unicode::is_letter(cp)) return CharKind::kLetter;
  if (unicode::is_number(cp)) return CharKind::kNumber;
  if (unicode::is_white_space(cp)) return CharKind::kSpace;
  return CharKind::kOther;
}

// Hand-written matcher for GPT-2's pattern, run as Oniguruma would (leftmost-first alternatives):
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// Every character is a letter, a number, white space or none of these, so some alternative
// matches at every position and the matches tile the piece; each one is appended to `out`.
// pre_tokenizers_test checks it against the regex engine running the pattern itself.
void split_gpt2(std::string_view text, Span piece, std::vector<Span>& out) {
  const std::string_view bounded = text.substr(0, piece.end);
  size_t i = piece.start;
  // The kind of the character at `at` and the offset after it; ASCII (most of most texts) is
  // classified by comparisons instead of the decoder and the Unicode tables.
  auto peek = [&](size_t at, size_t& next) {
    const uint8_t b = static_cast<uint8_t>(bounded[at]);
    if (b < 0x80) {
      next = at + 1;
      if (((b | 0x20) - 'a') < 26u) return CharKind::kLetter;
      if ((b - '0') < 10u) return CharKind::kNumber;
      if (b == ' ' || (b - '\t') < 5u) return CharKind::kSpace;
      return CharKind::kOther;
    }
    next = at;
    return kind_of(utf8::decode(bounded, next));
  };
  while (i < piece.end) {
    const size_t start = i;
    if (bounded[i] == '\'' && i + 1 < piece.end) {
      const char c1 = bounded[i + 1];
      const char c2 = i + 2 < piece.end ? bounded[i + 2] : '\0';
      if (c1 == 's' || c1 == 't' || c1 == 'm' || c1 == 'd') {
        out.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(i + 2)});
        i += 2;
        continue;
      }
      if ((c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e') || (c1 == 'l' && c2 == 'l')) {
        out.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(i + 3)});
        i += 3;
        continue;
      }
    }
    size_t next;
    CharKind kind = peek(i, next);
    if (bounded[i] == ' ' && next < piece.end) {
      // " ?" takes the space when a letter, number or other character follows.
      size_t after;
      const CharKind following = peek(next, after);
      if (following != CharKind::kSpace) {
        i = next;
        kind = following;
      }
    }
    if (kind != CharKind::kSpace) {
      while (i < piece.end && peek(i, next) == kind) i = next;
    } else {
      // \s+(?!\S) backs off one character when the run is followed by a non-space; if that
      // leaves nothing, \s+ takes the single character.
      size_t last = i, end = i;
      while (end < piece.end && peek(end, next) == CharKind::kSpace) {
        last = end;
        end = next;
      }
      i = end < piece.end && last > start ? last : end;
    }
    out.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(i)});
  }
}

// Gives every piece that does not start with a space one, which stands for the piece's first
// character in the source (HuggingFace's NormalizedString::prepend aligns it so).
void prepend_spaces(Normalized& s, std::vector<Span>& pieces) {
  bool needed = false;
  for (const Span& p : pieces) needed = needed || s.text[p.start] != ' ';
  if (!needed) return;
  PieceRewriter rewriter(s);
  for (Span& p : pieces) {
    rewriter.copy_to(p.start);
    const uint32_t start = rewriter.size();
    if (s.text[p.start] != ' ') rewriter.insert(" ", rewriter.source_of_char(p.start));
    rewriter.copy_to(p.end);
    p = {start, rewriter.size()};
  }
  rewriter.finish();
}

}  // namespace

void ByteLevel::split(Normalized& s, std::vector<Span>& pieces) const {
  if (add_prefix_space_) prepend_spaces(s, pieces);
  if (!use_regex_) return;
  std::vector<Span> out;
  out.reserve(pieces.size() + s.text.size() / 4);
  for (const Span& piece : pieces) split_gpt2(s.text, piece, out);
  pieces = std::move(out);
}

}  // namespace tokvec
