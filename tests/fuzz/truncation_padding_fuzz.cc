// libFuzzer target: truncation and padding (src/tokenizer/truncation.cc, Encoding::truncate/pad)
// through Tokenizer::encode, encode_pair and encode_batch, on the WordPiece fixture without a
// post-processor and as a BERT vocab.txt ([CLS] A [SEP] B [SEP]). The first five bytes choose the
// settings, the rest is the text (a 0xFF byte, when present, separates the pair's second text).
// Settings the tokenizer refuses end as tokvec::Error; otherwise every encoding and each of its
// overflowing pieces keep the invariants: the kept part no longer than maxLength before padding,
// offsets inside the text their sequence id names, padding marked in the masks, and a batch padded
// to the length asked for.
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzz.h"
#include "tokenizer/load.h"

using namespace tokvec;

namespace {

// The WordPiece fixture's vocabulary as a BERT vocab.txt, [PAD] (id 0) and [CLS]/[SEP] first.
std::unique_ptr<Tokenizer> make_bert() {
  const nlohmann::json vocab = nlohmann::json::parse(fuzz::read_fixture("model_word_piece.json"))["model"]["vocab"];
  std::vector<std::string> by_id(vocab.size());
  for (const auto& [token, id] : vocab.items()) by_id.at(id.get<size_t>()) = token;
  std::string vocab_txt = "[PAD]\n[CLS]\n[SEP]\n[MASK]\n";
  for (const std::string& token : by_id) vocab_txt += token + "\n";
  return tokenizer_from_word_piece_vocab(vocab_txt, {});
}

// Checks one encoding and, recursively, its overflowing pieces. `limit` is maxLength, or none when
// padding may have lengthened it; `texts` are what sequence ids 0 and 1 index.
void check(const Encoding& e, const Tokenizer& tokenizer, std::optional<size_t> limit, const PaddingParams* padding,
           const std::string_view texts[2]) {
  const size_t n = e.size();
  FUZZ_CHECK(e.offsets.size() == n && e.special_tokens_mask.size() == n && e.type_ids.size() == n &&
                 e.attention_mask.size() == n && e.sequence_ids.size() == n,
             "%zu ids, %zu offsets, %zu attention", n, e.offsets.size(), e.attention_mask.size());
  if (limit) FUZZ_CHECK(n <= *limit, "%zu tokens, maxLength %zu", n, *limit);
  for (size_t i = 0; i < n; ++i) {
    FUZZ_CHECK(e.sequence_ids[i] <= 1, "sequence id %u at %zu", e.sequence_ids[i], i);
    const std::string_view text = texts[e.sequence_ids[i]];
    FUZZ_CHECK(e.offsets[i].start <= e.offsets[i].end && e.offsets[i].end <= text.size(),
               "offset [%u, %u) at %zu, its text has %zu bytes", e.offsets[i].start, e.offsets[i].end, i, text.size());
    if (e.attention_mask[i] == 0) {
      FUZZ_CHECK(padding && e.ids[i] == padding->pad_id && e.special_tokens_mask[i] == 1,
                 "masked token %zu is not padding (id %u)", i, e.ids[i]);
    } else {
      FUZZ_CHECK(e.ids[i] < tokenizer.vocab_size(), "id %u at %zu, vocab size %u", e.ids[i], i, tokenizer.vocab_size());
    }
  }
  // Overflowing pieces may be longer: a sequence cut to 0 tokens (maxLength 0, or a pair's shorter
  // half of maxLength 1) becomes one whole overflowing piece, as in HuggingFace's Encoding::truncate.
  for (const Encoding& piece : e.overflowing) check(piece, tokenizer, std::nullopt, padding, texts);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::unique_ptr<Tokenizer> tokenizer = tokenizer_from_json(fuzz::read_fixture("model_word_piece.json"));
  static const std::unique_ptr<Tokenizer> bert = make_bert();
  if (size < 5) return 0;
  const uint8_t flags = data[2];
  TruncationParams truncation;
  truncation.max_length = data[0] % 48;
  truncation.stride = data[1] % 16;
  truncation.strategy = static_cast<TruncationStrategy>(flags % 3);
  truncation.direction = flags & 4 ? TruncationDirection::kLeft : TruncationDirection::kRight;
  PaddingParams padding;
  if (data[3] % 64 != 0) padding.length = data[3] % 64;
  padding.pad_to_multiple_of = data[4] % 8;
  padding.direction = flags & 8 ? PaddingDirection::kLeft : PaddingDirection::kRight;
  padding.pad_id = 0;
  padding.pad_type_id = flags >> 6;
  EncodeOptions options;
  options.add_special_tokens = (flags & 16) == 0;
  const bool truncate = (flags & 32) == 0;
  const bool pad = data[4] & 8;
  options.truncation = truncate ? std::optional<TruncationParams>(truncation) : std::nullopt;
  options.padding = pad ? std::optional<PaddingParams>(padding) : std::nullopt;

  const std::string_view rest = fuzz::as_text(data + 5, size - 5);
  const size_t separator = rest.find('\xFF');
  const std::string_view a = rest.substr(0, separator);
  const std::string_view b = separator == std::string_view::npos ? std::string_view() : rest.substr(separator + 1);
  const std::string_view single[2] = {a, a};
  const std::string_view pair[2] = {a, b};
  const std::optional<size_t> limit = truncate && !pad ? std::optional<size_t>(truncation.max_length) : std::nullopt;
  const PaddingParams* padded = pad ? &padding : nullptr;
  for (const Tokenizer* t : {tokenizer.get(), bert.get()}) {
    try {
      check(t->encode(a, options), *t, limit, padded, single);
    } catch (const Error&) {
    }
    try {
      check(t->encode_pair(a, b, options), *t, limit, padded, pair);
    } catch (const Error&) {
    }
    try {
      const std::vector<Encoding> batch = t->encode_batch({{a, std::nullopt}, {a, b}, {b, std::nullopt}}, options);
      const std::string_view batch_texts[3][2] = {{a, a}, {a, b}, {b, b}};
      for (size_t i = 0; i < batch.size(); ++i) {
        check(batch[i], *t, limit, padded, batch_texts[i]);
        if (!pad) continue;
        // BatchLongest: one length, a multiple of pad_to_multiple_of. Fixed: at least that length
        // (rounded up), exactly it when padded; a longer encoding stays as it is.
        const size_t m = padding.pad_to_multiple_of;
        const size_t n = batch[i].size();
        if (!padding.length) {
          FUZZ_CHECK(n == batch[0].size() && (m == 0 || n % m == 0), "batch: %zu tokens and %zu, multiple %zu", n,
                     batch[0].size(), m);
        } else {
          const size_t target = m == 0 || *padding.length % m == 0 ? *padding.length : *padding.length + m - *padding.length % m;
          const bool has_padding = std::find(batch[i].attention_mask.begin(), batch[i].attention_mask.end(), 0) != batch[i].attention_mask.end();
          FUZZ_CHECK(n >= target && (!has_padding || n == target), "batch: %zu tokens, padded to %zu", n, target);
        }
      }
    } catch (const Error&) {
    }
  }
  return 0;
}
