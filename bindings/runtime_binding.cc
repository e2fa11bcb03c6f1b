// Embind glue for what the module reports about itself (used by the lifecycle tests) and the
// resource limits it enforces (setLimits).
#include <emscripten/bind.h>
#include <malloc.h>

#include "bindings/guarded.h"
#include "core/limits.h"

namespace {

// Bytes of wasm heap currently allocated by malloc: the number a leak makes grow.
unsigned heap_in_use() { return static_cast<unsigned>(mallinfo().uordblks); }

// The caps of core/limits.h. Numbers cross as doubles (exact below 2^53); the JS wrapper checks
// them first.
void set_limits(double max_input_bytes, double max_vocab_size, double max_matrix_bytes) {
  tokvec::binding::guarded([&] {
    tokvec::set_limits({static_cast<uint64_t>(max_input_bytes), static_cast<uint64_t>(max_vocab_size),
                        static_cast<uint64_t>(max_matrix_bytes)});
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(tokvec_runtime) {
  emscripten::function("heapInUse", &heap_in_use);
  emscripten::function("setLimits", &set_limits);
}
