// Embind glue for Tokenizer (see guarded.h for how arguments and errors cross).
#include <emscripten/bind.h>

#include <cstdint>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "bindings/guarded.h"
#include "core/utf8.h"
#include "tokenizer/baseline.h"
#include "tokenizer/tokenizer.h"

using namespace emscripten;

namespace {

using tokvec::binding::guarded;
using tokvec::binding::string_list;
using tokvec::binding::view;

class TokenizerHandle {
 public:
  explicit TokenizerHandle(std::unique_ptr<tokvec::Tokenizer> tokenizer) : tokenizer_(std::move(tokenizer)) {}

  // Encodes text[0, len) and keeps ids, UTF-16 offsets ([start, end) pairs) and the special-token
  // mask for the wrapper to copy. Returns the token count.
  uint32_t encode(uintptr_t text, uint32_t len, bool add_special_tokens) {
    return guarded([&] {
      const std::string_view source = view(text, len);
      tokvec::Encoding e = tokenizer_->encode(source, {add_special_tokens});
      const size_t n = e.size();
      ids_ = std::move(e.ids);
      mask_ = std::move(e.special_tokens_mask);
      std::vector<uint32_t> starts(n), ends(n);
      for (size_t i = 0; i < n; ++i) {
        starts[i] = e.offsets[i].start;
        ends[i] = e.offsets[i].end;
      }
      std::vector<uint32_t> starts16(n), ends16(n);
      tokvec::utf8::to_utf16_offsets(source, starts.data(), n, starts16.data(), false);
      tokvec::utf8::to_utf16_offsets(source, ends.data(), n, ends16.data(), true);
      offsets_.resize(2 * n);
      for (size_t i = 0; i < n; ++i) {
        offsets_[2 * i] = starts16[i];
        offsets_[2 * i + 1] = ends16[i];
      }
      return static_cast<uint32_t>(n);
    });
  }
  uintptr_t ids() const { return reinterpret_cast<uintptr_t>(ids_.data()); }
  uintptr_t offsets() const { return reinterpret_cast<uintptr_t>(offsets_.data()); }
  uintptr_t special_tokens_mask() const { return reinterpret_cast<uintptr_t>(mask_.data()); }

  std::string decode(uintptr_t ids, uint32_t count, bool skip_special_tokens) {
    return guarded([&] {
      return tokenizer_->decode(reinterpret_cast<const uint32_t*>(ids), count, skip_special_tokens);
    });
  }

  // Token strings of ids[0, count) into one buffer; lengths() gives each one's byte length.
  uint32_t token_strings(uintptr_t ids, uint32_t count) {
    return guarded([&] {
      const auto* id = reinterpret_cast<const uint32_t*>(ids);
      strings_.clear();
      lengths_.resize(count);
      for (uint32_t i = 0; i < count; ++i) {
        const size_t before = strings_.size();
        strings_ += tokenizer_->id_to_token(id[i]);
        lengths_[i] = static_cast<uint32_t>(strings_.size() - before);
      }
      return static_cast<uint32_t>(strings_.size());
    });
  }
  uintptr_t strings() const { return reinterpret_cast<uintptr_t>(strings_.data()); }
  uintptr_t lengths() const { return reinterpret_cast<uintptr_t>(lengths_.data()); }

  uint32_t vocab_size() const { return tokenizer_->vocab_size(); }
  // -1 when the token is not in the vocabulary.
  int32_t token_to_id(uintptr_t token, uint32_t len) const {
    const auto id = tokenizer_->token_to_id(view(token, len));
    return id ? static_cast<int32_t>(*id) : -1;
  }

 private:
  std::unique_ptr<tokvec::Tokenizer> tokenizer_;
  std::vector<uint32_t> ids_, offsets_, lengths_;
  std::vector<uint8_t> mask_;
  std::string strings_;
};

tokvec::VocabOptions vocab_options(uintptr_t corpus, uint32_t corpus_len, uintptr_t vocab_bytes,
                                   uintptr_t vocab_lengths, uint32_t vocab_count, uint32_t min_frequency,
                                   uint32_t max_vocab) {
  tokvec::VocabOptions o;
  o.corpus.assign(view(corpus, corpus_len));
  o.vocab = string_list(vocab_bytes, vocab_lengths, vocab_count);
  o.min_frequency = min_frequency;
  o.max_vocab = max_vocab;
  return o;
}

TokenizerHandle* word_level(uintptr_t corpus, uint32_t corpus_len, uintptr_t vocab_bytes, uintptr_t vocab_lengths,
                            uint32_t vocab_count, uint32_t min_frequency, uint32_t max_vocab, bool lowercase) {
  return guarded([&] {
    tokvec::WordLevelOptions o;
    static_cast<tokvec::VocabOptions&>(o) =
        vocab_options(corpus, corpus_len, vocab_bytes, vocab_lengths, vocab_count, min_frequency, max_vocab);
    o.lowercase = lowercase;
    return new TokenizerHandle(tokvec::make_word_level(o));
  });
}

TokenizerHandle* character_level(uintptr_t corpus, uint32_t corpus_len, uintptr_t vocab_bytes,
                                 uintptr_t vocab_lengths, uint32_t vocab_count, uint32_t min_frequency,
                                 uint32_t max_vocab) {
  return guarded([&] {
    return new TokenizerHandle(tokvec::make_character_level(
        vocab_options(corpus, corpus_len, vocab_bytes, vocab_lengths, vocab_count, min_frequency, max_vocab)));
  });
}

TokenizerHandle* byte_level() {
  return guarded([] { return new TokenizerHandle(tokvec::make_byte_level()); });
}

}  // namespace

EMSCRIPTEN_BINDINGS(tokvec) {
  class_<TokenizerHandle>("TokenizerHandle")
      .function("encode", &TokenizerHandle::encode)
      .function("ids", &TokenizerHandle::ids)
      .function("offsets", &TokenizerHandle::offsets)
      .function("specialTokensMask", &TokenizerHandle::special_tokens_mask)
      .function("decode", &TokenizerHandle::decode)
      .function("tokenStrings", &TokenizerHandle::token_strings)
      .function("strings", &TokenizerHandle::strings)
      .function("lengths", &TokenizerHandle::lengths)
      .function("vocabSize", &TokenizerHandle::vocab_size)
      .function("tokenToId", &TokenizerHandle::token_to_id);
  function("wordLevel", &word_level, allow_raw_pointers());
  function("characterLevel", &character_level, allow_raw_pointers());
  function("byteLevel", &byte_level, allow_raw_pointers());
}
