// libFuzzer target: a SentencePiece .model (protobuf ModelProto) on arbitrary bytes, through
// tokenizer_from_sentencepiece; a model that loads must encode and decode sample texts.
#include <memory>

#include "fuzz.h"
#include "tokenizer/load.h"

using namespace tokvec;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::unique_ptr<Tokenizer> tokenizer;
  try {
    tokenizer = tokenizer_from_sentencepiece(fuzz::as_text(data, size));
  } catch (const Error&) {
    return 0;
  }
  static const char* const kSamples[] = {"Hello, world! It's 2024.", "  héllo\tWörld\n日本語 🤗 x", "▁▁ <s> </s> <unk>"};
  for (const char* sample : kSamples) {
    try {
      fuzz::encode_decode(*tokenizer, sample);
      fuzz::encode_decode(*tokenizer, sample, true);
    } catch (const Error&) {
    }
  }
  return 0;
}
