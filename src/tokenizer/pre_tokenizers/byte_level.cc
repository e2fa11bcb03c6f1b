#include "tokenizer/pre_tokenizers/byte_level.h"

#include <algorithm>

#include "regex/regex.h"
#include "tokenizer/models/byte_level_alphabet.h"
#include "tokenizer/pre_tokenizers/splitting.h"

namespace tokvec {

namespace {

// GPT-2's pattern. Regex answers it with its hand-written matcher (regex/fast_paths.h), which
// regex_fast_paths_test proves equal to the engine.
const Regex& gpt2_regex() {
  static const Regex regex(R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)",
                           Regex::Dialect::kOniguruma);
  return regex;
}

// Gives every piece that does not start with a space one, which stands for the piece's first
// character in the source (HuggingFace's NormalizedString::prepend aligns it so).
void prepend_spaces(Normalized& s, std::vector<Span>& pieces) {
  bool needed = false;
  for (const Span& p : pieces) needed = needed || s.text[p.start] != ' ';
  if (!needed) return;
  PieceRewriter rewriter(s);
  for (Span& p : pieces) {
    rewriter.copy_to(p.start);
    const uint32_t start = rewriter.size();
    if (s.text[p.start] != ' ') rewriter.insert(" ", rewriter.source_of_char(p.start));
    rewriter.copy_to(p.end);
    p = {start, rewriter.size()};
  }
  rewriter.finish();
}

// Spells every piece in the byte alphabet. HuggingFace's transform gives each new character the
// alignment of the character its byte came from, so a token holding part of "é" covers all of it.
void map_to_alphabet(Normalized& s, std::vector<Span>& pieces) {
  PieceRewriter rewriter(s);
  std::string mapped;
  for (Span& p : pieces) {
    rewriter.copy_to(p.start);
    const uint32_t start = rewriter.size();
    for (uint32_t i = p.start; i < p.end;) {
      const uint32_t length = std::min<uint32_t>(utf8::sequence_length(static_cast<uint8_t>(s.text[i])), p.end - i);
      mapped.clear();
      byte_level::append_alphabet(mapped, std::string_view(s.text).substr(i, length));
      rewriter.replace(length, mapped);
      i += length;
    }
    p = {start, rewriter.size()};
  }
  rewriter.finish();
}

}  // namespace

void ByteLevel::split(Normalized& s, std::vector<Span>& pieces) const {
  if (add_prefix_space_) prepend_spaces(s, pieces);
  if (use_regex_) {
    const Regex& regex = gpt2_regex();
    std::vector<Span> out;
    out.reserve(pieces.size() + s.text.size() / 4);
    std::vector<Span> scratch;
    std::vector<Stretch> stretches;
    for (const Span& piece : pieces) {
      find_regex_stretches(regex, s.text, piece, false, scratch, stretches);
      append_split(stretches, SplitDelimiterBehavior::kIsolated, out);
    }
    pieces = std::move(out);
  }
  if (to_alphabet_ && !pieces.empty()) map_to_alphabet(s, pieces);
}

}  // namespace tokvec
