// ByteLevel (tokenizer.json pre_tokenizer "ByteLevel"; HuggingFace pre_tokenizers/byte_level.rs):
// each piece gets a leading space when add_prefix_space is set and it has none, then (use_regex)
// is cut with GPT-2's pattern
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// with every match its own piece.
//
// HuggingFace then rewrites every piece in GPT-2's byte alphabet (byte_level_alphabet.h), so the
// model sees "Ġworld" for " world", each character standing for the whole source character its
// byte came from. With `to_alphabet` this stage does the same, for the models that look tokens up
// as strings (WordLevel, WordPiece, Unigram). Without it the pieces stay raw UTF-8: a byte-level
// BPE model converts its vocabulary to bytes once at load instead of this stage converting every
// text. has_byte_level() (factory.h) tells the loader which to build.
#pragma once

#include "tokenizer/stages.h"

namespace tokvec {

class ByteLevel final : public PreTokenizer {
 public:
  ByteLevel(bool add_prefix_space, bool trim_offsets, bool use_regex, bool to_alphabet = false)
      : add_prefix_space_(add_prefix_space), trim_offsets_(trim_offsets), use_regex_(use_regex),
        to_alphabet_(to_alphabet) {}

  void split(Normalized& s, std::vector<Span>& pieces) const override;
  const ByteLevel* byte_level() const override { return this; }

  bool add_prefix_space() const { return add_prefix_space_; }
  // Used by the ByteLevel post-processor, not here; kept so the loader can read it back.
  bool trim_offsets() const { return trim_offsets_; }
  bool use_regex() const { return use_regex_; }

 private:
  bool add_prefix_space_;
  bool trim_offsets_;
  bool use_regex_;
  bool to_alphabet_;
};

}  // namespace tokvec
