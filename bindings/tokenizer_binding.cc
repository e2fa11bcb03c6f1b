// Embind glue for Tokenizer (see guarded.h for how arguments and errors cross).
#include <emscripten/bind.h>

#include <cstdint>
#include <cstring>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "bindings/guarded.h"
#include "core/json.h"
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

  // Encodes text[0, len) (and pair[0, pair_len) when has_pair) and keeps the encoding and its
  // overflowing pieces, flattened depth-first, for the wrapper to read one by one with select().
  // `modes` (one byte per added token: 0 text, 1 match, 2 error) overrides the tokenizer's
  // special-token policy when modes_len > 0; `settings` and `pad_token` carry truncation and
  // padding (see settings()). Returns how many encodings there are (1 + all overflowing pieces).
  uint32_t encode(uintptr_t text, uint32_t len, uintptr_t pair, uint32_t pair_len, bool has_pair,
                  bool add_special_tokens, uintptr_t modes, uint32_t modes_len, uintptr_t settings,
                  uintptr_t pad_token, uint32_t pad_token_len) {
    return guarded([&] {
      tokvec::EncodeOptions o = options(add_special_tokens, modes, modes_len, settings, pad_token, pad_token_len);
      // Kept: select() converts offsets after the wrapper has reused its scratch buffer.
      text_.assign(view(text, len));
      pair_.assign(has_pair ? view(pair, pair_len) : std::string_view());
      tokvec::Encoding e = has_pair ? tokenizer_->encode_pair(text_, pair_, o) : tokenizer_->encode(text_, o);
      flat_.clear();
      children_.clear();
      flatten(std::move(e));
      return static_cast<uint32_t>(flat_.size());
    });
  }

  // Makes encoding i of the last encode current: ids(), offsets() ([start, end) pairs in UTF-16
  // code units when utf16, else in bytes), specialTokensMask(), typeIds(), attentionMask(), the
  // token texts; returns its token count.
  uint32_t select(uint32_t i, bool utf16) {
    return guarded([&] {
      tokvec::Encoding& e = flat_.at(i);
      const size_t n = e.size();
      ids_ = e.ids;
      mask_ = e.special_tokens_mask;
      type_ids_ = e.type_ids;
      attention_ = e.attention_mask;
      // Tokens reported as other text: indices in text_indices_, strings in strings_/lengths_.
      text_indices_.clear();
      strings_.clear();
      lengths_.clear();
      for (const auto& [index, text] : e.texts) {
        text_indices_.push_back(index);
        strings_ += text;
        lengths_.push_back(static_cast<uint32_t>(text.size()));
      }
      // Each token's offsets index its own input: convert each input's tokens against it. The
      // encoding's offsets are already bytes of the UTF-8 the wrapper wrote (TextEncoder's).
      offsets_.resize(2 * n);
      for (size_t k = 0; k < n; ++k) {
        offsets_[2 * k] = e.offsets[k].start;
        offsets_[2 * k + 1] = e.offsets[k].end;
      }
      if (!utf16) return static_cast<uint32_t>(n);
      for (uint8_t sequence : {0, 1}) {
        std::vector<uint32_t> at, starts, ends;
        for (size_t k = 0; k < n; ++k) {
          if (e.sequence_ids[k] != sequence) continue;
          at.push_back(static_cast<uint32_t>(k));
          starts.push_back(e.offsets[k].start);
          ends.push_back(e.offsets[k].end);
        }
        if (at.empty()) continue;
        const std::string& source = sequence == 0 ? text_ : pair_;
        std::vector<uint32_t> starts16(at.size()), ends16(at.size());
        tokvec::utf8::to_utf16_offsets(source, starts.data(), at.size(), starts16.data(), false);
        tokvec::utf8::to_utf16_offsets(source, ends.data(), at.size(), ends16.data(), true);
        for (size_t k = 0; k < at.size(); ++k) {
          offsets_[2 * at[k]] = starts16[k];
          offsets_[2 * at[k] + 1] = ends16[k];
        }
      }
      return static_cast<uint32_t>(n);
    });
  }
  // The n best segmentations of text[0, len) (Unigram models), kept as encode keeps its
  // encodings for select(); score(i) is result i's model score. Returns how many there are.
  uint32_t encode_nbest(uintptr_t text, uint32_t len, uint32_t n, bool add_special_tokens, uintptr_t modes,
                        uint32_t modes_len) {
    return guarded([&] {
      const tokvec::EncodeOptions o = options(add_special_tokens, modes, modes_len);
      text_.assign(view(text, len));
      pair_.clear();
      std::vector<tokvec::ScoredEncoding> results = tokenizer_->encode_nbest(text_, n, o);
      flat_.clear();
      children_.clear();
      scores_.clear();
      for (tokvec::ScoredEncoding& r : results) {
        flat_.push_back(std::move(r.encoding));
        scores_.push_back(r.score);
      }
      return static_cast<uint32_t>(flat_.size());
    });
  }
  double score(uint32_t i) const { return i < scores_.size() ? scores_[i] : 0.0; }

  // How many overflowing pieces encoding i of the last encode has (they follow it, depth-first).
  uint32_t overflow_count(uint32_t i) const { return i < children_.size() ? children_[i] : 0; }

  // Ids only (the fast path); the wrapper copies them from ids().
  uint32_t encode_ids(uintptr_t text, uint32_t len, bool add_special_tokens, uintptr_t modes, uint32_t modes_len) {
    return guarded([&] {
      tokenizer_->encode_ids(view(text, len), options(add_special_tokens, modes, modes_len), ids_);
      return static_cast<uint32_t>(ids_.size());
    });
  }

  // Many inputs: `count` texts in one UTF-8 buffer with their byte lengths; the inputs whose
  // has_pair byte is 1 take the next of the `pair_count` strings that follow the texts as their
  // pair. Every encoding's ids, type ids, special-token and attention masks, one after another,
  // in ids() etc.; each one's token count in lengths(). Returns the total token count.
  uint32_t encode_batch(uintptr_t bytes, uintptr_t lengths, uint32_t count, uintptr_t has_pair, bool add_special_tokens,
                        uintptr_t modes, uint32_t modes_len, uintptr_t settings, uintptr_t pad_token,
                        uint32_t pad_token_len) {
    return guarded([&] {
      const tokvec::EncodeOptions o = options(add_special_tokens, modes, modes_len, settings, pad_token, pad_token_len);
      const auto* len = reinterpret_cast<const uint32_t*>(lengths);
      const auto* paired = reinterpret_cast<const uint8_t*>(has_pair);
      std::vector<std::string_view> strings;
      const char* p = reinterpret_cast<const char*>(bytes);
      uint32_t pairs = 0;
      for (uint32_t i = 0; i < count; ++i) pairs += paired[i];
      for (uint32_t i = 0; i < count + pairs; ++i) {
        strings.emplace_back(p, len[i]);
        p += len[i];
      }
      std::vector<tokvec::EncodeInput> inputs(count);
      for (uint32_t i = 0, next_pair = count; i < count; ++i) {
        inputs[i].text = strings[i];
        if (paired[i]) inputs[i].pair = strings[next_pair++];
      }
      std::vector<tokvec::Encoding> encodings = tokenizer_->encode_batch(inputs, o);
      ids_.clear();
      type_ids_.clear();
      mask_.clear();
      attention_.clear();
      lengths_.assign(count, 0);
      for (uint32_t i = 0; i < count; ++i) {
        const tokvec::Encoding& e = encodings[i];
        ids_.insert(ids_.end(), e.ids.begin(), e.ids.end());
        type_ids_.insert(type_ids_.end(), e.type_ids.begin(), e.type_ids.end());
        mask_.insert(mask_.end(), e.special_tokens_mask.begin(), e.special_tokens_mask.end());
        attention_.insert(attention_.end(), e.attention_mask.begin(), e.attention_mask.end());
        lengths_[i] = static_cast<uint32_t>(e.size());
      }
      return static_cast<uint32_t>(ids_.size());
    });
  }

  uintptr_t ids() const { return reinterpret_cast<uintptr_t>(ids_.data()); }
  uintptr_t offsets() const { return reinterpret_cast<uintptr_t>(offsets_.data()); }
  uintptr_t special_tokens_mask() const { return reinterpret_cast<uintptr_t>(mask_.data()); }
  uintptr_t type_ids() const { return reinterpret_cast<uintptr_t>(type_ids_.data()); }
  uintptr_t attention_mask() const { return reinterpret_cast<uintptr_t>(attention_.data()); }
  uint32_t text_count() const { return static_cast<uint32_t>(text_indices_.size()); }
  uintptr_t text_indices() const { return reinterpret_cast<uintptr_t>(text_indices_.data()); }

  // Decodes into strings() and returns its byte length. Text goes back as bytes, not as an Embind
  // std::string: Embind's glue decodes strings over 16 bytes with a TextDecoder that drops a
  // leading U+FEFF, and splits them at NULs; the wrapper's decoder keeps both.
  uint32_t decode(uintptr_t ids, uint32_t count, bool skip_special_tokens) {
    return guarded([&] {
      strings_ = tokenizer_->decode(reinterpret_cast<const uint32_t*>(ids), count, skip_special_tokens);
      return static_cast<uint32_t>(strings_.size());
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
  // Written by hand, like settings(): building nlohmann values costs more wasm than these lines.
  std::string added_tokens() const {
    std::string out = "[";
    for (const tokvec::AddedToken& t : tokenizer_->added_tokens()) {
      if (out.size() > 1) out += ',';
      out += tokvec::message({"{\"id\":", t.id, ",\"content\":"});
      tokvec::append_json_string(out, tokvec::utf8::to_valid(t.content));
      out += t.special ? ",\"special\":true}" : ",\"special\":false}";
    }
    return out + "]";
  }

  // The truncation and padding tokenizer.json declares, as JSON in the JS options' spelling
  // ({"truncation": {"maxLength": 512, ...} | null, "padding": {...} | null}).
  std::string settings() const {
    const auto side = [](bool left) { return left ? "\"left\"" : "\"right\""; };
    std::string out = "{\"truncation\":";
    if (const auto& t = tokenizer_->truncation()) {
      out += tokvec::message({"{\"maxLength\":", t->max_length, ",\"strategy\":\"", tokvec::truncation_strategy_name(t->strategy),
                              "\",\"stride\":", t->stride, ",\"direction\":",
                              side(t->direction == tokvec::TruncationDirection::kLeft), "}"});
    } else {
      out += "null";
    }
    out += ",\"padding\":";
    if (const auto& p = tokenizer_->padding()) {
      out += "{\"length\":";
      out += p->length ? tokvec::message({*p->length}) : std::string("\"longest\"");
      out += tokvec::message({",\"direction\":", side(p->direction == tokvec::PaddingDirection::kLeft),
                              ",\"padToMultipleOf\":", p->pad_to_multiple_of, ",\"padId\":", p->pad_id,
                              ",\"padTypeId\":", p->pad_type_id, ",\"padToken\":"});
      tokvec::append_json_string(out, tokvec::utf8::to_valid(p->pad_token));
      out += "}";
    } else {
      out += "null";
    }
    return out + "}";
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

  // settings: 12 u32 the wrapper has checked —
  //   [0] truncation: 0 the tokenizer's, 1 none, 2 these: [1] max_length [2] strategy (0 longest_first,
  //       1 only_first, 2 only_second) [3] stride [4] direction (0 right, 1 left);
  //   [5] padding: 0 the tokenizer's, 1 none, 2 these: [6] fixed (0 = longest) [7] length
  //       [8] direction (0 right, 1 left) [9] pad_to_multiple_of [10] pad_id [11] pad_type_id;
  //   [12] sample: 0 none, 1 these: [13] nbest_size (int32) [14..15] alpha (float64)
  //        [16] seed, low 32 bits [17] seed, high bits;
  // pad_token is the padding's token string.
  tokvec::EncodeOptions options(bool add_special_tokens, uintptr_t modes, uint32_t modes_len, uintptr_t settings,
                                uintptr_t pad_token, uint32_t pad_token_len) const {
    tokvec::EncodeOptions o = options(add_special_tokens, modes, modes_len);
    const auto* s = reinterpret_cast<const uint32_t*>(settings);
    if (s[0] == 1) o.truncation.emplace(std::nullopt);
    if (s[0] == 2) {
      tokvec::TruncationParams t;
      t.max_length = s[1];
      t.strategy = static_cast<tokvec::TruncationStrategy>(s[2]);
      t.stride = s[3];
      t.direction = s[4] == 1 ? tokvec::TruncationDirection::kLeft : tokvec::TruncationDirection::kRight;
      o.truncation.emplace(t);
    }
    if (s[5] == 1) o.padding.emplace(std::nullopt);
    if (s[5] == 2) {
      tokvec::PaddingParams p;
      if (s[6] == 1) p.length = s[7];
      p.direction = s[8] == 1 ? tokvec::PaddingDirection::kLeft : tokvec::PaddingDirection::kRight;
      p.pad_to_multiple_of = s[9];
      p.pad_id = s[10];
      p.pad_type_id = s[11];
      p.pad_token.assign(view(pad_token, pad_token_len));
      o.padding.emplace(std::move(p));
    }
    if (s[12] == 1) {
      tokvec::SampleParams sample;
      std::memcpy(&sample.nbest_size, s + 13, 4);
      std::memcpy(&sample.alpha, s + 14, 8);
      sample.seed = (uint64_t{s[17]} << 32) | s[16];
      o.sample = sample;
    }
    return o;
  }

  // Pre-order: the encoding, then each overflowing piece with its own pieces.
  void flatten(tokvec::Encoding e) {
    const size_t at = flat_.size();
    std::vector<tokvec::Encoding> pieces = std::move(e.overflowing);
    flat_.push_back(std::move(e));
    children_.resize(flat_.size(), 0);
    children_[at] = static_cast<uint32_t>(pieces.size());
    for (tokvec::Encoding& piece : pieces) flatten(std::move(piece));
  }

  std::unique_ptr<tokvec::Tokenizer> tokenizer_;
  std::vector<uint32_t> ids_, offsets_, lengths_, text_indices_, type_ids_, children_;
  std::vector<uint8_t> mask_, attention_;
  std::string strings_;
  // The last encode's inputs and result.
  std::string text_, pair_;
  std::vector<tokvec::Encoding> flat_;
  std::vector<double> scores_;  // the last encode_nbest's
};

// A streaming decoder bound to its tokenizer handle (the wrapper keeps the tokenizer alive).
class DecodeStreamHandle {
 public:
  DecodeStreamHandle(const TokenizerHandle& tokenizer, bool skip_special_tokens)
      : stream_(tokenizer.tokenizer(), skip_special_tokens) {}
  // Both return the byte length of the text they put in text(), as TokenizerHandle::decode does.
  uint32_t push(uint32_t id) {
    return guarded([&] {
      text_ = stream_.push(id);
      return static_cast<uint32_t>(text_.size());
    });
  }
  uint32_t flush() {
    return guarded([&] {
      text_ = stream_.flush();
      return static_cast<uint32_t>(text_.size());
    });
  }
  uintptr_t text() const { return reinterpret_cast<uintptr_t>(text_.data()); }

 private:
  tokvec::DecodeStream stream_;
  std::string text_;
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
      .function("encodeNBest", &TokenizerHandle::encode_nbest)
      .function("score", &TokenizerHandle::score)
      .function("tiktokenPolicy", &TokenizerHandle::tiktoken_policy)
      .function("addedTokens", &TokenizerHandle::added_tokens)
      .function("ids", &TokenizerHandle::ids)
      .function("offsets", &TokenizerHandle::offsets)
      .function("specialTokensMask", &TokenizerHandle::special_tokens_mask)
      .function("typeIds", &TokenizerHandle::type_ids)
      .function("attentionMask", &TokenizerHandle::attention_mask)
      .function("select", &TokenizerHandle::select)
      .function("overflowCount", &TokenizerHandle::overflow_count)
      .function("settings", &TokenizerHandle::settings)
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
      .function("flush", &DecodeStreamHandle::flush)
      .function("text", &DecodeStreamHandle::text);
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
