// Reads a BERT vocab.txt: one token per line, the id of a token is its line number from 0 (the
// format HuggingFace's WordPiece::read_file and BERT's load_vocab read).
#pragma once

#include <string_view>

#include "tokenizer/vocab.h"

namespace tokvec {

// Lines end with "\n" or "\r\n"; trailing white space (Unicode White_Space, as Rust's trim_end)
// is not part of the token, and a final line break does not start a new line. A token that appears
// twice, or a line that is not valid UTF-8, is an Error naming `where` and the line (from 1).
// A byte order mark is kept as part of the first token, as HuggingFace does.
Vocab read_vocab_txt(std::string_view text, std::string_view where = "vocab.txt");

}  // namespace tokvec
