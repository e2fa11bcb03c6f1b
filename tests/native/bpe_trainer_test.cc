// BpeTrainer and TokenizerTrainer. The first cases are HuggingFace's own trainer tests
// (tokenizers/src/models/bpe/trainer.rs: test_train, bpe_test_max_token_length_*), with their
// expected vocabularies and merges; the rest pin tokvec's documented tie-break rules on inputs a
// person can check by eye. Parity on real text with HuggingFace's trainer is in
// tests/node/train_tokenizer.test.js.
#include "training/bpe_trainer.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "testing.h"
#include "tokenizer/load.h"
#include "tokenizer/tokenizer.h"
#include "training/tokenizer_trainer.h"

namespace tokvec {
namespace {

std::map<std::string, uint32_t> vocab_map(const BpeTrainer& t) {
  std::map<std::string, uint32_t> out;
  for (uint32_t id = 0; id < t.vocab().size(); ++id) out[t.vocab()[id]] = id;
  return out;
}

BpeTrainer trained(BpeTrainerOptions o, std::vector<WordCount> words) {
  BpeTrainer t(std::move(o));
  t.start(std::move(words));
  while (!t.step(3)) {
  }
  return t;
}

TEST(BpeTrainer, HuggingFaceTestTrain) {
  BpeTrainerOptions o;
  o.min_frequency = 2;
  const BpeTrainer t = trained(o, {{"roses", 1}, {"are", 2}, {"red", 1}, {"voilets", 1}, {"blue", 1}, {"BERT", 1},
                                   {"is", 2}, {"big", 1}, {"and", 1}, {"so", 1}, {"GPT-2", 1}});
  const std::map<std::string, uint32_t> expected = {
      {"-", 0},  {"2", 1},  {"B", 2},  {"E", 3},  {"G", 4},  {"P", 5},   {"R", 6},    {"T", 7},   {"a", 8},
      {"b", 9},  {"d", 10}, {"e", 11}, {"g", 12}, {"i", 13}, {"l", 14},  {"n", 15},   {"o", 16},  {"r", 17},
      {"s", 18}, {"t", 19}, {"u", 20}, {"v", 21}, {"re", 22}, {"are", 23}, {"is", 24}};
  EXPECT_EQ(vocab_map(t), expected);
  const std::vector<std::pair<uint32_t, uint32_t>> merges = {{17, 11}, {8, 22}, {13, 18}};
  EXPECT_EQ(t.merges(), merges);
}

TEST(BpeTrainer, HuggingFaceMaxTokenLengthDirect) {
  BpeTrainerOptions o;
  o.max_token_length = 2;
  const BpeTrainer t = trained(o, {{"sin", 2}, {"Sin", 2}, {"Lon", 2}, {"Ano", 2}, {"짧은한", 2}, {"긴한글", 2},
                                   {"短字符", 2}, {"长字符", 2}, {"短い文", 2}, {"長い文", 2}, {"so", 2}, {"GP", 2}});
  const std::map<std::string, uint32_t> expected = {
      {"短", 12}, {"n", 6},   {"i", 5},     {"s", 8},    {"字符", 23}, {"長", 14}, {"긴", 17},  {"い文", 22},
      {"L", 2},   {"in", 21}, {"o", 7},     {"은한", 29}, {"S", 4},    {"P", 3},   {"so", 27},  {"符", 13},
      {"文", 11}, {"字", 10}, {"짧", 19},   {"GP", 25},  {"글", 16},   {"G", 1},   {"An", 24},  {"长", 15},
      {"A", 0},   {"Lo", 26}, {"긴한", 28}, {"い", 9},   {"한", 20},   {"은", 18}};
  EXPECT_EQ(vocab_map(t), expected);
}

TEST(BpeTrainer, HuggingFaceMaxTokenLength16) {
  BpeTrainerOptions o;
  o.max_token_length = 16;
  const BpeTrainer t = trained(o, {{"singlelongtokenwithoutcasechange", 2}, {"singleLongTokenWithCamelCaseChange", 2},
                                   {"Longsingletokenwithpunctu@t!onwithin", 2}, {"Anotherlongsingletokenwithnumberw1th1n", 2},
                                   {"짧은한글문자열짧은한", 2}, {"긴한글문자열긴한글문자열긴한글문", 2},
                                   {"短字符串短字符串短字", 2}, {"长字符串长字符串长字符串长字符串", 2},
                                   {"短い文字列短い文字列", 2}, {"長い文字列長い文字列長い文字列長", 2}, {"so", 2}, {"GPT-2", 2}});
  size_t longest = 0;
  for (const std::string& token : t.vocab()) {
    size_t chars = 0;
    for (const char c : token) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    longest = std::max(longest, chars);
  }
  EXPECT_LE(longest, 16u);
  EXPECT_GT(longest, 8u);  // it did merge long tokens
}

TEST(BpeTrainer, SpecialAndReservedTokensComeFirstInOrder) {
  BpeTrainerOptions o;
  o.special_tokens = {"<s>", "</s>", "<s>"};
  o.reserved_tokens = {"<0x00>"};
  const BpeTrainer t = trained(o, {{"ab", 3}});
  const std::vector<std::string> expected = {"<s>", "</s>", "<0x00>", "a", "b", "ab"};
  EXPECT_EQ(t.vocab(), expected);
}

TEST(BpeTrainer, MergeTieBreaksOnLowerPair) {
  // "ab" and "cd" both occur twice: (a, b) = (0, 1) < (c, d) = (2, 3) is merged first.
  BpeTrainerOptions o;
  const BpeTrainer t = trained(o, {{"cd", 2}, {"ab", 2}});
  const std::vector<std::pair<uint32_t, uint32_t>> merges = {{0, 1}, {2, 3}};
  EXPECT_EQ(t.merges(), merges);
  EXPECT_EQ(t.vocab()[4], "ab");
}

TEST(BpeTrainer, VocabSizeAndMinFrequencyStopTraining) {
  BpeTrainerOptions o;
  o.vocab_size = 5;  // a b c + 2 merges
  EXPECT_EQ(trained(o, {{"abc", 5}}).vocab().size(), 5u);
  BpeTrainerOptions f;
  f.min_frequency = 3;
  const BpeTrainer t = trained(f, {{"ab", 3}, {"cd", 2}});
  EXPECT_EQ(t.merges().size(), 1u);  // (c, d) has count 2 < 3
}

TEST(BpeTrainer, LimitAlphabetKeepsFrequentCharactersAndLowerCodePointsOnTies) {
  BpeTrainerOptions o;
  o.limit_alphabet = 3;
  o.initial_alphabet = {U'z'};
  o.vocab_size = 4;
  // x: 5, then a, b, c: 2 each; z is kept whatever its count, so x and a stay (a < b < c).
  const BpeTrainer t = trained(o, {{"xxxxx", 1}, {"abc", 2}});
  const std::vector<std::string> expected = {"a", "x", "z", "xx"};
  EXPECT_EQ(t.vocab(), expected);
}

TEST(BpeTrainer, PrefixedFormsFollowWordsInByteOrder) {
  BpeTrainerOptions o;
  o.continuing_subword_prefix = "##";
  o.vocab_size = 5;
  // Words in byte order: "ab" (adds ##b), then "ba" (adds ##a). The merge strips the prefix.
  const BpeTrainer t = trained(o, {{"ba", 1}, {"ab", 2}});
  const std::vector<std::string> expected = {"a", "b", "##b", "##a", "ab"};
  EXPECT_EQ(t.vocab(), expected);
}

TEST(BpeTrainer, WordOrderDoesNotMatter) {
  BpeTrainerOptions o;
  o.continuing_subword_prefix = "##";
  o.limit_alphabet = 6;
  const std::vector<WordCount> words = {{"hello", 3}, {"world", 2}, {"help", 2}, {"yellow", 1}, {"low", 4}, {"wold", 2}};
  std::vector<WordCount> reversed(words.rbegin(), words.rend());
  const BpeTrainer a = trained(o, words);
  const BpeTrainer b = trained(o, reversed);
  EXPECT_EQ(a.vocab(), b.vocab());
  EXPECT_EQ(a.merges(), b.merges());
}

TEST(TokenizerTrainer, ByteLevelJsonLoadsAndRoundTrips) {
  TokenizerTrainer t(R"({"vocabSize":270,"specialTokens":["<|endoftext|>"]})");
  const std::string text = "the cat sat on the mat; the cat ate the rat. ";
  for (int i = 0; i < 20; ++i) t.feed(text);
  while (!t.step(7)) {
  }
  EXPECT_EQ(t.vocab_size(), 270u);  // 1 special + 256 bytes + 13 merges
  EXPECT_EQ(t.merges_done(), 13u);
  const auto tok = tokenizer_from_json(t.to_json());
  EXPECT_EQ(tok->id_to_token(0), "<|endoftext|>");
  EXPECT_EQ(tok->id_to_token(1), "!");  // the alphabet in code-point order: U+0021 first, Ā (byte 0) later
  EXPECT_EQ(tok->id_to_token(257 - 68), "Ā");
  const Encoding e = tok->encode("the cat ate ünïcode<|endoftext|>");
  EXPECT_LT(e.ids.size(), 20u);
  EXPECT_EQ(tok->decode(e.ids.data(), e.ids.size()), "the cat ate ünïcode<|endoftext|>");
  EXPECT_EQ(e.ids.back(), 0u);
}

TEST(TokenizerTrainer, WordPieceJsonLoads) {
  TokenizerTrainer t(R"({"model":"wordpiece","vocabSize":60})");
  for (int i = 0; i < 5; ++i) t.feed("Hello, hello world! Wordy words.");
  while (!t.step(100)) {
  }
  const auto tok = tokenizer_from_json(t.to_json());
  EXPECT_EQ(tok->id_to_token(1), "[UNK]");
  const Encoding e = tok->encode("hello words");
  ASSERT_GE(e.ids.size(), 2u);
  EXPECT_EQ(tok->id_to_token(e.ids.front()), "[CLS]");
  EXPECT_EQ(tok->id_to_token(e.ids[1]), "hello");
  EXPECT_EQ(tok->id_to_token(e.ids.back()), "[SEP]");
}

TEST(TokenizerTrainer, MetaspaceByteFallbackCoversUnseenCharacters) {
  TokenizerTrainer t(R"({"byteLevel":false,"byteFallback":true,"specialTokens":["<unk>","<s>","</s>"],"unkToken":"<unk>","vocabSize":300})");
  for (int i = 0; i < 5; ++i) t.feed("low lower lowest newer newest");
  while (!t.step(100)) {
  }
  const auto tok = tokenizer_from_json(t.to_json());
  EXPECT_EQ(tok->id_to_token(3), "<0x00>");
  const Encoding e = tok->encode("lowest €");
  EXPECT_EQ(tok->id_to_token(e.ids.back()), "<0xAC>");  // € is E2 82 AC
  EXPECT_EQ(tok->decode(e.ids.data(), e.ids.size()), "lowest €");
}

TEST(TokenizerTrainer, OptionErrorsNameTheOption) {
  EXPECT_EQ(error_of([] { TokenizerTrainer t(R"({"model":"unigram"})"); }),
            "Tokenizer.train: options.model must be \"bpe\" or \"wordpiece\", got \"unigram\"");
  EXPECT_EQ(error_of([] { TokenizerTrainer t(R"({"vocabSize":0})"); }),
            "Tokenizer.train: options.vocabSize must be a whole number from 1 to 4294967295, got 0");
  EXPECT_EQ(error_of([] { TokenizerTrainer t(R"({"vocabSize":2.5})"); }),
            "Tokenizer.train: options.vocabSize must be a whole number from 1 to 4294967295, got 2.5");
  EXPECT_EQ(error_of([] { TokenizerTrainer t(R"({"initialAlphabet":["ab"]})"); }),
            "Tokenizer.train: options.initialAlphabet[0] must be a string of one character, got \"ab\"");
  EXPECT_EQ(error_of([] { TokenizerTrainer t(R"({"specialTokens":[""]})"); }),
            "Tokenizer.train: options.specialTokens[0] must be a non-empty string, got \"\"");
  EXPECT_EQ(error_of([] { TokenizerTrainer t(R"({"model":"wordpiece","byteLevel":true})"); }),
            "Tokenizer.train: options.byteLevel is not available with model \"wordpiece\" (BERT's pipeline is not byte-level)");
  EXPECT_EQ(error_of([] { TokenizerTrainer t(R"({"byteFallback":true})"); }),
            "Tokenizer.train: options.byteFallback needs model \"bpe\" with byteLevel false (a byte-level vocabulary covers every byte already)");
  EXPECT_EQ(error_of([] {
              TokenizerTrainer t(R"({"vocabSize":100})");
              t.feed("abc");
              t.start();
            }),
            "Tokenizer.train: options.vocabSize is 100, smaller than the 256 tokens training starts with (special "
            "tokens, byte-fallback tokens, alphabet and its prefixed forms); raise vocabSize or set limitAlphabet");
}

}  // namespace
}  // namespace tokvec
