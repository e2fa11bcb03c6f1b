// EmbeddingMatrix, search (gensim KeyedVectors semantics), int8 search, positions, pooling and
// PCA, on tiny matrices whose answers are checkable by hand, and on random matrices against
// references computed here in double.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <random>

#include "core/error.h"
#include "embeddings/embedding_matrix.h"
#include "embeddings/pca.h"
#include "embeddings/positions.h"
#include "embeddings/search.h"

namespace tokvec {
namespace {

#define EXPECT_TOKVEC_ERROR(statement, error_code, text)                  \
  try {                                                                   \
    statement;                                                            \
    ADD_FAILURE() << "no error; expected: " << (text);                    \
  } catch (const Error& e) {                                              \
    EXPECT_EQ(e.code(), error_code);                                      \
    EXPECT_EQ(std::string(e.what()), std::string(text));                  \
  }

// Five 2-d rows, each checkable on paper:
//   a (1, 0)   b (0, 1)   c (1, 1)   d (−1, 0)   e (2, 0)
EmbeddingMatrix plane() {
  EmbeddingMatrix m = EmbeddingMatrix::from_f32(5, 2, {1, 0, 0, 1, 1, 1, -1, 0, 2, 0});
  m.set_words({"a", "b", "c", "d", "e"});
  return m;
}

std::vector<std::string> words_of(const EmbeddingMatrix& m, const std::vector<Neighbor>& n) {
  std::vector<std::string> out;
  for (const auto& x : n) out.emplace_back(m.word(x.row));
  return out;
}

TEST(EmbeddingMatrix, KeepsShapeWordsNormsAndAccountsBytes) {
  EmbeddingMatrix m = plane();
  EXPECT_EQ(m.rows(), 5u);
  EXPECT_EQ(m.dim(), 2u);
  EXPECT_EQ(m.word(2), "c");
  EXPECT_EQ(m.find("e"), 4u);
  EXPECT_EQ(m.find("zzz"), std::nullopt);
  EXPECT_FLOAT_EQ(m.norm(2), std::sqrt(2.0f));
  EXPECT_FLOAT_EQ(m.norm(4), 2.0f);
  // 10 values + 5 norms (4 bytes each), 5 word bytes, 6 offsets, a 16-slot table.
  EXPECT_EQ(m.bytes(), 10 * 4 + 5 * 4 + 5 + 6 * 4 + 16 * 4);
  m.quantize();
  EXPECT_EQ(m.bytes(), 10 * 4 + 5 * 4 + 5 + 6 * 4 + 16 * 4 + 10 + 3 * 5 * 4);
}

TEST(EmbeddingMatrix, DuplicateWordsMapToTheirFirstRow) {
  EmbeddingMatrix m = EmbeddingMatrix::from_f32(3, 1, {1, 2, 3});
  m.set_words({"x", "y", "x"});
  EXPECT_EQ(m.find("x"), 0u);
  EXPECT_EQ(m.word(2), "x");
}

TEST(EmbeddingMatrix, F16Bf16AndInt8StorageWidenRows) {
  // 1.0, −2.0 in f16; 1.0, −2.0 in bf16; 3 · 0.5 and −2 · 0.5 in int8 with scale 0.5.
  const EmbeddingMatrix h = EmbeddingMatrix::from_f16(1, 2, {0x3c00, 0xc000});
  const EmbeddingMatrix b = EmbeddingMatrix::from_bf16(1, 2, {0x3f80, 0xc000});
  const EmbeddingMatrix q = EmbeddingMatrix::from_int8(1, 2, {3, -2}, {0.5f});
  float out[2];
  h.copy_row(0, out);
  EXPECT_EQ(out[0], 1.0f);
  EXPECT_EQ(out[1], -2.0f);
  b.copy_row(0, out);
  EXPECT_EQ(out[0], 1.0f);
  EXPECT_EQ(out[1], -2.0f);
  q.copy_row(0, out);
  EXPECT_EQ(out[0], 1.5f);
  EXPECT_EQ(out[1], -1.0f);
  EXPECT_EQ(h.bytes(), 2 * 2 + 4u);
  EXPECT_EQ(storage_name(h.storage()), std::string("f16"));
}

TEST(EmbeddingMatrix, RejectsBadShapesValuesAndWords) {
  EXPECT_TOKVEC_ERROR(EmbeddingMatrix::from_f32(1, 0, {}), ErrorCode::kInvalidArgument,
                      "embeddings: dim 0 is outside 1..65536");
  EXPECT_TOKVEC_ERROR(EmbeddingMatrix::from_f32(2, 2, {1, 2, 3}), ErrorCode::kInvalidArgument,
                      "embeddings: 3 values for 2 rows × 2 (expected 4)");
  EXPECT_TOKVEC_ERROR(EmbeddingMatrix::from_f32(2, 2, {1, 2, 3, NAN}), ErrorCode::kParse,
                      "embeddings: row 1, column 1 is NaN");
  EXPECT_TOKVEC_ERROR(EmbeddingMatrix::from_f16(1, 1, {0x7c00}), ErrorCode::kParse,
                      "embeddings: row 0, column 0 is infinite");
  EmbeddingMatrix m = plane();
  EXPECT_TOKVEC_ERROR(m.set_words({"a"}), ErrorCode::kInvalidArgument, "embeddings: 1 words for 5 rows");
  EXPECT_TOKVEC_ERROR(m.row_of("zzz", "mostSimilar"), ErrorCode::kOutOfRange,
                      "mostSimilar: \"zzz\" is not in the vocabulary");
  const EmbeddingMatrix unlabeled = EmbeddingMatrix::from_f32(1, 1, {1});
  EXPECT_TOKVEC_ERROR(unlabeled.row_of("a", "similarity"), ErrorCode::kInvalidArgument,
                      "similarity: these embeddings have no words; pass a vector or a row");
}

TEST(Search, NearestRanksByCosineAndBreaksTiesByLowerRow) {
  const EmbeddingMatrix m = plane();
  const float query[2] = {3, 0};
  SearchOptions o;
  o.top_k = 4;
  const auto n = nearest(m, query, 2, o);
  // cos: a 1, e 1 (tie: a is row 0), c 1/√2, b 0.
  EXPECT_EQ(words_of(m, n), (std::vector<std::string>{"a", "e", "c", "b"}));
  EXPECT_FLOAT_EQ(n[0].score, 1.0f);
  EXPECT_FLOAT_EQ(n[2].score, static_cast<float>(1 / std::sqrt(2.0)));
}

TEST(Search, MostSimilarLeavesOutTheQueryWordsAndHonoursRestrictVocab) {
  const EmbeddingMatrix m = plane();
  SearchOptions o;
  o.top_k = 3;
  EXPECT_EQ(words_of(m, most_similar(m, {Term::of_row(0)}, {}, o)), (std::vector<std::string>{"e", "c", "b"}));
  o.restrict_vocab = 3;  // only a, b, c
  EXPECT_EQ(words_of(m, most_similar(m, {Term::of_row(0)}, {}, o)), (std::vector<std::string>{"c", "b"}));
  o.top_k = 0;
  EXPECT_TRUE(most_similar(m, {Term::of_row(0)}, {}, o).empty());
}

// king − man + woman, built so that queen = king − man + woman exactly:
//   man (1,0,0)  woman (0,1,0)  king (1,0,1)  queen (0,1,1)  apple (0,0,−1)  prince (1,0,0.9)
EmbeddingMatrix royals() {
  EmbeddingMatrix m = EmbeddingMatrix::from_f32(6, 3, {1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 1, 0, 0, -1, 1, 0, 0.9f});
  m.set_words({"man", "woman", "king", "queen", "apple", "prince"});
  return m;
}

double cos3(const double* a, const double* b) {
  const double ab = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  return ab / std::sqrt((a[0] * a[0] + a[1] * a[1] + a[2] * a[2]) * (b[0] * b[0] + b[1] * b[1] + b[2] * b[2]));
}

TEST(Search, ThreeCosAddFollowsGensim) {
  const EmbeddingMatrix m = royals();
  const auto n = most_similar(m, {Term::of_row(2), Term::of_row(1)}, {Term::of_row(0)}, SearchOptions{});
  ASSERT_EQ(words_of(m, n), (std::vector<std::string>{"queen", "prince", "apple"}));
  // gensim: mean of unit(king) + unit(woman) − unit(man), over Σ|w| = 3, normalised; dot / ‖row‖.
  const double r = 1 / std::sqrt(2.0);
  const double mean[3] = {(r + 0 - 1) / 3.0, (0 + 1 - 0) / 3.0, (r + 0 - 0) / 3.0};
  const double queen[3] = {0, 1, 1}, prince[3] = {1, 0, 0.9f}, apple[3] = {0, 0, -1};
  EXPECT_NEAR(n[0].score, cos3(queen, mean), 1e-6);
  EXPECT_NEAR(n[1].score, cos3(prince, mean), 1e-6);
  EXPECT_NEAR(n[2].score, cos3(apple, mean), 1e-6);
}

TEST(Search, ThreeCosMulFollowsGensim) {
  const EmbeddingMatrix m = royals();
  const auto n = most_similar_cosmul(m, {Term::of_row(2), Term::of_row(1)}, {Term::of_row(0)}, SearchOptions{});
  ASSERT_EQ(n[0].row, 3u);  // queen
  const double king[3] = {1, 0, 1}, woman[3] = {0, 1, 0}, man[3] = {1, 0, 0};
  auto expected = [&](const double* r) {
    auto s = [&](const double* t) { return (1 + cos3(r, t)) / 2; };
    return s(king) * s(woman) / (s(man) + 1e-6);
  };
  const double queen[3] = {0, 1, 1}, prince[3] = {1, 0, 0.9f};
  EXPECT_NEAR(n[0].score, expected(queen), 1e-6);
  EXPECT_EQ(n[1].row, 5u);
  EXPECT_NEAR(n[1].score, expected(prince), 1e-6);
}

TEST(Search, SimilarityDoesntMatchAndRankFollowGensim) {
  const EmbeddingMatrix m = plane();
  EXPECT_FLOAT_EQ(similarity(m, 0, 2), static_cast<float>(1 / std::sqrt(2.0)));
  EXPECT_FLOAT_EQ(similarity(m, 0, 3), -1.0f);
  // Unit vectors (1,0), (1,0), (.71,.71), (−1,0): d points away from their mean; "zzz" is ignored.
  EXPECT_EQ(doesnt_match(m, {"a", "e", "c", "d", "zzz"}), "d");
  // From a: e (distance 0) is closer than c (1 − 1/√2); nothing is strictly closer than e.
  EXPECT_EQ(rank(m, 0, 2), 2u);
  EXPECT_EQ(rank(m, 0, 4), 1u);
  EXPECT_EQ(rank(m, 0, 3), 4u);  // e, c, b are closer than d
}

TEST(Search, ErrorsNameTheProblem) {
  const EmbeddingMatrix m = plane();
  const float three[3] = {1, 2, 3}, zero[2] = {0, 0}, nan[2] = {NAN, 1};
  EXPECT_TOKVEC_ERROR(nearest(m, three, 3, {}), ErrorCode::kInvalidArgument,
                      "mostSimilar: query has 3 values, embeddings have dim 2");
  EXPECT_TOKVEC_ERROR(nearest(m, zero, 2, {}), ErrorCode::kInvalidArgument, "mostSimilar: the query vector is all zeros");
  EXPECT_TOKVEC_ERROR(nearest(m, nan, 2, {}), ErrorCode::kInvalidArgument, "mostSimilar: query[0] is not a finite number");
  EXPECT_TOKVEC_ERROR(most_similar(m, {}, {}, {}), ErrorCode::kInvalidArgument,
                      "mostSimilar: cannot compute a mean of no input");
  EXPECT_TOKVEC_ERROR(most_similar(m, {Term::of_row(9)}, {}, {}), ErrorCode::kOutOfRange,
                      "mostSimilar: row 9 is out of range (rows 5)");
  EXPECT_TOKVEC_ERROR(most_similar(m, {Term::of_row(0)}, {Term::of_row(0)}, {}), ErrorCode::kInvalidArgument,
                      "mostSimilar: the terms cancel out (their mean is all zeros)");
  EXPECT_TOKVEC_ERROR(most_similar(m, {Term::of_vector({1, 2, 3})}, {}, {}), ErrorCode::kInvalidArgument,
                      "mostSimilar: vector has 3 values, embeddings have dim 2");
  EXPECT_TOKVEC_ERROR(most_similar_cosmul(m, {}, {Term::of_row(0)}, {}), ErrorCode::kInvalidArgument,
                      "mostSimilarCosmul: needs at least one positive term");
  EXPECT_TOKVEC_ERROR(doesnt_match(m, {"x", "y"}), ErrorCode::kInvalidArgument,
                      "doesntMatch: none of the words is in the vocabulary");
  EXPECT_TOKVEC_ERROR(similarity(m, 0, 5), ErrorCode::kOutOfRange, "similarity: row 5 is out of range (rows 5)");
  EXPECT_TOKVEC_ERROR(rank(m, 7, 0), ErrorCode::kOutOfRange, "rank: row 7 is out of range (rows 5)");
}

TEST(TopK, KeepsTheBestAndBreaksTiesByLowerRow) {
  TopK top(3);
  const float scores[] = {0.5f, 0.9f, 0.5f, 0.1f, 0.9f, 0.5f};
  for (uint32_t i = 0; i < 6; ++i) top.push(i, scores[i]);
  const auto best = top.take();
  ASSERT_EQ(best.size(), 3u);
  EXPECT_EQ(best[0].row, 1u);
  EXPECT_EQ(best[1].row, 4u);
  EXPECT_EQ(best[2].row, 0u);
}

// Random matrices (with duplicated rows, so ties occur), random queries: the int8 scan with f32
// re-rank returns exactly the f32 scan's rows and scores.
TEST(Search, Int8CandidatesWithF32RerankEqualTheF32ScanSeed2024) {
  std::mt19937 rng(2024);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  for (size_t dim : {3u, 16u, 37u, 100u}) {
    const size_t rows = 3000;
    std::vector<float> values(rows * dim);
    for (float& v : values) v = normal(rng);
    for (size_t r = 0; r < 200; ++r) {  // duplicates of earlier rows, some scaled
      const size_t from = rng() % rows, to = rng() % rows;
      for (size_t j = 0; j < dim; ++j) values[to * dim + j] = values[from * dim + j] * (r % 2 ? 1.0f : 2.0f);
    }
    EmbeddingMatrix f32 = EmbeddingMatrix::from_f32(rows, dim, values);
    EmbeddingMatrix q8 = EmbeddingMatrix::from_f32(rows, dim, values);
    q8.quantize();
    for (int trial = 0; trial < 30; ++trial) {
      std::vector<float> query(dim);
      if (trial % 3 == 0) {
        q8.copy_row(rng() % rows, query.data());  // a row itself: ties with its duplicates
      } else {
        for (float& v : query) v = normal(rng);
      }
      for (size_t k : {1u, 10u, 50u}) {
        SearchOptions o;
        o.top_k = k;
        o.restrict_vocab = trial % 5 == 0 ? 1000 : 0;
        const auto expected = nearest(f32, query.data(), dim, o);
        const auto got = nearest(q8, query.data(), dim, o);
        ASSERT_EQ(got.size(), expected.size());
        for (size_t i = 0; i < got.size(); ++i) {
          ASSERT_EQ(got[i].row, expected[i].row) << "dim " << dim << " trial " << trial << " k " << k << " rank " << i;
          ASSERT_EQ(got[i].score, expected[i].score);
        }
      }
    }
  }
}

// f16, bf16 and int8 storage are searched a block of widened rows at a time: the results equal
// those of an f32 matrix holding the same (widened) values, over several blocks and a partial one.
TEST(Search, F16Bf16AndInt8StorageSearchLikeTheirF32ValuesSeed31) {
  std::mt19937 rng(31);
  std::uniform_int_distribution<int> byte(-127, 127);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  for (size_t dim : {5u, 37u, 300u}) {
    const size_t rows = 1000;
    std::vector<uint16_t> half(rows * dim), brain(rows * dim);
    std::vector<int8_t> q(rows * dim);
    std::vector<float> scales(rows);
    for (size_t i = 0; i < half.size(); ++i) {
      half[i] = static_cast<uint16_t>(0x3000 + (rng() & 0x0fff)) | static_cast<uint16_t>(rng() & 0x8000);
      brain[i] = static_cast<uint16_t>(0x3e00 + (rng() & 0x01ff)) | static_cast<uint16_t>(rng() & 0x8000);
      q[i] = static_cast<int8_t>(byte(rng));
    }
    for (float& s : scales) s = 0.01f + 0.001f * static_cast<float>(rng() % 100);
    for (size_t j = 0; j < dim; ++j) q[7 * dim + j] = 0;  // a row of zeros scores 0
    const EmbeddingMatrix stored[] = {EmbeddingMatrix::from_f16(rows, dim, half),
                                      EmbeddingMatrix::from_bf16(rows, dim, brain),
                                      EmbeddingMatrix::from_int8(rows, dim, q, scales)};
    for (const EmbeddingMatrix& m : stored) {
      std::vector<float> values(rows * dim);
      for (size_t r = 0; r < rows; ++r) m.copy_row(r, values.data() + r * dim);
      const EmbeddingMatrix f32 = EmbeddingMatrix::from_f32(rows, dim, values);
      std::vector<float> query(dim);
      for (float& v : query) v = normal(rng);
      for (size_t k : {size_t{25}, rows}) {  // the best rows; every row, the row of zeros included
        SearchOptions o;
        o.top_k = k;
        const auto expected = nearest(f32, query.data(), dim, o);
        const auto got = nearest(m, query.data(), dim, o);
        ASSERT_EQ(got.size(), k);
        ASSERT_EQ(expected.size(), k);
        for (size_t i = 0; i < k; ++i) {
          ASSERT_EQ(got[i].row, expected[i].row) << storage_name(m.storage()) << " dim " << dim << " rank " << i;
          ASSERT_EQ(got[i].score, expected[i].score) << storage_name(m.storage()) << " dim " << dim << " rank " << i;
        }
      }
    }
  }
}

// The f32 scan against cosines computed in double over a random matrix.
TEST(Search, NearestScoresMatchADoubleReferenceSeed7) {
  std::mt19937 rng(7);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  const size_t rows = 2000, dim = 50;
  std::vector<float> values(rows * dim);
  for (float& v : values) v = normal(rng);
  const EmbeddingMatrix m = EmbeddingMatrix::from_f32(rows, dim, values);
  std::vector<float> query(dim);
  for (float& v : query) v = normal(rng);
  std::vector<std::pair<double, uint32_t>> ref;
  double qq = 0;
  for (float v : query) qq += double{v} * v;
  for (uint32_t r = 0; r < rows; ++r) {
    double ab = 0, bb = 0;
    for (size_t j = 0; j < dim; ++j) {
      ab += double{values[r * dim + j]} * query[j];
      bb += double{values[r * dim + j]} * values[r * dim + j];
    }
    ref.push_back({-ab / std::sqrt(qq * bb), r});
  }
  std::sort(ref.begin(), ref.end());
  SearchOptions o;
  o.top_k = 20;
  const auto got = nearest(m, query.data(), dim, o);
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].row, ref[i].second);
    EXPECT_NEAR(got[i].score, -ref[i].first, 1e-6);
  }
}

TEST(Positions, SinusoidalEncodingFollowsTheFormula) {
  // dim 4: columns sin(pos), cos(pos), sin(pos/100), cos(pos/100) since 10000^(2/4) = 100.
  std::vector<float> pe(3 * 4);
  sinusoidal_positions(3, 4, pe.data());
  EXPECT_EQ(pe[0], 0.0f);
  EXPECT_EQ(pe[1], 1.0f);
  EXPECT_FLOAT_EQ(pe[4 + 0], static_cast<float>(std::sin(1.0)));
  EXPECT_FLOAT_EQ(pe[4 + 1], static_cast<float>(std::cos(1.0)));
  EXPECT_FLOAT_EQ(pe[8 + 2], static_cast<float>(std::sin(0.02)));
  EXPECT_FLOAT_EQ(pe[8 + 3], static_cast<float>(std::cos(0.02)));
  // An odd dim ends with a sine column: dim 3, column 2 is sin(pos / 10000^(2/3)).
  std::vector<float> odd(2 * 3);
  sinusoidal_positions(2, 3, odd.data());
  EXPECT_FLOAT_EQ(odd[3 + 2], static_cast<float>(std::sin(1 / std::pow(10000.0, 2.0 / 3))));
}

TEST(Positions, LookupAddsPositionsAndPools) {
  const EmbeddingMatrix m = plane();  // a (1,0) b (0,1) c (1,1) d (−1,0) e (2,0)
  const uint32_t ids[4] = {0, 2, 4, 3};  // batch 2 × seq 2: [a c] [e d]
  std::vector<float> x(2 * 2 * 2);
  lookup(m, ids, 2, 2, x.data());
  EXPECT_EQ(x, (std::vector<float>{1, 0, 1, 1, 2, 0, -1, 0}));
  std::vector<float> out(2 * 2);
  pool(x.data(), nullptr, 2, 2, 2, Pooling::kMean, false, out.data());
  EXPECT_EQ(out, (std::vector<float>{1, 0.5f, 0.5f, 0}));
  const uint8_t mask[4] = {1, 1, 1, 0};  // the second text's last token is padding
  pool(x.data(), mask, 2, 2, 2, Pooling::kMean, false, out.data());
  EXPECT_EQ(out, (std::vector<float>{1, 0.5f, 2, 0}));
  pool(x.data(), mask, 2, 2, 2, Pooling::kMax, false, out.data());
  EXPECT_EQ(out, (std::vector<float>{1, 1, 2, 0}));
  pool(x.data(), nullptr, 2, 2, 2, Pooling::kFirst, true, out.data());
  EXPECT_EQ(out, (std::vector<float>{1, 0, 1, 0}));
  const uint8_t none[4] = {0, 0, 1, 1};
  pool(x.data(), none, 2, 2, 2, Pooling::kMean, true, out.data());
  EXPECT_EQ(out, (std::vector<float>{0, 0, 1, 0}));  // mean (0.5, 0), normalised
  add_positions(x.data(), 2, 2, 2);  // + (0, 1) at position 0 and (sin 1, cos 1) at position 1
  EXPECT_FLOAT_EQ(x[0], 1.0f);
  EXPECT_FLOAT_EQ(x[1], 1.0f);
  EXPECT_FLOAT_EQ(x[2], 1.0f + static_cast<float>(std::sin(1.0)));
  EXPECT_FLOAT_EQ(x[7], static_cast<float>(std::cos(1.0)));
}

TEST(Positions, LookupNamesAnOutOfRangeId) {
  const EmbeddingMatrix m = plane();
  const uint32_t ids[3] = {0, 1, 400001};
  std::vector<float> x(3 * 2);
  EXPECT_TOKVEC_ERROR(lookup(m, ids, 1, 3, x.data()), ErrorCode::kOutOfRange,
                      "lookup: ids[2] = 400001 is out of range (rows 5)");
}

// Eight points ±3·u1 ± 2·u2 ± 1·u3 (+ an offset) for orthonormal u1, u2, u3 in R⁶: the sample
// covariance has eigenvalues 8·9/7, 8·4/7, 8/7 along u1, u2, u3 and 0 elsewhere, so the explained
// variance ratios are 9/14, 4/14, 1/14 and the coordinates are the ±3, ±2, ±1 themselves.
TEST(Pca, RecoversKnownAxesVariancesAndCoordinates) {
  std::mt19937 rng(11);
  std::normal_distribution<double> normal(0, 1);
  const size_t dim = 6;
  std::vector<std::vector<double>> u(3, std::vector<double>(dim));
  for (size_t c = 0; c < 3; ++c) {  // Gram–Schmidt on random vectors
    for (double& v : u[c]) v = normal(rng);
    for (size_t d = 0; d < c; ++d) {
      const double dot = std::inner_product(u[c].begin(), u[c].end(), u[d].begin(), 0.0);
      for (size_t j = 0; j < dim; ++j) u[c][j] -= dot * u[d][j];
    }
    const double n = std::sqrt(std::inner_product(u[c].begin(), u[c].end(), u[c].begin(), 0.0));
    for (double& v : u[c]) v /= n;
  }
  const double scale[3] = {3, 2, 1};
  std::vector<float> values;
  std::vector<std::array<double, 3>> coeff;
  for (int k = 0; k < 8; ++k) {
    std::array<double, 3> c{};
    for (int i = 0; i < 3; ++i) c[i] = ((k >> i) & 1 ? 1 : -1) * scale[i];
    coeff.push_back(c);
    for (size_t j = 0; j < dim; ++j) values.push_back(static_cast<float>(5.0 + c[0] * u[0][j] + c[1] * u[1][j] + c[2] * u[2][j]));
  }
  const EmbeddingMatrix m = EmbeddingMatrix::from_f32(8, dim, values);
  const Projection p = pca(m, {}, 3);
  const double ratios[3] = {9.0 / 14, 4.0 / 14, 1.0 / 14};
  for (size_t c = 0; c < 3; ++c) {
    EXPECT_NEAR(p.explained_variance_ratio[c], ratios[c], 1e-6);
    // The axis is ±u_c, with its largest-magnitude coordinate positive.
    size_t largest = 0;
    for (size_t j = 1; j < dim; ++j) {
      if (std::fabs(u[c][j]) > std::fabs(u[c][largest])) largest = j;
    }
    const double sign = u[c][largest] > 0 ? 1 : -1;
    for (size_t j = 0; j < dim; ++j) EXPECT_NEAR(p.axes[c * dim + j], sign * u[c][j], 1e-5);
    for (size_t k = 0; k < 8; ++k) EXPECT_NEAR(p.coordinates[k * 3 + c], sign * coeff[k][c], 1e-4);
  }
  // The same rows chosen explicitly give the same answer.
  const Projection again = pca(m, {0, 1, 2, 3, 4, 5, 6, 7}, 2);
  EXPECT_EQ(again.coordinates.size(), 16u);
  EXPECT_NEAR(again.coordinates[0], p.coordinates[0], 1e-6);
}

TEST(Pca, SymmetricEigenSolvesAHandCheckedMatrix) {
  // [[2, 1], [1, 2]]: eigenvalues 3 (axis (1, 1)/√2) and 1 (axis (1, −1)/√2).
  std::vector<double> values, vectors;
  symmetric_eigen({2, 1, 1, 2}, 2, values, vectors);
  EXPECT_NEAR(values[0], 3, 1e-12);
  EXPECT_NEAR(values[1], 1, 1e-12);
  EXPECT_NEAR(std::fabs(vectors[0]), 1 / std::sqrt(2.0), 1e-12);
  EXPECT_NEAR(vectors[0] * vectors[1], 0.5, 1e-12);
}

TEST(Pca, ErrorsNameTheProblem) {
  const EmbeddingMatrix m = plane();
  EXPECT_TOKVEC_ERROR(pca(m, {}, 3), ErrorCode::kInvalidArgument, "project: components must be 1..2, got 3");
  EXPECT_TOKVEC_ERROR(pca(m, {0}, 2), ErrorCode::kInvalidArgument, "project: needs at least 2 rows");
  EXPECT_TOKVEC_ERROR(pca(m, {0, 9}, 2), ErrorCode::kOutOfRange, "project: rows[1] = 9 is out of range (rows 5)");
}

}  // namespace
}  // namespace tokvec
