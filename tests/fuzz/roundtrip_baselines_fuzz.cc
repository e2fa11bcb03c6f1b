// libFuzzer target: encode → decode on arbitrary bytes with the baseline tokenizers: byte level
// (lossless: decode(encode(x)) == x for valid UTF-8), character level and word level built from
// the model corpus (every token but [UNK] is the text its offsets cover).
#include <memory>

#include "fuzz.h"
#include "tokenizer/baseline.h"

using namespace tokvec;

namespace {

struct Fixtures {
  std::unique_ptr<Tokenizer> bytes, characters, words;
};

Fixtures make_fixtures() {
  const std::string corpus = fuzz::read_fixture("model_corpus.txt");
  VocabOptions characters;
  characters.corpus = corpus;
  WordLevelOptions words;
  words.corpus = corpus;
  Fixtures f;
  f.bytes = make_byte_level();
  f.characters = make_character_level(characters);
  f.words = make_word_level(words);
  return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Fixtures fixtures = make_fixtures();
  const std::string_view text = fuzz::as_text(data, size);
  const std::string decoded = fuzz::encode_decode(*fixtures.bytes, text);
  if (utf8::is_valid(text)) FUZZ_CHECK(decoded == text, "bytes: decode(encode(x)) != x for %zu bytes", size);
  FUZZ_CHECK(fixtures.bytes->encode(text, {}).size() == size, "bytes: not one token per byte");
  for (const Tokenizer* tokenizer : {fixtures.characters.get(), fixtures.words.get()}) {
    fuzz::encode_decode(*tokenizer, text);
    fuzz::check_tokens_cover_text(*tokenizer, text, kDefaultUnkToken);
  }
  return 0;
}
