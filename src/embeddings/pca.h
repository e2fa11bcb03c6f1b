// PCA to a few components (for 2-D/3-D plots of embeddings): center the chosen rows, form the
// dim × dim covariance in double, find its top eigenvectors, project.
//
// Eigenvectors come from subspace iteration (a block of components + 6 vectors, re-orthonormalised
// each step, with a Rayleigh–Ritz step solved by cyclic Jacobi), from a fixed start, so results are
// deterministic. Each axis is sign-normalised: its largest-magnitude coordinate is positive (the
// first one on ties), so runs and platforms agree on orientation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "embeddings/embedding_matrix.h"

namespace tokvec {

struct Projection {
  size_t components = 0;
  std::vector<float> coordinates;                // rows × components, row-major
  std::vector<double> explained_variance_ratio;  // per component: eigenvalue / total variance
  std::vector<double> axes;                      // components × dim unit eigenvectors
};

// rows: which rows to use (empty = all); components: 1..min(3, dim). Throws for fewer than two
// rows, an out-of-range row or component count.
Projection pca(const EmbeddingMatrix& m, const std::vector<uint32_t>& rows, size_t components);

// Eigenvalues (descending) and unit eigenvectors (rows of `vectors`, n × n) of the symmetric n × n
// matrix a, by cyclic Jacobi rotations until off-diagonal mass is below 1e-15 of the total.
void symmetric_eigen(std::vector<double> a, size_t n, std::vector<double>& values, std::vector<double>& vectors);

}  // namespace tokvec
