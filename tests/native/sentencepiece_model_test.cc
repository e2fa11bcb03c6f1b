// The SentencePiece .model reader: ModelProto bytes written field by field in the test (so each
// byte offset can be counted by hand), malformed input, and the Llama 2 model when it is present
// (expected values from Debian's python3-sentencepiece, noted beside each).
#include "tokenizer/loaders/sentencepiece_model.h"

#include <gtest/gtest.h>

#include "testing.h"

#include <cstring>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>

#include "core/error.h"
#include "tokenizer/models/unigram.h"

namespace tokvec {
namespace {

// ---- a protobuf writer for fixtures -------------------------------------------------------------

std::string varint(uint64_t v) {
  std::string out;
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
  return out;
}
std::string tag(uint32_t field, uint32_t wire_type) { return varint(uint64_t{field} << 3 | wire_type); }
std::string int_field(uint32_t field, int64_t v) { return tag(field, 0) + varint(static_cast<uint64_t>(v)); }
std::string bytes_field(uint32_t field, const std::string& s) { return tag(field, 2) + varint(s.size()) + s; }
std::string float_field(uint32_t field, float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  std::string out = tag(field, 5);
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(bits >> (8 * i)));
  return out;
}
std::string piece(const std::string& text, float score, int type = 0) {
  std::string msg = bytes_field(1, text) + float_field(2, score);
  if (type) msg += int_field(3, type);
  return bytes_field(1, msg);
}


// A Unigram model: <unk>=0 (UNKNOWN), <s>=1 (CONTROL), ▁a=2, b=3, ▁ab=4 (type left at NORMAL).
std::string small_model() {
  std::string trainer = int_field(3, 1)       // model_type UNIGRAM
                        + int_field(35, 1)    // byte_fallback
                        + int_field(40, 0)    // unk_id
                        + int_field(41, 1)    // bos_id
                        + int_field(42, -1)   // eos_id: a negative int32 is a 10-byte varint
                        + int_field(43, 3)    // pad_id
                        + int_field(25, 1)    // split_digits
                        + bytes_field(45, "[UNK]") + int_field(99, 7) + tag(98, 1) + std::string(8, 'x') +
                        tag(97, 5) + std::string(4, 'y');  // fields this reader skips
  std::string normalizer = bytes_field(1, "nmt_nfkc") + bytes_field(2, std::string("\x00\x01\xFF", 3)) +
                           int_field(3, 0) + int_field(4, 0) + int_field(5, 0);
  return piece("<unk>", 0, 2) + piece("<s>", 0, 3) + piece("\xE2\x96\x81" "a", -1.5f) + piece("b", -2.25f) +
         piece("\xE2\x96\x81" "ab", -3.0f) + bytes_field(2, trainer) + bytes_field(3, normalizer) +
         bytes_field(4, bytes_field(1, bytes_field(1, "self test")));
}

TEST(SentencePieceModel, ReadsPiecesTrainerSpecAndNormalizerSpec) {
  const SentencePieceModel m = read_sentencepiece_model(small_model(), "small.model");
  ASSERT_EQ(m.pieces.size(), 5u);
  EXPECT_EQ(m.pieces[0].piece, "<unk>");
  EXPECT_EQ(m.pieces[0].type, SentencePieceModel::PieceType::kUnknown);
  EXPECT_EQ(m.pieces[1].type, SentencePieceModel::PieceType::kControl);
  EXPECT_EQ(m.pieces[2].piece, "\xE2\x96\x81" "a");
  EXPECT_EQ(m.pieces[2].score, -1.5f);
  EXPECT_EQ(m.pieces[2].type, SentencePieceModel::PieceType::kNormal);
  EXPECT_EQ(m.pieces[3].score, -2.25f);
  EXPECT_EQ(m.model_type, SentencePieceModel::ModelType::kUnigram);
  EXPECT_TRUE(m.byte_fallback);
  EXPECT_TRUE(m.split_digits);
  EXPECT_FALSE(m.treat_whitespace_as_suffix);
  EXPECT_EQ(m.unk_id, 0);
  EXPECT_EQ(m.bos_id, 1);
  EXPECT_EQ(m.eos_id, -1);
  EXPECT_EQ(m.pad_id, 3);
  EXPECT_EQ(m.unk_piece, "[UNK]");
  EXPECT_EQ(m.bos_piece, "<s>");  // absent: the proto's default
  EXPECT_TRUE(m.has_normalizer_spec);
  EXPECT_EQ(m.normalizer.name, "nmt_nfkc");
  EXPECT_EQ(m.normalizer.precompiled_charsmap, std::string("\x00\x01\xFF", 3));
  EXPECT_FALSE(m.normalizer.add_dummy_prefix);
  EXPECT_FALSE(m.normalizer.remove_extra_whitespaces);
  EXPECT_FALSE(m.normalizer.escape_whitespaces);
}

TEST(SentencePieceModel, AbsentFieldsTakeTheProtoDefaults) {
  const SentencePieceModel m = read_sentencepiece_model(piece("a", 0));
  EXPECT_EQ(m.model_type, SentencePieceModel::ModelType::kUnigram);
  EXPECT_EQ(m.unk_id, 0);
  EXPECT_EQ(m.bos_id, 1);
  EXPECT_EQ(m.eos_id, 2);
  EXPECT_EQ(m.pad_id, -1);
  EXPECT_FALSE(m.byte_fallback);
  EXPECT_FALSE(m.has_normalizer_spec);
  EXPECT_TRUE(m.normalizer.add_dummy_prefix);
  EXPECT_TRUE(m.normalizer.remove_extra_whitespaces);
  EXPECT_TRUE(m.normalizer.escape_whitespaces);
  EXPECT_EQ(m.unk_surface, " \xE2\x81\x87 ");
}

TEST(SentencePieceModel, AUnigramModelBecomesAUnigramWithEveryPieceAndScore) {
  auto u = Unigram::from_sentencepiece(read_sentencepiece_model(small_model()));
  EXPECT_EQ(u->vocab_size(), 5u);
  EXPECT_EQ(u->unk_id(), 0u);
  EXPECT_TRUE(u->byte_fallback());
  EXPECT_EQ(u->score(3), -2.25);
  // ▁ab: ▁a + b = -3.75 loses to the piece ▁ab = -3.
  std::vector<Token> out;
  u->tokenize("\xE2\x96\x81" "ab", out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].id, 4u);
}

TEST(SentencePieceModel, MalformedInputIsAnErrorNamingTheByteAndField) {
  // pieces[0] = {piece: "a", score: <2 of its 4 bytes>}: outer tag at 0, length at 1, inner
  // piece tag at 2, its length at 3, "a" at 4, the score's tag at 5, its bytes from 6.
  std::string cut = bytes_field(1, "a") + float_field(2, 1.0f);
  cut.resize(cut.size() - 2);
  EXPECT_EQ(error_of([&] { read_sentencepiece_model(bytes_field(1, cut)); }),
            "tokenizer.model: byte 6: pieces[0].score: truncated: needs 4 bytes, 2 left");
  // The file ends inside pieces[0]: its length says 8, 3 bytes follow.
  EXPECT_EQ(error_of([] { read_sentencepiece_model(piece("a", 0).substr(0, 5)); }),
            "tokenizer.model: byte 0: pieces[0]: length 8 runs past the end (3 bytes left)");
  // After pieces[0] (10 bytes), trainer_spec {unk_id: <a varint that never ends>}: its tag at 10,
  // its length at 11, unk_id's two-byte tag at 12, the varint at 14.
  EXPECT_EQ(error_of([] { read_sentencepiece_model(piece("a", 0) + bytes_field(2, tag(40, 0) + "\x80")); }),
            "tokenizer.model: byte 14: trainer_spec.unk_id: truncated varint");
  EXPECT_EQ(error_of([] { read_sentencepiece_model(int_field(1, 5)); }),
            "tokenizer.model: byte 0: pieces[0]: wire type 0 (varint), expected 2 (length-delimited)");
  EXPECT_EQ(error_of([] { read_sentencepiece_model(piece("a", 0) + tag(7, 3)); }),
            "tokenizer.model: byte 10: field 7: unsupported wire type 3 (start-group)");
  EXPECT_EQ(error_of([] { read_sentencepiece_model(tag(7, 7)); }),
            "tokenizer.model: byte 0: field 7: wire type 7 is not valid");
  EXPECT_EQ(error_of([] { read_sentencepiece_model(std::string("\x00", 1)); }),
            "tokenizer.model: byte 0: field tag: field number 0 is not valid");
  EXPECT_EQ(error_of([] { read_sentencepiece_model(tag(5, 0) + std::string(9, '\xFF') + "\x02"); }),
            "tokenizer.model: byte 1: field 5: varint does not fit in 64 bits");
  EXPECT_EQ(error_of([] { read_sentencepiece_model(piece("\xFF", 0), "bad.model"); }),
            "bad.model: byte 2: pieces[0].piece: not valid UTF-8");
  EXPECT_EQ(error_of([] { read_sentencepiece_model(bytes_field(1, bytes_field(1, "a") + int_field(3, 9))); }),
            "tokenizer.model: byte 5: pieces[0].type: unknown piece type 9");
  EXPECT_EQ(error_of([] { read_sentencepiece_model(piece("a", 0) + bytes_field(2, int_field(3, 7))); }),
            "tokenizer.model: byte 12: trainer_spec.model_type: unknown model type 7");
  EXPECT_EQ(error_of([] { read_sentencepiece_model(""); }), "tokenizer.model: no pieces; not a SentencePiece model");
}

TEST(SentencePieceModel, EveryTruncationAndByteFlipIsAnErrorOrAModelNeverACrash_Seed7) {
  const std::string bytes = small_model();
  for (size_t n = 0; n < bytes.size(); ++n) {
    try {
      read_sentencepiece_model(bytes.substr(0, n));
    } catch (const Error&) {
    }
  }
  std::mt19937 rng(7);
  for (int i = 0; i < 2000; ++i) {
    std::string flipped = bytes;
    flipped[rng() % flipped.size()] = static_cast<char>(rng());
    try {
      read_sentencepiece_model(flipped);
    } catch (const Error&) {
    }
  }
}

TEST(SentencePieceModel, ConvertingANonUnigramModelOrABadUnkIdIsAnError) {
  const std::string bpe = piece("a", 0) + bytes_field(2, int_field(3, 2));
  EXPECT_EQ(error_of([&] { Unigram::from_sentencepiece(read_sentencepiece_model(bpe, "bpe.model")); }),
            "bpe.model: trainer_spec.model_type is BPE, expected UNIGRAM");
  const std::string bad_unk = piece("a", 0) + bytes_field(2, int_field(40, 4));
  EXPECT_EQ(error_of([&] { Unigram::from_sentencepiece(read_sentencepiece_model(bad_unk, "x.model")); }),
            "x.model: trainer_spec.unk_id 4 is out of range (1 pieces)");
  const std::string infinite = piece("a", 0) + piece("b", -std::numeric_limits<float>::infinity());
  // Refused by the reader itself, which every model type goes through.
  EXPECT_EQ(error_of([&] { read_sentencepiece_model(infinite, "x.model"); }),
            "x.model: byte 15: pieces[1].score: an infinite score");
}

// ---- models trained by SentencePiece (scripts/gen_sentencepiece_goldens.py) ---------------------


const std::string kData = std::string(TOKVEC_SOURCE_DIR) + "/tests/native/data/";

nlohmann::json sentencepiece_goldens() {
  return JsonView::parse(read_file(kData + "model_sentencepiece_goldens.json"), "model_sentencepiece_goldens.json");
}

TEST(SentencePieceModel, ReadsTrainedModelsAsSentencePieceDoes) {
  // Held in a variable: a range-for over a member of a temporary reads freed memory (ASan).
  const nlohmann::json goldens = sentencepiece_goldens();
  for (const auto& suite : goldens["suites"]) {
    const std::string name = suite["model"];
    const SentencePieceModel m = read_sentencepiece_model(read_file(kData + name), name);
    ASSERT_EQ(m.pieces.size(), suite["pieces"].size()) << name;
    for (size_t i = 0; i < m.pieces.size(); ++i) {
      const auto& expected = suite["pieces"][i];
      EXPECT_EQ(m.pieces[i].piece, expected[0].get<std::string>()) << name << " piece " << i;
      EXPECT_EQ(m.pieces[i].score, static_cast<float>(expected[1].get<double>())) << name << " piece " << i;
      EXPECT_EQ(static_cast<int>(m.pieces[i].type), expected[2].get<int>()) << name << " piece " << i;
    }
    const auto& t = suite["trainer_spec"];
    EXPECT_EQ(static_cast<int>(m.model_type), t["model_type"].get<int>()) << name;
    EXPECT_EQ(m.byte_fallback, t["byte_fallback"].get<bool>()) << name;
    EXPECT_EQ(m.unk_id, t["unk_id"].get<int>()) << name;
    EXPECT_EQ(m.bos_id, t["bos_id"].get<int>()) << name;
    EXPECT_EQ(m.eos_id, t["eos_id"].get<int>()) << name;
    EXPECT_EQ(m.pad_id, t["pad_id"].get<int>()) << name;
    const auto& n = suite["normalizer_spec"];
    EXPECT_EQ(m.normalizer.name, n["name"].get<std::string>()) << name;
    EXPECT_EQ(m.normalizer.add_dummy_prefix, n["add_dummy_prefix"].get<bool>()) << name;
    EXPECT_EQ(m.normalizer.remove_extra_whitespaces, n["remove_extra_whitespaces"].get<bool>()) << name;
    EXPECT_EQ(m.normalizer.escape_whitespaces, n["escape_whitespaces"].get<bool>()) << name;
    EXPECT_EQ(m.normalizer.precompiled_charsmap.size(), n["precompiled_charsmap_size"].get<size_t>()) << name;
  }
}

TEST(SentencePieceModel, UnigramFromATrainedModelEncodesWordsAsSentencePieceDoes) {
  // Held in a variable: a range-for over a member of a temporary reads freed memory (ASan).
  const nlohmann::json goldens = sentencepiece_goldens();
  for (const auto& suite : goldens["suites"]) {
    const std::string name = suite["model"];
    auto u = Unigram::from_sentencepiece(read_sentencepiece_model(read_file(kData + name), name));
    for (const auto& c : suite["cases"]) {
      const std::string word = c["word"];
      std::vector<Token> out;
      u->tokenize(word, out);
      std::vector<uint32_t> ids;
      for (const Token& t : out) ids.push_back(t.id);
      EXPECT_EQ(ids, c["ids"].get<std::vector<uint32_t>>()) << name << ": " << word;
    }
  }
}

TEST(SentencePieceModel, ReadsLlama2) {
  const std::string path = std::string(TOKVEC_SOURCE_DIR) + "/../shared/data/tokenizers/llama2.tokenizer.model";
  std::ifstream in(path, std::ios::binary);
  if (!in) GTEST_SKIP() << path << " is absent (reference data outside the repository)";
  std::ostringstream s;
  s << in.rdbuf();
  const SentencePieceModel m = read_sentencepiece_model(s.str(), "llama2.tokenizer.model");
  // Expected values: python3-sentencepiece's SentencePieceProcessor (get_piece_size, id_to_piece,
  // get_score, is_control, is_byte) and its sentencepiece_model_pb2.ModelProto for the specs.
  using Type = SentencePieceModel::PieceType;
  ASSERT_EQ(m.pieces.size(), 32000u);
  EXPECT_EQ(m.model_type, SentencePieceModel::ModelType::kBpe);
  EXPECT_TRUE(m.byte_fallback);
  EXPECT_TRUE(m.split_digits);
  EXPECT_EQ(m.unk_id, 0);
  EXPECT_EQ(m.bos_id, 1);
  EXPECT_EQ(m.eos_id, 2);
  EXPECT_EQ(m.pad_id, -1);
  EXPECT_EQ(m.normalizer.name, "identity");
  EXPECT_TRUE(m.normalizer.precompiled_charsmap.empty());
  EXPECT_TRUE(m.normalizer.add_dummy_prefix);
  EXPECT_FALSE(m.normalizer.remove_extra_whitespaces);
  EXPECT_TRUE(m.normalizer.escape_whitespaces);
  EXPECT_EQ(m.pieces[0].piece, "<unk>");
  EXPECT_EQ(m.pieces[0].type, Type::kUnknown);
  EXPECT_EQ(m.pieces[1].piece, "<s>");
  EXPECT_EQ(m.pieces[1].type, Type::kControl);
  EXPECT_EQ(m.pieces[2].piece, "</s>");
  EXPECT_EQ(m.pieces[3].piece, "<0x00>");
  EXPECT_EQ(m.pieces[3].type, Type::kByte);
  EXPECT_EQ(m.pieces[13].piece, "<0x0A>");
  EXPECT_EQ(m.pieces[259].piece, "\xE2\x96\x81\xE2\x96\x81");  // ▁▁
  EXPECT_EQ(m.pieces[259].score, -1e9f);
  EXPECT_EQ(m.pieces[260].piece, "\xE2\x96\x81t");  // ▁t
  EXPECT_EQ(m.pieces[260].score, -1.0f);
  EXPECT_EQ(m.pieces[260].type, Type::kNormal);
  EXPECT_EQ(m.pieces[1000].piece, "ied");
  EXPECT_EQ(m.pieces[1000].score, -741.0f);
  EXPECT_EQ(m.pieces[29871].piece, "\xE2\x96\x81");  // ▁
  EXPECT_EQ(m.pieces[31999].piece, "\xE7\xBB\x99");  // 给
  EXPECT_EQ(m.pieces[31999].score, -31740.0f);
  EXPECT_EQ(error_of([&] { Unigram::from_sentencepiece(m); }),
            "llama2.tokenizer.model: trainer_spec.model_type is BPE, expected UNIGRAM");
}

}  // namespace
}  // namespace tokvec
