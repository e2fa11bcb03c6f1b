#include "tokenizer/models/unigram.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "core/decimal.h"
#include "core/error.h"
#include "core/utf8.h"
#include "tokenizer/loaders/sentencepiece_model.h"
#include "tokenizer/models/piece_cache.h"

namespace tokvec {

namespace {

std::string score_text(double score) {
  if (std::isnan(score)) return "NaN";
  return score > 0 ? "Infinity" : "-Infinity";
}

// The score HuggingFace's Unigram sees for a number that tokenizer.json writes as `value` in its
// shortest round-trip form (what serde_json, Python's json and JavaScript write). serde_json,
// built without its float_roundtrip feature as tokenizers builds it, does not round decimals
// correctly: it converts the digits to an integer, rounds that to a double, then divides (or
// multiplies) by the power of ten, rounding twice. The result can be one unit in the last place
// off, and Viterbi ties between equal-scoring segmentations (T5's "▁" "---" "---" "-" against
// "▁" "-" "---" "---") are decided by exactly that bit, so the model must hold the same doubles.
double serde_json_score(double value) {
  if (value == 0.0 || !std::isfinite(value)) return value;
  const ShortestDecimal d = shortest_decimal(value);
  // The digits form the integer significand, scaled by 10^(exponent - digits).
  uint64_t significand = 0;
  for (int i = 0; i < d.count; ++i) significand = significand * 10 + static_cast<uint64_t>(d.digits[i] - '0');
  int exponent = d.exponent - d.count;
  const bool negative = d.negative;
  // serde_json's f64_from_parts: one multiplication or division by an exact power of ten from
  // its table 1e0..1e308, dividing by 1e308 first while the exponent is beyond it.
  double f = static_cast<double>(significand);
  while (exponent < -308) {
    f /= 1e308;
    exponent += 308;
  }
  static const std::array<double, 309> kPowersOfTen = [] {
    std::array<double, 309> powers{};
    for (size_t i = 0; i < powers.size(); ++i) {
      const std::string text = "1e" + std::to_string(i);
      parse_decimal(text.data(), text.data() + text.size(), powers[i]);
    }
    return powers;
  }();
  const double power = kPowersOfTen[static_cast<size_t>(exponent < 0 ? -exponent : exponent)];
  f = exponent >= 0 ? f * power : f / power;
  return negative ? -f : f;
}

// Calls found(end, id) for each piece that word[pos, ...) starts with, shorter first (the order
// the lattice and Viterbi's ties rely on), and returns whether one of them is the single character
// word[pos, next).
template <typename Found>
bool for_each_piece(const ByteTrie& trie, std::string_view word, size_t pos, size_t next, Found&& found) {
  bool has_single_char_piece = false;
  uint32_t node = ByteTrie::kRoot;
  for (size_t i = pos; i < word.size(); ++i) {
    node = trie.child(node, static_cast<uint8_t>(word[i]));
    if (node == ByteTrie::kNone) break;
    const uint32_t id = trie.value(node);
    if (id == ByteTrie::kNone) continue;
    found(i + 1, id);
    if (i + 1 == next) has_single_char_piece = true;
  }
  return has_single_char_piece;
}

// The end of the character that starts at word[pos]. Viterbi asks at every character, and this
// file is built for size: decode_inline spares the call for nearly all text.
[[gnu::always_inline]] inline size_t char_end(std::string_view word, size_t pos) {
  utf8::decode_inline(word, pos);
  return pos;
}

// A very long word should not pin its scratch for the life of the thread: vectors that grew past
// this many elements are freed.
constexpr size_t kKeepScratch = 1 << 16;

[[noreturn]] void throw_uncovered(std::string_view word, size_t pos, size_t next) {
  throw Error(ErrorCode::kInvalidArgument, "Unigram: no piece covers \"" + std::string(word.substr(pos, next - pos)) +
                                               "\" in \"" + std::string(word) + "\" and the model has no unk_id");
}

}  // namespace

Unigram::Unigram(std::vector<Piece> pieces, std::optional<uint32_t> unk_id, bool byte_fallback)
    : serial_(PieceCache::serial_for_new_model()), pieces_(std::move(pieces)), unk_id_(unk_id), byte_fallback_(byte_fallback) {
  if (pieces_.empty()) throw Error(ErrorCode::kInvalidArgument, "Unigram: the vocabulary is empty");
  if (unk_id_ && *unk_id_ >= pieces_.size()) {
    throw_error(ErrorCode::kOutOfRange, {"Unigram: unk_id ", *unk_id_, " is out of range (", pieces_.size(), " pieces)"});
  }
  min_score_ = std::numeric_limits<double>::infinity();
  ids_.reserve(pieces_.size());
  scores_.reserve(pieces_.size());
  for (uint32_t id = 0; id < pieces_.size(); ++id) {
    const Piece& p = pieces_[id];
    if (!std::isfinite(p.score)) {
      throw_error(ErrorCode::kInvalidArgument,
                  {"Unigram: piece ", id, " \"", p.piece, "\" has score ", score_text(p.score), ", expected a finite number"});
    }
    ids_.insert_or_assign(p.piece, id);
    scores_.push_back(p.score);
    min_score_ = std::min(min_score_, p.score);
  }
  byte_ids_.assign(256, kNone);
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (int b = 0; b < 256; ++b) {
    const char name[] = {'<', '0', 'x', kHex[b >> 4], kHex[b & 15], '>'};
    if (auto id = token_to_id(std::string_view(name, sizeof name))) byte_ids_[b] = *id;
  }
  ByteTrie::Builder trie;
  for (const auto& [piece, id] : ids_) trie.insert(piece, id);
  trie_ = trie.finish();
}

std::unique_ptr<Unigram> Unigram::from_json(const JsonView& model) {
  if (auto type = model.find("type"); type && type->as_string() != "Unigram") {
    type->fail("expected \"Unigram\", got \"" + type->as_string() + "\"");
  }
  const JsonView vocab = model.at("vocab");
  if (!vocab.is_array()) vocab.fail(std::string("expected an array of [piece, score], got ") + JsonView::type_name(vocab.raw()));
  if (vocab.size() == 0) vocab.fail("is empty; a Unigram model needs at least its unknown piece", ErrorCode::kInvalidArgument);
  std::vector<Piece> pieces;
  pieces.reserve(vocab.size());
  vocab.for_each_item([&](const JsonView& item) {
    if (!item.is_array() || item.size() != 2) {
      item.fail("expected [piece, score], got " + item.dump().substr(0, 80));
    }
    const JsonView score = item.at(1);
    const double value = score.as_number();
    if (!std::isfinite(value)) score.fail("score " + score_text(value) + " is not a finite number", ErrorCode::kInvalidArgument);
    pieces.push_back({item.at(0).as_string(), serde_json_score(value)});
  });
  std::optional<uint32_t> unk_id;
  if (auto unk = model.find("unk_id")) {
    unk_id = unk->as_u32();
    if (*unk_id >= pieces.size()) {
      unk->fail(message({"unk_id ", *unk_id, " is out of range (", pieces.size(), " pieces)"}), ErrorCode::kOutOfRange);
    }
  }
  return std::make_unique<Unigram>(std::move(pieces), unk_id, model.bool_or("byte_fallback", false));
}

std::unique_ptr<Unigram> Unigram::from_sentencepiece(const SentencePieceModel& model) {
  if (model.model_type != SentencePieceModel::ModelType::kUnigram) {
    throw Error(ErrorCode::kInvalidArgument, model.where + ": trainer_spec.model_type is " +
                                                 sentencepiece_model_type_name(model.model_type) +
                                                 ", expected UNIGRAM");
  }
  if (model.pieces.empty()) throw Error(ErrorCode::kInvalidArgument, model.where + ": the model has no pieces");
  if (model.unk_id < 0 || static_cast<size_t>(model.unk_id) >= model.pieces.size()) {
    throw_error(ErrorCode::kOutOfRange,
                {model.where, ": trainer_spec.unk_id ", model.unk_id, " is out of range (", model.pieces.size(), " pieces)"});
  }
  std::vector<Piece> pieces;
  pieces.reserve(model.pieces.size());
  for (size_t i = 0; i < model.pieces.size(); ++i) {
    const auto& p = model.pieces[i];
    if (!std::isfinite(p.score)) {
      throw_error(ErrorCode::kInvalidArgument,
                  {model.where, ": pieces[", i, "] \"", p.piece, "\" has score ", score_text(p.score), ", expected a finite number"});
    }
    pieces.push_back({p.piece, static_cast<double>(p.score)});
  }
  return std::make_unique<Unigram>(std::move(pieces), static_cast<uint32_t>(model.unk_id), model.byte_fallback);
}

std::optional<uint32_t> Unigram::token_to_id(std::string_view token) const {
  auto it = ids_.find(token);
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

void Unigram::tokenize(std::string_view word, std::vector<Token>& out) const {
  if (word.empty()) return;
  // Words recur: short ones are looked up first (per thread, so the model stays immutable).
  if (word.size() > PieceCache::kMaxBytes) return segment(word, out);
  const PieceCache::Key key = PieceCache::key_of(word);
  PieceCache::Entry& cached = PieceCache::slot(PieceCache::hash_of(key));
  if (PieceCache::emit(cached, serial_, key, out)) return;
  const size_t first = out.size();
  segment(word, out);
  // A byte-fallback run's tokens do not tile the piece: PieceCache keeps only those that do.
  PieceCache::store(cached, serial_, key, out.data() + first, out.size() - first);
}

void Unigram::tokenize_ids(std::string_view text, const std::vector<Span>& pieces, std::vector<uint32_t>& ids) const {
  thread_local std::vector<Token> tokens;
  for (const Span& span : pieces) {
    const std::string_view word = text.substr(span.start, span.size());
    if (word.empty()) continue;
    tokens.clear();
    if (word.size() > PieceCache::kMaxBytes) {
      segment(word, tokens);
    } else {
      const PieceCache::Key key = PieceCache::key_of(word);
      PieceCache::Entry& cached = PieceCache::slot(PieceCache::hash_of(key));
      if (PieceCache::emit_ids(cached, serial_, key, ids)) continue;
      segment(word, tokens);
      PieceCache::store(cached, serial_, key, tokens.data(), tokens.size());
    }
    for (const Token& t : tokens) ids.push_back(t.id);
  }
  if (tokens.capacity() > kKeepScratch) std::vector<Token>().swap(tokens);
}

void Unigram::segment(std::string_view word, std::vector<Token>& out) const {
  const size_t n = word.size();
  // best[i]: the best segmentation of word[0, i): its score and its last token (start, id).
  // Positions are visited left to right and a token replaces the incumbent only when strictly
  // better, so among equal scores the token found first (earlier start, then shorter) stays,
  // exactly as in HuggingFace's encode_optimized.
  struct Best {
    double score = 0.0;
    uint32_t start = kNone;
    uint32_t id = 0;
  };
  // Scratch reused across calls (one per thread, since tokenize is const and may run in several).
  thread_local std::vector<Best> best;
  best.assign(n + 1, Best{});
  const double unk_score = min_score_ - kUnkPenalty;
  size_t pos = 0;
  while (pos < n) {
    const double base = best[pos].score;
    const size_t next = char_end(word, pos);
    const bool has_single_char_piece = for_each_piece(trie_, word, pos, next, [&](size_t end, uint32_t id) {
      const double candidate = scores_[id] + base;
      Best& target = best[end];
      if (target.start == kNone || candidate > target.score) target = {candidate, static_cast<uint32_t>(pos), id};
    });
    if (!has_single_char_piece) {
      const double candidate = unk_score + base;
      Best& target = best[next];
      if (target.start == kNone || candidate > target.score) {
        if (!unk_id_) throw_uncovered(word, pos, next);
        target = {candidate, static_cast<uint32_t>(pos), *unk_id_};
      }
    }
    pos = next;
  }

  // Walk the best path back, then emit it forwards, fusing runs of unknowns into one token.
  thread_local std::vector<Token> path;
  path.clear();
  for (size_t end = n; end > 0;) {
    const Best& b = best[end];
    if (b.start == kNone) {
      throw_error(ErrorCode::kInvalidArgument,
                  {"Unigram: no segmentation of \"", word, "\" reaches byte ", end, " and the model has no unk_id"});
    }
    path.push_back({b.id, {b.start, static_cast<uint32_t>(end)}});
    end = b.start;
  }
  std::reverse(path.begin(), path.end());
  emit(word, path, out);
  if (best.capacity() > kKeepScratch) std::vector<Best>().swap(best);
  if (path.capacity() > kKeepScratch) std::vector<Token>().swap(path);
}

void Unigram::emit(std::string_view word, const std::vector<Token>& path, std::vector<Token>& out) const {
  for (size_t i = 0; i < path.size();) {
    if (!unk_id_ || path[i].id != *unk_id_) {
      out.push_back(path[i++]);
      continue;
    }
    Span run = path[i].span;
    for (++i; i < path.size() && path[i].id == *unk_id_; ++i) run.end = path[i].span.end;
    push_unknown(word, run, out);
  }
}

void Unigram::populate(std::string_view word, Lattice<double>& lattice) const {
  const size_t n = word.size();
  lattice.reset(static_cast<uint32_t>(n));
  const double unk_score = min_score_ - kUnkPenalty;
  for (size_t pos = 0; pos < n;) {
    size_t next = pos;
    utf8::decode(word, next);
    const bool has_single_char_piece = for_each_piece(trie_, word, pos, next, [&](size_t end, uint32_t id) {
      lattice.insert(static_cast<uint32_t>(pos), static_cast<uint32_t>(end), id, pieces_[id].score);
    });
    if (!has_single_char_piece) {
      if (!unk_id_) throw_uncovered(word, pos, next);
      lattice.insert(static_cast<uint32_t>(pos), static_cast<uint32_t>(next), *unk_id_, unk_score);
    }
    pos = next;
  }
}

void Unigram::tokenize_nbest(std::string_view word, size_t n, std::vector<ScoredTokens>& out) const {
  out.clear();
  if (word.empty()) {
    out.push_back({});
    return;
  }
  Lattice<double> lattice;
  populate(word, lattice);
  std::vector<Token> path;
  for (const auto& best : lattice.nbest(n)) {
    path.clear();
    for (const uint32_t k : best.nodes) {
      const auto& node = lattice.node(k);
      path.push_back({node.id, {node.start, node.end}});
    }
    out.push_back({{}, best.score});
    emit(word, path, out.back().tokens);
  }
}

void Unigram::tokenize_sample(std::string_view word, const SampleParams& params, SplitMix64& rng,
                              std::vector<Token>& out) const {
  if (word.empty()) return;
  if (params.nbest_size == 0 || params.nbest_size == 1) {
    tokenize(word, out);
    return;
  }
  if (params.nbest_size > 1) {
    sample_nbest(*this, word, static_cast<size_t>(params.nbest_size), params.alpha, rng, out);
    return;
  }
  std::vector<Token> path;
  Lattice<double> lattice;
  populate(word, lattice);
  for (const uint32_t k : lattice.sample(params.alpha, rng)) {
    const auto& node = lattice.node(k);
    path.push_back({node.id, {node.start, node.end}});
  }
  emit(word, path, out);
}

void Unigram::push_unknown(std::string_view word, Span span, std::vector<Token>& out) const {
  const std::string_view text = word.substr(span.start, span.size());
  // Whether the run is a piece, from the trie (which holds ids_'s pieces and ids): unlike the hash
  // map, it stops at the first byte no piece continues with, and unknown runs (long in CJK text)
  // rarely start a piece beyond their first character.
  if (const uint32_t id = trie_.find(text); id != kNone) {
    out.push_back({id, span});
    return;
  }
  if (byte_fallback_ &&
      std::all_of(text.begin(), text.end(), [&](char c) { return byte_ids_[static_cast<uint8_t>(c)] != kNone; })) {
    // Every byte token covers the whole run, as in HuggingFace.
    for (const char c : text) out.push_back({byte_ids_[static_cast<uint8_t>(c)], span});
    return;
  }
  out.push_back({*unk_id_, span});
}

}  // namespace tokvec

// Design notes
//
// tokenize is HuggingFace's encode_optimized: one pass, no lattice. n-best and sampling
// (subword regularization, off by default and not stored in tokenizer.json) build the full
// lattice (lattice.h) instead; they are per call options, not the hot path. HuggingFace's own
// sampling (Lattice::sample) scales the forward sums by theta a second time at each step; tokvec
// follows SentencePiece's Lattice::Sample, which draws exactly p(x) ∝ exp(alpha · score(x)).
// Like HuggingFace (and bpe.cc), tokenize remembers the tokens of short pieces: Metaspace makes
// every word a piece, words recur, and a hit costs a hash and a compare instead of a trie walk from
// every position. It holds no piece of more than 24 bytes (a word of up to 21 letters after "▁") and
// nothing whose tokens do not tile the piece, since a hit rebuilds spans from the tokens' ends.
// tokenize_ids (encodeIds) copies a hit's ids straight out of the cache, with no Token, as Bpe's does.
//
// The trie (byte_trie.h) is a double array, as SentencePiece's: a piece missing from the cache is
// one trie walk per character, one unit load per byte, and its loads (with the score each found
// piece reads from the packed scores_) are where tokenize spends its time. Scratch vectors are
// thread_local so a word costs no allocation.
