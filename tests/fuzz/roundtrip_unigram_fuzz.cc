// libFuzzer target: encode → decode on arbitrary bytes with Unigram, three ways: the Unigram
// fixture tokenizer.json (every token but <unk> is the text its offsets cover); the byte-fallback
// fixture with no pre-tokenizer and a ByteFallback + Fuse decoder (lossless: for valid UTF-8,
// decode(encode(x)) == x); and the SentencePiece .model fixture with byte pieces, run through
// SentencePiece's own normalizer (invariants of fuzz.h only).
#include <memory>

#include <nlohmann/json.hpp>

#include "fuzz.h"
#include "tokenizer/load.h"

using namespace tokvec;

namespace {

struct Fixtures {
  std::unique_ptr<Tokenizer> plain, byte_fallback, sentencepiece;
};

Fixtures make_fixtures() {
  nlohmann::json lossless = nlohmann::json::parse(fuzz::read_fixture("model_unigram_byte_fallback.json"));
  lossless["pre_tokenizer"] = nullptr;
  lossless["decoder"] = {{"type", "Sequence"}, {"decoders", {{{"type", "ByteFallback"}}, {{"type", "Fuse"}}}}};
  Fixtures f;
  f.plain = tokenizer_from_json(fuzz::read_fixture("model_unigram.json"));
  f.byte_fallback = tokenizer_from_json(lossless.dump());
  f.sentencepiece = tokenizer_from_sentencepiece(fuzz::read_fixture("model_sentencepiece_unigram_bytes.model"));
  return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Fixtures fixtures = make_fixtures();
  const std::string_view text = fuzz::as_text(data, size);

  fuzz::encode_decode(*fixtures.plain, text);
  fuzz::check_tokens_cover_text(*fixtures.plain, text, "<unk>");

  const std::string decoded = fuzz::encode_decode(*fixtures.byte_fallback, text);
  // A literal "<0x41>" in the text may be matched as the byte piece it spells; skip those texts.
  if (utf8::is_valid(text) && text.find("<0x") == std::string_view::npos) {
    FUZZ_CHECK(decoded == text, "byte fallback: decode(encode(x)) != x for %zu bytes of valid UTF-8", size);
  }

  fuzz::encode_decode(*fixtures.sentencepiece, text);
  fuzz::encode_decode(*fixtures.sentencepiece, text, true);
  return 0;
}
