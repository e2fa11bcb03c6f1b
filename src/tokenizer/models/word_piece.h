// WordPiece (tokenizer.json "WordPiece"): greedy longest-match-first subwords, as HuggingFace
// tokenizers' models/wordpiece/mod.rs and BERT's original tokenizer do. A word becomes its longest
// prefix in the vocabulary, then the longest "##"-prefixed continuation, and so on; a word with a
// part no vocabulary entry covers, or longer than max_input_chars_per_word characters, is the
// single unknown token.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json.h"
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
  uint32_t vocab_size() const override { return vocab_.size(); }
  std::string type_name() const override { return "WordPiece"; }
  std::optional<uint32_t> token_to_id(std::string_view token) const override { return vocab_.find(token); }
  std::string id_to_token(uint32_t id) const override { return vocab_.token(id); }

  const Options& options() const { return options_; }

 private:
  // A byte trie over some of the tokens, flattened: node n's children are labels_/targets_ in
  // [first_child_[n], first_child_[n + 1]), sorted by label (the root's also in root_); id_[n] is
  // the id of the token that ends at n, or kNone.
  class Trie {
   public:
    static constexpr uint32_t kNone = UINT32_MAX;
    void insert(std::string_view key, uint32_t id);
    void finish();
    // The id and byte length of the longest key that `text` starts with and that ends at a
    // character boundary of text, or {kNone, 0}.
    std::pair<uint32_t, size_t> longest_prefix(std::string_view text) const;

   private:
    std::vector<std::vector<std::pair<uint8_t, uint32_t>>> building_{1};
    std::vector<uint32_t> first_child_, targets_, id_{kNone};
    std::vector<uint8_t> labels_;
    std::array<uint32_t, 256> root_{};
  };

  Vocab vocab_;
  Options options_;
  uint32_t unk_id_;
  Trie initial_;       // every token: the first piece of a word
  Trie continuation_;  // tokens that start with the prefix, without it: the pieces after the first
};

}  // namespace tokvec
