#include "tokenizer/decoders/factory.h"

#include "tokenizer/decoders/bpe.h"
#include "tokenizer/decoders/byte_fallback.h"
#include "tokenizer/decoders/byte_level.h"
#include "tokenizer/decoders/ctc.h"
#include "tokenizer/decoders/fuse.h"
#include "tokenizer/decoders/metaspace.h"
#include "tokenizer/decoders/replace.h"
#include "tokenizer/decoders/sequence.h"
#include "tokenizer/decoders/strip.h"
#include "tokenizer/decoders/wordpiece.h"
#include "tokenizer/pre_tokenizers/splitting.h"

namespace tokvec {

std::unique_ptr<Decoder> make_decoder(const JsonView& j) {
  const std::string type = j.type();
  if (type == "ByteLevel") {
    // The decoder ignores the options but HuggingFace requires them (it is the same struct as the
    // pre-tokenizer's).
    j.at("add_prefix_space").as_bool();
    j.at("trim_offsets").as_bool();
    j.bool_or("use_regex", true);
    return std::make_unique<ByteLevelDecoder>();
  }
  if (type == "Metaspace") return std::make_unique<MetaspaceDecoder>(parse_metaspace_options(j));
  if (type == "Replace") {
    Regex regex = make_pattern_regex(j.at("pattern"));
    return std::make_unique<ReplaceDecoder>(std::move(regex), j.at("content").as_string());
  }
  if (type == "ByteFallback") return std::make_unique<ByteFallback>();
  if (type == "Fuse") return std::make_unique<Fuse>();
  if (type == "Strip") {
    const char32_t content = j.at("content").as_char();
    const uint32_t start = j.at("start").as_u32();
    return std::make_unique<StripDecoder>(content, start, j.at("stop").as_u32());
  }
  if (type == "Sequence") {
    std::vector<std::unique_ptr<Decoder>> stages;
    j.at("decoders").for_each_item([&](const JsonView& item) { stages.push_back(make_decoder(item)); });
    return std::make_unique<DecoderSequence>(std::move(stages));
  }
  if (type == "WordPiece") {
    std::string prefix = j.at("prefix").as_string();
    return std::make_unique<WordPieceDecoder>(std::move(prefix), j.at("cleanup").as_bool());
  }
  if (type == "BPEDecoder") return std::make_unique<BPEDecoder>(j.at("suffix").as_string());
  if (type == "CTC") {
    std::string pad_token = j.at("pad_token").as_string();
    std::string word_delimiter_token = j.at("word_delimiter_token").as_string();
    return std::make_unique<CTC>(std::move(pad_token), std::move(word_delimiter_token), j.at("cleanup").as_bool());
  }
  j.unsupported("unsupported type \"" + type + "\"");
}

bool has_byte_level(const Decoder& d) { return d.has_byte_level(); }

}  // namespace tokvec
