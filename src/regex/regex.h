// tokvec::Regex — the regex engine behind `Split` pre-tokenizers and tiktoken-style patterns.
//
// HuggingFace tokenizers runs tokenizer.json patterns with Oniguruma (default syntax, no options);
// tiktoken runs its patterns with Rust fancy-regex. Both are backtracking, leftmost-first (Perl
// semantics) engines, and this one reproduces what they return on the syntax real files use:
// literals, `.`, classes with ranges, negation and escapes, `\p{..}` / `\P{..}` / `\pL`, `\s \S \d
// \D \w \W`, `^ $ \A \z \Z \b \B`, groups `( )` `(?: )` `(?<name> )` (all non-capturing: only the
// whole match is reported), `(?= )` `(?! )` `(?> )`, `(?i)` and `(?i: )`, alternation, and the
// quantifiers `* + ? {n} {n,} {n,m} {,m}`, each greedy, lazy (`?` suffix) or possessive (`+`).
//
// The text is UTF-8 and offsets are bytes. A Regex is immutable and cheap to copy; `search` and
// `find_all` keep their scratch state on the stack of the call, so one Regex serves many threads.
//
// Construction throws tokvec::Error (kUnsupported for syntax this engine does not implement,
// kParse for malformed patterns, kLimit for patterns too large) naming the offset and the pattern;
// matching throws only kLimit: for texts of 4 GiB or more, and when one match attempt backtracks
// catastrophically (like Oniguruma's retry-limit-in-match; see regex.cc).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/span.h"

namespace tokvec {

struct FastPath;

class Regex {
 public:
  // Whose reading of the pattern to reproduce where the references differ (\w, \b, ^ and $,
  // `(?m)`, `(?i)` in mid-group, `{n,m}+`, `\xHH`); regex.cc's design notes list each difference.
  enum class Dialect {
    kOniguruma,  // HuggingFace tokenizer.json `Split` and `Replace` patterns
    kRust,       // tiktoken patterns (fancy-regex) and HuggingFace's built-in `Whitespace` (regex)
  };

  explicit Regex(std::string_view pattern, Dialect dialect = Dialect::kOniguruma);

  // Leftmost-first match starting at or after byte offset `from`; false if none. The whole text
  // is context: `^`, `\A`, `\b` and lookaheads see the bytes around `from`.
  bool search(std::string_view text, size_t from, Span& match) const;

  // All non-overlapping matches left to right, enumerated the way the onig crate's and Rust's
  // find_iter do: each search starts where the previous match ended, and an empty match that
  // touches the previous match's end is skipped by moving the start one code point on.
  void find_all(std::string_view text, std::vector<Span>& matches) const;

  const std::string& pattern() const { return pattern_; }
  Dialect dialect() const { return dialect_; }

  struct Program;  // compiled form, defined in regex.cc

 private:
  std::string pattern_;
  Dialect dialect_;
  std::shared_ptr<const Program> program_;
  // A hand-written matcher for this exact pattern and dialect (fast_paths.h), or null.
  const FastPath* fast_path_ = nullptr;
};

}  // namespace tokvec
