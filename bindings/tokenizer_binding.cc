// Embind glue for Tokenizer (see guarded.h for how arguments and errors cross).
#include <emscripten/bind.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "bindings/guarded.h"
#include "core/utf8.h"
#include "tokenizer/baseline.h"
#include "tokenizer/load.h"
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
  // mask for the wrapper to copy. `modes` (one byte per added token: 0 text, 1 match, 2 error)
  // overrides the tokenizer's special-token policy when modes_len > 0. Returns the token count.
  uint32_t encode(uintptr_t text, uint32_t len, bool add_special_tokens, uintptr_t modes, uint32_t modes_len) {
    return guarded([&] {
      const std::string_view source = view(text, len);
      tokvec::Encoding e = tokenizer_->encode(source, options(add_special_tokens, modes, modes_len));
      const size_t n = e.size();
      ids_ = std::move(e.ids);
      mask_ = std::move(e.special_tokens_mask);
      // Tokens reported as the text they matched: indices in text_indices_, strings in strings_/lengths_.
      text_indices_.clear();
      strings_.clear();
      lengths_.clear();
      for (const auto& [index, text] : e.texts) {
        text_indices_.push_back(index);
        strings_ += text;
        lengths_.push_back(static_cast<uint32_t>(text.size()));
      }
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

  // Ids only (the fast path); the wrapper copies them from ids().
  uint32_t encode_ids(uintptr_t text, uint32_t len, bool add_special_tokens, uintptr_t modes, uint32_t modes_len) {
    return guarded([&] {
      tokenizer_->encode_ids(view(text, len), options(add_special_tokens, modes, modes_len), ids_);
      return static_cast<uint32_t>(ids_.size());
    });
  }

  // Many texts (one UTF-8 buffer and their byte lengths): all ids in ids(), each text's count in lengths().
  uint32_t encode_batch(uintptr_t bytes, uintptr_t lengths, uint32_t count, bool add_special_tokens, uintptr_t modes,
                        uint32_t modes_len) {
    return guarded([&] {
      const tokvec::EncodeOptions o = options(add_special_tokens, modes, modes_len);
      const auto* len = reinterpret_cast<const uint32_t*>(lengths);
      std::vector<uint32_t> all, counts(count), one;
      const char* p = reinterpret_cast<const char*>(bytes);
      for (uint32_t i = 0; i < count; ++i) {
        tokenizer_->encode_ids(std::string_view(p, len[i]), o, one);
        all.insert(all.end(), one.begin(), one.end());
        counts[i] = static_cast<uint32_t>(one.size());
        p += len[i];
      }
      ids_ = std::move(all);
      lengths_ = std::move(counts);
      return static_cast<uint32_t>(ids_.size());
    });
  }

  uintptr_t ids() const { return reinterpret_cast<uintptr_t>(ids_.data()); }
  uintptr_t offsets() const { return reinterpret_cast<uintptr_t>(offsets_.data()); }
  uintptr_t special_tokens_mask() const { return reinterpret_cast<uintptr_t>(mask_.data()); }
  uint32_t text_count() const { return static_cast<uint32_t>(text_indices_.size()); }
  uintptr_t text_indices() const { return reinterpret_cast<uintptr_t>(text_indices_.data()); }

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
  bool tiktoken_policy() const { return tokenizer_->special_policy() == tokvec::SpecialPolicy::kTiktoken; }

  // The added tokens as JSON: [{"id": 50256, "content": "<|endoftext|>", "special": true}, ...].
  std::string added_tokens() const {
    nlohmann::json list = nlohmann::json::array();
    for (const tokvec::AddedToken& t : tokenizer_->added_tokens()) {
      list.push_back({{"id", t.id}, {"content", tokvec::utf8::to_valid(t.content)}, {"special", t.special}});
    }
    return list.dump();
  }

  const tokvec::Tokenizer& tokenizer() const { return *tokenizer_; }
  // -1 when the token is not in the vocabulary.
  int32_t token_to_id(uintptr_t token, uint32_t len) const {
    const auto id = tokenizer_->token_to_id(view(token, len));
    return id ? static_cast<int32_t>(*id) : -1;
  }

 private:
  tokvec::EncodeOptions options(bool add_special_tokens, uintptr_t modes, uint32_t modes_len) const {
    tokvec::EncodeOptions o;
    o.add_special_tokens = add_special_tokens;
    const auto* m = reinterpret_cast<const uint8_t*>(modes);
    for (uint32_t i = 0; i < modes_len; ++i) o.special_modes.push_back(static_cast<tokvec::SpecialMode>(m[i]));
    return o;
  }

  std::unique_ptr<tokvec::Tokenizer> tokenizer_;
  std::vector<uint32_t> ids_, offsets_, lengths_, text_indices_;
  std::vector<uint8_t> mask_;
  std::string strings_;
};

// A streaming decoder bound to its tokenizer handle (the wrapper keeps the tokenizer alive).
class DecodeStreamHandle {
 public:
  DecodeStreamHandle(const TokenizerHandle& tokenizer, bool skip_special_tokens)
      : stream_(tokenizer.tokenizer(), skip_special_tokens) {}
  std::string push(uint32_t id) {
    return guarded([&] { return stream_.push(id); });
  }
  std::string flush() {
    return guarded([&] { return stream_.flush(); });
  }

 private:
  tokvec::DecodeStream stream_;
};

DecodeStreamHandle* decode_stream(const TokenizerHandle& tokenizer, bool skip_special_tokens) {
  return new DecodeStreamHandle(tokenizer, skip_special_tokens);
}

TokenizerHandle* from_json(uintptr_t text, uint32_t len) {
  return guarded([&] { return new TokenizerHandle(tokvec::tokenizer_from_json(view(text, len))); });
}

TokenizerHandle* from_encoding(uintptr_t name, uint32_t name_len, uintptr_t ranks, uint32_t ranks_len) {
  return guarded([&] {
    return new TokenizerHandle(tokvec::tokenizer_from_encoding(view(name, name_len), view(ranks, ranks_len)));
  });
}

TokenizerHandle* from_tiktoken(uintptr_t ranks, uint32_t ranks_len, uintptr_t pattern, uint32_t pattern_len,
                               uintptr_t special_bytes, uintptr_t special_lengths, uintptr_t special_ids,
                               uint32_t special_count) {
  return guarded([&] {
    std::vector<std::pair<std::string, uint32_t>> specials;
    const auto* ids = reinterpret_cast<const uint32_t*>(special_ids);
    std::vector<std::string> contents = string_list(special_bytes, special_lengths, special_count);
    for (uint32_t i = 0; i < special_count; ++i) specials.emplace_back(std::move(contents[i]), ids[i]);
    return new TokenizerHandle(
        tokvec::tokenizer_from_tiktoken(view(ranks, ranks_len), view(pattern, pattern_len), std::move(specials)));
  });
}

// strip_accents: 0 no, 1 yes, 2 follow lowercase.
TokenizerHandle* from_word_piece_vocab(uintptr_t vocab, uint32_t vocab_len, bool lowercase, uint32_t strip_accents,
                                       bool clean_text, bool handle_chinese_chars) {
  return guarded([&] {
    tokvec::WordPieceVocabOptions o;
    o.lowercase = lowercase;
    if (strip_accents != 2) o.strip_accents = strip_accents == 1;
    o.clean_text = clean_text;
    o.handle_chinese_chars = handle_chinese_chars;
    return new TokenizerHandle(tokvec::tokenizer_from_word_piece_vocab(view(vocab, vocab_len), o));
  });
}

TokenizerHandle* from_sentencepiece(uintptr_t model, uint32_t model_len) {
  return guarded([&] { return new TokenizerHandle(tokvec::tokenizer_from_sentencepiece(view(model, model_len))); });
}

TokenizerHandle* from_gpt2_files(uintptr_t encoder, uint32_t encoder_len, uintptr_t vocab, uint32_t vocab_len) {
  return guarded([&] {
    return new TokenizerHandle(tokvec::tokenizer_from_gpt2_files(view(encoder, encoder_len), view(vocab, vocab_len)));
  });
}

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
      .function("encodeIds", &TokenizerHandle::encode_ids)
      .function("encodeBatch", &TokenizerHandle::encode_batch)
      .function("tiktokenPolicy", &TokenizerHandle::tiktoken_policy)
      .function("addedTokens", &TokenizerHandle::added_tokens)
      .function("ids", &TokenizerHandle::ids)
      .function("offsets", &TokenizerHandle::offsets)
      .function("specialTokensMask", &TokenizerHandle::special_tokens_mask)
      .function("textCount", &TokenizerHandle::text_count)
      .function("textIndices", &TokenizerHandle::text_indices)
      .function("decode", &TokenizerHandle::decode)
      .function("tokenStrings", &TokenizerHandle::token_strings)
      .function("strings", &TokenizerHandle::strings)
      .function("lengths", &TokenizerHandle::lengths)
      .function("vocabSize", &TokenizerHandle::vocab_size)
      .function("tokenToId", &TokenizerHandle::token_to_id);
  class_<DecodeStreamHandle>("DecodeStreamHandle")
      .function("push", &DecodeStreamHandle::push)
      .function("flush", &DecodeStreamHandle::flush);
  function("decodeStream", &decode_stream, allow_raw_pointers());
  function("fromJSON", &from_json, allow_raw_pointers());
  function("fromEncoding", &from_encoding, allow_raw_pointers());
  function("fromTiktoken", &from_tiktoken, allow_raw_pointers());
  function("fromGpt2Files", &from_gpt2_files, allow_raw_pointers());
  function("fromWordPieceVocab", &from_word_piece_vocab, allow_raw_pointers());
  function("fromSentencePiece", &from_sentencepiece, allow_raw_pointers());
  function("wordLevel", &word_level, allow_raw_pointers());
  function("characterLevel", &character_level, allow_raw_pointers());
  function("byteLevel", &byte_level, allow_raw_pointers());
}
