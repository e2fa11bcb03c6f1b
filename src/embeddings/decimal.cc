// Exact decimal → f32 (see decimal.h).
#include "embeddings/decimal.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace tokvec {
namespace {

constexpr float kPow10[] = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};

inline bool is_digit(char c) { return static_cast<unsigned char>(c - '0') < 10; }

bool parse_slow(const char* begin, const char* end, float& out) {
  const std::string copy(begin, end);  // strtof needs a terminator
  char* stop = nullptr;
  const float v = std::strtof(copy.c_str(), &stop);
  if (stop != copy.c_str() + copy.size() || !std::isfinite(v)) return false;
  out = v;
  return true;
}

}  // namespace

bool parse_decimal_float(const char* begin, const char* end, float& out) {
  return parse_decimal_float_prefix(begin, end, out) == end && begin != end;
}

const char* parse_decimal_float_prefix(const char* begin, const char* end, float& out) {
  const char* p = begin;
  bool negative = false;
  if (p < end && (*p == '-' || *p == '+')) {
    negative = *p == '-';
    ++p;
  }
  uint64_t mantissa = 0;
  int digits = 0;  // significant digits kept in mantissa
  int exponent = 0;
  bool any_digit = false, dropped = false;
  for (; p < end && is_digit(*p); ++p) {
    any_digit = true;
    if (digits < 19) {
      mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
      if (mantissa) ++digits;
    } else {
      ++exponent;
      dropped |= *p != '0';
    }
  }
  if (p < end && *p == '.') {
    ++p;
    for (; p < end && is_digit(*p); ++p) {
      any_digit = true;
      if (digits < 19) {
        mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
        if (mantissa) ++digits;
        --exponent;
      } else {
        dropped |= *p != '0';
      }
    }
  }
  if (!any_digit) return nullptr;
  if (p < end && (*p == 'e' || *p == 'E')) {
    ++p;
    bool exp_negative = false;
    if (p < end && (*p == '-' || *p == '+')) {
      exp_negative = *p == '-';
      ++p;
    }
    if (p == end || !is_digit(*p)) return nullptr;
    int e = 0;
    for (; p < end && is_digit(*p); ++p) {
      if (e < 100000) e = e * 10 + (*p - '0');
    }
    exponent += exp_negative ? -e : e;
  }
  if (mantissa == 0) {
    out = negative ? -0.0f : 0.0f;
    return p;
  }
  if (!dropped && mantissa < (uint64_t{1} << 24) && exponent >= -10 && exponent <= 10) {
    const float m = static_cast<float>(mantissa);
    const float v = exponent < 0 ? m / kPow10[-exponent] : m * kPow10[exponent];
    out = negative ? -v : v;
    return p;
  }
  return parse_slow(begin, p, out) ? p : nullptr;
}

}  // namespace tokvec
