// Tests for tokvec::Regex (src/regex/regex.h): reference goldens, hand-checked semantics of each
// syntax element and dialect difference, error messages, robustness on arbitrary patterns and
// bytes, and megabyte adversarial inputs (timings printed, not asserted).
#include "regex/regex.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/utf8.h"

namespace tokvec {
namespace {

using Dialect = Regex::Dialect;

const char kGpt2[] = R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
const char kCl100k[] =
    R"('(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s)";
const char kCl100kTokenizerJson[] =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
const char kO200k[] =
    R"([^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

// The matched substrings, for assertions a person can check by eye.
std::vector<std::string> pieces(const Regex& re, std::string_view text) {
  std::vector<Span> spans;
  re.find_all(text, spans);
  std::vector<std::string> out;
  for (const Span& s : spans) out.emplace_back(text.substr(s.start, s.size()));
  return out;
}

std::vector<std::string> pieces(std::string_view pattern, std::string_view text,
                                Dialect dialect = Dialect::kOniguruma) {
  return pieces(Regex(pattern, dialect), text);
}

using Pieces = std::vector<std::string>;

std::string show(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

std::string show(const std::vector<Span>& spans) {
  std::ostringstream out;
  for (const Span& s : spans) out << "[" << s.start << "," << s.end << ")";
  return out.str();
}

// Expects construction to throw `code` with exactly `message`.
void expect_error(std::string_view pattern, ErrorCode code, const std::string& message,
                  Dialect dialect = Dialect::kOniguruma) {
  try {
    Regex re(pattern, dialect);
    ADD_FAILURE() << "no error for pattern \"" << pattern << "\"";
  } catch (const Error& e) {
    EXPECT_EQ(error_code_name(e.code()), std::string(error_code_name(code))) << e.what();
    EXPECT_EQ(e.what(), message);
  }
}

ErrorCode error_code_of(std::string_view pattern, Dialect dialect = Dialect::kOniguruma) {
  try {
    Regex re(pattern, dialect);
  } catch (const Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "no error for pattern \"" << pattern << "\"";
  return ErrorCode::kInvalidArgument;
}

// ---- Reference goldens -------------------------------------------------------------------------

// tests/native/data/regex_goldens.json is written by scripts/gen_regex_goldens.mjs from the real
// engines: HuggingFace tokenizers (Oniguruma) for the kOniguruma cases, tiktoken (fancy-regex) and
// HuggingFace's Whitespace pre-tokenizer (Rust regex) for the kRust cases, each cross-checked by
// the script against Node's RegExp. Its random texts use only code points whose properties agree
// between Debian's UCD 15.0 (our tables) and Node's ICU (Unicode 17.0); the script lists any it
// had to exclude in the file's "excluded" field. The references drop empty matches, so empty
// spans are left out of the comparison; none of these patterns can match empty.
TEST(Regex, MatchesReferenceGoldens) {
  std::ifstream file(TOKVEC_SOURCE_DIR "/tests/native/data/regex_goldens.json");
  ASSERT_TRUE(file) << "missing tests/native/data/regex_goldens.json";
  const nlohmann::json goldens = nlohmann::json::parse(file);
  const auto& texts = goldens.at("texts");
  size_t compared = 0;
  size_t failures = 0;
  for (const auto& c : goldens.at("cases")) {
    const std::string name = c.at("name");
    const std::string dialect_name = c.at("dialect");
    const Dialect dialect = dialect_name == "rust" ? Dialect::kRust : Dialect::kOniguruma;
    const Regex re(c.at("pattern").get<std::string>(), dialect);
    const auto& spans = c.at("spans");
    ASSERT_EQ(spans.size(), texts.size()) << name;
    for (size_t t = 0; t < texts.size(); ++t) {
      const std::string text = texts[t];
      std::vector<Span> expected;
      const auto& flat = spans[t];
      for (size_t k = 0; k + 1 < flat.size(); k += 2) {
        expected.push_back(Span{flat[k].get<uint32_t>(), flat[k + 1].get<uint32_t>()});
      }
      std::vector<Span> all, actual;
      re.find_all(text, all);
      for (const Span& s : all) {
        if (!s.empty()) actual.push_back(s);
      }
      ++compared;
      if (actual != expected && ++failures <= 20) {
        ADD_FAILURE() << name << " (" << dialect_name << ") on \"" << show(text) << "\"\n  expected "
                      << show(expected) << "\n  actual   " << show(actual);
      }
    }
  }
  EXPECT_EQ(failures, 0u) << "of " << compared << " comparisons";
  EXPECT_GT(compared, 5000u);
}

// ---- Real patterns, by hand --------------------------------------------------------------------

TEST(Regex, Gpt2SplitsWordsNumbersPunctuationAndSpaces) {
  for (Dialect d : {Dialect::kOniguruma, Dialect::kRust}) {
    EXPECT_EQ(pieces(kGpt2, "Hello world's 123   test!!  \n ok", d),
              (Pieces{"Hello", " world", "'s", " 123", "  ", " test", "!!", "  \n", " ok"}));
    // `\s+(?!\S)` leaves the last space of a run to the word after it.
    EXPECT_EQ(pieces(kGpt2, "a   b", d), (Pieces{"a", "  ", " b"}));
    EXPECT_EQ(pieces(kGpt2, "   ", d), (Pieces{"   "}));
    // Contractions are case-sensitive here: "'S" is punctuation then a letter.
    EXPECT_EQ(pieces(kGpt2, "IT'S it's", d), (Pieces{"IT", "'", "S", " it", "'s"}));
    EXPECT_EQ(pieces(kGpt2, "", d), Pieces{});
  }
}

TEST(Regex, Cl100kGroupsDigitsInThreesAndFoldsContractions) {
  const Regex re(kCl100k, Dialect::kRust);
  EXPECT_EQ(pieces(re, "1234567"), (Pieces{"123", "456", "7"}));
  EXPECT_EQ(pieces(re, "IT'S I'LL"), (Pieces{"IT", "'S", " I", "'LL"}));
  // Simple case folding: U+017F LATIN SMALL LETTER LONG S folds to 's'.
  EXPECT_EQ(pieces(re, "it'\u017F"), (Pieces{"it", "'\u017F"}));
  // `\s++$`: trailing whitespace is one piece; inner runs give their last space to the word.
  EXPECT_EQ(pieces(re, "a  \n  "), (Pieces{"a", "  \n  "}));
  EXPECT_EQ(pieces(re, "x   y"), (Pieces{"x", "  ", " y"}));
  EXPECT_EQ(pieces(re, "!!!\n\nfoo"), (Pieces{"!!!\n\n", "foo"}));
  const Regex hf(kCl100kTokenizerJson);
  EXPECT_EQ(pieces(hf, "1234567 IT'S"), (Pieces{"123", "456", "7", " IT", "'S"}));
  EXPECT_EQ(pieces(hf, "a\n\n\nb"), (Pieces{"a", "\n\n\n", "b"}));
}

TEST(Regex, O200kSplitsCamelCaseAndKeepsContractions) {
  const Regex re(kO200k, Dialect::kRust);
  EXPECT_EQ(pieces(re, "HelloWorld HTTPServer iPhone"),
            (Pieces{"Hello", "World", " HTTPServer", " i", "Phone"}));
  EXPECT_EQ(pieces(re, "DON'T you're"), (Pieces{"DON'T", " you're"}));
  EXPECT_EQ(pieces(re, "a/b//\n"), (Pieces{"a", "/b", "//\n"}));
}

TEST(Regex, WhitespacePreTokenizerDiffersByDialectOnWordCharacters) {
  // Rust's \w (HuggingFace Whitespace) includes Join_Control; Oniguruma's does not.
  EXPECT_EQ(pieces(R"(\w+|[^\w\s]+)", "a\u200Db", Dialect::kRust), (Pieces{"a\u200Db"}));
  EXPECT_EQ(pieces(R"(\w+|[^\w\s]+)", "a\u200Db", Dialect::kOniguruma),
            (Pieces{"a", "\u200D", "b"}));
  // Oniguruma's \w outside a class counts "²" (a Latin-1 table quirk); inside a class it does not.
  EXPECT_EQ(pieces(R"(\w+)", "x²", Dialect::kOniguruma), (Pieces{"x²"}));
  EXPECT_EQ(pieces(R"([\w]+)", "x²", Dialect::kOniguruma), (Pieces{"x"}));
  EXPECT_EQ(pieces(R"(\w+)", "x²", Dialect::kRust), (Pieces{"x"}));
  EXPECT_EQ(pieces(R"(\w+|[^\w\s]+)", "x², ²y", Dialect::kOniguruma),
            (Pieces{"x²", ",", "²y"}));
}

// ---- Syntax elements ---------------------------------------------------------------------------

TEST(Regex, FindAllSkipsAnEmptyMatchAtThePreviousEnd) {
  // Like Rust's find_iter and the onig crate: "baaa" gives "" at 0, "aaa", and nothing at 4.
  std::vector<Span> spans;
  Regex("a*").find_all("baaa", spans);
  EXPECT_EQ(show(spans), "[0,0)[1,4)");
  spans.clear();
  Regex("").find_all("h\u00E9", spans);
  EXPECT_EQ(show(spans), "[0,0)[1,1)[3,3)");
}

TEST(Regex, SearchStartsAtTheGivenOffsetAndSeesContext) {
  const Regex re(R"(\b\w+)");
  Span m;
  ASSERT_TRUE(re.search("hello world", 2, m));
  EXPECT_EQ(m, (Span{6, 11}));  // "llo" is not at a word boundary
  EXPECT_FALSE(re.search("hello world", 11, m));
  EXPECT_FALSE(re.search("hello", 99, m));
  ASSERT_TRUE(Regex(R"(\A)").search("abc", 0, m));
  EXPECT_FALSE(Regex(R"(\Aa)").search("abc", 1, m));
}

TEST(Regex, AnchorsFollowTheDialect) {
  // Oniguruma: ^ and $ are line anchors; ^ does not match at the very end after a final '\n'.
  EXPECT_EQ(pieces("^.", "ab\ncd", Dialect::kOniguruma), (Pieces{"a", "c"}));
  EXPECT_EQ(pieces(".$", "ab\ncd", Dialect::kOniguruma), (Pieces{"b", "d"}));
  EXPECT_EQ(pieces("^", "a\n", Dialect::kOniguruma).size(), 1u);
  // Rust: text anchors, unless (?m).
  EXPECT_EQ(pieces("^.", "ab\ncd", Dialect::kRust), (Pieces{"a"}));
  EXPECT_EQ(pieces(".$", "ab\ncd", Dialect::kRust), (Pieces{"d"}));
  EXPECT_EQ(pieces("(?m)^.", "ab\ncd", Dialect::kRust), (Pieces{"a", "c"}));
  EXPECT_EQ(pieces("^", "a\n", Dialect::kRust).size(), 1u);
  EXPECT_EQ(pieces("(?m)^", "a\n", Dialect::kRust).size(), 2u);
  EXPECT_EQ(pieces(R"(\Aa|b\z)", "aab\nab"), (Pieces{"a", "b"}));
  EXPECT_EQ(pieces(R"(b\Z)", "b\nb\n"), (Pieces{"b"}));
  EXPECT_EQ(error_code_of(R"(\Z)", Dialect::kRust), ErrorCode::kUnsupported);
}

TEST(Regex, WordBoundaries) {
  EXPECT_EQ(pieces(R"(\b\w)", "ab cd_e f"), (Pieces{"a", "c", "f"}));
  EXPECT_EQ(pieces(R"(\B\w)", "ab cd"), (Pieces{"b", "d"}));
  EXPECT_EQ(pieces(R"(\b.)", "é-ü"), (Pieces{"é", "-", "ü"}));
}

TEST(Regex, DotExcludesOnlyNewline) {
  EXPECT_EQ(pieces(".+", "a\rb\nc\u2028d"), (Pieces{"a\rb", "c\u2028d"}));
  EXPECT_EQ(pieces("(?m).+", "a\nb", Dialect::kOniguruma), (Pieces{"a\nb"}));  // Ruby's m
  EXPECT_EQ(pieces("(?s).+", "a\nb", Dialect::kRust), (Pieces{"a\nb"}));
  EXPECT_EQ(error_code_of("(?s).", Dialect::kOniguruma), ErrorCode::kUnsupported);
}

TEST(Regex, QuantifiersGreedyLazyPossessive) {
  EXPECT_EQ(pieces("a{2}", "aaaaa"), (Pieces{"aa", "aa"}));
  EXPECT_EQ(pieces("a{2,}", "aaaaa a"), (Pieces{"aaaaa"}));
  EXPECT_EQ(pieces("a{1,3}", "aaaaa"), (Pieces{"aaa", "aa"}));
  EXPECT_EQ(pieces("a{,2}b", "aaab"), (Pieces{"aab"}));
  EXPECT_EQ(pieces("a+?", "aaa"), (Pieces{"a", "a", "a"}));
  EXPECT_EQ(pieces("a{2,3}?", "aaaaa"), (Pieces{"aa", "aa"}));
  EXPECT_EQ(pieces("<.+?>", "<a><b>"), (Pieces{"<a>", "<b>"}));
  EXPECT_EQ(pieces("(?:ab)+?c", "ababc"), (Pieces{"ababc"}));
  // Possessive: no giving back, so "a++a" can never match.
  EXPECT_EQ(pieces("a++a", "aaaa"), Pieces{});
  EXPECT_EQ(pieces("a*+b|a", "aa"), (Pieces{"a", "a"}));
  EXPECT_EQ(pieces("(?:ab)*+a", "ababa"), (Pieces{"ababa"}));
  EXPECT_EQ(pieces("(?:ab)*+b", "abab"), (Pieces{"b", "b"}));  // only from offsets 1 and 3
  EXPECT_EQ(pieces("x?+x", "x"), Pieces{});
  // Non-single-character bodies: counted, optional, nested.
  EXPECT_EQ(pieces("(?:ab){2}", "ababab"), (Pieces{"abab"}));
  EXPECT_EQ(pieces("(?:a|bc){2,3}", "abcbca"), (Pieces{"abcbc"}));
  EXPECT_EQ(pieces("(?:a|b)*c", "abbac ac"), (Pieces{"abbac", "ac"}));
  EXPECT_EQ(pieces("(?:a*)*b", "aab"), (Pieces{"aab"}));  // empty iterations end the loop
  EXPECT_EQ(pieces("(?:a?)+?b", "aab"), (Pieces{"aab"}));
  EXPECT_EQ(pieces("\u00E9+", "\u00E9\u00E9x\u00E9"), (Pieces{"\u00E9\u00E9", "\u00E9"}));
}

TEST(Regex, IntervalSuffixesFollowTheDialect) {
  // Oniguruma's default syntax: "a{2}+" is "(?:a{2})+" and "a{2}?" is "(?:a{2})?".
  EXPECT_EQ(pieces("a{2}+", "aaaaa", Dialect::kOniguruma), (Pieces{"aaaa"}));
  EXPECT_EQ(pieces("ba{2}?", "baa b", Dialect::kOniguruma), (Pieces{"baa", "b"}));
  EXPECT_EQ(pieces(R"(\d{1,2}+x)", "1234x", Dialect::kOniguruma), (Pieces{"1234x"}));
  // Oniguruma also repeats a repeat.
  EXPECT_EQ(pieces("a{2}{3}", "aaaaaaa", Dialect::kOniguruma), (Pieces{"aaaaaa"}));
  EXPECT_EQ(pieces("a**b", "aab", Dialect::kOniguruma), (Pieces{"aab"}));
  EXPECT_EQ(pieces(R"(\d{1,3}+\d)", "1234 123", Dialect::kOniguruma), (Pieces{"1234", "123"}));
  // Rust / fancy-regex: possessive and lazy.
  EXPECT_EQ(pieces("a{2}+", "aaaaa", Dialect::kRust), (Pieces{"aa", "aa"}));
  EXPECT_EQ(pieces("ba{2}?", "baa b", Dialect::kRust), (Pieces{"baa"}));
  EXPECT_EQ(pieces(R"(\d{1,3}+\d)", "1234", Dialect::kRust), (Pieces{"1234"}));
  EXPECT_EQ(pieces(R"(\d{1,3}+\d)", "123", Dialect::kRust), Pieces{});
}

TEST(Regex, GroupsLookaroundAndAtomic) {
  EXPECT_EQ(pieces("(a)(?:b)(?<name>c)(?P<n2>d)(?'n3'e)", "abcde"), (Pieces{"abcde"}));
  EXPECT_EQ(pieces("a(?=b)", "ab ac"), (Pieces{"a"}));
  EXPECT_EQ(pieces("a(?!b)", "ab ac"), (Pieces{"a"}));
  EXPECT_EQ(pieces(R"(\s+(?!\S)|\s+)", "a   b  "), (Pieces{"  ", " ", "  "}));
  EXPECT_EQ(pieces("(?>a+)b|a+", "aab aa"), (Pieces{"aab", "aa"}));
  EXPECT_EQ(pieces("(?>a|ab)c", "abc ac"), (Pieces{"ac"}));  // no retry of "ab" once "a" won
  EXPECT_EQ(pieces("(?=(?:a|b)+c)a", "abc ab"), (Pieces{"a"}));
  EXPECT_EQ(pieces("a(?#comment)b", "ab"), (Pieces{"ab"}));
  EXPECT_EQ(pieces("()|a", "a").size(), 2u);  // empty at 0, empty at 1
}

TEST(Regex, CaseInsensitiveUsesSimpleFoldingOrbits) {
  EXPECT_EQ(pieces("(?i:k)+", "kK\u212A"), (Pieces{"kK\u212A"}));  // KELVIN SIGN
  EXPECT_EQ(pieces("(?i)[a-c]+", "AbC\u017Fd"), (Pieces{"AbC"}));
  EXPECT_EQ(pieces("(?i)[s]+", "sS\u017F"), (Pieces{"sS\u017F"}));
  EXPECT_EQ(pieces("(?i)[^a]+", "aAbB"), (Pieces{"bB"}));
  EXPECT_EQ(pieces("(?i:\u03A3)+", "\u03C3\u03C2\u03A3"), (Pieces{"\u03C3\u03C2\u03A3"}));
  // Oniguruma folds a property only inside a class; Rust folds it everywhere.
  EXPECT_EQ(pieces("(?i)\\p{Lu}", "a", Dialect::kOniguruma), Pieces{});
  EXPECT_EQ(pieces("(?i)[\\p{Lu}]", "a", Dialect::kOniguruma), (Pieces{"a"}));
  EXPECT_EQ(pieces("(?i)\\p{Lu}", "a", Dialect::kRust), (Pieces{"a"}));
  EXPECT_EQ(pieces("(?i)[^\\p{Lu}]+", "AA a", Dialect::kOniguruma), (Pieces{" "}));
  EXPECT_EQ(pieces("(?i)\\P{Lu}+", "AA a", Dialect::kOniguruma), (Pieces{" a"}));
  EXPECT_EQ(pieces("a(?i:b)c", "aBc aBC"), (Pieces{"aBc"}));
  EXPECT_EQ(pieces("(?i)a(?-i)b", "Ab AB"), (Pieces{"Ab"}));
  // No multi-character folds: (?i)ss does not match "ß".
  EXPECT_EQ(pieces("(?i)ss", "\u00DF"), Pieces{});
}

TEST(Regex, IsolatedOptionsScopeFollowsTheDialect) {
  // Oniguruma: "ab(?i)c|d" is "ab(?i:c|d)". Perl and Rust: "ab(?i:c)|(?i:d)".
  EXPECT_EQ(pieces("ab(?i)c|d", "abC D abd", Dialect::kOniguruma), (Pieces{"abC", "abd"}));
  EXPECT_EQ(pieces("ab(?i)c|d", "abC D abd", Dialect::kRust), (Pieces{"abC", "D", "d"}));
  EXPECT_EQ(pieces("(?:(?i)a|b)B", "AB bB", Dialect::kRust), (Pieces{"AB", "bB"}));
  EXPECT_EQ(pieces("(?:(?i)a|b)B", "Ab", Dialect::kRust), Pieces{});
}

TEST(Regex, ClassesRangesNegationAndEscapes) {
  EXPECT_EQ(pieces("[a-cx]+", "abxcd"), (Pieces{"abxc"}));
  EXPECT_EQ(pieces("[^a-c]+", "abxyc"), (Pieces{"xy"}));
  EXPECT_EQ(pieces("[]a]+", "a]b"), (Pieces{"a]"}));
  EXPECT_EQ(pieces("[-a]+|[a-]+", "-a-"), (Pieces{"-a-"}));
  EXPECT_EQ(pieces(R"([\]\[\-\\^]+)", "[]-\\^x"), (Pieces{"[]-\\^"}));
  EXPECT_EQ(pieces(R"([\u4e00-\u9fff]+)", "ab中文cd"), (Pieces{"中文"}));
  EXPECT_EQ(pieces(R"([\x{4e00}-\x{9fff}]+)", "ab中文cd"), (Pieces{"中文"}));
  EXPECT_EQ(pieces(R"(\x{1F600}|\x41|\u00e9)", "A😀é"), (Pieces{"A", "😀", "é"}));
  EXPECT_EQ(pieces(R"(\xe9)", "é", Dialect::kRust), (Pieces{"é"}));
  EXPECT_EQ(pieces(R"([\t\n]+|\.\*\+\?\(\)\{\}\|\^\$)", "\t\n.*+?(){}|^$"),
            (Pieces{"\t\n", ".*+?(){}|^$"}));
  EXPECT_EQ(pieces("a{x}|{|}", "a{x}{}"), (Pieces{"a{x}", "{", "}"}));  // not intervals: literal
  EXPECT_EQ(pieces(R"([\s\d]+)", "1 \u00A0٣x"), (Pieces{"1 \u00A0٣"}));
  EXPECT_EQ(pieces(R"([^\s\p{L}\p{N}]+)", "ab!?\u00BF 12"), (Pieces{"!?\u00BF"}));
  EXPECT_EQ(pieces(R"([\P{L}]+)", "ab12cd"), (Pieces{"12"}));
}

TEST(Regex, PropertyNames) {
  const std::string text = "aB1\u0661 \u0301!\u4E2D\u03B1\u00B2";  // a B 1 ١ space ́ ! 中 α ²
  EXPECT_EQ(pieces(R"(\p{L}+)", text), (Pieces{"aB", "\u4E2D\u03B1"}));
  EXPECT_EQ(pieces(R"(\pL+)", text, Dialect::kRust), (Pieces{"aB", "\u4E2D\u03B1"}));
  EXPECT_EQ(pieces(R"(\p{Letter}+)", text), pieces(R"(\p{L}+)", text));
  EXPECT_EQ(pieces(R"(\p{ Upper case_Letter})", text), (Pieces{"B"}));
  EXPECT_EQ(pieces(R"(\p{gc=Lu})", text), (Pieces{"B"}));
  EXPECT_EQ(pieces(R"(\p{Nd}+)", text), (Pieces{"1\u0661"}));
  EXPECT_EQ(pieces(R"(\d+)", text), (Pieces{"1\u0661"}));
  EXPECT_EQ(pieces(R"(\p{No})", text), (Pieces{"\u00B2"}));
  EXPECT_EQ(pieces(R"(\p{N}+)", text), (Pieces{"1\u0661", "\u00B2"}));
  EXPECT_EQ(pieces(R"(\p{Mn})", text), (Pieces{"\u0301"}));
  EXPECT_EQ(pieces(R"(\p{Po})", text), (Pieces{"!"}));
  EXPECT_EQ(pieces(R"(\p{Han})", text), (Pieces{"\u4E2D"}));
  EXPECT_EQ(pieces(R"(\p{Script=Greek})", text), (Pieces{"\u03B1"}));
  EXPECT_EQ(pieces(R"(\p{sc=Han})", text), (Pieces{"\u4E2D"}));
  EXPECT_EQ(pieces(R"(\p{^L}+)", "ab12"), (Pieces{"12"}));
  EXPECT_EQ(pieces(R"(\P{L}+)", "ab12"), (Pieces{"12"}));
  EXPECT_EQ(pieces(R"(\p{Zs}+|\p{Cc}+)", "a \u3000\t\n"), (Pieces{" \u3000", "\t\n"}));
  EXPECT_EQ(pieces(R"(\p{Any})", "\u00E9").size(), 1u);
  EXPECT_EQ(pieces(R"(\p{ASCII}+)", "ab\u00E9c"), (Pieces{"ab", "c"}));
  // Oniguruma's \p{Word} alone asks the Latin-1 table, like \w.
  EXPECT_EQ(pieces(R"(\p{Word}+)", "x\u00B2 y", Dialect::kOniguruma), (Pieces{"x\u00B2", "y"}));
  EXPECT_EQ(pieces(R"([\p{Word}]+)", "x\u00B2 y", Dialect::kOniguruma), (Pieces{"x", "y"}));
  // The Oniguruma in HuggingFace tokenizers reads "\pL" as the letters "pL": refused.
  EXPECT_EQ(error_code_of(R"(\pL)", Dialect::kOniguruma), ErrorCode::kUnsupported);
}

TEST(Regex, WhiteSpaceIsTheUnicodeProperty) {
  // U+0085 and U+3000 are White_Space; U+180E, U+200B, U+FEFF and U+001C are not.
  EXPECT_EQ(pieces(R"(\s+)", "a\u0085\u3000\u2028b"), (Pieces{"\u0085\u3000\u2028"}));
  EXPECT_EQ(pieces(R"(\s)", "\u180E\u200B\uFEFF\x1C"), Pieces{});
  EXPECT_EQ(pieces(R"(\S+)", "\u180E\u200B"), (Pieces{"\u180E\u200B"}));
}

// ---- Errors ------------------------------------------------------------------------------------

TEST(Regex, UnsupportedSyntaxIsRefusedAtConstructionNamingTheOffset) {
  expect_error("ab(?<=c)", ErrorCode::kUnsupported,
               R"x(regex: unsupported syntax "(?<=" at offset 2 in pattern "ab(?<=c)")x");
  expect_error("(?<!x)", ErrorCode::kUnsupported,
               R"x(regex: unsupported syntax "(?<!" at offset 0 in pattern "(?<!x)")x");
  expect_error(R"((a)\1)", ErrorCode::kUnsupported,
               R"x(regex: unsupported syntax "\1" at offset 3 in pattern "(a)\1")x");
  expect_error("[[:alpha:]]", ErrorCode::kUnsupported,
               R"x(regex: unsupported syntax "[:" at offset 1 in pattern "[[:alpha:]]")x");
  expect_error("[a-z&&[^c]]", ErrorCode::kUnsupported,
               R"x(regex: unsupported syntax "&&" at offset 4 in pattern "[a-z&&[^c]]")x");
  expect_error(R"(\p{Foo})", ErrorCode::kUnsupported,
               R"x(regex: unsupported syntax "\p{Foo}" at offset 0 in pattern "\p{Foo}")x");
  expect_error(R"(a\xff)", ErrorCode::kUnsupported,
               R"x(regex: unsupported syntax "\xff" at offset 1 in pattern "a\xff")x");
  expect_error("(?x)a", ErrorCode::kUnsupported,
               R"x(regex: unsupported syntax "(?x" at offset 0 in pattern "(?x)a")x");
  for (const char* p : {R"(\k<a>)", R"(\G)", R"(\K)", R"(\R)", R"(\X)", R"(\h)", R"(\0)",
                        R"([\b])", R"(\cA)", R"(\Q.\E)", "(?(1)a|b)", "(?~a)", "(?P=n)",
                        R"(\y)", "(*FAIL)"}) {
    EXPECT_NE(error_code_of(p), ErrorCode::kInvalidArgument) << p;
  }
}

TEST(Regex, MalformedPatternsAreParseErrors) {
  expect_error("(abc", ErrorCode::kParse,
               R"x(regex: missing ")" for the group at offset 0 in pattern "(abc")x");
  expect_error("abc)", ErrorCode::kParse,
               R"x(regex: unmatched ")" at offset 3 in pattern "abc)")x");
  expect_error("[abc", ErrorCode::kParse,
               R"x(regex: missing "]" for the class at offset 0 in pattern "[abc")x");
  expect_error("*a", ErrorCode::kParse,
               R"x(regex: nothing to repeat before "*" at offset 0 in pattern "*a")x");
  expect_error("[z-a]", ErrorCode::kParse,
               R"x(regex: range out of order in class at offset 1 in pattern "[z-a]")x");
  expect_error("a{3,2}", ErrorCode::kParse,
               R"x(regex: repeat range {n,m} with n > m at offset 1 in pattern "a{3,2}")x");
  for (const char* p : {"a**", "a{2}{3}"}) {
    EXPECT_EQ(error_code_of(p, Dialect::kRust), ErrorCode::kParse) << p;
  }
  for (const char* p : {"\\", "(?", "a|*", "(?i", R"(\x{110000})", R"(\x{})",
                        R"(\p{L)", R"([\d-z])", "^*", "(?=a)+", "(?<n", "(?#"}) {
    EXPECT_EQ(error_code_of(p), ErrorCode::kParse) << p;
  }
  EXPECT_EQ(error_code_of("a\xFF"), ErrorCode::kParse);  // invalid UTF-8 in the pattern
}

TEST(Regex, OversizedPatternsHitLimits) {
  EXPECT_EQ(error_code_of(std::string(200, '(') + std::string(200, ')')), ErrorCode::kLimit);
  EXPECT_EQ(error_code_of("(?:(?:ab){1000}){1000}"), ErrorCode::kLimit);
  EXPECT_EQ(error_code_of("(?:(?:){100000}){100000}"), ErrorCode::kLimit);
  EXPECT_EQ(error_code_of("a{100001}"), ErrorCode::kLimit);
  EXPECT_NO_THROW(Regex(std::string(90, '(') + "a" + std::string(90, ')')));
}

TEST(Regex, CatastrophicBacktrackingThrowsInsteadOfHanging) {
  const Regex re("(?:a+)+b");
  std::vector<Span> spans;
  try {
    re.find_all(std::string(40, 'a'), spans);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kLimit);
    EXPECT_NE(std::string(e.what()).find("backtracks catastrophically"), std::string::npos);
  }
}

// ---- Robustness ----------------------------------------------------------------------------

TEST(Regex, InvalidUtf8TextNeverBreaksSpans) {
  const std::string text = "ab\xC3 \xE2\x82z\x80\x80\x80 \xF0\x9F\x98 end\xFF";
  for (const char* p : {kGpt2, kCl100kTokenizerJson, kO200k, R"(\w+|[^\w\s]+)", ".", "\\p{L}+?x|."}) {
    std::vector<Span> spans;
    ASSERT_NO_THROW(Regex(p).find_all(text, spans)) << p;
    uint32_t previous = 0;
    for (const Span& s : spans) {
      EXPECT_LE(previous, s.start);
      EXPECT_LE(s.start, s.end);
      EXPECT_LE(s.end, text.size());
      previous = s.end;
    }
  }
  // Greedy runs over invalid bytes give back one decoded unit at a time, like valid text.
  EXPECT_EQ(pieces(R"([^a]+a)", "\x80\x80\x80" "a"), (Pieces{"\x80\x80\x80" "a"}));
  EXPECT_EQ(pieces(R"(\p{So}+\p{So})", "\x80\x80"), (Pieces{"\x80\x80"}));
}

// Random patterns built from the syntax the engine knows, and some it refuses, over random
// texts: construction either succeeds or throws tokvec::Error, and matches stay well-formed.
TEST(Regex, RandomPatternsNeverCrashSeed20240601) {
  std::mt19937 rng(20240601);
  const std::vector<std::string> tokens = {
      "a", "b", "é", "中", ".", "\\s", "\\S", "\\w", "\\d", "\\p{L}", "\\P{N}", "\\b", "^", "$",
      "[a-c]", "[^\\s\\p{L}]", "(", "(?:", "(?=", "(?!", "(?>", "(?i:", "(?i)", ")", "|", "*",
      "+", "?", "*?", "++", "{2}", "{1,3}", "{2,}", "{,2}", "\\", "[", "]", "{", "}", "-", "\\x{41}",
      "(?<=", "\\1", "\xC3", " ", "\\n", "'"};
  const std::vector<std::string> texts = {"", "a", "ab ba", "  aé中b\n1'2 ", "aaaaaaaaaaaab",
                                          "\xC3\x28 a\xF0", "中中 bb a1b2"};
  size_t built = 0;
  for (int i = 0; i < 4000; ++i) {
    std::string pattern;
    const int length = 1 + static_cast<int>(rng() % 10);
    for (int k = 0; k < length; ++k) pattern += tokens[rng() % tokens.size()];
    for (Dialect d : {Dialect::kOniguruma, Dialect::kRust}) {
      std::unique_ptr<Regex> re;
      try {
        re = std::make_unique<Regex>(pattern, d);
      } catch (const Error&) {
        continue;
      }
      ++built;
      for (const std::string& text : texts) {
        std::vector<Span> spans;
        try {
          re->find_all(text, spans);
        } catch (const Error& e) {
          ASSERT_EQ(e.code(), ErrorCode::kLimit) << pattern;
        }
        uint32_t previous = 0;
        for (const Span& s : spans) {
          ASSERT_LE(previous, s.start) << pattern;
          ASSERT_LE(s.start, s.end) << pattern;
          ASSERT_LE(s.end, text.size()) << pattern;
          previous = s.end;
        }
      }
    }
  }
  EXPECT_GT(built, 1000u);
}

// ---- Megabyte adversarial inputs ---------------------------------------------------------------

// Runs find_all, prints the time and returns the spans. Correctness is asserted by the caller;
// timing is reported only (machines differ), to be compared by a person across changes.
std::vector<Span> timed(const char* label, const Regex& re, const std::string& text) {
  std::vector<Span> spans;
  const auto start = std::chrono::steady_clock::now();
  re.find_all(text, spans);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::cout << "[ timing   ] " << label << ": " << text.size() << " bytes, " << spans.size()
            << " matches, " << ms << " ms\n";
  return spans;
}

bool covers(const std::vector<Span>& spans, size_t size) {
  uint32_t at = 0;
  for (const Span& s : spans) {
    if (s.start != at || s.empty()) return false;
    at = s.end;
  }
  return at == size;
}

TEST(Regex, LinearOnMegabyteAdversarialInputs) {
  const size_t mb = 1 << 20;
  const Regex gpt2(kGpt2, Dialect::kRust);
  const Regex cl100k(kCl100k, Dialect::kRust);
  const Regex cl100k_hf(kCl100kTokenizerJson);
  const Regex o200k(kO200k, Dialect::kRust);
  const Regex whitespace(R"(\w+|[^\w\s]+)", Dialect::kRust);

  const std::string spaces(mb, ' ');
  for (const auto& [name, re] : {std::pair{"gpt2", &gpt2}, {"cl100k", &cl100k},
                                 {"cl100k_hf", &cl100k_hf}, {"o200k", &o200k}}) {
    const auto spans = timed((std::string(name) + " 1 MB spaces").c_str(), *re, spaces);
    EXPECT_EQ(spans.size(), 1u) << name;
    EXPECT_TRUE(covers(spans, mb)) << name;
  }

  const std::string spaces_then_letter = spaces + "x";
  {
    const auto spans = timed("gpt2 1 MB spaces + letter", gpt2, spaces_then_letter);
    ASSERT_EQ(spans.size(), 2u);
    EXPECT_EQ(spans[0], (Span{0, static_cast<uint32_t>(mb - 1)}));
    const auto o = timed("o200k 1 MB spaces + letter", o200k, spaces_then_letter);
    EXPECT_EQ(o.size(), 2u);
    const auto c = timed("cl100k 1 MB spaces + letter", cl100k, spaces_then_letter);
    EXPECT_EQ(c.size(), 2u);
  }

  const std::string letters(mb, 'a');
  const std::string capitals(mb, 'A');
  for (const auto& [name, re] : {std::pair{"gpt2", &gpt2}, {"cl100k", &cl100k}, {"o200k", &o200k},
                                 {"whitespace", &whitespace}}) {
    const auto spans = timed((std::string(name) + " 1 MB 'a'").c_str(), *re, letters);
    EXPECT_EQ(spans.size(), 1u) << name;
    const auto caps = timed((std::string(name) + " 1 MB 'A'").c_str(), *re, capitals);
    EXPECT_EQ(caps.size(), 1u) << name;
  }

  const std::string digits(100 * 1024, '7');
  EXPECT_EQ(timed("cl100k 100 kB digits", cl100k, digits).size(), (digits.size() + 2) / 3);
  EXPECT_EQ(timed("o200k 100 kB digits", o200k, digits).size(), (digits.size() + 2) / 3);
  EXPECT_EQ(timed("gpt2 100 kB digits", gpt2, digits).size(), 1u);

  std::string alternating;
  while (alternating.size() < mb) alternating += " a";
  for (const auto& [name, re] : {std::pair{"gpt2", &gpt2}, {"cl100k", &cl100k}, {"o200k", &o200k}}) {
    const auto spans = timed((std::string(name) + " 1 MB \" a\"").c_str(), *re, alternating);
    EXPECT_EQ(spans.size(), mb / 2) << name;
  }

  std::string newlines_and_spaces;
  while (newlines_and_spaces.size() < mb) newlines_and_spaces += " \n";
  EXPECT_TRUE(covers(timed("cl100k_hf 1 MB \" \\n\"", cl100k_hf, newlines_and_spaces), mb));
  EXPECT_TRUE(covers(timed("o200k 1 MB \" \\n\"", o200k, newlines_and_spaces), mb));

  std::string cjk;
  while (cjk.size() < mb) cjk += "\u4E2D\u6587";
  EXPECT_EQ(timed("o200k 1 MB CJK", o200k, cjk).size(), 1u);

  std::string prose;
  const std::string sentence =
      "The quick brown fox's 12345 jumps, over the lazy dog!  It's 3.14159\u2026 caf\u00E9 \u4E2D\u6587\n";
  while (prose.size() < mb) prose += sentence;
  for (const auto& [name, re] : {std::pair{"gpt2", &gpt2}, {"cl100k", &cl100k}, {"o200k", &o200k}}) {
    EXPECT_TRUE(covers(timed((std::string(name) + " 1 MB prose").c_str(), *re, prose), prose.size()))
        << name;
  }
}

}  // namespace
}  // namespace tokvec
