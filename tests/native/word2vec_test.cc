// Word2VecTrainer: option and corpus errors, the vocabulary (count order, min count), sentence
// splitting, determinism (seeds, slicing), progress, and that training learns co-occurrence: on
// sentences drawn from two disjoint topics, words of one topic end up nearer each other than words
// of the other.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/error.h"
#include "embeddings/search.h"
#include "testing.h"
#include "training/word2vec.h"

namespace tokvec {
namespace {

Word2VecOptions small(uint32_t min_count = 1) {
  Word2VecOptions o;
  o.dim = 16;
  o.window = 3;
  o.negative = 4;
  o.min_count = min_count;
  o.epochs = 3;
  o.sample = 0;
  return o;
}

// 600 sentences of 8 words, each from topic A (a0…a9) or topic B (b0…b9), chosen by a fixed
// LCG so the corpus is the same everywhere.
std::vector<std::string> two_topics() {
  std::vector<std::string> out;
  uint32_t x = 12345;
  const auto next = [&] { return (x = x * 1103515245u + 12345u) >> 16; };
  for (int s = 0; s < 600; ++s) {
    const char topic = next() % 2 ? 'a' : 'b';
    std::string line;
    for (int w = 0; w < 8; ++w) line += std::string(1, topic) + std::to_string(next() % 10) + " ";
    out.push_back(line);
  }
  return out;
}

Word2VecTrainer trained(const Word2VecOptions& o, const std::vector<std::string>& texts, uint64_t slice = ~uint64_t{0}) {
  Word2VecTrainer t(o);
  for (const auto& s : texts) t.add_text(s);
  t.build_vocab();
  while (!t.train_some(slice).done) {
  }
  return t;
}

TEST(Word2Vec, OptionsOutOfRangeAreErrorsNamingTheOption) {
  const auto error = [](auto change) {
    Word2VecOptions o;
    change(o);
    return error_of([&] { Word2VecTrainer t(o); });
  };
  EXPECT_EQ(error([](auto& o) { o.dim = 0; }), "word2vec: dim must be from 1 to 65536, got 0");
  EXPECT_EQ(error([](auto& o) { o.window = 0; }), "word2vec: window must be from 1 to 10000, got 0");
  EXPECT_EQ(error([](auto& o) { o.negative = 0; }), "word2vec: negative must be from 1 to 1000, got 0");
  EXPECT_EQ(error([](auto& o) { o.epochs = 0; }), "word2vec: epochs must be from 1 to 100000, got 0");
  EXPECT_EQ(error([](auto& o) { o.sample = -1; }), "word2vec: sample must be from 0 to 1, got -1");
  EXPECT_EQ(error([](auto& o) { o.lr = NAN; }), "word2vec: lr must be above 0 and at most 10, got nan");
}

TEST(Word2Vec, EmptyCorpusAndMinCountAboveEveryCountAreErrors) {
  Word2VecTrainer empty(small());
  empty.add_text("  \t\n ");
  EXPECT_EQ(error_of([&] { empty.build_vocab(); }), "word2vec: the sentences hold no tokens");

  Word2VecTrainer rare(small(5));
  rare.add_text("a b a c");
  EXPECT_EQ(error_of([&] { rare.build_vocab(); }),
            "word2vec: no token occurs minCount (5) times; the most frequent, \"a\", occurs 2 times in 4 tokens: "
            "lower minCount");

  Word2VecTrainer t(small());
  EXPECT_EQ(error_of([&] { t.add_tokens({"x", ""}); }), "word2vec: sentence 0: token 1 is empty");
  EXPECT_EQ(error_of([&] { t.train_some(1); }), "word2vec: train_some before build_vocab");
  t.add_text("x y");
  t.build_vocab();
  EXPECT_EQ(error_of([&] { t.add_text("z"); }), "word2vec: sentences cannot be added after build_vocab");
  EXPECT_EQ(error_of([&] { t.build_vocab(); }), "word2vec: build_vocab was already called");
}

TEST(Word2Vec, VocabularyIsByCountThenFirstSeenAndDropsRareTokens) {
  Word2VecTrainer t(small(2));
  t.add_text("the\tcat sat\non the mat");
  t.add_tokens({"on", "a mat", "cat", "a mat", "sat"});
  t.build_vocab();
  // the 2, cat 2, sat 2, on 2, "a mat" 2; mat 1 is dropped.
  EXPECT_EQ(t.words(), (std::vector<std::string>{"the", "cat", "sat", "on", "a mat"}));
  EXPECT_EQ(t.counts(), (std::vector<uint64_t>{2, 2, 2, 2, 2}));
  EXPECT_EQ(t.tokens_added(), 11u);
  EXPECT_EQ(t.progress().words_total, 10u * 3);
  EXPECT_EQ(t.vectors().size(), 5u * 16);
}

TEST(Word2Vec, SameSeedGivesIdenticalVectorsHoweverTheWorkIsSliced) {
  const auto texts = two_topics();
  Word2VecOptions o = small();
  o.sample = 1e-2;
  const auto whole = trained(o, texts);
  EXPECT_EQ(whole.vectors(), trained(o, texts, 1).vectors());
  EXPECT_EQ(whole.vectors(), trained(o, texts, 777).vectors());
  o.seed = 2;
  EXPECT_NE(whole.vectors(), trained(o, texts).vectors());
  o.model = Word2VecModel::kCbow;
  const auto cbow = trained(o, texts);
  EXPECT_EQ(cbow.vectors(), trained(o, texts, 5).vectors());
}

TEST(Word2Vec, ProgressIsMonotoneAndEndsDone) {
  Word2VecTrainer t(small());
  for (const auto& s : two_topics()) t.add_text(s);
  t.build_vocab();
  Word2VecProgress last = t.progress();
  EXPECT_EQ(last.words_total, 600u * 8 * 3);
  EXPECT_FALSE(last.done);
  int slices = 0;
  while (!last.done) {
    const Word2VecProgress p = t.train_some(1000);
    EXPECT_GE(p.words_processed, last.words_processed + (p.done ? 1 : 1000));
    EXPECT_GE(p.epoch, last.epoch);
    EXPECT_GT(p.loss, 0.0);
    last = p;
    ++slices;
  }
  EXPECT_EQ(last.words_processed, last.words_total);
  EXPECT_EQ(last.epoch, 3u);
  EXPECT_EQ(slices, 15);  // 14 400 words in slices of 1 000 (a slice ends where a sentence's word does)
  EXPECT_TRUE(t.train_some(1000).done);
}

TEST(Word2Vec, WordsOfOneTopicAreNearerEachOtherThanTheOtherTopic) {
  for (const auto model : {Word2VecModel::kSkipGram, Word2VecModel::kCbow}) {
    Word2VecOptions o = small();
    o.model = model;
    o.epochs = 5;
    const EmbeddingMatrix m = trained(o, two_topics()).embeddings();
    double same = 0, across = 0;
    for (int i = 0; i < 10; ++i) {
      for (int j = 0; j < 10; ++j) {
        const uint32_t ai = *m.find("a" + std::to_string(i)), aj = *m.find("a" + std::to_string(j));
        const uint32_t bj = *m.find("b" + std::to_string(j));
        if (i != j) same += similarity(m, ai, aj);
        across += similarity(m, ai, bj);
      }
    }
    same /= 90;
    across /= 100;
    EXPECT_GT(same - across, 0.5) << "model " << static_cast<int>(model) << ": same " << same << ", across " << across;
  }
}

}  // namespace
}  // namespace tokvec
