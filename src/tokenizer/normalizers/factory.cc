#include "tokenizer/normalizers/factory.h"

#include <string>
#include <vector>

#include "core/error.h"
#include "tokenizer/normalizers/bert_normalizer.h"
#include "tokenizer/normalizers/lowercase.h"
#include "tokenizer/normalizers/nmt.h"
#include "tokenizer/normalizers/normal_forms.h"
#include "tokenizer/normalizers/precompiled.h"
#include "tokenizer/normalizers/prepend.h"
#include "tokenizer/normalizers/replace.h"
#include "tokenizer/normalizers/sequence.h"
#include "tokenizer/normalizers/strip.h"

namespace tokvec {

namespace {

std::unique_ptr<Normalizer> make_replace(const JsonView& j) {
  const JsonView pattern = j.at("pattern");
  std::string content = j.at("content").as_string();
  if (auto literal = pattern.find("String")) {
    return std::make_unique<NormalizerReplace>(NormalizerReplace::literal(literal->as_string(), std::move(content)));
  }
  if (auto regex = pattern.find("Regex")) {
    try {
      return std::make_unique<NormalizerReplace>(NormalizerReplace::regex(regex->as_string(), std::move(content)));
    } catch (const Error& e) {
      // The engine's message names the offset in the pattern; add where the pattern is.
      throw Error(e.code(), regex->location() + ": " + e.what());
    }
  }
  pattern.fail("expected {\"String\": ...} or {\"Regex\": ...}, got " + pattern.dump());
}

}  // namespace

std::unique_ptr<Normalizer> make_normalizer(const JsonView& j) {
  const std::string type = j.type();
  if (type == "NFD") return std::make_unique<NFD>();
  if (type == "NFKD") return std::make_unique<NFKD>();
  if (type == "NFC") return std::make_unique<NFC>();
  if (type == "NFKC") return std::make_unique<NFKC>();
  if (type == "Lowercase") return std::make_unique<Lowercase>();
  if (type == "StripAccents") return std::make_unique<StripAccents>();
  if (type == "Nmt") return std::make_unique<Nmt>();
  if (type == "Strip") {
    return std::make_unique<NormalizerStrip>(j.at("strip_left").as_bool(), j.at("strip_right").as_bool());
  }
  if (type == "BertNormalizer") {
    const bool lowercase = j.bool_or("lowercase", true);
    // HuggingFace's strip_accents is an Option<bool>: null (or absent) follows `lowercase`.
    const bool strip_accents = j.bool_or("strip_accents", lowercase);
    return std::make_unique<BertNormalizer>(j.bool_or("clean_text", true), j.bool_or("handle_chinese_chars", true),
                                            strip_accents, lowercase);
  }
  if (type == "Prepend") return std::make_unique<Prepend>(j.at("prepend").as_string());
  if (type == "Replace") return make_replace(j);
  if (type == "Precompiled") {
    const JsonView charsmap = j.at("precompiled_charsmap");
    const std::string where = charsmap.location();
    return std::make_unique<Precompiled>(Precompiled::decode_base64(charsmap.as_string(), where), where);
  }
  if (type == "Sequence") {
    std::vector<std::unique_ptr<Normalizer>> normalizers;
    j.at("normalizers").for_each_item([&](const JsonView& item) { normalizers.push_back(make_normalizer(item)); });
    return std::make_unique<NormalizerSequence>(std::move(normalizers));
  }
  j.at("type").unsupported("unsupported normalizer type \"" + type + "\"");
}

}  // namespace tokvec
