// WordPiece (tokenizer.json "WordPiece"): greedy longest-match-first subwords, as HuggingFace
// tokenizers' models/wordpiece/mod.rs and BERT's original tokenizer do. A word becomes its longest
// prefix in the vocabulary, then the longest "##"-prefixed continuation, and so on; a word with a
// part no vocabulary entry covers, or longer than max_input_chars_per_word characters, is the
// single unknown token.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "tokenizer/models/byte_trie.h"
#include "tokenizer/stages.h"
#include "tokenizer/vocab.h"

namespace tokvec {

class WordPiece final : public Model {
 public:
  struct Options {
    std::string unk_token = "[UNK]";
    std::string continuing_subword_prefix = "##";
    size_t max_input_chars_per_word = 100;
  };

  // The unknown token must be in the vocabulary (HuggingFace only finds out at encode time).
  WordPiece(Vocab vocab, Options options);

  // {"type": "WordPiece", "unk_token", "continuing_subword_prefix", "max_input_chars_per_word",
  // "vocab": {token: id}}; all but "type" are required, as in HuggingFace.
  static std::unique_ptr<WordPiece> from_json(const JsonView& model);

  void tokenize(std::string_view word, std::vector<Token>& out) const override;
  void tokenize_ids(std::string_view text, const std::vector<Span>& pieces, std::vector<uint32_t>& ids) const override;
  uint32_t vocab_size() const override { return vocab_.size(); }
  std::string type_name() const override { return "WordPiece"; }
  std::optional<uint32_t> token_to_id(std::string_view token) const override { return vocab_.find(token); }
  std::string id_to_token(uint32_t id) const override { return vocab_.token(id); }

  const Options& options() const { return options_; }

 private:
  // tokenize without the cache.
  void split_word(std::string_view word, std::vector<Token>& out) const;

  uint64_t serial_;  // names this model in PieceCache
  Vocab vocab_;
  Options options_;
  uint32_t unk_id_;
  ByteTrie initial_;       // every token to its id: the first piece of a word
  ByteTrie continuation_;  // tokens that start with the prefix, without it: the pieces after the first
};

}  // namespace tokvec
