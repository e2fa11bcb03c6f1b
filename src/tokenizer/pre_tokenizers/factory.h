// make_pre_tokenizer: the tokenizer.json "pre_tokenizer" object → a PreTokenizer, switching on
// "type" with HuggingFace's names and its rules for required and default fields
// (tokenizers/src/pre_tokenizers/mod.rs): BertPreTokenizer, ByteLevel, CharDelimiterSplit,
// Digits, FixedLength, Metaspace, Punctuation, Sequence, Split, UnicodeScripts, Whitespace,
// WhitespaceSplit. Anything else throws kUnsupported naming the type and where it is:
//   tokenizer.json: pre_tokenizer.pretokenizers[1]: unsupported type "Foo"
#pragma once

#include <memory>

#include "core/json.h"
#include "tokenizer/pre_tokenizers/byte_level.h"
#include "tokenizer/stages.h"

namespace tokvec {

// `byte_level_alphabet`: ByteLevel stages spell their pieces in GPT-2's byte alphabet, as
// HuggingFace's always do; the loader asks for it for every model but byte-level BPE, which works
// on raw bytes (byte_level.h).
std::unique_ptr<PreTokenizer> make_pre_tokenizer(const JsonView& j, bool byte_level_alphabet = false);

// The ByteLevel stage of a pre-tokenizer (itself, or the first one inside a Sequence), or null.
// A loader that finds one gives the BPE model a vocabulary converted from GPT-2's byte alphabet
// to raw bytes, since the ByteLevel it builds for BPE leaves pieces as raw UTF-8 (byte_level.h).
const ByteLevel* find_byte_level(const PreTokenizer& p);
inline bool has_byte_level(const PreTokenizer& p) { return find_byte_level(p) != nullptr; }

}  // namespace tokvec

// Design notes
//
// - Pieces are spans into one Normalized, not one string per piece as in HuggingFace's
//   PreTokenizedString: splitting allocates nothing per piece, and offsets come from the single
//   to_source vector. The price is that a stage which edits text (Metaspace, ByteLevel's prefix
//   space) rebuilds the whole text and alignment once (PieceRewriter), even to add one byte.
// - HuggingFace aligns a prepended character with the first character of its piece, so the
//   pieces " ▁" and "Hello" of Sequence[Metaspace(split false), ByteLevel(add_prefix_space)]
//   both cover "H". tokvec reports the same overlapping offsets rather than "fixing" them.
// - Metaspace's prepend_scheme "first" asks HuggingFace's split whether it starts at original
//   offset 0. A split that is a whole section keeps its section's offset; a split cut out by an
//   earlier pre-tokenizer takes the offset of its first normalized character. tokvec cannot tell
//   an uncut section from a piece that happens to span all of it, so it treats a whole-text piece
//   as the section (s.base). The two differ only when a normalizer deleted the text's first
//   characters and an earlier pre-tokenizer left the first piece whole.
// - Patterns always go through tokvec::Regex, which answers the hottest ones (ByteLevel's GPT-2
//   pattern, and the cl100k / o200k / Llama 3 Split patterns as files spell them) with its
//   hand-written matchers; nothing here special-cases a pattern.
