// What the libFuzzer targets in tests/fuzz share: fixture loading at start-up, the invariants every
// Encoding must keep, and FUZZ_CHECK, which aborts (a crash libFuzzer keeps) when one breaks.
//
// A target catches tokvec::Error only: bad input must end as that one exception. Any other
// exception escaping (std::out_of_range, std::bad_alloc, nlohmann's) is a finding, and libFuzzer
// reports it as a crash.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/utf8.h"
#include "tokenizer/tokenizer.h"

#define FUZZ_CHECK(cond, ...)                                                 \
  do {                                                                        \
    if (!(cond)) {                                                            \
      std::fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond); \
      std::fprintf(stderr, "  " __VA_ARGS__);                                 \
      std::fprintf(stderr, "\n");                                             \
      std::abort();                                                           \
    }                                                                         \
  } while (0)

namespace tokvec::fuzz {

// A fixture from tests/native/data; a missing one aborts at start-up, before any input runs.
inline std::string read_fixture(const std::string& name) {
  const std::string path = std::string(TOKVEC_SOURCE_DIR) + "/tests/native/data/" + name;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  if (!in || s.str().empty()) {
    std::fprintf(stderr, "fuzz: cannot read fixture %s\n", path.c_str());
    std::abort();
  }
  return s.str();
}

inline std::string_view as_text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// What holds for every encoding of `text`, whatever the tokenizer: ids name tokens, offsets lie
// inside the text, the parallel vectors agree in length, and offsets never run backwards (HF and
// tiktoken both emit tokens in text order; added special tokens carry (0, 0)).
inline void check_encoding(const Tokenizer& tokenizer, std::string_view text, const Encoding& encoding) {
  FUZZ_CHECK(encoding.offsets.size() == encoding.ids.size() &&
                 encoding.special_tokens_mask.size() == encoding.ids.size() &&
                 encoding.type_ids.size() == encoding.ids.size(),
             "%zu ids, %zu offsets", encoding.ids.size(), encoding.offsets.size());
  uint32_t last_start = 0;
  for (size_t i = 0; i < encoding.size(); ++i) {
    FUZZ_CHECK(encoding.ids[i] < tokenizer.vocab_size(), "id %u at %zu, vocab size %u", encoding.ids[i], i,
               tokenizer.vocab_size());
    const Span span = encoding.offsets[i];
    FUZZ_CHECK(span.start <= span.end && span.end <= text.size(), "offset [%u, %u) at %zu, text has %zu bytes",
               span.start, span.end, i, text.size());
    if (encoding.special_tokens_mask[i]) continue;
    FUZZ_CHECK(span.start >= last_start, "offset [%u, %u) at %zu starts before %u", span.start, span.end, i,
               last_start);
    last_start = span.start;
  }
}

// Encodes `text`, checks the encoding, decodes it (which must succeed: every id came from the
// tokenizer) and returns the text; the ids-only path must give the same ids.
inline std::string encode_decode(const Tokenizer& tokenizer, std::string_view text, bool add_special_tokens = false) {
  EncodeOptions options;
  options.add_special_tokens = add_special_tokens;
  const Encoding encoding = tokenizer.encode(text, options);
  check_encoding(tokenizer, text, encoding);
  std::vector<uint32_t> ids;
  tokenizer.encode_ids(text, options, ids);
  FUZZ_CHECK(ids == encoding.ids, "encode_ids gave %zu ids, encode %zu", ids.size(), encoding.ids.size());
  const std::string decoded = tokenizer.decode(encoding.ids.data(), encoding.ids.size());
  FUZZ_CHECK(utf8::is_valid(decoded), "decode returned invalid UTF-8");
  for (const uint32_t id : encoding.ids) tokenizer.id_to_token(id);
  return decoded;
}

// For tokenizers whose tokens are pieces of the text (WordPiece, Unigram, the baselines): every
// token but the unknown one is exactly the text its offsets cover, or that text after
// `continuing_prefix` (WordPiece's "##").
inline void check_tokens_cover_text(const Tokenizer& tokenizer, std::string_view text, std::string_view unk_token,
                                    std::string_view continuing_prefix = {}) {
  const uint32_t unk = *tokenizer.token_to_id(unk_token);
  const Encoding encoding = tokenizer.encode(text, {});
  for (size_t i = 0; i < encoding.size(); ++i) {
    if (encoding.ids[i] == unk) continue;
    const std::string token = tokenizer.id_to_token(encoding.ids[i]);
    const std::string_view covered = text.substr(encoding.offsets[i].start, encoding.offsets[i].size());
    const bool prefixed = !continuing_prefix.empty() && token == std::string(continuing_prefix) + std::string(covered);
    FUZZ_CHECK(token == covered || prefixed, "token %zu \"%s\" covers \"%.*s\"", i, token.c_str(),
               static_cast<int>(covered.size()), covered.data());
  }
}

}  // namespace tokvec::fuzz
