#include "tokenizer/decoders/strip.h"

#include "core/utf8.h"

namespace tokvec {

void StripDecoder::decode_chain(std::vector<std::string>& tokens) const {
  std::vector<size_t> starts;  // byte offset of each character, then the token's size
  std::vector<char32_t> chars;
  for (std::string& token : tokens) {
    starts.clear();
    chars.clear();
    for (size_t i = 0; i < token.size();) {
      starts.push_back(i);
      chars.push_back(utf8::decode(token, i));
    }
    starts.push_back(token.size());
    size_t start_cut = 0;
    while (start_cut < start_ && start_cut < chars.size() && chars[start_cut] == content_) ++start_cut;
    size_t stop_cut = chars.size();
    for (uint32_t n = 0; n < stop_ && stop_cut > 0 && chars[stop_cut - 1] == content_; ++n) --stop_cut;
    if (stop_cut <= start_cut) token.clear();
    else token = token.substr(starts[start_cut], starts[stop_cut] - starts[start_cut]);
  }
}

}  // namespace tokvec
