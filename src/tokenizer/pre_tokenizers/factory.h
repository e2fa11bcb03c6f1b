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

std::unique_ptr<PreTokenizer> make_pre_tokenizer(const JsonView& j);

// The ByteLevel stage of a pre-tokenizer (itself, or the first one inside a Sequence), or null.
// A loader that finds one gives the BPE model a vocabulary converted from GPT-2's byte alphabet
// to raw bytes, since tokvec's ByteLevel leaves pieces as raw UTF-8 (byte_level.h).
const ByteLevel* find_byte_level(const PreTokenizer& p);
inline bool has_byte_level(const PreTokenizer& p) { return find_byte_level(p) != nullptr; }

}  // namespace tokvec
