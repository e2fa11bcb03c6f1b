#include "tokenizer/pre_tokenizers/fixed_length.h"

#include "core/utf8.h"

namespace tokvec {

void FixedLength::split(Normalized& s, std::vector<Span>& pieces) const {
  const std::string_view text = s.text;
  std::vector<Span> out;
  out.reserve(pieces.size() * 2);
  for (const Span& piece : pieces) {
    const std::string_view bounded = text.substr(0, piece.end);
    size_t i = piece.start;
    while (i < piece.end) {
      const uint32_t start = static_cast<uint32_t>(i);
      for (uint32_t n = 0; n < length_ && i < piece.end; ++n) utf8::decode(bounded, i);
      out.push_back({start, static_cast<uint32_t>(i)});
    }
  }
  pieces = std::move(out);
}

}  // namespace tokvec
