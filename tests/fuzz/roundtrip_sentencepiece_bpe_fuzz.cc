// libFuzzer target: encode → decode on arbitrary bytes with a small SentencePiece-style BPE in
// tokenizer.json form, as Llama 2 ships it: Prepend("▁") + Replace(" " → "▁") normalizer, BPE
// with byte_fallback (<0x00>…<0xFF>) and fuse_unk, decoder Replace("▁" → " ") + ByteFallback +
// Fuse + Strip(" ", 1, 0). Every byte has a token, so nothing is unknown and the round trip is
// exact up to the one substitution the normalizer makes: for valid UTF-8 x, decode(encode(x)) is
// x with each "▁" turned into a space. DecodeStream must agree with decode.
#include <memory>

#include <nlohmann/json.hpp>

#include "fuzz.h"
#include "tokenizer/load.h"

using namespace tokvec;

namespace {

const std::vector<std::string> kWords = {"▁the", "▁to", "ing", "▁and", "▁hello", "▁world", "er", "▁▁", "é", "日本"};

std::unique_ptr<Tokenizer> make_tokenizer() {
  nlohmann::ordered_json vocab = nlohmann::ordered_json::object();
  nlohmann::json merges = nlohmann::json::array();
  auto add = [&](const std::string& piece) {
    if (vocab.contains(piece)) return false;
    vocab[piece] = vocab.size();
    return true;
  };
  for (const char* piece : {"<unk>", "<s>", "</s>"}) add(piece);
  for (int b = 0; b < 256; ++b) {
    char name[8];
    std::snprintf(name, sizeof name, "<0x%02X>", b);
    add(name);
  }
  // Pieces are whole code points; each word merges left to right.
  for (const std::string& word : kWords) {
    std::vector<std::string> chars;
    for (size_t i = 0; i < word.size();) {
      const size_t n = utf8::sequence_length(static_cast<uint8_t>(word[i]));
      chars.push_back(word.substr(i, n));
      i += n;
    }
    for (const std::string& c : chars) add(c);
    std::string left = chars[0];
    for (size_t i = 1; i < chars.size(); ++i) {
      if (add(left + chars[i])) merges.push_back(left + " " + chars[i]);
      left += chars[i];
    }
  }
  const nlohmann::json config = {
      {"version", "1.0"},
      {"added_tokens", nlohmann::json::array()},
      {"normalizer", {{"type", "Sequence"}, {"normalizers", {{{"type", "Prepend"}, {"prepend", "▁"}},
                                                             {{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", "▁"}}}}}},
      {"pre_tokenizer", nullptr},
      {"post_processor", nullptr},
      {"decoder", {{"type", "Sequence"}, {"decoders", {{{"type", "Replace"}, {"pattern", {{"String", "▁"}}}, {"content", " "}},
                                                       {{"type", "ByteFallback"}},
                                                       {{"type", "Fuse"}},
                                                       {{"type", "Strip"}, {"content", " "}, {"start", 1}, {"stop", 0}}}}}},
      {"model", {{"type", "BPE"}, {"unk_token", "<unk>"}, {"fuse_unk", true}, {"byte_fallback", true}, {"vocab", vocab},
                 {"merges", merges}}}};
  return tokenizer_from_json(config.dump());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::unique_ptr<Tokenizer> tokenizer = make_tokenizer();
  static const uint32_t unk = *tokenizer->token_to_id("<unk>");
  const std::string_view text = fuzz::as_text(data, size);
  std::string decoded;
  try {
    decoded = fuzz::encode_decode(*tokenizer, text);
  } catch (const Error&) {
    FUZZ_CHECK(false, "encode threw on %zu bytes", size);
  }
  if (!utf8::is_valid(text)) return 0;
  std::string expected(text);
  for (size_t at = 0; (at = expected.find("▁", at)) != std::string::npos;) expected.replace(at, 3, " ");
  FUZZ_CHECK(decoded == expected, "decode(encode(x)) != x for %zu bytes of valid UTF-8", size);
  std::vector<uint32_t> ids;
  tokenizer->encode_ids(text, {}, ids);
  DecodeStream stream(*tokenizer, false);
  std::string streamed;
  for (const uint32_t id : ids) {
    FUZZ_CHECK(id != unk, "byte fallback left an <unk>");
    streamed += stream.push(id);
  }
  streamed += stream.flush();
  FUZZ_CHECK(streamed == decoded, "DecodeStream gave %zu bytes, decode %zu", streamed.size(), decoded.size());
  return 0;
}
