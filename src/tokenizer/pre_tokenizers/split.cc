#include "tokenizer/pre_tokenizers/split.h"

namespace tokvec {

void Split::split(Normalized& s, std::vector<Span>& pieces) const {
  // Real text makes a piece every four or five bytes: room for one every three, so that a
  // document's pieces are written without regrowing the vector (each regrowth a copy of all so far).
  std::vector<Span> out;
  out.reserve(pieces.size() * 2 + s.text.size() / 3);
  if (behavior_ == SplitDelimiterBehavior::kRemoved && invert_) {
    // tiktoken's Split: the pieces are the matches themselves, less empty ones, so they go
    // straight into `out` without the stretches between them.
    for (const Span& piece : pieces) {
      const size_t first = out.size();
      regex_.find_all(std::string_view(s.text).substr(piece.start, piece.size()), out);
      size_t kept = first;
      for (size_t i = first; i < out.size(); ++i) {
        if (!out[i].empty()) out[kept++] = {piece.start + out[i].start, piece.start + out[i].end};
      }
      out.resize(kept);
    }
    pieces = std::move(out);
    return;
  }
  std::vector<Span> scratch;
  std::vector<Stretch> stretches;
  for (const Span& piece : pieces) {
    find_regex_stretches(regex_, s.text, piece, invert_, scratch, stretches);
    append_split(stretches, behavior_, out);
  }
  pieces = std::move(out);
}

}  // namespace tokvec
