// A decimal → f32 parser for embedding text files, exact (correctly rounded, as strtof) and fast
// on the forms GloVe and word2vec write: [-]digits[.digits][e[±]digits].
//
// Fast path: up to 19 significant digits in a uint64 mantissa m and a decimal exponent e; when
// m < 2²⁴ and |e| ≤ 10, both m and 10^|e| are exact floats, so one IEEE multiply or divide gives
// the correctly rounded result (Clinger 1990). GloVe's numbers ("-0.038194", "5.8212") all take
// it. Anything else (longer mantissas, large exponents) goes to strtof, which glibc and musl round
// correctly. Not accepted: "nan", "inf", hex floats, leading or trailing spaces, an empty field.
#pragma once

#include <cstddef>

namespace tokvec {

// Parses [begin, end) as a whole; false when it is not a decimal number or overflows f32.
bool parse_decimal_float(const char* begin, const char* end, float& out);

// Parses the longest decimal number at the start of [begin, end) and returns the byte after it,
// or nullptr when there is none there or it overflows f32. Lets a caller walk a line in one pass.
const char* parse_decimal_float_prefix(const char* begin, const char* end, float& out);

}  // namespace tokvec
