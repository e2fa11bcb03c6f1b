#include "tokenizer/decoders/wordpiece.h"

#include "tokenizer/decoders/string_replace.h"

namespace tokvec {

std::string wordpiece_cleanup(std::string_view text) {
  static constexpr std::string_view kRules[][2] = {
      {" .", "."},   {" ?", "?"},     {" !", "!"},   {" ,", ","},           {" ' ", "'"},  {" n't", "n't"},
      {" 'm", "'m"}, {" do not", " don't"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"},
  };
  std::string out(text);
  for (const auto& rule : kRules) {
    if (out.find(rule[0]) != std::string::npos) out = replace_all(out, rule[0], rule[1]);
  }
  return out;
}

void WordPieceDecoder::decode_chain(std::vector<std::string>& tokens) const {
  for (size_t i = 0; i < tokens.size(); ++i) {
    std::string& token = tokens[i];
    if (i != 0) {
      if (token.compare(0, prefix_.size(), prefix_) == 0) token.erase(0, prefix_.size());
      else token.insert(0, 1, ' ');
    }
    if (cleanup_) token = wordpiece_cleanup(token);
  }
}

}  // namespace tokvec
