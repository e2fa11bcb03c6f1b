#include "tokenizer/pre_tokenizers/split.h"

namespace tokvec {

void Split::split(Normalized& s, std::vector<Span>& pieces) const {
  std::vector<Span> out;
  out.reserve(pieces.size() * 2);
  std::vector<Span> scratch;
  std::vector<Stretch> stretches;
  for (const Span& piece : pieces) {
    find_regex_stretches(regex_, s.text, piece, invert_, scratch, stretches);
    append_split(stretches, behavior_, out);
  }
  pieces = std::move(out);
}

}  // namespace tokvec
