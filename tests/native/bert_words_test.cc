// BertWords (the fused BertNormalizer + BertPreTokenizer pass) against the two stages as written:
// the same pieces, the same text in each, the same source span for every character of every piece
// (so every token a model cuts from a piece gets the same offsets), for each of the sixteen
// BertNormalizer settings, on adversarial strings and seeded random ones.
#include "tokenizer/pre_tokenizers/bert_words.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/utf8.h"
#include "tokenizer/normalizers/bert_normalizer.h"
#include "tokenizer/pre_tokenizers/punctuation.h"

namespace tokvec {
namespace {

struct Cut {
  std::vector<std::string> texts;
  std::vector<std::vector<Span>> char_sources;  // per piece, the source span of each character
};

Cut cut_of(const Normalized& s, const std::vector<Span>& pieces) {
  Cut cut;
  for (const Span& piece : pieces) {
    cut.texts.push_back(s.text.substr(piece.start, piece.size()));
    std::vector<Span> sources;
    for (size_t i = piece.start; i < piece.end;) {
      const size_t start = i;
      utf8::decode(std::string_view(s.text).substr(0, piece.end), i);
      sources.push_back(s.source_span({static_cast<uint32_t>(start), static_cast<uint32_t>(i)}));
    }
    cut.char_sources.push_back(sources);
  }
  return cut;
}

// Both paths on `text` (as a segment starting at source byte `base`), the fused one by `words`,
// made from `normalizer`; returns whether BertWords covered it.
bool expect_same(const BertNormalizer& normalizer, const BertWords& words, std::string_view text, uint32_t base,
                 const std::string& what) {
  Normalized general = Normalized::identity(text, base);
  normalizer.normalize(general);
  std::vector<Span> general_pieces;
  if (!general.text.empty()) general_pieces.push_back({0, static_cast<uint32_t>(general.text.size())});
  BertPreTokenizer().split(general, general_pieces);

  Normalized fused = Normalized::identity(text, base);
  std::vector<Span> fused_pieces;
  if (!words.split(fused, fused_pieces)) {
    EXPECT_TRUE(fused_pieces.empty()) << what;
    EXPECT_EQ(fused.text, text) << what;
    return false;
  }
  const Cut want = cut_of(general, general_pieces);
  const Cut got = cut_of(fused, fused_pieces);
  EXPECT_EQ(got.texts, want.texts) << what;
  // Without the alignment (encodeIds) the pieces are the same.
  Normalized unaligned = Normalized::identity(text, base);
  std::vector<Span> unaligned_pieces;
  EXPECT_TRUE(words.split(unaligned, unaligned_pieces, false)) << what;
  std::vector<std::string> unaligned_texts;
  for (const Span& piece : unaligned_pieces) unaligned_texts.push_back(unaligned.text.substr(piece.start, piece.size()));
  EXPECT_EQ(unaligned_texts, want.texts) << what << " (without the alignment)";
  EXPECT_EQ(got.char_sources.size(), want.char_sources.size()) << what;
  for (size_t p = 0; p < want.char_sources.size() && p < got.char_sources.size(); ++p) {
    EXPECT_EQ(got.char_sources[p].size(), want.char_sources[p].size()) << what << " piece " << p;
    for (size_t c = 0; c < want.char_sources[p].size() && c < got.char_sources[p].size(); ++c) {
      EXPECT_EQ(got.char_sources[p][c].start, want.char_sources[p][c].start) << what << " piece " << p << " char " << c;
      EXPECT_EQ(got.char_sources[p][c].end, want.char_sources[p][c].end) << what << " piece " << p << " char " << c;
    }
  }
  return true;
}

bool expect_same(const BertNormalizer& normalizer, std::string_view text, uint32_t base, const std::string& what) {
  return expect_same(normalizer, BertWords(normalizer), text, base, what);
}

std::vector<BertNormalizer> every_setting() {
  std::vector<BertNormalizer> out;
  for (int bits = 0; bits < 16; ++bits) out.emplace_back(bits & 1, bits & 2, bits & 4, bits & 8);
  return out;
}

std::string name_of(const BertNormalizer& n) {
  return std::string("clean_text=") + (n.clean_text() ? "1" : "0") + " chinese=" + (n.handle_chinese_chars() ? "1" : "0") +
         " strip_accents=" + (n.strip_accents() ? "1" : "0") + " lowercase=" + (n.lowercase() ? "1" : "0");
}

const char* const kAdversarial[] = {
    "",
    "Hello, World! It's 3.14 -- isn't it?",
    "  leading and trailing  \t\n\r ",
    "Caf\u00E9 na\u00EFve r\u00E9sum\u00E9 \u00C5ngstr\u00F6m \u0130stanbul \u00DF",      // precomposed accents, U+0130, sharp s
    "Cafe\u0301 n\u0303o a\u0301\u0316b e\u0316\u0301",                                      // combining marks, reordered by NFD
    "\u65E5\u672C\u8A9E\u306E\u6587\u7AE0\u3002\u304C\u3071\u30D1",                            // CJK, kana with voicing marks
    "\uD55C\uAD6D\uC5B4 \uAC00\uB098\uB2E4",                                                  // Hangul syllables (NFD to jamo)
    "\uF900\uFA0E \U0002F800 \U00020000x\u4E00y",                                             // compatibility ideographs, SIP
    "a\u200Bb c\u200Dd \u00ADsoft\u00AD e\u2060f \uFEFFg",                                    // zero-width / format characters
    "x\x01y \x7F z\x0B\x0Cw \xC2\x85v",                                                       // controls, VT/FF, NEL
    "\u3000ideographic\u3000space\u00A0nbsp\u2003em\u2028line",                              // non-ASCII whitespace
    "\uFF28\uFF45\uFF4C\uFF4C\uFF4F\uFF01\uFF1F \uFF11\uFF12",                                // full-width forms
    "\u037E greek question \u0387 ano teleia \u2126 ohm \u212B angstrom",                     // singleton decompositions
    "\u00BF\u00A1 \u2014 \u201Cquoted\u201D \u00AB\u00BB \u3001\u300C\u300D",                 // non-ASCII punctuation
    "\U0001D165\U0001D166 a\U0001D16D",                                                       // Mc with a combining class
    "\xFF\xFE bad \xC3 utf8 \xE4\xB8",                                                        // invalid UTF-8
    "\u0939\uD7FB\uFFFF \xED\xA0\x80 \xE0\x80\xAF \xC2\x41 \xE1\x80",                           // E0 and ED leads, bad tails
    "nul\uFFFDrepl \uE000private \U000F0000",                                           // dropped by clean_text
    "\u0345\u0300 \u0F73 \u0F75 \u0344",                                                      // marks that decompose to marks
    "supercalifragilisticexpialidocious-antidisestablishmentarianism-"
    "pneumonoultramicroscopicsilicovolcanoconiosis-hippopotomonstrosesquippedaliophobia",     // 100+ characters
    "\u0391\u0392\u0393 \u0414\u0416\u0418 \u00C0\u00C1\u00C2 \u01C4\u01C5\u01C6 \u1E9E",    // case mappings
};

TEST(BertWords, MakesThePiecesAndSpansOfTheStagesAsWrittenOnAdversarialStrings) {
  for (const BertNormalizer& normalizer : every_setting()) {
    for (const char* text : kAdversarial) {
      for (uint32_t base : {0u, 7u}) {
        expect_same(normalizer, text, base, name_of(normalizer) + " on \"" + text + "\" at " + std::to_string(base));
      }
    }
  }
}

TEST(BertWords, CoversAccentsHangulIdeographsAndDroppedCharacters) {
  // The fused path must actually run on these (a path that always declined would pass the test above).
  for (const BertNormalizer& normalizer : every_setting()) {
    for (const char* text : {"Caf\u00E9 \uD55C\uAD6D\uC5B4 \u65E5\u672C x\u200By \u3000 \uF900 \u0130",
                             "Hello, World!\n\tIt's 3.14", "e\u0301\u0316 a\u0300"}) {
      EXPECT_TRUE(expect_same(normalizer, text, 3, name_of(normalizer) + " on \"" + text + "\""));
    }
  }
}

TEST(BertWords, KeepsEachOnesCharacterRulesApartFromCallToCall) {
  // Rules of non-ASCII characters outlive a call (one cache per thread): two BertWords used in
  // turn must each keep making their own stages' pieces. Unchanged, \u00C9 stays \u00C9; with
  // strip_accents and lowercase it is e, and \u65E5 is a piece of its own.
  const BertNormalizer unchanged(false, false, false, false);
  const BertNormalizer bert(true, true, true, true);
  const BertWords unchanged_words(unchanged);
  const BertWords bert_words(bert);
  for (int round = 0; round < 3; ++round) {
    for (const char* text : {"\u00C9t\u00C9 \u65E5\u672C\u00C5", "\u00C5\u00C9 x\u65E5y"}) {
      EXPECT_TRUE(expect_same(unchanged, unchanged_words, text, 0, name_of(unchanged) + " on \"" + text + "\""));
      EXPECT_TRUE(expect_same(bert, bert_words, text, 0, name_of(bert) + " on \"" + text + "\""));
    }
  }
}

TEST(BertWords, LeavesAKeptCombiningMarkToTheStagesAsWritten) {
  // U+1D165 is Mc with combining class 216: NFD may reorder it and strip_accents keeps it.
  const BertNormalizer normalizer(true, true, true, true);
  EXPECT_FALSE(expect_same(normalizer, "a\U0001D165\u0301b", 0, "U+1D165"));
}

TEST(BertWords, MakesThePiecesAndSpansOfTheStagesAsWrittenOnRandomTextSeed20261123) {
  std::mt19937 rng(20261123);
  // Ranges that exercise each rule: ASCII, controls, Latin with accents, combining marks, Greek and
  // Cyrillic, Hangul, kana, CJK, full-width forms, format characters, anything at all.
  const std::pair<char32_t, char32_t> ranges[] = {
      {0x20, 0x7E}, {0x00, 0x20}, {0xA0, 0x24F}, {0x300, 0x36F}, {0x370, 0x4FF}, {0xAC00, 0xD7A3}, {0x3040, 0x30FF},
      {0x4E00, 0x9FFF}, {0xFF00, 0xFFEF}, {0x2000, 0x206F}, {0x1D160, 0x1D172}, {0, 0x10FFFF}};
  for (const BertNormalizer& normalizer : every_setting()) {
    for (int n = 0; n < 300; ++n) {
      std::string text;
      const size_t length = rng() % 24;
      for (size_t k = 0; k < length; ++k) {
        const auto& [first, last] = ranges[rng() % std::size(ranges)];
        char32_t cp = first + rng() % (last - first + 1);
        if (cp >= 0xD800 && cp <= 0xDFFF) cp = 'x';
        utf8::append(text, cp);
      }
      expect_same(normalizer, text, n % 5, name_of(normalizer) + " on random text " + std::to_string(n));
    }
  }
}

// CJK Unified Ideographs share one rule outside the cache: each of them, and the code points just
// outside the block, in every setting, between letters, spaces or nothing.
TEST(BertWords, MakesThePiecesAndSpansOfTheStagesAsWrittenForEveryUnifiedIdeograph) {
  for (const BertNormalizer& normalizer : every_setting()) {
    const BertWords words(normalizer);
    for (char32_t first = 0x4DF0; first < 0xA010; first += 256) {
      std::string text;
      for (char32_t cp = first; cp < first + 256 && cp < 0xA010; ++cp) {
        utf8::append(text, cp);
        text += cp % 3 == 0 ? "" : cp % 3 == 1 ? "a" : " ";
      }
      EXPECT_TRUE(expect_same(normalizer, words, text, 0, name_of(normalizer) + " from U+" + std::to_string(first)));
    }
  }
}

// The fused pass's per-character rules agree with BertPreTokenizer over every code point (which
// pre_tokenizers_test.cc checks against HuggingFace): the same pieces of "a", the character, "b".
TEST(BertWords, MakesThePiecesOfTheStagesAsWrittenForEveryCodePoint) {
  const BertNormalizer normalizer(false, false, false, false);
  const BertWords words(normalizer);
  int failures = 0;
  for (char32_t cp = 0; cp <= 0x10FFFF && failures < 10; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    // Planes 4 to 13 hold no assigned character: one code point stands for them all.
    if (cp > 0x40000 && cp < 0xE0000) continue;
    std::string text = "a";
    utf8::append(text, cp);
    text += "b";
    Normalized general = Normalized::identity(text, 0);
    std::vector<Span> general_pieces{{0, static_cast<uint32_t>(text.size())}};
    BertPreTokenizer().split(general, general_pieces);
    Normalized fused = Normalized::identity(text, 0);
    std::vector<Span> fused_pieces;
    if (!words.split(fused, fused_pieces)) continue;
    if (cut_of(fused, fused_pieces).texts != cut_of(general, general_pieces).texts) {
      ADD_FAILURE() << "U+" << std::hex << static_cast<uint32_t>(cp) << ": BertWords cuts differently";
      ++failures;
    }
  }
}

}  // namespace
}  // namespace tokvec
