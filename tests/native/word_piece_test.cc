// WordPiece, its tokenizer.json reader, the vocab.txt reader and WordLevel's tokenizer.json reader:
// tiny fixtures checkable by eye, and goldens from HuggingFace tokenizers
// (tests/native/data/model_goldens.json, made by scripts/gen_model_goldens.mjs).
#include "tokenizer/models/word_piece.h"

#include <gtest/gtest.h>

#include "testing.h"

#include <fstream>
#include <sstream>

#include "core/error.h"
#include "tokenizer/loaders/vocab_txt.h"
#include "tokenizer/models/word_level_json.h"

namespace tokvec {
namespace {


const std::string kData = std::string(TOKVEC_SOURCE_DIR) + "/tests/native/data/";
const std::string kShared = std::string(TOKVEC_SOURCE_DIR) + "/../shared/data/tokenizers/";

bool exists(const std::string& path) { return std::ifstream(path).good(); }

std::vector<std::string> tokens_of(const Model& m, std::string_view word) {
  std::vector<Token> out;
  m.tokenize(word, out);
  std::vector<std::string> tokens;
  for (const Token& t : out) tokens.push_back(m.id_to_token(t.id));
  return tokens;
}

// Runs `f` and returns the tokvec::Error message it throws ("" when it does not throw).

std::unique_ptr<WordPiece> from_json_text(const std::string& text) {
  const nlohmann::json json = JsonView::parse(text, "tokenizer.json");
  return WordPiece::from_json(JsonView(json, "tokenizer.json", "model"));
}

// {"[UNK]": 0, "un": 1, "##aff": 2, "##able": 3, "una": 4, "##ff": 5, "##a": 6, "##b": 7, "##le": 8}
std::unique_ptr<WordPiece> small_model() {
  return from_json_text(R"({"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
    "max_input_chars_per_word": 10, "vocab": {"[UNK]": 0, "un": 1, "##aff": 2, "##able": 3, "una": 4,
    "##ff": 5, "##a": 6, "##b": 7, "##le": 8}})");
}

TEST(WordPiece, TakesTheLongestPrefixFirstThenContinuations) {
  auto m = small_model();
  // "una" is longer than "un", so "unaffable" is una ##ff ##able, not un ##aff ##able.
  EXPECT_EQ(tokens_of(*m, "unaffable"), (std::vector<std::string>{"una", "##ff", "##able"}));
  EXPECT_EQ(tokens_of(*m, "unable"), (std::vector<std::string>{"una", "##b", "##le"}));
  EXPECT_EQ(tokens_of(*m, "un"), (std::vector<std::string>{"un"}));
}

TEST(WordPiece, SpansAreByteRangesOfTheWordWithoutThePrefix) {
  auto m = small_model();
  std::vector<Token> out;
  m->tokenize("unaff", out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].id, 4u);  // una
  EXPECT_EQ(out[0].span, (Span{0, 3}));
  EXPECT_EQ(out[1].id, 5u);  // ##ff
  EXPECT_EQ(out[1].span, (Span{3, 5}));
}

TEST(WordPiece, AWordWithAnUncoveredPartIsOneUnknownTokenOverTheWholeWord) {
  auto m = small_model();
  std::vector<Token> out{{99, {0, 0}}};  // tokens already there stay
  m->tokenize("unaffz", out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].id, 0u);
  EXPECT_EQ(out[1].span, (Span{0, 6}));
  EXPECT_EQ(tokens_of(*m, "aff"), (std::vector<std::string>{"[UNK]"}));  // "##aff" cannot start a word
}

TEST(WordPiece, MaxInputCharsPerWordCountsCharactersNotBytes) {
  auto m = from_json_text(R"({"unk_token": "[UNK]", "continuing_subword_prefix": "##",
    "max_input_chars_per_word": 2, "vocab": {"[UNK]": 0, "日": 1, "##本": 2, "##語": 3}})");
  EXPECT_EQ(tokens_of(*m, "日本"), (std::vector<std::string>{"日", "##本"}));  // 6 bytes, 2 characters
  EXPECT_EQ(tokens_of(*m, "日本語"), (std::vector<std::string>{"[UNK]"}));
}

TEST(WordPiece, AnEmptyWordHasNoTokens) {
  std::vector<Token> out;
  small_model()->tokenize("", out);
  EXPECT_TRUE(out.empty());
}

TEST(WordPiece, TwoModelsNeverShareTheirRememberedWords) {
  // "unable" is una ##b ##le in the small model and one token in the other; each word comes
  // twice, so the second call of each model is answered from the per-thread cache.
  auto small = small_model();
  for (int round = 0; round < 3; ++round) {
    WordPiece whole(Vocab({"[UNK]", "unable"}), {});
    EXPECT_EQ(tokens_of(*small, "unable"), (std::vector<std::string>{"una", "##b", "##le"}));
    EXPECT_EQ(tokens_of(whole, "unable"), (std::vector<std::string>{"unable"}));
    EXPECT_EQ(tokens_of(whole, "unable"), (std::vector<std::string>{"unable"}));
    EXPECT_EQ(tokens_of(*small, "unable"), (std::vector<std::string>{"una", "##b", "##le"}));
  }
}

TEST(WordPiece, RememberedWordsKeepTheirSpans) {
  auto m = small_model();
  for (int round = 0; round < 2; ++round) {
    std::vector<Token> out{{99, {0, 0}}};  // tokens already there stay
    m->tokenize("unaffable", out);
    m->tokenize("unaffz", out);
    ASSERT_EQ(out.size(), 5u);
    EXPECT_EQ(out[1].span, (Span{0, 3}));
    EXPECT_EQ(out[2].span, (Span{3, 5}));
    EXPECT_EQ(out[3].span, (Span{5, 9}));
    EXPECT_EQ(out[4].id, 0u);
    EXPECT_EQ(out[4].span, (Span{0, 6}));
  }
}

TEST(WordPiece, TokenizeIdsGivesTheIdsOfTokenizeForEveryPiece) {
  // Short words are remembered, longer ones (over 16 bytes) and unknown ones too, each twice.
  auto m = small_model();
  const std::string text = "unaffable un unaffz unaffableunaffable aff unable unaffable unaffableunaffable";
  std::vector<Span> pieces;
  for (uint32_t start = 0, i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != ' ') continue;
    pieces.push_back({start, i});
    start = i + 1;
  }
  pieces.push_back({3, 3});  // an empty piece has no tokens
  std::vector<uint32_t> expected;
  for (const Span& piece : pieces) {
    std::vector<Token> out;
    m->tokenize(std::string_view(text).substr(piece.start, piece.size()), out);
    for (const Token& t : out) expected.push_back(t.id);
  }
  for (int round = 0; round < 2; ++round) {
    std::vector<uint32_t> ids{99};
    m->tokenize_ids(text, pieces, ids);
    expected.insert(expected.begin(), 99);
    EXPECT_EQ(ids, expected);
    expected.erase(expected.begin());
  }
}

TEST(WordPiece, TokenizeIdsTakesAWholeWordEntryOnlyWithinTheCharacterLimit) {
  // max_input_chars_per_word 3: "abcd" is an entry of 4 characters, so [UNK]; "\u00E9\u00E9" (2
  // characters in 4 bytes) and "\u65E5" (1 in 3) are entries within it; "abc" walks into "abcd"
  // but is no entry: ab ##c; "\u00E9\u00E9\u00E9" (3 characters in 6 bytes) is \u00E9\u00E9 ##\u00E9.
  auto m = from_json_text(R"({"unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 3,
    "vocab": {"[UNK]": 0, "abcd": 1, "ab": 2, "##c": 3, "\u00e9\u00e9": 4, "\u65e5": 5, "##\u00e9": 6, "\u00e9": 7}})");
  const std::string text = "abcd ab abc \u00E9\u00E9 \u65E5 \u00E9\u00E9\u00E9 x";
  std::vector<Span> pieces;
  for (uint32_t start = 0, i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != ' ') continue;
    pieces.push_back({start, i});
    start = i + 1;
  }
  std::vector<uint32_t> ids;
  m->tokenize_ids(text, pieces, ids);
  EXPECT_EQ(ids, (std::vector<uint32_t>{0, 2, 2, 3, 4, 5, 4, 6, 0}));
}

TEST(WordPiece, TheContinuingPrefixComesFromTheFile) {
  auto m = from_json_text(R"({"unk_token": "<unk>", "continuing_subword_prefix": "@@",
    "max_input_chars_per_word": 100, "vocab": {"<unk>": 0, "a": 1, "@@b": 2, "##b": 3}})");
  EXPECT_EQ(tokens_of(*m, "ab"), (std::vector<std::string>{"a", "@@b"}));
  EXPECT_EQ(m->options().continuing_subword_prefix, "@@");
}

TEST(WordPiece, ConstructedFromAVocabWithDefaultOptions) {
  WordPiece m(Vocab({"[UNK]", "play", "##ing"}), {});
  EXPECT_EQ(tokens_of(m, "playing"), (std::vector<std::string>{"play", "##ing"}));
  EXPECT_EQ(m.vocab_size(), 3u);
  EXPECT_EQ(m.token_to_id("##ing"), 2u);
  EXPECT_EQ(m.options().max_input_chars_per_word, 100u);
}

TEST(WordPiece, LoadErrorsNameThePathAndValue) {
  EXPECT_EQ(error_of([] { from_json_text(R"({"unk_token": "[UNK]", "continuing_subword_prefix": "##",
    "max_input_chars_per_word": 100, "vocab": {"a": 0}})"); }),
            "tokenizer.json: model.unk_token: \"[UNK]\" is not in the vocabulary");
  EXPECT_EQ(error_of([] { from_json_text(R"({"unk_token": "[UNK]", "continuing_subword_prefix": "##",
    "max_input_chars_per_word": 100, "vocab": {}})"); }),
            "tokenizer.json: model.vocab: is empty");
  EXPECT_EQ(error_of([] { from_json_text(R"({"type": "WordLevel", "unk_token": "[UNK]"})"); }),
            "tokenizer.json: model.type: expected \"WordPiece\", got \"WordLevel\"");
  EXPECT_EQ(error_of([] { from_json_text(R"({"unk_token": "[UNK]", "continuing_subword_prefix": "##",
    "vocab": {"[UNK]": 0}})"); }),
            "tokenizer.json: model: missing \"max_input_chars_per_word\"");
  EXPECT_EQ(error_of([] { from_json_text(R"({"unk_token": "[UNK]", "continuing_subword_prefix": "##",
    "max_input_chars_per_word": -1, "vocab": {"[UNK]": 0}})"); }),
            "tokenizer.json: model.max_input_chars_per_word: expected a whole number of characters, got -1");
  EXPECT_EQ(error_of([] { from_json_text(R"({"unk_token": "[UNK]", "continuing_subword_prefix": "##",
    "max_input_chars_per_word": 100, "vocab": {"[UNK]": 0, "a": 2}})"); }),
            "tokenizer.json: model.vocab.a: id 2 is out of range: the 2 tokens must have ids 0 to 1");
  EXPECT_EQ(error_of([] { from_json_text(R"({"unk_token": "[UNK]", "continuing_subword_prefix": "##",
    "max_input_chars_per_word": 100, "vocab": {"[UNK]": 0, "a": 0}})"); }),
            "tokenizer.json: model.vocab.a: id 0 is also the id of \"[UNK]\"");
  EXPECT_EQ(error_of([] { from_json_text(R"({"unk_token": "[UNK]", "continuing_subword_prefix": "##",
    "max_input_chars_per_word": 100, "vocab": [["[UNK]", 0]]})"); }),
            "tokenizer.json: model.vocab: expected an object of token: id, got array");
  EXPECT_EQ(error_of([] { WordPiece(Vocab({"a"}), {}); }),
            "WordPiece: unk_token \"[UNK]\" is not in the vocabulary");
}

// ---- goldens from HuggingFace ------------------------------------------------------------------

// Checks every case of one suite of model_goldens.json against `model`.
void check_suite(const std::string& name, const Model& model) {
  const nlohmann::json goldens = JsonView::parse(read_file(kData + "model_goldens.json"), "model_goldens.json");
  const nlohmann::json* suite = nullptr;
  for (const auto& s : goldens["suites"]) {
    if (s["name"] == name) suite = &s;
  }
  ASSERT_NE(suite, nullptr) << "no suite " << name << " in model_goldens.json";
  for (const auto& c : (*suite)["cases"]) {
    const std::string word = c["word"];
    std::vector<Token> out;
    ASSERT_FALSE(c.contains("error")) << "WordPiece never fails on a word";
    model.tokenize(word, out);
    std::vector<uint32_t> ids;
    std::vector<std::vector<uint32_t>> offsets;
    for (const Token& t : out) {
      ids.push_back(t.id);
      offsets.push_back({t.span.start, t.span.end});
    }
    EXPECT_EQ(ids, c["ids"].get<std::vector<uint32_t>>()) << name << ": " << word;
    EXPECT_EQ(offsets, c["offsets"].get<std::vector<std::vector<uint32_t>>>()) << name << ": " << word;
    // The encodeIds path (a whole-word entry, a word without a first piece, the cache), twice:
    // the second time a word of several tokens comes from the cache.
    for (int round = 0; round < 2; ++round) {
      std::vector<uint32_t> ids_alone;
      model.tokenize_ids(word, {{0, static_cast<uint32_t>(word.size())}}, ids_alone);
      EXPECT_EQ(ids_alone, c["ids"].get<std::vector<uint32_t>>()) << name << ": tokenize_ids, round " << round << ": " << word;
    }
    const auto tokens = c["tokens"].get<std::vector<std::string>>();
    for (size_t i = 0; i < ids.size() && i < tokens.size(); ++i) {
      EXPECT_EQ(model.id_to_token(ids[i]), tokens[i]) << name << ": " << word;
    }
  }
}

TEST(WordPiece, MatchesHuggingFaceOnATrainedModel) {
  const nlohmann::json json = JsonView::parse(read_file(kData + "model_word_piece.json"), "model_word_piece.json");
  auto m = WordPiece::from_json(JsonView(json, "model_word_piece.json").at("model"));
  check_suite("word_piece", *m);
}

TEST(WordPiece, MatchesHuggingFaceOnBertBaseUncasedVocabTxt) {
  const std::string path = kShared + "bert-base-uncased.vocab.txt";
  if (!exists(path)) GTEST_SKIP() << path << " is absent (reference data outside the repository)";
  WordPiece m(read_vocab_txt(read_file(path), path), {});
  EXPECT_EQ(m.vocab_size(), 30522u);
  EXPECT_EQ(m.id_to_token(0), "[PAD]");
  EXPECT_EQ(m.token_to_id("[CLS]"), 101u);
  check_suite("bert_base_uncased", m);
}

// ---- vocab.txt ---------------------------------------------------------------------------------

TEST(VocabTxt, IdsAreLineNumbersAndTrailingWhiteSpaceIsDropped) {
  const Vocab v = read_vocab_txt("[PAD]\r\n[UNK]  \n\nthe\t\n##s");
  ASSERT_EQ(v.size(), 5u);
  EXPECT_EQ(v.token(0), "[PAD]");
  EXPECT_EQ(v.token(1), "[UNK]");
  EXPECT_EQ(v.token(2), "");  // an empty line is a token, as in HuggingFace
  EXPECT_EQ(v.token(3), "the");
  EXPECT_EQ(v.token(4), "##s");
}

TEST(VocabTxt, AFinalLineBreakDoesNotAddAToken) {
  EXPECT_EQ(read_vocab_txt("a\nb\n").size(), 2u);
  EXPECT_EQ(read_vocab_txt("").size(), 0u);
}

TEST(VocabTxt, LeadingWhiteSpaceAndNonBreakingSpaceAtTheEndFollowRustTrimEnd) {
  // U+00A0 is White_Space, so trim_end drops it; a leading space stays.
  const Vocab v = read_vocab_txt(" a\nb\xC2\xA0\n");
  EXPECT_EQ(v.token(0), " a");
  EXPECT_EQ(v.token(1), "b");
}

TEST(VocabTxt, DuplicatesAndInvalidUtf8AreErrorsNamingTheLine) {
  EXPECT_EQ(error_of([] { read_vocab_txt("a\nb\nc\nb\n", "vocab.txt"); }),
            "vocab.txt: line 4: token \"b\" is also on line 2");
  EXPECT_EQ(error_of([] { read_vocab_txt("a\nb \nb", "vocab.txt"); }),
            "vocab.txt: line 3: token \"b\" is also on line 2");
  EXPECT_EQ(error_of([] { read_vocab_txt("a\n\xFF\n", "vocab.txt"); }), "vocab.txt: line 2 is not valid UTF-8");
}

// ---- WordLevel from tokenizer.json ---------------------------------------------------------------

std::unique_ptr<WordLevel> word_level_from_text(const std::string& text) {
  const nlohmann::json json = JsonView::parse(text, "tokenizer.json");
  return word_level_from_json(JsonView(json, "tokenizer.json", "model"));
}

TEST(WordLevelJson, ReadsTheVocabularyAndTheUnknownToken) {
  auto m = word_level_from_text(R"({"type": "WordLevel", "vocab": {"<unk>": 0, "hello": 1, "world": 2},
    "unk_token": "<unk>"})");
  EXPECT_EQ(tokens_of(*m, "world"), (std::vector<std::string>{"world"}));
  EXPECT_EQ(tokens_of(*m, "planet"), (std::vector<std::string>{"<unk>"}));
  EXPECT_EQ(m->vocab_size(), 3u);
}

TEST(WordLevelJson, LoadErrorsNameThePathAndValue) {
  EXPECT_EQ(error_of([] { word_level_from_text(R"({"type": "WordLevel", "vocab": {"a": 0}, "unk_token": "<unk>"})"); }),
            "tokenizer.json: model.unk_token: \"<unk>\" is not in the vocabulary");
  EXPECT_EQ(error_of([] { word_level_from_text(R"({"type": "WordLevel", "vocab": {"a": 0}})"); }),
            "tokenizer.json: model: missing \"unk_token\"");
  EXPECT_EQ(error_of([] { word_level_from_text(R"({"vocab": {}, "unk_token": "<unk>"})"); }),
            "tokenizer.json: model.vocab: is empty");
  EXPECT_EQ(error_of([] { word_level_from_text(R"({"type": "BPE", "vocab": {}, "unk_token": "<unk>"})"); }),
            "tokenizer.json: model.type: expected \"WordLevel\", got \"BPE\"");
}

}  // namespace
}  // namespace tokvec
