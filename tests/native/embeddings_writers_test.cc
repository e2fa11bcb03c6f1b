// word2vec text and binary writers: exact round trips through the loaders (values that need all
// nine digits, f16 storage), and the errors for rows the formats cannot hold.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "embeddings/loaders.h"
#include "embeddings/writers.h"
#include "testing.h"

namespace tokvec {
namespace {

EmbeddingMatrix sample() {
  // 0.1f and 1/3 need nine digits to come back as the same f32; 1e-30 and -7e20 need exponents.
  EmbeddingMatrix m = EmbeddingMatrix::from_f32(3, 2, {0.1f, 1.0f / 3, -7e20f, 1e-30f, 0, -2.5f});
  m.set_words({"king", "Ġthe", "日本"});
  return m;
}

void expect_same(const EmbeddingMatrix& a, const EmbeddingMatrix& b) {
  ASSERT_EQ(a.rows(), b.rows());
  ASSERT_EQ(a.dim(), b.dim());
  std::vector<float> x(a.dim()), y(a.dim());
  for (size_t i = 0; i < a.rows(); ++i) {
    EXPECT_EQ(a.word(i), b.word(i));
    a.copy_row(i, x.data());
    b.copy_row(i, y.data());
    EXPECT_EQ(x, y) << "row " << i;
  }
}

TEST(EmbeddingsWriters, TextIsWord2VecTextAndReadsBackExactly) {
  const std::string text = to_word2vec_text(sample());
  // 0.1f and (1/3)f in their shortest round-trip digits, as Python prints numpy.float32 values
  EXPECT_EQ(text.substr(0, text.find('\n', 4) + 1), "3 2\nking 0.1 0.33333334\n");
  LoadOptions o;
  o.format = EmbeddingFormat::kWord2VecText;
  expect_same(sample(), load_embeddings(text, o));
}

TEST(EmbeddingsWriters, BinaryIsWord2VecBinaryAndReadsBackExactly) {
  const std::string bytes = to_word2vec_binary(sample());
  EXPECT_EQ(bytes.size(), 4 + 3 * (2 * 4 + 2) + 4 + 5 + 6);
  EXPECT_EQ(bytes.substr(0, 9), "3 2\nking ");
  LoadOptions o;
  o.format = EmbeddingFormat::kWord2VecBinary;
  expect_same(sample(), load_embeddings(bytes, o));
}

TEST(EmbeddingsWriters, HalfPrecisionRowsAreWrittenWidened) {
  // f16 0x3c00 = 1, 0xc000 = −2.
  EmbeddingMatrix m = EmbeddingMatrix::from_f16(1, 2, {0x3c00, 0xc000});
  m.set_words({"x"});
  EXPECT_EQ(to_word2vec_text(m), "1 2\nx 1 -2\n");
}

TEST(EmbeddingsWriters, RowsTheFormatCannotHoldAreErrors) {
  EmbeddingMatrix unlabelled = EmbeddingMatrix::from_f32(1, 1, {1});
  EXPECT_EQ(error_of([&] { to_word2vec_text(unlabelled); }),
            "toText: these embeddings have no words, and the word2vec format needs one per row");
  EmbeddingMatrix spaced = EmbeddingMatrix::from_f32(2, 1, {1, 2});
  spaced.set_words({"ok", "new york"});
  EXPECT_EQ(error_of([&] { to_word2vec_binary(spaced); }),
            "toBinary: row 1: the word \"new york\" is empty or holds whitespace, which the word2vec format cannot hold");
  spaced.set_words({"", "x"});
  EXPECT_EQ(error_of([&] { to_word2vec_text(spaced); }),
            "toText: row 0: the word \"\" is empty or holds whitespace, which the word2vec format cannot hold");
}

}  // namespace
}  // namespace tokvec
