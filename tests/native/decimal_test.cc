// core/decimal against glibc, whose strtod, strtof and printf("%.*e") are correctly rounded: hard
// cases by hand (halfway points, range ends, digits past the 19th and the 800th), exact halfway
// points of random neighbours, and random decimal strings of every shape, bit for bit.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "core/decimal.h"

namespace tokvec {
namespace {

// Parses text with parse_decimal and strtod/strtof and expects the same bits and the same end.
void expect_as_strtod(const std::string& text) {
  const char* begin = text.c_str();
  double d = 1;
  char* want_end = nullptr;
  const double want = std::strtod(begin, &want_end);
  const char* end = parse_decimal(begin, begin + text.size(), d);
  ASSERT_EQ(end ? end : begin, want_end) << text;
  if (!end) return;
  ASSERT_EQ(std::bit_cast<uint64_t>(d), std::bit_cast<uint64_t>(want)) << text << ": " << d << " vs " << want;
  float f = 1;
  const float want_f = std::strtof(begin, &want_end);
  ASSERT_EQ(parse_decimal(begin, begin + text.size(), f), want_end) << text;
  ASSERT_EQ(std::bit_cast<uint32_t>(f), std::bit_cast<uint32_t>(want_f)) << text << ": " << f << " vs " << want_f;
}

std::string printed(const char* format, auto... args) {
  char text[1200];
  std::snprintf(text, sizeof text, format, args...);
  return text;
}

TEST(Decimal, HardCasesReadAsStrtodReadsThem) {
  const char* cases[] = {
      "0", "-0", "0.0", "-0e10", "0e-99999", "1", "-1", "+1", ".5", "5.", "1e0", "1E+2", "1e-2", "007",
      "9007199254740993",                  // 2^53 + 1: halfway, ties to even
      "9007199254740995",                  // 2^53 + 3: halfway, ties up
      "9007199254740993.0000000000000000000000000001",  // just above halfway, past the 19th digit
      "4.9406564584124654e-324",           // the smallest subnormal
      "2.4703282292062327e-324",           // half of it, rounds to even: zero
      "2.4703282292062328e-324",           // just above half: the smallest subnormal
      "2.2250738585072011e-308",           // the largest subnormal and the smallest normal around it
      "2.2250738585072014e-308", "2.2250738585072012e-308",
      "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308",  // the top and past it
      "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587"
      "207096330286416692887910943009238141695426689245004232601932187209519628657342003306342015405300"
      "1309614960649089478891718040219094013718917010004236000",   // max + half an ulp - 1: max
      "1e308", "1e309", "-1e400", "1e-324", "1e-400", "3e-324", "2e-324",
      "1.00000005960464477539062499", "1.000000059604644775390625", "1.00000005960464477539062501",  // f32 halfway at 1
      "3.4028235677973366e38", "3.4028235677973367e38", "3.40282356779733661637539395458142568448e38",  // f32 max + half ulp
      "1.1754943508222875e-38", "1.4012984643248171e-45", "7.006492321624085e-46", "7.006492321624086e-46",
      "0.1", "0.2", "0.3", "123456789012345678901234567890", "1234567890123456789e-30",
      "12345678901234567890", "1.2345678901234567890123456789e-300",
      "8.98846567431158e307", "4.4501477170144023e-308", "2.2250738585072011e-308",
      "0.000000000000000000000000000000000000000000000000000000000000000000000000000000001e100",
      "1e", "1e+", "2E-", "1.5e+x", "-.5e-3", "1.", "-.", ".", "-", "+", "", "e5", "x",
      "-0.0054697", "0.418", "-0.038194", "5.8212",
  };
  for (const char* text : cases) expect_as_strtod(text);
}

// 2^-1074 × m halfway points written with all their digits (up to 767), then nudged in the last
// place and past the 800th digit, which only the exact path sees.
TEST(Decimal, HalfwayPointsAndDigitsPastThe800thSeed7) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 600; ++i) {
    // Neighbours across the range, subnormals and range ends included.
    double d = std::bit_cast<double>(rng() & 0x7FEFFFFFFFFFFFFFull);
    if (i % 5 == 0) d = std::bit_cast<double>(rng() % 4096);
    if (i % 5 == 1) d = std::ldexp(1.0, static_cast<int>(rng() % 2098) - 1074);
    const double next = std::nextafter(d, INFINITY);
    if (std::isinf(next)) continue;
    const long double mid = (static_cast<long double>(d) + next) / 2;  // exact in x86's 64-bit significand
    const std::string exact = printed("%.780Le", mid);
    expect_as_strtod(exact);
    const size_t e = exact.find('e');
    expect_as_strtod(exact.substr(0, e) + std::string(40 + i % 200, '0') + "1" + exact.substr(e));
    std::string below = exact.substr(0, exact.find_last_not_of('0', e - 1) + 1);
    below.back() = static_cast<char>(below.back() - 1);  // then ...999: just below the midpoint
    expect_as_strtod(below + std::string(900, '9') + exact.substr(e));
    // float halfway points, exact in a double
    const float f = std::bit_cast<float>(static_cast<uint32_t>(rng() & 0x7F7FFFFF));
    const double fmid = (static_cast<double>(f) + std::nextafter(f, INFINITY)) / 2;
    const std::string fexact = printed("%.200e", fmid);
    expect_as_strtod(fexact);
    expect_as_strtod(fexact.substr(0, fexact.find('e')) + "0001" + fexact.substr(fexact.find('e')));
  }
}

TEST(Decimal, RandomDecimalStringsReadAsStrtodReadsThemSeed42) {
  std::mt19937_64 rng(42);
  for (int i = 0; i < 120000; ++i) {
    std::string text;
    switch (i % 6) {
      case 0: text = printed("%.17g", std::bit_cast<double>(rng() & 0x7FEFFFFFFFFFFFFFull)); break;
      case 1: text = printed("%.*g", static_cast<int>(1 + rng() % 16), std::bit_cast<double>(rng() & 0x7FEFFFFFFFFFFFFFull)); break;
      case 2: text = printed("%.9g", static_cast<double>(std::bit_cast<float>(static_cast<uint32_t>(rng() & 0x7F7FFFFF)))); break;
      case 3: text = printed("%.*e", static_cast<int>(rng() % 10), std::ldexp(static_cast<double>(rng() >> 11), static_cast<int>(rng() % 200) - 160)); break;
      default: {  // random digits, a point somewhere, a random exponent
        const int digits = 1 + static_cast<int>(rng() % (i % 6 == 4 ? 25 : 60));
        const int point = static_cast<int>(rng() % (digits + 1));
        if (rng() % 2) text += '-';
        for (int k = 0; k < digits; ++k) {
          if (k == point) text += '.';
          text += static_cast<char>('0' + rng() % 10);
        }
        text += printed("e%d", static_cast<int>(rng() % 760) - 380);
      }
    }
    expect_as_strtod(text);
  }
}

// The shortest digits read back, one digit fewer never does, and they are printf's correctly
// rounded digits at that precision (the closest), except at powers of two where the gap below is
// half the gap above and a farther number above may be the only one that reads back.
template <typename T>
void expect_shortest(T value) {
  const ShortestDecimal d = shortest_decimal(value);
  const std::string digits(d.digits, static_cast<size_t>(d.count));
  ASSERT_TRUE(d.count >= 1 && d.count <= (sizeof(T) == 8 ? 17 : 9)) << value;
  ASSERT_NE(digits.back(), '0') << value;
  const std::string text = std::string(d.negative ? "-" : "") + "0." + digits + "e" + std::to_string(d.exponent);
  T back;
  ASSERT_TRUE(parse_decimal(text.c_str(), text.c_str() + text.size(), back));
  ASSERT_EQ(back, value) << text;
  const auto reads_back = [&](int precision) {
    const std::string s = printed("%.*e", precision - 1, static_cast<double>(value));
    return (sizeof(T) == 8 ? std::strtod(s.c_str(), nullptr) : std::strtof(s.c_str(), nullptr)) == value;
  };
  int exponent2;
  if (std::frexp(value, &exponent2) != (value < 0 ? -0.5 : 0.5)) {
    if (d.count > 1) {
      ASSERT_FALSE(reads_back(d.count - 1)) << text;
    }
    const std::string want = printed("%.*e", d.count - 1, static_cast<double>(value));
    std::string want_digits;
    for (const char c : want.substr(0, want.find('e'))) {
      if (c >= '0' && c <= '9') want_digits += c;
    }
    while (want_digits.size() > 1 && want_digits.back() == '0') want_digits.pop_back();
    ASSERT_EQ(digits, want_digits) << want;
  }
}

TEST(Decimal, ShortestDigitsReadBackAndAreTheFewestSeed5) {
  std::mt19937_64 rng(5);
  for (int i = 0; i < 12000; ++i) {
    expect_shortest(std::bit_cast<double>((rng() & 0xFFEFFFFFFFFFFFFFull) | (i % 7 == 0 ? 0 : 1)));
    expect_shortest(std::bit_cast<float>(static_cast<uint32_t>(rng() & 0xFF7FFFFF) | 1));
  }
  for (int e = -1074; e < 1024; ++e) expect_shortest(std::ldexp(1.0, e));
  for (int e = -149; e < 128; ++e) expect_shortest(std::ldexp(1.0f, e));
  for (const double v : {0.1, 0.3, 1e23, 5e-324, 1.7976931348623157e308, 2.2250738585072014e-308, 9007199254740992.0,
                         123456.0, 0.000123, -2.5}) {
    expect_shortest(v);
  }
}

TEST(Decimal, ShortestDigitsOfKnownValues) {
  const auto text = [](auto value, int max_fixed) {
    std::string out;
    append_decimal(out, shortest_decimal(value), max_fixed);
    return out;
  };
  EXPECT_EQ(text(0.1, 15), "0.1");
  EXPECT_EQ(text(0.1f, 9), "0.1");
  EXPECT_EQ(text(1.0 / 3, 15), "0.3333333333333333");
  EXPECT_EQ(text(-2.5, 15), "-2.5");
  EXPECT_EQ(text(100.0, 15), "100");
  EXPECT_EQ(text(1e14, 15), "100000000000000");
  EXPECT_EQ(text(1e15, 15), "1e+15");
  EXPECT_EQ(text(123.456e10, 15), "1234560000000");
  EXPECT_EQ(text(1e23, 15), "1e+23");
  EXPECT_EQ(text(0.0001, 15), "0.0001");
  EXPECT_EQ(text(0.00001, 15), "1e-05");
  EXPECT_EQ(text(5e-324, 15), "5e-324");
  EXPECT_EQ(text(1.7976931348623157e308, 15), "1.7976931348623157e+308");
  EXPECT_EQ(text(1.4e-45f, 9), "1e-45");
  EXPECT_EQ(text(3.4028235e38f, 9), "3.4028235e+38");
  EXPECT_EQ(text(123456789.0f, 9), "123456790");
  EXPECT_EQ(text(1234567890.0f, 9), "1.234568e+09");
  EXPECT_EQ(text(-12.345678f, 9), "-12.345678");
}

TEST(Decimal, DecimalTextNamesEveryDoubleAndReadsBackSeed9) {
  EXPECT_EQ(decimal_text(std::nan("")), "nan");
  EXPECT_EQ(decimal_text(HUGE_VAL), "inf");
  EXPECT_EQ(decimal_text(-HUGE_VAL), "-inf");
  EXPECT_EQ(decimal_text(0.0), "0");
  EXPECT_EQ(decimal_text(-0.0), "-0");
  EXPECT_EQ(decimal_text(-1.0), "-1");
  EXPECT_EQ(decimal_text(0.001), "0.001");
  EXPECT_EQ(decimal_text(1e20), "100000000000000000000");
  EXPECT_EQ(decimal_text(1e21), "1e+21");
  std::mt19937_64 rng(9);
  for (int i = 0; i < 2000; ++i) {
    const double value = std::bit_cast<double>(rng() & 0xFFEFFFFFFFFFFFFFull);
    if (value == 0) continue;
    const std::string text = decimal_text(value);
    ASSERT_EQ(std::bit_cast<uint64_t>(std::strtod(text.c_str(), nullptr)), std::bit_cast<uint64_t>(value)) << text;
  }
}

}  // namespace
}  // namespace tokvec
