// The named OpenAI encodings, exactly as tiktoken's `tiktoken_ext/openai_public.py` defines them:
// split pattern, special tokens with their ids, and the explicit vocabulary size where tiktoken
// states one. The ranks themselves come from the matching .tiktoken file (or, for "gpt2", GPT-2's
// encoder.json + vocab.bpe); see loaders/tiktoken.h.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tokvec {

struct EncodingSpec {
  std::string name, pattern;
  std::vector<std::pair<std::string, uint32_t>> special_tokens;
  // tiktoken's explicit_n_vocab: ranks plus special tokens, and one past the largest id. 0 = none.
  uint32_t explicit_vocab_size = 0;
};

// "gpt2", "r50k_base", "p50k_base", "cl100k_base" or "o200k_base"; any other name is an Error
// listing these.
const EncodingSpec& encoding_spec(std::string_view name);

// All of them, in the order above.
const std::vector<EncodingSpec>& encoding_specs();

}  // namespace tokvec
