// Embeddings speed, the same source natively and in wasm: GloVe text parse MB/s over synthetic
// GloVe-like text (100-d, numbers written as GloVe writes them), and top-10 cosine search over a
// random 400,000 × 100 matrix in f32 and int8 (+ f32 re-rank). Checks int8 == f32 while at it.
//
//   g++ -std=c++20 -O3 -Isrc -I/usr/include src/kernels/kernels.cc src/embeddings/*.cc src/core/json.cc \
//     tests/native/wasm/embeddings_bench.cc -o /tmp/embeddings_bench && /tmp/embeddings_bench
//   em++ -std=c++20 -O3 -msimd128 -fwasm-exceptions -sSINGLE_FILE=1 -sALLOW_MEMORY_GROWTH=1 \
//     -sMAXIMUM_MEMORY=4GB -Isrc -I<dir holding nlohmann/> <same sources> -o /tmp/eb.js && node /tmp/eb.js
#include <chrono>
#include <cstdio>
#include <random>
#include <string>

#include "embeddings/loaders.h"
#include "embeddings/search.h"

using namespace tokvec;

namespace {
double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

int main() {
  std::mt19937 rng(5);
  std::normal_distribution<float> normal(0.0f, 0.4f);

  // GloVe text: "word v1 … v100", numbers with 5–6 significant digits like "-0.038194".
  std::string text;
  const size_t text_rows = 100000, dim = 100;
  char number[32];
  for (size_t r = 0; r < text_rows; ++r) {
    text += "w" + std::to_string(r);
    for (size_t j = 0; j < dim; ++j) {
      std::snprintf(number, sizeof number, " %.5g", normal(rng));
      text += number;
    }
    text += '\n';
  }
  LoadOptions o;
  o.format = EmbeddingFormat::kGloVe;
  auto start = std::chrono::steady_clock::now();
  auto loader = make_loader(o);
  for (size_t at = 0; at < text.size(); at += 1 << 20) loader->feed(std::string_view(text).substr(at, 1 << 20));
  const EmbeddingMatrix parsed = loader->finish();
  const double parse_s = seconds_since(start);
  std::printf("GloVe text parse: %.1f MB/s (%.1f MB, %zu rows)\n", text.size() / 1e6 / parse_s, text.size() / 1e6,
              parsed.rows());

  const size_t rows = 400000;
  std::vector<float> values(rows * dim);
  for (float& v : values) v = normal(rng);
  EmbeddingMatrix f32 = EmbeddingMatrix::from_f32(rows, dim, values);
  EmbeddingMatrix q8 = EmbeddingMatrix::from_f32(rows, dim, std::move(values));
  start = std::chrono::steady_clock::now();
  q8.quantize();
  const double quantize_s = seconds_since(start);
  SearchOptions s;
  s.top_k = 10;
  const int queries = 20;
  double f32_s = 0, i8_s = 0;
  int mismatches = 0;
  std::vector<float> query(dim);
  for (int q = 0; q < queries; ++q) {
    f32.copy_row(rng() % rows, query.data());
    for (float& v : query) v += 0.2f * normal(rng);
    start = std::chrono::steady_clock::now();
    const auto want = nearest(f32, query.data(), dim, s);
    f32_s += seconds_since(start);
    start = std::chrono::steady_clock::now();
    const auto got = nearest(q8, query.data(), dim, s);
    i8_s += seconds_since(start);
    for (size_t i = 0; i < want.size(); ++i) mismatches += got[i].row != want[i].row || got[i].score != want[i].score;
  }
  std::printf("top-10 over %zu x %zu: f32 %.2f ms, int8 + f32 re-rank %.2f ms (quantize once %.0f ms); int8 != f32: %d\n",
              rows, dim, 1e3 * f32_s / queries, 1e3 * i8_s / queries, 1e3 * quantize_s, mismatches);
  return mismatches == 0 ? 0 : 1;
}
