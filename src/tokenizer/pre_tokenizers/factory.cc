#include "tokenizer/pre_tokenizers/factory.h"

#include "tokenizer/pre_tokenizers/delimiter.h"
#include "tokenizer/pre_tokenizers/digits.h"
#include "tokenizer/pre_tokenizers/fixed_length.h"
#include "tokenizer/pre_tokenizers/metaspace.h"
#include "tokenizer/pre_tokenizers/punctuation.h"
#include "tokenizer/pre_tokenizers/sequence.h"
#include "tokenizer/pre_tokenizers/split.h"
#include "tokenizer/pre_tokenizers/splitting.h"
#include "tokenizer/pre_tokenizers/unicode_scripts.h"
#include "tokenizer/pre_tokenizers/whitespace.h"

namespace tokvec {

std::unique_ptr<PreTokenizer> make_pre_tokenizer(const JsonView& j, bool byte_level_alphabet) {
  const std::string type = j.type();
  if (type == "ByteLevel") {
    const bool add_prefix_space = j.at("add_prefix_space").as_bool();
    const bool trim_offsets = j.at("trim_offsets").as_bool();
    return std::make_unique<ByteLevel>(add_prefix_space, trim_offsets, j.bool_or("use_regex", true), byte_level_alphabet);
  }
  if (type == "Metaspace") return std::make_unique<Metaspace>(parse_metaspace_options(j));
  if (type == "Split") {
    Regex regex = make_pattern_regex(j.at("pattern"));
    const SplitDelimiterBehavior behavior = parse_split_behavior(j.at("behavior"));
    return std::make_unique<Split>(std::move(regex), behavior, j.at("invert").as_bool());
  }
  if (type == "Sequence") {
    std::vector<std::unique_ptr<PreTokenizer>> stages;
    j.at("pretokenizers").for_each_item([&](const JsonView& item) { stages.push_back(make_pre_tokenizer(item, byte_level_alphabet)); });
    return std::make_unique<PreTokenizerSequence>(std::move(stages));
  }
  if (type == "Whitespace") return std::make_unique<Whitespace>();
  if (type == "WhitespaceSplit") return std::make_unique<WhitespaceSplit>();
  if (type == "BertPreTokenizer") return std::make_unique<BertPreTokenizer>();
  if (type == "Digits") return std::make_unique<Digits>(j.at("individual_digits").as_bool());
  if (type == "Punctuation") {
    const auto behavior = j.find("behavior");
    return std::make_unique<Punctuation>(behavior ? parse_split_behavior(*behavior) : SplitDelimiterBehavior::kIsolated);
  }
  if (type == "CharDelimiterSplit") return std::make_unique<CharDelimiterSplit>(j.at("delimiter").as_char());
  if (type == "UnicodeScripts") return std::make_unique<UnicodeScripts>();
  if (type == "FixedLength") {
    uint32_t length = 5;
    if (const auto value = j.find("length")) {
      length = value->as_u32();
      if (length == 0) value->fail("must be at least 1");
    }
    return std::make_unique<FixedLength>(length);
  }
  j.unsupported("unsupported type \"" + type + "\"");
}

const ByteLevel* find_byte_level(const PreTokenizer& p) { return p.byte_level(); }

}  // namespace tokvec
