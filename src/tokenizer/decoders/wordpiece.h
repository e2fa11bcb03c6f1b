// WordPiece decoder (tokenizer.json decoder "WordPiece"; HuggingFace decoders/wordpiece.rs): a
// token after the first loses its continuation `prefix` ("##") or else gets a leading space; with
// `cleanup`, each token then goes through wordpiece_cleanup.
#pragma once

#include <string>
#include <string_view>

#include "tokenizer/stages.h"

namespace tokvec {

// HuggingFace's cleanup of tokenization spaces, these replacements in this order:
// " ." → ".", " ?" → "?", " !" → "!", " ," → ",", " ' " → "'", " n't" → "n't", " 'm" → "'m",
// " do not" → " don't", " 's" → "'s", " 've" → "'ve", " 're" → "'re".
std::string wordpiece_cleanup(std::string_view text);

class WordPieceDecoder final : public Decoder {
 public:
  WordPieceDecoder(std::string prefix, bool cleanup) : prefix_(std::move(prefix)), cleanup_(cleanup) {}
  void decode_chain(std::vector<std::string>& tokens) const override;

 private:
  std::string prefix_;
  bool cleanup_;
};

}  // namespace tokvec
