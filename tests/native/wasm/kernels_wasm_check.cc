// The wasm SIMD kernels against their scalar references, run under Node (GoogleTest does not
// build for wasm). kernels.h promises bit-identical results, so every comparison is exact.
//
//   NODE_PATH=/usr/share/nodejs em++ -std=c++20 -O2 -msimd128 -sSINGLE_FILE=1 -Isrc src/kernels/kernels.cc \
//     tests/native/wasm/kernels_wasm_check.cc -o /tmp/kernels_wasm_check.js
//   node /tmp/kernels_wasm_check.js     # exit status 0 = all agree
#include <cstdint>
#include <cstdio>
#include <random>
#include <vector>

#include "kernels/kernels.h"

#if !defined(__wasm_simd128__)
#error "build with -msimd128: this checks the SIMD kernels"
#endif

using namespace tokvec::kernels;

namespace {

int failures = 0;
int checks = 0;

void expect_same(float simd, float scalar, const char* kernel, size_t n, size_t offset) {
  ++checks;
  if (bit_cast<uint32_t>(simd) != bit_cast<uint32_t>(scalar)) {
    ++failures;
    std::printf("%s n=%zu offset=%zu: simd %.9g, scalar %.9g\n", kernel, n, offset, simd, scalar);
  }
}

}  // namespace

int main() {
  std::mt19937 rng(20240607);
  std::uniform_real_distribution<float> real(-2.0f, 2.0f);
  std::uniform_int_distribution<int> byte(-128, 127);
  std::uniform_int_distribution<int> half(0, 0xffff);

  constexpr size_t kMaxN = 67, kMaxOffset = 3, kSpace = kMaxN + kMaxOffset + 1;
  std::vector<float> a(kSpace), b(kSpace);
  std::vector<int8_t> ia(kSpace), ib(kSpace);
  std::vector<uint16_t> h(kSpace);
  std::vector<float> out_simd(kSpace), out_scalar(kSpace);
  for (int round = 0; round < 20; ++round) {
    for (size_t i = 0; i < kSpace; ++i) {
      a[i] = real(rng);
      b[i] = real(rng);
      ia[i] = static_cast<int8_t>(byte(rng));
      ib[i] = static_cast<int8_t>(byte(rng));
      h[i] = static_cast<uint16_t>(half(rng));
    }
    if (round == 1) {  // the int8 extremes
      for (size_t i = 0; i < kSpace; ++i) ia[i] = ib[i] = -128;
    }
    for (size_t n = 0; n <= kMaxN; ++n) {
      for (size_t offset = 0; offset <= kMaxOffset; ++offset) {
        const float* pa = a.data() + offset;
        const float* pb = b.data() + (kMaxOffset - offset);
        expect_same(dot_simd128(pa, pb, n), dot_scalar(pa, pb, n), "dot", n, offset);
        expect_same(l2_squared_simd128(pa, pb, n), l2_squared_scalar(pa, pb, n), "l2_squared", n, offset);
        expect_same(cosine_simd128(pa, pb, n), cosine_scalar(pa, pb, n), "cosine", n, offset);
        ++checks;
        const int32_t di_simd = dot_i8_simd128(ia.data() + offset, ib.data() + 1, n);
        const int32_t di_scalar = dot_i8_scalar(ia.data() + offset, ib.data() + 1, n);
        if (di_simd != di_scalar) {
          ++failures;
          std::printf("dot_i8 n=%zu offset=%zu: simd %d, scalar %d\n", n, offset, di_simd, di_scalar);
        }
        widen_f16_simd128(h.data() + offset, out_simd.data() + kMaxOffset - offset, n);
        widen_f16_scalar(h.data() + offset, out_scalar.data() + kMaxOffset - offset, n);
        for (size_t i = 0; i < n; ++i) {
          expect_same(out_simd[kMaxOffset - offset + i], out_scalar[kMaxOffset - offset + i], "widen_f16", n, offset);
        }
        widen_bf16_simd128(h.data() + offset, out_simd.data(), n);
        widen_bf16_scalar(h.data() + offset, out_scalar.data(), n);
        for (size_t i = 0; i < n; ++i) expect_same(out_simd[i], out_scalar[i], "widen_bf16", n, offset);
      }
    }
  }
  // One query against 0..9 rows (the 4-row blocks and the rows after them), rows at every offset;
  // n = 0..67 and lengths around 256, where the kernel switches to reading rows one by one.
  constexpr size_t kMaxCount = 9, kLongN = 319;
  std::vector<size_t> lengths;
  for (size_t n = 0; n <= kMaxN; ++n) lengths.push_back(n);
  for (size_t n : {255u, 256u, 257u, 263u, 300u, 319u}) lengths.push_back(n);
  std::vector<int8_t> iq(kLongN + kMaxOffset), rows((kLongN + 1) * kMaxCount + kMaxOffset);
  std::vector<int32_t> dots_simd(kMaxCount), dots_scalar(kMaxCount);
  for (int round = 0; round < 4; ++round) {
    for (auto& v : iq) v = static_cast<int8_t>(round == 1 ? -128 : byte(rng));
    for (auto& v : rows) v = static_cast<int8_t>(round == 1 ? -128 : byte(rng));
    for (size_t n : lengths) {
      for (size_t offset = 0; offset <= kMaxOffset; ++offset) {
        for (size_t count = 0; count <= kMaxCount; ++count) {
          dot_i8_rows_simd128(iq.data() + offset, rows.data() + kMaxOffset - offset, n, count, dots_simd.data());
          dot_i8_rows_scalar(iq.data() + offset, rows.data() + kMaxOffset - offset, n, count, dots_scalar.data());
          for (size_t k = 0; k < count; ++k) {
            ++checks;
            if (dots_simd[k] != dots_scalar[k]) {
              ++failures;
              std::printf("dot_i8_rows n=%zu offset=%zu count=%zu row %zu: simd %d, scalar %d\n", n, offset, count, k,
                          dots_simd[k], dots_scalar[k]);
            }
          }
        }
      }
    }
  }

  // The f32 row dots likewise, each row also against dot_simd128: the f32 scan scores rows with
  // dot_f32_rows and the int8 re-rank with dot, and both must give the same float for a row.
  std::vector<float> frows((kMaxN + 1) * kMaxCount + kMaxOffset);
  std::vector<float> fdots_simd(kMaxCount), fdots_scalar(kMaxCount);
  for (int round = 0; round < 4; ++round) {
    for (auto& v : a) v = real(rng);
    for (auto& v : frows) v = real(rng);
    for (size_t n = 0; n <= kMaxN; ++n) {
      for (size_t offset = 0; offset <= kMaxOffset; ++offset) {
        for (size_t count = 0; count <= kMaxCount; ++count) {
          const float* query = a.data() + offset;
          const float* r = frows.data() + kMaxOffset - offset;
          dot_f32_rows_simd128(query, r, n, count, fdots_simd.data());
          dot_f32_rows_scalar(query, r, n, count, fdots_scalar.data());
          for (size_t k = 0; k < count; ++k) {
            expect_same(fdots_simd[k], fdots_scalar[k], "dot_f32_rows", n, offset);
            expect_same(fdots_simd[k], dot_simd128(r + k * n, query, n), "dot_f32_rows (against dot)", n, offset);
          }
        }
      }
    }
  }

  // Every f16 bit pattern, through both widening paths.
  std::vector<uint16_t> all(65536);
  for (uint32_t i = 0; i < 65536; ++i) all[i] = static_cast<uint16_t>(i);
  std::vector<float> wide_simd(65536), wide_scalar(65536);
  widen_f16_simd128(all.data(), wide_simd.data(), all.size());
  widen_f16_scalar(all.data(), wide_scalar.data(), all.size());
  for (size_t i = 0; i < all.size(); ++i) expect_same(wide_simd[i], wide_scalar[i], "widen_f16 (all patterns)", i, 0);

  std::printf("kernels wasm check: %d comparisons, %d mismatches\n", checks, failures);
  return failures == 0 ? 0 : 1;
}
