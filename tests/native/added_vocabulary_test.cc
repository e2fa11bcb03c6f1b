// Added tokens cut out of the text before the pipeline, with HuggingFace's matching rules, and the
// special-token policies of HuggingFace and tiktoken. Fixtures are small enough to check by eye.
#include "tokenizer/added_vocabulary.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "tokenizer/identity.h"
#include "tokenizer/models/char_level.h"
#include "tokenizer/normalizers/lowercase.h"
#include "tokenizer/tokenizer.h"

namespace tokvec {
namespace {

AddedToken added(uint32_t id, std::string content, bool special = true) {
  AddedToken t;
  t.id = id;
  t.content = std::move(content);
  t.special = special;
  t.normalized = !special;
  return t;
}

// Character-level model over "abc <>/s" (ids 0..7), [UNK] = 8; added tokens take 9 and up.
Tokenizer make(std::vector<AddedToken> tokens, SpecialPolicy policy = SpecialPolicy::kHuggingFace,
               bool lowercase = false) {
  Pipeline p;
  p.model = std::make_unique<CharLevel>(Vocab({"a", "b", "c", " ", "<", ">", "/", "s", "[UNK]"}), "[UNK]");
  if (lowercase) p.normalizer = std::make_unique<Lowercase>();
  p.added_tokens = std::move(tokens);
  p.special_policy = policy;
  return Tokenizer(std::move(p));
}

TEST(AddedVocabulary, SpecialTokensAreCutOutLeftmostLongest) {
  const Tokenizer t = make({added(9, "<s>"), added(10, "<s>a")});
  const Encoding e = t.encode("b<s>ab<s>");
  EXPECT_EQ(e.ids, (std::vector<uint32_t>{1, 10, 1, 9}));  // "<s>a" beats "<s>" at byte 1
  EXPECT_EQ(e.offsets[1], (Span{1, 5}));
  EXPECT_EQ(e.offsets[3], (Span{6, 9}));
}

TEST(AddedVocabulary, TokensAreFoundWhetherOrNotTheyShareTheirFirstByte) {
  // "<s>" and "</s>" share '<' (BERT's tokens all start with '['), "<s>" and "bc" do not; a '<'
  // that starts no token stays text.
  const Tokenizer shared = make({added(9, "<s>"), added(10, "</s>")});
  EXPECT_EQ(shared.encode("a<<s>b</s<s").ids, (std::vector<uint32_t>{0, 4, 9, 1, 4, 6, 7, 4, 7}));
  EXPECT_EQ(shared.encode("</s>").ids, (std::vector<uint32_t>{10}));
  const Tokenizer mixed = make({added(9, "<s>"), added(10, "bc")});
  EXPECT_EQ(mixed.encode("abc<s>b<s").ids, (std::vector<uint32_t>{0, 10, 9, 1, 4, 7}));
}

TEST(AddedVocabulary, SingleWordTokensMatchOnlyBetweenNonWordCharacters) {
  AddedToken ab = added(9, "ab", false);
  ab.single_word = true;
  const Tokenizer t = make({ab});
  EXPECT_EQ(t.encode("ab cab ab").ids, (std::vector<uint32_t>{9, 3, 2, 0, 1, 3, 9}));
}

TEST(AddedVocabulary, LstripAndRstripTakeTheNeighbouringSpaces) {
  AddedToken s = added(9, "<s>");
  s.lstrip = true;
  s.rstrip = true;
  const Tokenizer t = make({s});
  const Encoding e = t.encode("a  <s>  b");
  EXPECT_EQ(e.ids, (std::vector<uint32_t>{0, 9, 1}));
  EXPECT_EQ(e.offsets[1], (Span{1, 8}));
  // HuggingFace reports such a token as the text it matched, spaces included.
  using Texts = std::vector<std::pair<uint32_t, std::string>>;
  EXPECT_EQ(e.texts, (Texts{{1, "  <s>  "}}));
}

TEST(AddedVocabulary, NormalizedTokensMatchAfterNormalizationOthersBefore) {
  // "ABC" (normalized=true) becomes "abc" in the matcher; "<S>" (special, not normalized) must
  // match the source as written.
  AddedToken word = added(9, "ABC", false);
  const Tokenizer t = make({word, added(10, "<S>")}, SpecialPolicy::kHuggingFace, true);
  EXPECT_EQ(t.encode("xAbC<S><s>").ids, (std::vector<uint32_t>{8, 9, 10, 4, 7, 5}));
}

TEST(AddedVocabulary, TiktokenPolicyRefusesSpecialTokensUnlessAllowed) {
  const Tokenizer t = make({added(9, "<s>")}, SpecialPolicy::kTiktoken);
  try {
    t.encode("ab<s>");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "encode: the text contains the special token \"<s>\" at byte 2, which is disallowed; pass "
              "allowedSpecial to encode it as a special token, or disallowedSpecial: [] to encode it as ordinary text");
  }
  EncodeOptions as_text;
  as_text.special_modes = {SpecialMode::kText};
  EXPECT_EQ(t.encode("ab<s>", as_text).ids, (std::vector<uint32_t>{0, 1, 4, 7, 5}));
  EncodeOptions allowed;
  allowed.special_modes = {SpecialMode::kMatch};
  EXPECT_EQ(t.encode("ab<s>", allowed).ids, (std::vector<uint32_t>{0, 1, 9}));
}

TEST(AddedVocabulary, TiktokenPolicyLooksAtEveryStartOfARefusedToken) {
  // Both refused tokens start with '<': the text is scanned once for it, and each '<' checked.
  const Tokenizer shared = make({added(9, "<s>"), added(10, "</s>")}, SpecialPolicy::kTiktoken);
  EXPECT_EQ(shared.encode("<a</<s</s").ids, (std::vector<uint32_t>{4, 0, 4, 6, 4, 7, 4, 6, 7}));
  const auto message = [](const Tokenizer& t, std::string_view text) {
    try {
      t.encode(text);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string refused = ", which is disallowed; pass allowedSpecial to encode it as a special token, or "
                              "disallowedSpecial: [] to encode it as ordinary text";
  EXPECT_EQ(message(shared, "<a</<s</s>"), "encode: the text contains the special token \"</s>\" at byte 6" + refused);
  // With both present, the first token in order is named, at its first place.
  EXPECT_EQ(message(shared, "</s><s><s>"), "encode: the text contains the special token \"<s>\" at byte 4" + refused);
  // Tokens that start differently are each looked for in the whole text.
  const Tokenizer apart = make({added(9, "<s>"), added(10, "s>")}, SpecialPolicy::kTiktoken);
  EXPECT_EQ(apart.encode("<as<").ids, (std::vector<uint32_t>{4, 0, 7, 4}));
  EXPECT_EQ(message(apart, "a<as>"), "encode: the text contains the special token \"s>\" at byte 3" + refused);
  // A token allowed as text is no refused one.
  EncodeOptions first_as_text;
  first_as_text.special_modes = {SpecialMode::kText, SpecialMode::kError};
  EXPECT_EQ(shared.encode("<s>", first_as_text).ids, (std::vector<uint32_t>{4, 7, 5}));
  EXPECT_EQ(message(shared, "<s>"), "encode: the text contains the special token \"<s>\" at byte 0" + refused);
}

TEST(AddedVocabulary, DecodeSkipsSpecialTokensWhenAsked) {
  const Tokenizer t = make({added(9, "<s>"), added(10, "ab", false)});
  const std::vector<uint32_t> ids{9, 0, 10, 9};
  EXPECT_EQ(t.decode(ids.data(), ids.size()), "<s> a ab <s>");  // no decoder: joined with spaces
  EXPECT_EQ(t.decode(ids.data(), ids.size(), true), "a ab");
  EXPECT_EQ(t.vocab_size(), 11u);
  EXPECT_EQ(t.token_to_id("<s>"), 9u);
  EXPECT_EQ(t.id_to_token(10), "ab");
}

TEST(AddedVocabulary, DuplicateContentIsAnError) {
  EXPECT_THROW(make({added(9, "<s>"), added(10, "<s>")}), Error);
  EXPECT_THROW(make({added(9, "<s>"), added(9, "</s>")}), Error);
}

}  // namespace
}  // namespace tokvec
