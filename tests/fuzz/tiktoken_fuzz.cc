// libFuzzer target: a .tiktoken rank file ("base64 rank" lines) on arbitrary bytes, with
// r50k_base's pattern and special token; a file that loads must encode and decode sample texts.
#include <memory>

#include "fuzz.h"
#include "tokenizer/encodings.h"
#include "tokenizer/load.h"

using namespace tokvec;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const EncodingSpec& spec = encoding_spec("r50k_base");
  std::unique_ptr<Tokenizer> tokenizer;
  try {
    tokenizer = tokenizer_from_tiktoken(fuzz::as_text(data, size), spec.pattern, spec.special_tokens);
  } catch (const Error&) {
    return 0;
  }
  static const char* const kSamples[] = {"Hello, world! It's 2024.", "  héllo\tWörld\n日本語 🤗 x", "aaaaaaaaaaaa"};
  for (const char* sample : kSamples) {
    try {
      fuzz::encode_decode(*tokenizer, sample);
    } catch (const Error&) {
    }
  }
  return 0;
}
