// Embind glue for what the module reports about itself (used by the lifecycle tests).
#include <emscripten/bind.h>
#include <malloc.h>

namespace {

// Bytes of wasm heap currently allocated by malloc: the number a leak makes grow.
unsigned heap_in_use() { return static_cast<unsigned>(mallinfo().uordblks); }

}  // namespace

EMSCRIPTEN_BINDINGS(tokvec_runtime) { emscripten::function("heapInUse", &heap_in_use); }
