// replace_all with the semantics of Rust's str::replace, which HuggingFace's decoders use: matches
// are found left to right without overlap, and an empty `from` matches at every character
// boundary, start and end included ("ab" with "" → "-" gives "-a-b-").
#pragma once

#include <string>
#include <string_view>

namespace tokvec {

std::string replace_all(std::string_view text, std::string_view from, std::string_view to);

}  // namespace tokvec
