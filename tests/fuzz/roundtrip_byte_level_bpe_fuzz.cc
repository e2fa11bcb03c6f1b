// libFuzzer target: encode → decode on arbitrary bytes with byte-level BPE, twice: a small
// GPT-2-style tokenizer.json (ByteLevel pre-tokenizer and decoder, <|endoftext|> added) and the
// same vocabulary as a .tiktoken rank file (tiktoken semantics). Byte-level BPE is lossless:
// for valid UTF-8, decode(encode(x)) == x, and streaming the ids through DecodeStream gives the
// same text as one decode.
#include <memory>
#include <set>

#include <nlohmann/json.hpp>

#include "fuzz.h"
#include "tokenizer/encodings.h"
#include "tokenizer/load.h"

using namespace tokvec;

namespace {

// GPT-2's bytes_to_unicode: printable bytes map to themselves, the rest to U+0100 onwards.
std::vector<std::string> byte_chars() {
  std::vector<std::string> chars(256);
  uint32_t next = 256;
  for (uint32_t b = 0; b < 256; ++b) {
    const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
    utf8::append(chars[b], printable ? b : next++);
  }
  return chars;
}

// Words whose bytes merge left to right: "Ġthe" gives "Ġ t", "Ġt h", "Ġth e".
const std::vector<std::string> kWords = {" the", " to", "ing", " and", "hello", " world", "é", "日本", "  ", "123", "'s"};

struct Fixtures {
  std::unique_ptr<Tokenizer> hf, tiktoken;
};

Fixtures make_fixtures() {
  const std::vector<std::string> chars = byte_chars();
  nlohmann::ordered_json vocab = nlohmann::ordered_json::object();
  nlohmann::json merges = nlohmann::json::array();
  std::string ranks;  // the .tiktoken file: base64 of the token's bytes, rank
  std::vector<std::string> token_bytes;
  auto add = [&](const std::string& bytes, const std::string& chars_of) {
    if (vocab.contains(chars_of)) return false;
    vocab[chars_of] = token_bytes.size();
    token_bytes.push_back(bytes);
    return true;
  };
  for (uint32_t b = 0; b < 256; ++b) add(std::string(1, static_cast<char>(b)), chars[b]);
  for (const std::string& word : kWords) {
    std::string bytes(1, word[0]), text = chars[static_cast<uint8_t>(word[0])];
    for (size_t i = 1; i < word.size(); ++i) {
      const std::string next = chars[static_cast<uint8_t>(word[i])];
      if (add(bytes + word[i], text + next)) merges.push_back(text + " " + next);
      bytes += word[i];
      text += next;
    }
  }
  static const char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (size_t rank = 0; rank < token_bytes.size(); ++rank) {
    const std::string& t = token_bytes[rank];
    for (size_t i = 0; i < t.size(); i += 3) {
      uint32_t v = static_cast<uint8_t>(t[i]) << 16;
      if (i + 1 < t.size()) v |= static_cast<uint8_t>(t[i + 1]) << 8;
      if (i + 2 < t.size()) v |= static_cast<uint8_t>(t[i + 2]);
      ranks += kBase64[v >> 18];
      ranks += kBase64[(v >> 12) & 63];
      ranks += i + 1 < t.size() ? kBase64[(v >> 6) & 63] : '=';
      ranks += i + 2 < t.size() ? kBase64[v & 63] : '=';
    }
    ranks += " " + std::to_string(rank) + "\n";
  }
  const uint32_t eot = static_cast<uint32_t>(token_bytes.size());
  const nlohmann::json byte_level = {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}};
  const nlohmann::json config = {
      {"version", "1.0"},
      {"added_tokens", {{{"id", eot}, {"content", "<|endoftext|>"}, {"single_word", false}, {"lstrip", false},
                         {"rstrip", false}, {"normalized", false}, {"special", true}}}},
      {"normalizer", nullptr},
      {"pre_tokenizer", byte_level},
      {"post_processor", nullptr},
      {"decoder", byte_level},
      {"model", {{"type", "BPE"}, {"vocab", vocab}, {"merges", merges}}}};
  Fixtures f;
  f.hf = tokenizer_from_json(config.dump());
  f.tiktoken = tokenizer_from_tiktoken(ranks, encoding_spec("r50k_base").pattern, {{"<|endoftext|>", eot}});
  return f;
}

void check_stream(const Tokenizer& tokenizer, std::string_view text, const std::string& decoded) {
  std::vector<uint32_t> ids;
  tokenizer.encode_ids(text, {}, ids);
  DecodeStream stream(tokenizer, false);
  std::string streamed;
  for (const uint32_t id : ids) streamed += stream.push(id);
  streamed += stream.flush();
  FUZZ_CHECK(streamed == decoded, "DecodeStream gave %zu bytes, decode %zu", streamed.size(), decoded.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Fixtures fixtures = make_fixtures();
  const std::string_view text = fuzz::as_text(data, size);
  const bool valid = utf8::is_valid(text);
  for (const Tokenizer* tokenizer : {fixtures.hf.get(), fixtures.tiktoken.get()}) {
    std::string decoded;
    try {
      decoded = fuzz::encode_decode(*tokenizer, text);
    } catch (const Error&) {
      // Only tiktoken refuses text: a special token it was not allowed to see.
      FUZZ_CHECK(tokenizer == fixtures.tiktoken.get() && text.find("<|endoftext|>") != std::string_view::npos,
                 "encode threw on %zu bytes", size);
      continue;
    }
    if (!valid) continue;
    FUZZ_CHECK(decoded == text, "decode(encode(x)) != x for %zu bytes of valid UTF-8", size);
    check_stream(*tokenizer, text, decoded);
  }
  return 0;
}
