// libFuzzer target: the NumPy .npy loader on arbitrary bytes, in one piece and streamed
// (embeddings_fuzz.h).
#include "embeddings_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return tokvec::fuzz::fuzz_embeddings(data, size, tokvec::EmbeddingFormat::kNpy);
}
