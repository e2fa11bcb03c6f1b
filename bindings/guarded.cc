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
  // Sorted by rethrowing inside the caller's catch block rather than by dynamic_cast: the wasm
  // build has no RTTI (size budget), and a catch clause still matches by type.
  try {
    throw;
  } catch (const tokvec::Error& error) {
    recorded_code = tokvec::error_code_name(error.code());
    recorded_message = error.what();
  } catch (const std::bad_alloc&) {
    // operator new throws this when malloc returns null: with ALLOW_MEMORY_GROWTH a failed
    // memory.grow makes malloc return null rather than abort (Emscripten's ABORTING_MALLOC is off).
    recorded_code = tokvec::error_code_name(tokvec::ErrorCode::kLimit);
    recorded_message = "out of memory: wasm memory could not grow to fit an allocation (the limit is 4 GiB)";
  } catch (const std::length_error&) {
    // A container asked for more elements than size_t can count (wasm32: 4 GiB).
    recorded_code = tokvec::error_code_name(tokvec::ErrorCode::kLimit);
    recorded_message = std::string("out of memory: an allocation larger than the 4 GiB address space (") + e.what() + ")";
  } catch (...) {
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
