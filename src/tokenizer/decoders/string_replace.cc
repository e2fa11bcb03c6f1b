#include "tokenizer/decoders/string_replace.h"

#include "core/utf8.h"

namespace tokvec {

std::string replace_all(std::string_view text, std::string_view from, std::string_view to) {
  std::string out;
  out.reserve(text.size());
  if (from.empty()) {
    out.append(to);
    for (size_t i = 0; i < text.size();) {
      const size_t start = i;
      utf8::decode(text, i);
      out.append(text.substr(start, i - start));
      out.append(to);
    }
    return out;
  }
  size_t done = 0;
  for (size_t at = text.find(from); at != std::string_view::npos; at = text.find(from, done)) {
    out.append(text.substr(done, at - done));
    out.append(to);
    done = at + from.size();
  }
  out.append(text.substr(done));
  return out;
}

}  // namespace tokvec
