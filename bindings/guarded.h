// What every Embind glue file shares: the one place C++ exceptions become JS errors, and views of
// the (pointer, length) arguments the JS wrapper passes.
//
// Calls are coarse and take only numbers: the JS wrapper writes text and arrays into wasm memory
// it owns and passes (pointer, length); results stay in the handle's buffers until the wrapper
// copies them out. Because no embind-marshalled string or val is alive when an error is rethrown,
// a failing call leaks nothing.
#pragma once

#include <emscripten/emscripten.h>

#include <cstdint>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace tokvec::binding {

// Raises a TokvecError (the class the JS wrapper handed to the module) in the calling JS frame.
[[noreturn]] void throw_tokvec_error(const char* code, const char* message);

// Runs f; a C++ exception becomes a TokvecError. The message lives in statics so nothing is
// left to destroy when the JS exception unwinds through this frame.
template <class F>
auto guarded(F&& f) -> decltype(f()) {
  static std::string code, message;
  try {
    return f();
  } catch (const tokvec::Error& e) {
    code = tokvec::error_code_name(e.code());
    message = e.what();
  } catch (const std::bad_alloc&) {
    code = tokvec::error_code_name(tokvec::ErrorCode::kLimit);
    message = "out of memory: wasm memory could not grow (the limit is 4 GiB)";
  } catch (const std::exception& e) {
    code = "internal";
    message = std::string("internal error: ") + e.what();
  }
  throw_tokvec_error(code.c_str(), message.c_str());
  __builtin_unreachable();
}

inline std::string_view view(uintptr_t ptr, uint32_t len) { return {reinterpret_cast<const char*>(ptr), len}; }

// A list of strings passed as one UTF-8 buffer and their byte lengths.
inline std::vector<std::string> string_list(uintptr_t bytes, uintptr_t lengths, uint32_t count) {
  std::vector<std::string> out;
  out.reserve(count);
  const auto* len = reinterpret_cast<const uint32_t*>(lengths);
  const char* p = reinterpret_cast<const char*>(bytes);
  for (uint32_t i = 0; i < count; ++i) {
    out.emplace_back(p, len[i]);
    p += len[i];
  }
  return out;
}

}  // namespace tokvec::binding
