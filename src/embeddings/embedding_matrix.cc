// EmbeddingMatrix storage, norms, word index and int8 quantization.
#include "embeddings/embedding_matrix.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "kernels/kernels.h"

namespace tokvec {

const char* storage_name(Storage storage) {
  switch (storage) {
    case Storage::kF32: return "f32";
    case Storage::kF16: return "f16";
    case Storage::kBF16: return "bf16";
    case Storage::kInt8: return "int8";
  }
  return "unknown";
}

float quantize_row(const float* x, size_t n, int8_t* out) {
  float max_abs = 0.0f;
  for (size_t i = 0; i < n; ++i) max_abs = std::max(max_abs, std::fabs(x[i]));
  if (max_abs == 0.0f) {
    std::fill(out, out + n, int8_t{0});
    return 0.0f;
  }
  const float scale = max_abs / 127.0f;
  for (size_t i = 0; i < n; ++i) {
    const float q = std::nearbyint(x[i] / scale);
    out[i] = static_cast<int8_t>(std::clamp(q, -127.0f, 127.0f));
  }
  return scale;
}

void EmbeddingMatrix::init(size_t rows, size_t dim, Storage storage) {
  if (dim == 0 || dim > kMaxDim) {
    throw_error(ErrorCode::kInvalidArgument, {"embeddings: dim ", dim, " is outside 1..", kMaxDim});
  }
  if (rows > UINT32_MAX) {
    throw_error(ErrorCode::kLimit, {"embeddings: ", rows, " rows is more than 4294967295"});
  }
  rows_ = rows;
  dim_ = dim;
  storage_ = storage;
}

namespace {
void expect_size(size_t got, size_t rows, size_t dim, const char* what) {
  if (got != rows * dim) {
    throw_error(ErrorCode::kInvalidArgument,
                {"embeddings: ", got, " ", what, " for ", rows, " rows × ", dim, " (expected ", rows * dim, ")"});
  }
}
}  // namespace

EmbeddingMatrix EmbeddingMatrix::from_f32(size_t rows, size_t dim, std::vector<float> values) {
  EmbeddingMatrix m;
  m.init(rows, dim, Storage::kF32);
  expect_size(values.size(), rows, dim, "values");
  m.f32_ = std::move(values);
  m.compute_norms();
  return m;
}

EmbeddingMatrix EmbeddingMatrix::from_f16(size_t rows, size_t dim, std::vector<uint16_t> bits) {
  EmbeddingMatrix m;
  m.init(rows, dim, Storage::kF16);
  expect_size(bits.size(), rows, dim, "values");
  m.half_ = std::move(bits);
  m.compute_norms();
  return m;
}

EmbeddingMatrix EmbeddingMatrix::from_bf16(size_t rows, size_t dim, std::vector<uint16_t> bits) {
  EmbeddingMatrix m;
  m.init(rows, dim, Storage::kBF16);
  expect_size(bits.size(), rows, dim, "values");
  m.half_ = std::move(bits);
  m.compute_norms();
  return m;
}

EmbeddingMatrix EmbeddingMatrix::from_int8(size_t rows, size_t dim, std::vector<int8_t> values,
                                           std::vector<float> scales) {
  EmbeddingMatrix m;
  m.init(rows, dim, Storage::kInt8);
  expect_size(values.size(), rows, dim, "values");
  expect_size(scales.size(), rows, 1, "scales");
  m.i8_ = std::move(values);
  m.scales_ = std::move(scales);
  m.compute_norms();
  return m;
}

const float* EmbeddingMatrix::rows_f32(size_t i, size_t count, float* scratch) const {
  const size_t at = i * dim_, size = count * dim_;
  switch (storage_) {
    case Storage::kF32: return f32_.data() + at;
    case Storage::kF16: kernels::widen_f16(half_.data() + at, scratch, size); return scratch;
    case Storage::kBF16: kernels::widen_bf16(half_.data() + at, scratch, size); return scratch;
    case Storage::kInt8:
      for (size_t j = 0; j < size; ++j) scratch[j] = static_cast<float>(i8_[at + j]) * scales_[i + j / dim_];
      return scratch;
  }
  return scratch;
}

void EmbeddingMatrix::copy_row(size_t i, float* out) const {
  const float* r = row(i, out);
  if (r != out) std::copy(r, r + dim_, out);
}

// Norms in double, and every value checked once here: a NaN or Inf anywhere would poison every
// score it meets, so it is an error at load, naming where it is.
void EmbeddingMatrix::compute_norms() {
  norms_.resize(rows_);
  std::vector<float> scratch(dim_);
  for (size_t i = 0; i < rows_; ++i) {
    const float* r = row(i, scratch.data());
    double sum = 0.0;
    for (size_t j = 0; j < dim_; ++j) {
      if (!std::isfinite(r[j])) {
        throw_error(ErrorCode::kParse,
                    {"embeddings: row ", i, ", column ", j, " is ", std::isnan(r[j]) ? "NaN" : "infinite"});
      }
      sum += static_cast<double>(r[j]) * r[j];
    }
    norms_[i] = static_cast<float>(std::sqrt(sum));
  }
}

size_t EmbeddingMatrix::bytes() const {
  size_t total = f32_.size() * 4 + half_.size() * 2 + i8_.size() + scales_.size() * 4 + norms_.size() * 4;
  total += word_bytes_.size() + word_offsets_.size() * 4 + word_table_.size() * 4;
  if (int8_) total += int8_->values.size() + 4 * (int8_->scales.size() + int8_->score_scales.size() + int8_->relative_errors.size());
  return total;
}

// FNV-1a, 64-bit: words are short, and the table keeps rows, so the hash only has to spread.
uint64_t EmbeddingMatrix::hash(std::string_view word) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : word) h = (h ^ c) * 1099511628211ull;
  return h ^ (h >> 29);
}

void EmbeddingMatrix::set_words(std::vector<std::string> words) {
  if (words.size() != rows_) {
    throw_error(ErrorCode::kInvalidArgument, {"embeddings: ", words.size(), " words for ", rows_, " rows"});
  }
  size_t total = 0;
  for (const auto& w : words) total += w.size();
  if (total > UINT32_MAX) throw Error(ErrorCode::kLimit, "embeddings: words take more than 4 GiB");
  word_bytes_.clear();
  word_bytes_.reserve(total);
  word_offsets_.assign(1, 0);
  word_offsets_.reserve(rows_ + 1);
  for (const auto& w : words) {
    word_bytes_ += w;
    word_offsets_.push_back(static_cast<uint32_t>(word_bytes_.size()));
  }
  size_t capacity = 16;
  while (capacity < 2 * rows_) capacity *= 2;
  word_table_.assign(capacity, 0);
  const size_t mask = capacity - 1;
  for (size_t i = 0; i < rows_; ++i) {
    const std::string_view w = word(i);
    for (size_t slot = hash(w) & mask;; slot = (slot + 1) & mask) {
      if (word_table_[slot] == 0) {
        word_table_[slot] = static_cast<uint32_t>(i + 1);
        break;
      }
      if (word(word_table_[slot] - 1) == w) break;  // duplicate: the first row keeps the word
    }
  }
}

std::string_view EmbeddingMatrix::word(size_t i) const {
  if (!has_words()) return {};
  return std::string_view(word_bytes_).substr(word_offsets_[i], word_offsets_[i + 1] - word_offsets_[i]);
}

std::optional<uint32_t> EmbeddingMatrix::find(std::string_view w) const {
  if (word_table_.empty()) return std::nullopt;
  const size_t mask = word_table_.size() - 1;
  for (size_t slot = hash(w) & mask;; slot = (slot + 1) & mask) {
    const uint32_t entry = word_table_[slot];
    if (entry == 0) return std::nullopt;
    if (word(entry - 1) == w) return entry - 1;
  }
}

uint32_t EmbeddingMatrix::row_of(std::string_view w, std::string_view where) const {
  if (!has_words()) {
    throw Error(ErrorCode::kInvalidArgument, std::string(where) + ": these embeddings have no words; pass a vector or a row");
  }
  if (auto r = find(w)) return *r;
  throw Error(ErrorCode::kOutOfRange, std::string(where) + ": \"" + std::string(w) + "\" is not in the vocabulary");
}

void EmbeddingMatrix::quantize() {
  if (int8_) return;
  Int8Rows q;
  q.values.resize(rows_ * dim_);
  q.scales.resize(rows_);
  q.score_scales.resize(rows_);
  q.relative_errors.resize(rows_);
  std::vector<float> scratch(dim_);
  for (size_t i = 0; i < rows_; ++i) {
    const float* r = row(i, scratch.data());
    int8_t* out = q.values.data() + i * dim_;
    const float scale = quantize_row(r, dim_, out);
    q.scales[i] = scale;
    double err = 0.0;
    for (size_t j = 0; j < dim_; ++j) {
      const double d = static_cast<double>(r[j]) - static_cast<double>(out[j]) * scale;
      err += d * d;
    }
    const double norm = norms_[i];
    if (norm > 0) {
      q.score_scales[i] = static_cast<float>(scale / norm);
      // Rounded up so that the float bound is still a bound.
      q.relative_errors[i] = std::nextafter(static_cast<float>(std::sqrt(err) / norm), INFINITY);
    }
  }
  int8_ = std::move(q);
}

}  // namespace tokvec
