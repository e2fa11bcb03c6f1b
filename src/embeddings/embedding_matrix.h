// EmbeddingMatrix: rows × dim vectors, row-major, with optional row labels (words), cached row
// norms for cosine, and an optional int8 copy that speeds up search (see search.h).
//
// Storage keeps what the file had: f32, f16 or bf16 (widened to f32 one row at a time by the
// kernels when a row is read, so an f16 file costs half the memory of f32 and searches at the
// speed of the widening kernel), or int8 with one scale per row (value = q · scale).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tokvec {

enum class Storage { kF32, kF16, kBF16, kInt8 };
const char* storage_name(Storage storage);

// Rows quantized to int8 with a per-row scale: q = round(x / scale), scale = max|x| / 127.
// For search, per row: score_scales = scale / ‖row‖ (int8 dot → approximate cosine) and
// relative_errors ≥ ‖row − q·scale‖₂ / ‖row‖ (rounded up), which makes int8 candidates provably
// complete (search.cc). Rows of zeros have 0 for both.
struct Int8Rows {
  std::vector<int8_t> values;
  std::vector<float> scales;
  std::vector<float> score_scales;
  std::vector<float> relative_errors;
};

// Quantizes one vector of n values into out (n int8) and returns the scale; zero vectors get 0.
float quantize_row(const float* x, size_t n, int8_t* out);

class EmbeddingMatrix {
 public:
  static constexpr size_t kMaxDim = 65536;  // keeps the int8 dot exact in int32 (kernels.h)

  EmbeddingMatrix() = default;
  // Each throws (kInvalidArgument) when the sizes disagree, dim is 0 or above kMaxDim, and
  // (kParse) naming the first non-finite value.
  static EmbeddingMatrix from_f32(size_t rows, size_t dim, std::vector<float> values);
  static EmbeddingMatrix from_f16(size_t rows, size_t dim, std::vector<uint16_t> bits);
  static EmbeddingMatrix from_bf16(size_t rows, size_t dim, std::vector<uint16_t> bits);
  static EmbeddingMatrix from_int8(size_t rows, size_t dim, std::vector<int8_t> values, std::vector<float> scales);

  size_t rows() const { return rows_; }
  size_t dim() const { return dim_; }
  Storage storage() const { return storage_; }
  // Bytes held: values, scales, norms, words and their index, and the int8 copy.
  size_t bytes() const;

  // Row i as f32: a pointer into the matrix for f32 storage, else row i widened into `scratch`
  // (dim floats). i < rows().
  const float* row(size_t i, float* scratch) const { return rows_f32(i, 1, scratch); }
  // Rows [i, i + count) as f32, one after another: a pointer into the matrix for f32 storage, else
  // the rows widened into `scratch` (count · dim floats). i + count ≤ rows().
  const float* rows_f32(size_t i, size_t count, float* scratch) const;
  void copy_row(size_t i, float* out) const;
  // ‖row i‖₂, computed once in double at construction (a reference: rows' norms are consecutive).
  const float& norm(size_t i) const { return norms_[i]; }

  // Labels. set_words throws when the count differs from rows(). A word that appears twice
  // maps to its first row (as gensim keeps the first of duplicate words).
  void set_words(std::vector<std::string> words);
  bool has_words() const { return !word_offsets_.empty(); }
  std::string_view word(size_t i) const;
  std::optional<uint32_t> find(std::string_view word) const;
  // The row of `word`, or an Error "<where>: "word" is not in the vocabulary".
  uint32_t row_of(std::string_view word, std::string_view where) const;

  // Builds the int8 copy search uses for candidates; idempotent. Costs dim + 12 bytes per row.
  void quantize();
  const Int8Rows* int8_rows() const { return int8_ ? &*int8_ : nullptr; }

 private:
  void init(size_t rows, size_t dim, Storage storage);
  void compute_norms();
  static uint64_t hash(std::string_view word);

  size_t rows_ = 0, dim_ = 0;
  Storage storage_ = Storage::kF32;
  std::vector<float> f32_;
  std::vector<uint16_t> half_;  // f16 or bf16 bits
  std::vector<int8_t> i8_;
  std::vector<float> scales_;  // int8 storage
  std::vector<float> norms_;

  // Words: one arena, rows + 1 offsets into it, and an open-addressing table of row + 1 (0 = empty)
  // sized to a power of two ≥ 2 · rows. A table of 4-byte slots costs 8 bytes per word where a
  // node-based map costs ~50.
  std::string word_bytes_;
  std::vector<uint32_t> word_offsets_;
  std::vector<uint32_t> word_table_;

  std::optional<Int8Rows> int8_;
};

}  // namespace tokvec
