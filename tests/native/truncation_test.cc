// Truncation, padding and overflowing pieces (HuggingFace's utils/truncation.rs, utils/padding.rs,
// Encoding::truncate/pad/merge_with) on a character-level model whose ids read by eye:
//   a=0 b=1 c=2 d=3 e=4 f=5 g=6 h=7 [UNK]=8 [CLS]=9 [SEP]=10 [PAD]=11
#include "tokenizer/truncation.h"

#include <gtest/gtest.h>

#include "testing.h"
#include "tokenizer/load.h"
#include "tokenizer/models/char_level.h"
#include "tokenizer/processors/processors.h"
#include "tokenizer/tokenizer.h"

namespace tokvec {
namespace {

using Ids = std::vector<uint32_t>;
using Mask = std::vector<uint8_t>;

Tokenizer make(bool bert) {
  Pipeline p;
  p.model = std::make_unique<CharLevel>(Vocab({"a", "b", "c", "d", "e", "f", "g", "h", "[UNK]", "[CLS]", "[SEP]", "[PAD]"}),
                                        "[UNK]");
  if (bert) p.post_processor = std::make_unique<ClsSepProcessing>(ClsSepProcessing::Style::kBert, 9, 10, false, false);
  return Tokenizer(std::move(p));
}

Encoding sequence(size_t n) {
  Encoding e;
  for (uint32_t i = 0; i < n; ++i) e.push_back(i, {i, i + 1});
  return e;
}

EncodeOptions truncating(size_t max_length, size_t stride = 0,
                         TruncationStrategy strategy = TruncationStrategy::kLongestFirst,
                         TruncationDirection direction = TruncationDirection::kRight) {
  EncodeOptions o;
  o.truncation.emplace(TruncationParams{max_length, strategy, stride, direction});
  return o;
}

TEST(Truncate, RightKeepsTheStartAndOverflowsInWindowsSharingStrideTokens) {
  Encoding e = sequence(7);
  e.truncate(3, 1, TruncationDirection::kRight);
  EXPECT_EQ(e.ids, (Ids{0, 1, 2}));
  ASSERT_EQ(e.overflowing.size(), 2u);
  EXPECT_EQ(e.overflowing[0].ids, (Ids{2, 3, 4}));
  EXPECT_EQ(e.overflowing[1].ids, (Ids{4, 5, 6}));
  EXPECT_EQ(e.overflowing[1].offsets[0], (Span{4, 5}));
}

TEST(Truncate, LeftKeepsTheEndAndOverflowsTowardsTheStart) {
  Encoding e = sequence(7);
  e.truncate(3, 1, TruncationDirection::kLeft);
  EXPECT_EQ(e.ids, (Ids{4, 5, 6}));
  ASSERT_EQ(e.overflowing.size(), 2u);
  EXPECT_EQ(e.overflowing[0].ids, (Ids{2, 3, 4}));
  EXPECT_EQ(e.overflowing[1].ids, (Ids{0, 1, 2}));
}

TEST(Truncate, ZeroOverflowsEverythingAndShortEncodingsStayAsTheyAre) {
  Encoding e = sequence(3);
  e.truncate(0, 0, TruncationDirection::kRight);
  EXPECT_TRUE(e.ids.empty());
  ASSERT_EQ(e.overflowing.size(), 1u);
  EXPECT_EQ(e.overflowing[0].ids, (Ids{0, 1, 2}));
  Encoding f = sequence(3);
  f.truncate(3, 2, TruncationDirection::kRight);
  EXPECT_EQ(f.ids, (Ids{0, 1, 2}));
  EXPECT_TRUE(f.overflowing.empty());
}

// The table of HuggingFace's truncate_encodings_longest_first test: lengths 0, 2, 4, 8, max 7.
TEST(TruncateEncodings, LongestFirstCutsTheLongerFirstThenHalves) {
  const TruncationParams params{7, TruncationStrategy::kLongestFirst, 0, TruncationDirection::kRight};
  const size_t lengths[] = {0, 2, 4, 8};
  const size_t expected[4][4][2] = {{{0, 0}, {0, 2}, {0, 4}, {0, 7}},
                                    {{2, 0}, {2, 2}, {2, 4}, {2, 5}},
                                    {{4, 0}, {4, 2}, {3, 4}, {3, 4}},
                                    {{7, 0}, {5, 2}, {4, 3}, {3, 4}}};
  for (size_t i = 0; i < 4; ++i) {
    for (size_t j = 0; j < 4; ++j) {
      Encoding a = sequence(lengths[i]), b = sequence(lengths[j]);
      truncate_encodings(a, &b, params, "test");
      EXPECT_EQ(a.size(), expected[i][j][0]) << lengths[i] << " + " << lengths[j];
      EXPECT_EQ(b.size(), expected[i][j][1]) << lengths[i] << " + " << lengths[j];
    }
  }
}

TEST(TruncateEncodings, OnlySecondWithoutAPairAndTooShortATargetAreErrors) {
  Encoding a = sequence(5), b = sequence(2);
  const TruncationParams second{4, TruncationStrategy::kOnlySecond, 0, TruncationDirection::kRight};
  EXPECT_EQ(error_of([&] { truncate_encodings(a, nullptr, second, "encode: truncation"); }),
            "encode: truncation: strategy \"only_second\" needs a pair, but no second sequence was given");
  EXPECT_EQ(error_of([&] { truncate_encodings(a, &b, second, "encode: truncation"); }),
            "encode: truncation: strategy \"only_second\": the second sequence has 2 tokens, too few to remove the 3 "
            "over maxLength");
  const TruncationParams stride{4, TruncationStrategy::kOnlyFirst, 2, TruncationDirection::kRight};
  EXPECT_EQ(error_of([&] { truncate_encodings(a, &b, stride, "encode: truncation"); }),
            "encode: truncation: stride 2 must be less than the 2 tokens kept of the first sequence (raise maxLength "
            "or lower stride)");
}

TEST(Tokenizer, TruncationLeavesRoomForTheSpecialTokensAndWrapsEachOverflowingPiece) {
  const Tokenizer t = make(true);
  const Encoding e = t.encode("abcdefg", truncating(5, 1));
  EXPECT_EQ(e.ids, (Ids{9, 0, 1, 2, 10}));
  ASSERT_EQ(e.overflowing.size(), 2u);
  EXPECT_EQ(e.overflowing[0].ids, (Ids{9, 2, 3, 4, 10}));
  EXPECT_EQ(e.overflowing[1].ids, (Ids{9, 4, 5, 6, 10}));
  EXPECT_EQ(e.overflowing[1].special_tokens_mask, (Mask{1, 0, 0, 0, 1}));
  EXPECT_EQ(error_of([&] { t.encode("abc", truncating(1)); }),
            "encode: truncation: maxLength 1 leaves no room: the post-processor adds 2 special tokens");
  EXPECT_EQ(error_of([&] { t.encode("abc", truncating(5, 3)); }),
            "encode: truncation: stride 3 must be less than maxLength less the special tokens (5 - 2 = 3)");
}

// A pair whose both sides overflow: every combination, nested as HuggingFace's merge_with nests them.
TEST(Tokenizer, PairOverflowingPiecesCombineBothSides) {
  const Tokenizer t = make(false);
  const Encoding e = t.encode_pair("abcd", "efgh", truncating(4));
  EXPECT_EQ(e.ids, (Ids{0, 1, 4, 5}));
  EXPECT_EQ(e.type_ids, (Ids{0, 0, 1, 1}));
  ASSERT_EQ(e.overflowing.size(), 3u);
  EXPECT_EQ(e.overflowing[0].ids, (Ids{2, 3, 4, 5}));
  ASSERT_EQ(e.overflowing[0].overflowing.size(), 1u);
  EXPECT_EQ(e.overflowing[0].overflowing[0].ids, (Ids{2, 3, 6, 7}));
  EXPECT_EQ(e.overflowing[1].ids, (Ids{2, 3, 6, 7}));
  EXPECT_EQ(e.overflowing[2].ids, (Ids{0, 1, 6, 7}));
  EXPECT_EQ(e.overflowing[2].overflowing.size(), 1u);
  EXPECT_EQ(e.sequence_ids, (Mask{0, 0, 1, 1}));
}

TEST(Tokenizer, FixedPaddingOnEitherSideMasksThePads) {
  const Tokenizer t = make(true);
  EncodeOptions o;
  o.padding.emplace(PaddingParams{6, PaddingDirection::kRight, 0, 11, 2, "[PAD]"});
  const Encoding right = t.encode("ab", o);
  EXPECT_EQ(right.ids, (Ids{9, 0, 1, 10, 11, 11}));
  EXPECT_EQ(right.attention_mask, (Mask{1, 1, 1, 1, 0, 0}));
  EXPECT_EQ(right.special_tokens_mask, (Mask{1, 0, 0, 1, 1, 1}));
  EXPECT_EQ(right.type_ids, (Ids{0, 0, 0, 0, 2, 2}));
  EXPECT_EQ(right.offsets[5], (Span{0, 0}));
  EXPECT_TRUE(right.texts.empty());
  (*o.padding)->direction = PaddingDirection::kLeft;
  (*o.padding)->pad_token = "<pad>";
  const Encoding left = t.encode("ab", o);
  EXPECT_EQ(left.ids, (Ids{11, 11, 9, 0, 1, 10}));
  EXPECT_EQ(left.attention_mask, (Mask{0, 0, 1, 1, 1, 1}));
  EXPECT_EQ(left.offsets[3], (Span{0, 1}));
  // "<pad>" is not id 11's token "[PAD]": the pads say so.
  ASSERT_EQ(left.texts.size(), 2u);
  EXPECT_EQ(left.texts[1], (std::pair<uint32_t, std::string>{1, "<pad>"}));
}

TEST(Tokenizer, BatchPaddingTakesTheLongestRoundedUpToTheMultiple) {
  const Tokenizer t = make(true);
  EncodeOptions o;
  o.padding.emplace(PaddingParams{std::nullopt, PaddingDirection::kRight, 4, 11, 0, "[PAD]"});
  const std::vector<Encoding> batch = t.encode_batch({{"a", std::nullopt}, {"abc", "d"}}, o);
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch[0].ids, (Ids{9, 0, 10, 11, 11, 11, 11, 11}));
  EXPECT_EQ(batch[1].ids, (Ids{9, 0, 1, 2, 10, 3, 10, 11}));
  EXPECT_EQ(batch[1].type_ids, (Ids{0, 0, 0, 0, 0, 1, 1, 0}));
  (*o.padding)->pad_to_multiple_of = (size_t{1} << 24) + 1;
  EXPECT_EQ(error_of([&] { t.encode("a", o); }), "padding: length 16777217 exceeds the limit of 16777216 tokens");
}

TEST(Load, TruncationAndPaddingFromTokenizerJsonApplyToEncode) {
  const std::string json = R"({"version": "1.0",
    "truncation": {"direction": "Left", "max_length": 4, "strategy": "LongestFirst", "stride": 0},
    "padding": {"strategy": {"Fixed": 6}, "direction": "Right", "pad_to_multiple_of": null, "pad_id": 3,
                "pad_type_id": 0, "pad_token": "d"},
    "model": {"type": "WordLevel", "vocab": {"a": 0, "b": 1, "c": 2, "d": 3, "[UNK]": 4}, "unk_token": "[UNK]"},
    "pre_tokenizer": {"type": "Whitespace"}})";
  const std::unique_ptr<Tokenizer> t = tokenizer_from_json(json);
  ASSERT_TRUE(t->truncation() && t->padding());
  // Words are tokenized from the end only until 4 tokens exist (HuggingFace's early exit), so
  // the first "a" is never tokenized and makes no overflowing piece.
  const Encoding e = t->encode("a b c a b");
  EXPECT_EQ(e.ids, (Ids{1, 2, 0, 1, 3, 3}));
  EXPECT_EQ(e.attention_mask, (Mask{1, 1, 1, 1, 0, 0}));
  EXPECT_TRUE(e.overflowing.empty());
  // A per-call override wins; nullopt turns the tokenizer's setting off.
  EncodeOptions none;
  none.truncation.emplace(std::nullopt);
  none.padding.emplace(std::nullopt);
  EXPECT_EQ(t->encode("a b c a b", none).ids, (Ids{0, 1, 2, 0, 1}));
  std::vector<uint32_t> ids;
  t->encode_ids("a b c a b", {}, ids);
  EXPECT_EQ(ids, (Ids{1, 2, 0, 1, 3, 3}));
}

TEST(Load, MalformedTruncationAndPaddingNameTheirPath) {
  const auto load = [](const std::string& settings) {
    return error_of([&] {
      tokenizer_from_json(R"({"model": {"type": "WordLevel", "vocab": {"a": 0, "[UNK]": 1}, "unk_token": "[UNK]"},)" +
                          settings + "}");
    });
  };
  EXPECT_EQ(load(R"("truncation": {"max_length": 4, "strategy": "Shortest", "stride": 0})"),
            "tokenizer.json: truncation.strategy: unknown strategy \"Shortest\" (expected LongestFirst, OnlyFirst or "
            "OnlySecond)");
  EXPECT_EQ(load(R"("truncation": {"max_length": 4, "strategy": "LongestFirst", "stride": 4})"),
            "tokenizer.json: truncation: stride 4 must be less than maxLength less the special tokens (4 - 0 = 4)");
  EXPECT_EQ(load(R"("padding": {"strategy": "Longest", "direction": "Right", "pad_id": 0, "pad_type_id": 0, "pad_token": "a"})"),
            "tokenizer.json: padding.strategy: unknown strategy \"Longest\" (expected \"BatchLongest\" or {\"Fixed\": n})");
  EXPECT_EQ(load(R"("padding": {"strategy": "BatchLongest", "direction": "Up", "pad_id": 0, "pad_type_id": 0, "pad_token": "a"})"),
            "tokenizer.json: padding.direction: unknown direction \"Up\" (expected Left or Right)");
}

}  // namespace
}  // namespace tokvec
