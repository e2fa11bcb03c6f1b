// The wasm build's strtod, strtof, strtold and snprintf, in place of musl's (size budget, issue 7).
// musl reads decimals in 128-bit long double, and its snprintf formats floats the same way (fmt_fp):
// together with the software long-double arithmetic they need, 10 KB of the core's gzipped wasm.
// The core's own code calls core/decimal.h; these definitions serve what it cannot change, and
// because the link takes a symbol from the first library that defines it, musl's strtod.o and
// snprintf.o are never linked:
//   - nlohmann's lexer reads every JSON number with a fraction or exponent through strtod;
//   - libc++'s std::stof, stod and stold (in the same object as std::to_string) name all three;
//   - snprintf formats integers only ("<0x%02X>", nlohmann's "<U+%.4X>"): it is Emscripten's
//     integer-only vsniprintf, and a float conversion there would trap; the core formats floats
//     with shortest_decimal.
// Unlike libc's: the decimal forms of core/decimal.h only ("inf", "nan" and hex floats are not
// numbers), errno is ERANGE on overflow only. Native builds keep glibc's.
#if defined(__EMSCRIPTEN__)

#include <cerrno>
#include <cstdarg>
#include <cstddef>
#include <cstring>

#include "core/decimal.h"

extern "C" int vsniprintf(char* out, size_t size, const char* format, va_list args);

namespace {

template <typename T>
T read_decimal(const char* text, char** end) {
  const char* p = text;
  while (*p == ' ' || (*p >= '\t' && *p <= '\r')) ++p;
  T value = 0;
  const char* after = tokvec::parse_decimal(p, p + std::strlen(p), value);
  if (end) *end = const_cast<char*>(after ? after : text);
  if (after && (value - value) != 0) errno = ERANGE;  // ±infinity
  return value;
}

}  // namespace

extern "C" {

double strtod(const char* text, char** end) { return read_decimal<double>(text, end); }
float strtof(const char* text, char** end) { return read_decimal<float>(text, end); }
long double strtold(const char* text, char** end) { return read_decimal<double>(text, end); }

int snprintf(char* out, size_t size, const char* format, ...) {
  va_list args;
  va_start(args, format);
  const int n = vsniprintf(out, size, format, args);
  va_end(args);
  return n;
}

}  // extern "C"

#endif
