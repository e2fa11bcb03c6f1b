// Hand-written matchers for the GPT-2 / r50k, cl100k, o200k and Llama 3 split patterns (see
// fast_paths.h). Each matcher is the backtracking engine's leftmost-first answer worked out by
// hand for one pattern: the regex is quoted above it, and the comments say which alternative each
// branch is and why the backtracking collapses to it.
#include "regex/fast_paths.h"

#include <limits>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

#include "core/utf8.h"
#include "unicode/unicode.h"

namespace tokvec {
namespace {

constexpr uint32_t kNoMatch = std::numeric_limits<uint32_t>::max();

// The classes these patterns are made of, one bit each. A code point's bits are looked up once
// (an ASCII table, or its general category) and every alternative then tests a bit.
enum ClassBit : uint8_t {
  kLetter = 1u << 0,     // \p{L}
  kNumber = 1u << 1,     // \p{N}
  kSpace = 1u << 2,      // \s: White_Space, in both dialects
  kOther = 1u << 3,      // [^\s\p{L}\p{N}]
  kPrefix = 1u << 4,     // [^\r\n\p{L}\p{N}], the optional first code point of a cl100k/o200k word
  kUpperRun = 1u << 5,   // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}], o200k
  kLowerRun = 1u << 6,   // [\p{Ll}\p{Lm}\p{Lo}\p{M}], o200k
  kNewline = 1u << 7,    // [\r\n]
};

using unicode::Category;

constexpr uint8_t class_of_category(Category c) {
  switch (c) {
    case Category::Lu: case Category::Lt: return kLetter | kUpperRun;
    case Category::Ll: return kLetter | kLowerRun;
    case Category::Lm: case Category::Lo: return kLetter | kUpperRun | kLowerRun;
    case Category::Mn: case Category::Mc: case Category::Me:
      return kOther | kPrefix | kUpperRun | kLowerRun;
    case Category::Nd: case Category::Nl: case Category::No: return kNumber;
    default: return kOther | kPrefix;
  }
}

constexpr uint8_t kWhiteSpaceClass = kSpace | kPrefix;

struct ClassTables {
  uint8_t ascii[128];
  uint8_t by_category[32];
};

constexpr ClassTables make_class_tables() {
  ClassTables t{};
  for (unsigned c = 0; c < 32; ++c) t.by_category[c] = class_of_category(static_cast<Category>(c));
  for (unsigned b = 0; b < 128; ++b) {
    uint8_t bits = kOther | kPrefix;  // ASCII punctuation, symbols and controls
    if (b - 'A' < 26u) bits = class_of_category(Category::Lu);
    if (b - 'a' < 26u) bits = class_of_category(Category::Ll);
    if (b - '0' < 10u) bits = kNumber;
    if (b == ' ' || b - '\t' < 5u) bits = kWhiteSpaceClass;  // unicode::is_white_space below 0x80
    if (b == '\r' || b == '\n') bits = kSpace | kNewline;
    t.ascii[b] = bits;
  }
  return t;
}

constexpr ClassTables kClasses = make_class_tables();

uint8_t class_of_non_ascii(char32_t cp) {
  const Category c = unicode::category(cp);
  // Every White_Space code point is Zs, Zl, Zp or Cc (U+0085), and these are contiguous.
  if (c >= Category::Zs && c <= Category::Cc && unicode::is_white_space(cp)) return kWhiteSpaceClass;
  return kClasses.by_category[static_cast<unsigned>(c)];
}

// The text being matched. Invalid UTF-8 decodes as U+FFFD per maximal subpart, as in the engine.
struct Text {
  std::string_view view;
  const uint8_t* bytes;
  uint32_t size;

  explicit Text(std::string_view text)
      : view(text),
        bytes(reinterpret_cast<const uint8_t*>(text.data())),
        size(static_cast<uint32_t>(text.size())) {}

  // The code point at pos (< size); advances pos past it.
  char32_t decode(uint32_t& pos) const {
    if (bytes[pos] < 0x80) return bytes[pos++];
    size_t i = pos;
    const char32_t cp = utf8::decode(view, i);
    pos = static_cast<uint32_t>(i);
    return cp;
  }

  // The class bits of the code point at pos (< size); advances pos past it.
  uint8_t next(uint32_t& pos) const {
    const uint8_t b = bytes[pos];
    if (b < 0x80) {
      ++pos;
      return kClasses.ascii[b];
    }
    return class_of_non_ascii(decode(pos));
  }

  // The class bits of the code point at pos, 0 (no class) at the end of the text.
  uint8_t at(uint32_t pos) const { return pos < size ? next(pos) : 0; }

  // The end of the run of code points in any class of `mask` that starts at pos.
  uint32_t skip(uint32_t pos, uint8_t mask) const {
    while (pos < size) {
      const uint8_t b = bytes[pos];
      if (b < 0x80) {
        if (!(kClasses.ascii[b] & mask)) break;
        ++pos;
        continue;
      }
      uint32_t after = pos;
      if (!(class_of_non_ascii(decode(after)) & mask)) break;
      pos = after;
    }
    return pos;
  }

  // The end of the run of bytes b with (b | fold) - first < count starting at pos: ASCII letters
  // in one case (fold 0) or either (fold 0x20, first 'a'). The wasm SIMD build tests sixteen bytes
  // at a time, so that a word costs no branch per letter and one mispredicted loop exit fewer.
  uint32_t skip_ascii_range(uint32_t pos, uint8_t fold, uint8_t first, uint8_t count) const {
#if defined(__wasm_simd128__)
    for (; pos + 16 <= size; pos += 16) {
      const v128_t folded = wasm_v128_or(wasm_v128_load(bytes + pos), wasm_i8x16_splat(static_cast<int8_t>(fold)));
      const v128_t in_range = wasm_u8x16_lt(wasm_i8x16_sub(folded, wasm_i8x16_splat(static_cast<int8_t>(first))),
                                            wasm_i8x16_splat(static_cast<int8_t>(count)));
      const uint32_t outside = ~static_cast<uint32_t>(wasm_i8x16_bitmask(in_range)) & 0xFFFF;
      if (outside != 0) return pos + static_cast<uint32_t>(__builtin_ctz(outside));
    }
#endif
    while (pos < size && static_cast<uint8_t>((bytes[pos] | fold) - first) < count) ++pos;
    return pos;
  }

  // The end of the run of bytes that are '\r', '\n' or (with `slash`) '/' starting at pos.
  uint32_t skip_newlines(uint32_t pos, bool slash) const {
    while (pos < size && (bytes[pos] == '\r' || bytes[pos] == '\n' || (slash && bytes[pos] == '/'))) ++pos;
    return pos;
  }

  // \p{N}{1,3} after the first number, which ends at pos: greedy or possessive alike, since
  // nothing after it in the alternative can fail.
  uint32_t skip_two_more_numbers(uint32_t pos) const {
    for (int i = 0; i < 2 && pos < size; ++i) {
      uint32_t after = pos;
      if (!(next(after) & kNumber)) break;
      pos = after;
    }
    return pos;
  }
};

// The ASCII letter the code point at pos stands for (lower case when folding), 0 for none; advances
// pos. With `fold`, a code point stands for every letter in its simple case-folding orbit, as
// `(?i)` reads literals in the engine ("ſ" is an "s", "K" the Kelvin sign a "k").
char contraction_letter(const Text& t, uint32_t& pos, bool fold) {
  const char32_t cp = t.decode(pos);
  if (!fold) return cp < 0x80 ? static_cast<char>(cp) : 0;
  if (cp < 0x80) return static_cast<char>(cp - U'A' < 26u ? cp + 0x20 : cp);
  char32_t orbit[4];
  const size_t count = unicode::case_orbit(cp, orbit);
  for (size_t i = 0; i < count; ++i) {
    if (orbit[i] < 0x80) return static_cast<char>(orbit[i] - U'A' < 26u ? orbit[i] + 0x20 : orbit[i]);
  }
  return 0;
}

// The end of `s|t|re|ve|m|ll|d` (the letters of a contraction, after its apostrophe) at pos, or
// kNoMatch. No alternative is a prefix of another, so their order does not matter.
uint32_t contraction_end(const Text& t, uint32_t pos, bool fold) {
  if (pos >= t.size) return kNoMatch;
  char second = 0;
  switch (contraction_letter(t, pos, fold)) {
    case 's': case 't': case 'm': case 'd': return pos;
    case 'r': case 'v': second = 'e'; break;
    case 'l': second = 'l'; break;
    default: return kNoMatch;
  }
  if (pos >= t.size || contraction_letter(t, pos, fold) != second) return kNoMatch;
  return pos;
}

// A run of white space starting at `start`: where it ends, where its last code point starts, and
// where its last '\r' or '\n' ends (`start` when it has none).
struct SpaceRun {
  uint32_t end;
  uint32_t last_start;
  uint32_t last_newline_end;
};

SpaceRun space_run(const Text& t, uint32_t start) {
  SpaceRun run{start, start, start};
  uint32_t pos = start;
  while (pos < t.size) {
    uint32_t after = pos;
    const uint8_t c = t.next(after);
    if (!(c & kSpace)) break;
    run.last_start = pos;
    if (c & kNewline) run.last_newline_end = after;
    pos = after;
  }
  run.end = pos;
  return run;
}

// ` ?[^\s\p{L}\p{N}]+[\r\n]*` (with `slash`, `[\r\n/]*`) at pos, over ASCII bytes, for the cl100k
// and o200k patterns. It is the match when the earlier alternatives all fail: at a space and an
// ASCII symbol (a space can only prefix a word, and a symbol starts none), or at an ASCII symbol
// that is no apostrophe (which may start a contraction) and is followed by the end or an ASCII byte
// that is no letter (which the symbol would prefix). kNoMatch leaves the piece to the general
// matcher: another start, or a run that reaches a non-ASCII byte, which may be a symbol too.
// Symbols start a fifth of the pieces of English and a quarter of those of code.
uint32_t match_ascii_symbols(const Text& t, uint32_t pos, bool slash) {
  const auto symbol = [&](uint32_t at) { return t.bytes[at] < 0x80 && (kClasses.ascii[t.bytes[at]] & kOther); };
  const bool space = t.bytes[pos] == ' ';
  uint32_t p = pos + (space ? 1 : 0);
  if (p >= t.size || !symbol(p)) return kNoMatch;
  ++p;
  if (!space && (t.bytes[pos] == '\'' || (p < t.size && (t.bytes[p] >= 0x80 || (kClasses.ascii[t.bytes[p]] & kLetter))))) {
    return kNoMatch;
  }
  while (p < t.size && symbol(p)) ++p;
  if (p < t.size && t.bytes[p] >= 0x80) return kNoMatch;
  return t.skip_newlines(p, slash);
}

// GPT-2 (tokenizer.json ByteLevel and Split; also read in the Rust dialect):
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// tiktoken's r50k_base / p50k_base:
//   '(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s
// The two agree everywhere: a run of white space ends the text (`\s++$`, or `(?!\S)` at the end),
// or gives back its last code point for the next word (`\s+(?!\S)`), or is one code point (`\s`,
// `\s+`).
uint32_t match_gpt2(const Text& t, uint32_t pos) {
  const uint8_t first_byte = t.bytes[pos];
  uint32_t p = pos;
  uint8_t c = t.next(p);
  if (first_byte == '\'') {
    const uint32_t end = contraction_end(t, p, false);
    if (end != kNoMatch) return end;
  }
  // ` ?` takes the space only when a letter, number or other follows; the space itself is none
  // of these, so without it the three alternatives fail.
  if (first_byte == ' ' && p < t.size) {
    uint32_t after = p;
    const uint8_t following = t.next(after);
    if (following & (kLetter | kNumber | kOther)) {
      c = following;
      p = after;
    }
  }
  if (c & kLetter) return t.skip(p, kLetter);
  if (c & kNumber) return t.skip(p, kNumber);
  if (c & kOther) return t.skip(p, kOther);
  const SpaceRun run = space_run(t, pos);
  if (run.end == t.size || run.last_start == pos) return run.end;
  return run.last_start;
}

// The white-space alternatives of the tokenizer.json spellings of cl100k, Llama 3 and o200k:
//   \s*[\r\n]+|\s+(?!\S)|\s+
// `\s*` backs off to the run's last '\r' or '\n' and `[\r\n]+` takes just that one (what follows it
// in the run is other white space). Without one, the run gives back its last code point before
// something else, keeps all of it at the end of the text, and a lone code point is `\s+`.
uint32_t match_space_tokenizer_json(const Text& t, uint32_t pos) {
  const SpaceRun run = space_run(t, pos);
  if (run.last_newline_end != pos) return run.last_newline_end;
  if (run.end == t.size || run.last_start == pos) return run.end;
  return run.last_start;
}

// tiktoken's cl100k_base:
//   '(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s
// and its tokenizer.json spelling, also Llama 3's:
//   (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
// They differ only in white space: tiktoken's `\s++$` takes a run that ends the text whole before
// `\s*[\r\n]` can stop it at its last newline.
template <bool kTiktoken>
uint32_t match_cl100k(const Text& t, uint32_t pos) {
  const uint8_t first_byte = t.bytes[pos];
  // Most words are ASCII letters after an optional prefix byte; when the byte after them is ASCII
  // too, the letter run ends there. A word starting with an apostrophe may be a contraction.
  if (first_byte < 0x80 && first_byte != '\'') {
    uint32_t end = pos + (kClasses.ascii[first_byte] & kPrefix ? 1 : 0);
    if (end < t.size && (t.bytes[end] | 0x20) - 'a' < 26u) {
      end = t.skip_ascii_range(end, 0x20, 'a', 26);
      if (end == t.size || t.bytes[end] < 0x80) return end;
    }
    const uint32_t symbols_end = match_ascii_symbols(t, pos, false);
    if (symbols_end != kNoMatch) return symbols_end;
  }
  uint32_t p = pos;
  const uint8_t c = t.next(p);
  if (first_byte == '\'') {
    const uint32_t end = contraction_end(t, p, true);
    if (end != kNoMatch) return end;
  }
  // [^\r\n\p{L}\p{N}]?\p{L}+: a letter, or a prefix code point and a letter (a prefix is no
  // letter, so dropping it cannot help).
  if (c & kLetter) return t.skip(p, kLetter);
  if ((c & kPrefix) && (t.at(p) & kLetter)) return t.skip(p, kLetter);
  if (c & kNumber) return t.skip_two_more_numbers(p);
  if (first_byte == ' ' && (t.at(p) & kOther)) return t.skip_newlines(t.skip(p, kOther), false);
  if (c & kOther) return t.skip_newlines(t.skip(p, kOther), false);
  if (kTiktoken) {
    const SpaceRun run = space_run(t, pos);
    if (run.end == t.size) return run.end;
    if (run.last_newline_end != pos) return run.last_newline_end;
    return run.last_start == pos ? run.end : run.last_start;
  }
  return match_space_tokenizer_json(t, pos);
}

// o200k's two word alternatives, from `start` (after the optional [^\r\n\p{L}\p{N}] or not):
//   [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
//   [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
// The contraction is optional, so it never makes a word fail: it only extends the end.
uint32_t with_contraction(const Text& t, uint32_t end) {
  if (end < t.size && t.bytes[end] == '\'') {
    const uint32_t contraction = contraction_end(t, end + 1, true);
    if (contraction != kNoMatch) return contraction;
  }
  return end;
}

// The first word alternative. The upper run is greedy, then gives back code points until the
// lower run can start: at the run's end if a lower-case letter follows (the lower run then takes
// all it can), else at the run's last Lm/Lo/M, whose lower run is that one code point (the upper
// run only holds Lu/Lt after it, and what ends the run is no lower-run member either).
uint32_t match_o200k_word_first(const Text& t, uint32_t start) {
  uint32_t last_lower_end = kNoMatch;
  uint32_t pos = start;
  while (pos < t.size) {
    uint32_t after = pos;
    const uint8_t c = t.next(after);
    if (!(c & kUpperRun)) {
      if (c & kLowerRun) return with_contraction(t, t.skip(after, kLowerRun));
      break;
    }
    if (c & kLowerRun) last_lower_end = after;
    pos = after;
  }
  return last_lower_end == kNoMatch ? kNoMatch : with_contraction(t, last_lower_end);
}

// The second word alternative: both runs greedy, the upper one non-empty.
uint32_t match_o200k_word_second(const Text& t, uint32_t start) {
  const uint32_t upper_end = t.skip(start, kUpperRun);
  if (upper_end == start) return kNoMatch;
  return with_contraction(t, t.skip(upper_end, kLowerRun));
}

// o200k_base (tiktoken, and the same string in its tokenizer.json):
//   [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
//  |[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
//  |\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
// Marks are both a prefix and a member of the runs, so each word alternative is tried with the
// prefix taken and then without it, in the engine's order.
uint32_t match_o200k(const Text& t, uint32_t pos) {
  const uint8_t first_byte = t.bytes[pos];
  // Most words are ASCII: an optional prefix byte, then [A-Z]*[a-z]*. When the byte after them
  // is ASCII too, nothing can extend either run (no ASCII code point is a mark, and only letters
  // are letters), so the first word alternative matches to there when the lower run is not empty,
  // and the second does when it is.
  if (first_byte < 0x80) {
    uint32_t end = pos + (kClasses.ascii[first_byte] & kPrefix ? 1 : 0);
    if (end < t.size && (t.bytes[end] | 0x20) - 'a' < 26u) {
      end = t.skip_ascii_range(t.skip_ascii_range(end, 0, 'A', 26), 0, 'a', 26);
      if (end == t.size || t.bytes[end] < 0x80) return with_contraction(t, end);
    }
    const uint32_t symbols_end = match_ascii_symbols(t, pos, true);
    if (symbols_end != kNoMatch) return symbols_end;
  }
  uint32_t p = pos;
  const uint8_t c = t.next(p);
  const bool prefix = (c & kPrefix) && p < t.size;
  const bool word = (c & (kUpperRun | kLowerRun)) != 0;
  uint32_t end = kNoMatch;
  if (prefix && (end = match_o200k_word_first(t, p)) != kNoMatch) return end;
  if (word && (end = match_o200k_word_first(t, pos)) != kNoMatch) return end;
  if (prefix && (end = match_o200k_word_second(t, p)) != kNoMatch) return end;
  if (word && (end = match_o200k_word_second(t, pos)) != kNoMatch) return end;
  if (c & kNumber) return t.skip_two_more_numbers(p);
  if (first_byte == ' ' && (t.at(p) & kOther)) return t.skip_newlines(t.skip(p, kOther), true);
  if (c & kOther) return t.skip_newlines(t.skip(p, kOther), true);
  return match_space_tokenizer_json(t, pos);
}

template <uint32_t (*kMatch)(const Text&, uint32_t)>
uint32_t match_at(std::string_view text, uint32_t pos) {
  return kMatch(Text(text), pos);
}

template <uint32_t (*kMatch)(const Text&, uint32_t)>
void find_all(std::string_view text, std::vector<Span>& matches) {
  const Text t(text);
  for (uint32_t pos = 0; pos < t.size;) {
    const uint32_t end = kMatch(t, pos);
    matches.push_back(Span{pos, end});
    pos = end;
  }
}

template <uint32_t (*kMatch)(const Text&, uint32_t)>
FastPath fast_path(const char* name, const char* pattern, Regex::Dialect dialect) {
  return FastPath{name, pattern, dialect, &match_at<kMatch>, &find_all<kMatch>};
}

constexpr const char* kGpt2Pattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
constexpr const char* kR50kPattern =
    R"('(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s)";
constexpr const char* kCl100kPattern =
    R"('(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s)";
constexpr const char* kCl100kTokenizerJsonPattern =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
constexpr const char* kO200kPattern =
    R"([^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?)"
    R"(|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?)"
    R"(|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

}  // namespace

const std::vector<FastPath>& fast_paths() {
  using D = Regex::Dialect;
  static const std::vector<FastPath> paths = {
      fast_path<match_gpt2>("GPT-2 (tokenizer.json ByteLevel, Split)", kGpt2Pattern, D::kOniguruma),
      fast_path<match_gpt2>("GPT-2 (Rust regex)", kGpt2Pattern, D::kRust),
      fast_path<match_gpt2>("r50k_base, p50k_base (tiktoken)", kR50kPattern, D::kRust),
      fast_path<match_cl100k<true>>("cl100k_base (tiktoken)", kCl100kPattern, D::kRust),
      fast_path<match_cl100k<false>>("cl100k_base, Llama 3 (tokenizer.json)",
                                     kCl100kTokenizerJsonPattern, D::kOniguruma),
      fast_path<match_cl100k<false>>("cl100k_base, Llama 3 (Rust regex)", kCl100kTokenizerJsonPattern,
                                     D::kRust),
      fast_path<match_o200k>("o200k_base (tiktoken)", kO200kPattern, D::kRust),
      fast_path<match_o200k>("o200k_base (tokenizer.json)", kO200kPattern, D::kOniguruma),
  };
  return paths;
}

const FastPath* find_fast_path(std::string_view pattern, Regex::Dialect dialect) {
  for (const FastPath& path : fast_paths()) {
    if (path.dialect == dialect && pattern == path.pattern) return &path;
  }
  return nullptr;
}

}  // namespace tokvec

// Design notes
//
// Why hand-written. The engine spends most of a match on generality: a split guard per
// alternative, a backtrack frame per run, a class lookup through a property list. These patterns
// always match at the position the last match ended, and each alternative is a run or two of one
// class, so the whole match is one class lookup per code point (a 128-entry table for ASCII, the
// general category otherwise) plus a branch on the first one.
//
// Where the engine backtracks, the matcher does not: each comment above says what the backtracking
// settles on and why (`\s+(?!\S)` gives back exactly one code point; `\s*[\r\n]+` stops at the
// last newline; o200k's first word alternative gives back to the last Lm/Lo/M). Those arguments
// are the risky part, so the test runs both over every golden text, the corpora and a fuzz built
// from the code points where they could go wrong.
//
// Dialects. The patterns use only syntax both dialects read alike, except tiktoken's cl100k
// spelling, whose `\p{N}{1,3}+` is `(?:\p{N}{1,3})+` in Oniguruma: it has a fast path only in
// the Rust dialect, the one tiktoken uses.
