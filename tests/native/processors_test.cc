// Post-processors on a character-level model ("a"=0, "b"=1, [UNK]=2) with [CLS]=3 and [SEP]=4.
#include "tokenizer/processors/processors.h"

#include <gtest/gtest.h>

#include "tokenizer/models/char_level.h"
#include "tokenizer/tokenizer.h"

namespace tokvec {
namespace {

Tokenizer make(std::unique_ptr<PostProcessor> processor) {
  Pipeline p;
  p.model = std::make_unique<CharLevel>(Vocab({"a", "b", "[UNK]", "[CLS]", "[SEP]"}), "[UNK]");
  p.post_processor = std::move(processor);
  return Tokenizer(std::move(p));
}

std::unique_ptr<PostProcessor> from_json(const char* text) {
  static std::vector<nlohmann::json> docs;  // JsonView does not own; keep the documents alive
  docs.push_back(JsonView::parse(text, "tokenizer.json"));
  return make_post_processor(JsonView(docs.back(), "tokenizer.json", "post_processor"));
}

TEST(TemplateProcessing, SingleAndPairTemplatesAddSpecialTokensAndTypeIds) {
  const Tokenizer t = make(from_json(R"({"type": "TemplateProcessing",
    "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
               {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
    "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
             {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
             {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
    "special_tokens": {"[CLS]": {"id": "[CLS]", "ids": [3], "tokens": ["[CLS]"]},
                       "[SEP]": {"id": "[SEP]", "ids": [4], "tokens": ["[SEP]"]}}})"));
  const Encoding single = t.encode("ab");
  EXPECT_EQ(single.ids, (std::vector<uint32_t>{3, 0, 1, 4}));
  EXPECT_EQ(single.special_tokens_mask, (std::vector<uint8_t>{1, 0, 0, 1}));
  EXPECT_EQ(single.offsets[0], (Span{0, 0}));
  const Encoding pair = t.encode_pair("a", "b");
  EXPECT_EQ(pair.ids, (std::vector<uint32_t>{3, 0, 4, 1, 4}));
  EXPECT_EQ(pair.type_ids, (std::vector<uint32_t>{0, 0, 0, 1, 1}));
  EncodeOptions plain;
  plain.add_special_tokens = false;
  EXPECT_EQ(t.encode("ab", plain).ids, (std::vector<uint32_t>{0, 1}));
}

TEST(ClsSepProcessing, BertAndRobertaLayOutPairsDifferently) {
  const Tokenizer bert = make(from_json(R"({"type": "BertProcessing", "sep": ["[SEP]", 4], "cls": ["[CLS]", 3]})"));
  const Encoding b = bert.encode_pair("a", "b");
  EXPECT_EQ(b.ids, (std::vector<uint32_t>{3, 0, 4, 1, 4}));
  EXPECT_EQ(b.type_ids, (std::vector<uint32_t>{0, 0, 0, 1, 1}));
  const Tokenizer roberta = make(from_json(
      R"({"type": "RobertaProcessing", "sep": ["[SEP]", 4], "cls": ["[CLS]", 3], "trim_offsets": false})"));
  const Encoding r = roberta.encode_pair("a", "b");
  EXPECT_EQ(r.ids, (std::vector<uint32_t>{3, 0, 4, 4, 1, 4}));
  EXPECT_EQ(r.type_ids, (std::vector<uint32_t>{0, 0, 0, 0, 0, 0}));
}

TEST(PostProcessors, EncodeIdsGivesTheIdsOfEncode) {
  // encode_ids adds special tokens to the ids alone where the processor can, else it goes through
  // a whole encoding: either way the ids are encode's, special tokens or not.
  const std::string specials = R"("special_tokens": {"[CLS]": {"id": "[CLS]", "ids": [3], "tokens": ["[CLS]"]},
    "[SEP]": {"id": "[SEP]", "ids": [4], "tokens": ["[SEP]"]}, "pair": {"id": "pair", "ids": [4, 3], "tokens": ["[SEP]", "[CLS]"]}})";
  const auto templated = [&](const std::string& single) {
    return R"({"type": "TemplateProcessing", "single": )" + single +
           R"(, "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}], )" + specials + "}";
  };
  const std::string a = R"({"Sequence": {"id": "A", "type_id": 0}})";
  const std::string b = R"({"Sequence": {"id": "B", "type_id": 0}})";
  const std::string cls = R"({"SpecialToken": {"id": "[CLS]", "type_id": 0}})";
  const std::string pair = R"({"SpecialToken": {"id": "pair", "type_id": 0}})";
  const std::string bert = R"({"type": "BertProcessing", "sep": ["[SEP]", 4], "cls": ["[CLS]", 3]})";
  const std::string byte_level = R"({"type": "ByteLevel", "trim_offsets": true})";
  const std::vector<std::string> processors = {
      bert,
      R"({"type": "RobertaProcessing", "sep": ["[SEP]", 4], "cls": ["[CLS]", 3]})",
      byte_level,
      templated("[" + cls + ", " + a + ", " + pair + "]"),
      templated("[" + a + ", " + pair + ", " + pair + "]"),
      templated("[" + a + "]"),
      R"({"type": "Sequence", "processors": [)" + byte_level + ", " + templated("[" + cls + ", " + a + "]") + "]}",
      R"({"type": "Sequence", "processors": [)" + templated("[" + cls + ", " + a + "]") + ", " + bert + "]}",
      R"({"type": "Sequence", "processors": [)" + bert + ", " + byte_level + "]}",
  };
  // Single templates that are not one $A, with special tokens only: without them encode_ids skips
  // post-processing, which keeps the sequence, where these drop or repeat it.
  const std::vector<std::string> unusual = {
      templated("[" + cls + ", " + b + "]"),
      templated("[" + a + ", " + cls + ", " + a + "]"),
  };
  for (const std::string& json : processors) {
    const Tokenizer t = make(from_json(json.c_str()));
    for (const bool add_special_tokens : {true, false}) {
      for (const char* text : {"abba", ""}) {
        EncodeOptions options;
        options.add_special_tokens = add_special_tokens;
        std::vector<uint32_t> ids{99};
        t.encode_ids(text, options, ids);
        EXPECT_EQ(ids, t.encode(text, options).ids) << json << " on \"" << text << "\", add_special_tokens " << add_special_tokens;
      }
    }
  }
  for (const std::string& json : unusual) {
    const Tokenizer t = make(from_json(json.c_str()));
    std::vector<uint32_t> ids;
    t.encode_ids("abba", {}, ids);
    EXPECT_EQ(ids, t.encode("abba").ids) << json;
  }
}

TEST(PostProcessorFactory, UnknownTypesAndMissingSpecialTokensAreNamed) {
  try {
    from_json(R"({"type": "Fancy"})");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "tokenizer.json: post_processor.type: unsupported post-processor type \"Fancy\"");
  }
  try {
    from_json(R"({"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}],
                  "pair": [], "special_tokens": {}})");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "tokenizer.json: post_processor.single[0].SpecialToken.id: special token \"<s>\" is not in special_tokens");
  }
}

}  // namespace
}  // namespace tokvec
