// Embind glue for embeddings: EmbeddingMatrix behind EmbeddingsHandle and the chunked loaders
// behind LoaderHandle (see guarded.h for how arguments and errors cross).
//
// Query terms arrive as three parallel inputs so one call carries a whole gensim-style query:
// `kinds` (one byte per term: bit 0 set = negative, bit 1 set = a vector rather than a row),
// `rows` (one u32 per term, read for row terms) and `vectors` (dim floats per vector term, in
// term order). Words are turned into rows first by rows_of, which names a missing word.
#include <emscripten/bind.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bindings/guarded.h"
#include "core/limits.h"
#include "embeddings/embedding_matrix.h"
#include "embeddings/loaders.h"
#include "embeddings/pca.h"
#include "embeddings/positions.h"
#include "embeddings/search.h"
#include "embeddings/writers.h"

using namespace emscripten;

namespace {

using tokvec::binding::guarded;
using tokvec::binding::string_list;
using tokvec::binding::view;

class EmbeddingsHandle {
 public:
  explicit EmbeddingsHandle(tokvec::EmbeddingMatrix matrix) : matrix_(std::move(matrix)) {}

  uint32_t rows() const { return static_cast<uint32_t>(matrix_.rows()); }
  uint32_t dim() const { return static_cast<uint32_t>(matrix_.dim()); }
  double bytes() const { return static_cast<double>(matrix_.bytes()); }
  std::string storage() const { return tokvec::storage_name(matrix_.storage()); }
  bool has_words() const { return matrix_.has_words(); }
  bool quantized() const { return matrix_.int8_rows() != nullptr; }

  void set_words(uintptr_t bytes, uintptr_t lengths, uint32_t count) {
    guarded([&] { matrix_.set_words(string_list(bytes, lengths, count)); });
  }

  // Words of rows [first, first + count) into strings(); lengths() gives each one's byte length.
  uint32_t words(uint32_t first, uint32_t count) {
    return guarded([&] {
      std::vector<uint32_t> rows(count);
      for (uint32_t i = 0; i < count; ++i) rows[i] = first + i;
      return label(rows);
    });
  }

  // The row of each word (one UTF-8 buffer and byte lengths) into rows(); a missing word is an
  // Error naming it and `where`.
  uint32_t rows_of(uintptr_t bytes, uintptr_t lengths, uint32_t count, uintptr_t where, uint32_t where_len) {
    return guarded([&] {
      const std::string where_text(view(where, where_len));
      std::vector<uint32_t> rows(count);
      const auto* len = reinterpret_cast<const uint32_t*>(lengths);
      const char* p = reinterpret_cast<const char*>(bytes);
      for (uint32_t i = 0; i < count; ++i) {
        rows[i] = matrix_.row_of(std::string_view(p, len[i]), where_text);
        p += len[i];
      }
      rows_ = std::move(rows);
      return count;
    });
  }

  // The row of a word, or -1.
  int32_t find(uintptr_t word, uint32_t len) const {
    const auto row = matrix_.find(view(word, len));
    return row ? static_cast<int32_t>(*row) : -1;
  }

  // Row `row` as f32 into floats().
  uint32_t vector(uint32_t row) {
    return guarded([&] {
      check_row(row, "vector");
      floats_.resize(matrix_.dim());
      matrix_.copy_row(row, floats_.data());
      return dim();
    });
  }

  // gensim's most_similar (3CosAdd) or, when `cosmul`, most_similar_cosmul (3CosMul). Result
  // rows in rows(), scores in floats(), their words (if any) in strings()/lengths().
  uint32_t most_similar(uintptr_t kinds, uintptr_t rows, uintptr_t vectors, uint32_t count, uint32_t top_n,
                        uint32_t restrict_vocab, bool cosmul) {
    return guarded([&] {
      std::vector<tokvec::Term> positive, negative;
      const auto* kind = reinterpret_cast<const uint8_t*>(kinds);
      const auto* row = reinterpret_cast<const uint32_t*>(rows);
      const auto* values = reinterpret_cast<const float*>(vectors);
      for (uint32_t i = 0; i < count; ++i) {
        auto& list = (kind[i] & 1) ? negative : positive;
        if (kind[i] & 2) {
          list.push_back(tokvec::Term::of_vector(std::vector<float>(values, values + matrix_.dim())));
          values += matrix_.dim();
        } else {
          list.push_back(tokvec::Term::of_row(row[i]));
        }
      }
      tokvec::SearchOptions o;
      o.top_k = top_n;
      o.restrict_vocab = restrict_vocab;
      const std::vector<tokvec::Neighbor> found = cosmul ? tokvec::most_similar_cosmul(matrix_, positive, negative, o)
                                                         : tokvec::most_similar(matrix_, positive, negative, o);
      return take(found);
    });
  }

  float similarity(uint32_t a, uint32_t b) const {
    return guarded([&] { return tokvec::similarity(matrix_, a, b); });
  }

  uint32_t rank(uint32_t from, uint32_t to) const {
    return guarded([&] { return static_cast<uint32_t>(tokvec::rank(matrix_, from, to)); });
  }

  // The word, into strings(); returns its byte length (text goes back as bytes: see
  // TokenizerHandle::decode).
  uint32_t doesnt_match(uintptr_t bytes, uintptr_t lengths, uint32_t count) {
    return guarded([&] {
      strings_ = tokvec::doesnt_match(matrix_, string_list(bytes, lengths, count));
      return static_cast<uint32_t>(strings_.size());
    });
  }

  // PCA of rows[0, count) (count 0 = every row): coordinates in floats(), explained variance
  // ratios in doubles().
  uint32_t project(uintptr_t rows, uint32_t count, uint32_t components) {
    return guarded([&] {
      const auto* r = reinterpret_cast<const uint32_t*>(rows);
      tokvec::Projection p = tokvec::pca(matrix_, std::vector<uint32_t>(r, r + count), components);
      floats_ = std::move(p.coordinates);
      doubles_ = std::move(p.explained_variance_ratio);
      return static_cast<uint32_t>(floats_.size());
    });
  }

  // Rows of ids (batch × seq) into out, which the wrapper allocates (batch × seq × dim floats) and
  // frees after copying: a large lookup then holds no memory once it has been copied out.
  void lookup(uintptr_t ids, uint32_t batch, uint32_t seq, uintptr_t out) const {
    guarded([&] {
      tokvec::lookup(matrix_, reinterpret_cast<const uint32_t*>(ids), batch, seq, reinterpret_cast<float*>(out));
    });
  }

  // One vector for a token sequence: lookup, optional sinusoidal positions, pooling; into floats().
  uint32_t embed(uintptr_t ids, uint32_t count, uint32_t pooling, bool normalize, bool positions) {
    return guarded([&] {
      const size_t dim = matrix_.dim();
      if (count > std::numeric_limits<size_t>::max() / sizeof(float) / dim) {
        tokvec::throw_error(tokvec::ErrorCode::kLimit, {"textEmbedding: ", count, " tokens × dim ", dim, " do not fit in memory"});
      }
      std::vector<float> values(count * dim);
      tokvec::lookup(matrix_, reinterpret_cast<const uint32_t*>(ids), 1, count, values.data());
      if (positions) tokvec::add_positions(values.data(), 1, count, dim);
      floats_.resize(dim);
      tokvec::pool(values.data(), nullptr, 1, count, dim, static_cast<tokvec::Pooling>(pooling), normalize,
                   floats_.data());
      return static_cast<uint32_t>(dim);
    });
  }

  void quantize() {
    guarded([&] { matrix_.quantize(); });
  }

  // The rows in word2vec's text or binary format into strings(); returns the bytes.
  double to_word2vec(bool binary) {
    return guarded([&] {
      strings_ = binary ? tokvec::to_word2vec_binary(matrix_) : tokvec::to_word2vec_text(matrix_);
      return static_cast<double>(strings_.size());
    });
  }
  // Frees what to_word2vec left in strings() once the wrapper has copied it.
  void release_strings() { std::string().swap(strings_); }

  uintptr_t row_buffer() const { return reinterpret_cast<uintptr_t>(rows_.data()); }
  uintptr_t floats() const { return reinterpret_cast<uintptr_t>(floats_.data()); }
  uintptr_t doubles() const { return reinterpret_cast<uintptr_t>(doubles_.data()); }
  uintptr_t strings() const { return reinterpret_cast<uintptr_t>(strings_.data()); }
  uintptr_t lengths() const { return reinterpret_cast<uintptr_t>(lengths_.data()); }

 private:
  void check_row(uint32_t row, const char* where) const {
    if (row >= matrix_.rows()) {
      tokvec::throw_error(tokvec::ErrorCode::kOutOfRange, {where, ": row ", row, " is out of range (rows ", rows(), ")"});
    }
  }

  // Words of `rows` into strings_/lengths_ (empty when the matrix has none); returns the bytes.
  uint32_t label(const std::vector<uint32_t>& rows) {
    strings_.clear();
    lengths_.assign(rows.size(), 0);
    if (!matrix_.has_words()) return 0;
    for (size_t i = 0; i < rows.size(); ++i) {
      check_row(rows[i], "words");
      const std::string_view w = matrix_.word(rows[i]);
      strings_ += w;
      lengths_[i] = static_cast<uint32_t>(w.size());
    }
    return static_cast<uint32_t>(strings_.size());
  }

  uint32_t take(const std::vector<tokvec::Neighbor>& found) {
    rows_.resize(found.size());
    floats_.resize(found.size());
    for (size_t i = 0; i < found.size(); ++i) {
      rows_[i] = found[i].row;
      floats_[i] = found[i].score;
    }
    label(rows_);
    return static_cast<uint32_t>(found.size());
  }

  tokvec::EmbeddingMatrix matrix_;
  std::vector<uint32_t> rows_, lengths_;
  std::vector<float> floats_;
  std::vector<double> doubles_;
  std::string strings_;
};

// An incremental loader: the wrapper feeds chunks as they arrive and reports progress.
class LoaderHandle {
 public:
  explicit LoaderHandle(std::unique_ptr<tokvec::EmbeddingLoader> loader) : loader_(std::move(loader)) {}

  void feed(uintptr_t chunk, uint32_t len) {
    guarded([&] { loader_->feed(view(chunk, len)); });
  }
  double bytes_consumed() const { return static_cast<double>(loader_->bytes_consumed()); }
  EmbeddingsHandle* finish() {
    return guarded([&] { return new EmbeddingsHandle(loader_->finish()); });
  }

 private:
  std::unique_ptr<tokvec::EmbeddingLoader> loader_;
};

// format: an EmbeddingFormat value; total_bytes 0 = unknown (a double: sizes pass 2³² as numbers).
LoaderHandle* make_loader(uint32_t format, uint32_t dim, uintptr_t tensor, uint32_t tensor_len, double total_bytes) {
  return guarded([&] {
    if (format > static_cast<uint32_t>(tokvec::EmbeddingFormat::kWinkJson)) {
      tokvec::throw_error(tokvec::ErrorCode::kInvalidArgument, {"embeddings: unknown format ", format});
    }
    tokvec::LoadOptions o;
    o.format = static_cast<tokvec::EmbeddingFormat>(format);
    o.dim = dim;
    o.tensor.assign(view(tensor, tensor_len));
    o.total_bytes = static_cast<uint64_t>(total_bytes);
    return new LoaderHandle(tokvec::make_loader(o));
  });
}

// values: rows × dim f32 (count values in all).
EmbeddingsHandle* from_array(uintptr_t values, uint32_t count, uint32_t dim) {
  return guarded([&] {
    if (dim == 0 || count % dim != 0) {
      tokvec::throw_error(tokvec::ErrorCode::kInvalidArgument, {"Embeddings.fromArray: ", count, " values are not whole rows of dim ", dim});
    }
    tokvec::check_limit("Embeddings.fromArray", "the matrix size in bytes", uint64_t{count} * 4,
                        tokvec::limits().max_matrix_bytes, "maxMatrixBytes");
    const auto* v = reinterpret_cast<const float*>(values);
    return new EmbeddingsHandle(tokvec::EmbeddingMatrix::from_f32(count / dim, dim, std::vector<float>(v, v + count)));
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(tokvec_embeddings) {
  class_<EmbeddingsHandle>("EmbeddingsHandle")
      .function("rows", &EmbeddingsHandle::rows)
      .function("dim", &EmbeddingsHandle::dim)
      .function("bytes", &EmbeddingsHandle::bytes)
      .function("storage", &EmbeddingsHandle::storage)
      .function("hasWords", &EmbeddingsHandle::has_words)
      .function("quantized", &EmbeddingsHandle::quantized)
      .function("setWords", &EmbeddingsHandle::set_words)
      .function("words", &EmbeddingsHandle::words)
      .function("rowsOf", &EmbeddingsHandle::rows_of)
      .function("find", &EmbeddingsHandle::find)
      .function("vector", &EmbeddingsHandle::vector)
      .function("mostSimilar", &EmbeddingsHandle::most_similar)
      .function("similarity", &EmbeddingsHandle::similarity)
      .function("rank", &EmbeddingsHandle::rank)
      .function("doesntMatch", &EmbeddingsHandle::doesnt_match)
      .function("project", &EmbeddingsHandle::project)
      .function("lookup", &EmbeddingsHandle::lookup)
      .function("embed", &EmbeddingsHandle::embed)
      .function("quantize", &EmbeddingsHandle::quantize)
      .function("toWord2Vec", &EmbeddingsHandle::to_word2vec)
      .function("releaseStrings", &EmbeddingsHandle::release_strings)
      .function("rowBuffer", &EmbeddingsHandle::row_buffer)
      .function("floats", &EmbeddingsHandle::floats)
      .function("doubles", &EmbeddingsHandle::doubles)
      .function("strings", &EmbeddingsHandle::strings)
      .function("lengths", &EmbeddingsHandle::lengths);
  class_<LoaderHandle>("LoaderHandle")
      .function("feed", &LoaderHandle::feed)
      .function("bytesConsumed", &LoaderHandle::bytes_consumed)
      .function("finish", &LoaderHandle::finish, allow_raw_pointers());
  function("makeLoader", &make_loader, allow_raw_pointers());
  function("embeddingsFromArray", &from_array, allow_raw_pointers());
}
