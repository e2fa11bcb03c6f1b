// libFuzzer target: TokenizerTrainer (src/training/) on fuzzed options and corpora. The input's
// first line is the options JSON, the rest the corpus, one text a line. Options the trainer
// refuses end as tokvec::Error; accepted ones train to the end, and the tokenizer.json written
// must load, encode every corpus line keeping the invariants and, for byte-level BPE with every
// byte in its alphabet, decode each valid UTF-8 line back to itself.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz.h"
#include "tokenizer/load.h"
#include "tokenizer/models/byte_level_alphabet.h"
#include "training/tokenizer_trainer.h"

using namespace tokvec;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input = fuzz::as_text(data, size);
  const size_t newline = input.find('\n');
  const std::string_view options = input.substr(0, newline);
  std::vector<std::string_view> lines;
  for (size_t at = newline; at != std::string_view::npos && at < input.size();) {
    const size_t end = input.find('\n', at + 1);
    lines.push_back(input.substr(at + 1, (end == std::string_view::npos ? input.size() : end) - at - 1));
    at = end;
  }
  std::unique_ptr<TokenizerTrainer> trainer;
  try {
    trainer = std::make_unique<TokenizerTrainer>(options);
    for (const std::string_view line : lines) trainer->feed(line);
    trainer->start();
  } catch (const Error&) {
    return 0;
  }
  size_t steps = 0;
  while (!trainer->step(16)) FUZZ_CHECK(++steps < 100000, "training does not end");
  FUZZ_CHECK(trainer->fraction() == 1.0, "finished at fraction %f", trainer->fraction());
  const std::string json = trainer->to_json();
  std::unique_ptr<Tokenizer> tokenizer;
  try {
    tokenizer = tokenizer_from_json(json);
  } catch (const Error& e) {
    FUZZ_CHECK(false, "the trained tokenizer.json does not load: %s", e.what());
  }
  // Lossless when byte-level and every byte has its token (limitAlphabet may leave some out, and
  // those bytes are dropped, as HuggingFace drops them).
  bool lossless = json.find("\"type\":\"ByteLevel\"") != std::string::npos;
  for (int b = 0; b < 256 && lossless; ++b) {
    lossless = tokenizer->token_to_id(byte_level::to_alphabet(std::string(1, static_cast<char>(b)))).has_value();
  }
  for (const std::string_view line : lines) {
    const std::string decoded = fuzz::encode_decode(*tokenizer, line);
    if (lossless && utf8::is_valid(line)) {
      FUZZ_CHECK(decoded == line, "byte-level: decode(encode(x)) != x for a %zu-byte line", line.size());
    }
  }
  return 0;
}
