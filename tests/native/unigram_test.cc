// Unigram: tiny fixtures whose best segmentation can be checked by adding scores by hand, and
// goldens from HuggingFace tokenizers (tests/native/data/model_goldens.json, made by
// scripts/gen_model_goldens.mjs).
#include "tokenizer/models/unigram.h"

#include <gtest/gtest.h>

#include "testing.h"

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "core/error.h"
#include "tokenizer/tokenizer.h"

namespace tokvec {
namespace {


const std::string kData = std::string(TOKVEC_SOURCE_DIR) + "/tests/native/data/";
const std::string kShared = std::string(TOKVEC_SOURCE_DIR) + "/../shared/data/tokenizers/";


std::unique_ptr<Unigram> from_json_text(const std::string& text) {
  const nlohmann::json json = JsonView::parse(text, "tokenizer.json");
  return Unigram::from_json(JsonView(json, "tokenizer.json", "model"));
}

// Token strings as the word's text (so fused unknowns show what they cover) and ids.
struct Result {
  std::vector<std::string> pieces;
  std::vector<uint32_t> ids;
};

Result tokenize(const Unigram& m, std::string_view word) {
  std::vector<Token> out;
  m.tokenize(word, out);
  Result r;
  for (const Token& t : out) {
    r.pieces.emplace_back(word.substr(t.span.start, t.span.size()));
    r.ids.push_back(t.id);
  }
  return r;
}

using Strings = std::vector<std::string>;
using Ids = std::vector<uint32_t>;

TEST(Unigram, PicksTheSegmentationWithTheHighestTotalScore) {
  // HuggingFace's own doc example: abcd (10) beats abc (5) + d (0); then a (0) + cd (1) beats
  // a + c + d (0); "xx" has no piece and is one fused unknown token.
  Unigram m({{"<unk>", 0}, {"a", 0}, {"b", 0}, {"c", 0}, {"d", 0}, {"cd", 1}, {"ab", 2}, {"abc", 5}, {"abcd", 10}},
            0, false);
  const Result r = tokenize(m, "abcdacdxx");
  EXPECT_EQ(r.pieces, (Strings{"abcd", "a", "cd", "xx"}));
  EXPECT_EQ(r.ids, (Ids{8, 1, 5, 0}));
}

TEST(Unigram, OnEqualScoresTheTokenFoundFirstStays) {
  // "ab" scores -2 either way: the piece "ab" (from byte 0) is found before "a" + "b" (whose last
  // token starts at byte 1), and a later tie does not replace it.
  Unigram m({{"<unk>", 0}, {"a", -1}, {"b", -1}, {"ab", -2}}, 0, false);
  EXPECT_EQ(tokenize(m, "ab").pieces, (Strings{"ab"}));
  EXPECT_EQ(tokenize(m, "abab").pieces, (Strings{"ab", "ab"}));
  // The other order of the same pieces: "a" + "b" is found first only if "ab" comes later, and
  // it never does, so the tie always goes to the longer piece here.
  Unigram n({{"<unk>", 0}, {"ab", -2}, {"a", -1}, {"b", -1}}, 0, false);
  EXPECT_EQ(tokenize(n, "ab").pieces, (Strings{"ab"}));
}

TEST(Unigram, ScoresAreTheDoublesSerdeJsonReadsSoTiesFallAsInHuggingFace) {
  // T5-small's pieces. Exactly, (-2.0122928619384766 + -5.129043102264404) + -12.13... twice and
  // the same sums in another order are equal and the first path found would stay; serde_json reads
  // "▁" and "---" one unit in the last place off, which makes "▁" "---" "---" "-" strictly better.
  // HuggingFace tokenizers 0.23.2 on t5-small gives ids [3, 14817, 14817, 18] for "-------".
  auto m = from_json_text(R"({"type": "Unigram", "unk_id": 0, "vocab": [["<unk>", 0.0],
      ["\u2581", -2.0122928619384766], ["-", -5.129043102264404], ["---", -12.130167007446289]]})");
  EXPECT_EQ(m->score(1), -2.012292861938477);
  EXPECT_EQ(m->score(3), -12.130167007446287);
  EXPECT_EQ(m->score(2), -5.129043102264404);
  EXPECT_EQ(tokenize(*m, "\xE2\x96\x81-------").pieces, (Strings{"\xE2\x96\x81", "---", "---", "-"}));
  // Four dashes tie exactly in both readings: the path found first ("-" then "---") stays.
  EXPECT_EQ(tokenize(*m, "\xE2\x96\x81----").pieces, (Strings{"\xE2\x96\x81", "-", "---"}));
}

TEST(Unigram, NBestListsSegmentationsBestFirstWithTheirScores) {
  // "abc": abc -4 | ab + c -4.5 | a + bc -5 | a + b + c -6 (added by hand).
  Unigram m({{"<unk>", 0}, {"a", -2}, {"b", -2}, {"c", -2}, {"ab", -2.5}, {"bc", -3}, {"abc", -4}}, 0, false);
  std::vector<ScoredTokens> best;
  m.tokenize_nbest("abc", 10, best);
  ASSERT_EQ(best.size(), 4u);
  const std::vector<Strings> expected = {{"abc"}, {"ab", "c"}, {"a", "bc"}, {"a", "b", "c"}};
  const std::vector<double> scores = {-4, -4.5, -5, -6};
  for (size_t i = 0; i < best.size(); ++i) {
    Strings pieces;
    for (const Token& t : best[i].tokens) pieces.emplace_back(std::string_view("abc").substr(t.span.start, t.span.size()));
    EXPECT_EQ(pieces, expected[i]) << i;
    EXPECT_EQ(best[i].score, scores[i]) << i;
  }
  m.tokenize_nbest("abc", 2, best);
  EXPECT_EQ(best.size(), 2u);
  // An unknown character scores min_score - 10 and unknown runs still fuse.
  m.tokenize_nbest("axx", 1, best);
  ASSERT_EQ(best.size(), 1u);
  EXPECT_EQ(best[0].tokens.size(), 2u);
  EXPECT_EQ(best[0].score, -2 + 2 * (-4 - 10.0));
}

TEST(Unigram, SamplingRejectsAnAlphaThatIsNotAFiniteNumberAtLeastZero) {
  Pipeline p;
  p.model = std::make_unique<Unigram>(std::vector<Unigram::Piece>{{"<unk>", 0}, {"a", -2}}, 0, false);
  const Tokenizer tokenizer(std::move(p));
  EncodeOptions o;
  o.sample = SampleParams{};
  for (const auto& [alpha, quoted] : {std::pair{-0.25, "-0.25"}, std::pair{std::nan(""), "nan"},
                                      std::pair{-HUGE_VAL, "-inf"}, std::pair{-1e-300, "-1e-300"}}) {
    o.sample->alpha = alpha;
    EXPECT_EQ(error_of([&] { tokenizer.encode("a", o); }),
              std::string("encode: sample.alpha is ") + quoted + ", expected a finite number >= 0");
  }
  o.sample->alpha = 0;
  EXPECT_EQ(tokenizer.encode("a", o).ids, std::vector<uint32_t>{1});
}

TEST(Unigram, SamplingDrawsEachSegmentationInProportionToExpAlphaScore) {
  // Same fixture: with alpha = 1 the four segmentations of "abc" have weights e^-4, e^-4.5, e^-5, e^-6.
  Unigram m({{"<unk>", 0}, {"a", -2}, {"b", -2}, {"c", -2}, {"ab", -2.5}, {"bc", -3}, {"abc", -4}}, 0, false);
  const double w[] = {std::exp(-4.0), std::exp(-4.5), std::exp(-5.0), std::exp(-6.0)};
  const double total = w[0] + w[1] + w[2] + w[3];
  SplitMix64 rng(42);
  SampleParams params;
  params.alpha = 1;
  int counts[4] = {};
  constexpr int kDraws = 20000;
  for (int i = 0; i < kDraws; ++i) {
    std::vector<Token> out;
    m.tokenize_sample("abc", params, rng, out);
    const size_t k = out.size() == 1 ? 0 : out.size() == 3 ? 3 : out[0].span.end == 2 ? 1 : 2;
    ++counts[k];
  }
  double chi2 = 0;
  for (int k = 0; k < 4; ++k) {
    const double expected = kDraws * w[k] / total;
    chi2 += (counts[k] - expected) * (counts[k] - expected) / expected;
  }
  EXPECT_LT(chi2, 16.27) << "chi-square over 3 degrees of freedom, p = 0.001";
  // nbest_size 1 is the best path; 2 draws among the two best only.
  params.nbest_size = 1;
  std::vector<Token> out;
  m.tokenize_sample("abc", params, rng, out);
  EXPECT_EQ(out.size(), 1u);
  params.nbest_size = 2;
  for (int i = 0; i < 200; ++i) {
    out.clear();
    m.tokenize_sample("abc", params, rng, out);
    EXPECT_LE(out.size(), 2u);
  }
}

TEST(Unigram, TwoModelsNeverShareTheirRememberedPieces) {
  // "ab" is one token in the first model and two in the second; each call repeats the word, so
  // the second call of each model is answered from the per-thread cache.
  Unigram joined({{"<unk>", 0}, {"a", -5}, {"b", -5}, {"ab", -1}}, 0, false);
  for (int round = 0; round < 3; ++round) {
    Unigram split({{"<unk>", 0}, {"a", -1}, {"b", -1}, {"ab", -5}}, 0, false);
    EXPECT_EQ(tokenize(joined, "ab").ids, (Ids{3}));
    EXPECT_EQ(tokenize(split, "ab").ids, (Ids{1, 2}));
    EXPECT_EQ(tokenize(split, "ab").ids, (Ids{1, 2}));
    EXPECT_EQ(tokenize(joined, "ab").ids, (Ids{3}));
  }
}

TEST(Unigram, AnUnknownTokenIsShownAsTheTextItCovers) {
  auto m = std::make_unique<Unigram>(std::vector<Unigram::Piece>{{"<unk>", 0}, {"a", -1}}, 0, false);
  EXPECT_TRUE(m->shows_covered_text(0));
  EXPECT_FALSE(m->shows_covered_text(1));
  Pipeline p;
  p.model = std::move(m);
  const Tokenizer tokenizer(std::move(p));
  const Encoding e = tokenizer.encode("xya");
  EXPECT_EQ(e.ids, (Ids{0, 1}));
  ASSERT_EQ(e.texts.size(), 1u);
  EXPECT_EQ(e.texts[0], (std::pair<uint32_t, std::string>{0, "xy"}));
}

TEST(Unigram, AnUnknownCharacterScoresTenBelowTheLowestPiece) {
  // min_score = -12, so an unknown character scores -22.
  // "xab": xa + b = -24, but unknown x + ab = -22 + -1 = -23 wins.
  Unigram m({{"<unk>", 0}, {"xa", -12}, {"b", -12}, {"ab", -1}, {"a", -12}}, 0, false);
  EXPECT_EQ(m.min_score(), -12);
  const Result r = tokenize(m, "xab");
  EXPECT_EQ(r.pieces, (Strings{"x", "ab"}));
  EXPECT_EQ(r.ids, (Ids{0, 3}));
}

TEST(Unigram, RunsOfUnknownCharactersFuseIntoOneToken) {
  Unigram m({{"<unk>", 0}, {"a", -1}}, 0, false);
  std::vector<Token> out;
  m.tokenize("x\xC3\xA9" "ay\xF0\x9F\x98\x80", out);  // x é a y 😀
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].id, 0u);
  EXPECT_EQ(out[0].span, (Span{0, 3}));
  EXPECT_EQ(out[1].id, 1u);
  EXPECT_EQ(out[2].id, 0u);
  EXPECT_EQ(out[2].span, (Span{4, 9}));
}

TEST(Unigram, CharactersEndWhereTheWhatwgDecoderEndsThem) {
  // Viterbi starts a token only at a character's start. Invalid bytes are characters of their own
  // as TextDecoder cuts them (maximal subparts): E0 80 is not a character (E0 needs A0-BF next),
  // nor is ED A0 (a surrogate); E3 81 at the end is one. The piece "\x80a" is found only where a
  // character starts at 80.
  Unigram m({{"<unk>", 0}, {"\x80" "a", -1}, {"a", -1}}, 0, false);
  Result r = tokenize(m, "\xE0\x80\x80" "a");
  EXPECT_EQ(r.pieces, (Strings{"\xE0\x80", "\x80" "a"}));
  EXPECT_EQ(r.ids, (Ids{0, 1}));
  r = tokenize(m, "\xED\xA0\x80" "a");
  EXPECT_EQ(r.pieces, (Strings{"\xED\xA0", "\x80" "a"}));
  r = tokenize(m, "a\xE3\x81");
  EXPECT_EQ(r.pieces, (Strings{"a", "\xE3\x81"}));
  r = tokenize(m, "\xE3\x81\x80" "a");  // a whole character: no token starts at its 80
  EXPECT_EQ(r.pieces, (Strings{"\xE3\x81\x80", "a"}));
  r = tokenize(m, "\xC3\x80" "a\xC3\x80\x80" "a");
  EXPECT_EQ(r.pieces, (Strings{"\xC3\x80", "a", "\xC3\x80", "\x80" "a"}));
}

TEST(Unigram, AnUnknownRunThatIsAPieceIsThatPiece) {
  // With scores of 30, an unknown character scores 20 and two outscore any piece, so Viterbi
  // covers "xy" with two unknowns; they fuse into the run "xy", which is then looked up as a piece,
  // as in HuggingFace. Runs that only start a piece ("xyx", "xyzz") stay unknown.
  Unigram m({{"<unk>", 30}, {"a", 30}, {"xy", 30}, {"xyz", 30}}, 0, false);
  EXPECT_EQ(tokenize(m, "xya").ids, (Ids{2, 1}));
  EXPECT_EQ(tokenize(m, "axyz").ids, (Ids{1, 3}));
  EXPECT_EQ(tokenize(m, "axyx").ids, (Ids{1, 0}));
  EXPECT_EQ(tokenize(m, "axyzz").ids, (Ids{1, 0}));
  EXPECT_EQ(tokenize(m, "xa").ids, (Ids{0, 1}));
}

TEST(Unigram, TokenizeIdsGivesTokenizesIds) {
  // Pieces remembered or not, longer than the cache holds, empty, and byte-fallback runs (whose
  // tokens the cache does not keep), each twice so that the second is a hit where one can be.
  Unigram m({{"<unk>", 0}, {"a", -1}, {"b", -2}, {"ab", -2.5}, {"<0x78>", 0}, {"<0x79>", 0}, {"\xE2\x96\x81", -1}}, 0, true);
  const std::string text = "ab\xE2\x96\x81" "abba" "xy" "abababababababababababababab" "q\xC3\xA9" "ab\xE2\x96\x81" "abba" "xy";
  const std::vector<Span> pieces = {{0, 5}, {5, 9}, {9, 11}, {11, 39}, {39, 39}, {39, 42}, {42, 47}, {47, 51}, {51, 53}};
  for (int round = 0; round < 2; ++round) {
    Ids expected;
    for (const Span& p : pieces) {
      for (uint32_t id : tokenize(m, std::string_view(text).substr(p.start, p.size())).ids) expected.push_back(id);
    }
    Ids ids = {7};  // appended to
    m.tokenize_ids(text, pieces, ids);
    expected.insert(expected.begin(), 7);
    EXPECT_EQ(ids, expected);
  }
}

TEST(Unigram, ByteFallbackSpellsAnUnknownRunInByteTokensWhenAllExist) {
  Unigram m({{"<unk>", 0}, {"a", -1}, {"<0x78>", 0}, {"<0x79>", 0}}, 0, true);
  std::vector<Token> out;
  m.tokenize("xya", out);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].id, 2u);  // <0x78>
  EXPECT_EQ(out[1].id, 3u);  // <0x79>
  EXPECT_EQ(out[0].span, (Span{0, 2}));  // each byte token covers the whole run
  EXPECT_EQ(out[1].span, (Span{0, 2}));
  EXPECT_EQ(out[2].id, 1u);
  // "é" is C3 A9, which have no byte pieces: the run "xé" is the unknown token.
  EXPECT_EQ(tokenize(m, "x\xC3\xA9").ids, (Ids{0}));
}

TEST(Unigram, WithoutAnUnkIdAnUncoveredCharacterIsAnError) {
  auto m = from_json_text(R"({"type": "Unigram", "unk_id": null, "vocab": [["a", -1], ["b", -2]]})");
  EXPECT_EQ(tokenize(*m, "ab").pieces, (Strings{"a", "b"}));
  EXPECT_FALSE(m->unk_id());
  EXPECT_EQ(error_of([&] { tokenize(*m, "axb"); }),
            "Unigram: no piece covers \"x\" in \"axb\" and the model has no unk_id");
}

TEST(Unigram, AnEmptyWordHasNoTokens) {
  Unigram m({{"<unk>", 0}}, 0, false);
  std::vector<Token> out;
  m.tokenize("", out);
  EXPECT_TRUE(out.empty());
}

TEST(Unigram, ReadsOldFilesWithoutTypeAndDefaults) {
  auto m = from_json_text(R"({"unk_id": 1, "vocab": [["a", -1.5], ["<unk>", 0.0]]})");
  EXPECT_EQ(m->vocab_size(), 2u);
  EXPECT_EQ(m->unk_id(), 1u);
  EXPECT_FALSE(m->byte_fallback());
  EXPECT_EQ(m->score(0), -1.5);
  EXPECT_EQ(m->token_to_id("<unk>"), 1u);
  EXPECT_EQ(m->id_to_token(0), "a");
}

TEST(Unigram, APieceListedTwiceIsFoundByItsLaterId) {
  Unigram m({{"<unk>", 0}, {"a", -1}, {"a", -2}}, 0, false);
  EXPECT_EQ(m.token_to_id("a"), 2u);
  EXPECT_EQ(tokenize(m, "a").ids, (Ids{2}));
  EXPECT_EQ(m.id_to_token(1), "a");
}

TEST(Unigram, LoadErrorsNameThePathAndValue) {
  EXPECT_EQ(error_of([] { from_json_text(R"({"type": "Unigram", "unk_id": 0, "vocab": []})"); }),
            "tokenizer.json: model.vocab: is empty; a Unigram model needs at least its unknown piece");
  EXPECT_EQ(error_of([] { from_json_text(R"({"type": "Unigram", "unk_id": 2, "vocab": [["<unk>", 0], ["a", -1]]})"); }),
            "tokenizer.json: model.unk_id: unk_id 2 is out of range (2 pieces)");
  // JSON text cannot hold an infinite number, but a JSON value built in memory can.
  nlohmann::json infinite;
  infinite["vocab"] = nlohmann::json::array(
      {nlohmann::json::array({"<unk>", 0.0}), nlohmann::json::array({"a", -std::numeric_limits<double>::infinity()})});
  EXPECT_EQ(error_of([&] { Unigram::from_json(JsonView(infinite, "tokenizer.json", "model")); }),
            "tokenizer.json: model.vocab[1][1]: score -Infinity is not a finite number");
  EXPECT_EQ(error_of([] { from_json_text(R"({"type": "Unigram", "vocab": [["<unk>", 0], ["a"]]})"); }),
            "tokenizer.json: model.vocab[1]: expected [piece, score], got [\"a\"]");
  EXPECT_EQ(error_of([] { from_json_text(R"({"type": "Unigram", "vocab": [["<unk>", 0], ["a", "-1"]]})"); }),
            "tokenizer.json: model.vocab[1][1]: expected a number, got string");
  EXPECT_EQ(error_of([] { from_json_text(R"({"type": "Unigram", "vocab": {"a": 0}})"); }),
            "tokenizer.json: model.vocab: expected an array of [piece, score], got object");
  EXPECT_EQ(error_of([] { from_json_text(R"({"type": "BPE", "vocab": []})"); }),
            "tokenizer.json: model.type: expected \"Unigram\", got \"BPE\"");
  EXPECT_EQ(error_of([] { from_json_text(R"({"type": "Unigram", "unk_id": -1, "vocab": [["a", 0]]})"); }),
            "tokenizer.json: model.unk_id: expected a whole number from 0 to 4294967295, got -1");
}

TEST(Unigram, ConstructorErrorsNameTheValue) {
  EXPECT_EQ(error_of([] { Unigram({}, std::nullopt, false); }), "Unigram: the vocabulary is empty");
  EXPECT_EQ(error_of([] { Unigram({{"a", 0}}, 1, false); }), "Unigram: unk_id 1 is out of range (1 pieces)");
  EXPECT_EQ(error_of([] { Unigram({{"a", 0}, {"b", std::nan("")}}, 0, false); }),
            "Unigram: piece 1 \"b\" has score NaN, expected a finite number");
}

// ---- goldens from HuggingFace ------------------------------------------------------------------

void check_suite(const std::string& name, const Unigram& model) {
  const nlohmann::json goldens = JsonView::parse(read_file(kData + "model_goldens.json"), "model_goldens.json");
  const nlohmann::json* suite = nullptr;
  for (const auto& s : goldens["suites"]) {
    if (s["name"] == name) suite = &s;
  }
  ASSERT_NE(suite, nullptr) << "no suite " << name << " in model_goldens.json";
  for (const auto& c : (*suite)["cases"]) {
    const std::string word = c["word"];
    std::vector<Token> out;
    if (c.contains("error")) {
      EXPECT_THROW(model.tokenize(word, out), Error) << name << ": " << word << " (HuggingFace: " << c["error"] << ")";
      continue;
    }
    model.tokenize(word, out);
    std::vector<uint32_t> ids;
    std::vector<std::vector<uint32_t>> offsets;
    for (const Token& t : out) {
      ids.push_back(t.id);
      offsets.push_back({t.span.start, t.span.end});
    }
    EXPECT_EQ(ids, c["ids"].get<std::vector<uint32_t>>()) << name << ": " << word;
    EXPECT_EQ(offsets, c["offsets"].get<std::vector<std::vector<uint32_t>>>()) << name << ": " << word;
    // HuggingFace names an unknown token by the text it covers, every other by its piece.
    const auto tokens = c["tokens"].get<std::vector<std::string>>();
    for (size_t i = 0; i < ids.size() && i < tokens.size(); ++i) {
      if (ids[i] != model.unk_id()) EXPECT_EQ(model.id_to_token(ids[i]), tokens[i]) << name << ": " << word;
    }
  }
}

std::unique_ptr<Unigram> load(const std::string& path) {
  const nlohmann::json json = JsonView::parse(read_file(path), path);
  return Unigram::from_json(JsonView(json, path).at("model"));
}

TEST(Unigram, MatchesHuggingFaceOnATrainedModel) { check_suite("unigram", *load(kData + "model_unigram.json")); }

TEST(Unigram, MatchesHuggingFaceWithByteFallback) {
  check_suite("unigram_byte_fallback", *load(kData + "model_unigram_byte_fallback.json"));
}

TEST(Unigram, MatchesHuggingFaceWithoutAnUnkId) {
  check_suite("unigram_no_unk", *load(kData + "model_unigram_no_unk.json"));
}

TEST(Unigram, MatchesHuggingFaceOnT5Small) {
  const std::string path = kShared + "t5-small.tokenizer.json";
  if (!std::ifstream(path).good()) GTEST_SKIP() << path << " is absent (reference data outside the repository)";
  auto m = load(path);  // an old-format model: no "type"
  EXPECT_EQ(m->vocab_size(), 32100u);
  EXPECT_EQ(m->unk_id(), 2u);
  check_suite("t5_small", *m);
}

}  // namespace
}  // namespace tokvec
