#include "tokenizer/models/word_level_json.h"

#include "tokenizer/models/vocab_json.h"

namespace tokvec {

std::unique_ptr<WordLevel> word_level_from_json(const JsonView& model) {
  if (auto type = model.find("type"); type && type->as_string() != "WordLevel") {
    type->fail("expected \"WordLevel\", got \"" + type->as_string() + "\"");
  }
  const JsonView vocab_json = model.at("vocab");
  Vocab vocab = vocab_from_json(vocab_json);
  if (vocab.size() == 0) vocab_json.fail("is empty", ErrorCode::kInvalidArgument);
  const JsonView unk_json = model.at("unk_token");
  const std::string unk_token = unk_json.as_string();
  if (!vocab.find(unk_token)) {
    unk_json.fail("\"" + unk_token + "\" is not in the vocabulary", ErrorCode::kInvalidArgument);
  }
  return std::make_unique<WordLevel>(std::move(vocab), unk_token);
}

}  // namespace tokvec
