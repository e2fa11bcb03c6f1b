// tokvec::FastPath — hand-written matchers for the pre-tokenizer patterns that dominate real use:
// GPT-2 / r50k / p50k, cl100k, o200k and Llama 3, as tiktoken spells them (Rust dialect) and as
// their tokenizer.json files spell them (Oniguruma dialect).
//
// Regex's constructor looks its pattern up here by exact string and dialect and, on a hit, answers
// search and find_all with the matcher instead of the VM. Nothing else selects a fast path: the
// pattern is still read from the file, and a pattern that differs by one character runs on the
// engine. tests/native/regex_fast_paths_test.cc proves each matcher equal to the engine (goldens,
// corpora, a seeded fuzz of tricky code points and invalid UTF-8).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/span.h"
#include "regex/regex.h"

namespace tokvec {

// Every pattern here matches a non-empty prefix of the text at every position (a code point is a
// letter, a number, white space or none of those, and some alternative takes each kind), so a
// search from `pos` matches at `pos` and find_all tiles the whole text.
struct FastPath {
  const char* name;        // which tokenizers use it, e.g. "cl100k_base (tiktoken)"
  const char* pattern;     // the exact pattern string
  Regex::Dialect dialect;  // the dialect it is recognised in
  // End of the match that starts at byte `pos` (pos < text.size() < 4 GiB).
  uint32_t (*match_at)(std::string_view text, uint32_t pos);
  // Appends all matches left to right, what Regex::find_all returns.
  void (*find_all)(std::string_view text, std::vector<Span>& matches);
};

// The fast path for exactly this pattern in this dialect, or null.
const FastPath* find_fast_path(std::string_view pattern, Regex::Dialect dialect);

// Every (pattern, dialect) pair that has a fast path.
const std::vector<FastPath>& fast_paths();

}  // namespace tokvec
