#include "tokenizer/pre_tokenizers/bert_words.h"

#include <atomic>
#include <iterator>
#include <utility>

#include "core/utf8.h"
#include "tokenizer/normalizers/bert_normalizer.h"
#include "tokenizer/normalizers/normalizer_tables.h"
#include "tokenizer/pre_tokenizers/punctuation.h"
#include "unicode/unicode.h"

namespace tokvec {

namespace {

size_t utf8_length(char32_t cp) { return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; }

// Writes cp (a scalar value) as UTF-8 at `out`; returns the byte count.
size_t put_utf8(char* out, char32_t cp) {
  const size_t length = utf8_length(cp);
  static constexpr uint8_t kLead[] = {0, 0, 0xC0, 0xE0, 0xF0};
  for (size_t k = length - 1; k > 0; --k) {
    out[k] = static_cast<char>(0x80 | (cp & 0x3F));
    cp >>= 6;
  }
  out[0] = static_cast<char>(length == 1 ? cp : kLead[length] | cp);
  return length;
}

// Out of line, so that split's lambdas are small enough to inline at their ten call sites: one
// that was not (it held push_back) kept n, word_start and in_word in memory, for it took them by
// reference, which made every byte of the loop load and store them.
[[gnu::noinline]] void push_piece(std::vector<Span>& pieces, uint32_t start, uint32_t end) {
  pieces.push_back({start, end});
}

// Serials are never reused, so that a BertWords made where a destroyed one was never reads the
// old one's rules.
std::atomic<uint64_t> next_serial{1};

// Rules kept per thread: a text repeats its characters, and so does the next text. Direct-mapped
// by code point, 4,096 rules (112 KiB): the bench's multilingual corpus encoded 14% faster than
// with 1,024 and 3% slower than with 16,384 (within noise), when its kanji went through it too.
constexpr size_t kRuleCacheSize = 4096;

// CJK Unified Ideographs, which a Chinese or Japanese text uses by the thousand: each is its own
// one character in every setting (no decomposition, case or mark; a piece of its own with
// handle_chinese_chars), so they share one rule and leave the cache to the other characters
// (tests/native/bert_words_test.cc checks every one against the stages as written). 4,096 slots
// held the kanji of the multilingual corpus so poorly that making rules for the misses was 7% of
// its time.
constexpr char32_t kIdeographsFirst = 0x4E00;
constexpr char32_t kIdeographsLast = 0x9FFF;

}  // namespace

BertWords::CharRule* BertWords::rule_cache(uint64_t owner) {
  thread_local uint64_t cache_owner = 0;
  thread_local std::vector<CharRule> cache;
  if (cache_owner != owner) {
    cache.assign(kRuleCacheSize, CharRule{});
    cache_owner = owner;
  }
  return cache.data();
}

std::unique_ptr<BertWords> BertWords::make(const Normalizer& normalizer, const PreTokenizer& pre_tokenizer) {
  const BertNormalizer* bert = normalizer.bert_normalizer();
  if (!bert || !pre_tokenizer.is_bert()) return nullptr;
  return std::make_unique<BertWords>(*bert);
}

BertWords::BertWords(const BertNormalizer& normalizer)
    : serial_(next_serial.fetch_add(1)),
      clean_text_(normalizer.clean_text()),
      handle_chinese_chars_(normalizer.handle_chinese_chars()),
      strip_accents_(normalizer.strip_accents()),
      lowercase_(normalizer.lowercase()) {
  // The ASCII table is the general per-character rule, run once for each byte.
  std::u32string out;
  Decomposition scratch;
  rule_of(kIdeographsFirst, ideograph_, out, scratch);
  for (char32_t cp = 0; cp < 128; ++cp) {
    bool chinese = false;
    ascii_kind_[cp] = Kind::kOther;
    ascii_byte_[cp] = static_cast<char>(cp);
    if (!normalize_char(cp, out, chinese, scratch) || out.size() != 1 || out[0] >= 0x80) continue;
    ascii_byte_[cp] = static_cast<char>(out[0]);
    ascii_kind_[cp] = unicode::is_white_space(out[0])  ? Kind::kSeparator
                      : is_bert_punctuation(out[0]) ? Kind::kPunctuation
                                                    : Kind::kWord;
  }
}

bool BertWords::normalize_char(char32_t cp, std::u32string& out, bool& chinese, Decomposition& scratch) const {
  out.clear();
  chinese = false;
  if (cp == utf8::kReplacement) return clean_text_;  // dropped, or an invalid byte kept: as written
  if (clean_text_) {
    if (is_dropped_by_clean_text(cp)) return true;
    if (unicode::is_white_space(cp)) cp = ' ';
  }
  chinese = handle_chinese_chars_ && is_chinese_char(cp);
  const auto lower = [&](char32_t c) {
    if (lowercase_) {
      unicode::append_lowercase(c, out);
    } else {
      out.push_back(c);
    }
  };
  if (!strip_accents_) {
    lower(cp);
    return true;
  }
  // Below kNormalizedBelow a character is its own NFD with combining class 0.
  if (cp < unicode::detail::kNormalizedBelow[static_cast<int>(unicode::NormalForm::NFD)]) {
    if (!normalizer_tables::is_nonspacing_mark_unicode8(cp)) lower(cp);
    return true;
  }
  unicode::normalize(std::u32string_view(&cp, 1), unicode::NormalForm::NFD, scratch);
  for (const auto& [c, change] : scratch) {
    if (normalizer_tables::is_nonspacing_mark_unicode8(c)) continue;
    if (unicode::canonical_combining_class(c) != 0) return false;
    lower(c);
  }
  return true;
}

bool BertWords::rule_of(char32_t cp, CharRule& rule, std::u32string& chars, Decomposition& scratch) const {
  bool chinese = false;
  if (!normalize_char(cp, chars, chinese, scratch) || chars.size() > std::size(rule.chars)) return false;
  rule.cp = cp;
  rule.count = static_cast<uint8_t>(chars.size());
  rule.chinese = chinese;
  rule.same = chars.size() == 1 && utf8_length(chars[0]) == utf8_length(cp);
  for (size_t k = 0; k < chars.size(); ++k) {
    rule.chars[k] = chars[k];
    rule.kinds[k] = unicode::is_white_space(chars[k]) ? Kind::kSeparator
                    : is_bert_punctuation(chars[k])   ? Kind::kPunctuation
                                                      : Kind::kWord;
  }
  return true;
}

bool BertWords::split(Normalized& s, std::vector<Span>& pieces, bool with_alignment) const {
  if (!s.is_identity()) return false;
  const std::string_view in = s.text;
  const size_t first_piece = pieces.size();
  // Written at `n` rather than appended (std::string::push_back is not inlined in the wasm build).
  // It always has room for the rest of the source plus one character's worst case: an ASCII byte
  // makes at most one byte, and every other character checks.
  constexpr size_t kMostBytesOfOne = 4 * 4;
  std::string out(in.size() + kMostBytesOfOne, '\0');
  size_t n = 0;
  pieces.reserve(first_piece + in.size() / 4 + 1);  // English averages a piece per 4.5 bytes
  // While `identity`, out holds the source's bytes at their places (n == i). After, when
  // `aligning`, align holds the source span of each byte of out.
  std::vector<Span> align;
  bool identity = true;
  bool aligning = false;
  uint32_t word_start = 0;
  bool in_word = false;
  const auto end_word = [&] {
    if (in_word) push_piece(pieces, word_start, static_cast<uint32_t>(n));
    in_word = false;
  };
  const auto start_word = [&] {
    if (!in_word) word_start = static_cast<uint32_t>(n);
    in_word = true;
  };
  // The rule cache, fetched at the first non-ASCII character.
  CharRule* cache = nullptr;
  CharRule uncached;
  CharRule ideograph = ideograph_;
  std::u32string chars;
  Decomposition scratch;
  size_t i = 0;
  while (i < in.size()) {
    const auto b = static_cast<uint8_t>(in[i]);
    const Kind kind = b < 0x80 ? ascii_kind_[b] : Kind::kOther;
    if (kind == Kind::kWord && !aligning) {
      // The rest of a run of ASCII word bytes (letters and digits: most of English and code) in
      // a loop of its own, whose one branch mispredicts once, at the run's end.
      // Locals, which the lambdas above do not pin to memory.
      start_word();
      char* const to = &out[n];
      size_t j = i;
      do {
        to[j - i] = ascii_byte_[static_cast<uint8_t>(in[j])];
        ++j;
      } while (j < in.size() && static_cast<uint8_t>(in[j]) < 0x80 && ascii_kind_[static_cast<uint8_t>(in[j])] == Kind::kWord);
      n += j - i;
      i = j;
      continue;
    }
    if (kind != Kind::kOther) {
      // In an identity alignment n == i: a separator keeps its place with its own byte.
      if (kind == Kind::kSeparator) {
        end_word();
        if (identity) out[n++] = static_cast<char>(b);
      } else {
        if (kind == Kind::kPunctuation) end_word();
        start_word();
        out[n++] = ascii_byte_[b];
        if (aligning) align.push_back({s.base + static_cast<uint32_t>(i), s.base + static_cast<uint32_t>(i) + 1});
        if (kind == Kind::kPunctuation) end_word();
      }
      ++i;
      continue;
    }
    const size_t start = i;
    const char32_t cp = utf8::decode_inline(in, i);
    if (out.size() < n + kMostBytesOfOne + (in.size() - i)) out.resize(2 * out.size() + kMostBytesOfOne);
    CharRule* rule = &ideograph;
    if (cp >= kIdeographsFirst && cp <= kIdeographsLast) {
      ideograph.cp = ideograph.chars[0] = cp;
    } else {
      if (!cache) cache = rule_cache(serial_);
      rule = &cache[cp % kRuleCacheSize];
      if (rule->cp != cp) {
        // An invalid sequence decodes to U+FFFD too: its rule depends on more than cp, so it is not kept.
        if (cp == utf8::kReplacement) rule = &uncached;
        if (!rule_of(cp, *rule, chars, scratch)) {
          rule->cp = CharRule::kNone;
          pieces.resize(first_piece);
          return false;
        }
      }
    }
    if (rule->count == 1 && rule->kinds[0] == Kind::kSeparator) {
      end_word();
      if (identity) n += in.copy(&out[n], i - start, start);
      continue;
    }
    if ((!rule->same || i - start != utf8_length(cp)) && identity) {
      identity = false;
      aligning = with_alignment;
      if (aligning) {
        align.resize(n);
        for (uint32_t k = 0; k < n; ++k) align[k] = {s.base + k, s.base + k + 1};
      }
    }
    const Span source{s.base + static_cast<uint32_t>(start), s.base + static_cast<uint32_t>(i)};
    if (rule->chinese) end_word();
    for (size_t k = 0; k < rule->count; ++k) {
      if (rule->kinds[k] == Kind::kSeparator) {
        end_word();
        continue;
      }
      const bool punctuation = rule->kinds[k] == Kind::kPunctuation;
      if (punctuation) end_word();
      start_word();
      const size_t length = put_utf8(&out[n], rule->chars[k]);
      n += length;
      if (aligning) align.insert(align.end(), length, source);
      if (punctuation) end_word();
    }
    if (rule->chinese) end_word();
  }
  end_word();
  out.resize(n);
  s.text = std::move(out);
  if (aligning) s.to_source = std::move(align);
  return true;
}

}  // namespace tokvec
