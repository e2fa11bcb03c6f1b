// Decimal text <-> IEEE binary floating point, exact both ways, without libc. parse_decimal reads a
// decimal number correctly rounded (round half to even), as glibc's strtod and strtof do;
// shortest_decimal gives the fewest significant digits that read back as the same value, the
// closest of them to it (the digits of Python's repr, JavaScript's Number#toString, Ryu and
// serde_json). The core's wasm uses these instead of musl's strtod and printf("%e"), which compute
// in 128-bit long double and bring its software arithmetic (size budget, issue 7; libc_wasm.cc).
#pragma once

#include <cstdint>
#include <string>

namespace tokvec {

// Reads the longest decimal number at the start of [begin, end), [+-]digits[.digits][(e|E)[+-]digits]
// (".5" and "5." too), and returns the byte after it, or nullptr when none starts there. Values
// beyond the format's range are ±infinity and values below half its smallest subnormal ±0, as
// strtod gives them. Not read: leading spaces, "inf", "nan", hex floats.
const char* parse_decimal(const char* begin, const char* end, double& out);
const char* parse_decimal(const char* begin, const char* end, float& out);

// value = ±0.d₁d₂…dₖ × 10^exponent with the fewest digits k that read back as value (≤ 17 for a
// double, ≤ 9 for a float), and of those the closest to value (ties to an even last digit).
// digits holds no trailing '0'. value must be finite and nonzero.
struct ShortestDecimal {
  char digits[17];
  int count;
  int exponent;
  bool negative;
};
ShortestDecimal shortest_decimal(double value);
ShortestDecimal shortest_decimal(float value);

// Appends d in fixed notation when -4 < d.exponent <= max_fixed_exponent ("0.00125", "1250",
// "12.5"), else as d.ddde±XX with at least two exponent digits ("1.25e-07", "1e+20"): printf's
// "%g" layout with the precision max_fixed_exponent, for the shortest digits.
void append_decimal(std::string& out, const ShortestDecimal& d, int max_fixed_exponent);

// Any double as a message quotes it: the shortest digits as append_decimal(…, 21) lays them out
// (fixed up to 1e20, as JavaScript prints numbers), "0", "-0", "inf", "-inf" or "nan". Error messages use this, not std::to_string(double): that is
// snprintf("%f"), which the core's wasm cannot format (libc_wasm.cc).
std::string decimal_text(double value);

}  // namespace tokvec
