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
#include <exception>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace tokvec::binding {

// Raises a TokvecError (the class the JS wrapper handed to the module) in the calling JS frame.
[[noreturn]] void throw_tokvec_error(const char* code, const char* message);

// Records what a caught exception says (code and message) for throw_recorded_error. Call it
// inside the catch block that caught e: it rethrows e to tell the kinds apart.
void record_exception(const std::exception& e);

// Raises the TokvecError that record_exception stored.
[[noreturn]] void throw_recorded_error();

// Runs f; a C++ exception becomes a TokvecError. Only a one-line catch is instantiated per call
// site: telling the error kinds apart happens once, in record_exception, which keeps ~30 copies of
// the three-way catch and its string building out of the module. The JS error is raised after
// the catch block has ended, so no C++ exception object is alive when the JS exception unwinds
// through this frame.
template <class F>
auto guarded(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception& e) {
    record_exception(e);
  }
  throw_recorded_error();
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
