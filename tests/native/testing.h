// Helpers the native test files share: reading fixtures, catching a tokvec::Error's message, and a
// small hash for comparing long piece lists with goldens.
#pragma once

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "core/error.h"

namespace tokvec {

// The whole file; empty when it cannot be read (tests check for that and say which file).
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The message of the tokvec::Error f throws, or "" when it throws none.
template <class F>
std::string error_of(F f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

// FNV-1a over bytes, continuing from `hash`.
inline uint32_t fnv1a(uint32_t hash, std::string_view bytes) {
  for (const char c : bytes) hash = (hash ^ static_cast<uint8_t>(c)) * 16777619u;
  return hash;
}

}  // namespace tokvec
