// libFuzzer target: tokenizer_from_json on arbitrary bytes. A tokenizer that loads must then
// encode sample texts and decode arbitrary ids without breaking the invariants of fuzz.h.
#include <memory>
#include <vector>

#include "fuzz.h"
#include "tokenizer/load.h"

using namespace tokvec;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input = fuzz::as_text(data, size);
  std::unique_ptr<Tokenizer> tokenizer;
  try {
    tokenizer = tokenizer_from_json(input);
  } catch (const Error&) {
    return 0;
  }
  static const char* const kSamples[] = {"Hello, world! It's 2024.", "  héllo\tWörld\n日本語 🤗 x", "[CLS] <unk> <s>a</s>"};
  for (const char* sample : kSamples) {
    try {
      fuzz::encode_decode(*tokenizer, sample);
      fuzz::encode_decode(*tokenizer, sample, true);
    } catch (const Error&) {
    }
  }
  // Ids taken from the input's last bytes, some past the vocabulary: decode names those.
  std::vector<uint32_t> ids;
  for (size_t i = size > 16 ? size - 16 : 0; i < size; ++i) ids.push_back(data[i] % (tokenizer->vocab_size() + 2));
  try {
    const std::string text = tokenizer->decode(ids.data(), ids.size());
    FUZZ_CHECK(utf8::is_valid(text), "decode returned invalid UTF-8");
  } catch (const Error&) {
  }
  return 0;
}
