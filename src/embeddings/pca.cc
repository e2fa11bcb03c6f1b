// PCA by subspace iteration with a Jacobi Rayleigh–Ritz step.
#include "embeddings/pca.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "core/error.h"

namespace tokvec {

void symmetric_eigen(std::vector<double> a, size_t n, std::vector<double>& values, std::vector<double>& vectors) {
  std::vector<double> v(n * n, 0.0);
  for (size_t i = 0; i < n; ++i) v[i * n + i] = 1.0;
  double total = 0.0;
  for (double x : a) total += x * x;
  for (int sweep = 0; sweep < 100; ++sweep) {
    double off = 0.0;
    for (size_t p = 0; p < n; ++p) {
      for (size_t q = p + 1; q < n; ++q) off += 2.0 * a[p * n + q] * a[p * n + q];
    }
    if (off <= 1e-30 * total || off == 0.0) break;
    for (size_t p = 0; p < n; ++p) {
      for (size_t q = p + 1; q < n; ++q) {
        const double apq = a[p * n + q];
        if (apq == 0.0) continue;
        // The rotation that zeroes a[p][q] (Golub & Van Loan, Algorithm 8.5.1).
        const double theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
        const double t = (theta >= 0 ? 1.0 : -1.0) / (std::fabs(theta) + std::sqrt(theta * theta + 1.0));
        const double c = 1.0 / std::sqrt(t * t + 1.0), s = t * c;
        for (size_t k = 0; k < n; ++k) {  // columns p, q
          const double akp = a[k * n + p], akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (size_t k = 0; k < n; ++k) {  // rows p, q
          const double apk = a[p * n + k], aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (size_t k = 0; k < n; ++k) {  // eigenvector rows p, q
          const double vpk = v[p * n + k], vqk = v[q * n + k];
          v[p * n + k] = c * vpk - s * vqk;
          v[q * n + k] = s * vpk + c * vqk;
        }
      }
    }
  }
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return a[x * n + x] > a[y * n + y]; });
  values.resize(n);
  vectors.resize(n * n);
  for (size_t i = 0; i < n; ++i) {
    values[i] = a[order[i] * n + order[i]];
    std::copy(v.begin() + order[i] * n, v.begin() + (order[i] + 1) * n, vectors.begin() + i * n);
  }
}

namespace {

// Modified Gram–Schmidt on the p columns of q (dim × p, column c at q[c * dim]). A column that
// collapses is replaced by a unit vector orthogonal to the others, so the block keeps rank p.
void orthonormalize(std::vector<double>& q, size_t dim, size_t p) {
  size_t replacement = 0;  // which basis vector replaces the next collapsed column
  for (size_t c = 0; c < p; ++c) {
    double* col = q.data() + c * dim;
    for (int pass = 0; pass < 2; ++pass) {  // twice is enough (Kahan–Parlett)
      for (size_t d = 0; d < c; ++d) {
        const double* other = q.data() + d * dim;
        double dot = 0.0;
        for (size_t j = 0; j < dim; ++j) dot += col[j] * other[j];
        for (size_t j = 0; j < dim; ++j) col[j] -= dot * other[j];
      }
    }
    double norm = 0.0;
    for (size_t j = 0; j < dim; ++j) norm += col[j] * col[j];
    norm = std::sqrt(norm);
    if (norm < 1e-150 && replacement < dim) {
      // p ≤ dim, so some basis vector lies outside the span of the columns before this one.
      std::fill(col, col + dim, 0.0);
      col[replacement++] = 1.0;
      --c;  // orthogonalise the replacement too (wraps and returns to c)
      continue;
    }
    for (size_t j = 0; j < dim; ++j) col[j] /= norm;
  }
}

void multiply(const std::vector<double>& cov, size_t dim, const std::vector<double>& q, size_t p,
              std::vector<double>& out) {
  out.assign(dim * p, 0.0);
  for (size_t c = 0; c < p; ++c) {
    const double* x = q.data() + c * dim;
    double* y = out.data() + c * dim;
    for (size_t i = 0; i < dim; ++i) {
      const double* ci = cov.data() + i * dim;
      double s = 0.0;
      for (size_t j = 0; j < dim; ++j) s += ci[j] * x[j];
      y[i] = s;
    }
  }
}

}  // namespace

Projection pca(const EmbeddingMatrix& m, const std::vector<uint32_t>& chosen, size_t components) {
  const size_t dim = m.dim();
  if (components == 0 || components > std::min<size_t>(3, dim)) {
    throw_error(ErrorCode::kInvalidArgument, {"project: components must be 1..", std::min<size_t>(3, dim), ", got ", components});
  }
  std::vector<uint32_t> rows = chosen;
  if (rows.empty()) {
    rows.resize(m.rows());
    std::iota(rows.begin(), rows.end(), 0u);
  }
  for (size_t k = 0; k < rows.size(); ++k) {
    if (rows[k] >= m.rows()) {
      throw_error(ErrorCode::kOutOfRange, {"project: rows[", k, "] = ", rows[k], " is out of range (rows ", m.rows(), ")"});
    }
  }
  if (rows.size() < 2) throw Error(ErrorCode::kInvalidArgument, "project: needs at least 2 rows");

  const size_t n = rows.size();
  std::vector<double> mean(dim, 0.0), cov(dim * dim, 0.0), x(dim);
  std::vector<float> scratch(dim);
  for (uint32_t r : rows) {
    const float* v = m.row(r, scratch.data());
    for (size_t j = 0; j < dim; ++j) mean[j] += v[j];
  }
  for (double& v : mean) v /= static_cast<double>(n);
  for (uint32_t r : rows) {
    const float* v = m.row(r, scratch.data());
    for (size_t j = 0; j < dim; ++j) x[j] = v[j] - mean[j];
    for (size_t i = 0; i < dim; ++i) {  // upper triangle; mirrored below
      double* ci = cov.data() + i * dim;
      const double xi = x[i];
      for (size_t j = i; j < dim; ++j) ci[j] += xi * x[j];
    }
  }
  double trace = 0.0;
  for (size_t i = 0; i < dim; ++i) {
    for (size_t j = i; j < dim; ++j) {
      cov[i * dim + j] /= static_cast<double>(n - 1);
      cov[j * dim + i] = cov[i * dim + j];
    }
    trace += cov[i * dim + i];
  }

  // Subspace iteration: a block wider than needed converges at the rate λ_{p+1}/λ_k instead of
  // λ_{k+1}/λ_k, so near-equal leading eigenvalues do not stall it.
  const size_t p = std::min(dim, components + 6);
  std::vector<double> q(dim * p), z, t(p * p), ritz_values, ritz_vectors;
  uint64_t state = 0x9e3779b97f4a7c15ull;  // fixed start: deterministic results
  for (double& v : q) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    v = static_cast<double>(state >> 11) / 9007199254740992.0 - 0.5;
  }
  orthonormalize(q, dim, p);
  const double scale = std::max(trace, 1e-300);
  for (int iter = 0; iter < 3000; ++iter) {
    multiply(cov, dim, q, p, z);
    // Rayleigh–Ritz: T = Qᵀ C Q, eigenvectors W; Ritz vectors Q W.
    for (size_t a = 0; a < p; ++a) {
      for (size_t b = 0; b < p; ++b) {
        double s = 0.0;
        for (size_t j = 0; j < dim; ++j) s += q[a * dim + j] * z[b * dim + j];
        t[a * p + b] = s;
      }
    }
    for (size_t a = 0; a < p; ++a) {
      for (size_t b = a + 1; b < p; ++b) t[a * p + b] = t[b * p + a] = (t[a * p + b] + t[b * p + a]) / 2;
    }
    symmetric_eigen(t, p, ritz_values, ritz_vectors);
    std::vector<double> rq(dim * p, 0.0), rz(dim * p, 0.0);
    for (size_t c = 0; c < p; ++c) {
      for (size_t b = 0; b < p; ++b) {
        const double w = ritz_vectors[c * p + b];
        for (size_t j = 0; j < dim; ++j) {
          rq[c * dim + j] += w * q[b * dim + j];
          rz[c * dim + j] += w * z[b * dim + j];
        }
      }
    }
    // Converged when each wanted Ritz pair has a small residual ‖C v − λ v‖.
    double worst = 0.0;
    for (size_t c = 0; c < components; ++c) {
      double r2 = 0.0;
      for (size_t j = 0; j < dim; ++j) {
        const double d = rz[c * dim + j] - ritz_values[c] * rq[c * dim + j];
        r2 += d * d;
      }
      worst = std::max(worst, std::sqrt(r2));
    }
    q = std::move(rq);
    if (worst <= 1e-11 * scale || p == dim) break;
    q = std::move(rz);
    orthonormalize(q, dim, p);
  }

  Projection out;
  out.components = components;
  out.axes.assign(q.begin(), q.begin() + components * dim);
  for (size_t c = 0; c < components; ++c) {
    double* axis = out.axes.data() + c * dim;
    size_t largest = 0;
    for (size_t j = 1; j < dim; ++j) {
      if (std::fabs(axis[j]) > std::fabs(axis[largest])) largest = j;
    }
    if (axis[largest] < 0) {
      for (size_t j = 0; j < dim; ++j) axis[j] = -axis[j];
    }
    out.explained_variance_ratio.push_back(trace > 0 ? ritz_values[c] / trace : 0.0);
  }
  out.coordinates.resize(n * components);
  for (size_t k = 0; k < n; ++k) {
    const float* v = m.row(rows[k], scratch.data());
    for (size_t c = 0; c < components; ++c) {
      const double* axis = out.axes.data() + c * dim;
      double s = 0.0;
      for (size_t j = 0; j < dim; ++j) s += (v[j] - mean[j]) * axis[j];
      out.coordinates[k * components + c] = static_cast<float>(s);
    }
  }
  return out;
}

}  // namespace tokvec
