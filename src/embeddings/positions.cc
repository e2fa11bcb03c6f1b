// Lookup, sinusoidal positions and pooling.
#include "embeddings/positions.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"

namespace tokvec {

void sinusoidal_positions(size_t seq_len, size_t dim, float* out) {
  for (size_t pos = 0; pos < seq_len; ++pos) {
    for (size_t j = 0; j < dim; ++j) {
      const size_t two_i = j - j % 2;
      const double angle = static_cast<double>(pos) / std::pow(10000.0, static_cast<double>(two_i) / dim);
      out[pos * dim + j] = static_cast<float>(j % 2 == 0 ? std::sin(angle) : std::cos(angle));
    }
  }
}

void lookup(const EmbeddingMatrix& m, const uint32_t* ids, size_t batch, size_t seq, float* out) {
  const size_t n = batch * seq, dim = m.dim();
  for (size_t i = 0; i < n; ++i) {
    if (ids[i] >= m.rows()) {
      throw_error(ErrorCode::kOutOfRange, {"lookup: ids[", i, "] = ", ids[i], " is out of range (rows ", m.rows(), ")"});
    }
  }
  for (size_t i = 0; i < n; ++i) m.copy_row(ids[i], out + i * dim);
}

void add_positions(float* values, size_t batch, size_t seq, size_t dim) {
  std::vector<float> pe(seq * dim);
  sinusoidal_positions(seq, dim, pe.data());
  for (size_t b = 0; b < batch; ++b) {
    float* v = values + b * seq * dim;
    for (size_t k = 0; k < seq * dim; ++k) v[k] += pe[k];
  }
}

void pool(const float* values, const uint8_t* mask, size_t batch, size_t seq, size_t dim, Pooling pooling,
          bool normalize, float* out) {
  for (size_t b = 0; b < batch; ++b) {
    const float* v = values + b * seq * dim;
    const uint8_t* mk = mask ? mask + b * seq : nullptr;
    float* o = out + b * dim;
    if (pooling == Pooling::kFirst) {
      if (seq == 0) {
        std::fill(o, o + dim, 0.0f);
      } else {
        std::copy(v, v + dim, o);
      }
    } else {
      // Sums in double: a mean over thousands of tokens should not depend on their order.
      std::vector<double> acc(dim, pooling == Pooling::kMax ? -INFINITY : 0.0);
      size_t count = 0;
      for (size_t s = 0; s < seq; ++s) {
        if (mk && !mk[s]) continue;
        ++count;
        const float* t = v + s * dim;
        for (size_t j = 0; j < dim; ++j) acc[j] = pooling == Pooling::kMax ? std::max(acc[j], double{t[j]}) : acc[j] + t[j];
      }
      for (size_t j = 0; j < dim; ++j) {
        o[j] = count == 0 ? 0.0f : static_cast<float>(pooling == Pooling::kMax ? acc[j] : acc[j] / count);
      }
    }
    if (normalize) {
      double norm = 0.0;
      for (size_t j = 0; j < dim; ++j) norm += static_cast<double>(o[j]) * o[j];
      norm = std::sqrt(norm);
      if (norm > 0.0) {
        for (size_t j = 0; j < dim; ++j) o[j] = static_cast<float>(o[j] / norm);
      }
    }
  }
}

}  // namespace tokvec
