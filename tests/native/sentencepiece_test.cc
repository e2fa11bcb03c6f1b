// tokenizer_from_sentencepiece against SentencePiece itself: goldens from
// scripts/gen_sentencepiece_parity.py (SentencePieceProcessor.encode / decode) for the two small
// committed Unigram models and, when the reference data is present, Llama 2's BPE model.
#include "tokenizer/models/sentencepiece.h"

#include <gtest/gtest.h>

#include "testing.h"

#include <array>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "tokenizer/load.h"
#include "tokenizer/tokenizer.h"

namespace tokvec {
namespace {

const std::string kData = std::string(TOKVEC_SOURCE_DIR) + "/tests/native/data/";
const std::string kLlama2 = std::string(TOKVEC_SOURCE_DIR) + "/../shared/data/tokenizers/llama2.tokenizer.model";


void check_goldens(const std::string& model_name, const std::string& model_path) {
  const nlohmann::json goldens = nlohmann::json::parse(read_file(kData + "sentencepiece_parity_goldens.json"));
  const auto tokenizer = tokenizer_from_sentencepiece(read_file(model_path), model_name);
  for (const auto& c : goldens["models"][model_name]) {
    const std::string text = c["text"];
    const std::string name = c["name"];
    EncodeOptions plain;
    plain.add_special_tokens = false;
    const Encoding e = tokenizer->encode(text, plain);
    const auto expected = c["ids"].get<std::vector<uint32_t>>();
    std::string actual_pieces;
    for (uint32_t id : e.ids) actual_pieces += tokenizer->id_to_token(id) + " ";
    EXPECT_EQ(e.ids, expected) << model_name << ": " << name << "\n  SentencePiece: " << c["pieces"].dump()
                               << "\n  tokvec: " << actual_pieces;
    EXPECT_EQ(tokenizer->encode(text).ids, c["ids_with_bos"].get<std::vector<uint32_t>>()) << model_name << ": " << name;
    EXPECT_EQ(tokenizer->decode(expected.data(), expected.size()), c["decoded"].get<std::string>())
        << model_name << ": " << name;
    std::vector<std::array<uint32_t, 2>> offsets;
    for (const Span& span : e.offsets) offsets.push_back({span.start, span.end});
    EXPECT_EQ(offsets, (c["offsets"].get<std::vector<std::array<uint32_t, 2>>>())) << model_name << ": " << name;
  }
}

// encode_nbest against SentencePieceProcessor.nbest_encode_as_immutable_proto
// (scripts/gen_sentencepiece_nbest.py): the same segmentations in the same order, the same float
// scores to the bit.
void check_nbest(const std::string& model_name) {
  const nlohmann::json goldens = nlohmann::json::parse(read_file(kData + "sentencepiece_nbest_goldens.json"));
  const auto tokenizer = tokenizer_from_sentencepiece(read_file(kData + model_name), model_name);
  EncodeOptions plain;
  plain.add_special_tokens = false;
  size_t checked = 0;
  for (const auto& c : goldens["models"][model_name]) {
    const std::string text = c["text"];
    const auto results = tokenizer->encode_nbest(text, c["n"].get<size_t>(), plain);
    const auto& expected = c["nbests"];
    ASSERT_EQ(results.size(), expected.size()) << model_name << ": \"" << text << "\" n=" << c["n"];
    for (size_t i = 0; i < results.size(); ++i) {
      std::vector<std::string> pieces;
      const Encoding& e = results[i].encoding;
      for (size_t k = 0; k < e.size(); ++k) pieces.push_back(tokenizer->id_to_token(e.ids[k]));
      for (const auto& [k, covered] : e.texts) pieces[k] = covered;
      EXPECT_EQ(e.ids, expected[i]["ids"].get<std::vector<uint32_t>>()) << model_name << ": \"" << text << "\" #" << i;
      EXPECT_EQ(pieces, expected[i]["pieces"].get<std::vector<std::string>>()) << model_name << ": \"" << text << "\" #" << i;
      EXPECT_EQ(results[i].score, expected[i]["score"].get<double>()) << model_name << ": \"" << text << "\" #" << i;
      ++checked;
    }
  }
  EXPECT_GE(checked, 50u);
}


SentencePieceModel tiny_model() {
  SentencePieceModel m;
  m.where = "tiny.model";
  m.pieces = {{"<unk>", 0, SentencePieceModel::PieceType::kUnknown},
              {"<s>", 0, SentencePieceModel::PieceType::kControl},
              {"a", -1, SentencePieceModel::PieceType::kNormal},
              {"b", -1, SentencePieceModel::PieceType::kNormal},
              {"ab", -0.5, SentencePieceModel::PieceType::kNormal}};
  m.normalizer.add_dummy_prefix = false;
  return m;
}

TEST(SentencePiece, BpeMergesThePairWithTheHighestScoreFirst) {
  // "abb": the pairs are "ab" (-0.5) and "bb" (-0.25); "bb" scores higher and merges first, and
  // "abb" is no piece, so a b b → a bb.
  SentencePieceModel m = tiny_model();
  m.model_type = SentencePieceModel::ModelType::kBpe;
  m.pieces.push_back({"bb", -0.25, SentencePieceModel::PieceType::kNormal});  // 5
  const SentencePiece model(m);
  std::vector<Token> out;
  model.tokenize("abb", out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].id, 2u);
  EXPECT_EQ(out[1].id, 5u);
}

TEST(SentencePiece, ControlPiecesAreNeverMatchedInText) {
  SentencePieceModel m = tiny_model();
  const SentencePiece model(m);
  std::vector<Token> out;
  model.tokenize("<s>a", out);  // "<s>" is unknown text: one fused <unk>, then a
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].id, 0u);
  EXPECT_EQ(out[0].span, (Span{0, 3}));
  EXPECT_EQ(out[1].id, 2u);
}

TEST(SentencePiece, LoadErrorsNameTheModelAndTheProblem) {
  SentencePieceModel word = tiny_model();
  word.model_type = SentencePieceModel::ModelType::kWord;
  EXPECT_EQ(error_of([&] { SentencePiece{word}; }),
            "tiny.model: trainer_spec.model_type WORD is not supported; expected UNIGRAM or BPE");
  SentencePieceModel no_unk = tiny_model();
  no_unk.pieces.erase(no_unk.pieces.begin());
  EXPECT_EQ(error_of([&] { SentencePiece{no_unk}; }), "tiny.model: the model has no piece of type UNKNOWN");
  SentencePieceModel bytes = tiny_model();
  bytes.byte_fallback = true;
  EXPECT_EQ(error_of([&] { SentencePiece{bytes}; }),
            "tiny.model: trainer_spec.byte_fallback is true but the model lacks some of the 256 <0xNN> pieces");
  SentencePieceModel charsmap = tiny_model();
  charsmap.normalizer.precompiled_charsmap = "ab";
  EXPECT_EQ(error_of([&] { SentencePieceNormalizer{charsmap}; }),
            "tiny.model: normalizer_spec.precompiled_charsmap has 2 bytes, too short for its header");
  charsmap.normalizer.precompiled_charsmap = std::string("\x08\0\0\0abc", 7);
  EXPECT_EQ(error_of([&] { SentencePieceNormalizer{charsmap}; }),
            "tiny.model: normalizer_spec.precompiled_charsmap: trie size 8 does not fit its 7 bytes");
}

TEST(SentencePiece, UnigramMatchesSentencePiece) {
  check_goldens("model_sentencepiece_unigram.model", kData + "model_sentencepiece_unigram.model");
}

TEST(SentencePiece, UnigramWithByteFallbackMatchesSentencePiece) {
  check_goldens("model_sentencepiece_unigram_bytes.model", kData + "model_sentencepiece_unigram_bytes.model");
}

TEST(SentencePiece, NBestMatchesSentencePiece) {
  check_nbest("model_sentencepiece_unigram.model");
  check_nbest("model_sentencepiece_unigram_bytes.model");
}

TEST(SentencePiece, NBestAndSamplingNeedAUnigramModel) {
  SentencePieceModel m = tiny_model();
  m.model_type = SentencePieceModel::ModelType::kBpe;
  Pipeline p;
  p.model = std::make_unique<SentencePiece>(m);
  const Tokenizer tokenizer(std::move(p));
  EXPECT_EQ(error_of([&] { tokenizer.encode_nbest("ab", 2); }),
            "encodeNBest: n-best needs a Unigram model; this one is SentencePiece BPE");
  EncodeOptions o;
  o.sample = SampleParams{};
  EXPECT_EQ(error_of([&] { tokenizer.encode("ab", o); }), "encode: sample needs a Unigram model; this one is SentencePiece BPE");
}

TEST(SentencePiece, Llama2BpeMatchesSentencePiece) {
  if (!std::ifstream(kLlama2).good()) GTEST_SKIP() << kLlama2 << " is absent (reference data outside the repository)";
  check_goldens("llama2", kLlama2);
}

}  // namespace
}  // namespace tokvec
