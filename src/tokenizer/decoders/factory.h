// make_decoder: the tokenizer.json "decoder" object → a Decoder, switching on "type" with
// HuggingFace's names and its rules for required and default fields (tokenizers/src/decoders/
// mod.rs): BPEDecoder, ByteFallback, ByteLevel, CTC, Fuse, Metaspace, Replace, Sequence, Strip,
// WordPiece. Anything else throws kUnsupported naming the type and where it is:
//   tokenizer.json: decoder.decoders[2]: unsupported type "Foo"
#pragma once

#include <memory>

#include "core/json.h"
#include "tokenizer/stages.h"

namespace tokvec {

std::unique_ptr<Decoder> make_decoder(const JsonView& j);

// True when the decoder is ByteLevel or a Sequence holding one: its tokens are spelled in GPT-2's
// byte alphabet.
bool has_byte_level(const Decoder& d);

}  // namespace tokvec
