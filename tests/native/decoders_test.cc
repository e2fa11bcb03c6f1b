// Decoders against HuggingFace: every configuration in decoder_goldens.json (written by
// scripts/gen_pipeline_goldens.mjs from npm `tokenizers`) on every token list; then what the
// goldens cannot show — the Strip inputs on which HuggingFace panics, and the errors.
#include <gtest/gtest.h>

#include "testing.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/json.h"
#include "tokenizer/decoders/factory.h"
#include "tokenizer/decoders/string_replace.h"

namespace tokvec {
namespace {

nlohmann::json load_json(const std::string& relative) {
  std::ifstream in(std::string(TOKVEC_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return JsonView::parse(buffer.str(), relative);
}

std::unique_ptr<Decoder> make(const std::string& config) {
  const nlohmann::json j = JsonView::parse(config, "tokenizer.json");
  return make_decoder(JsonView(j, "tokenizer.json", "decoder"));
}

// HuggingFace's Decoder::decode: decode_chain, then concatenation.
std::string decode(const Decoder& d, std::vector<std::string> tokens) {
  d.decode_chain(tokens);
  std::string text;
  for (const std::string& t : tokens) text += t;
  return text;
}

std::string error_of(const std::string& config) {
  try {
    make(config);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(Decoders, MatchHuggingFaceOnEveryGoldenTokenList) {
  const nlohmann::json goldens = load_json("tests/native/data/decoder_goldens.json");
  const nlohmann::json& lists = goldens.at("token_lists");
  size_t checked = 0;
  for (const auto& entry : goldens.at("decoders")) {
    const std::string name = entry.at("name");
    const auto d = make_decoder(JsonView(entry.at("config"), "tokenizer.json", "decoder"));
    for (size_t t = 0; t < lists.size(); ++t) {
      if (entry.at("decoded")[t].is_null()) continue;  // HuggingFace panics on this one
      const std::vector<std::string> tokens = lists[t];
      EXPECT_EQ(decode(*d, tokens), entry.at("decoded")[t].get<std::string>())
          << name << " on token list " << t << ": " << lists[t].dump();
      ++checked;
    }
  }
  EXPECT_GT(checked, 180u);
}


TEST(Decoders, MatchHuggingFaceOnRealVocabularies) {
  const std::string folder = std::string(TOKVEC_SOURCE_DIR) + "/../shared/data/tokenizers/";
  if (!std::ifstream(folder + "roberta-base.tokenizer.json")) GTEST_SKIP() << "reference tokenizers not found in " << folder;
  const nlohmann::json goldens = load_json("tests/native/data/decoder_goldens.json");
  if (goldens.at("real_tokenizers").is_null()) GTEST_SKIP() << "goldens were generated without the tokenizers";
  for (const auto& digest : goldens.at("real_tokenizers")) {
    const std::string file = digest.at("file");
    std::ifstream in(folder + file, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const nlohmann::json tokenizer = JsonView::parse(buffer.str(), file);
    const auto d = make_decoder(JsonView(tokenizer, file).at("decoder"));
    // Model tokens in id order: a BPE vocab maps token → id, a Unigram vocab lists [token, score].
    const nlohmann::json& vocab = tokenizer.at("model").at("vocab");
    std::vector<std::string> tokens(vocab.size());
    if (vocab.is_object()) {
      for (auto it = vocab.begin(); it != vocab.end(); ++it) tokens.at(it.value().get<size_t>()) = it.key();
    } else {
      for (size_t i = 0; i < vocab.size(); ++i) tokens[i] = vocab[i][0].get<std::string>();
    }
    ASSERT_EQ(tokens.size(), digest.at("tokens").get<size_t>()) << file;
    uint32_t hash = 2166136261u;
    size_t groups = 0;
    for (size_t i = 0; i < tokens.size(); i += 7, ++groups) {
      const std::vector<std::string> group(tokens.begin() + i, tokens.begin() + std::min(i + 7, tokens.size()));
      hash = fnv1a(hash, decode(*d, group) + std::string(1, '\0'));
    }
    EXPECT_EQ(groups, digest.at("groups").get<size_t>()) << file;
    EXPECT_EQ(hash, digest.at("fnv1a").get<uint32_t>()) << file;
  }
}

TEST(Decoders, StripGivesEmptyTokensWhereHuggingFacePanics) {
  // Cuts from both ends that cross, and a stop count longer than the token.
  const auto both = make(R"({"type": "Strip", "content": " ", "start": 1, "stop": 1})");
  EXPECT_EQ(decode(*both, {" ", "  ", " a "}), "a");
  const auto end = make(R"({"type": "Strip", "content": "▁", "start": 0, "stop": 3})");
  EXPECT_EQ(decode(*end, {"▁", "", "a▁▁", "▁▁▁▁"}), "a▁");
}

TEST(Decoders, ReplaceAllFollowsRustStrReplace) {
  EXPECT_EQ(replace_all("ab", "", "-"), "-a-b-");
  EXPECT_EQ(replace_all("\xC3\xA9", "", "-"), "-\xC3\xA9-");  // boundaries are between characters
  EXPECT_EQ(replace_all("aaa", "aa", "b"), "ba");
  EXPECT_EQ(replace_all("", "", "x"), "x");
}

TEST(Decoders, HasByteLevelLooksInsideSequences) {
  EXPECT_TRUE(has_byte_level(*make(R"({"type": "Sequence", "decoders": [{"type": "Fuse"},
      {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": false}]})")));
  EXPECT_FALSE(has_byte_level(*make(R"({"type": "Fuse"})")));
}

TEST(Decoders, UnknownTypesAndBadOptionsAreNamedWithTheirPath) {
  EXPECT_EQ(error_of(R"({"type": "Sequence", "decoders": [{"type": "Fuse"}, {"type": "Fuse"}, {"type": "Foo"}]})"),
            "tokenizer.json: decoder.decoders[2]: unsupported type \"Foo\"");
  try {
    make(R"({"type": "Foo"})");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUnsupported);
  }
  EXPECT_EQ(error_of(R"({"type": "Strip", "content": "ab", "start": 1, "stop": 0})"),
            "tokenizer.json: decoder.content: expected a single character, got \"ab\"");
  EXPECT_EQ(error_of(R"({"type": "Strip", "content": " ", "start": -1, "stop": 0})"),
            "tokenizer.json: decoder.start: expected a whole number from 0 to 4294967295, got -1");
  EXPECT_EQ(error_of(R"({"type": "Replace", "pattern": {"Regex": "("}, "content": ""})")
                .rfind("tokenizer.json: decoder.pattern.Regex: regex: ", 0),
            0u);
  EXPECT_EQ(error_of(R"({"type": "Replace", "pattern": {"Text": "a"}, "content": ""})"),
            "tokenizer.json: decoder.pattern: expected {\"String\": ...} or {\"Regex\": ...}");
  EXPECT_EQ(error_of(R"({"type": "WordPiece", "prefix": "##"})"), "tokenizer.json: decoder: missing \"cleanup\"");
  EXPECT_EQ(error_of(R"({"type": "BPEDecoder"})"), "tokenizer.json: decoder: missing \"suffix\"");
  EXPECT_EQ(error_of(R"({"type": "CTC", "pad_token": "<pad>", "word_delimiter_token": "|"})"),
            "tokenizer.json: decoder: missing \"cleanup\"");
  EXPECT_EQ(error_of(R"({"type": "ByteLevel", "add_prefix_space": true})"),
            "tokenizer.json: decoder: missing \"trim_offsets\"");
  EXPECT_EQ(error_of(R"({"type": "Metaspace", "replacement": "▁", "prepend_scheme": "sometimes"})"),
            "tokenizer.json: decoder.prepend_scheme: unknown prepend_scheme \"sometimes\", expected one of first, "
            "never, always");
}

}  // namespace
}  // namespace tokvec
