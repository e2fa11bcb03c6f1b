// libFuzzer target: a BERT vocab.txt (one token per line) on arbitrary bytes, through
// tokenizer_from_word_piece_vocab; a vocabulary that loads must encode, pair and decode samples.
#include <memory>

#include "fuzz.h"
#include "tokenizer/load.h"

using namespace tokvec;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  WordPieceVocabOptions options;
  options.lowercase = size % 2 == 0;
  std::unique_ptr<Tokenizer> tokenizer;
  try {
    tokenizer = tokenizer_from_word_piece_vocab(fuzz::as_text(data, size), options);
  } catch (const Error&) {
    return 0;
  }
  static const char* const kSamples[] = {"Hello, world! It's 2024.", "  héllo\tWörld\n日本語 🤗 x", "[CLS] unaffable [MASK]"};
  for (const char* sample : kSamples) {
    try {
      fuzz::encode_decode(*tokenizer, sample);
      fuzz::encode_decode(*tokenizer, sample, true);
      const Encoding pair = tokenizer->encode_pair(sample, "second");
      for (const uint32_t id : pair.ids) FUZZ_CHECK(id < tokenizer->vocab_size(), "pair id %u", id);
    } catch (const Error&) {
    }
  }
  return 0;
}
