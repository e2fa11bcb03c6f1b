#include "tokenizer/loaders/vocab_txt.h"

#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "core/utf8.h"
#include "unicode/unicode.h"

namespace tokvec {

namespace {

// The length of `line` without its trailing White_Space characters.
size_t trimmed_length(std::string_view line) {
  size_t keep = 0;
  for (size_t i = 0; i < line.size();) {
    const char32_t cp = utf8::decode(line, i);
    if (!unicode::is_white_space(cp)) keep = i;
  }
  return keep;
}

}  // namespace

Vocab read_vocab_txt(std::string_view text, std::string_view where) {
  std::vector<std::string> tokens;
  std::unordered_map<std::string_view, size_t> first_line;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    const size_t line_number = tokens.size() + 1;
    if (!utf8::is_valid(line)) {
      throw_error(ErrorCode::kParse, {where, ": line ", line_number, " is not valid UTF-8"});
    }
    const std::string_view token = line.substr(0, trimmed_length(line));
    auto [it, inserted] = first_line.emplace(token, line_number);
    if (!inserted) {
      throw_error(ErrorCode::kInvalidArgument,
                  {where, ": line ", line_number, ": token \"", token, "\" is also on line ", it->second});
    }
    tokens.emplace_back(token);
    start = end + 1;
  }
  return Vocab(std::move(tokens), where);
}

}  // namespace tokvec
