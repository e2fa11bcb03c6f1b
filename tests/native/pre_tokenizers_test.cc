// Pre-tokenizers against HuggingFace: every configuration in pre_tokenizer_goldens.json (written
// by scripts/gen_pipeline_goldens.mjs from npm `tokenizers`) on every input, pieces and source
// byte offsets; then the cases the goldens cannot show, with fixtures checkable by eye.
#include <gtest/gtest.h>

#include "testing.h"

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>

#include "core/error.h"
#include "core/json.h"
#include "core/utf8.h"
#include "tokenizer/pre_tokenizers/factory.h"
#include "tokenizer/pre_tokenizers/sequence.h"
#include "tokenizer/pre_tokenizers/splitting.h"
#include "unicode/unicode.h"

namespace tokvec {
namespace {

nlohmann::json load_json(const std::string& relative) {
  std::ifstream in(std::string(TOKVEC_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return JsonView::parse(buffer.str(), relative);
}

std::unique_ptr<PreTokenizer> make(const std::string& config) {
  const nlohmann::json j = JsonView::parse(config, "tokenizer.json");
  return make_pre_tokenizer(JsonView(j, "tokenizer.json", "pre_tokenizer"));
}

// "piece"@start..end for each piece, offsets in the source.
std::string describe(const Normalized& s, const std::vector<Span>& pieces) {
  std::string out;
  for (const Span& p : pieces) {
    const Span source = s.source_span(p);
    out += "\"" + s.text.substr(p.start, p.size()) + "\"@" + std::to_string(source.start) + ".." +
           std::to_string(source.end) + " ";
  }
  return out;
}

// Runs `p` on `text` as the whole input (one piece at source offset `base`).
std::string run(const PreTokenizer& p, const std::string& text, uint32_t base = 0) {
  Normalized s = Normalized::identity(text, base);
  std::vector<Span> pieces;
  if (!text.empty()) pieces.push_back({0, static_cast<uint32_t>(text.size())});
  p.split(s, pieces);
  EXPECT_TRUE(s.is_identity() || s.to_source.size() == s.text.size());
  return describe(s, pieces);
}

std::string error_of(const std::string& config) {
  try {
    make(config);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(PreTokenizers, MatchHuggingFaceOnEveryGoldenInput) {
  const nlohmann::json goldens = load_json("tests/native/data/pre_tokenizer_goldens.json");
  const nlohmann::json& texts = goldens.at("texts");
  size_t checked = 0;
  for (const auto& entry : goldens.at("pre_tokenizers")) {
    const std::string name = entry.at("name");
    SCOPED_TRACE(name);
    const auto p = make_pre_tokenizer(JsonView(entry.at("config"), "tokenizer.json", "pre_tokenizer"));
    for (size_t t = 0; t < texts.size(); ++t) {
      const std::string text = texts[t];
      std::string expected;
      for (const auto& piece : entry.at("pieces")[t]) {
        expected += "\"" + piece[0].get<std::string>() + "\"@" + std::to_string(piece[1].get<uint32_t>()) + ".." +
                    std::to_string(piece[2].get<uint32_t>()) + " ";
      }
      EXPECT_EQ(run(*p, text), expected) << name << " on text " << t << ": \"" << text << "\"";
      ++checked;
    }
  }
  EXPECT_GT(checked, 600u);
}


TEST(PreTokenizers, MatchHuggingFaceOnWholeCorpora) {
  const std::string folder = std::string(TOKVEC_SOURCE_DIR) + "/../shared/data/corpora/";
  if (!std::ifstream(folder + "botchan.txt")) GTEST_SKIP() << "reference corpora not found in " << folder;
  const nlohmann::json goldens = load_json("tests/native/data/pre_tokenizer_goldens.json");
  if (goldens.at("corpora").is_null()) GTEST_SKIP() << "goldens were generated without the corpora";
  for (const auto& corpus : goldens.at("corpora")) {
    std::ifstream in(folder + corpus.at("file").get<std::string>(), std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    for (const auto& digest : corpus.at("digests")) {
      const std::string name = digest.at("name");
      const nlohmann::json* config = nullptr;
      for (const auto& entry : goldens.at("pre_tokenizers")) {
        if (entry.at("name") == name) config = &entry.at("config");
      }
      ASSERT_NE(config, nullptr) << name;
      const auto p = make_pre_tokenizer(JsonView(*config, "tokenizer.json", "pre_tokenizer"));
      Normalized s = Normalized::identity(text, 0);
      std::vector<Span> pieces{{0, static_cast<uint32_t>(text.size())}};
      p->split(s, pieces);
      uint32_t hash = 2166136261u;
      for (const Span& piece : pieces) {
        const Span source = s.source_span(piece);
        hash = fnv1a(hash, std::string_view(s.text).substr(piece.start, piece.size()));
        hash = fnv1a(hash, std::string(1, '\0') + std::to_string(source.start) + "," + std::to_string(source.end) + ";");
      }
      EXPECT_EQ(pieces.size(), digest.at("pieces").get<size_t>()) << name << " on " << corpus.at("file");
      EXPECT_EQ(hash, digest.at("fnv1a").get<uint32_t>()) << name << " on " << corpus.at("file");
    }
  }
}

// Rebuilds the probe of scripts/gen_pipeline_goldens.mjs: every code point between two copies of
// `marker`; a piece starting at the code point means a cut before it.
std::vector<uint8_t> cuts_beside(const PreTokenizer& p, const std::string& marker) {
  std::vector<uint8_t> cut(0x110000, 0);
  for (char32_t first = 0; first < 0x110000; first += 50000) {
    std::string text = marker;
    std::vector<std::pair<uint32_t, char32_t>> starts;  // byte offset of each probed code point
    for (char32_t cp = first; cp < std::min<char32_t>(first + 50000, 0x110000); ++cp) {
      if (cp >= 0xD800 && cp <= 0xDFFF) continue;
      starts.push_back({static_cast<uint32_t>(text.size()), cp});
      utf8::append(text, cp);
      text += marker;
    }
    Normalized s = Normalized::identity(text, 0);
    std::vector<Span> pieces{{0, static_cast<uint32_t>(text.size())}};
    p.split(s, pieces);
    size_t k = 0;
    for (const Span& piece : pieces) {
      while (k < starts.size() && starts[k].first < piece.start) ++k;
      if (k < starts.size() && starts[k].first == piece.start) cut[starts[k].second] = 1;
    }
  }
  return cut;
}

TEST(PreTokenizers, UnicodeScriptsClassesEveryCodePointAsHuggingFaceDoes) {
  const nlohmann::json goldens = load_json("tests/native/data/unicode_scripts_goldens.json");
  const auto p = make(R"({"type": "UnicodeScripts"})");
  const std::vector<uint8_t> beside_latin = cuts_beside(*p, "a");
  const std::vector<uint8_t> beside_greek = cuts_beside(*p, "\xCE\xB1");
  static const char* const kClasses[] = {"any", "greek", "latin", "other"};
  size_t mismatches = 0;
  for (const auto& run : goldens.at("runs")) {
    const char32_t first = run[0], last = run[1];
    const std::string expected = run[2];
    for (char32_t cp = first; cp <= last; ++cp) {
      if (cp >= 0xD800 && cp <= 0xDFFF) continue;
      const std::string actual = kClasses[beside_latin[cp] + 2 * beside_greek[cp]];
      if (actual != expected && ++mismatches <= 20) {
        ADD_FAILURE() << "U+" << std::hex << static_cast<uint32_t>(cp) << ": " << actual << ", HuggingFace: " << expected;
      }
    }
  }
  EXPECT_EQ(mismatches, 0u);
}

TEST(PreTokenizers, ByteLevelPrefixSpaceStandsForTheFirstCharacter) {
  // HuggingFace aligns the added space with the first character, so " é" covers the 2 bytes of é.
  const auto p = make(R"({"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true})");
  EXPECT_EQ(run(*p, "\xC3\xA9t\xC3\xA9"), "\" \xC3\xA9t\xC3\xA9\"@0..5 ");
  EXPECT_EQ(run(*p, "ab", 7), "\" ab\"@7..9 ");
}

TEST(PreTokenizers, ByteLevelPrefixesEveryPieceItReceives) {
  // Pieces "a" and "b" of "a,b" (after Punctuation Removed) each get their own space; the comma
  // outside the pieces stays in the text untouched.
  const auto p = make(R"({"type": "Sequence", "pretokenizers": [
      {"type": "Punctuation", "behavior": "Removed"},
      {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": false}]})");
  Normalized s = Normalized::identity("a,b", 0);
  std::vector<Span> pieces{{0, 3}};
  p->split(s, pieces);
  EXPECT_EQ(s.text, " a, b");
  EXPECT_EQ(describe(s, pieces), "\" a\"@0..1 \" b\"@2..3 ");
}

TEST(PreTokenizers, ByteLevelForWordModelsSpellsPiecesInTheAlphabet) {
  // What HuggingFace's ByteLevel hands a WordLevel, WordPiece or Unigram model: " world" is
  // "Ġworld"; "é" (C3 A9) is "Ã©", both characters covering all of "é".
  const nlohmann::json j = JsonView::parse(R"({"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true})", "tokenizer.json");
  const auto p = make_pre_tokenizer(JsonView(j, "tokenizer.json", "pre_tokenizer"), true);
  EXPECT_EQ(run(*p, "hi world \xC3\xA9"), "\"hi\"@0..2 \"Ġworld\"@2..8 \"ĠÃ©\"@8..11 ");
  Normalized s = Normalized::identity("\xC3\xA9", 0);
  std::vector<Span> pieces{{0, 2}};
  p->split(s, pieces);
  EXPECT_EQ(s.text, "Ã©");
  EXPECT_EQ(s.source_span({0, 2}), (Span{0, 2}));  // "Ã"
  EXPECT_EQ(s.source_span({2, 4}), (Span{0, 2}));  // "©"
}

TEST(PreTokenizers, ByteLevelSpellsInTheAlphabetForTheStagesAfterIt) {
  // "ç" (C3 A7) is "Ã§", and "§" is punctuation: Punctuation after ByteLevel cuts between the two
  // halves of one character, as HuggingFace does (its pre_tokenize_str gives "Ã" and "§", each at 0..1).
  const nlohmann::json j = JsonView::parse(R"({"type": "Sequence", "pretokenizers": [
      {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": false},
      {"type": "Punctuation", "behavior": "Isolated"}]})", "tokenizer.json");
  const auto p = make_pre_tokenizer(JsonView(j, "tokenizer.json", "pre_tokenizer"), true);
  EXPECT_EQ(run(*p, "\xC3\xA7"), "\"Ã\"@0..2 \"§\"@0..2 ");
}

TEST(PreTokenizers, MetaspaceFirstPrependsOnlyAtTheStartOfTheInput) {
  const auto p = make(R"({"type": "Metaspace", "replacement": "▁", "prepend_scheme": "first"})");
  EXPECT_EQ(run(*p, "ab c"), "\"▁ab\"@0..2 \"▁c\"@2..4 ");
  // A section that starts after an added token (base 5) is not the start of the input.
  EXPECT_EQ(run(*p, "ab c", 5), "\"ab\"@5..7 \"▁c\"@7..9 ");
  const auto always = make(R"({"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always"})");
  EXPECT_EQ(run(*always, "ab c", 5), "\"▁ab\"@5..7 \"▁c\"@7..9 ");
}

TEST(PreTokenizers, MetaspaceKeepsAlignmentThroughAnEarlierRewrite) {
  // Normalized text "xy" standing for source "XXy" (x made from two bytes): the prefix stands
  // for x's whole source.
  Normalized s{"xy", {{0, 2}, {2, 3}}, 0};
  std::vector<Span> pieces{{0, 2}};
  make(R"({"type": "Metaspace", "replacement": "▁"})")->split(s, pieces);
  EXPECT_EQ(describe(s, pieces), "\"▁xy\"@0..3 ");
  ASSERT_EQ(s.to_source.size(), s.text.size());
  EXPECT_EQ(s.to_source[0], (Span{0, 2}));
}

// WhitespaceSplit and Metaspace's split find their cuts by bytes; split_at_chars, which decodes
// every character, is the general path they must equal, on text with invalid UTF-8 too.
TEST(PreTokenizers, WhitespaceSplitAndMetaspaceCutWhereDecodingCutsSeed5) {
  const std::vector<std::string> parts = {"a", "b", " ", "\t", "\n", "\xE2\x96\x81", "\xE3\x80\x80", "\xC2\x85",
                                          "\xE2", "\x96\x81", "\xE2\x96", "\xFF", "\xC3\xA9", "\xEF\xBF\xBD"};
  const auto whitespace = make(R"({"type": "WhitespaceSplit"})");
  const auto metaspace = make(R"({"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always"})");
  const auto unsplit = make(R"({"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": false})");
  std::mt19937 rng(5);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const size_t length = rng() % 12;
    for (size_t i = 0; i < length; ++i) text += parts[rng() % parts.size()];
    const std::vector<Span> whole = text.empty() ? std::vector<Span>{} : std::vector<Span>{{0, static_cast<uint32_t>(text.size())}};

    Normalized fast = Normalized::identity(text, 0), general = fast;
    std::vector<Span> fast_pieces = whole, general_pieces = whole;
    whitespace->split(fast, fast_pieces);
    split_at_chars(general, general_pieces, [](char32_t cp) { return unicode::is_white_space(cp); },
                   SplitDelimiterBehavior::kRemoved);
    ASSERT_EQ(describe(fast, fast_pieces), describe(general, general_pieces)) << "WhitespaceSplit of " << text;

    metaspace->split(fast, fast_pieces);
    unsplit->split(general, general_pieces);
    split_at_chars(general, general_pieces, [](char32_t cp) { return cp == U'\u2581'; },
                   SplitDelimiterBehavior::kMergedWithNext);
    ASSERT_EQ(describe(fast, fast_pieces), describe(general, general_pieces)) << "Metaspace of " << text;

    // Metaspace alone, spaces inside the piece.
    fast = general = Normalized::identity(text, 0);
    fast_pieces = general_pieces = whole;
    metaspace->split(fast, fast_pieces);
    unsplit->split(general, general_pieces);
    split_at_chars(general, general_pieces, [](char32_t cp) { return cp == U'\u2581'; },
                   SplitDelimiterBehavior::kMergedWithNext);
    ASSERT_EQ(describe(fast, fast_pieces), describe(general, general_pieces)) << "Metaspace of " << text;
  }
}

TEST(PreTokenizers, FindByteLevelLooksInsideSequences) {
  const auto nested = make(R"({"type": "Sequence", "pretokenizers": [
      {"type": "Split", "pattern": {"Regex": "\\d"}, "behavior": "Isolated", "invert": false},
      {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": false, "use_regex": false}]})");
  ASSERT_NE(find_byte_level(*nested), nullptr);
  EXPECT_TRUE(find_byte_level(*nested)->add_prefix_space());
  EXPECT_FALSE(find_byte_level(*nested)->use_regex());
  EXPECT_FALSE(has_byte_level(*make(R"({"type": "Whitespace"})")));
}

TEST(PreTokenizers, UnknownTypesAreNamedWithTheirPath) {
  EXPECT_EQ(error_of(R"({"type": "Sequence", "pretokenizers": [{"type": "Whitespace"}, {"type": "Foo"}]})"),
            "tokenizer.json: pre_tokenizer.pretokenizers[1]: unsupported type \"Foo\"");
  try {
    make(R"({"type": "Foo"})");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUnsupported);
  }
  EXPECT_EQ(error_of(R"({"pretokenizers": []})"), "tokenizer.json: pre_tokenizer: missing \"type\"");
}

// Over every code point, the characters Punctuation and BertPreTokenizer isolate between "a" and
// "b" are those HuggingFace isolates (punctuation_goldens.json, scripts/gen_punctuation_goldens.mjs):
// ASCII punctuation and P* as of Unicode 8.0, the tables of unicode_categories 0.1.1.
TEST(PreTokenizers, PunctuationIsTheCodePointsHuggingFaceIsolatesOverEveryCodePoint) {
  const nlohmann::json golden = load_json("tests/native/data/punctuation_goldens.json");
  for (const std::string type : {"Punctuation", "BertPreTokenizer"}) {
    const std::unique_ptr<PreTokenizer> p =
        make(type == "Punctuation" ? R"({"type": "Punctuation", "behavior": "Isolated"})" : R"({"type": "BertPreTokenizer"})");
    std::vector<std::pair<char32_t, char32_t>> ranges;
    for (const auto& r : golden[type]) ranges.emplace_back(r[0].get<char32_t>(), r[1].get<char32_t>());
    ASSERT_GT(ranges.size(), 100u) << type;
    size_t next = 0;  // the first range not wholly below cp
    int failures = 0;
    for (char32_t cp = 0; cp <= unicode::kMaxCodePoint && failures < 10; ++cp) {
      if (cp >= 0xD800 && cp <= 0xDFFF) continue;
      if (cp > 0x40000 && cp < 0xE0000) continue;  // planes 4 to 13: nothing assigned
      while (next < ranges.size() && ranges[next].second < cp) ++next;
      const bool expected = next < ranges.size() && ranges[next].first <= cp;
      std::string ch;
      utf8::append(ch, cp);
      const std::string text = "a" + ch + "b";
      Normalized s = Normalized::identity(text, 0);
      std::vector<Span> pieces{{0, static_cast<uint32_t>(text.size())}};
      p->split(s, pieces);
      const bool isolated = pieces.size() == 3 && s.text.substr(pieces[1].start, pieces[1].size()) == ch;
      if (isolated != expected) {
        ADD_FAILURE() << type << ": U+" << std::hex << static_cast<uint32_t>(cp) << " isolated=" << isolated
                      << ", HuggingFace disagrees";
        ++failures;
      }
    }
  }
}

TEST(PreTokenizers, BadOptionsAreNamedWithTheirPath) {
  EXPECT_EQ(error_of(R"({"type": "Split", "pattern": {"String": " "}, "behavior": "removed", "invert": false})"),
            "tokenizer.json: pre_tokenizer.behavior: unknown behavior \"removed\", expected one of Removed, "
            "Isolated, MergedWithPrevious, MergedWithNext, Contiguous");
  EXPECT_EQ(error_of(R"({"type": "Split", "pattern": {"String": " "}, "behavior": "Removed"})"),
            "tokenizer.json: pre_tokenizer: missing \"invert\"");
  EXPECT_EQ(error_of(R"({"type": "Split", "pattern": " ", "behavior": "Removed", "invert": false})"),
            "tokenizer.json: pre_tokenizer.pattern: expected {\"String\": ...} or {\"Regex\": ...}");
  EXPECT_EQ(error_of(R"j({"type": "Split", "pattern": {"Regex": "a)"}, "behavior": "Removed", "invert": false})j")
                .rfind("tokenizer.json: pre_tokenizer.pattern.Regex: regex: ", 0),
            0u);
  EXPECT_EQ(error_of(R"({"type": "Metaspace", "replacement": "ab"})"),
            "tokenizer.json: pre_tokenizer.replacement: expected a single character, got \"ab\"");
  EXPECT_EQ(error_of(R"({"type": "Metaspace", "replacement": "▁", "prepend_scheme": "Always"})"),
            "tokenizer.json: pre_tokenizer.prepend_scheme: unknown prepend_scheme \"Always\", expected one of "
            "first, never, always");
  EXPECT_EQ(error_of(R"({"type": "Metaspace", "replacement": "▁", "add_prefix_space": false})"),
            "tokenizer.json: pre_tokenizer.add_prefix_space: false does not match prepend_scheme, which must then "
            "be \"never\"");
  EXPECT_EQ(error_of(R"({"type": "CharDelimiterSplit", "delimiter": ""})"),
            "tokenizer.json: pre_tokenizer.delimiter: expected a single character, got \"\"");
  EXPECT_EQ(error_of(R"({"type": "FixedLength", "length": 0})"), "tokenizer.json: pre_tokenizer.length: must be at least 1");
  EXPECT_EQ(error_of(R"({"type": "Digits"})"), "tokenizer.json: pre_tokenizer: missing \"individual_digits\"");
  EXPECT_EQ(error_of(R"({"type": "ByteLevel"})"), "tokenizer.json: pre_tokenizer: missing \"add_prefix_space\"");
  EXPECT_EQ(error_of(R"({"type": "Sequence", "pretokenizers": {}})"),
            "tokenizer.json: pre_tokenizer.pretokenizers: expected an array, got object");
}

}  // namespace
}  // namespace tokvec
