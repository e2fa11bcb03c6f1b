// Vector kernels for embeddings: dot, cosine and squared L2 over f32, dot over int8, and f16/bf16
// widening to f32.
//
// Each kernel comes as a scalar reference (`dot_scalar`), always built, and a WebAssembly SIMD
// version (`dot_simd128`), built only under `__wasm_simd128__`; the unsuffixed entry (`dot`)
// picks one at compile time. Native builds run the scalar version (which g++ vectorizes itself);
// the wasm build with -msimd128 runs the SIMD one. tests/native/wasm/kernels_wasm_check.cc
// proves both agree over n = 0..67 and start offsets 0..3.
//
// Pointers need only the alignment of their element type: matrix rows are 4-byte aligned at best,
// so every load is an unaligned load. Lengths are element counts.
//
// Numerics. The f32 kernels fix one summation tree and both variants follow it: 16 partial sums
// (four 4-lane accumulators; element i goes to partial sum i mod 16) over whole blocks of 16, then
// whole 4-element vectors into the first accumulator, then the accumulators are added pairwise,
// (acc0 + acc1) + (acc2 + acc3), their lanes pairwise, (l0 + l1) + (l2 + l3), and the tail
// elements one by one. Products are rounded before they are added (no fused multiply-add: wasm
// SIMD has none, and x86-64 baseline code has none). So:
//   * `*_simd128` returns exactly the same float as `*_scalar`, bit for bit.
//   * Against exact arithmetic, dot is within n·2⁻²⁴·Σ|aᵢbᵢ| (to first order), the bound of
//     any summation order; squared L2 likewise with Σ(aᵢ−bᵢ)² (plus the rounding of each
//     difference, relative 2⁻²⁴).
// The int8 dots accumulate in int32 and are exact for n ≤ 65536 (|aᵢbᵢ| ≤ 2¹⁴, so |Σ| ≤ 2³⁰), so
// both variants agree exactly; longer inputs are not supported (EmbeddingMatrix caps dim there).
// Widening f16 and bf16 is exact (every f16 and bf16 value is an f32 value), NaN payloads kept.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tokvec::kernels {

// std::bit_cast, which Emscripten 3.1.6's libc++ lacks; both compilers have the builtin.
template <class To, class From>
constexpr To bit_cast(const From& from) {
  static_assert(sizeof(To) == sizeof(From));
  return __builtin_bit_cast(To, from);
}

// Σ aᵢbᵢ.
float dot_scalar(const float* a, const float* b, size_t n);
// Σ (aᵢ − bᵢ)².
float l2_squared_scalar(const float* a, const float* b, size_t n);
// a·b / (|a| |b|), from the three sums of one pass; 0 when either vector is all zeros.
float cosine_scalar(const float* a, const float* b, size_t n);
// Σ aᵢbᵢ over int8, exact in int32 for n ≤ 65536.
int32_t dot_i8_scalar(const int8_t* a, const int8_t* b, size_t n);
// out[r] = Σ query[i] · rows[r·n + i] for r < count: one query against `count` consecutive rows of
// n int8 values (the int8 search scan), exact as dot_i8.
void dot_i8_rows_scalar(const int8_t* query, const int8_t* rows, size_t n, size_t count, int32_t* out);
// out[r] = dot(rows + r·n, query, n) for r < count, bit for bit (the f32 search scan).
void dot_f32_rows_scalar(const float* query, const float* rows, size_t n, size_t count, float* out);
// IEEE binary16 bits → f32 (exact, subnormals, ±Inf and NaN included).
void widen_f16_scalar(const uint16_t* in, float* out, size_t n);
// bfloat16 bits (the top half of an f32) → f32 (exact).
void widen_bf16_scalar(const uint16_t* in, float* out, size_t n);

// One f16 value; shared by the scalar kernel and the loaders.
float f16_to_f32(uint16_t h);

#if defined(__wasm_simd128__)
float dot_simd128(const float* a, const float* b, size_t n);
float l2_squared_simd128(const float* a, const float* b, size_t n);
float cosine_simd128(const float* a, const float* b, size_t n);
int32_t dot_i8_simd128(const int8_t* a, const int8_t* b, size_t n);
void dot_i8_rows_simd128(const int8_t* query, const int8_t* rows, size_t n, size_t count, int32_t* out);
void dot_f32_rows_simd128(const float* query, const float* rows, size_t n, size_t count, float* out);
void widen_f16_simd128(const uint16_t* in, float* out, size_t n);
void widen_bf16_simd128(const uint16_t* in, float* out, size_t n);
#endif

#if defined(__wasm_simd128__)
inline float dot(const float* a, const float* b, size_t n) { return dot_simd128(a, b, n); }
inline float l2_squared(const float* a, const float* b, size_t n) { return l2_squared_simd128(a, b, n); }
inline float cosine(const float* a, const float* b, size_t n) { return cosine_simd128(a, b, n); }
inline int32_t dot_i8(const int8_t* a, const int8_t* b, size_t n) { return dot_i8_simd128(a, b, n); }
inline void dot_i8_rows(const int8_t* query, const int8_t* rows, size_t n, size_t count, int32_t* out) {
  dot_i8_rows_simd128(query, rows, n, count, out);
}
inline void dot_f32_rows(const float* query, const float* rows, size_t n, size_t count, float* out) {
  dot_f32_rows_simd128(query, rows, n, count, out);
}
inline void widen_f16(const uint16_t* in, float* out, size_t n) { widen_f16_simd128(in, out, n); }
inline void widen_bf16(const uint16_t* in, float* out, size_t n) { widen_bf16_simd128(in, out, n); }
#else
inline float dot(const float* a, const float* b, size_t n) { return dot_scalar(a, b, n); }
inline float l2_squared(const float* a, const float* b, size_t n) { return l2_squared_scalar(a, b, n); }
inline float cosine(const float* a, const float* b, size_t n) { return cosine_scalar(a, b, n); }
inline int32_t dot_i8(const int8_t* a, const int8_t* b, size_t n) { return dot_i8_scalar(a, b, n); }
inline void dot_i8_rows(const int8_t* query, const int8_t* rows, size_t n, size_t count, int32_t* out) {
  dot_i8_rows_scalar(query, rows, n, count, out);
}
inline void dot_f32_rows(const float* query, const float* rows, size_t n, size_t count, float* out) {
  dot_f32_rows_scalar(query, rows, n, count, out);
}
inline void widen_f16(const uint16_t* in, float* out, size_t n) { widen_f16_scalar(in, out, n); }
inline void widen_bf16(const uint16_t* in, float* out, size_t n) { widen_bf16_scalar(in, out, n); }
#endif

}  // namespace tokvec::kernels
