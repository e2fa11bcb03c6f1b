// BertWords: BertNormalizer followed by BertPreTokenizer in one pass over the source text, for
// tokenizers whose normalizer and pre-tokenizer are exactly those two (BERT and its kin, found
// from the loaded stages, never from a model's name).
//
// The two stages as written rewrite the whole text (clean_text, the spaces around ideographs,
// NFD, dropping marks, lowercase), keep a source span per byte while they do, then cut the result
// at whitespace and punctuation. BertWords makes the same pieces with the same source spans, one
// character at a time: each source character becomes the characters BertNormalizer makes of it,
// each of those is a separator, a punctuation piece or part of a word. While every character maps
// to one character of the same UTF-8 length (ASCII, Cyrillic, kana, most CJK), the alignment stays
// implicit (byte i is source byte base + i); the first one that does not (é -> e, a Hangul
// syllable -> its jamo, a dropped zero-width character) makes it explicit from there on.
//
// Per character is exact because, of what BertNormalizer does, only NFD looks past a character,
// and only to reorder combining marks (canonical combining class > 0): those that strip_accents
// drops (Mn) may move freely, and a kept one makes split return false, so that the tokenizer runs
// the stages as written. Tests compare both paths (tests/native/bert_words_test.cc).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tokenizer/normalized.h"
#include "tokenizer/stages.h"

namespace tokvec {

class BertWords {
 public:
  // The fused path for these stages, or null when they are not a BertNormalizer and a
  // BertPreTokenizer.
  static std::unique_ptr<BertWords> make(const Normalizer& normalizer, const PreTokenizer& pre_tokenizer);

  explicit BertWords(const BertNormalizer& normalizer);

  // `s` is source text (an identity alignment). Normalizes it and appends its pieces as the two
  // stages would, with the same text in every piece and, `with_alignment`, the same source span
  // for every piece byte (the bytes between pieces may differ); without it (ids alone), s keeps
  // the identity alignment, which then means nothing. Returns false, leaving s and pieces as they
  // were, for text it does not cover (a kept combining mark, an invalid UTF-8 sequence).
  bool split(Normalized& s, std::vector<Span>& pieces, bool with_alignment = true) const;

 private:
  enum class Kind : uint8_t { kWord, kSeparator, kPunctuation, kOther };
  using Decomposition = std::vector<std::pair<char32_t, int>>;

  // What becomes of one non-ASCII source character: up to four characters (U+1F82's NFD is the
  // longest), each with its kind; `same` when it is one character of the source's UTF-8 length.
  struct CharRule {
    static constexpr char32_t kNone = 0xFFFFFFFF;
    char32_t cp = kNone;
    uint8_t count = 0;
    bool chinese = false;
    bool same = false;
    Kind kinds[4];
    char32_t chars[4];
  };

  // This thread's rule cache, direct-mapped by code point, kept from call to call for the
  // BertWords named `owner` (made empty for another one).
  static CharRule* rule_cache(uint64_t owner);
  // The rule of cp, or false when the character needs the stages as written.
  bool rule_of(char32_t cp, CharRule& rule, std::u32string& chars, Decomposition& scratch) const;
  // The characters BertNormalizer makes of source character cp (none when clean_text drops it);
  // `chinese` tells whether handle_chinese_chars surrounds it with spaces. False when the
  // character needs the stages as written. `scratch` holds its decomposition.
  bool normalize_char(char32_t cp, std::u32string& out, bool& chinese, Decomposition& scratch) const;

  uint64_t serial_;  // names this BertWords in rule_cache
  bool clean_text_;
  bool handle_chinese_chars_;
  bool strip_accents_;
  bool lowercase_;
  // For each ASCII byte: its kind and the byte it becomes (kOther: go the general way).
  std::array<Kind, 128> ascii_kind_;
  std::array<char, 128> ascii_byte_;
  // The rule of the first CJK ideograph: every other one's but for the character (bert_words.cc).
  CharRule ideograph_;
};

}  // namespace tokvec
