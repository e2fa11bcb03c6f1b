// From token ids to one vector per text: row lookup into a (batch, seq, dim) buffer, sinusoidal
// position encodings ("Attention Is All You Need", Vaswani et al. 2017, §3.5), their sum, and
// pooling (mean over the attention mask, max, first token) with optional L2 normalisation, as
// sentence-transformers' Pooling module does it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "embeddings/embedding_matrix.h"

namespace tokvec {

// PE(pos, 2i) = sin(pos / 10000^(2i/dim)), PE(pos, 2i+1) = cos(pos / 10000^(2i/dim)), for
// pos < seq_len, into out (seq_len × dim, row per position). Computed in double, then rounded.
// An odd dim ends with a sine column.
void sinusoidal_positions(size_t seq_len, size_t dim, float* out);

// out[b, s, :] = row ids[b·seq + s] of m, for batch × seq ids. An id ≥ rows is an Error naming
// its index and value: `lookup: ids[5] = 400001 is out of range (rows 400000)`.
void lookup(const EmbeddingMatrix& m, const uint32_t* ids, size_t batch, size_t seq, float* out);

// values (batch × seq × dim) += the sinusoidal encoding of each position.
void add_positions(float* values, size_t batch, size_t seq, size_t dim);

enum class Pooling { kMean, kMax, kFirst };

// Pools values (batch × seq × dim) to out (batch × dim). `mask` (batch × seq, nonzero = a real
// token) may be null = every token counts. kMean averages the masked tokens and kMax takes their
// maximum (a text with no masked token pools to zeros); kFirst takes token 0 whatever the mask
// (the [CLS] convention). normalize divides each result by its L2 norm (zero vectors stay zero).
void pool(const float* values, const uint8_t* mask, size_t batch, size_t seq, size_t dim, Pooling pooling,
          bool normalize, float* out);

}  // namespace tokvec
