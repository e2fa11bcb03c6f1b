// The out-of-line half of guarded(): sorting a caught exception into a TokvecError code and message.
#include "bindings/guarded.h"

#include <stdexcept>

namespace {

EM_JS(void, js_throw_tokvec_error, (const char* code, const char* message), {
  throw new Module.TokvecError(UTF8ToString(code), UTF8ToString(message));
});

// The message lives in statics so nothing is left to destroy when the JS exception unwinds
// through guarded()'s frame.
std::string recorded_code, recorded_message;

}  // namespace

namespace tokvec::binding {

void record_exception(const std::exception& e) {
  if (const auto* error = dynamic_cast<const tokvec::Error*>(&e)) {
    recorded_code = tokvec::error_code_name(error->code());
    recorded_message = error->what();
  } else if (dynamic_cast<const std::bad_alloc*>(&e)) {
    // operator new throws this when malloc returns null: with ALLOW_MEMORY_GROWTH a failed
    // memory.grow makes malloc return null rather than abort (Emscripten's ABORTING_MALLOC is off).
    recorded_code = tokvec::error_code_name(tokvec::ErrorCode::kLimit);
    recorded_message = "out of memory: wasm memory could not grow to fit an allocation (the limit is 4 GiB)";
  } else if (dynamic_cast<const std::length_error*>(&e)) {
    // A container asked for more elements than size_t can count (wasm32: 4 GiB).
    recorded_code = tokvec::error_code_name(tokvec::ErrorCode::kLimit);
    recorded_message = std::string("out of memory: an allocation larger than the 4 GiB address space (") + e.what() + ")";
  } else {
    recorded_code = "internal";
    recorded_message = std::string("internal error: ") + e.what();
  }
}

void throw_recorded_error() { throw_tokvec_error(recorded_code.c_str(), recorded_message.c_str()); }

void throw_tokvec_error(const char* code, const char* message) {
  js_throw_tokvec_error(code, message);
  __builtin_unreachable();
}

}  // namespace tokvec::binding
