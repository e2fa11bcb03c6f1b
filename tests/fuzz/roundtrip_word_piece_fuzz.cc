// libFuzzer target: encode → decode on arbitrary bytes with WordPiece, twice: the WordPiece
// fixture tokenizer.json (WhitespaceSplit, no normalizer) and the same vocabulary as a BERT
// vocab.txt (BertNormalizer, BertPreTokenizer, [CLS]/[SEP], WordPiece decoder). Without a
// normalizer every token but [UNK] is the text its offsets cover, "##" marking a continuation.
#include <memory>

#include <nlohmann/json.hpp>

#include "fuzz.h"
#include "tokenizer/load.h"

using namespace tokvec;

namespace {

struct Fixtures {
  std::unique_ptr<Tokenizer> plain, bert;
};

Fixtures make_fixtures() {
  const std::string json = fuzz::read_fixture("model_word_piece.json");
  const nlohmann::json vocab = nlohmann::json::parse(json)["model"]["vocab"];
  std::vector<std::string> by_id(vocab.size());
  for (const auto& [token, id] : vocab.items()) by_id.at(id.get<size_t>()) = token;
  std::string vocab_txt = "[PAD]\n[CLS]\n[SEP]\n[MASK]\n";
  for (const std::string& token : by_id) vocab_txt += token + "\n";
  Fixtures f;
  f.plain = tokenizer_from_json(json);
  f.bert = tokenizer_from_word_piece_vocab(vocab_txt, {});
  return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Fixtures fixtures = make_fixtures();
  const std::string_view text = fuzz::as_text(data, size);

  fuzz::encode_decode(*fixtures.plain, text);
  fuzz::check_tokens_cover_text(*fixtures.plain, text, "[UNK]", "##");

  fuzz::encode_decode(*fixtures.bert, text);
  fuzz::encode_decode(*fixtures.bert, text, true);
  const Encoding pair = fixtures.bert->encode_pair(text, text.substr(0, size / 2));
  for (const uint32_t id : pair.ids) FUZZ_CHECK(id < fixtures.bert->vocab_size(), "pair id %u", id);
  return 0;
}
