// The embedding-loader targets share one body: the input's first byte picks a chunk size, the
// rest is the file. It is loaded twice, in one piece and streamed in chunks of that size (the
// way the JS wrapper feeds a download), and both must agree: both fail with tokvec::Error, or
// both give the same matrix and words.
#pragma once

#include <cstring>
#include <optional>
#include <vector>

#include "embeddings/loaders.h"
#include "fuzz.h"

namespace tokvec::fuzz {

inline std::optional<EmbeddingMatrix> try_load(std::string_view file, const LoadOptions& options, size_t chunk) {
  try {
    if (chunk == 0) return load_embeddings(file, options);
    auto loader = make_loader(options);
    for (size_t at = 0; at < file.size(); at += chunk) loader->feed(file.substr(at, chunk));
    FUZZ_CHECK(loader->bytes_consumed() <= file.size(), "consumed %llu of %zu bytes",
               static_cast<unsigned long long>(loader->bytes_consumed()), file.size());
    return loader->finish();
  } catch (const Error&) {
    return std::nullopt;
  }
}

inline int fuzz_embeddings(const uint8_t* data, size_t size, EmbeddingFormat format) {
  if (size == 0) return 0;
  const size_t chunk = 1 + data[0] % 64;
  const std::string_view file = as_text(data + 1, size - 1);
  LoadOptions options;
  options.format = format;
  options.dim = 1 + data[0] % 8;   // raw f32 only
  options.max_bytes = size_t{1} << 24;  // declared sizes past 16 MiB are refused before allocating
  const std::optional<EmbeddingMatrix> whole = try_load(file, options, 0);
  if (data[0] & 0x80) options.total_bytes = file.size();
  const std::optional<EmbeddingMatrix> streamed = try_load(file, options, chunk);
  FUZZ_CHECK(whole.has_value() == streamed.has_value(), "one-shot %s, streamed in %zu-byte chunks %s",
             whole ? "loads" : "fails", chunk, streamed ? "loads" : "fails");
  if (!whole) return 0;
  FUZZ_CHECK(whole->rows() == streamed->rows() && whole->dim() == streamed->dim() &&
                 whole->has_words() == streamed->has_words() && whole->storage() == streamed->storage(),
             "%zu x %zu vs %zu x %zu", whole->rows(), whole->dim(), streamed->rows(), streamed->dim());
  std::vector<float> a(whole->dim()), b(whole->dim());
  for (size_t i = 0; i < whole->rows(); ++i) {
    whole->copy_row(i, a.data());
    streamed->copy_row(i, b.data());
    FUZZ_CHECK(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0, "row %zu differs", i);
    if (whole->has_words()) FUZZ_CHECK(whole->word(i) == streamed->word(i), "word %zu differs", i);
  }
  return 0;
}

}  // namespace tokvec::fuzz
