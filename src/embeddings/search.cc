// Exact top-k cosine search, gensim's analogy and odd-one-out queries, and the int8 candidate scan.
#include "embeddings/search.h"

#include <algorithm>
#include <cmath>

#include "core/cold.h"
#include "core/error.h"
#include "kernels/kernels.h"

namespace tokvec {
namespace {

// a ranks before b: higher score, then lower row.
inline bool better(const Neighbor& a, const Neighbor& b) {
  return a.score > b.score || (a.score == b.score && a.row < b.row);
}

// Argument checks, once per call: built for size (core/cold.h).
TOKVEC_COLD_BEGIN
void check_vector(const float* v, size_t size, size_t dim, const char* where, const char* what) {
  if (size != dim) {
    throw_error(ErrorCode::kInvalidArgument, {where, ": ", what, " has ", size, " values, embeddings have dim ", dim});
  }
  for (size_t i = 0; i < size; ++i) {
    if (!std::isfinite(v[i])) {
      throw_error(ErrorCode::kInvalidArgument, {where, ": ", what, "[", i, "] is not a finite number"});
    }
  }
}

void check_row(const EmbeddingMatrix& m, uint32_t row, const char* where) {
  if (row >= m.rows()) {
    throw_error(ErrorCode::kOutOfRange, {where, ": row ", row, " is out of range (rows ", m.rows(), ")"});
  }
}
TOKVEC_COLD_END

size_t search_range(const EmbeddingMatrix& m, const SearchOptions& options) {
  return options.restrict_vocab ? std::min(options.restrict_vocab, m.rows()) : m.rows();
}

// Unit vector of a row in f32, as gensim's get_vector(norm=True): row / ‖row‖.
void unit_row(const EmbeddingMatrix& m, uint32_t row, float* out) {
  m.copy_row(row, out);
  const float n = m.norm(row);
  if (n > 0.0f) {
    for (size_t j = 0; j < m.dim(); ++j) out[j] /= n;
  }
}

// The one f32 score every path uses, so the int8 re-rank reproduces the f32 scan bit for bit.
inline float cosine_score(const EmbeddingMatrix& m, size_t i, const float* unit_query, float* scratch) {
  const float n = m.norm(i);
  if (n == 0.0f) return 0.0f;
  return kernels::dot(m.row(i, scratch), unit_query, m.dim()) / n;
}

// Keeps the k + |exclude| best, then drops excluded rows: gensim asks argsort for
// topn + len(all_keys) and filters the same way.
std::vector<Neighbor> without(std::vector<Neighbor> best, const std::vector<uint32_t>& exclude, size_t k) {
  std::vector<Neighbor> out;
  out.reserve(std::min(k, best.size()));
  for (const Neighbor& n : best) {
    if (out.size() == k) break;
    if (std::find(exclude.begin(), exclude.end(), n.row) == exclude.end()) out.push_back(n);
  }
  return out;
}

// A block of rows at a time: their dots in one kernel call (cosine_score's, bit for bit), then
// the division by their norms in a loop the compiler vectorizes, which also tells whether any row
// of the block beats the k-th best score so far; nearly no block has one, and those cost no
// per-row branch. A row reaches the heap only when it beats the k-th score (rows come in
// increasing order, so an equal score never does). Rows that are not f32 are widened a block at a
// time into a scratch buffer that stays in L1.
std::vector<Neighbor> nearest_f32(const EmbeddingMatrix& m, const float* unit_query, size_t range, size_t keep) {
  constexpr size_t kBlock = 256, kScratchFloats = 4096;
  const size_t dim = m.dim();
  const bool direct = m.storage() == Storage::kF32;
  const size_t block = direct ? kBlock : std::clamp<size_t>(kScratchFloats / dim, 1, kBlock);
  std::vector<float> scratch(direct ? 0 : block * dim);
  float scores[kBlock];
  TopK top(keep);
  float kth_score = -INFINITY;  // until top is full, every row goes in
  for (size_t start = 0; start < range; start += block) {
    const size_t count = std::min(block, range - start);
    kernels::dot_f32_rows(unit_query, m.rows_f32(start, count, scratch.data()), dim, count, scores);
    const float* norms = &m.norm(start);
    int beats = !top.full();
    for (size_t j = 0; j < count; ++j) {
      scores[j] = norms[j] == 0.0f ? 0.0f : scores[j] / norms[j];
      beats |= scores[j] > kth_score;
    }
    if (!beats) continue;
    for (size_t j = 0; j < count; ++j) {
      if (scores[j] > kth_score || !top.full()) {
        top.push(static_cast<uint32_t>(start + j), scores[j]);
        if (top.full()) kth_score = top.worst().score;
      }
    }
  }
  return top.take();
}

// int8 candidates, f32 re-rank. For a unit query q with int8 reconstruction q̃ and a row r with
// reconstruction r̃:  q·r − q̃·r̃ = (q − q̃)·r + q̃·(r − r̃), so
//   |q·r − q̃·r̃| / ‖r‖ ≤ ‖q − q̃‖ + ‖q̃‖ · ‖r − r̃‖/‖r‖,
// a bound on the cosine's error. `slack` adds the f32 rounding of the exact path (≤ dim·2⁻²⁴·‖q‖
// for the dot, a few ulps for the division) and of this loop's float arithmetic (a few ulps of
// values below 2), doubled. The k-th best lower bound L is met by k rows, so every row of the true
// top k scores ≥ L and its upper bound ≥ L: keeping rows with upper ≥ L keeps them all, ties
// included. The loop is one int8 dot and four float operations per row, because the per-row
// factors (scale/‖r‖, error/‖r‖) were computed by quantize().
std::vector<Neighbor> nearest_int8(const EmbeddingMatrix& m, const Int8Rows& q8, const float* unit_query,
                                   size_t range, size_t keep) {
  const size_t dim = m.dim();
  std::vector<int8_t> query8(dim);
  const float query_scale = quantize_row(unit_query, dim, query8.data());
  double query_error = 0.0, query8_norm = 0.0;
  for (size_t j = 0; j < dim; ++j) {
    const double back = static_cast<double>(query8[j]) * query_scale;
    query_error += (unit_query[j] - back) * (unit_query[j] - back);
    query8_norm += back * back;
  }
  const float slack = static_cast<float>((dim + 40) * 0x1p-23);
  const float base_bound = static_cast<float>(std::sqrt(query_error)) + slack;
  const float q8_norm = static_cast<float>(std::sqrt(query8_norm) * (1 + 0x1p-20));

  // A row is a candidate when its upper bound reaches the k-th best lower bound seen so far; that
  // bound only rises, so a row dropped early is below the final one too.
  TopK lower_top(keep);
  float kth_lower = -INFINITY;
  std::vector<Neighbor> candidates;  // (row, upper bound)
  const int8_t* rows8 = q8.values.data();
  // A block of rows at a time: their dots in one kernel call, then their bounds in a loop the
  // compiler vectorizes, then the rare rows that reach the heap.
  constexpr size_t kBlock = 256;
  int32_t dots[kBlock];
  float lower[kBlock], upper[kBlock];
  const float* score_scales = q8.score_scales.data();
  const float* relative_errors = q8.relative_errors.data();
  for (size_t start = 0; start < range; start += kBlock) {
    const size_t count = std::min(kBlock, range - start);
    kernels::dot_i8_rows(query8.data(), rows8 + start * dim, dim, count, dots);
    int reaches = 0;  // whether any row of the block is a candidate: most blocks have none
    for (size_t j = 0; j < count; ++j) {
      const float approx = static_cast<float>(dots[j]) * (query_scale * score_scales[start + j]);
      const float bound = base_bound + q8_norm * relative_errors[start + j];
      upper[j] = approx + bound;
      lower[j] = approx - bound;
      reaches |= !(upper[j] < kth_lower);
    }
    if (!reaches) continue;
    for (size_t j = 0; j < count; ++j) {
      if (upper[j] < kth_lower) continue;
      const auto row = static_cast<uint32_t>(start + j);
      candidates.push_back({row, upper[j]});
      if (lower[j] < kth_lower) continue;
      lower_top.push(row, lower[j]);
      if (lower_top.full()) kth_lower = lower_top.worst().score;
    }
  }
  if (!lower_top.full()) return nearest_f32(m, unit_query, range, keep);  // fewer rows than k

  TopK top(keep);
  std::vector<float> scratch(dim);
  for (const Neighbor& c : candidates) {
    if (c.score < kth_lower) continue;
    top.push(c.row, cosine_score(m, c.row, unit_query, scratch.data()));
  }
  return top.take();
}

std::vector<float> unit_query_of(const float* query, size_t size, const EmbeddingMatrix& m, const char* where) {
  check_vector(query, size, m.dim(), where, "query");
  double sum = 0.0;
  for (size_t j = 0; j < size; ++j) sum += static_cast<double>(query[j]) * query[j];
  if (sum == 0.0) throw Error(ErrorCode::kInvalidArgument, std::string(where) + ": the query vector is all zeros");
  const float norm = static_cast<float>(std::sqrt(sum));
  std::vector<float> unit(query, query + size);
  for (float& v : unit) v /= norm;
  return unit;
}

std::vector<Neighbor> nearest_unit(const EmbeddingMatrix& m, const std::vector<float>& unit_query,
                                   const SearchOptions& options, const std::vector<uint32_t>& exclude) {
  const size_t range = search_range(m, options);
  if (options.top_k == 0 || range == 0) return {};
  const size_t keep = std::min(range, options.top_k + exclude.size());
  const Int8Rows* q8 = options.use_int8 ? m.int8_rows() : nullptr;
  std::vector<Neighbor> best =
      q8 ? nearest_int8(m, *q8, unit_query.data(), range, keep) : nearest_f32(m, unit_query.data(), range, keep);
  return without(std::move(best), exclude, options.top_k);
}

TOKVEC_COLD_BEGIN
std::vector<uint32_t> term_rows(const std::vector<Term>& positive, const std::vector<Term>& negative) {
  std::vector<uint32_t> rows;
  for (const auto* list : {&positive, &negative}) {
    for (const Term& t : *list) {
      if (t.row) rows.push_back(*t.row);
    }
  }
  return rows;
}

void check_terms(const EmbeddingMatrix& m, const std::vector<Term>& terms, const char* where) {
  for (const Term& t : terms) {
    if (t.row) {
      check_row(m, *t.row, where);
    } else {
      check_vector(t.vector.data(), t.vector.size(), m.dim(), where, "vector");
    }
    if (!std::isfinite(t.weight)) throw Error(ErrorCode::kInvalidArgument, std::string(where) + ": a weight is not finite");
  }
}
TOKVEC_COLD_END

}  // namespace

void TopK::push(uint32_t row, float score) {
  if (k_ == 0) return;
  const Neighbor n{row, score};
  if (heap_.size() < k_) {
    heap_.push_back(n);
    std::push_heap(heap_.begin(), heap_.end(), better);
  } else if (better(n, heap_.front())) {
    std::pop_heap(heap_.begin(), heap_.end(), better);
    heap_.back() = n;
    std::push_heap(heap_.begin(), heap_.end(), better);
  }
}

std::vector<Neighbor> TopK::take() {
  std::sort_heap(heap_.begin(), heap_.end(), better);
  return std::move(heap_);
}

std::vector<Neighbor> nearest(const EmbeddingMatrix& m, const float* query, size_t query_size,
                              const SearchOptions& options, const std::vector<uint32_t>& exclude) {
  return nearest_unit(m, unit_query_of(query, query_size, m, "mostSimilar"), options, exclude);
}

std::vector<float> mean_vector(const EmbeddingMatrix& m, const std::vector<Term>& terms, const char* where) {
  if (terms.empty()) throw Error(ErrorCode::kInvalidArgument, std::string(where) + ": cannot compute a mean of no input");
  check_terms(m, terms, where);
  const size_t dim = m.dim();
  std::vector<double> sum(dim, 0.0);
  std::vector<float> unit(dim);
  double total_weight = 0.0;
  for (const Term& t : terms) {
    const float* v = t.vector.data();
    if (t.row) {
      unit_row(m, *t.row, unit.data());
      v = unit.data();
    }
    for (size_t j = 0; j < dim; ++j) sum[j] += t.weight * v[j];
    total_weight += std::fabs(t.weight);
  }
  double norm = 0.0;
  for (size_t j = 0; j < dim; ++j) {
    if (total_weight > 0.0) sum[j] /= total_weight;
    norm += sum[j] * sum[j];
  }
  norm = std::sqrt(norm);
  if (norm == 0.0) {
    throw Error(ErrorCode::kInvalidArgument, std::string(where) + ": the terms cancel out (their mean is all zeros)");
  }
  std::vector<float> mean(dim);
  for (size_t j = 0; j < dim; ++j) mean[j] = static_cast<float>(sum[j] / norm);
  return mean;
}

std::vector<Neighbor> most_similar(const EmbeddingMatrix& m, const std::vector<Term>& positive,
                                   const std::vector<Term>& negative, const SearchOptions& options) {
  std::vector<Term> terms = positive;
  for (Term t : negative) {
    t.weight = -t.weight;
    terms.push_back(std::move(t));
  }
  const std::vector<float> mean = mean_vector(m, terms, "mostSimilar");
  return nearest_unit(m, mean, options, term_rows(positive, negative));
}

std::vector<Neighbor> most_similar_cosmul(const EmbeddingMatrix& m, const std::vector<Term>& positive,
                                          const std::vector<Term>& negative, const SearchOptions& options) {
  const char* where = "mostSimilarCosmul";
  if (positive.empty()) throw Error(ErrorCode::kInvalidArgument, std::string(where) + ": needs at least one positive term");
  check_terms(m, positive, where);
  check_terms(m, negative, where);
  const size_t dim = m.dim();
  // Each term as the vector gensim dots with: a word's unit row, or the vector as given.
  auto vectors_of = [&](const std::vector<Term>& terms) {
    std::vector<std::vector<float>> out;
    for (const Term& t : terms) {
      if (t.row) {
        std::vector<float> v(dim);
        unit_row(m, *t.row, v.data());
        out.push_back(std::move(v));
      } else {
        out.push_back(t.vector);
      }
    }
    return out;
  };
  const auto pos = vectors_of(positive), neg = vectors_of(negative);
  const std::vector<uint32_t> exclude = term_rows(positive, negative);
  const size_t range = search_range(m, options);
  if (options.top_k == 0 || range == 0) return {};
  TopK top(std::min(range, options.top_k + exclude.size()));
  std::vector<float> scratch(dim);
  for (size_t i = 0; i < range; ++i) {
    const float n = m.norm(i);
    const float* r = m.row(i, scratch.data());
    auto shifted = [&](const std::vector<float>& t) {
      const float cos = n == 0.0f ? 0.0f : kernels::dot(r, t.data(), dim) / n;
      return (1.0 + cos) / 2.0;
    };
    double num = 1.0, den = 1.0;
    for (const auto& t : pos) num *= shifted(t);
    for (const auto& t : neg) den *= shifted(t);
    top.push(static_cast<uint32_t>(i), static_cast<float>(num / (den + 1e-6)));
  }
  return without(top.take(), exclude, options.top_k);
}

float similarity(const EmbeddingMatrix& m, uint32_t a, uint32_t b) {
  check_row(m, a, "similarity");
  check_row(m, b, "similarity");
  if (m.norm(a) == 0.0f || m.norm(b) == 0.0f) return 0.0f;
  std::vector<float> va(m.dim()), vb(m.dim());
  m.copy_row(a, va.data());
  m.copy_row(b, vb.data());
  double dot = 0.0;
  for (size_t j = 0; j < m.dim(); ++j) dot += static_cast<double>(va[j]) * vb[j];
  return static_cast<float>(dot / (static_cast<double>(m.norm(a)) * m.norm(b)));
}

// A handful of words per call: built for size (core/cold.h).
TOKVEC_COLD_BEGIN
std::string doesnt_match(const EmbeddingMatrix& m, const std::vector<std::string>& words) {
  std::vector<uint32_t> rows;
  std::vector<std::string> used;
  for (const auto& w : words) {
    if (auto r = m.find(w)) {
      rows.push_back(*r);
      used.push_back(w);
    }
  }
  if (rows.empty()) throw Error(ErrorCode::kInvalidArgument, "doesntMatch: none of the words is in the vocabulary");
  const size_t dim = m.dim();
  std::vector<std::vector<float>> units(rows.size(), std::vector<float>(dim));
  std::vector<double> sum(dim, 0.0);
  for (size_t k = 0; k < rows.size(); ++k) {
    unit_row(m, rows[k], units[k].data());
    for (size_t j = 0; j < dim; ++j) sum[j] += units[k][j];
  }
  double norm = 0.0;
  for (double& v : sum) {
    v /= static_cast<double>(rows.size());
    norm += v * v;
  }
  norm = std::sqrt(norm);
  std::vector<float> mean(dim, 0.0f);
  if (norm > 0.0) {
    for (size_t j = 0; j < dim; ++j) mean[j] = static_cast<float>(sum[j] / norm);
  }
  size_t odd = 0;
  float odd_score = INFINITY;
  for (size_t k = 0; k < rows.size(); ++k) {
    const float s = kernels::dot(units[k].data(), mean.data(), dim);
    if (s < odd_score || (s == odd_score && used[k] < used[odd])) {
      odd = k;
      odd_score = s;
    }
  }
  return used[odd];
}
TOKVEC_COLD_END

size_t rank(const EmbeddingMatrix& m, uint32_t from, uint32_t to) {
  check_row(m, from, "rank");
  check_row(m, to, "rank");
  const size_t dim = m.dim();
  std::vector<float> v(dim), scratch(dim);
  m.copy_row(from, v.data());
  const float from_norm = m.norm(from);
  // gensim's distances: 1 − dot / (‖from‖ ‖row‖), in f32; rows of zeros give NaN there and are
  // never closer.
  auto distance = [&](size_t i) {
    return 1.0f - kernels::dot(m.row(i, scratch.data()), v.data(), dim) / (from_norm * m.norm(i));
  };
  if (from_norm == 0.0f || m.norm(to) == 0.0f) return 1;
  const float target = distance(to);
  size_t closer = 0;
  for (size_t i = 0; i < m.rows(); ++i) {
    if (i == from || m.norm(i) == 0.0f) continue;
    if (distance(i) < target) ++closer;
  }
  return closer + 1;
}

}  // namespace tokvec
