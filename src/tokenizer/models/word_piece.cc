#include "tokenizer/models/word_piece.h"

#include <algorithm>

#include "core/error.h"
#include "tokenizer/models/vocab_json.h"

namespace tokvec {

namespace {

bool is_continuation_byte(char c) { return (static_cast<uint8_t>(c) & 0xC0) == 0x80; }

// Moves `end` back to the start of the character it falls inside (never below `start`).
size_t to_char_boundary(std::string_view word, size_t start, size_t end) {
  while (end > start && end < word.size() && is_continuation_byte(word[end])) --end;
  return end;
}

size_t count_chars(std::string_view word) {
  return static_cast<size_t>(std::count_if(word.begin(), word.end(), [](char c) { return !is_continuation_byte(c); }));
}

}  // namespace

WordPiece::WordPiece(Vocab vocab, Options options) : vocab_(std::move(vocab)), options_(std::move(options)) {
  const auto unk = vocab_.find(options_.unk_token);
  if (!unk) {
    throw Error(ErrorCode::kInvalidArgument,
                "WordPiece: unk_token \"" + options_.unk_token + "\" is not in the vocabulary");
  }
  unk_id_ = *unk;
  for (uint32_t id = 0; id < vocab_.size(); ++id) longest_token_ = std::max(longest_token_, vocab_.token(id).size());
}

std::unique_ptr<WordPiece> WordPiece::from_json(const JsonView& model) {
  if (auto type = model.find("type"); type && type->as_string() != "WordPiece") {
    type->fail("expected \"WordPiece\", got \"" + type->as_string() + "\"");
  }
  Options options;
  const JsonView unk_json = model.at("unk_token");
  options.unk_token = unk_json.as_string();
  options.continuing_subword_prefix = model.at("continuing_subword_prefix").as_string();
  const JsonView max_chars = model.at("max_input_chars_per_word");
  const int64_t max_chars_value = max_chars.as_int();
  if (max_chars_value < 0) max_chars.fail("expected a whole number of characters, got " + max_chars.raw().dump());
  options.max_input_chars_per_word = static_cast<size_t>(max_chars_value);

  const JsonView vocab_json = model.at("vocab");
  Vocab vocab = vocab_from_json(vocab_json);
  if (vocab.size() == 0) vocab_json.fail("is empty", ErrorCode::kInvalidArgument);
  if (!vocab.find(options.unk_token)) {
    unk_json.fail("\"" + options.unk_token + "\" is not in the vocabulary", ErrorCode::kInvalidArgument);
  }
  return std::make_unique<WordPiece>(std::move(vocab), std::move(options));
}

void WordPiece::tokenize(std::string_view word, std::vector<Token>& out) const {
  const uint32_t word_end = static_cast<uint32_t>(word.size());
  if (count_chars(word) > options_.max_input_chars_per_word) {
    out.push_back({unk_id_, {0, word_end}});
    return;
  }
  const size_t first_token = out.size();
  const std::string& prefix = options_.continuing_subword_prefix;
  std::string candidate;  // prefix + the rest of the word, reused for every continuation
  size_t start = 0;
  while (start < word.size()) {
    // A candidate longer than the longest vocabulary entry cannot match, so the search starts at
    // that length rather than at the end of the word: linear in the word for a fixed vocabulary.
    const size_t affix = start > 0 ? prefix.size() : 0;
    const size_t room = longest_token_ > affix ? longest_token_ - affix : 0;
    size_t end = to_char_boundary(word, start, std::min(word.size(), start + room));
    std::optional<uint32_t> id;
    if (start > 0) candidate.assign(prefix).append(word.substr(start, end - start));
    while (end > start) {
      id = start > 0 ? vocab_.find(std::string_view(candidate).substr(0, affix + end - start))
                     : vocab_.find(word.substr(0, end));
      if (id) break;
      end = to_char_boundary(word, start, end - 1);
    }
    if (!id) {
      out.resize(first_token);
      out.push_back({unk_id_, {0, word_end}});
      return;
    }
    out.push_back({*id, {static_cast<uint32_t>(start), static_cast<uint32_t>(end)}});
    start = end;
  }
}

}  // namespace tokvec
