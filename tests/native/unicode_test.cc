// Tests for src/unicode: hand-picked properties and case mappings, exhaustive cross-checks of the
// generated tables against the UCD text files they came from, the official normalization
// conformance file, and normalization `change` values worked out from the
// `unicode-normalization-alignments` crate that HuggingFace tokenizers uses, checked against it.
#include "unicode/unicode.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>


namespace tokvec::unicode {
namespace {

const std::string kUcd = "/usr/share/unicode/";

using Changes = std::vector<std::pair<char32_t, int>>;

// ---- UCD file reading, independent of the generator ----

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream in(s);
  while (std::getline(in, field, sep)) out.push_back(field);
  if (!s.empty() && s.back() == sep) out.emplace_back();
  return out;
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::u32string parse_code_points(const std::string& s) {
  std::u32string out;
  std::istringstream in(s);
  std::string hex;
  while (in >> hex) out.push_back(static_cast<char32_t>(std::stoul(hex, nullptr, 16)));
  return out;
}

// Lines of a UCD file split on ';' with comments removed; empty when the file is missing.
std::vector<std::vector<std::string>> ucd_lines(const std::string& name) {
  std::ifstream in(kUcd + name);
  std::vector<std::vector<std::string>> out;
  std::string line;
  while (std::getline(in, line)) {
    line = line.substr(0, line.find('#'));
    if (trim(line).empty()) continue;
    std::vector<std::string> fields = split(line, ';');
    for (std::string& f : fields) f = trim(f);
    out.push_back(fields);
  }
  return out;
}

struct UnicodeDataRow {
  std::string category;
  int ccc = 0;
  char32_t upper = 0;
  char32_t lower = 0;
};

// UnicodeData.txt with its First/Last ranges expanded.
const std::map<char32_t, UnicodeDataRow>& unicode_data() {
  static const std::map<char32_t, UnicodeDataRow> rows = [] {
    std::map<char32_t, UnicodeDataRow> m;
    char32_t range_first = 0;
    for (const auto& f : ucd_lines("UnicodeData.txt")) {
      char32_t cp = static_cast<char32_t>(std::stoul(f[0], nullptr, 16));
      UnicodeDataRow row{f[2], std::stoi(f[3]), 0, 0};
      if (!f[12].empty()) row.upper = static_cast<char32_t>(std::stoul(f[12], nullptr, 16));
      if (!f[13].empty()) row.lower = static_cast<char32_t>(std::stoul(f[13], nullptr, 16));
      if (f[1].find(", First>") != std::string::npos) {
        range_first = cp;
        continue;
      }
      char32_t first = f[1].find(", Last>") != std::string::npos ? range_first : cp;
      for (char32_t x = first; x <= cp; ++x) m[x] = row;
    }
    return m;
  }();
  return rows;
}

std::set<char32_t> ucd_property(const std::string& file, const std::string& property) {
  std::set<char32_t> out;
  for (const auto& f : ucd_lines(file)) {
    if (f.size() < 2 || f[1] != property) continue;
    size_t dots = f[0].find("..");
    char32_t first = static_cast<char32_t>(std::stoul(f[0].substr(0, dots), nullptr, 16));
    char32_t last = dots == std::string::npos
                        ? first
                        : static_cast<char32_t>(std::stoul(f[0].substr(dots + 2), nullptr, 16));
    for (char32_t cp = first; cp <= last; ++cp) out.insert(cp);
  }
  return out;
}

const char* category_name(Category c) {
  static const char* const kNames[] = {"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl",
                                       "No", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc",
                                       "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn"};
  return kNames[static_cast<int>(c)];
}

std::u32string lowercase(std::u32string_view s) {
  std::u32string out;
  for (char32_t cp : s) append_lowercase(cp, out);
  return out;
}

std::u32string uppercase(std::u32string_view s) {
  std::u32string out;
  for (char32_t cp : s) append_uppercase(cp, out);
  return out;
}

std::set<char32_t> orbit(char32_t cp) {
  char32_t out[4];
  size_t n = case_orbit(cp, out);
  return std::set<char32_t>(out, out + n);
}

Changes normalized(std::u32string_view in, NormalForm form) {
  Changes out;
  normalize(in, form, out);
  return out;
}

std::u32string chars_of(const Changes& changes) {
  std::u32string out;
  for (const auto& [cp, change] : changes) out.push_back(cp);
  return out;
}

std::u32string to_form(std::u32string_view in, NormalForm form) {
  return chars_of(normalized(in, form));
}

std::string hex(std::u32string_view s) {
  std::string out;
  char buf[16];
  for (char32_t cp : s) {
    std::snprintf(buf, sizeof buf, "%s%04X", out.empty() ? "" : " ", static_cast<unsigned>(cp));
    out += buf;
  }
  return out;
}

std::string u_plus(char32_t cp) { return "U+" + hex(std::u32string(1, cp)); }

// ---- Categories and properties ----

TEST(UnicodeCategory, HandPickedCodePointsHaveTheirGeneralCategory) {
  const std::pair<char32_t, Category> cases[] = {
      {U'A', Category::Lu},     {U'z', Category::Ll},     {U'0', Category::Nd},
      {U' ', Category::Zs},     {U'\n', Category::Cc},    {U'_', Category::Pc},
      {U'-', Category::Pd},     {U'(', Category::Ps},     {U')', Category::Pe},
      {U'!', Category::Po},     {U'+', Category::Sm},     {U'$', Category::Sc},
      {U'^', Category::Sk},     {0x7F, Category::Cc},     {0x85, Category::Cc},
      {0xA0, Category::Zs},     {0xA6, Category::So},     {0xAA, Category::Lo},
      {0xAB, Category::Pi},     {0xAD, Category::Cf},     {0xB2, Category::No},
      {0xBB, Category::Pf},     {0xDF, Category::Ll},     {0x01C5, Category::Lt},
      {0x02B0, Category::Lm},   {0x0301, Category::Mn},   {0x0378, Category::Cn},
      {0x0903, Category::Mc},   {0x20DD, Category::Me},   {0x2160, Category::Nl},
      {0x2028, Category::Zl},   {0x2029, Category::Zp},   {0x200D, Category::Cf},
      {0x3000, Category::Zs},   {0x4E00, Category::Lo},   {0xAC00, Category::Lo},
      {0xD800, Category::Cs},   {0xDFFF, Category::Cs},   {0xE000, Category::Co},
      {0xFFFE, Category::Cn},   {0x1F600, Category::So},  {0x20000, Category::Lo},
      {0xE0001, Category::Cf},  {0xF0000, Category::Co},  {0x10FFFD, Category::Co},
      {0x10FFFF, Category::Cn}, {0x110000, Category::Cn}, {0xFFFFFFFF, Category::Cn},
  };
  for (const auto& [cp, expected] : cases) {
    EXPECT_EQ(category_name(category(cp)), std::string(category_name(expected)))
        << u_plus(cp);
  }
}

TEST(UnicodeCategory, EveryCodePointMatchesUnicodeDataTxt) {
  const auto& rows = unicode_data();
  ASSERT_FALSE(rows.empty()) << "cannot read " << kUcd << "UnicodeData.txt";
  int mismatches = 0;
  for (char32_t cp = 0; cp <= kMaxCodePoint; ++cp) {
    auto it = rows.find(cp);
    std::string expected = it == rows.end() ? "Cn" : it->second.category;
    int expected_ccc = it == rows.end() ? 0 : it->second.ccc;
    if (expected != category_name(category(cp)) || expected_ccc != canonical_combining_class(cp)) {
      if (++mismatches < 10) {
        ADD_FAILURE() << u_plus(cp) << ": expected " << expected << " ccc "
                      << expected_ccc << ", got " << category_name(category(cp)) << " ccc "
                      << int(canonical_combining_class(cp));
      }
    }
  }
  EXPECT_EQ(mismatches, 0);
}

TEST(UnicodeCategory, GroupPredicatesAgreeWithCategoryIncludingAsciiFastPaths) {
  for (char32_t cp = 0; cp <= kMaxCodePoint + 1; ++cp) {
    char first = category_name(category(cp))[0];
    ASSERT_EQ(is_letter(cp), first == 'L') << u_plus(cp);
    ASSERT_EQ(is_mark(cp), first == 'M') << u_plus(cp);
    ASSERT_EQ(is_number(cp), first == 'N') << u_plus(cp);
    ASSERT_EQ(is_punctuation(cp), first == 'P') << u_plus(cp);
    ASSERT_EQ(is_symbol(cp), first == 'S') << u_plus(cp);
    ASSERT_EQ(is_separator(cp), first == 'Z') << u_plus(cp);
    ASSERT_EQ(is_control(cp), category(cp) == Category::Cc) << u_plus(cp);
  }
}

TEST(UnicodeProperty, WhiteSpaceIsExactlyPropListWhiteSpace) {
  std::set<char32_t> expected = ucd_property("PropList.txt", "White_Space");
  ASSERT_EQ(expected.size(), 25u);
  for (char32_t cp = 0; cp <= kMaxCodePoint + 1; ++cp) {
    ASSERT_EQ(is_white_space(cp), expected.count(cp) == 1) << u_plus(cp);
  }
  EXPECT_TRUE(is_white_space(0x85));
  EXPECT_TRUE(is_white_space(0xA0));
  EXPECT_TRUE(is_white_space(0x2028));
  EXPECT_TRUE(is_white_space(0x3000));
  EXPECT_FALSE(is_white_space(0x200B));  // ZERO WIDTH SPACE is Cf, not White_Space
  EXPECT_FALSE(is_white_space(0x180E));  // MONGOLIAN VOWEL SEPARATOR left White_Space in 6.3
}

TEST(UnicodeProperty, DerivedPropertiesMatchDerivedCoreProperties) {
  std::set<char32_t> alphabetic = ucd_property("DerivedCoreProperties.txt", "Alphabetic");
  std::set<char32_t> lower = ucd_property("DerivedCoreProperties.txt", "Lowercase");
  std::set<char32_t> upper = ucd_property("DerivedCoreProperties.txt", "Uppercase");
  ASSERT_FALSE(alphabetic.empty());
  for (char32_t cp = 0; cp <= kMaxCodePoint; ++cp) {
    ASSERT_EQ(is_alphabetic(cp), alphabetic.count(cp) == 1) << u_plus(cp);
    ASSERT_EQ(is_lowercase(cp), lower.count(cp) == 1) << u_plus(cp);
    ASSERT_EQ(is_uppercase(cp), upper.count(cp) == 1) << u_plus(cp);
  }
}

TEST(UnicodeProperty, HandPickedDerivedProperties) {
  EXPECT_TRUE(is_alphabetic(0x0345));   // COMBINING GREEK YPOGEGRAMMENI: Mn, Other_Alphabetic
  EXPECT_TRUE(is_alphabetic(0x2160));   // ROMAN NUMERAL ONE: Nl
  EXPECT_FALSE(is_alphabetic(U'1'));
  EXPECT_TRUE(is_lowercase(0xAA));      // FEMININE ORDINAL INDICATOR: Lo, Other_Lowercase
  EXPECT_TRUE(is_lowercase(0x02B0));    // MODIFIER LETTER SMALL H: Lm
  EXPECT_TRUE(is_uppercase(0x2160));    // Other_Uppercase
  EXPECT_FALSE(is_lowercase(0x01C5));   // titlecase Dž is neither
  EXPECT_FALSE(is_uppercase(0x01C5));
  EXPECT_FALSE(is_lowercase(0x4E00));
  EXPECT_FALSE(is_uppercase(0x110000));
}

TEST(UnicodeProperty, WordCharIsAlphabeticMarkDecimalConnectorOrJoinControl) {
  EXPECT_TRUE(is_word_char(U'a'));
  EXPECT_TRUE(is_word_char(U'Z'));
  EXPECT_TRUE(is_word_char(U'7'));
  EXPECT_TRUE(is_word_char(U'_'));
  EXPECT_FALSE(is_word_char(U'-'));
  EXPECT_FALSE(is_word_char(U' '));
  EXPECT_TRUE(is_word_char(0x0301));   // Mn
  EXPECT_TRUE(is_word_char(0x0660));   // ARABIC-INDIC DIGIT ZERO: Nd
  EXPECT_TRUE(is_word_char(0x203F));   // UNDERTIE: Pc
  EXPECT_TRUE(is_word_char(0x200C));   // ZERO WIDTH NON-JOINER: Join_Control
  EXPECT_TRUE(is_word_char(0x200D));
  EXPECT_TRUE(is_word_char(0x4E00));
  EXPECT_FALSE(is_word_char(0xB2));    // SUPERSCRIPT TWO: No, not Nd
  EXPECT_FALSE(is_word_char(0x1F600));
  for (char32_t cp = 0; cp <= kMaxCodePoint; ++cp) {
    Category c = category(cp);
    bool expected = is_alphabetic(cp) || is_mark(cp) || c == Category::Nd || c == Category::Pc ||
                    cp == 0x200C || cp == 0x200D;
    ASSERT_EQ(is_word_char(cp), expected) << u_plus(cp);
  }
}

// ---- Case ----

TEST(UnicodeCase, FullMappingsFollowSpecialCasingUnconditionalEntries) {
  EXPECT_EQ(lowercase(U"Hello, WORLD 123"), U"hello, world 123");
  EXPECT_EQ(uppercase(U"Hello, world 123"), U"HELLO, WORLD 123");
  EXPECT_EQ(lowercase(U"\u0130"), U"i\u0307");         // İ -> i + combining dot above
  EXPECT_EQ(uppercase(U"\u00DF"), U"SS");              // ß
  EXPECT_EQ(lowercase(U"\u1E9E"), U"\u00DF");          // ẞ
  EXPECT_EQ(uppercase(U"\uFB03"), U"FFI");             // ﬃ
  EXPECT_EQ(uppercase(U"\u0149"), U"\u02BCN");         // ŉ
  EXPECT_EQ(uppercase(U"\u0390"), U"\u0399\u0308\u0301");
  EXPECT_EQ(uppercase(U"\u1F80"), U"\u1F08\u0399");
  EXPECT_EQ(lowercase(U"\u1F88"), U"\u1F80");          // SpecialCasing agrees with the simple one
}

TEST(UnicodeCase, SigmaAndOtherPerCharacterMappingsIgnoreContext) {
  EXPECT_EQ(lowercase(U"\u03A3"), U"\u03C3");          // Σ -> σ even at a word end
  EXPECT_EQ(lowercase(U"\u039F\u0394\u03A5\u03A3"), U"\u03BF\u03B4\u03C5\u03C3");
  EXPECT_EQ(uppercase(U"\u03C2"), U"\u03A3");          // ς -> Σ
  EXPECT_EQ(lowercase(U"\u212A"), U"k");               // KELVIN SIGN
  EXPECT_EQ(uppercase(U"\u0131"), U"I");               // dotless ı
  EXPECT_EQ(uppercase(U"i"), U"I");                    // no Turkish rule
  EXPECT_EQ(uppercase(U"\u01C5"), U"\u01C4");          // Dž -> DŽ
  EXPECT_EQ(lowercase(U"\u01C5"), U"\u01C6");
  EXPECT_EQ(uppercase(U"\u00FF"), U"\u0178");
  EXPECT_EQ(lowercase(U"\u0100\u0101"), U"\u0101\u0101");
  EXPECT_EQ(uppercase(U"\u0100\u0101"), U"\u0100\u0100");
  EXPECT_EQ(uppercase(U"\u10D0"), U"\u1C90");          // Georgian Mtavruli (Unicode 11)
  EXPECT_EQ(lowercase(U"\U00010400"), U"\U00010428");  // Deseret
  EXPECT_EQ(lowercase(U"\u4E00\U0001F600"), U"\u4E00\U0001F600");
  EXPECT_EQ(lowercase(std::u32string(1, 0x110000)), std::u32string(1, 0x110000));
}

TEST(UnicodeCase, EveryCodePointMatchesUnicodeDataAndSpecialCasing) {
  std::map<char32_t, std::u32string> special_lower, special_upper;
  for (const auto& f : ucd_lines("SpecialCasing.txt")) {
    if (f.size() > 5 && !f[4].empty()) continue;  // conditional: Final_Sigma, language tags
    char32_t cp = static_cast<char32_t>(std::stoul(f[0], nullptr, 16));
    special_lower[cp] = parse_code_points(f[1]);
    special_upper[cp] = parse_code_points(f[3]);
  }
  ASSERT_FALSE(special_upper.empty());
  const auto& rows = unicode_data();
  for (char32_t cp = 0; cp <= kMaxCodePoint; ++cp) {
    auto row = rows.find(cp);
    std::u32string lower(1, row != rows.end() && row->second.lower ? row->second.lower : cp);
    std::u32string upper(1, row != rows.end() && row->second.upper ? row->second.upper : cp);
    if (special_lower.count(cp)) lower = special_lower[cp];
    if (special_upper.count(cp)) upper = special_upper[cp];
    std::u32string one(1, cp);
    ASSERT_EQ(hex(lowercase(one)), hex(lower)) << "lowercase of U+" << hex(one);
    ASSERT_EQ(hex(uppercase(one)), hex(upper)) << "uppercase of U+" << hex(one);
  }
}

TEST(UnicodeCaseOrbit, KelvinSignFoldsWithK) {
  EXPECT_EQ(orbit(U'k'), (std::set<char32_t>{U'k', U'K', 0x212A}));
  EXPECT_EQ(orbit(U'K'), (std::set<char32_t>{U'k', U'K', 0x212A}));
  EXPECT_EQ(orbit(0x212A), (std::set<char32_t>{U'k', U'K', 0x212A}));
}

TEST(UnicodeCaseOrbit, LongSFoldsWithS) {
  EXPECT_EQ(orbit(U's'), (std::set<char32_t>{U's', U'S', 0x017F}));
  EXPECT_EQ(orbit(0x017F), (std::set<char32_t>{U's', U'S', 0x017F}));
}

TEST(UnicodeCaseOrbit, SigmaHasThreeForms) {
  EXPECT_EQ(orbit(0x03A3), (std::set<char32_t>{0x03A3, 0x03C3, 0x03C2}));
  EXPECT_EQ(orbit(0x03C2), (std::set<char32_t>{0x03A3, 0x03C3, 0x03C2}));
}

TEST(UnicodeCaseOrbit, WritesTheCodePointFirst) {
  char32_t out[4];
  ASSERT_EQ(case_orbit(U'k', out), 3u);
  EXPECT_EQ(out[0], U'k');
  EXPECT_EQ(case_orbit(U'1', out), 1u);
  EXPECT_EQ(out[0], U'1');
  EXPECT_EQ(case_orbit(0x110000, out), 1u);
  EXPECT_EQ(orbit(U'a'), (std::set<char32_t>{U'a', U'A'}));
  EXPECT_EQ(orbit(0xDF), (std::set<char32_t>{0xDF, 0x1E9E}));
  EXPECT_EQ(orbit(0x0345), (std::set<char32_t>{0x0345, 0x0399, 0x03B9, 0x1FBE}));
  EXPECT_EQ(orbit(0x0100), (std::set<char32_t>{0x0100, 0x0101}));
  EXPECT_EQ(orbit(0x0101), (std::set<char32_t>{0x0100, 0x0101}));
}

TEST(UnicodeCaseOrbit, EveryCodePointMatchesCaseFoldingSimpleOrbits) {
  std::map<char32_t, char32_t> fold;
  for (const auto& f : ucd_lines("CaseFolding.txt")) {
    if (f[1] == "C" || f[1] == "S") {
      fold[static_cast<char32_t>(std::stoul(f[0], nullptr, 16))] =
          static_cast<char32_t>(std::stoul(f[2], nullptr, 16));
    }
  }
  ASSERT_FALSE(fold.empty());
  std::map<char32_t, std::set<char32_t>> orbits;  // folded -> members
  for (const auto& [cp, folded] : fold) {
    orbits[folded].insert(cp);
    orbits[folded].insert(folded);
  }
  for (char32_t cp = 0; cp <= kMaxCodePoint; ++cp) {
    auto f = fold.find(cp);
    char32_t folded = f == fold.end() ? cp : f->second;
    auto o = orbits.find(folded);
    std::set<char32_t> expected = o == orbits.end() ? std::set<char32_t>{cp} : o->second;
    ASSERT_EQ(orbit(cp), expected) << u_plus(cp);
  }
}

// ---- Script ----

TEST(UnicodeScript, HandPickedCodePointsHaveTheirScript) {
  EXPECT_EQ(script_name(script(U'A')), "Latin");
  EXPECT_EQ(script_name(script(0xE9)), "Latin");
  EXPECT_EQ(script_name(script(U'1')), "Common");
  EXPECT_EQ(script_name(script(U' ')), "Common");
  EXPECT_EQ(script_name(script(0x0301)), "Inherited");
  EXPECT_EQ(script_name(script(0x0410)), "Cyrillic");
  EXPECT_EQ(script_name(script(0x3042)), "Hiragana");
  EXPECT_EQ(script_name(script(0x30A2)), "Katakana");
  EXPECT_EQ(script_name(script(0x4E00)), "Han");
  EXPECT_EQ(script_name(script(0xAC00)), "Hangul");
  EXPECT_EQ(script_name(script(0x0378)), "Unknown");
  EXPECT_EQ(script_name(script(0x10FFFF)), "Unknown");
  EXPECT_EQ(script_name(script(0x110000)), "Unknown");
  EXPECT_EQ(script(0x0378), Script::Unknown);
}

Script script_named(std::string_view name) {
  Script s = Script::Unknown;
  EXPECT_TRUE(script_from_name(name, s)) << name;
  return s;
}

TEST(UnicodeScript, NamesAndAliasesMatchLoosely) {
  EXPECT_EQ(script_named("Han"), script(0x4E00));
  EXPECT_EQ(script_named("Hani"), script(0x4E00));
  EXPECT_EQ(script_named("han"), script(0x4E00));
  EXPECT_EQ(script_named("Old_Persian"), script(0x103A0));
  EXPECT_EQ(script_named("old persian"), script(0x103A0));
  EXPECT_EQ(script_named("OLD-PERSIAN"), script(0x103A0));
  EXPECT_EQ(script_named("Qaai"), script(0x0301));  // extra alias of Inherited
  EXPECT_EQ(script_named("Zyyy"), script(U'1'));
  EXPECT_EQ(script_named("Unknown"), Script::Unknown);
  EXPECT_GT(script_count(), 150u);
  for (size_t i = 0; i < script_count(); ++i) {
    Script s = static_cast<Script>(i);
    EXPECT_EQ(script_named(script_name(s)), s);
  }
}

TEST(UnicodeScript, AnUnknownNameIsNotFound) {
  Script s = Script::Unknown;
  EXPECT_FALSE(script_from_name("Klingon", s));
  EXPECT_FALSE(script_from_name("Katakana_Or_Hiragana", s));  // a value with no characters
  EXPECT_FALSE(script_from_name("", s));
  EXPECT_FALSE(script_from_name("Latinx", s));
}

TEST(UnicodeScript, EveryCodePointMatchesScriptsTxt) {
  std::map<char32_t, std::string> expected;
  for (const auto& f : ucd_lines("Scripts.txt")) {
    size_t dots = f[0].find("..");
    char32_t first = static_cast<char32_t>(std::stoul(f[0].substr(0, dots), nullptr, 16));
    char32_t last = dots == std::string::npos
                        ? first
                        : static_cast<char32_t>(std::stoul(f[0].substr(dots + 2), nullptr, 16));
    for (char32_t cp = first; cp <= last; ++cp) expected[cp] = f[1];
  }
  ASSERT_FALSE(expected.empty());
  for (char32_t cp = 0; cp <= kMaxCodePoint; ++cp) {
    auto it = expected.find(cp);
    ASSERT_EQ(script_name(script(cp)), it == expected.end() ? "Unknown" : it->second)
        << u_plus(cp);
  }
}

// ---- Normalization: conformance ----

// NormalizationTest.txt, decompressed with the system's bzip2.
std::vector<std::string> normalization_test_lines() {
  std::vector<std::string> lines;
  std::string command = "bzip2 -dc " + kUcd + "NormalizationTest.txt.bz2";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return lines;
  std::string line;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, pipe) != nullptr) {
    line += buf;
    if (!line.empty() && line.back() == '\n') {
      line.pop_back();
      lines.push_back(line);
      line.clear();
    }
  }
  pclose(pipe);
  return lines;
}

TEST(UnicodeNormalization, ConformanceFilePassesInAllFourForms) {
  std::ifstream probe(kUcd + "NormalizationTest.txt.bz2");
  if (!probe) GTEST_SKIP() << "no " << kUcd << "NormalizationTest.txt.bz2 (Debian unicode-data)";
  std::vector<std::string> lines = normalization_test_lines();
  ASSERT_GT(lines.size(), 10000u) << "could not decompress NormalizationTest.txt.bz2 with bzip2";

  std::set<char32_t> part1;
  bool in_part1 = false;
  size_t checked = 0;
  int failures = 0;
  auto check = [&](const std::u32string& expected, const std::u32string& in, NormalForm form,
                   const char* form_name, const std::string& line) {
    std::u32string got = to_form(in, form);
    if (got != expected && ++failures <= 20) {
      ADD_FAILURE() << form_name << "(" << hex(in) << ") = " << hex(got) << ", expected "
                    << hex(expected) << "\n  line: " << line;
    }
  };
  for (const std::string& line : lines) {
    if (line.rfind("@Part", 0) == 0) {
      in_part1 = line.rfind("@Part1", 0) == 0;
      continue;
    }
    std::string data = line.substr(0, line.find('#'));
    if (trim(data).empty()) continue;
    std::vector<std::string> f = split(data, ';');
    ASSERT_GE(f.size(), 5u) << line;
    std::u32string c[6];
    for (int i = 1; i <= 5; ++i) c[i] = parse_code_points(f[i - 1]);
    if (in_part1) part1.insert(c[1][0]);
    for (int i = 1; i <= 3; ++i) check(c[2], c[i], NormalForm::NFC, "NFC", line);
    for (int i = 4; i <= 5; ++i) check(c[4], c[i], NormalForm::NFC, "NFC", line);
    for (int i = 1; i <= 3; ++i) check(c[3], c[i], NormalForm::NFD, "NFD", line);
    for (int i = 4; i <= 5; ++i) check(c[5], c[i], NormalForm::NFD, "NFD", line);
    for (int i = 1; i <= 5; ++i) check(c[4], c[i], NormalForm::NFKC, "NFKC", line);
    for (int i = 1; i <= 5; ++i) check(c[5], c[i], NormalForm::NFKD, "NFKD", line);
    ++checked;
  }
  EXPECT_GT(checked, 18000u);
  EXPECT_GT(part1.size(), 5000u);

  // Part 2: every assigned code point not listed in Part 1 is left alone by all four forms.
  for (char32_t cp = 0; cp <= kMaxCodePoint; ++cp) {
    if (category(cp) == Category::Cn || part1.count(cp)) continue;
    std::u32string x(1, cp);
    check(x, x, NormalForm::NFC, "NFC", "Part 2");
    check(x, x, NormalForm::NFD, "NFD", "Part 2");
    check(x, x, NormalForm::NFKC, "NFKC", "Part 2");
    check(x, x, NormalForm::NFKD, "NFKD", "Part 2");
  }
  EXPECT_EQ(failures, 0);
}

// Each output character consumes 1 - change input characters (0 -> 1, +1 -> 0, -N -> N + 1), so
// the changes must account for every input character exactly once.
TEST(UnicodeNormalization, ChangesAccountForEveryInputCharacterOnConformanceLines) {
  std::vector<std::string> lines = normalization_test_lines();
  if (lines.empty()) GTEST_SKIP() << "NormalizationTest.txt.bz2 unavailable";
  for (const std::string& line : lines) {
    std::string data = line.substr(0, line.find('#'));
    if (trim(data).empty() || data[0] == '@') continue;
    std::vector<std::string> f = split(data, ';');
    for (int column = 0; column < 5; ++column) {
      std::u32string in = parse_code_points(f[column]);
      for (NormalForm form : {NormalForm::NFD, NormalForm::NFC, NormalForm::NFKD, NormalForm::NFKC}) {
        long consumed = 0;
        for (const auto& [cp, change] : normalized(in, form)) {
          ASSERT_LE(change, 1) << line;
          consumed += 1 - change;
        }
        ASSERT_EQ(consumed, static_cast<long>(in.size())) << line;
      }
    }
  }
}

// ---- Normalization: change values ----
// Expected values are what unicode-normalization-alignments 0.1.12 (built from source) returns for
// these inputs. The rule behind them: a decomposition gives its first character 0 and the others
// +1, canonical reordering moves a value with its character, and a character merged into its
// starter adds its change and -1 to the starter's.

TEST(UnicodeNormalizationChange, NfdOfPrecomposedCharacterInsertsTheMark) {
  EXPECT_EQ(normalized(U"\u00E9", NormalForm::NFD), (Changes{{U'e', 0}, {0x0301, 1}}));
  EXPECT_EQ(normalized(U"\u00E9l\u00E9gant", NormalForm::NFD),
            (Changes{{U'e', 0}, {0x0301, 1}, {U'l', 0}, {U'e', 0}, {0x0301, 1}, {U'g', 0},
                     {U'a', 0}, {U'n', 0}, {U't', 0}}));
}

TEST(UnicodeNormalizationChange, NfcOfBaseAndMarkMergesThem) {
  EXPECT_EQ(normalized(U"e\u0301", NormalForm::NFC), (Changes{{0x00E9, -1}}));
  EXPECT_EQ(normalized(U"\u00E9", NormalForm::NFC), (Changes{{0x00E9, 0}}));  // decomposed, recomposed
  EXPECT_EQ(normalized(U"a\u0301\u0301", NormalForm::NFC),  // the second acute is blocked
            (Changes{{0x00E1, -1}, {0x0301, 0}}));
  EXPECT_EQ(normalized(U"\u0301a", NormalForm::NFC),  // a leading mark has no starter
            (Changes{{0x0301, 0}, {U'a', 0}}));
}

TEST(UnicodeNormalizationChange, ReorderingCarriesTheInsertedMarkAlong) {
  // ḋ + dot below: ḋ -> d (0), U+0307 (+1); U+0323 (class 220) sorts before U+0307 (230).
  EXPECT_EQ(normalized(U"\u1E0B\u0323", NormalForm::NFD),
            (Changes{{U'd', 0}, {0x0323, 0}, {0x0307, 1}}));
  // NFC then merges d + U+0323 into ḍ (0 + 0 - 1) and U+0307 finds no composite with ḍ.
  EXPECT_EQ(normalized(U"\u1E0B\u0323", NormalForm::NFC), (Changes{{0x1E0D, -1}, {0x0307, 1}}));
}

TEST(UnicodeNormalizationChange, HangulSyllablesDecomposeAndComposeByFormula) {
  EXPECT_EQ(normalized(U"\uD4DB", NormalForm::NFD),
            (Changes{{0x1111, 0}, {0x1171, 1}, {0x11B6, 1}}));
  EXPECT_EQ(normalized(U"\u1111\u1171\u11B6", NormalForm::NFC), (Changes{{0xD4DB, -2}}));
  EXPECT_EQ(normalized(U"\uD4DB", NormalForm::NFC), (Changes{{0xD4DB, 0}}));
  EXPECT_EQ(normalized(U"\uAC00\u11A7", NormalForm::NFC),  // U+11A7 is below the first trailing T
            (Changes{{0xAC00, 0}, {0x11A7, 0}}));
}

TEST(UnicodeNormalizationChange, CompatibilityDecompositionsInsertCharacters) {
  EXPECT_EQ(normalized(U"\uFB01", NormalForm::NFKD), (Changes{{U'f', 0}, {U'i', 1}}));
  EXPECT_EQ(normalized(U"\uFB01", NormalForm::NFKC), (Changes{{U'f', 0}, {U'i', 1}}));
  EXPECT_EQ(normalized(U"\u00BD", NormalForm::NFKC), (Changes{{U'1', 0}, {0x2044, 1}, {U'2', 1}}));
  EXPECT_EQ(normalized(U"\uFB01", NormalForm::NFC), (Changes{{0xFB01, 0}}));
  EXPECT_EQ(normalized(U"\u212B", NormalForm::NFC), (Changes{{0x00C5, 0}}));  // ANGSTROM SIGN singleton
}

TEST(UnicodeNormalizationChange, TextBelowTheFirstChangingCodePointIsUntouched) {
  EXPECT_EQ(normalized(U"ab \u00FF", NormalForm::NFC),
            (Changes{{U'a', 0}, {U'b', 0}, {U' ', 0}, {0xFF, 0}}));
  EXPECT_EQ(normalized(U"", NormalForm::NFKC), Changes{});
}

TEST(UnicodeNormalizationChange, LongRunsOfMarksAreSortedStably) {
  // 100 alternating acute (230) and dot below (220) after 'a': all dots below move first, each
  // class keeping its input order (so its change values).
  std::u32string in = U"a";
  for (int i = 0; i < 50; ++i) in += U"\u0301\u0323";
  Changes out = normalized(in, NormalForm::NFD);
  ASSERT_EQ(out.size(), 101u);
  EXPECT_EQ(out[0], std::make_pair(U'a', 0));
  for (size_t i = 1; i <= 50; ++i) EXPECT_EQ(out[i].first, 0x0323u) << i;
  for (size_t i = 51; i <= 100; ++i) EXPECT_EQ(out[i].first, 0x0301u) << i;
  // NFC: the first dot below merges into ạ; the other dots below are blocked by it, and the first
  // acute, though unblocked, has no composite with ạ.
  Changes nfc = normalized(in, NormalForm::NFC);
  ASSERT_EQ(nfc.size(), 100u);
  EXPECT_EQ(nfc[0], std::make_pair(char32_t{0x1EA1}, -1));
}

TEST(UnicodeNormalization, Utf8ConvenienceNormalizesAndReplacesInvalidBytes) {
  EXPECT_EQ(normalize_utf8("caf\xC3\xA9", NormalForm::NFD), "cafe\xCC\x81");
  EXPECT_EQ(normalize_utf8("cafe\xCC\x81", NormalForm::NFC), "caf\xC3\xA9");
  EXPECT_EQ(normalize_utf8("\xEF\xAC\x81", NormalForm::NFKC), "fi");
  EXPECT_EQ(normalize_utf8("plain ascii", NormalForm::NFKD), "plain ascii");
  EXPECT_EQ(normalize_utf8("a\xFF" "b", NormalForm::NFC), "a\xEF\xBF\xBD" "b");
}

}  // namespace
}  // namespace tokvec::unicode
