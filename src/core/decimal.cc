// Exact decimal <-> binary conversions (see decimal.h). Semantics as strtod and Ryu; the code is
// Clinger's fast path plus exact big-integer arithmetic (Steele & White / Burger & Dybvig for the
// shortest digits), chosen for size over speed where numbers are rare.
#include "core/decimal.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/cold.h"

namespace tokvec {
namespace {

// 10^0 .. 10^22 are exact doubles (5^22 < 2^53), 10^0 .. 10^10 exact floats (5^10 < 2^24).
constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
constexpr float kPow10f[] = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};

inline bool is_digit(char c) { return static_cast<unsigned char>(c - '0') < 10; }

// What one pass over a number's text finds.
struct Scanned {
  const char* end = nullptr;  // after the number; nullptr when none starts there
  const char* digits = nullptr;      // the significand's digits and point: [digits, digits_end)
  const char* digits_end = nullptr;
  uint64_t w = 0;     // its first 19 significant digits ...
  int64_t q = 0;      // ... times 10^q is the value, unless a nonzero digit came after them
  int64_t exponent = 0;
  bool truncated = false;
  bool negative = false;
};

// Inlined into the float parser, which the embedding loaders call per value: a call returning
// Scanned through memory made GloVe loading 20% slower. The double parser (JSON numbers) calls
// scan_for_size below.
[[gnu::always_inline]] inline Scanned scan(const char* p, const char* end) {
  Scanned s;
  if (p < end && (*p == '-' || *p == '+')) {
    s.negative = *p == '-';
    ++p;
  }
  s.digits = p;
  int kept = 0;
  bool any = false;
  for (; p < end && is_digit(*p); ++p) {
    any = true;
    if (kept < 19) {
      s.w = s.w * 10 + static_cast<unsigned>(*p - '0');
      kept += s.w != 0;
    } else {
      ++s.q;
      s.truncated |= *p != '0';
    }
  }
  if (p < end && *p == '.') {
    for (++p; p < end && is_digit(*p); ++p) {
      any = true;
      if (kept < 19) {
        s.w = s.w * 10 + static_cast<unsigned>(*p - '0');
        kept += s.w != 0;
        --s.q;
      } else {
        s.truncated |= *p != '0';
      }
    }
  }
  if (!any) return s;
  s.digits_end = p;
  if (p < end && (*p == 'e' || *p == 'E')) {  // "1e" and "1e+" end before the 'e', as in strtod
    const char* e = p + 1;
    const bool negative = e < end && *e == '-';
    if (e < end && (*e == '-' || *e == '+')) ++e;
    if (e < end && is_digit(*e)) {
      for (; e < end && is_digit(*e); ++e) {
        if (s.exponent < 100000000) s.exponent = s.exponent * 10 + (*e - '0');
      }
      if (negative) s.exponent = -s.exponent;
      p = e;
    }
  }
  s.q += s.exponent;
  s.end = p;
  return s;
}

// The exact paths run for few numbers: built for size (core/cold.h).
TOKVEC_COLD_BEGIN

Scanned scan_for_size(const char* p, const char* end) { return scan(p, end); }

// An unsigned integer of up to 130 × 32 bits, least significant limb first. The largest number
// the conversions build is below 2^3800 (a 10^1124 divisor shifted by 56 bits, see round_exact).
class Big {
 public:
  explicit Big(uint64_t v = 0) {
    for (; v; v >>= 32) limb_[n_++] = static_cast<uint32_t>(v);
  }
  Big(const Big& other) { *this = other; }
  Big& operator=(const Big& other) {
    n_ = other.n_;
    std::memcpy(limb_, other.limb_, sizeof(uint32_t) * static_cast<size_t>(n_));
    return *this;
  }

  bool is_zero() const { return n_ == 0; }
  int bit_length() const { return n_ == 0 ? 0 : 32 * n_ - __builtin_clz(limb_[n_ - 1]); }

  // this = this × m + a
  void mul_add(uint32_t m, uint32_t a = 0) {
    uint64_t carry = a;
    for (int i = 0; i < n_; ++i) {
      const uint64_t t = uint64_t{limb_[i]} * m + carry;
      limb_[i] = static_cast<uint32_t>(t);
      carry = t >> 32;
    }
    if (carry) limb_[n_++] = static_cast<uint32_t>(carry);
  }

  void mul_pow10(int64_t k) {
    for (; k >= 9; k -= 9) mul_add(1000000000);
    uint32_t m = 1;
    for (; k > 0; --k) m *= 10;
    mul_add(m);
  }

  void shift_left(int64_t bits) {
    if (n_ == 0) return;
    const int words = static_cast<int>(bits >> 5), shift = static_cast<int>(bits & 31);
    if (shift) {
      uint32_t carry = 0;
      for (int i = 0; i < n_; ++i) {
        const uint32_t v = limb_[i];
        limb_[i] = (v << shift) | carry;
        carry = v >> (32 - shift);
      }
      if (carry) limb_[n_++] = carry;
    }
    if (words) {
      std::memmove(limb_ + words, limb_, sizeof(uint32_t) * static_cast<size_t>(n_));
      std::memset(limb_, 0, sizeof(uint32_t) * static_cast<size_t>(words));
      n_ += words;
    }
  }

  void add(const Big& b) {
    uint64_t carry = 0;
    int i = 0;
    for (; i < b.n_ || (carry && i < n_); ++i) {
      const uint64_t t = uint64_t{i < n_ ? limb_[i] : 0} + (i < b.n_ ? b.limb_[i] : 0) + carry;
      limb_[i] = static_cast<uint32_t>(t);
      carry = t >> 32;
    }
    if (i > n_) n_ = i;
    if (carry) limb_[n_++] = 1;
  }

  // this -= b, where this >= b
  void sub(const Big& b) {
    int64_t borrow = 0;
    for (int i = 0; i < n_ && (i < b.n_ || borrow); ++i) {
      const int64_t t = int64_t{limb_[i]} - (i < b.n_ ? b.limb_[i] : 0) - borrow;
      limb_[i] = static_cast<uint32_t>(t);
      borrow = t < 0;
    }
    while (n_ > 0 && limb_[n_ - 1] == 0) --n_;
  }

  friend int compare(const Big& a, const Big& b) {
    if (a.n_ != b.n_) return a.n_ < b.n_ ? -1 : 1;
    for (int i = a.n_ - 1; i >= 0; --i) {
      if (a.limb_[i] != b.limb_[i]) return a.limb_[i] < b.limb_[i] ? -1 : 1;
    }
    return 0;
  }

 private:
  int n_ = 0;
  uint32_t limb_[130];
};

// An IEEE binary format: P significand bits (with the implicit one), the exponent of the
// smallest subnormal's one bit, and the decimal exponents n (value in [10^(n-1), 10^n)) beyond
// which every value is infinite or rounds to zero.
struct Format {
  int precision;
  int min_exponent;
  int64_t max_n;  // n > max_n: infinite
  int64_t min_n;  // n <= min_n: below half the smallest subnormal, zero
  uint64_t infinity;
};
constexpr Format kDouble{53, -1074, 309, -324, uint64_t{0x7FF} << 52};
constexpr Format kFloat{24, -149, 39, -46, uint64_t{0xFF} << 23};

// The bits (sign aside) of the value of s's text correctly rounded to format f, exactly: the
// significand's digits as one integer D (the first 800, then a 1 for any nonzero digit after
// them: a halfway point between two doubles has at most 767 significant digits, so the 1 stands
// in for all of them) and x = D × 10^q = a / b, then the quotient's top P + 1 bits by long
// division, the last of them and the remainder rounding half to even.
uint64_t round_exact(const Scanned& s, const Format& f) {
  constexpr int64_t kMaxDigits = 800;
  Big a;
  uint32_t chunk = 0, chunk_scale = 1;
  int64_t significant = 0, fraction = 0;
  bool after_point = false, sticky = false;
  for (const char* p = s.digits; p < s.digits_end; ++p) {
    if (*p == '.') {
      after_point = true;
      continue;
    }
    fraction += after_point;
    if (significant == 0 && *p == '0') continue;
    if (++significant > kMaxDigits) {
      sticky |= *p != '0';
      continue;
    }
    chunk = chunk * 10 + static_cast<uint32_t>(*p - '0');
    chunk_scale *= 10;
    if (chunk_scale == 1000000000) {
      a.mul_add(chunk_scale, chunk);
      chunk = 0;
      chunk_scale = 1;
    }
  }
  a.mul_add(chunk_scale, chunk);
  if (significant == 0) return 0;
  const int64_t n = significant + s.exponent - fraction;
  if (n > f.max_n) return f.infinity;
  if (n <= f.min_n) return 0;
  int64_t q = s.exponent - fraction + (significant > kMaxDigits ? significant - kMaxDigits : 0);
  if (sticky) {
    a.mul_add(10, 1);
    --q;
  }
  Big b(1);
  if (q >= 0) {
    a.mul_pow10(q);
  } else {
    b.mul_pow10(-q);
  }
  // x = a / b lies in (2^(k-1), 2^(k+1)); Q = floor(x / 2^e) then has at most P + 2 bits, and at
  // least P + 1 unless the value is subnormal (e is at least min_exponent - 1).
  const int k = a.bit_length() - b.bit_length();
  int e = std::max(k - 1 - f.precision, f.min_exponent - 1);
  if (e < 0) {
    a.shift_left(-e);
  } else {
    b.shift_left(e);
  }
  b.shift_left(f.precision + 1);
  uint64_t quotient = 0;
  for (int i = 0; i < f.precision + 2; ++i) {
    quotient <<= 1;
    if (compare(a, b) >= 0) {
      a.sub(b);
      quotient |= 1;
    }
    a.shift_left(1);
  }
  bool inexact = !a.is_zero();
  if (quotient >> (f.precision + 1)) {
    inexact |= quotient & 1;
    quotient >>= 1;
    ++e;
  }
  uint64_t m = quotient >> 1;
  if ((quotient & 1) && (inexact || (m & 1))) ++m;
  // m × 2^(e + 1): a significand that rounding carried to 2^P moves into the exponent field.
  const uint64_t bits = (static_cast<uint64_t>(e + 1 - f.min_exponent) << (f.precision - 1)) + m;
  return bits < f.infinity ? bits : f.infinity;
}

// Burger & Dybvig's free-format digits of f × 2^e: v = r / s, the boundaries halfway to the
// neighbouring values are v + m_plus / s and v - m_minus / s, and they read back as v when f is
// even (round half to even). A digit is final as soon as the digits so far, or they with the last
// one raised, lie within the boundaries; of the two, the closer one.
ShortestDecimal shortest(bool negative, uint64_t f, int e, bool lower_gap_halved) {
  const bool even = (f & 1) == 0;
  Big r(f), s(1), m_plus(1), m_minus(1);
  const int scale = lower_gap_halved ? 2 : 1;
  r.shift_left(scale);
  s.shift_left(scale);
  m_plus.shift_left(scale - 1);
  if (e >= 0) {
    r.shift_left(e);
    m_plus.shift_left(e);
    m_minus.shift_left(e);
  } else {
    s.shift_left(-e);
  }
  // k starts at ceil(log10(2^(bit length - 1))), at most ceil(log10(v)).
  int k = static_cast<int>(std::ceil((e + 63 - __builtin_clzll(f)) * 0.30102999566398114));
  if (k >= 0) {
    s.mul_pow10(k);
  } else {
    r.mul_pow10(-k);
    m_plus.mul_pow10(-k);
    m_minus.mul_pow10(-k);
  }
  const auto reaches_high = [&] {
    Big high = r;
    high.add(m_plus);
    const int c = compare(high, s);
    return even ? c >= 0 : c > 0;
  };
  while (reaches_high()) {
    s.mul_add(10);
    ++k;
  }
  ShortestDecimal out{};
  out.negative = negative;
  out.exponent = k;
  for (;;) {
    r.mul_add(10);
    m_plus.mul_add(10);
    m_minus.mul_add(10);
    int digit = 0;
    for (; compare(r, s) >= 0; ++digit) r.sub(s);
    const int c = compare(r, m_minus);
    const bool low = even ? c <= 0 : c < 0;
    const bool high = reaches_high();
    if (low && high) {
      Big twice = r;
      twice.shift_left(1);
      const int half = compare(twice, s);
      digit += half > 0 || (half == 0 && (digit & 1));
    } else if (high) {
      ++digit;
    }
    out.digits[out.count++] = static_cast<char>('0' + digit);
    if (low || high) return out;
  }
}

TOKVEC_COLD_END

}  // namespace

const char* parse_decimal(const char* begin, const char* end, double& out) {
  const Scanned s = scan_for_size(begin, end);
  if (!s.end) return nullptr;
  double v;
  if (s.w == 0) {
    v = 0;
  } else if (!s.truncated && s.w <= uint64_t{1} << 53 && s.q >= -22 && s.q <= 22) {
    // Clinger: w and 10^|q| are exact doubles, so one IEEE operation rounds once, correctly.
    v = s.q < 0 ? static_cast<double>(s.w) / kPow10[-s.q] : static_cast<double>(s.w) * kPow10[s.q];
  } else {
    v = __builtin_bit_cast(double, round_exact(s, kDouble));
  }
  out = s.negative ? -v : v;
  return s.end;
}

const char* parse_decimal(const char* begin, const char* end, float& out) {
  const Scanned s = scan(begin, end);
  if (!s.end) return nullptr;
  float v;
  if (s.w == 0) {
    v = 0;
  } else if (!s.truncated && s.w < uint64_t{1} << 24 && s.q >= -10 && s.q <= 10) {
    v = s.q < 0 ? static_cast<float>(s.w) / kPow10f[-s.q] : static_cast<float>(s.w) * kPow10f[s.q];
  } else if (!s.truncated && s.w <= uint64_t{1} << 53 && s.q >= -22 && s.q <= 22) {
    // The correctly rounded double d lies in [1e-22, 1e38], where floats are normal: d rounds to
    // the correctly rounded float unless it is a float halfway point itself (its 29 bits below a
    // float's significand are 1000…0), which the decimal may lie either side of.
    const double d = s.q < 0 ? static_cast<double>(s.w) / kPow10[-s.q] : static_cast<double>(s.w) * kPow10[s.q];
    v = (__builtin_bit_cast(uint64_t, d) & 0x1FFFFFFF) != 0x10000000
            ? static_cast<float>(d)
            : __builtin_bit_cast(float, static_cast<uint32_t>(round_exact(s, kFloat)));
  } else {
    v = __builtin_bit_cast(float, static_cast<uint32_t>(round_exact(s, kFloat)));
  }
  out = s.negative ? -v : v;
  return s.end;
}

TOKVEC_COLD_BEGIN

ShortestDecimal shortest_decimal(double value) {
  const uint64_t bits = __builtin_bit_cast(uint64_t, value);
  const uint64_t fraction = bits & ((uint64_t{1} << 52) - 1);
  const int biased = static_cast<int>(bits >> 52) & 0x7FF;
  if (biased == 0) return shortest(bits >> 63, fraction, -1074, false);
  return shortest(bits >> 63, fraction | uint64_t{1} << 52, biased - 1075, fraction == 0 && biased > 1);
}

ShortestDecimal shortest_decimal(float value) {
  const uint32_t bits = __builtin_bit_cast(uint32_t, value);
  const uint32_t fraction = bits & ((1u << 23) - 1);
  const int biased = static_cast<int>(bits >> 23) & 0xFF;
  if (biased == 0) return shortest(bits >> 31, fraction, -149, false);
  return shortest(bits >> 31, fraction | 1u << 23, biased - 150, fraction == 0 && biased > 1);
}

void append_decimal(std::string& out, const ShortestDecimal& d, int max_fixed_exponent) {
  if (d.negative) out += '-';
  const std::string_view digits(d.digits, static_cast<size_t>(d.count));
  const int n = d.exponent, k = d.count;
  if (k <= n && n <= max_fixed_exponent) {
    out += digits;
    out.append(static_cast<size_t>(n - k), '0');
  } else if (0 < n && n <= max_fixed_exponent) {
    out += digits.substr(0, static_cast<size_t>(n));
    out += '.';
    out += digits.substr(static_cast<size_t>(n));
  } else if (-4 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<size_t>(-n), '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out += digits.substr(1);
    }
    const int x = n - 1;
    out += x < 0 ? "e-" : "e+";
    const int magnitude = x < 0 ? -x : x;
    if (magnitude < 10) out += '0';
    out += std::to_string(magnitude);
  }
}

std::string decimal_text(double value) {
  if (std::isnan(value)) return "nan";
  if (value == 0) return std::signbit(value) ? "-0" : "0";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  std::string out;
  append_decimal(out, shortest_decimal(value), 21);
  return out;
}

TOKVEC_COLD_END

}  // namespace tokvec
