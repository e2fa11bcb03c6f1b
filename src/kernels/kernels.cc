// Scalar and wasm SIMD kernels; see kernels.h for the summation tree both variants follow.
#include "kernels/kernels.h"

#include <cmath>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace tokvec::kernels {
namespace {

// The 16 partial sums of the scalar kernels, added in the order the SIMD reduction adds them:
// accumulators pairwise, then lanes pairwise.
inline float reduce16(const float* acc) {
  float lane[4];
  for (int k = 0; k < 4; ++k) lane[k] = (acc[k] + acc[4 + k]) + (acc[8 + k] + acc[12 + k]);
  return (lane[0] + lane[1]) + (lane[2] + lane[3]);
}

}  // namespace

// The scalar kernels keep 16 independent partial sums: that is the SIMD summation tree, and it
// also lets g++ vectorize the loop natively (it may not reorder one running sum itself).
float dot_scalar(const float* a, const float* b, size_t n) {
  float acc[16] = {};
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    for (int j = 0; j < 16; ++j) acc[j] += a[i + j] * b[i + j];
  }
  for (; i + 4 <= n; i += 4) {
    for (int j = 0; j < 4; ++j) acc[j] += a[i + j] * b[i + j];
  }
  float sum = reduce16(acc);
  for (; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

float l2_squared_scalar(const float* a, const float* b, size_t n) {
  float acc[16] = {};
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    for (int j = 0; j < 16; ++j) {
      const float d = a[i + j] - b[i + j];
      acc[j] += d * d;
    }
  }
  for (; i + 4 <= n; i += 4) {
    for (int j = 0; j < 4; ++j) {
      const float d = a[i + j] - b[i + j];
      acc[j] += d * d;
    }
  }
  float sum = reduce16(acc);
  for (; i < n; ++i) {
    const float d = a[i] - b[i];
    sum += d * d;
  }
  return sum;
}

namespace {
inline float cosine_from_sums(float ab, float aa, float bb) {
  if (aa == 0.0f || bb == 0.0f) return 0.0f;
  return ab / (std::sqrt(aa) * std::sqrt(bb));
}
}  // namespace

float cosine_scalar(const float* a, const float* b, size_t n) {
  float ab[16] = {}, aa[16] = {}, bb[16] = {};
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    for (int j = 0; j < 16; ++j) {
      ab[j] += a[i + j] * b[i + j];
      aa[j] += a[i + j] * a[i + j];
      bb[j] += b[i + j] * b[i + j];
    }
  }
  for (; i + 4 <= n; i += 4) {
    for (int j = 0; j < 4; ++j) {
      ab[j] += a[i + j] * b[i + j];
      aa[j] += a[i + j] * a[i + j];
      bb[j] += b[i + j] * b[i + j];
    }
  }
  float sum_ab = reduce16(ab), sum_aa = reduce16(aa), sum_bb = reduce16(bb);
  for (; i < n; ++i) {
    sum_ab += a[i] * b[i];
    sum_aa += a[i] * a[i];
    sum_bb += b[i] * b[i];
  }
  return cosine_from_sums(sum_ab, sum_aa, sum_bb);
}

void dot_f32_rows_scalar(const float* query, const float* rows, size_t n, size_t count, float* out) {
  for (size_t r = 0; r < count; ++r) out[r] = dot_scalar(rows + r * n, query, n);
}

int32_t dot_i8_scalar(const int8_t* a, const int8_t* b, size_t n) {
  int32_t sum = 0;
  for (size_t i = 0; i < n; ++i) sum += int32_t{a[i]} * int32_t{b[i]};
  return sum;
}

void dot_i8_rows_scalar(const int8_t* query, const int8_t* rows, size_t n, size_t count, int32_t* out) {
  for (size_t r = 0; r < count; ++r) out[r] = dot_i8_scalar(query, rows + r * n, n);
}

// f16 → f32 without a table: move exponent and mantissa into f32 position and multiply by 2¹¹²
// to rebias the exponent (15 → 127). The multiply is exact and also turns f16 subnormals, read
// as f32 subnormals, into the right normal f32. Exponent 31 (Inf, NaN) is set to 255 instead.
float f16_to_f32(uint16_t h) {
  const uint32_t sign = uint32_t{h & 0x8000u} << 16;
  const uint32_t bits = uint32_t{h & 0x7fffu} << 13;
  uint32_t out;
  if ((h & 0x7c00u) == 0x7c00u) {
    out = bits | 0x7f800000u;
  } else {
    out = bit_cast<uint32_t>(bit_cast<float>(bits) * 0x1p112f);
  }
  return bit_cast<float>(out | sign);
}

void widen_f16_scalar(const uint16_t* in, float* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = f16_to_f32(in[i]);
}

void widen_bf16_scalar(const uint16_t* in, float* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = bit_cast<float>(uint32_t{in[i]} << 16);
}

#if defined(__wasm_simd128__)

namespace {
// (acc0 + acc1) + (acc2 + acc3), then lanes (l0 + l1) + (l2 + l3): reduce16's order.
inline float reduce_f32x4(v128_t acc0, v128_t acc1, v128_t acc2, v128_t acc3) {
  const v128_t sum = wasm_f32x4_add(wasm_f32x4_add(acc0, acc1), wasm_f32x4_add(acc2, acc3));
  return (wasm_f32x4_extract_lane(sum, 0) + wasm_f32x4_extract_lane(sum, 1)) +
         (wasm_f32x4_extract_lane(sum, 2) + wasm_f32x4_extract_lane(sum, 3));
}

// Four accumulators so that four independent add chains are in flight; wasm_v128_load is an
// unaligned load, which rows need. Inlined into dot_simd128 and the row loop of dot_f32_rows.
inline float dot_f32x4(const float* a, const float* b, size_t n) {
  v128_t acc0 = wasm_f32x4_splat(0.0f), acc1 = acc0, acc2 = acc0, acc3 = acc0;
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    acc0 = wasm_f32x4_add(acc0, wasm_f32x4_mul(wasm_v128_load(a + i), wasm_v128_load(b + i)));
    acc1 = wasm_f32x4_add(acc1, wasm_f32x4_mul(wasm_v128_load(a + i + 4), wasm_v128_load(b + i + 4)));
    acc2 = wasm_f32x4_add(acc2, wasm_f32x4_mul(wasm_v128_load(a + i + 8), wasm_v128_load(b + i + 8)));
    acc3 = wasm_f32x4_add(acc3, wasm_f32x4_mul(wasm_v128_load(a + i + 12), wasm_v128_load(b + i + 12)));
  }
  for (; i + 4 <= n; i += 4) {
    acc0 = wasm_f32x4_add(acc0, wasm_f32x4_mul(wasm_v128_load(a + i), wasm_v128_load(b + i)));
  }
  float sum = reduce_f32x4(acc0, acc1, acc2, acc3);
  for (; i < n; ++i) sum += a[i] * b[i];
  return sum;
}
}  // namespace

float dot_simd128(const float* a, const float* b, size_t n) { return dot_f32x4(a, b, n); }

// dot_f32x4 inlined in a loop over the rows: at d = 50 a call per row cost a third of the scan's
// time (10 → 7 ns a row in V8, rows in L2). Four (or two) rows per pass, sharing each query load
// and one transpose for the lane sums, measured no faster than this loop; with the rows' loads
// interleaved they were 2–3× slower at d = 300 (Node 20 on the AMD EPYC this was tuned on).
void dot_f32_rows_simd128(const float* query, const float* rows, size_t n, size_t count, float* out) {
  for (size_t r = 0; r < count; ++r) out[r] = dot_f32x4(rows + r * n, query, n);
}

float l2_squared_simd128(const float* a, const float* b, size_t n) {
  v128_t acc[4] = {wasm_f32x4_splat(0.0f), wasm_f32x4_splat(0.0f), wasm_f32x4_splat(0.0f), wasm_f32x4_splat(0.0f)};
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    for (int m = 0; m < 4; ++m) {
      const v128_t d = wasm_f32x4_sub(wasm_v128_load(a + i + 4 * m), wasm_v128_load(b + i + 4 * m));
      acc[m] = wasm_f32x4_add(acc[m], wasm_f32x4_mul(d, d));
    }
  }
  for (; i + 4 <= n; i += 4) {
    const v128_t d = wasm_f32x4_sub(wasm_v128_load(a + i), wasm_v128_load(b + i));
    acc[0] = wasm_f32x4_add(acc[0], wasm_f32x4_mul(d, d));
  }
  float sum = reduce_f32x4(acc[0], acc[1], acc[2], acc[3]);
  for (; i < n; ++i) {
    const float d = a[i] - b[i];
    sum += d * d;
  }
  return sum;
}

float cosine_simd128(const float* a, const float* b, size_t n) {
  const v128_t zero = wasm_f32x4_splat(0.0f);
  v128_t ab[4] = {zero, zero, zero, zero}, aa[4] = {zero, zero, zero, zero}, bb[4] = {zero, zero, zero, zero};
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    for (int m = 0; m < 4; ++m) {
      const v128_t x = wasm_v128_load(a + i + 4 * m), y = wasm_v128_load(b + i + 4 * m);
      ab[m] = wasm_f32x4_add(ab[m], wasm_f32x4_mul(x, y));
      aa[m] = wasm_f32x4_add(aa[m], wasm_f32x4_mul(x, x));
      bb[m] = wasm_f32x4_add(bb[m], wasm_f32x4_mul(y, y));
    }
  }
  for (; i + 4 <= n; i += 4) {
    const v128_t x = wasm_v128_load(a + i), y = wasm_v128_load(b + i);
    ab[0] = wasm_f32x4_add(ab[0], wasm_f32x4_mul(x, y));
    aa[0] = wasm_f32x4_add(aa[0], wasm_f32x4_mul(x, x));
    bb[0] = wasm_f32x4_add(bb[0], wasm_f32x4_mul(y, y));
  }
  float sum_ab = reduce_f32x4(ab[0], ab[1], ab[2], ab[3]);
  float sum_aa = reduce_f32x4(aa[0], aa[1], aa[2], aa[3]);
  float sum_bb = reduce_f32x4(bb[0], bb[1], bb[2], bb[3]);
  for (; i < n; ++i) {
    sum_ab += a[i] * b[i];
    sum_aa += a[i] * a[i];
    sum_bb += b[i] * b[i];
  }
  return cosine_from_sums(sum_ab, sum_aa, sum_bb);
}

namespace {
// 16 int8 products summed into 4 int32 lanes: sign-extend each half to i16, then the pairwise
// i16 dot product (exact: |product| ≤ 2¹⁴, pair sum ≤ 2¹⁵).
inline v128_t dot_i8x16(const int8_t* a, const int8_t* b) {
  const v128_t x = wasm_v128_load(a), y = wasm_v128_load(b);
  return wasm_i32x4_add(wasm_i32x4_dot_i16x8(wasm_i16x8_extend_low_i8x16(x), wasm_i16x8_extend_low_i8x16(y)),
                        wasm_i32x4_dot_i16x8(wasm_i16x8_extend_high_i8x16(x), wasm_i16x8_extend_high_i8x16(y)));
}
}  // namespace

int32_t dot_i8_simd128(const int8_t* a, const int8_t* b, size_t n) {
  v128_t acc0 = wasm_i32x4_splat(0), acc1 = acc0, acc2 = acc0, acc3 = acc0;
  size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    acc0 = wasm_i32x4_add(acc0, dot_i8x16(a + i, b + i));
    acc1 = wasm_i32x4_add(acc1, dot_i8x16(a + i + 16, b + i + 16));
    acc2 = wasm_i32x4_add(acc2, dot_i8x16(a + i + 32, b + i + 32));
    acc3 = wasm_i32x4_add(acc3, dot_i8x16(a + i + 48, b + i + 48));
  }
  for (; i + 16 <= n; i += 16) acc0 = wasm_i32x4_add(acc0, dot_i8x16(a + i, b + i));
  const v128_t sum4 = wasm_i32x4_add(wasm_i32x4_add(acc0, acc1), wasm_i32x4_add(acc2, acc3));
  int32_t sum = wasm_i32x4_extract_lane(sum4, 0) + wasm_i32x4_extract_lane(sum4, 1) +
                wasm_i32x4_extract_lane(sum4, 2) + wasm_i32x4_extract_lane(sum4, 3);
  for (; i < n; ++i) sum += int32_t{a[i]} * int32_t{b[i]};
  return sum;
}

namespace {
// [Σ a, Σ b, Σ c, Σ d] of four i32x4 vectors (integer sums: any order is exact).
inline v128_t sum_lanes_i32x4(v128_t a, v128_t b, v128_t c, v128_t d) {
  const v128_t ab = wasm_i32x4_add(wasm_i32x4_shuffle(a, b, 0, 4, 1, 5), wasm_i32x4_shuffle(a, b, 2, 6, 3, 7));
  const v128_t cd = wasm_i32x4_add(wasm_i32x4_shuffle(c, d, 0, 4, 1, 5), wasm_i32x4_shuffle(c, d, 2, 6, 3, 7));
  return wasm_i32x4_add(wasm_i32x4_shuffle(ab, cd, 0, 1, 4, 5), wasm_i32x4_shuffle(ab, cd, 2, 3, 6, 7));
}

// One row's products summed into 4 lanes, 8 values per step (the query widened at each step),
// the last n mod 8 against `tail` as in dot_i8_rows_simd128. n ≥ 8.
inline v128_t dot_i8x8_row(const int8_t* query, const int8_t* row, size_t whole, size_t n, v128_t tail) {
  v128_t acc0 = wasm_i32x4_splat(0), acc1 = acc0;
  size_t i = 0;
  for (; i + 16 <= whole; i += 16) {
    acc0 = wasm_i32x4_add(acc0, wasm_i32x4_dot_i16x8(wasm_i16x8_load8x8(query + i), wasm_i16x8_load8x8(row + i)));
    acc1 = wasm_i32x4_add(acc1, wasm_i32x4_dot_i16x8(wasm_i16x8_load8x8(query + i + 8), wasm_i16x8_load8x8(row + i + 8)));
  }
  if (i < whole) acc0 = wasm_i32x4_add(acc0, wasm_i32x4_dot_i16x8(wasm_i16x8_load8x8(query + i), wasm_i16x8_load8x8(row + i)));
  if (whole < n) acc1 = wasm_i32x4_add(acc1, wasm_i32x4_dot_i16x8(tail, wasm_i16x8_load8x8(row + n - 8)));
  return wasm_i32x4_add(acc0, acc1);
}
}  // namespace

// Four rows per pass, 8 values at a time: load8x8 reads 8 bytes sign-extended to i16 in one
// instruction (a 16-byte load would need two more to widen its halves), and the four row sums
// are reduced together (one transpose-add instead of four horizontal sums). The last n mod 8
// values of a row take one more step: the row's last 8 bytes (inside the row when n ≥ 8) against
// the query's last 8 with the lanes already counted set to 0, whose products are then 0.
// Up to 256 values the four rows are read side by side, each query step widened once for the
// four; longer rows are read one after another, as interleaving four streams that far apart was
// slower (d = 300: 1.6 vs 2.0 ms for 100k rows; d = 256: 1.2-1.5 vs 1.5-1.6 the other way).
// This is where int8 search spends its time. Below 8 values, dot_i8_simd128 per row.
void dot_i8_rows_simd128(const int8_t* query, const int8_t* rows, size_t n, size_t count, int32_t* out) {
  const size_t whole = n & ~size_t{7}, rest = n - whole;
  v128_t tail = wasm_i16x8_splat(0);
  if (rest != 0 && n >= 8) {
    const v128_t counted = wasm_i16x8_lt(wasm_i16x8_make(0, 1, 2, 3, 4, 5, 6, 7), wasm_i16x8_splat(static_cast<int16_t>(8 - rest)));
    tail = wasm_v128_andnot(wasm_i16x8_load8x8(query + n - 8), counted);
  }
  size_t r = 0;
  for (; n > 256 && r + 4 <= count; r += 4) {
    const int8_t* row0 = rows + r * n;
    wasm_v128_store(out + r, sum_lanes_i32x4(dot_i8x8_row(query, row0, whole, n, tail),
                                             dot_i8x8_row(query, row0 + n, whole, n, tail),
                                             dot_i8x8_row(query, row0 + 2 * n, whole, n, tail),
                                             dot_i8x8_row(query, row0 + 3 * n, whole, n, tail)));
  }
  for (; n >= 8 && r + 4 <= count; r += 4) {
    const int8_t* row0 = rows + r * n;
    const int8_t* row1 = row0 + n;
    const int8_t* row2 = row1 + n;
    const int8_t* row3 = row2 + n;
    v128_t acc0 = wasm_i32x4_splat(0), acc1 = acc0, acc2 = acc0, acc3 = acc0;
    for (size_t i = 0; i < whole; i += 8) {
      const v128_t q = wasm_i16x8_load8x8(query + i);
      acc0 = wasm_i32x4_add(acc0, wasm_i32x4_dot_i16x8(q, wasm_i16x8_load8x8(row0 + i)));
      acc1 = wasm_i32x4_add(acc1, wasm_i32x4_dot_i16x8(q, wasm_i16x8_load8x8(row1 + i)));
      acc2 = wasm_i32x4_add(acc2, wasm_i32x4_dot_i16x8(q, wasm_i16x8_load8x8(row2 + i)));
      acc3 = wasm_i32x4_add(acc3, wasm_i32x4_dot_i16x8(q, wasm_i16x8_load8x8(row3 + i)));
    }
    if (rest != 0) {
      acc0 = wasm_i32x4_add(acc0, wasm_i32x4_dot_i16x8(tail, wasm_i16x8_load8x8(row0 + n - 8)));
      acc1 = wasm_i32x4_add(acc1, wasm_i32x4_dot_i16x8(tail, wasm_i16x8_load8x8(row1 + n - 8)));
      acc2 = wasm_i32x4_add(acc2, wasm_i32x4_dot_i16x8(tail, wasm_i16x8_load8x8(row2 + n - 8)));
      acc3 = wasm_i32x4_add(acc3, wasm_i32x4_dot_i16x8(tail, wasm_i16x8_load8x8(row3 + n - 8)));
    }
    wasm_v128_store(out + r, sum_lanes_i32x4(acc0, acc1, acc2, acc3));
  }
  for (; r < count; ++r) out[r] = dot_i8_simd128(query, rows + r * n, n);
}

// f16_to_f32 four lanes at a time, the Inf/NaN case as a lane select.
void widen_f16_simd128(const uint16_t* in, float* out, size_t n) {
  const v128_t scale = wasm_f32x4_splat(0x1p112f);
  const v128_t exponent_mask = wasm_i32x4_splat(0x7c00);
  const v128_t inf_bits = wasm_i32x4_splat(0x7f800000);
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const v128_t h = wasm_u32x4_load16x4(in + i);
    const v128_t sign = wasm_i32x4_shl(wasm_v128_and(h, wasm_i32x4_splat(0x8000)), 16);
    const v128_t bits = wasm_i32x4_shl(wasm_v128_and(h, wasm_i32x4_splat(0x7fff)), 13);
    const v128_t finite = wasm_f32x4_mul(bits, scale);
    const v128_t is_special = wasm_i32x4_eq(wasm_v128_and(h, exponent_mask), exponent_mask);
    const v128_t value = wasm_v128_bitselect(wasm_v128_or(bits, inf_bits), finite, is_special);
    wasm_v128_store(out + i, wasm_v128_or(value, sign));
  }
  for (; i < n; ++i) out[i] = f16_to_f32(in[i]);
}

void widen_bf16_simd128(const uint16_t* in, float* out, size_t n) {
  size_t i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(out + i, wasm_i32x4_shl(wasm_u32x4_load16x4(in + i), 16));
  for (; i < n; ++i) out[i] = bit_cast<float>(uint32_t{in[i]} << 16);
}

#endif  // __wasm_simd128__

}  // namespace tokvec::kernels
