#include "tokenizer/decoders/replace.h"

namespace tokvec {

void ReplaceDecoder::decode_chain(std::vector<std::string>& tokens) const {
  std::vector<Span> matches;
  for (std::string& token : tokens) {
    // HuggingFace's find_matches reports no match in an empty string, even for a pattern that
    // matches the empty string.
    if (token.empty()) continue;
    matches.clear();
    regex_.find_all(token, matches);
    if (matches.empty()) continue;
    std::string out;
    out.reserve(token.size() + content_.size() * matches.size());
    uint32_t done = 0;
    for (const Span& m : matches) {
      out.append(token, done, m.start - done);
      out.append(content_);
      done = m.end;
    }
    out.append(token, done);
    token = std::move(out);
  }
}

}  // namespace tokvec
