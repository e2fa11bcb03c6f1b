#include "tokenizer/tokenizer.h"

#include <algorithm>
#include <cmath>
#include <queue>

#include "core/cold.h"
#include "core/decimal.h"
#include "core/error.h"
#include "core/limits.h"
#include "core/utf8.h"
#include "tokenizer/identity.h"

namespace tokvec {

namespace {

// HuggingFace's default post-processing: add nothing; post_process concatenates a pair.
class ConcatenateProcessor final : public PostProcessor {
 public:
  size_t added_tokens(bool) const override { return 0; }
  void process_encodings(std::vector<Encoding>&, bool, const IdToToken&) const override {}
};

// The n best combinations of one choice per list, each list sorted best first: best-first
// search over index tuples, each tuple made once (from its parent by raising the index at or
// after the one its parent raised). Ties go to the tuple found first.
std::vector<std::pair<std::vector<uint32_t>, double>> best_combinations(const std::vector<std::vector<double>>& scores,
                                                                       size_t n) {
  struct Entry {
    double score;
    uint64_t order;
    std::vector<uint32_t> choice;
    size_t raised;
  };
  const auto worse = [](const Entry& a, const Entry& b) {
    return a.score < b.score || (a.score == b.score && a.order > b.order);
  };
  std::priority_queue<Entry, std::vector<Entry>, decltype(worse)> agenda(worse);
  double first = 0;
  for (const auto& list : scores) first += list[0];
  uint64_t order = 0;
  agenda.push({first, order++, std::vector<uint32_t>(scores.size(), 0), 0});
  std::vector<std::pair<std::vector<uint32_t>, double>> results;
  while (!agenda.empty() && results.size() < n) {
    Entry top = agenda.top();
    agenda.pop();
    for (size_t j = top.raised; j < scores.size(); ++j) {
      const uint32_t k = top.choice[j] + 1;
      if (k >= scores[j].size()) continue;
      Entry next{top.score - scores[j][k - 1] + scores[j][k], order++, top.choice, j};
      next.choice[j] = k;
      agenda.push(std::move(next));
    }
    results.emplace_back(std::move(top.choice), top.score);
  }
  return results;
}

}  // namespace

void Model::tokenize_ids(std::string_view text, const std::vector<Span>& pieces, std::vector<uint32_t>& ids) const {
  std::vector<Token> tokens;
  for (const Span& piece : pieces) {
    tokens.clear();
    tokenize(text.substr(piece.start, piece.size()), tokens);
    for (const Token& t : tokens) ids.push_back(t.id);
  }
}

void Model::tokenize_nbest(std::string_view, size_t, std::vector<ScoredTokens>&) const {
  throw Error(ErrorCode::kUnsupported, "encodeNBest: n-best needs a Unigram model; this one is " + type_name());
}

void Model::tokenize_sample(std::string_view, const SampleParams&, SplitMix64&, std::vector<Token>&) const {
  throw Error(ErrorCode::kUnsupported, "encode: sample needs a Unigram model; this one is " + type_name());
}

// Once per load: built for size (core/cold.h).
TOKVEC_COLD_BEGIN
Tokenizer::Tokenizer(Pipeline p)
    : normalizer_(p.normalizer ? std::move(p.normalizer) : std::make_unique<IdentityNormalizer>()),
      pre_tokenizer_(p.pre_tokenizer ? std::move(p.pre_tokenizer) : std::make_unique<IdentityPreTokenizer>()),
      model_(std::move(p.model)),
      post_processor_(p.post_processor ? std::move(p.post_processor) : std::make_unique<ConcatenateProcessor>()),
      decoder_(p.decoder ? std::move(p.decoder) : std::make_unique<SpaceJoinDecoder>()),
      special_policy_(p.special_policy),
      truncation_(std::move(p.truncation)),
      padding_(std::move(p.padding)) {
  if (!model_) throw Error(ErrorCode::kInvalidArgument, "tokenizer: a model is required");
  added_ = AddedVocabulary(std::move(p.added_tokens), *normalizer_);
  if (!added_.matches_normalized()) bert_words_ = BertWords::make(*normalizer_, *pre_tokenizer_);
  vocab_size_ = model_->vocab_size();
  check_vocab_size("tokenizer: model", vocab_size_);
  // An added token's id can stretch the range past the model's: checked in 64 bits, so that id
  // 4294967295 cannot wrap the size to 0.
  const uint64_t max_vocab = limits().max_vocab_size;
  for (const AddedToken& t : added_.tokens()) {
    if (t.id >= max_vocab) check_vocab_size(message({"tokenizer: added token \"", t.content, "\" (id ", t.id, ")"}), uint64_t{t.id} + 1);
    vocab_size_ = std::max(vocab_size_, t.id + 1);
  }
  const SpecialMode mode = special_policy_ == SpecialPolicy::kTiktoken ? SpecialMode::kError : SpecialMode::kMatch;
  default_modes_.assign(added_.tokens().size(), mode);
}
TOKVEC_COLD_END

Encoding Tokenizer::encode_sequence(std::string_view text, const EncodeOptions& options, uint32_t type_id,
                                    bool with_offsets, const std::optional<TruncationParams>& limit,
                                    const Segmenter* segment) const {
  if (text.size() > UINT32_MAX - 1) {
    throw Error(ErrorCode::kLimit, "encode: text of " + std::to_string(text.size()) +
                                       " bytes exceeds the 4 GiB offset range");
  }
  check_input_bytes("encode", text.size());
  const std::vector<SpecialMode>& special_modes = modes(options);
  if (special_modes.size() != added_.tokens().size()) {
    throw Error(ErrorCode::kInvalidArgument, "encode: " + std::to_string(special_modes.size()) +
                                                 " special-token modes for " +
                                                 std::to_string(added_.tokens().size()) + " added tokens");
  }
  Encoding encoding;
  const auto emit_added = [&](const Segment& segment) {
    const Normalized& s = segment.s;
    if (!with_offsets) {
      encoding.ids.push_back(*segment.added_id);
      return;
    }
    const AddedToken* token = added_.find(*segment.added_id);
    if (token && token->content != s.text) encoding.texts.emplace_back(static_cast<uint32_t>(encoding.size()), s.text);
    encoding.push_back(*segment.added_id, s.source_span({0, static_cast<uint32_t>(s.text.size())}), 0, type_id,
                       static_cast<uint8_t>(type_id));
  };
  const auto emit_tokens = [&](const Normalized& s, Span piece, const std::vector<Token>& tokens) {
    for (const Token& t : tokens) {
      if (!with_offsets) {
        encoding.ids.push_back(t.id);
        continue;
      }
      if (model_->shows_covered_text(t.id)) {
        std::string covered = s.text.substr(piece.start + t.span.start, t.span.size());
        if (covered != model_->id_to_token(t.id)) {
          encoding.texts.emplace_back(static_cast<uint32_t>(encoding.size()), std::move(covered));
        }
      }
      encoding.push_back(t.id, s.source_span({piece.start + t.span.start, piece.start + t.span.end}), 0, type_id,
                         static_cast<uint8_t>(type_id));
    }
  };
  Segmenter sampler;
  std::optional<SplitMix64> rng;
  if (options.sample && !segment) {
    check_sample(*options.sample);
    rng.emplace(options.sample->seed + 0x9E3779B97F4A7C15ull * type_id);
    sampler = [&](std::string_view piece, std::vector<Token>& out) {
      model_->tokenize_sample(piece, *options.sample, *rng, out);
    };
    segment = &sampler;
  }
  const auto tokenize = [&](const Normalized& s, Span piece, std::vector<Token>& tokens) {
    tokens.clear();
    const std::string_view text = std::string_view(s.text).substr(piece.start, piece.size());
    if (segment) {
      (*segment)(text, tokens);
    } else {
      model_->tokenize(text, tokens);
    }
  };
  const Normalizer& normalizer = bert_words_ ? static_cast<const Normalizer&>(unnormalized_) : *normalizer_;
  // Ids alone, from the model: it may batch the pieces (Model::tokenize_ids).
  const bool ids_only = !with_offsets && !segment;
  std::vector<Segment> segments = added_.split(text, normalizer, special_modes);
  std::vector<Span> pieces;
  std::vector<Token> tokens;
  // Room for a token every three bytes (English and code make one every four), so that encodeIds
  // fills its ids without regrowing the vector.
  if (ids_only) encoding.ids.reserve(text.size() / 3 + 16);
  if (!limit) {
    for (Segment& segment : segments) {
      if (segment.added_id) {
        emit_added(segment);
        continue;
      }
      Normalized& s = segment.s;
      pre_tokenize(s, pieces, !ids_only);
      if (ids_only) {
        model_->tokenize_ids(s.text, pieces, encoding.ids);
        continue;
      }
      for (const Span& piece : pieces) {
        tokenize(s, piece, tokens);
        emit_tokens(s, piece, tokens);
      }
    }
    return encoding;
  }
  // HuggingFace (0.23) tokenizes under truncation only until max_length tokens exist, from the
  // end truncation keeps; the pre-tokens beyond are dropped, and with them the overflowing
  // pieces they would have made. An added token counts but does not end the walk.
  struct Split {
    size_t segment;
    Span piece;
    std::vector<Token> tokens;
  };
  std::vector<Split> splits;
  for (size_t i = 0; i < segments.size(); ++i) {
    Normalized& s = segments[i].s;
    if (segments[i].added_id) {
      splits.push_back({i, {}, {}});
      continue;
    }
    pre_tokenize(s, pieces);
    for (const Span& piece : pieces) splits.push_back({i, piece, {}});
  }
  const auto count = [&](Split& split) {
    const Segment& segment = segments[split.segment];
    if (segment.added_id) return false;
    tokenize(segment.s, split.piece, split.tokens);
    return true;
  };
  size_t total = 0, first = 0, last = splits.size();
  if (limit->direction == TruncationDirection::kRight) {
    for (last = 0; last < splits.size();) {
      const bool tokenized = count(splits[last]);
      total += tokenized ? splits[last].tokens.size() : 1;
      ++last;
      if (tokenized && total >= limit->max_length) break;
    }
  } else {
    for (first = splits.size(); first > 0;) {
      --first;
      const bool tokenized = count(splits[first]);
      total += tokenized ? splits[first].tokens.size() : 1;
      if (tokenized && total >= limit->max_length) break;
    }
  }
  for (size_t i = first; i < last; ++i) {
    const Segment& segment = segments[splits[i].segment];
    if (segment.added_id) {
      emit_added(segment);
    } else {
      emit_tokens(segment.s, splits[i].piece, splits[i].tokens);
    }
  }
  return encoding;
}

void Tokenizer::pre_tokenize(Normalized& s, std::vector<Span>& pieces, bool with_alignment) const {
  pieces.clear();
  if (bert_words_) {
    if (bert_words_->split(s, pieces, with_alignment)) return;
    normalizer_->normalize(s);
  }
  if (!s.text.empty()) pieces.push_back({0, static_cast<uint32_t>(s.text.size())});
  pre_tokenizer_->split(s, pieces);
}

const std::optional<TruncationParams>& Tokenizer::tokenize_limit(const EncodeOptions& options, uint32_t type_id) const {
  static const std::optional<TruncationParams> none;
  const std::optional<TruncationParams>& truncation = truncation_of(options);
  if (!truncation || (truncation->strategy == TruncationStrategy::kOnlySecond && type_id == 0)) return none;
  return truncation;
}

Encoding Tokenizer::post_process(std::vector<Encoding> encodings, const EncodeOptions& options) const {
  const bool is_pair = encodings.size() == 2;
  if (const std::optional<TruncationParams>& truncation = truncation_of(options)) {
    TruncationParams params = *truncation;
    if (options.truncation) check_truncation(params, post_processor_->added_tokens(false), "encode: truncation");
    const size_t added = options.add_special_tokens ? post_processor_->added_tokens(is_pair) : 0;
    if (params.max_length < added) {
      throw_error(ErrorCode::kInvalidArgument, {"encode: truncation: maxLength ", params.max_length,
                                                " leaves no room: the post-processor adds ", added, " special tokens to ",
                                                is_pair ? "a pair" : "one sequence"});
    }
    params.max_length -= added;
    truncate_encodings(encodings[0], is_pair ? &encodings[1] : nullptr, params, "encode: truncation");
  }
  post_processor_->process_encodings(encodings, options.add_special_tokens,
                                     [this](uint32_t id) { return id_to_token(id); });
  std::vector<Encoding> merged(1);
  if (!encodings.empty()) merged[0] = std::move(encodings[0]);
  for (size_t i = 1; i < encodings.size(); ++i) merged[0].merge_with(encodings[i]);
  if (const std::optional<PaddingParams>& padding = padding_of(options)) {
    pad_encodings(merged, *padding, pad_text(*padding));
  }
  return std::move(merged[0]);
}

std::optional<std::string> Tokenizer::pad_text(const PaddingParams& params) const {
  const std::optional<std::string> token = token_of(params.pad_id);
  if (token && *token == params.pad_token) return std::nullopt;
  return params.pad_token;
}

Encoding Tokenizer::encode(std::string_view text, const EncodeOptions& options) const {
  std::vector<Encoding> encodings;
  encodings.push_back(encode_sequence(text, options, 0, true, tokenize_limit(options, 0)));
  return post_process(std::move(encodings), options);
}

Encoding Tokenizer::encode_pair(std::string_view a, std::string_view b, const EncodeOptions& options) const {
  std::vector<Encoding> encodings;
  encodings.push_back(encode_sequence(a, options, 0, true, tokenize_limit(options, 0)));
  encodings.push_back(encode_sequence(b, options, 1, true, tokenize_limit(options, 1)));
  return post_process(std::move(encodings), options);
}

std::vector<Encoding> Tokenizer::encode_batch(const std::vector<EncodeInput>& inputs,
                                              const EncodeOptions& options) const {
  std::vector<Encoding> encodings;
  encodings.reserve(inputs.size());
  for (const EncodeInput& input : inputs) {
    encodings.push_back(input.pair ? encode_pair(input.text, *input.pair, options) : encode(input.text, options));
  }
  if (const std::optional<PaddingParams>& padding = padding_of(options)) {
    pad_encodings(encodings, *padding, pad_text(*padding));
  }
  return encodings;
}

void Tokenizer::encode_ids(std::string_view text, const EncodeOptions& options, std::vector<uint32_t>& ids) const {
  if (!truncation_of(options) && !padding_of(options)) {
    // Nothing to cut or pad, and ids do not depend on offsets: the sequence is encoded without
    // them, and the post-processor adds its special tokens to the ids alone where it can. Else
    // the encoding's other fields are filled with defaults only so that it sees a well-formed one.
    ids = encode_sequence(text, options, 0, false, std::nullopt).ids;
    if (!options.add_special_tokens || post_processor_->added_tokens(false) == 0 || post_processor_->add_special_ids(ids)) {
      return;
    }
    std::vector<Encoding> encodings(1);
    Encoding& e = encodings[0];
    e.ids = std::move(ids);
    const size_t n = e.ids.size();
    e.offsets.resize(n);
    e.special_tokens_mask.resize(n);
    e.type_ids.resize(n);
    e.attention_mask.assign(n, 1);
    e.sequence_ids.resize(n);
    ids = post_process(std::move(encodings), options).ids;
    return;
  }
  ids = encode(text, options).ids;
}

void Tokenizer::check_sample(const SampleParams& params) const {
  if (!std::isfinite(params.alpha) || params.alpha < 0) {
    throw Error(ErrorCode::kInvalidArgument, "encode: sample.alpha is " + decimal_text(params.alpha) +
                                                 ", expected a finite number >= 0");
  }
  if (params.nbest_size > static_cast<int32_t>(kMaxNBest)) {
    throw_error(ErrorCode::kLimit, {"encode: sample.nbestSize ", params.nbest_size, " exceeds ", kMaxNBest});
  }
}

std::vector<ScoredEncoding> Tokenizer::encode_nbest(std::string_view text, size_t n, const EncodeOptions& options) const {
  if (n == 0 || n > kMaxNBest) {
    throw_error(n == 0 ? ErrorCode::kInvalidArgument : ErrorCode::kLimit, {"encodeNBest: n is ", n, ", expected 1 to ", kMaxNBest});
  }
  EncodeOptions plain = options;
  plain.sample.reset();
  plain.truncation.emplace(std::nullopt);
  plain.padding.emplace(std::nullopt);
  // First pass: each piece's n best. Then each chosen combination runs the pipeline again with
  // the pieces' chosen segmentations (pieces come in the same order every time).
  std::vector<std::vector<ScoredTokens>> lists;
  const Segmenter collect = [&](std::string_view piece, std::vector<Token>& out) {
    lists.emplace_back();
    model_->tokenize_nbest(piece, n, lists.back());
    out = lists.back().front().tokens;
  };
  encode_sequence(text, plain, 0, false, std::nullopt, &collect);
  std::vector<std::vector<double>> scores;
  for (const auto& list : lists) {
    scores.emplace_back();
    for (const auto& tokens : list) scores.back().push_back(tokens.score);
  }
  std::vector<ScoredEncoding> results;
  for (const auto& combination : best_combinations(scores, n)) {
    // Not a structured binding: clang 14 cannot capture one in a lambda.
    const std::vector<uint32_t>& choice = combination.first;
    size_t next = 0;
    const Segmenter pick = [&](std::string_view, std::vector<Token>& out) {
      out = lists[next][choice[next]].tokens;
      ++next;
    };
    std::vector<Encoding> encodings;
    encodings.push_back(encode_sequence(text, plain, 0, true, std::nullopt, &pick));
    results.push_back({post_process(std::move(encodings), plain), combination.second});
  }
  return results;
}

std::optional<uint32_t> Tokenizer::token_to_id(std::string_view token) const {
  if (auto id = added_.token_to_id(token)) return id;
  return model_->token_to_id(token);
}

std::optional<std::string> Tokenizer::token_of(uint32_t id) const {
  if (const AddedToken* t = added_.find(id)) return t->content;
  // Models report an id with no token (a hole, as cl100k_base's 100256) as an empty string.
  if (id < model_->vocab_size()) {
    std::string token = model_->id_to_token(id);
    if (!token.empty()) return token;
  }
  return std::nullopt;
}

std::string Tokenizer::id_to_token(uint32_t id) const {
  if (auto token = token_of(id)) return *token;
  if (id < vocab_size_) {
    throw_error(ErrorCode::kOutOfRange, {"id ", id, " is not a token of this tokenizer"});
  }
  throw_error(ErrorCode::kOutOfRange, {"id ", id, " is out of range (vocab size ", vocab_size_, ")"});
}

std::string Tokenizer::decode(const uint32_t* ids, size_t count, bool skip_special_tokens) const {
  std::vector<std::string> tokens;
  tokens.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    auto token = token_of(ids[i]);
    if (!token) {
      if (ids[i] < vocab_size_) throw_error(ErrorCode::kOutOfRange, {"decode: ids[", i, "] = ", ids[i], " is not a token of this tokenizer"});
      throw_error(ErrorCode::kOutOfRange, {"decode: ids[", i, "] = ", ids[i], " is out of range (vocab size ", vocab_size_, ")"});
    }
    if (skip_special_tokens && added_.is_special(ids[i])) continue;
    tokens.push_back(std::move(*token));
  }
  decoder_->decode_chain(tokens);
  std::string text;
  for (const std::string& t : tokens) text += t;
  // Byte-level tokens can end mid-character: the text a caller gets is always valid UTF-8.
  if (!utf8::is_valid(text)) text = utf8::to_valid(text);
  return text;
}

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

bool ends_with_replacement(std::string_view text) {
  return text.size() >= kReplacement.size() && text.substr(text.size() - kReplacement.size()) == kReplacement;
}

}  // namespace

std::string DecodeStream::push(uint32_t id) {
  if (id >= tokenizer_->vocab_size()) {
    throw_error(ErrorCode::kOutOfRange, {"decoder.push: id ", id, " is out of range (vocab size ", tokenizer_->vocab_size(), ")"});
  }
  if (prefix_.empty() && !ids_.empty()) {
    std::string prefix = tokenizer_->decode(ids_.data(), ids_.size(), skip_special_tokens_);
    if (!ends_with_replacement(prefix)) {
      prefix_ = std::move(prefix);
      prefix_index_ = ids_.size();
    }
  }
  ids_.push_back(id);
  std::string text;
  try {
    text = tokenizer_->decode(ids_.data(), ids_.size(), skip_special_tokens_);
  } catch (const Error&) {
    // An id that names no token (a hole in the vocabulary) must not stay in the stream, or every
    // later push would fail on it too.
    ids_.pop_back();
    throw;
  }
  // A trailing U+FFFD means a character is still incomplete: wait for its next byte.
  if (text.size() <= prefix_.size() || ends_with_replacement(text)) return {};
  if (text.compare(0, prefix_.size(), prefix_) != 0) {
    throw_error(ErrorCode::kInvalidArgument, {"decoder: after id ", id, " the text no longer starts with what was already emitted"});
  }
  std::string emitted = text.substr(prefix_.size());
  // Keep the ids from the previous prefix start as context for the next decode.
  const size_t new_prefix_index = ids_.size() - prefix_index_;
  ids_.erase(ids_.begin(), ids_.begin() + static_cast<std::ptrdiff_t>(prefix_index_));
  prefix_ = tokenizer_->decode(ids_.data(), ids_.size(), skip_special_tokens_);
  prefix_index_ = new_prefix_index;
  return emitted;
}

std::string DecodeStream::flush() {
  std::string text = tokenizer_->decode(ids_.data(), ids_.size(), skip_special_tokens_);
  std::string rest = text.size() > prefix_.size() ? text.substr(prefix_.size()) : std::string();
  ids_.clear();
  prefix_.clear();
  prefix_index_ = 0;
  return rest;
}

}  // namespace tokvec
