// TokenizerTrainer (see tokenizer_trainer.h): option checks, word counting, the style's pipeline,
// and the tokenizer.json writer.
#include "training/tokenizer_trainer.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/json.h"
#include "core/utf8.h"
#include "tokenizer/models/byte_level_alphabet.h"
#include "tokenizer/normalized.h"
#include "tokenizer/normalizers/factory.h"
#include "tokenizer/pre_tokenizers/factory.h"

namespace tokvec {

namespace {

constexpr const char* kWhere = "Tokenizer.train";

[[noreturn]] void fail(const std::string& message) {
  throw Error(ErrorCode::kInvalidArgument, std::string(kWhere) + ": " + message);
}

std::string json_string(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

uint32_t whole_number(const JsonView& o, std::string_view key, uint32_t fallback, uint32_t min) {
  const auto v = o.find(key);
  if (!v) return fallback;
  const double d = v->is_number() ? v->as_number() : -1;
  if (!v->is_number() || d != static_cast<double>(static_cast<int64_t>(d)) || d < min || d > 0xffffffffu) {
    fail(message({"options.", key, " must be a whole number from ", min, " to 4294967295, got ", v->dump()}));
  }
  return static_cast<uint32_t>(d);
}

std::string text_option(const JsonView& o, std::string_view key, std::string_view fallback) {
  const auto v = o.find(key);
  if (!v) return std::string(fallback);
  if (!v->is_string()) fail("options." + std::string(key) + " must be a string, got " + v->dump());
  return v->as_string();
}

bool flag(const JsonView& o, std::string_view key, bool fallback) {
  const auto v = o.find(key);
  if (!v) return fallback;
  if (!v->is_bool()) fail("options." + std::string(key) + " must be a boolean, got " + v->dump());
  return v->as_bool();
}

// The pipeline stages of each style, as tokenizer.json text (so the loader builds the same).
struct Stages {
  std::string normalizer = "null";
  std::string pre_tokenizer = "null";
  std::string post_processor = "null";
  std::string decoder = "null";
};

}  // namespace

// Word → count, open addressing over one arena of word bytes: counting millions of pieces must not
// allocate a string per piece.
class TokenizerTrainer::WordCounts {
 public:
  void add(std::string_view word) {
    if ((entries_.size() + 1) * 4 > slots_.size() * 3) grow();
    const uint64_t h = hash(word);
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const uint32_t slot = slots_[i];
      if (slot == kEmpty) {
        slots_[i] = static_cast<uint32_t>(entries_.size());
        entries_.push_back({h, static_cast<uint64_t>(arena_.size()), static_cast<uint32_t>(word.size()), 1});
        arena_.append(word);
        return;
      }
      Entry& e = entries_[slot];
      if (e.hash == h && e.len == word.size() && std::memcmp(arena_.data() + e.offset, word.data(), word.size()) == 0) {
        ++e.count;
        return;
      }
    }
  }

  size_t size() const { return entries_.size(); }

  // Words and counts; `map` rewrites a word's spelling (byte-level words into the alphabet).
  template <class Map>
  std::vector<WordCount> take(Map map) {
    std::vector<WordCount> out;
    out.reserve(entries_.size());
    for (const Entry& e : entries_) out.push_back({map(std::string_view(arena_).substr(e.offset, e.len)), e.count});
    entries_ = {};
    slots_ = {};
    arena_ = {};
    return out;
  }

 private:
  static constexpr uint32_t kEmpty = std::numeric_limits<uint32_t>::max();
  struct Entry {
    uint64_t hash;
    uint64_t offset;
    uint32_t len;
    uint64_t count;
  };

  static uint64_t hash(std::string_view s) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (const char c : s) h = (h ^ static_cast<uint8_t>(c)) * 0x100000001b3ull;
    return h ^ (h >> 29);
  }

  void grow() {
    std::vector<uint32_t> slots(std::max<size_t>(1024, slots_.size() * 2), kEmpty);
    const size_t mask = slots.size() - 1;
    for (uint32_t k = 0; k < entries_.size(); ++k) {
      size_t i = entries_[k].hash & mask;
      while (slots[i] != kEmpty) i = (i + 1) & mask;
      slots[i] = k;
    }
    slots_ = std::move(slots);
  }

  std::vector<uint32_t> slots_;
  std::vector<Entry> entries_;
  std::string arena_;
};

TokenizerTrainer::~TokenizerTrainer() = default;

TokenizerTrainer::TokenizerTrainer(std::string_view options_json) : counts_(std::make_unique<WordCounts>()) {
  const nlohmann::json parsed = JsonView::parse(options_json, kWhere);
  const JsonView o(parsed, kWhere);
  if (!o.is_object()) fail("options must be an object");
  model_ = text_option(o, "model", "bpe");
  if (model_ != "bpe" && model_ != "wordpiece") {
    fail("options.model must be \"bpe\" or \"wordpiece\", got " + json_string(model_));
  }
  const bool wordpiece = model_ == "wordpiece";
  byte_level_ = flag(o, "byteLevel", !wordpiece);
  if (wordpiece && byte_level_) fail("options.byteLevel is not available with model \"wordpiece\" (BERT's pipeline is not byte-level)");
  byte_fallback_ = flag(o, "byteFallback", false);
  if (byte_fallback_ && (wordpiece || byte_level_)) {
    fail("options.byteFallback needs model \"bpe\" with byteLevel false (a byte-level vocabulary covers every byte already)");
  }
  lowercase_ = flag(o, "lowercase", true);
  if (o.find("lowercase") && !wordpiece) fail("options.lowercase applies to model \"wordpiece\" only");
  pattern_ = text_option(o, "pattern", "");
  if (o.find("pattern") && !byte_level_) fail("options.pattern applies to byte-level BPE only");

  BpeTrainerOptions b;
  b.vocab_size = whole_number(o, "vocabSize", 30000, 1);
  b.min_frequency = whole_number(o, "minFrequency", 0, 0);
  if (o.find("limitAlphabet")) b.limit_alphabet = whole_number(o, "limitAlphabet", 0, 0);
  if (o.find("maxTokenLength")) b.max_token_length = whole_number(o, "maxTokenLength", 0, 1);
  b.continuing_subword_prefix = text_option(o, "continuingSubwordPrefix", wordpiece ? "##" : "");
  b.end_of_word_suffix = text_option(o, "endOfWordSuffix", "");
  if (wordpiece && b.continuing_subword_prefix.empty()) fail("options.continuingSubwordPrefix must not be empty for WordPiece");
  if (wordpiece && !b.end_of_word_suffix.empty()) fail("options.endOfWordSuffix is not available with model \"wordpiece\"");

  if (const auto v = o.find("specialTokens")) {
    if (!v->is_array()) fail("options.specialTokens must be an array of strings, got " + v->dump());
    for (size_t i = 0; i < v->size(); ++i) {
      const JsonView t = v->at(i);
      if (!t.is_string() || t.as_string().empty()) {
        fail(message({"options.specialTokens[", i, "] must be a non-empty string, got ", t.dump()}));
      }
      // A repeated special keeps its first id, as in HuggingFace's trainer.
      if (std::find(special_tokens_.begin(), special_tokens_.end(), t.as_string()) == special_tokens_.end()) {
        special_tokens_.push_back(t.as_string());
      }
    }
  } else if (wordpiece) {
    special_tokens_ = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};
  }
  unk_token_ = text_option(o, "unkToken", wordpiece ? "[UNK]" : "");
  if (!unk_token_.empty() && std::find(special_tokens_.begin(), special_tokens_.end(), unk_token_) == special_tokens_.end()) {
    special_tokens_.push_back(unk_token_);
  }
  b.special_tokens = special_tokens_;
  if (byte_fallback_) {
    static const char* hex = "0123456789ABCDEF";
    for (int i = 0; i < 256; ++i) b.reserved_tokens.push_back(std::string("<0x") + hex[i >> 4] + hex[i & 15] + ">");
  }

  if (const auto v = o.find("initialAlphabet")) {
    if (!v->is_array()) fail("options.initialAlphabet must be an array of one-character strings, got " + v->dump());
    for (size_t i = 0; i < v->size(); ++i) {
      const JsonView c = v->at(i);
      std::string s = c.is_string() ? c.as_string() : std::string();
      size_t at = 0;
      const char32_t cp = s.empty() ? 0 : utf8::decode(s, at);
      if (s.empty() || at != s.size()) {
        fail(message({"options.initialAlphabet[", i, "] must be a string of one character, got ", c.dump()}));
      }
      b.initial_alphabet.push_back(cp);
    }
  } else if (byte_level_) {
    for (int i = 0; i < 256; ++i) b.initial_alphabet.push_back(byte_level::byte_to_char(static_cast<uint8_t>(i)));
  }
  bpe_ = BpeTrainer(std::move(b));

  // The counting stages, from the same JSON the tokenizer.json will carry.
  const Stages st = [&] {
    Stages s;
    if (model_ == "wordpiece") {
      s.normalizer = std::string(R"({"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":null,"lowercase":)") +
                     (lowercase_ ? "true" : "false") + "}";
      s.pre_tokenizer = R"({"type":"BertPreTokenizer"})";
    } else if (byte_level_) {
      if (pattern_.empty()) {
        s.pre_tokenizer = R"({"type":"ByteLevel","add_prefix_space":false,"trim_offsets":true,"use_regex":true})";
      } else {
        s.pre_tokenizer = R"({"type":"Sequence","pretokenizers":[{"type":"Split","pattern":{"Regex":)" + json_string(pattern_) +
                          R"(},"behavior":"Isolated","invert":false},{"type":"ByteLevel","add_prefix_space":false,"trim_offsets":true,"use_regex":false}]})";
      }
    } else {
      s.normalizer = R"({"type":"NFKC"})";
      s.pre_tokenizer = R"({"type":"Metaspace","replacement":"▁","prepend_scheme":"always","split":true})";
    }
    return s;
  }();
  normalizer_json_ = st.normalizer;
  pre_tokenizer_json_ = st.pre_tokenizer;
  const nlohmann::json nj = JsonView::parse(st.normalizer, kWhere);
  if (!nj.is_null()) normalizer_ = make_normalizer(JsonView(nj, kWhere, "normalizer"));
  const nlohmann::json pj = JsonView::parse(st.pre_tokenizer, kWhere);
  pre_tokenizer_ = make_pre_tokenizer(JsonView(pj, kWhere, "pre_tokenizer"));
}

void TokenizerTrainer::feed(std::string_view text) {
  if (started_) fail("texts cannot be added once merging has started");
  if (text.size() > std::numeric_limits<uint32_t>::max() - 1) {
    throw_error(ErrorCode::kLimit, {kWhere, ": a text of ", text.size(), " bytes exceeds 4 GiB"});
  }
  Normalized s = Normalized::identity(text, 0);
  if (normalizer_) normalizer_->normalize(s);
  pieces_.clear();
  if (!s.text.empty()) pieces_.push_back({0, static_cast<uint32_t>(s.text.size())});
  pre_tokenizer_->split(s, pieces_);
  for (const Span& p : pieces_) counts_->add(std::string_view(s.text).substr(p.start, p.size()));
}

void TokenizerTrainer::start() {
  if (started_) return;
  started_ = true;
  const bool byte_level = byte_level_;
  bpe_.start(counts_->take([byte_level](std::string_view w) {
    return byte_level ? byte_level::to_alphabet(w) : std::string(w);
  }));
  const BpeTrainerOptions& b = bpe_.options();
  if (bpe_.initial_vocab_size() > b.vocab_size) {
    fail(message({"options.vocabSize is ", b.vocab_size, ", smaller than the ", bpe_.initial_vocab_size(),
                  " tokens training starts with (special tokens, byte-fallback tokens, alphabet and its prefixed forms); "
                  "raise vocabSize or set limitAlphabet"}));
  }
}

bool TokenizerTrainer::step(size_t max_merges) {
  if (!started_) start();
  return bpe_.step(max_merges);
}

double TokenizerTrainer::fraction() const {
  if (!started_) return 0;
  if (bpe_.finished()) return 1;
  const double todo = static_cast<double>(bpe_.options().vocab_size) - static_cast<double>(bpe_.initial_vocab_size());
  if (todo <= 0) return 1;
  return std::min(1.0, static_cast<double>(bpe_.vocab().size() - bpe_.initial_vocab_size()) / todo);
}

std::string TokenizerTrainer::to_json() const {
  if (!bpe_.finished()) throw Error(ErrorCode::kInvalidArgument, std::string(kWhere) + ": training has not finished");
  const std::vector<std::string>& vocab = bpe_.vocab();
  const BpeTrainerOptions& b = bpe_.options();
  std::string out;
  out.reserve(vocab.size() * 32);
  out += R"({"version":"1.0","truncation":null,"padding":null,"added_tokens":[)";
  for (size_t id = 0; id < special_tokens_.size(); ++id) {
    if (id) out += ',';
    out += R"({"id":)" + std::to_string(id) + R"(,"content":)" + json_string(special_tokens_[id]) +
           R"(,"single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true})";
  }
  out += "],";

  const bool wordpiece = model_ == "wordpiece";
  out += R"("normalizer":)" + normalizer_json_ + R"(,"pre_tokenizer":)" + pre_tokenizer_json_ + ',';
  if (wordpiece) {
    const bool bert_processing =
        std::find(special_tokens_.begin(), special_tokens_.end(), "[CLS]") != special_tokens_.end() &&
        std::find(special_tokens_.begin(), special_tokens_.end(), "[SEP]") != special_tokens_.end();
    if (bert_processing) {
      const auto id_of = [&](const char* t) {
        return std::to_string(std::find(special_tokens_.begin(), special_tokens_.end(), t) - special_tokens_.begin());
      };
      out += R"("post_processor":{"type":"BertProcessing","sep":["[SEP]",)" + id_of("[SEP]") + R"(],"cls":["[CLS]",)" +
             id_of("[CLS]") + "]},";
    } else {
      out += R"("post_processor":null,)";
    }
    out += R"("decoder":{"type":"WordPiece","prefix":)" + json_string(b.continuing_subword_prefix) + R"(,"cleanup":true},)";
    out += R"("model":{"type":"WordPiece","unk_token":)" + json_string(unk_token_) +
           R"(,"continuing_subword_prefix":)" + json_string(b.continuing_subword_prefix) +
           R"(,"max_input_chars_per_word":100,"vocab":{)";
  } else {
    if (byte_level_) {
      out += R"("post_processor":{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":false,"use_regex":true},)";
      out += R"("decoder":{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":true,"use_regex":true},)";
    } else {
      out += R"("post_processor":null,"decoder":)";
      out += byte_fallback_ ? R"({"type":"Sequence","decoders":[{"type":"ByteFallback"},)" + pre_tokenizer_json_ + "]}"
                            : pre_tokenizer_json_;
      out += ',';
    }
    const auto optional_string = [](const std::string& s) { return s.empty() ? std::string("null") : json_string(s); };
    out += R"("model":{"type":"BPE","dropout":null,"unk_token":)" + optional_string(unk_token_) +
           R"(,"continuing_subword_prefix":)" + optional_string(b.continuing_subword_prefix) +
           R"(,"end_of_word_suffix":)" + optional_string(b.end_of_word_suffix) + R"(,"fuse_unk":false,"byte_fallback":)" +
           (byte_fallback_ ? "true" : "false") + R"(,"ignore_merges":false,"vocab":{)";
  }
  for (size_t id = 0; id < vocab.size(); ++id) {
    if (id) out += ',';
    append_json_string(out, vocab[id]);
    out += ':';
    out += std::to_string(id);
  }
  out += '}';
  if (!wordpiece) {
    out += R"(,"merges":[)";
    bool first = true;
    for (const auto& [a, c] : bpe_.merges()) {
      if (!first) out += ',';
      first = false;
      out += '[';
      append_json_string(out, vocab[a]);
      out += ',';
      append_json_string(out, vocab[c]);
      out += ']';
    }
    out += ']';
  }
  out += "}}";
  return out;
}

}  // namespace tokvec
