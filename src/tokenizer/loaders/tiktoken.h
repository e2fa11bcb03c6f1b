// Loaders for OpenAI's BPE files, following tiktoken (`tiktoken/load.py`):
//  - a .tiktoken rank file: one "base64(token bytes) rank" per line (load_tiktoken_bpe);
//  - GPT-2's encoder.json (token string → id) + vocab.bpe ("#version" line, then one merge
//    "a b" per line), both in GPT-2's byte alphabet (data_gym_to_mergeable_bpe_ranks).
// Each produces a Bpe model plus what a tokenizer needs around it: the split pattern and the
// special tokens.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tokenizer/encodings.h"
#include "tokenizer/models/bpe.h"

namespace tokvec {

// A BPE model with the pattern that splits text into its pieces and its special tokens.
struct LoadedBpe {
  std::unique_ptr<Bpe> model;
  std::string pattern;
  std::vector<std::pair<std::string, uint32_t>> special_tokens;
};

// Parses a .tiktoken file into its (token bytes, rank) entries in file order; blank lines are
// skipped. Errors name `where` and the line number and quote the line.
RankEntries parse_tiktoken(std::string_view contents, std::string_view where);

// A byte-level Bpe from a .tiktoken file (tiktoken semantics: a pair merges when its
// concatenation is a token, lowest rank first; a piece that is a token is that token).
std::unique_ptr<Bpe> load_tiktoken(std::string_view contents, std::string_view where);

// A named encoding ("r50k_base", "p50k_base", "cl100k_base", "o200k_base") from its .tiktoken
// file, checked as tiktoken checks it: special tokens must not reuse a rank, and where the
// encoding states a vocabulary size, ranks plus special tokens must fill exactly that many ids.
LoadedBpe load_encoding(std::string_view name, std::string_view tiktoken_contents);

// GPT-2's encoder.json + vocab.bpe as a byte-level Bpe with HuggingFace merge semantics (what
// HuggingFace builds from the same files as vocab.json + merges.txt). "<|endoftext|>" and
// "<|startoftext|>", where encoder.json has them, are also returned as special tokens (tiktoken
// sets exactly these apart); the pattern is tiktoken's "gpt2" one.
LoadedBpe load_gpt2(std::string_view encoder_json, std::string_view vocab_bpe);

}  // namespace tokvec
