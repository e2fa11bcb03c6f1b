// Reads a WordLevel model from tokenizer.json (HuggingFace tokenizers'
// models/wordlevel/serialization.rs): {"type": "WordLevel", "vocab": {token: id}, "unk_token": s}.
#pragma once

#include <memory>

#include "core/json.h"
#include "tokenizer/models/word_level.h"

namespace tokvec {

// "type" may be absent (files written before it existed); "unk_token" is required, as in
// HuggingFace, and must be in the vocabulary.
std::unique_ptr<WordLevel> word_level_from_json(const JsonView& model);

}  // namespace tokvec
