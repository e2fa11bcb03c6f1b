// Reads a tokenizer.json vocabulary object ({"token": id, ...}), the form WordPiece, WordLevel and
// BPE share (HuggingFace tokenizers' `vocab` field of those models).
#pragma once

#include "core/json.h"
#include "tokenizer/vocab.h"

namespace tokvec {

// Ids must be exactly 0..N-1, each used once: a Vocab has no holes. HuggingFace accepts holes
// and repeated ids; no published file we know of has them, so they fail at load, naming the id,
// rather than giving a vocabulary whose id_to_token disagrees with HuggingFace's.
Vocab vocab_from_json(const JsonView& vocab);

}  // namespace tokvec
