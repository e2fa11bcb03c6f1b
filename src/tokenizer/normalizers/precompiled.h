// Precompiled (tokenizer.json "Precompiled"): SentencePiece's compiled normalization rules
// (`precompiled_charsmap`, base64 in the file), applied as HuggingFace does with the
// spm_precompiled crate.
//
// The charsmap is [u32 trie size in bytes, little-endian][Darts double-array trie: u32 units]
// [replacement strings, each ending with '\0']. A trie key is a UTF-8 string to rewrite; its value
// is the offset of the replacement in the string blob.
//
// HuggingFace walks the text by extended grapheme clusters (UAX #29). A cluster shorter than 6
// bytes is looked up whole; when a key is a prefix of it, the replacement of the SHORTEST such key
// replaces the whole cluster (so "ﬁ" followed by a combining mark becomes "fi", the mark gone).
// Otherwise each character is looked up alone. Alignments follow HuggingFace's bookkeeping, quirks
// included: a replacement with fewer characters than its source folds the difference into the
// change of the character emitted just before it (none at the start of the text: then the removed
// characters shift the alignment of the ones after them, as in HuggingFace).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/normalizers/normalizer_tables.h"
#include "tokenizer/stages.h"

namespace tokvec {

// normalizer_tables::grapheme_break(cp), faster: grapheme_end calls it for every character.
normalizer_tables::GraphemeBreak grapheme_break_of(char32_t cp);

// End of the extended grapheme cluster (UAX #29) that starts at byte `start` < text.size(), as
// the unicode-segmentation crate's graphemes(true) finds it.
size_t grapheme_end(std::string_view text, size_t start);

class Precompiled final : public Normalizer {
 public:
  // `charsmap` is the decoded blob; `where` names it in errors. Throws tokvec::Error (kParse)
  // naming what is malformed: a short header, a trie size past the end or not a multiple of 4,
  // replacement strings that are not UTF-8, or a trie entry pointing outside them.
  Precompiled(std::string_view charsmap, std::string_view where);

  // Decodes standard base64 (with padding), as in tokenizer.json; throws kParse naming the offset.
  static std::string decode_base64(std::string_view text, std::string_view where);

  void normalize(Normalized& s) const override;

  // The replacement for the shortest trie key that is a prefix of `chunk` (spm_precompiled's
  // `transform`); false when no key is.
  bool transform(std::string_view chunk, std::string_view& replacement) const;

 private:
  void validate(std::string_view where) const;
  // Rewrites s, whose first `unchanged` bytes are valid UTF-8 that no rule changes.
  void apply(Normalized& s, size_t unchanged) const;

  // ascii_rules_ values besides 0 (no rule) and a replacement byte 1-127.
  static constexpr uint8_t kRewritten = 0x80;

  std::vector<uint32_t> trie_;
  std::string normalized_;
  // What transform() makes of each ASCII character, the common one-byte grapheme: 0 when no rule
  // changes it, the byte when it becomes one other ASCII character, which is written over it in
  // place (the alignment of a character replaced by one character of the same length is its own,
  // so the text keeps its alignment, even an identity one), else kRewritten. nmt_nfkc has rules
  // of the second kind for tab, newline, form feed and carriage return (a space) and of the third
  // for the other control characters (removed).
  uint8_t ascii_rules_[128] = {};
};

}  // namespace tokvec
