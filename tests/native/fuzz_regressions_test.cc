// Regression tests for what the libFuzzer targets (tests/fuzz, docs/fuzzing.md) found: each
// input that once crashed, leaked, hung or broke an invariant, and the behaviour it has now —
// usually a tokvec::Error naming the problem.
#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "testing.h"
#include "tokenizer/load.h"

namespace tokvec {
namespace {

const std::string kData = std::string(TOKVEC_SOURCE_DIR) + "/tests/native/data/";

// sentencepiece_model: a BYTE piece whose hex digits are not hex reached std::stoi, which threw
// std::invalid_argument ("<0xQ3>") or gave a negative index ("<0x-1>").
TEST(FuzzRegressions, SentencePieceBytePieceThatIsNotHexIsAnError) {
  const std::string model = read_file(kData + "model_sentencepiece_unigram_bytes.model");
  ASSERT_FALSE(model.empty()) << "missing " << kData << "model_sentencepiece_unigram_bytes.model";
  for (const std::string bad : {"<0xQ3>", "<0x-1>"}) {
    std::string broken = model;
    broken.replace(broken.find("<0x33>"), 6, bad);
    EXPECT_EQ(error_of([&] { tokenizer_from_sentencepiece(broken); }),
              "tokenizer.model: pieces[54]: byte piece \"" + bad + "\" is not one of <0x00>…<0xFF>");
  }
  EXPECT_NO_THROW(tokenizer_from_sentencepiece(model));
}

// tokenizer_json: a post-processor whose special tokens name ids the vocabulary lacks (here the
// added tokens that defined [CLS] and [SEP] are gone) gave encodings with ids past the vocabulary,
// which no decode could read back.
TEST(FuzzRegressions, PostProcessorSpecialTokenOutsideTheVocabularyIsAnError) {
  const std::string model = R"("model": {"type": "WordLevel", "vocab": {"[UNK]": 0, "hello": 1}, "unk_token": "[UNK]"})";
  const std::string bert = R"({"post_processor": {"type": "BertProcessing", "sep": ["[SEP]", 8], "cls": ["[CLS]", 7]}, )" + model + "}";
  EXPECT_EQ(error_of([&] { tokenizer_from_json(bert); }),
            "tokenizer.json: post_processor: special token id 7 names no token (vocab size 2)");
  const std::string template_processing = R"({"post_processor": {"type": "TemplateProcessing",
    "single": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
    "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
    "special_tokens": {"[SEP]": {"id": "[SEP]", "ids": [1, 5], "tokens": ["hello", "[SEP]"]}}}, )" + model + "}";
  EXPECT_EQ(error_of([&] { tokenizer_from_json(template_processing); }),
            "tokenizer.json: post_processor: special token id 5 names no token (vocab size 2)");
  // The same processor with its tokens present loads and encodes.
  const std::string fine = R"({"added_tokens": [{"id": 2, "content": "[CLS]", "special": true}, {"id": 3, "content": "[SEP]", "special": true}],
    "post_processor": {"type": "BertProcessing", "sep": ["[SEP]", 3], "cls": ["[CLS]", 2]}, )" + model + "}";
  EXPECT_EQ(tokenizer_from_json(fine)->encode("hello").ids, (std::vector<uint32_t>{2, 1, 3}));
}

}  // namespace
}  // namespace tokvec
