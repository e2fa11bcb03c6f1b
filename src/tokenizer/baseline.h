// The baseline tokenizers: word-level, character-level and byte-level, built from the same
// pipeline stages as the real ones (Lowercase, Whitespace, WordLevel, ByteFallback, Fuse).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/tokenizer.h"

namespace tokvec {

inline constexpr std::string_view kDefaultUnkToken = "[UNK]";

struct VocabOptions {
  // Build the vocabulary from `corpus` when `vocab` is empty; otherwise ids are positions in
  // `vocab` (the unknown token is appended when missing).
  std::string corpus;
  std::vector<std::string> vocab;
  uint32_t min_frequency = 1;  // keep entries seen at least this often in the corpus
  uint32_t max_vocab = 0;      // 0 = no limit; counts the unknown token
  std::string unk_token = std::string(kDefaultUnkToken);
};

struct WordLevelOptions : VocabOptions {
  bool lowercase = false;
};

// Words are runs of word characters or runs of punctuation (the "Whitespace" pre-tokenizer,
// \w+|[^\w\s]+), optionally lowercased first. Built from a corpus, the unknown token is id 0 and
// words follow by descending count, ties broken by byte order. Decoding joins words with spaces.
std::unique_ptr<Tokenizer> make_word_level(const WordLevelOptions& options);

// One token per code point; built from a corpus like the word level. Decoding concatenates.
std::unique_ptr<Tokenizer> make_character_level(const VocabOptions& options);

// 256 ids, one per byte; lossless for any input.
std::unique_ptr<Tokenizer> make_byte_level();

}  // namespace tokvec
