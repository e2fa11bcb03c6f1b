// Writers for the word2vec formats the loaders read (loaders.h): text ("rows dim" header, then
// "word v1 … vdim" per line) and binary ("rows dim" header, then per row the word, one space, dim
// little-endian f32 and "\n", as word2vec.c's -binary 1 writes them).
//
// Text values are printed with the fewest significant digits that read back as the same f32 (at
// most 9, laid out as "%.9g" lays them out: 0.1, not 0.100000001), so a text round trip is exact
// (word2vec.c prints "%lf", six decimals, and loses precision). f16 and bf16 rows are widened; int8 rows are written as their f32 values.
// Both formats separate the word from its values with a space, so a word that is empty or holds
// ASCII whitespace is an Error naming its row, as are vectors without words.
#pragma once

#include <string>

#include "embeddings/embedding_matrix.h"

namespace tokvec {

std::string to_word2vec_text(const EmbeddingMatrix& m);
std::string to_word2vec_binary(const EmbeddingMatrix& m);

}  // namespace tokvec
