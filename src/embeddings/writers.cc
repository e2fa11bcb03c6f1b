// word2vec text and binary writers (see writers.h).
#include "embeddings/writers.h"

#include <cmath>
#include <cstring>
#include <vector>

#include "core/decimal.h"
#include "core/error.h"

namespace tokvec {
namespace {

bool has_space(std::string_view w) {
  for (const char c : w) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == '\0') return true;
  }
  return false;
}

// The header, after checking that every row has a word the format can hold.
std::string header(const EmbeddingMatrix& m, const char* where) {
  if (!m.has_words()) {
    throw Error(ErrorCode::kInvalidArgument,
                std::string(where) + ": these embeddings have no words, and the word2vec format needs one per row");
  }
  for (size_t i = 0; i < m.rows(); ++i) {
    const std::string_view w = m.word(i);
    if (w.empty() || has_space(w)) {
      throw_error(ErrorCode::kInvalidArgument, {where, ": row ", i, ": the word \"", w,
                                                "\" is empty or holds whitespace, which the word2vec format cannot hold"});
    }
  }
  return message({m.rows(), " ", m.dim(), "\n"});
}

}  // namespace

std::string to_word2vec_text(const EmbeddingMatrix& m) {
  std::string out = header(m, "toText");
  out.reserve(out.size() + m.rows() * (m.dim() * 12 + 16));
  std::vector<float> row(m.dim());
  for (size_t i = 0; i < m.rows(); ++i) {
    out += m.word(i);
    m.copy_row(i, row.data());
    for (const float v : row) {
      out += ' ';
      if (v == 0 || !std::isfinite(v)) {
        out += v == 0 ? (std::signbit(v) ? "-0" : "0") : std::isnan(v) ? "nan" : v < 0 ? "-inf" : "inf";
      } else {
        append_decimal(out, shortest_decimal(v), 9);
      }
    }
    out += '\n';
  }
  return out;
}

std::string to_word2vec_binary(const EmbeddingMatrix& m) {
  std::string out = header(m, "toBinary");
  out.reserve(out.size() + m.rows() * (m.dim() * 4 + 16));
  std::vector<float> row(m.dim());
  for (size_t i = 0; i < m.rows(); ++i) {
    out += m.word(i);
    out += ' ';
    m.copy_row(i, row.data());
    // The loaders require a little-endian target too (loaders.cc), so the bytes are the floats'.
    out.append(reinterpret_cast<const char*>(row.data()), row.size() * sizeof(float));
    out += '\n';
  }
  return out;
}

}  // namespace tokvec
