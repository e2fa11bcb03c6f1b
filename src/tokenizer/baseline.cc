#include "tokenizer/baseline.h"

#include <algorithm>
#include <unordered_map>

#include "core/error.h"
#include "core/utf8.h"
#include "tokenizer/decoders/byte_fallback.h"
#include "tokenizer/decoders/fuse.h"
#include "tokenizer/decoders/sequence.h"
#include "tokenizer/models/bytes.h"
#include "tokenizer/models/char_level.h"
#include "tokenizer/models/word_level.h"
#include "tokenizer/normalizers/lowercase.h"
#include "tokenizer/pre_tokenizers/whitespace.h"

namespace tokvec {

namespace {

using Counts = std::unordered_map<std::string, uint64_t, StringHash, std::equal_to<>>;

// Counts a key without building a std::string for keys already seen.
void count(Counts& counts, std::string_view key) {
  auto it = counts.find(key);
  if (it != counts.end()) ++it->second;
  else counts.emplace(std::string(key), 1);
}

// Unknown token first, then entries by descending count, ties by byte order (deterministic
// whatever the hash map's iteration order).
std::vector<std::string> vocab_from_counts(const Counts& counts, const VocabOptions& options) {
  std::vector<std::pair<std::string_view, uint64_t>> entries;
  for (const auto& [token, count] : counts) {
    if (count >= options.min_frequency && token != options.unk_token) entries.emplace_back(token, count);
  }
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  std::vector<std::string> vocab{options.unk_token};
  for (const auto& [token, count] : entries) {
    if (options.max_vocab != 0 && vocab.size() >= options.max_vocab) break;
    vocab.emplace_back(token);
  }
  return vocab;
}

std::vector<std::string> given_vocab(const VocabOptions& options) {
  std::vector<std::string> vocab = options.vocab;
  if (std::find(vocab.begin(), vocab.end(), options.unk_token) == vocab.end()) vocab.push_back(options.unk_token);
  return vocab;
}

void check_options(const VocabOptions& options, const char* who) {
  if (options.unk_token.empty()) {
    throw Error(ErrorCode::kInvalidArgument, std::string(who) + ": unkToken must not be empty");
  }
  if (options.max_vocab == 1) {
    throw Error(ErrorCode::kInvalidArgument,
                std::string(who) + ": maxVocab 1 leaves room for the unknown token only; use 0 for no limit or at least 2");
  }
  for (size_t i = 0; i < options.vocab.size(); ++i) {
    if (!utf8::is_valid(options.vocab[i])) {
      throw_error(ErrorCode::kInvalidArgument, {who, ": vocab[", i, "] is not valid UTF-8"});
    }
  }
}

}  // namespace

std::unique_ptr<Tokenizer> make_word_level(const WordLevelOptions& options) {
  check_options(options, "wordLevel");
  std::unique_ptr<Normalizer> normalizer;
  if (options.lowercase) normalizer = std::make_unique<Lowercase>();
  auto pre_tokenizer = std::make_unique<Whitespace>();

  std::vector<std::string> vocab;
  if (options.vocab.empty()) {
    Normalized s = Normalized::identity(options.corpus, 0);
    if (normalizer) normalizer->normalize(s);
    std::vector<Span> pieces;
    if (!s.text.empty()) pieces.push_back({0, static_cast<uint32_t>(s.text.size())});
    pre_tokenizer->split(s, pieces);
    Counts counts;
    for (const Span& p : pieces) count(counts, std::string_view(s.text).substr(p.start, p.size()));
    vocab = vocab_from_counts(counts, options);
  } else {
    vocab = given_vocab(options);
  }

  Pipeline p;
  p.normalizer = std::move(normalizer);
  p.pre_tokenizer = std::move(pre_tokenizer);
  p.model = std::make_unique<WordLevel>(Vocab(std::move(vocab), "wordLevel: vocab"), options.unk_token);
  return std::make_unique<Tokenizer>(std::move(p));
}

std::unique_ptr<Tokenizer> make_character_level(const VocabOptions& options) {
  check_options(options, "characterLevel");
  std::vector<std::string> vocab;
  if (options.vocab.empty()) {
    Counts counts;
    const std::string_view corpus = options.corpus;
    for (size_t i = 0; i < corpus.size();) {
      const size_t start = i;
      utf8::decode(corpus, i);
      count(counts, corpus.substr(start, i - start));
    }
    vocab = vocab_from_counts(counts, options);
  } else {
    for (size_t i = 0; i < options.vocab.size(); ++i) {
      const std::string& entry = options.vocab[i];
      size_t end = 0;
      if (!entry.empty()) utf8::decode(entry, end);
      if (entry != options.unk_token && (entry.empty() || end != entry.size())) {
        throw_error(ErrorCode::kInvalidArgument, {"characterLevel: vocab[", i, "] = \"", entry, "\" is not a single character"});
      }
    }
    vocab = given_vocab(options);
  }
  Pipeline p;
  p.model = std::make_unique<CharLevel>(Vocab(std::move(vocab), "characterLevel: vocab"), options.unk_token);
  p.decoder = std::make_unique<Fuse>();
  return std::make_unique<Tokenizer>(std::move(p));
}

std::unique_ptr<Tokenizer> make_byte_level() {
  Pipeline p;
  p.model = std::make_unique<Bytes>();
  std::vector<std::unique_ptr<Decoder>> decoders;
  decoders.push_back(std::make_unique<ByteFallback>());
  decoders.push_back(std::make_unique<Fuse>());
  p.decoder = std::make_unique<DecoderSequence>(std::move(decoders));
  return std::make_unique<Tokenizer>(std::move(p));
}

}  // namespace tokvec
