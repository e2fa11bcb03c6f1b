#include "tokenizer/models/sentencepiece.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <cstring>
#include <queue>

#include "core/cold.h"
#include "core/error.h"
#include "core/utf8.h"

namespace tokvec {

namespace {

constexpr std::string_view kSpaceSymbol = "\xE2\x96\x81";  // U+2581 '▁'
constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";
constexpr float kUnkPenalty = 10.0f;

// Length of the UTF-8 character at the start of `text`, 0 when it is malformed (SentencePiece
// then consumes one byte as U+FFFD).
size_t valid_char_length(std::string_view text) {
  const size_t n = utf8::sequence_length(static_cast<uint8_t>(text[0]));
  if (n == 0 || n > text.size()) return 0;
  return utf8::is_valid(text.substr(0, n)) ? n : 0;
}

// SentencePiece's OneCharLen: the length the lead byte announces, whatever follows.
size_t one_char_length(std::string_view text) {
  static constexpr uint8_t kLengths[16] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4};
  return std::min<size_t>(kLengths[static_cast<uint8_t>(text[0]) >> 4], text.size());
}

}  // namespace

// Constructors run once per load: built for size (core/cold.h).
TOKVEC_COLD_BEGIN
UserDefinedPieces::UserDefinedPieces(const SentencePieceModel& model) {
  for (const auto& p : model.pieces) {
    if (p.type != SentencePieceModel::PieceType::kUserDefined) continue;
    pieces_.insert(p.piece);
    max_length_ = std::max(max_length_, p.piece.size());
  }
}
TOKVEC_COLD_END

size_t UserDefinedPieces::match(std::string_view text) const {
  for (size_t n = std::min(max_length_, text.size()); n > 0; --n) {
    if (pieces_.count(std::string(text.substr(0, n)))) return n;
  }
  return 0;
}

TOKVEC_COLD_BEGIN
SentencePieceNormalizer::SentencePieceNormalizer(const SentencePieceModel& model)
    : spec_(model.normalizer), whitespace_as_suffix_(model.treat_whitespace_as_suffix), user_defined_(model) {
  const std::string& blob = spec_.precompiled_charsmap;
  if (blob.empty()) return;
  uint32_t trie_bytes = 0;
  if (blob.size() < 4) {
    throw_error(ErrorCode::kParse, {model.where, ": normalizer_spec.precompiled_charsmap has ", blob.size(),
                                    " bytes, too short for its header"});
  }
  std::memcpy(&trie_bytes, blob.data(), 4);
  if (trie_bytes % 4 != 0 || trie_bytes > blob.size() - 4) {
    throw_error(ErrorCode::kParse, {model.where, ": normalizer_spec.precompiled_charsmap: trie size ", trie_bytes,
                                    " does not fit its ", blob.size(), " bytes"});
  }
  trie_.resize(trie_bytes / 4);
  std::memcpy(trie_.data(), blob.data() + 4, trie_bytes);
  replacements_ = blob.substr(4 + trie_bytes);
}
TOKVEC_COLD_END

std::pair<std::string_view, size_t> SentencePieceNormalizer::normalize_prefix(std::string_view input) const {
  if (const size_t n = user_defined_.match(input)) return {input.substr(0, n), n};
  // Darts-clone commonPrefixSearch; the longest key wins.
  size_t longest = 0;
  uint32_t value = 0;
  if (!trie_.empty()) {
    auto offset = [](uint32_t unit) { return (unit >> 10) << ((unit & (1u << 9)) >> 6); };
    size_t node = offset(trie_[0]);
    for (size_t i = 0; i < input.size(); ++i) {
      const uint8_t c = static_cast<uint8_t>(input[i]);
      node ^= c;
      if (node >= trie_.size()) break;
      const uint32_t unit = trie_[node];
      if ((unit & ((1u << 31) | 0xFF)) != c) break;
      node ^= offset(unit);
      if (node >= trie_.size()) break;
      if ((unit >> 8) & 1) {
        longest = i + 1;
        value = trie_[node] & ((1u << 31) - 1);
      }
    }
  }
  if (longest > 0 && value < replacements_.size()) {
    return {std::string_view(replacements_.c_str() + value), longest};
  }
  const size_t n = valid_char_length(input);
  if (n == 0) return {kReplacementChar, 1};
  return {input.substr(0, n), n};
}

void SentencePieceNormalizer::normalize(Normalized& s) const {
  if (s.text.empty()) return;
  s.make_alignment_explicit();
  const std::string source = std::move(s.text);
  const std::vector<Span> source_spans = std::move(s.to_source);
  std::string out;
  std::vector<Span> to_source;
  auto span_of = [&](size_t begin, size_t end) -> Span {
    if (begin >= end) {
      const uint32_t at = begin < source_spans.size() ? source_spans[begin].start : source_spans.back().end;
      return {at, at};
    }
    return {source_spans[begin].start, source_spans[end - 1].end};
  };
  std::string_view input = source;
  size_t consumed = 0;
  if (spec_.remove_extra_whitespaces) {
    while (!input.empty()) {
      const auto [text, length] = normalize_prefix(input);
      if (text != " ") break;
      input.remove_prefix(length);
      consumed += length;
    }
  }
  if (input.empty()) {
    s.text.clear();
    s.to_source.clear();
    return;
  }
  auto add_space = [&](Span at) {
    const std::string_view space = spec_.escape_whitespaces ? kSpaceSymbol : std::string_view(" ");
    out += space;
    to_source.insert(to_source.end(), space.size(), at);
  };
  if (!whitespace_as_suffix_ && spec_.add_dummy_prefix) add_space(span_of(consumed, consumed));
  bool prev_space = spec_.remove_extra_whitespaces;
  while (!input.empty()) {
    auto [text, length] = normalize_prefix(input);
    while (prev_space && !text.empty() && text[0] == ' ') text.remove_prefix(1);
    if (!text.empty()) {
      const Span at = span_of(consumed, consumed + length);
      for (const char c : text) {
        if (spec_.escape_whitespaces && c == ' ') {
          add_space(at);
        } else {
          out += c;
          to_source.push_back(at);
        }
      }
      prev_space = text.back() == ' ';
    }
    consumed += length;
    input.remove_prefix(length);
    if (!spec_.remove_extra_whitespaces) prev_space = false;
  }
  if (spec_.remove_extra_whitespaces) {
    const std::string_view space = spec_.escape_whitespaces ? kSpaceSymbol : std::string_view(" ");
    while (out.size() >= space.size() && std::string_view(out).substr(out.size() - space.size()) == space) {
      out.resize(out.size() - space.size());
      to_source.resize(out.size());
    }
  }
  if (whitespace_as_suffix_ && spec_.add_dummy_prefix) add_space(span_of(consumed, consumed));
  s.text = std::move(out);
  s.to_source = std::move(to_source);
}

TOKVEC_COLD_BEGIN
SentencePiece::SentencePiece(const SentencePieceModel& model)
    : pieces_(model.pieces), type_(model.model_type), byte_fallback_(model.byte_fallback), user_defined_(model) {
  using ModelType = SentencePieceModel::ModelType;
  if (type_ != ModelType::kUnigram && type_ != ModelType::kBpe) {
    throw Error(ErrorCode::kUnsupported, model.where + ": trainer_spec.model_type " +
                                             sentencepiece_model_type_name(type_) +
                                             " is not supported; expected UNIGRAM or BPE");
  }
  std::optional<uint32_t> unk;
  // SentencePiece's min_score_/max_score_ start at FLT_MAX and FLT_MIN (the smallest positive float).
  min_score_ = std::numeric_limits<float>::max();
  max_score_ = std::numeric_limits<float>::min();
  byte_ids_.assign(256, UINT32_MAX);
  for (uint32_t id = 0; id < pieces_.size(); ++id) {
    const auto& p = pieces_[id];
    all_ids_.emplace(p.piece, id);
    if (p.type == Type::kNormal || p.type == Type::kUserDefined || p.type == Type::kUnused) {
      max_piece_length_ = std::max(max_piece_length_, p.piece.size());
    }
    if (p.type == Type::kNormal) {
      min_score_ = std::min(min_score_, p.score);
      max_score_ = std::max(max_score_, p.score);
    }
    if (p.type == Type::kUnknown && !unk) unk = id;
    if (p.type == Type::kByte && p.piece.size() == 6 && p.piece.compare(0, 3, "<0x") == 0) {
      // Two hex digits, checked here: std::stoi would throw its own exception on "<0xZZ>" and
      // read "<0x-1>" as -1. SentencePiece likewise refuses a BYTE piece outside <0x00>…<0xFF>.
      const auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
      if (!hex(p.piece[3]) || !hex(p.piece[4]) || p.piece[5] != '>') {
        throw_error(ErrorCode::kParse, {model.where, ": pieces[", id, "]: byte piece \"", p.piece, "\" is not one of <0x00>…<0xFF>"});
      }
      byte_ids_[std::stoul(p.piece.substr(3, 2), nullptr, 16)] = id;
    }
  }
  if (!unk) throw Error(ErrorCode::kInvalidArgument, model.where + ": the model has no piece of type UNKNOWN");
  size_t slots = 16;
  while (slots < pieces_.size() * 2) slots *= 2;
  text_slots_.assign(slots, 0);
  text_mask_ = slots - 1;
  for (uint32_t id = 0; id < pieces_.size(); ++id) {
    const auto& p = pieces_[id];
    if (p.type != Type::kNormal && p.type != Type::kUserDefined && p.type != Type::kUnused) continue;
    // The first id of a piece listed twice wins, as SentencePiece's InsertIfNotPresent keeps it.
    if (text_piece(p.piece)) continue;
    size_t slot = std::hash<std::string_view>{}(p.piece) & text_mask_;
    while (text_slots_[slot] != 0) slot = (slot + 1) & text_mask_;
    text_slots_[slot] = id + 1;
  }
  unk_id_ = *unk;
  if (byte_fallback_ && std::count(byte_ids_.begin(), byte_ids_.end(), UINT32_MAX) != 0) {
    throw Error(ErrorCode::kInvalidArgument,
                model.where + ": trainer_spec.byte_fallback is true but the model lacks some of the 256 <0xNN> pieces");
  }
}
TOKVEC_COLD_END

std::optional<uint32_t> SentencePiece::token_to_id(std::string_view token) const {
  auto it = all_ids_.find(token);
  if (it == all_ids_.end()) return std::nullopt;
  return it->second;
}

std::optional<uint32_t> SentencePiece::text_piece(std::string_view text) const {
  for (size_t slot = std::hash<std::string_view>{}(text) & text_mask_;; slot = (slot + 1) & text_mask_) {
    const uint32_t entry = text_slots_[slot];
    if (entry == 0) return std::nullopt;
    if (pieces_[entry - 1].piece == text) return entry - 1;
  }
}

void SentencePiece::viterbi(std::string_view text, std::vector<Segment>& out) const {
  // unigram_model.cc EncodeOptimized: scores and sums in float, as SentencePiece keeps them, so
  // equal-scoring paths tie (and break) exactly as there: the first one found stays.
  struct Best {
    int id = -1;
    float score = 0;
    int start = -1;
  };
  const size_t size = text.size();
  std::vector<Best> best(size + 1);
  const float unk_score = min_score_ - kUnkPenalty;
  for (size_t start = 0; start < size;) {
    const float base = best[start].score;
    const size_t char_length = one_char_length(text.substr(start));
    bool has_single = false;
    const size_t limit = std::min(size, start + max_piece_length_);
    for (size_t end = start + 1; end <= limit; ++end) {
      const auto id = text_piece(text.substr(start, end - start));
      if (!id || pieces_[*id].type == Type::kUnused) continue;
      const size_t length = end - start;
      float candidate;
      if (pieces_[*id].type == Type::kUserDefined) {
        // A user-defined piece gets a bonus so it is always chosen; the sum is taken in double
        // there (0.1 is a double) and stored back as float.
        candidate = static_cast<float>((static_cast<float>(length) * max_score_ - 0.1) + base);
      } else {
        candidate = pieces_[*id].score + base;
      }
      Best& target = best[end];
      if (target.start == -1 || candidate > target.score) target = {static_cast<int>(*id), candidate, static_cast<int>(start)};
      if (length == char_length) has_single = true;
    }
    if (!has_single) {
      Best& target = best[start + char_length];
      const float candidate = unk_score + base;
      if (target.start == -1 || candidate > target.score) {
        target = {static_cast<int>(unk_id_), candidate, static_cast<int>(start)};
      }
    }
    start += char_length;
  }
  const size_t first = out.size();
  for (size_t end = size; end > 0;) {
    const Best& b = best[end];
    out.push_back({{static_cast<uint32_t>(b.start), static_cast<uint32_t>(end)}, static_cast<uint32_t>(b.id)});
    end = static_cast<size_t>(b.start);
  }
  std::reverse(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
}

void SentencePiece::merge_by_score(std::string_view text, std::vector<Segment>& out) const {
  // bpe_model.cc Encode: a doubly linked list of symbols and an agenda of candidate pairs, best
  // score first, then the leftmost; an entry whose symbols have changed since is skipped.
  struct Symbol {
    int prev, next;
    bool frozen;
    uint32_t start, length;
  };
  struct Pair {
    int left, right;
    float score;
    uint32_t length;
  };
  auto worse = [](const Pair& a, const Pair& b) { return a.score < b.score || (a.score == b.score && a.left > b.left); };
  std::priority_queue<Pair, std::vector<Pair>, decltype(worse)> agenda(worse);
  std::vector<Symbol> symbols;
  for (size_t pos = 0; pos < text.size();) {
    size_t length = user_defined_.match(text.substr(pos));
    const bool frozen = length > 0;
    if (!frozen) length = one_char_length(text.substr(pos));
    const int index = static_cast<int>(symbols.size());
    symbols.push_back({index - 1, pos + length < text.size() ? index + 1 : -1, frozen, static_cast<uint32_t>(pos),
                       static_cast<uint32_t>(length)});
    pos += length;
  }
  auto add_pair = [&](int left, int right) {
    if (left < 0 || right < 0 || symbols[left].frozen || symbols[right].frozen) return;
    const uint32_t length = symbols[left].length + symbols[right].length;
    const auto id = text_piece(text.substr(symbols[left].start, length));
    if (!id) return;
    agenda.push({left, right, pieces_[*id].score, length});
  };
  for (size_t i = 1; i < symbols.size(); ++i) add_pair(static_cast<int>(i) - 1, static_cast<int>(i));
  while (!agenda.empty()) {
    const Pair top = agenda.top();
    agenda.pop();
    Symbol& left = symbols[top.left];
    Symbol& right = symbols[top.right];
    if (left.length == 0 || right.length == 0 || left.length + right.length != top.length) continue;
    left.length += right.length;
    left.next = right.next;
    if (right.next >= 0) symbols[right.next].prev = top.left;
    right.length = 0;
    add_pair(left.prev, top.left);
    add_pair(top.left, left.next);
  }
  // SentencePiece re-splits a merged UNUSED piece into the pair it came from; the trainer never
  // marks merge results unused, so a piece reaching here is looked up as it stands.
  for (int i = symbols.empty() ? -1 : 0; i != -1; i = symbols[i].next) {
    const Symbol& sym = symbols[i];
    const std::string_view piece = text.substr(sym.start, sym.length);
    auto id = text_piece(piece);
    if (!id) {
      auto any = all_ids_.find(piece);
      id = any != all_ids_.end() ? any->second : unk_id_;
    }
    out.push_back({{sym.start, sym.start + sym.length}, *id});
  }
}

void SentencePiece::tokenize(std::string_view text, std::vector<Token>& out) const {
  if (text.empty()) return;
  std::vector<Segment> segments;
  if (type_ == SentencePieceModel::ModelType::kUnigram) {
    viterbi(text, segments);
  } else {
    merge_by_score(text, segments);
  }
  emit(text, segments, out);
}

void SentencePiece::emit(std::string_view text, const std::vector<Segment>& segments, std::vector<Token>& out) const {
  // sentencepiece_processor.cc PopulateSentencePieceText: an unknown piece becomes its bytes with
  // byte_fallback — the last byte covers the character, the others are empty at its start (not
  // HuggingFace's convention, where every byte token covers the character) —; otherwise runs of
  // unknown pieces fuse into one.
  bool prev_unknown = false;
  for (const Segment& seg : segments) {
    const bool unknown = seg.id == unk_id_;
    if (unknown && byte_fallback_) {
      for (uint32_t i = seg.span.start; i < seg.span.end; ++i) {
        const Span span = i + 1 == seg.span.end ? seg.span : Span{seg.span.start, seg.span.start};
        out.push_back({byte_ids_[static_cast<uint8_t>(text[i])], span});
      }
    } else if (unknown && prev_unknown) {
      out.back().span.end = seg.span.end;
    } else {
      out.push_back({seg.id, seg.span});
    }
    prev_unknown = unknown;
  }
}

std::string SentencePiece::type_name() const {
  return std::string("SentencePiece ") + sentencepiece_model_type_name(type_);
}

void SentencePiece::check_unigram(const char* what) const {
  if (type_ != SentencePieceModel::ModelType::kUnigram) {
    throw Error(ErrorCode::kUnsupported, std::string(what) + " needs a Unigram model; this one is " + type_name());
  }
}

void SentencePiece::populate(std::string_view text, Lattice<float>& lattice) const {
  lattice.reset(static_cast<uint32_t>(text.size()));
  const float unk_score = min_score_ - kUnkPenalty;
  for (size_t start = 0; start < text.size();) {
    const size_t char_length = one_char_length(text.substr(start));
    bool has_single = false;
    const size_t limit = std::min(text.size(), start + max_piece_length_);
    size_t chars = 0;
    for (size_t end = start + 1; end <= limit; ++end) {
      const auto id = text_piece(text.substr(start, end - start));
      if (!id || pieces_[*id].type == Type::kUnused) continue;
      // A user-defined piece scores its length in characters times max_score, less 0.1 (double).
      if (pieces_[*id].type == Type::kUserDefined) {
        chars = 0;
        for (size_t i = start; i < end; i += one_char_length(text.substr(i))) ++chars;
      }
      const float score = pieces_[*id].type == Type::kUserDefined
                              ? static_cast<float>(static_cast<float>(chars) * max_score_ - 0.1)
                              : pieces_[*id].score;
      lattice.insert(static_cast<uint32_t>(start), static_cast<uint32_t>(end), *id, score);
      if (end - start == char_length) has_single = true;
    }
    if (!has_single) {
      lattice.insert(static_cast<uint32_t>(start), static_cast<uint32_t>(start + char_length), unk_id_, unk_score);
    }
    start += char_length;
  }
}

void SentencePiece::tokenize_nbest(std::string_view text, size_t n, std::vector<ScoredTokens>& out) const {
  check_unigram("encodeNBest: n-best");
  out.clear();
  if (text.empty()) {
    out.push_back({});
    return;
  }
  Lattice<float> lattice;
  populate(text, lattice);
  std::vector<Segment> segments;
  for (const auto& best : lattice.nbest(n)) {
    segments.clear();
    for (const uint32_t k : best.nodes) {
      const auto& node = lattice.node(k);
      segments.push_back({{node.start, node.end}, node.id});
    }
    out.push_back({{}, best.score});
    emit(text, segments, out.back().tokens);
  }
}

void SentencePiece::tokenize_sample(std::string_view text, const SampleParams& params, SplitMix64& rng,
                                    std::vector<Token>& out) const {
  check_unigram("encode: sample");
  if (text.empty()) return;
  if (params.nbest_size == 0 || params.nbest_size == 1) {
    tokenize(text, out);
    return;
  }
  if (params.nbest_size > 1) {
    sample_nbest(*this, text, static_cast<size_t>(params.nbest_size), params.alpha, rng, out);
    return;
  }
  Lattice<float> lattice;
  populate(text, lattice);
  std::vector<Segment> segments;
  for (const uint32_t k : lattice.sample(params.alpha, rng)) {
    const auto& node = lattice.node(k);
    segments.push_back({{node.start, node.end}, node.id});
  }
  emit(text, segments, out);
}

TOKVEC_COLD_BEGIN
SentencePieceDecoder::SentencePieceDecoder(const SentencePieceModel& model)
    : unk_surface_(model.unk_surface),
      strip_dummy_prefix_(model.normalizer.add_dummy_prefix || model.normalizer.remove_extra_whitespaces),
      remove_extra_whitespaces_(model.normalizer.remove_extra_whitespaces) {
  for (const auto& p : model.pieces) {
    if (p.type == SentencePieceModel::PieceType::kControl) control_.insert(p.piece);
    if (p.type == SentencePieceModel::PieceType::kUnknown) unk_piece_ = p.piece;
  }
}
TOKVEC_COLD_END

void SentencePieceDecoder::decode_chain(std::vector<std::string>& tokens) const {
  // sentencepiece_processor.cc Decode: byte pieces gather into UTF-8 (a malformed byte becomes
  // U+FFFD); leading '▁' is dropped while nothing has been written (once, when spaces are kept).
  std::string text;
  std::string bytes;
  bool bos_space_seen = false;
  auto flush_bytes = [&] {
    text += utf8::to_valid(bytes);
    bytes.clear();
  };
  for (const std::string& token : tokens) {
    if (token.size() == 6 && token.compare(0, 3, "<0x") == 0 && token.back() == '>' &&
        std::isxdigit(static_cast<unsigned char>(token[3])) && std::isxdigit(static_cast<unsigned char>(token[4]))) {
      bytes += static_cast<char>(std::stoi(token.substr(3, 2), nullptr, 16));
      continue;
    }
    flush_bytes();
    const bool at_start = !bos_space_seen && text.empty();
    if (control_.count(token)) continue;
    if (token == unk_piece_) {
      text += unk_surface_;
      continue;
    }
    std::string_view piece = token;
    if (at_start && strip_dummy_prefix_ && piece.substr(0, kSpaceSymbol.size()) == kSpaceSymbol) {
      piece.remove_prefix(kSpaceSymbol.size());
      if (!remove_extra_whitespaces_) bos_space_seen = true;
    }
    for (size_t i = 0; i < piece.size();) {
      if (piece.substr(i, kSpaceSymbol.size()) == kSpaceSymbol) {
        text += ' ';
        i += kSpaceSymbol.size();
      } else {
        text += piece[i++];
      }
    }
  }
  flush_bytes();
  tokens.assign(1, std::move(text));
}

}  // namespace tokvec

// Design notes
//
// The Unigram lattice looks pieces up by hashing every substring up to the longest piece rather
// than walking a trie; SentencePiece's double-array trie is faster, and the existing Unigram's trie
// could be shared if this path gets hot. What matters here is SentencePiece's arithmetic: float
// sums, and a user-defined piece's bonus computed in double.
