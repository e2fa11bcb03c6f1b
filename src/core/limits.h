// Process-wide resource caps: what a hostile or mistaken input may make tokvec allocate or chew
// through in one call. Exceeding one is tokvec::Error(kLimit) naming the limit and the value,
// raised before the large allocation or the long loop starts, never an out-of-memory abort.
//
// Defaults fit the wasm heap (4 GiB at most) with room to spare, and are far above real files:
//   max_input_bytes   64 MiB   UTF-8 bytes of text per encode call (per text of a batch)
//   max_vocab_size    4 Mi     tokens of a tokenizer (one past its largest id) and words of an
//                              embeddings file (the largest real ones have ~2.2 M)
//   max_matrix_bytes  3 GiB    values of one embedding matrix (GloVe 840B, 2.2 M × 300 f32, is 2.6 GB)
// The JS API exposes them as setLimits / getLimits { maxInputBytes, maxVocabSize, maxMatrixBytes }.
#pragma once

#include <cstdint>
#include <string>

namespace tokvec {

struct Limits {
  uint64_t max_input_bytes = uint64_t{64} << 20;
  uint64_t max_vocab_size = uint64_t{4} << 20;
  uint64_t max_matrix_bytes = uint64_t{3} << 30;
};

// The limits in force. Reads and writes are atomic per field; set them before loading.
Limits limits();
// Replaces the limits; throws kInvalidArgument for a zero cap.
void set_limits(const Limits& limits);

// Throws kLimit when value > limit:
//   "<where>: <what> is <value>, more than maxInputBytes (67108864); raise it with setLimits"
void check_limit(const std::string& where, const char* what, uint64_t value, uint64_t limit, const char* limit_name);

inline void check_input_bytes(const char* where, uint64_t bytes) {
  check_limit(where, "the text's UTF-8 length in bytes", bytes, limits().max_input_bytes, "maxInputBytes");
}
inline void check_vocab_size(const std::string& where, uint64_t size) {
  check_limit(where, "the vocabulary size", size, limits().max_vocab_size, "maxVocabSize");
}

}  // namespace tokvec
