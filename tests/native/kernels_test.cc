// The scalar kernels against long-double references over n = 0..67 and start offsets 0..3, at
// the tolerance kernels.h states; f16/bf16 widening against values checkable by hand. (The SIMD
// kernels are checked against these scalar ones by tests/native/wasm/kernels_wasm_check.cc.)
#include "kernels/kernels.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

namespace tokvec::kernels {
namespace {

constexpr size_t kMaxN = 67, kMaxOffset = 3;
constexpr double kUnit = 0x1p-24;  // f32 unit roundoff

struct Inputs {
  std::vector<float> a, b;
  std::vector<int8_t> ia, ib;
  explicit Inputs(uint32_t seed) : a(kMaxN + kMaxOffset), b(kMaxN + kMaxOffset), ia(a.size()), ib(a.size()) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> real(-3.0f, 3.0f);
    std::uniform_int_distribution<int> byte(-128, 127);
    for (size_t i = 0; i < a.size(); ++i) {
      a[i] = real(rng);
      b[i] = real(rng);
      ia[i] = static_cast<int8_t>(byte(rng));
      ib[i] = static_cast<int8_t>(byte(rng));
    }
  }
};

TEST(Kernels, DotIsWithinTheStatedBoundOfExactArithmetic) {
  for (uint32_t seed = 1; seed <= 5; ++seed) {
    Inputs in(seed);
    for (size_t n = 0; n <= kMaxN; ++n) {
      for (size_t offset = 0; offset <= kMaxOffset; ++offset) {
        const float* a = in.a.data() + offset;
        const float* b = in.b.data() + (kMaxOffset - offset);
        long double exact = 0, magnitude = 0;
        for (size_t i = 0; i < n; ++i) {
          exact += static_cast<long double>(a[i]) * b[i];
          magnitude += std::fabs(static_cast<long double>(a[i]) * b[i]);
        }
        const double bound = 1.01 * (n + 1) * kUnit * static_cast<double>(magnitude);
        EXPECT_LE(std::fabs(dot_scalar(a, b, n) - static_cast<double>(exact)), bound) << "n=" << n << " offset=" << offset;
        EXPECT_EQ(dot(a, b, n), dot_scalar(a, b, n));
      }
    }
  }
}

TEST(Kernels, SquaredL2AndCosineAreWithinTheStatedBound) {
  Inputs in(7);
  for (size_t n = 0; n <= kMaxN; ++n) {
    for (size_t offset = 0; offset <= kMaxOffset; ++offset) {
      const float* a = in.a.data() + offset;
      const float* b = in.b.data() + (kMaxOffset - offset);
      long double l2 = 0, ab = 0, aa = 0, bb = 0;
      for (size_t i = 0; i < n; ++i) {
        const long double d = static_cast<long double>(a[i]) - b[i];
        l2 += d * d;
        ab += static_cast<long double>(a[i]) * b[i];
        aa += static_cast<long double>(a[i]) * a[i];
        bb += static_cast<long double>(b[i]) * b[i];
      }
      // Each difference is rounded once (relative 2⁻²⁴), then the sum as for dot.
      EXPECT_LE(std::fabs(l2_squared_scalar(a, b, n) - static_cast<double>(l2)), 1.01 * (n + 3) * kUnit * static_cast<double>(l2))
          << "n=" << n;
      const double cos = n == 0 ? 0.0 : static_cast<double>(ab / std::sqrt(aa * bb));
      // Three sums within n·u of their magnitudes, |ab| ≤ √(aa·bb): the cosine is within ~2n·u.
      EXPECT_NEAR(cosine_scalar(a, b, n), cos, 1.01 * (2 * n + 6) * kUnit) << "n=" << n;
    }
  }
}

TEST(Kernels, CosineOfAZeroVectorIsZero) {
  const float zero[5] = {0, 0, 0, 0, 0}, one[5] = {1, 2, 3, 4, 5};
  EXPECT_EQ(cosine_scalar(zero, one, 5), 0.0f);
  EXPECT_FLOAT_EQ(cosine_scalar(one, one, 5), 1.0f);
}

TEST(Kernels, Int8DotIsExact) {
  for (uint32_t seed = 1; seed <= 3; ++seed) {
    Inputs in(seed);
    for (size_t n = 0; n <= kMaxN; ++n) {
      for (size_t offset = 0; offset <= kMaxOffset; ++offset) {
        int64_t exact = 0;
        for (size_t i = 0; i < n; ++i) exact += int64_t{in.ia[offset + i]} * in.ib[kMaxOffset - offset + i];
        EXPECT_EQ(dot_i8_scalar(in.ia.data() + offset, in.ib.data() + kMaxOffset - offset, n), exact);
      }
    }
  }
  // The largest products at the longest supported length stay exact.
  std::vector<int8_t> x(65536, -128);
  EXPECT_EQ(dot_i8(x.data(), x.data(), x.size()), int32_t{1} << 30);
}

// Rows start at any byte offset (row r at offset + r·n), so every row is misaligned somewhere.
TEST(Kernels, Int8RowDotsAreExact) {
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> byte(-128, 127);
  constexpr size_t kMaxCount = 9;
  std::vector<int8_t> query(kMaxN + kMaxOffset), rows((kMaxN + 1) * kMaxCount + kMaxOffset);
  for (auto& v : query) v = static_cast<int8_t>(byte(rng));
  for (auto& v : rows) v = static_cast<int8_t>(byte(rng));
  std::vector<int32_t> out(kMaxCount + 1);
  for (size_t n = 0; n <= kMaxN; ++n) {
    for (size_t offset = 0; offset <= kMaxOffset; ++offset) {
      for (size_t count = 0; count <= kMaxCount; ++count) {
        out[count] = -1;  // must stay: only `count` dots are written
        const int8_t* q = query.data() + offset;
        const int8_t* r = rows.data() + kMaxOffset - offset;
        dot_i8_rows(q, r, n, count, out.data());
        for (size_t k = 0; k < count; ++k) {
          int64_t exact = 0;
          for (size_t i = 0; i < n; ++i) exact += int64_t{q[i]} * r[k * n + i];
          EXPECT_EQ(out[k], exact) << "n=" << n << " offset=" << offset << " count=" << count << " row " << k;
        }
        EXPECT_EQ(out[count], -1) << "n=" << n << " count=" << count;
      }
    }
  }
}

// The f32 scan scores rows with dot_f32_rows and the int8 re-rank with dot: both must give the
// same float for a row, at every length, offset and row count, and write only `count` dots.
TEST(Kernels, F32RowDotsEqualDotBitForBit) {
  std::mt19937 rng(13);
  std::uniform_real_distribution<float> real(-3.0f, 3.0f);
  constexpr size_t kMaxCount = 9;
  std::vector<float> query(kMaxN + kMaxOffset), rows((kMaxN + 1) * kMaxCount + kMaxOffset);
  for (auto& v : query) v = real(rng);
  for (auto& v : rows) v = real(rng);
  std::vector<float> out(kMaxCount + 1);
  for (size_t n = 0; n <= kMaxN; ++n) {
    for (size_t offset = 0; offset <= kMaxOffset; ++offset) {
      for (size_t count = 0; count <= kMaxCount; ++count) {
        out[count] = -1.0f;
        const float* q = query.data() + offset;
        const float* r = rows.data() + kMaxOffset - offset;
        dot_f32_rows(q, r, n, count, out.data());
        for (size_t k = 0; k < count; ++k) {
          EXPECT_EQ(bit_cast<uint32_t>(out[k]), bit_cast<uint32_t>(dot(r + k * n, q, n)))
              << "n=" << n << " offset=" << offset << " count=" << count << " row " << k;
        }
        EXPECT_EQ(out[count], -1.0f) << "n=" << n << " count=" << count;
      }
    }
  }
}

TEST(Kernels, F16WideningMatchesHandCheckedValues) {
  // (bits, value): 1.0 = 0 01111 0000000000; the largest finite 65504; the smallest subnormal 2⁻²⁴.
  const std::pair<uint16_t, float> cases[] = {
      {0x3c00, 1.0f},        {0xc000, -2.0f},       {0x3555, 0.333251953125f}, {0x7bff, 65504.0f},
      {0x0001, 0x1p-24f},    {0x03ff, 1023 * 0x1p-24f}, {0x0400, 0x1p-14f},  {0x0000, 0.0f},
      {0x7c00, std::numeric_limits<float>::infinity()}, {0xfc00, -std::numeric_limits<float>::infinity()},
  };
  for (auto [bits, value] : cases) {
    EXPECT_EQ(f16_to_f32(bits), value) << std::hex << bits;
  }
  EXPECT_TRUE(std::signbit(f16_to_f32(0x8000)));
  EXPECT_TRUE(std::isnan(f16_to_f32(0x7e00)));
  // Every finite pattern against the definition (−1)^s · 2^(e−15) · (1 + m/1024), subnormals 2⁻¹⁴ · m/1024.
  std::vector<uint16_t> all(65536);
  std::vector<float> wide(65536);
  for (uint32_t i = 0; i < 65536; ++i) all[i] = static_cast<uint16_t>(i);
  widen_f16(all.data(), wide.data(), all.size());
  for (uint32_t h = 0; h < 65536; ++h) {
    const int e = (h >> 10) & 31, m = h & 1023;
    if (e == 31) continue;
    const double magnitude = e == 0 ? std::ldexp(m / 1024.0, -14) : std::ldexp(1 + m / 1024.0, e - 15);
    ASSERT_EQ(wide[h], static_cast<float>((h & 0x8000) ? -magnitude : magnitude)) << std::hex << h;
  }
}

TEST(Kernels, Bf16WideningIsTheTopHalfOfAnF32) {
  const float values[] = {1.0f, -2.5f, 3.140625f, 1e30f, -0.0f};
  for (float v : values) {
    uint32_t bits;
    std::memcpy(&bits, &v, 4);
    const uint16_t top = static_cast<uint16_t>(bits >> 16);
    float out;
    widen_bf16(&top, &out, 1);
    EXPECT_EQ(out, bit_cast<float>(bits & 0xffff0000u)) << v;
  }
}

}  // namespace
}  // namespace tokvec::kernels
