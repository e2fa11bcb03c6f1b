// Exact nearest-neighbour search over an EmbeddingMatrix, with gensim KeyedVectors semantics
// (gensim/models/keyedvectors.py): most_similar (3CosAdd), most_similar_cosmul (3CosMul),
// similarity, doesnt_match, rank, and restrict_vocab.
//
// Every result list is ordered by score, higher first; equal scores: lower row first (gensim
// leaves ties to numpy's unstable argsort; tokvec states one).
//
// Scores are cosines computed as gensim computes them: dot(row, unit query) / ‖row‖, in f32 with
// the kernels' summation tree. A row of all zeros scores 0 (gensim divides by zero).
//
// int8: when the matrix has an int8 copy (EmbeddingMatrix::quantize) and the options allow,
// `nearest` scans int8 rows for candidates and re-scores them in f32, and returns exactly what
// the f32 scan returns (same rows, same scores): each int8 score comes with a bound on its error
// (Cauchy–Schwarz over the quantization errors of the query and the row, plus f32 rounding), and
// only rows whose upper bound is below the k-th best lower bound are dropped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "embeddings/embedding_matrix.h"

namespace tokvec {

struct Neighbor {
  uint32_t row;
  float score;
};

// The k best (row, score) pairs seen: higher score wins; equal scores: lower row wins.
class TopK {
 public:
  explicit TopK(size_t k) : k_(k) { heap_.reserve(k); }
  void push(uint32_t row, float score);
  bool full() const { return heap_.size() == k_; }
  // The worst pair kept (valid when full()).
  const Neighbor& worst() const { return heap_.front(); }
  // Best first.
  std::vector<Neighbor> take();

 private:
  size_t k_;
  std::vector<Neighbor> heap_;  // a heap with the worst pair on top
};

struct SearchOptions {
  size_t top_k = 10;
  // Search only the first N rows (0 = all): gensim's restrict_vocab, for files sorted by frequency.
  size_t restrict_vocab = 0;
  // Use the int8 copy for candidates when the matrix has one (results are the same either way).
  bool use_int8 = true;
};

// Cosine nearest rows to `query` (query_size values, any nonzero norm), skipping `exclude`.
// Throws when query_size differs from dim or the query is all zeros or not finite.
std::vector<Neighbor> nearest(const EmbeddingMatrix& m, const float* query, size_t query_size,
                              const SearchOptions& options, const std::vector<uint32_t>& exclude = {});

// One input of most_similar: a row of the matrix (a word) or a vector, with a weight.
struct Term {
  std::optional<uint32_t> row;
  std::vector<float> vector;  // used when row is empty
  double weight = 1.0;

  static Term of_row(uint32_t r, double w = 1.0) { return Term{r, {}, w}; }
  static Term of_vector(std::vector<float> v, double w = 1.0) { return Term{std::nullopt, std::move(v), w}; }
};

// gensim's get_mean_vector(pre_normalize=True, post_normalize=True): rows are normalised, vectors
// are used as given, each is multiplied by its weight, summed, divided by Σ|weight|, normalised.
std::vector<float> mean_vector(const EmbeddingMatrix& m, const std::vector<Term>& terms, const char* where);

// 3CosAdd: nearest to the mean of positive terms (weight +w) and negative terms (weight −w);
// rows given as terms are left out of the results.
std::vector<Neighbor> most_similar(const EmbeddingMatrix& m, const std::vector<Term>& positive,
                                   const std::vector<Term>& negative, const SearchOptions& options);

// 3CosMul (Levy & Goldberg 2014, eq. 4, cosines shifted to [0, 1] by (1 + cos) / 2):
//   score(r) = Π_p (1 + cos(r, p)) / 2  /  (Π_n (1 + cos(r, n)) / 2 + 1e-6)
// Rows are normalised; a vector term is used as given, as gensim does (pass a unit vector for
// cosines). Unlike gensim 4, restrict_vocab applies here too. The int8 copy is not used.
std::vector<Neighbor> most_similar_cosmul(const EmbeddingMatrix& m, const std::vector<Term>& positive,
                                          const std::vector<Term>& negative, const SearchOptions& options);

// Cosine of rows a and b (0 when either is all zeros).
float similarity(const EmbeddingMatrix& m, uint32_t a, uint32_t b);

// gensim's doesnt_match: words not in the vocabulary are ignored; of the rest, the one least
// similar to the normalised mean of their unit vectors (ties: the smallest word in byte order,
// as gensim sorts (score, word) pairs). Throws when no word is known.
std::string doesnt_match(const EmbeddingMatrix& m, const std::vector<std::string>& words);

// gensim's rank: 1 + the number of rows other than `from` strictly closer to `from` than `to` is,
// by cosine distance 1 − cos computed in f32.
size_t rank(const EmbeddingMatrix& m, uint32_t from, uint32_t to);

}  // namespace tokvec
