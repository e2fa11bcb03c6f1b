// Loaders for embedding files, fed in chunks so that a 500 MB file streams from JavaScript
// without one giant copy: `feed` takes each chunk as it arrives, `bytes_consumed` reports
// progress, `finish` returns the EmbeddingMatrix.
//
// Formats:
//   GloVe text        "word v1 … vdim" per line, no header; dim is read off the first line. A
//                     word may contain spaces (GloVe 840B has such words): the last dim fields
//                     are the numbers, everything before them is the word.
//   word2vec text     header line "rows dim", then lines as GloVe (fastText .vec is this format;
//                     its trailing space is accepted). Words have no spaces.
//   word2vec binary   header line "rows dim", then per row: word, one space, dim little-endian
//                     f32, optionally "\n" (leading newlines of a word are dropped, as gensim does).
//   safetensors       8-byte little-endian header length N, N bytes of JSON
//                     {name: {dtype: F32|F16|BF16, shape: [rows, dim] or [dim], data_offsets: [b, e]}},
//                     then the data; one named tensor is loaded (f16/bf16 stay f16/bf16).
//   npy               NumPy .npy v1/v2/v3: '<f4' or '<f2', C order, 2-D.
//   raw f32           little-endian f32 values, dim given.
//   wink JSON         the wink-embeddings-* npm packages: {"precision", "l2NormIndex",
//                     "wordIndex", "size", "dimensions", "words": [...], "vectors": {word:
//                     [v1 … vdim, l2 norm, row index], …}, "unkVector": [...]} — GloVe vectors
//                     keyed by word, each followed by its norm and row. Keys after "vectors" are
//                     not read.
//   text              GloVe or word2vec text, told apart by the first line ("rows dim" = word2vec).
//
// Errors are tokvec::Error naming the format and the line (text) or byte offset (binary):
//   GloVe: line 17: expected 100 numbers after "king", got 99
// Non-finite values are errors. Declared sizes are checked against `max_bytes` and `max_rows`
// (core/limits.h: maxMatrixBytes, maxVocabSize) (and against the
// input size when `total_bytes` is given) before anything is allocated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/limits.h"
#include "embeddings/embedding_matrix.h"

namespace tokvec {

enum class EmbeddingFormat { kText, kGloVe, kWord2VecText, kWord2VecBinary, kSafetensors, kNpy, kRawF32, kWinkJson };

struct LoadOptions {
  EmbeddingFormat format = EmbeddingFormat::kText;
  size_t dim = 0;            // raw f32: values per row (required)
  std::string tensor;        // safetensors: which tensor ("" = the only one)
  uint64_t total_bytes = 0;  // size of the whole input when known (0 = unknown)
  uint64_t max_bytes = limits().max_matrix_bytes;  // largest matrix allowed (values only)
  uint64_t max_rows = limits().max_vocab_size;     // most rows (words) allowed
};

class EmbeddingLoader {
 public:
  virtual ~EmbeddingLoader() = default;

  // Takes the next chunk. Throws tokvec::Error at the first malformed byte; the loader is then
  // unusable.
  void feed(std::string_view chunk);
  // Ends the input and returns the matrix (with words for the formats that have them).
  EmbeddingMatrix finish();
  // Input bytes parsed so far (fed bytes not yet part of a whole line or record are not counted).
  uint64_t bytes_consumed() const { return consumed_; }

 protected:
  // Parses as much of `data` (starting at input byte `offset`) as forms whole units (lines,
  // records, or payload bytes) and returns how many bytes it used; the rest is presented again
  // with more bytes after it. At end of input `at_end` is true and everything must be used.
  virtual size_t consume(std::string_view data, uint64_t offset, bool at_end) = 0;
  virtual EmbeddingMatrix build() = 0;

 private:
  std::string carry_;  // an incomplete unit waiting for the next chunk
  uint64_t consumed_ = 0;
  bool finished_ = false;
};

std::unique_ptr<EmbeddingLoader> make_loader(const LoadOptions& options);

// One-shot: feed everything, finish.
EmbeddingMatrix load_embeddings(std::string_view bytes, const LoadOptions& options);

}  // namespace tokvec
