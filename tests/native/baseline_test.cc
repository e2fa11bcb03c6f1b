// The baseline tokenizers, with vocabularies small enough to check by eye.
#include "tokenizer/baseline.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace tokvec {
namespace {

std::vector<std::string> tokens_of(const Tokenizer& t, std::string_view text) {
  std::vector<std::string> out;
  for (uint32_t id : t.encode(text).ids) out.push_back(t.id_to_token(id));
  return out;
}

TEST(WordLevel, VocabularyIsUnknownFirstThenByCountThenBytes) {
  WordLevelOptions o;
  o.corpus = "b a b c a b";
  auto t = make_word_level(o);
  ASSERT_EQ(t->vocab_size(), 4u);
  EXPECT_EQ(t->id_to_token(0), "[UNK]");
  EXPECT_EQ(t->id_to_token(1), "b");  // 3 times
  EXPECT_EQ(t->id_to_token(2), "a");  // 2 times
  EXPECT_EQ(t->id_to_token(3), "c");  // once
}

TEST(WordLevel, MinFrequencyAndMaxVocabTrimTheTail) {
  WordLevelOptions o;
  o.corpus = "b a b c a b";
  o.min_frequency = 2;
  EXPECT_EQ(make_word_level(o)->vocab_size(), 3u);
  o.min_frequency = 1;
  o.max_vocab = 2;
  auto t = make_word_level(o);
  EXPECT_EQ(t->vocab_size(), 2u);
  EXPECT_EQ(tokens_of(*t, "a b"), (std::vector<std::string>{"[UNK]", "b"}));
}

TEST(WordLevel, SplitsWordsFromPunctuationAndDropsSpaces) {
  WordLevelOptions o;
  o.corpus = "who is dog ?";
  auto t = make_word_level(o);
  const Encoding e = t->encode("Who is  dog?!");
  EXPECT_EQ(tokens_of(*t, "Who is  dog?!"), (std::vector<std::string>{"[UNK]", "is", "dog", "[UNK]"}));
  ASSERT_EQ(e.offsets.size(), 4u);
  EXPECT_EQ(e.offsets[2], (Span{8, 11}));
  EXPECT_EQ(e.offsets[3], (Span{11, 13}));  // "?!" is one run of punctuation
}

TEST(WordLevel, LowercaseMapsCaseVariantsToOneWordAndKeepsSourceOffsets) {
  WordLevelOptions o;
  o.corpus = "dog";
  o.lowercase = true;
  auto t = make_word_level(o);
  EXPECT_EQ(tokens_of(*t, "dog Dog DOg Dawg"), (std::vector<std::string>{"dog", "dog", "dog", "[UNK]"}));
  // "İ" lowercases to two code points (3 bytes from 2); offsets still cover the source word.
  const Encoding e = t->encode("\xC4\xB0x dog");
  ASSERT_EQ(e.offsets.size(), 2u);
  EXPECT_EQ(e.offsets[0], (Span{0, 3}));
  EXPECT_EQ(e.offsets[1], (Span{4, 7}));
}

TEST(WordLevel, GivenVocabularyKeepsItsIdsAndAppendsTheUnknownToken) {
  WordLevelOptions o;
  o.vocab = {"hello", "world"};
  auto t = make_word_level(o);
  EXPECT_EQ(t->token_to_id("world"), 1u);
  EXPECT_EQ(t->token_to_id("[UNK]"), 2u);
  const std::vector<uint32_t> ids{0, 2, 1};
  EXPECT_EQ(t->decode(ids.data(), ids.size()), "hello [UNK] world");
}

TEST(WordLevel, DuplicateVocabularyEntryIsAnErrorNamingBothIds) {
  WordLevelOptions o;
  o.vocab = {"a", "b", "a"};
  try {
    make_word_level(o);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_STREQ(e.what(), "wordLevel: vocab: token \"a\" appears twice (ids 0 and 2)");
  }
}

TEST(CharacterLevel, UnseenCodePointsAreUnknownAndEmojiAreOneToken) {
  VocabOptions o;
  o.corpus = "abba\xF0\x9F\x98\x80";
  auto t = make_character_level(o);
  EXPECT_EQ(t->vocab_size(), 4u);  // [UNK] a b 😀
  const Encoding e = t->encode("ab\xF0\x9F\x98\x80z");
  EXPECT_EQ(e.ids, (std::vector<uint32_t>{1, 2, 3, 0}));
  EXPECT_EQ(e.offsets[2], (Span{2, 6}));
  const std::vector<uint32_t> ids{2, 1, 3};
  EXPECT_EQ(t->decode(ids.data(), ids.size()), "ba\xF0\x9F\x98\x80");
}

TEST(CharacterLevel, GivenVocabularyMustHoldSingleCharacters) {
  VocabOptions o;
  o.vocab = {"a", "bc"};
  EXPECT_THROW(make_character_level(o), Error);
}

TEST(ByteLevel, EveryByteIsItsOwnIdAndDecodingIsLossless) {
  auto t = make_byte_level();
  EXPECT_EQ(t->vocab_size(), 256u);
  const std::string text = "h\xC3\xA9\xF0\x9F\x98\x80\n";
  const Encoding e = t->encode(text);
  EXPECT_EQ(e.ids, (std::vector<uint32_t>{0x68, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80, 0x0A}));
  EXPECT_EQ(t->id_to_token(0x68), "h");
  EXPECT_EQ(t->id_to_token(0xC3), "<0xC3>");
  EXPECT_EQ(t->token_to_id("<0x0A>"), 10u);
  EXPECT_EQ(t->decode(e.ids.data(), e.ids.size()), text);
}

TEST(ByteLevel, AnIncompleteCharacterDecodesToReplacementCharacters) {
  auto t = make_byte_level();
  const std::vector<uint32_t> ids{0xF0, 0x9F, 'a'};
  EXPECT_EQ(t->decode(ids.data(), ids.size()), "\xEF\xBF\xBD\xEF\xBF\xBD" "a");
}

TEST(Tokenizer, OutOfRangeIdsAreErrorsNamingTheId) {
  auto t = make_byte_level();
  const std::vector<uint32_t> ids{1, 300};
  try {
    t->decode(ids.data(), ids.size());
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kOutOfRange);
    EXPECT_STREQ(e.what(), "decode: ids[1] = 300 is out of range (vocab size 256)");
  }
}

}  // namespace
}  // namespace tokvec
