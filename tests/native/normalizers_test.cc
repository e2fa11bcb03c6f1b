// Tests of the tokenizer.json normalizers against HuggingFace `tokenizers`: the goldens of
// scripts/gen_normalizer_goldens.mjs (normalized text and per-character alignments for 28
// configurations over tricky inputs; the code points each character-class normalizer drops), the
// T5 charsmap when ../shared/data is present, hand-checkable alignments, and every error message.
#include <gtest/gtest.h>

#include "testing.h"

#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/json.h"
#include "core/utf8.h"
#include "tokenizer/normalizers/factory.h"
#include "tokenizer/normalizers/normal_forms.h"
#include "tokenizer/normalizers/precompiled.h"
#include "unicode/unicode.h"

namespace tokvec {
namespace {

const std::string kGoldens = std::string(TOKVEC_SOURCE_DIR) + "/tests/native/data/normalizer_goldens.json";
const std::string kT5 = std::string(TOKVEC_SOURCE_DIR) + "/../shared/data/tokenizers/t5-small.tokenizer.json";


const nlohmann::json& goldens() {
  static const nlohmann::json j = nlohmann::json::parse(read_file(kGoldens));
  return j;
}

std::unique_ptr<Normalizer> make_from(const nlohmann::json& j) { return make_normalizer(JsonView(j, "test")); }

std::unique_ptr<Normalizer> make(std::string_view json_text) { return make_from(nlohmann::json::parse(json_text)); }

Normalized run(const Normalizer& n, std::string_view text) {
  Normalized s = Normalized::identity(text, 0);
  n.normalize(s);
  return s;
}

// One [start, end) per character of s.text, in code points of `source` (how the goldens count).
std::vector<std::pair<uint32_t, uint32_t>> char_offsets(const Normalized& s, std::string_view source) {
  std::vector<uint32_t> cp_index(source.size() + 1, 0);
  uint32_t count = 0;
  for (size_t i = 0; i < source.size();) {
    const size_t start = i;
    utf8::decode(source, i);
    for (size_t k = start; k < i; ++k) cp_index[k] = count;
    ++count;
  }
  cp_index[source.size()] = count;
  std::vector<std::pair<uint32_t, uint32_t>> out;
  for (size_t i = 0; i < s.text.size();) {
    const size_t start = i;
    utf8::decode(s.text, i);
    const Span span = s.source_span({static_cast<uint32_t>(start), static_cast<uint32_t>(i)});
    out.emplace_back(cp_index[span.start], cp_index[span.end]);
  }
  return out;
}

std::string show(const std::vector<std::pair<uint32_t, uint32_t>>& offsets) {
  std::string out;
  for (const auto& [a, b] : offsets) out += "[" + std::to_string(a) + "," + std::to_string(b) + "]";
  return out;
}

void expect_matches_golden(const Normalizer& n, const nlohmann::json& input, const std::string& label) {
  const std::string text = input["text"];
  const Normalized s = run(n, text);
  EXPECT_EQ(s.text, input["normalized"].get<std::string>()) << label << " on " << nlohmann::json(text).dump();
  if (s.text != input["normalized"].get<std::string>()) return;
  std::vector<std::pair<uint32_t, uint32_t>> expected;
  for (const auto& o : input["offsets"]) expected.emplace_back(o[0].get<uint32_t>(), o[1].get<uint32_t>());
  const auto actual = char_offsets(s, text);
  EXPECT_EQ(show(actual), show(expected)) << label << " alignment of " << nlohmann::json(text).dump() << " -> "
                                          << nlohmann::json(s.text).dump();
}

TEST(NormalizersGolden, EveryConfigurationMatchesHuggingFaceTextAndAlignment) {
  ASSERT_FALSE(goldens()["cases"].empty());
  for (const auto& c : goldens()["cases"]) {
    const std::string label = c["normalizer"].dump().substr(0, 120);
    std::unique_ptr<Normalizer> n = make_from(c["normalizer"]);
    for (const auto& input : c["inputs"]) expect_matches_golden(*n, input, label);
  }
}

TEST(NormalizersGolden, T5PrecompiledCharsmapMatchesHuggingFace) {
  std::ifstream probe(kT5);
  if (!probe) GTEST_SKIP() << "no " << kT5 << " (reference data in ../shared/data)";
  const nlohmann::json t5 = nlohmann::json::parse(read_file(kT5));
  if (goldens()["t5_cases"].empty()) GTEST_SKIP() << "goldens were generated without the T5 file";
  std::unique_ptr<Normalizer> n = make_normalizer(JsonView(t5["normalizer"], "t5-small.tokenizer.json", "normalizer"));
  for (const auto& input : goldens()["t5_cases"]) expect_matches_golden(*n, input, "t5-small Precompiled");
}

// The code points a character-class normalizer removes or turns into ' ', found by HuggingFace
// over every code point; `wrap` puts the character in context as the generator did.
void expect_classes(const Normalizer& n, const nlohmann::json& classes, const std::string& prefix,
                    const std::string& suffix, const std::string& label) {
  auto in = [](const nlohmann::json& ranges, char32_t cp) {
    for (const auto& r : ranges) {
      if (cp >= r[0].get<char32_t>() && cp <= r[1].get<char32_t>()) return true;
    }
    return false;
  };
  int failures = 0;
  for (char32_t cp = 0; cp <= unicode::kMaxCodePoint && failures < 10; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    // Planes 4 to 13 hold no assigned character: one code point stands for them all.
    if (cp > 0x40000 && cp < 0xE0000) continue;
    std::string ch;
    utf8::append(ch, cp);
    const std::string out = run(n, prefix + ch + suffix).text;
    const bool removed = out == prefix + suffix;
    const bool to_space = cp != ' ' && out == prefix + " " + suffix;
    if (removed != in(classes["removed"], cp) || to_space != in(classes["to_space"], cp)) {
      ADD_FAILURE() << label << ": U+" << std::hex << static_cast<uint32_t>(cp) << " removed=" << removed
                    << " to_space=" << to_space << ", HuggingFace disagrees";
      ++failures;
    }
  }
}

TEST(NormalizersGolden, StripAccentsRemovesTheMarksHuggingFaceRemoves) {
  expect_classes(*make(R"({"type": "StripAccents"})"), goldens()["code_point_classes"]["StripAccents"], "", "",
                 "StripAccents");
}

TEST(NormalizersGolden, NmtDropsAndSpacesTheCodePointsHuggingFaceDoes) {
  expect_classes(*make(R"({"type": "Nmt"})"), goldens()["code_point_classes"]["Nmt"], "", "", "Nmt");
}

TEST(NormalizersGolden, BertCleanTextDropsAndSpacesTheCodePointsHuggingFaceDoes) {
  expect_classes(*make(R"({"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": false,
                           "strip_accents": false, "lowercase": false})"),
                 goldens()["code_point_classes"]["BertNormalizer_clean_text"], "a", "b", "BertNormalizer clean_text");
}

TEST(NormalizersGolden, BertStripAccentsDropsTheMarksHuggingFaceDrops) {
  expect_classes(*make(R"({"type": "BertNormalizer", "clean_text": false, "handle_chinese_chars": false,
                           "strip_accents": true, "lowercase": false})"),
                 goldens()["code_point_classes"]["BertNormalizer_strip_accents"], "a", "b",
                 "BertNormalizer strip_accents");
}

// ---- Hand-checkable alignments ------------------------------------------------------------------

// Source byte spans of each normalized character.
std::string byte_spans(const Normalized& s) {
  std::string out;
  for (size_t i = 0; i < s.text.size();) {
    const size_t start = i;
    utf8::decode(s.text, i);
    const Span span = s.source_span({static_cast<uint32_t>(start), static_cast<uint32_t>(i)});
    out += "[" + std::to_string(span.start) + "," + std::to_string(span.end) + ")";
  }
  return out;
}

TEST(NormalizerAlignment, NfdInsertedMarkSharesItsBaseCharacter) {
  const Normalized s = run(*make(R"({"type": "NFD"})"), "xé");  // é is bytes 1..3
  EXPECT_EQ(s.text, "xe\xCC\x81");
  EXPECT_EQ(byte_spans(s), "[0,1)[1,3)[1,3)");
}

TEST(NormalizerAlignment, NfcComposedCharacterKeepsOnlyItsFirstPiece) {
  const Normalized s = run(*make(R"({"type": "NFC"})"), "e\xCC\x81x");  // e, U+0301 (2 bytes), x
  EXPECT_EQ(s.text, "\xC3\xA9x");
  EXPECT_EQ(byte_spans(s), "[0,1)[3,4)");
}

TEST(NormalizerAlignment, PrependedCharactersTakeTheFirstCharacter) {
  const Normalized s = run(*make(R"({"type": "Prepend", "prepend": "<s>"})"), "\xC3\xA9t\xC3\xA9");
  EXPECT_EQ(s.text, "<s>\xC3\xA9t\xC3\xA9");
  EXPECT_EQ(byte_spans(s), "[0,2)[0,2)[0,2)[0,2)[2,3)[3,5)");
  EXPECT_TRUE(run(*make(R"({"type": "Prepend", "prepend": "<s>"})"), "").text.empty());
}

TEST(NormalizerAlignment, ReplacementTakesTheLastCharacterOfTheMatch) {
  // "ab" -> "XYZ": all three take 'b'; an empty content just removes.
  Normalized s = run(*make(R"({"type": "Replace", "pattern": {"String": "ab"}, "content": "XYZ"})"), "cabd");
  EXPECT_EQ(s.text, "cXYZd");
  EXPECT_EQ(byte_spans(s), "[0,1)[2,3)[2,3)[2,3)[3,4)");
  s = run(*make(R"({"type": "Replace", "pattern": {"String": "ab"}, "content": ""})"), "cabd");
  EXPECT_EQ(s.text, "cd");
  EXPECT_EQ(byte_spans(s), "[0,1)[3,4)");
}

TEST(NormalizerAlignment, EmptyLiteralInsertsAtEveryBoundaryTheFirstAtTheTextStart) {
  const Normalized s = run(*make(R"({"type": "Replace", "pattern": {"String": ""}, "content": "_"})"), "ab");
  EXPECT_EQ(s.text, "_a_b_");
  EXPECT_EQ(byte_spans(s), "[0,0)[0,1)[0,1)[1,2)[1,2)");
}

TEST(NormalizerAlignment, StripKeepsTheAlignmentOfWhatRemains) {
  const Normalized s = run(*make(R"({"type": "Strip", "strip_left": true, "strip_right": true})"), " \t\xC3\xA9 x\n");
  EXPECT_EQ(s.text, "\xC3\xA9 x");
  EXPECT_EQ(byte_spans(s), "[2,4)[4,5)[5,6)");
}

TEST(NormalizerAlignment, ChineseCharactersArePaddedWithSpacesAlignedToThem) {
  const Normalized s = run(*make(R"({"type": "BertNormalizer", "lowercase": false})"), "a\xE4\xB8\xADz");  // a中z
  EXPECT_EQ(s.text, "a \xE4\xB8\xAD z");
  EXPECT_EQ(byte_spans(s), "[0,1)[1,4)[1,4)[1,4)[4,5)");
}

TEST(NormalizerAlignment, RemovedCharactersLeaveNoTrace) {
  const Normalized s = run(*make(R"({"type": "Nmt"})"), "a\x01\x02" "b\tc");
  EXPECT_EQ(s.text, "ab c");
  EXPECT_EQ(byte_spans(s), "[0,1)[3,4)[4,5)[5,6)");
}

TEST(NormalizerAlignment, SequenceComposesAlignments) {
  // NFD splits é, StripAccents drops the mark, Lowercase keeps lengths: E + é -> "ee".
  const Normalized s =
      run(*make(R"({"type": "Sequence", "normalizers": [{"type": "NFD"}, {"type": "StripAccents"}, {"type": "Lowercase"}]})"),
          "E\xC3\xA9");
  EXPECT_EQ(s.text, "ee");
  EXPECT_EQ(byte_spans(s), "[0,1)[1,3)");
}

TEST(NormalizerAlignment, AlignmentIsRelativeToTheBase) {
  Normalized s = Normalized::identity("x\xC3\xA9", 100);
  make(R"({"type": "NFD"})")->normalize(s);
  EXPECT_EQ(byte_spans(s), "[100,101)[101,103)[101,103)");
}

// ---- Fast paths ---------------------------------------------------------------------------------

TEST(NormalizerFastPath, NormalFormsLeaveAsciiAndStableTextUntouched) {
  for (const char* type : {"NFD", "NFC", "NFKD", "NFKC"}) {
    const std::unique_ptr<Normalizer> n = make(std::string(R"({"type": ")") + type + "\"}");
    for (const std::string text : {std::string("plain ascii text, 123!"), std::string("caf\xC3\xA9 \xE4\xB8\xAD\xE6\x96\x87")}) {
      if (std::string(type) == "NFD" || std::string(type) == "NFKD") {
        if (text.find('\xC3') != std::string::npos) continue;  // é decomposes
      }
      Normalized s = Normalized::identity(text, 0);
      const char* before = s.text.data();
      n->normalize(s);
      EXPECT_EQ(s.text, text) << type;
      EXPECT_TRUE(s.is_identity()) << type << ": alignment was materialized";
      EXPECT_EQ(s.text.data(), before) << type << ": text was reallocated";
    }
  }
}

TEST(NormalizerFastPath, ClusteredNormalizationEqualsWholeTextNormalizationSeed7) {
  // normalize_form normalizes only the clusters that can change; over random mixes of ASCII,
  // Latin-1, combining marks, Hangul jamo and compatibility characters it must give what
  // normalizing the whole text at once gives.
  const char32_t alphabet[] = {U'a', U'e', U' ', U'A', 0xE9, 0xC5, 0x301, 0x323, 0x308, 0x327, 0x1100, 0x1161,
                               0x11A8, 0xAC00, 0xFB01, 0xFF21, 0x2126, 0x212B, 0x1E9B, 0x0344, 0x0F73, 0x3099,
                               0x304B, 0x00BD, 0x0385, 0x1FEE, 0x05B0, 0x0591};
  std::mt19937 rng(7);
  for (int round = 0; round < 2000; ++round) {
    std::u32string text;
    const int length = rng() % 12;
    for (int k = 0; k < length; ++k) text.push_back(alphabet[rng() % std::size(alphabet)]);
    std::string utf8_text;
    for (char32_t c : text) utf8::append(utf8_text, c);
    for (auto form : {unicode::NormalForm::NFD, unicode::NormalForm::NFC, unicode::NormalForm::NFKD,
                      unicode::NormalForm::NFKC}) {
      Normalized s = Normalized::identity(utf8_text, 0);
      normalize_form(s, form);
      EXPECT_EQ(s.text, unicode::normalize_utf8(utf8_text, form)) << "form " << static_cast<int>(form);
      // The alignment must equal what one HuggingFace transform over the whole text gives.
      std::vector<std::pair<char32_t, int>> whole;
      unicode::normalize(text, form, whole);
      std::vector<Span> expected;
      std::vector<Span> char_spans;
      {
        size_t byte = 0;
        for (char32_t c : text) {
          std::string b;
          utf8::append(b, c);
          char_spans.push_back({static_cast<uint32_t>(byte), static_cast<uint32_t>(byte + b.size())});
          byte += b.size();
        }
      }
      size_t consumed = 0;
      for (const auto& [c, change] : whole) {
        Span align;
        if (change > 0) {
          align = consumed == 0 ? Span{0, 0} : char_spans[consumed - 1];
        } else {
          align = char_spans[consumed];
          consumed += 1 + static_cast<size_t>(-change);
        }
        std::string b;
        utf8::append(b, c);
        expected.insert(expected.end(), b.size(), align);
      }
      if (!s.is_identity()) {
        ASSERT_EQ(s.to_source.size(), expected.size());
        for (size_t k = 0; k < expected.size(); ++k) {
          // Unchanged characters keep per-byte spans; compare the character's whole span.
          EXPECT_TRUE(s.to_source[k].start >= expected[k].start && s.to_source[k].end <= expected[k].end)
              << "byte " << k << " form " << static_cast<int>(form);
        }
      }
    }
  }
}

// ---- Precompiled: format and graphemes ------------------------------------------------------------

TEST(PrecompiledCharsmap, ShortestKeyReplacesTheWholeShortGrapheme) {
  const auto& c = goldens()["cases"];
  std::string charsmap;
  for (const auto& k : c) {
    if (k["normalizer"]["type"] == "Precompiled") charsmap = k["normalizer"]["precompiled_charsmap"];
  }
  ASSERT_FALSE(charsmap.empty());
  const Precompiled p(Precompiled::decode_base64(charsmap, "test"), "test");
  std::string_view replacement;
  // The generator's rules hold "ａ" -> "a" and "ａｂ" -> "AB": the shorter key wins.
  ASSERT_TRUE(p.transform("\xEF\xBD\x81\xEF\xBD\x82", replacement));
  EXPECT_EQ(replacement, "a");
  EXPECT_FALSE(p.transform("q", replacement));
  EXPECT_FALSE(p.transform("", replacement));
}

TEST(PrecompiledCharsmap, GraphemeClustersFollowTheUnicodeBreakTest) {
  std::ifstream in("/usr/share/unicode/auxiliary/GraphemeBreakTest.txt");
  if (!in) GTEST_SKIP() << "no /usr/share/unicode/auxiliary/GraphemeBreakTest.txt (Debian unicode-data)";
  std::string line;
  int tested = 0;
  while (std::getline(in, line)) {
    line = line.substr(0, line.find('#'));
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    // "÷ 0020 × 0308 ÷": code points with the break (÷) or no break (×) before each.
    std::string text;
    std::vector<size_t> expected_ends;
    std::istringstream words(line);
    std::string word;
    bool first = true;
    while (words >> word) {
      if (word == "\xC3\xB7") {  // ÷
        if (!first) expected_ends.push_back(text.size());
      } else if (word != "\xC3\x97") {  // not ×: a code point
        utf8::append(text, static_cast<char32_t>(std::stoul(word, nullptr, 16)));
      }
      first = false;
    }
    std::vector<size_t> actual_ends;
    for (size_t i = 0; i < text.size();) {
      i = grapheme_end(text, i);
      actual_ends.push_back(i);
    }
    EXPECT_EQ(actual_ends, expected_ends) << line;
    ++tested;
  }
  EXPECT_GT(tested, 500);
}

TEST(PrecompiledCharsmap, GraphemeBreakTableAgreesWithTheRunsForEveryCodePoint) {
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    ASSERT_EQ(grapheme_break_of(cp), normalizer_tables::grapheme_break(cp)) << "U+" << std::hex << static_cast<uint32_t>(cp);
  }
}

// ---- Errors ---------------------------------------------------------------------------------------

void expect_error(std::string_view json_text, ErrorCode code, const std::string& message) {
  try {
    make(json_text);
    ADD_FAILURE() << "no error for " << json_text;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    EXPECT_EQ(std::string(e.what()), message);
  }
}

std::string charsmap_json(const std::string& bytes) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string b64;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t v = static_cast<uint8_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) v |= static_cast<uint8_t>(bytes[i + 2]);
    b64 += kAlphabet[v >> 18];
    b64 += kAlphabet[(v >> 12) & 63];
    b64 += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    b64 += i + 2 < bytes.size() ? kAlphabet[v & 63] : '=';
  }
  return R"({"type": "Precompiled", "precompiled_charsmap": ")" + b64 + "\"}";
}

std::string le32(uint32_t v) {
  return std::string{static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16),
                     static_cast<char>(v >> 24)};
}

TEST(NormalizerErrors, UnknownTypeIsNamedWithItsPath) {
  expect_error(R"({"type": "Uppercase"})", ErrorCode::kUnsupported, "test: type: unsupported normalizer type \"Uppercase\"");
  expect_error(R"({"type": "Sequence", "normalizers": [{"type": "NFC"}, {"type": "Foo"}]})", ErrorCode::kUnsupported,
               "test: normalizers[1].type: unsupported normalizer type \"Foo\"");
  expect_error(R"({"strip_left": true})", ErrorCode::kParse, "test: missing \"type\"");
}

TEST(NormalizerErrors, MalformedFieldsAreNamed) {
  expect_error(R"({"type": "Strip", "strip_left": true})", ErrorCode::kParse, "test: missing \"strip_right\"");
  expect_error(R"({"type": "Prepend", "prepend": 3})", ErrorCode::kParse, "test: prepend: expected a string, got number");
  expect_error(R"({"type": "Replace", "pattern": {"Glob": "*"}, "content": ""})", ErrorCode::kParse,
               "test: pattern: expected {\"String\": ...} or {\"Regex\": ...}, got {\"Glob\":\"*\"}");
  expect_error(R"({"type": "Replace", "pattern": {"Regex": "(ab"}, "content": " "})", ErrorCode::kParse,
               "test: pattern.Regex: regex: missing \")\" for the group at offset 0 in pattern \"(ab\"");
  expect_error(R"({"type": "BertNormalizer", "lowercase": "yes"})", ErrorCode::kParse,
               "test: lowercase: expected a boolean, got string");
}

TEST(NormalizerErrors, MalformedCharsmapsSayWhatIsWrong) {
  expect_error(R"({"type": "Precompiled", "precompiled_charsmap": "AAA"})", ErrorCode::kParse,
               "test: precompiled_charsmap: base64 of 3 characters, expected a multiple of 4");
  expect_error(R"({"type": "Precompiled", "precompiled_charsmap": "AA*A"})", ErrorCode::kParse,
               "test: precompiled_charsmap: invalid base64 character '*' at offset 2");
  expect_error(charsmap_json("\x01\x02"), ErrorCode::kParse,
               "test: precompiled_charsmap: charsmap of 2 bytes is too short for its 4-byte trie size");
  expect_error(charsmap_json(le32(6) + "abcdef"), ErrorCode::kParse,
               "test: precompiled_charsmap: trie size 6 is not a multiple of 4");
  expect_error(charsmap_json(le32(0) + "ab"), ErrorCode::kParse, "test: precompiled_charsmap: trie is empty");
  expect_error(charsmap_json(le32(4096) + le32(0)), ErrorCode::kParse,
               "test: precompiled_charsmap: trie of 4096 bytes runs past the end of the 8-byte charsmap");
  // Root at unit 0 with offset 1: children of the root at 1 ^ byte. Unit 1 ^ 'a' = 0x60 holds
  // label 'a' with a leaf and offset 0, so its value sits at unit 0x60 itself... which is the
  // child unit (value = its own bits), far past the 2-byte replacement strings.
  std::string trie(4 * 256, '\0');
  auto put = [&](size_t unit, uint32_t v) { trie.replace(4 * unit, 4, le32(v)); };
  put(0, 1u << 10);
  put(1 ^ 'a', 'a' | (1u << 8) | (0x21u << 10));  // value at (1 ^ 'a') ^ 0x21 = 0x41
  put(0x41, 0x80000000u | 1000u);
  expect_error(charsmap_json(le32(static_cast<uint32_t>(trie.size())) + trie + "x"), ErrorCode::kParse,
               "test: precompiled_charsmap: trie value 1000 is not the start of a replacement in the 1-byte "
               "replacement strings");
  put(0x41, 0x80000000u);
  expect_error(charsmap_json(le32(static_cast<uint32_t>(trie.size())) + trie + "\xFF"), ErrorCode::kParse,
               "test: precompiled_charsmap: replacement strings are not valid UTF-8");
  put(1 ^ 'a', 'a' | (1u << 8) | (0x7FFu << 10));  // value at 0x60 ^ 0x7FF, past the 256 units
  expect_error(charsmap_json(le32(static_cast<uint32_t>(trie.size())) + trie + "x"), ErrorCode::kParse,
               "test: precompiled_charsmap: trie unit 96 has its value at unit 1951, past the 256-unit trie");
}

TEST(NormalizerErrors, AHandMadeCharsmapRewritesItsOneKey) {
  std::string trie(4 * 256, '\0');
  auto put = [&](size_t unit, uint32_t v) { trie.replace(4 * unit, 4, le32(v)); };
  put(0, 1u << 10);
  put(1 ^ 'a', 'a' | (1u << 8) | (0x21u << 10));
  put(0x41, 0x80000000u | 0);  // replacement at offset 0: "xy"
  const std::unique_ptr<Normalizer> n = make(charsmap_json(le32(static_cast<uint32_t>(trie.size())) + trie + std::string("xy\0", 3)));
  const Normalized s = run(*n, "bab");
  EXPECT_EQ(s.text, "bxyb");
  EXPECT_EQ(byte_spans(s), "[0,1)[1,2)[1,2)[2,3)");
}

}  // namespace
}  // namespace tokvec
