// Hostile inputs in the core: each cap of core/limits.h refuses its input with a message naming the
// limit and the value, before allocating; and the fixes the JS catalogue (tests/hostile/) led to:
// empty files say so, non-finite SentencePiece scores are refused, a failed stream push is undone.
#include "core/limits.h"

#include <gtest/gtest.h>

#include "testing.h"

#include <cmath>
#include <cstring>
#include <string>

#include "core/json.h"
#include "embeddings/loaders.h"
#include "tokenizer/baseline.h"
#include "tokenizer/load.h"
#include "tokenizer/loaders/sentencepiece_model.h"
#include "tokenizer/loaders/tiktoken.h"
#include "tokenizer/loaders/vocab_txt.h"
#include "tokenizer/tokenizer.h"

namespace tokvec {
namespace {

// Sets limits for one test and restores the defaults after it.
class LimitsTest : public ::testing::Test {
 protected:
  void TearDown() override { set_limits(Limits{}); }
};

TEST_F(LimitsTest, DefaultsAreDocumented) {
  const Limits l = limits();
  EXPECT_EQ(l.max_input_bytes, 64u << 20);
  EXPECT_EQ(l.max_vocab_size, 4u << 20);
  EXPECT_EQ(l.max_matrix_bytes, uint64_t{3} << 30);
}

TEST_F(LimitsTest, ZeroIsRefused) {
  EXPECT_EQ(error_of([] { set_limits({0, 1, 1}); }), "setLimits: maxInputBytes must be at least 1");
  EXPECT_EQ(error_of([] { set_limits({1, 1, 0}); }), "setLimits: maxMatrixBytes must be at least 1");
}

TEST_F(LimitsTest, EncodeRefusesTextOverMaxInputBytes) {
  const auto t = make_byte_level();
  set_limits({10, Limits{}.max_vocab_size, Limits{}.max_matrix_bytes});
  EXPECT_EQ(t->encode("0123456789").size(), 10u);
  try {
    t->encode("0123456789a");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kLimit);
    EXPECT_STREQ(e.what(),
                 "encode: the text's UTF-8 length in bytes is 11, more than maxInputBytes (10); raise it with setLimits");
  }
}

TEST_F(LimitsTest, VocabulariesOverMaxVocabSizeAreRefusedWhileLoading) {
  set_limits({Limits{}.max_input_bytes, 3, Limits{}.max_matrix_bytes});
  EXPECT_EQ(error_of([] { read_vocab_txt("a\nb\nc\nd\n"); }),
            "vocab.txt: the vocabulary size is 4, more than maxVocabSize (3); raise it with setLimits");
  std::string ranks;
  for (int b = 0; b < 256; ++b) ranks += "AA== " + std::to_string(b) + "\n";
  EXPECT_EQ(error_of([&] { load_tiktoken(ranks, "t.tiktoken"); }),
            "t.tiktoken: line 4: \"AA== 3\": rank 3: the vocabulary size is 4, more than maxVocabSize (3); raise it "
            "with setLimits");
}

TEST_F(LimitsTest, EmbeddingHeadersOverTheLimitsAreRefusedBeforeAllocating) {
  LoadOptions o;
  o.format = EmbeddingFormat::kWord2VecText;
  EXPECT_EQ(error_of([&] { load_embeddings("5000000 300\n", o); }),
            "word2vec: line 1: header: the row count is 5000000, more than maxVocabSize (4194304); raise it with "
            "setLimits");
  EXPECT_EQ(error_of([&] { load_embeddings("4000000 300\n", o); }),
            "word2vec: line 1: header: 4000000 rows × 300 dims need 4800000000 bytes, more than maxMatrixBytes "
            "(3221225472)");
  set_limits({Limits{}.max_input_bytes, 2, Limits{}.max_matrix_bytes});
  LoadOptions glove;  // read after set_limits: LoadOptions takes the limits in force
  glove.format = EmbeddingFormat::kGloVe;
  EXPECT_EQ(error_of([&] { load_embeddings("a 1\nb 2\nc 3\n", glove); }),
            "GloVe: line 3: more than maxVocabSize (2) rows");
}

TEST(EmptyInputs, SayTheFileIsEmpty) {
  EXPECT_EQ(error_of([] { JsonView::parse("", "t.json"); }), "t.json: the input is empty (0 bytes), expected a JSON document");
  EXPECT_EQ(error_of([] { load_tiktoken("", "t.tiktoken"); }), "t.tiktoken: no ranks (the file is empty)");
  EXPECT_EQ(error_of([] { tokenizer_from_word_piece_vocab("", {}); }), "vocab.txt: no tokens (the file is empty)");
}

TEST(SentencePieceModelFile, NonFiniteScoresAreParseErrors) {
  // pieces { piece: "a" score: NaN }: field 1 (bytes), then field 2 (fixed32).
  std::string model = "\x0a\x08\x0a\x01" "a" "\x15" + std::string(4, '\0');
  const float nan = std::nanf("");
  std::memcpy(model.data() + 6, &nan, 4);
  EXPECT_EQ(error_of([&] { read_sentencepiece_model(model); }),
            "tokenizer.model: byte 5: pieces[0].score: NaN is not a score");
}

TEST(DecodeStream, AFailedPushLeavesTheStreamUsable) {
  const auto t = make_byte_level();
  DecodeStream stream(*t, false);
  EXPECT_EQ(stream.push('h'), "h");
  EXPECT_EQ(error_of([&] { stream.push(300); }), "decoder.push: id 300 is out of range (vocab size 256)");
  EXPECT_EQ(stream.push('i'), "i");
  EXPECT_EQ(stream.flush(), "");
}

}  // namespace
}  // namespace tokvec
