// A SentencePiece .model run as SentencePiece itself runs it (google/sentencepiece
// src/normalizer.cc, unigram_model.cc EncodeOptimized, bpe_model.cc Encode,
// sentencepiece_processor.cc), for Tokenizer.fromSentencePiece. Not a tokenizer.json component:
// HuggingFace's converters approximate these (a grapheme-wise Precompiled, merges derived from the
// vocabulary, per-word Viterbi in doubles); here the three stages keep SentencePiece's own rules.
//
//   SentencePieceNormalizer: the precompiled charsmap by longest match, user-defined pieces kept
//     verbatim, leading/trailing/repeated spaces removed, a dummy prefix, ' ' → '▁'.
//   SentencePiece (Model): the whole normalized text is one piece. UNIGRAM: Viterbi in float, a
//     user-defined piece scores length × max_score − 0.1, unused pieces never match, control and
//     unknown pieces are not in the trie. BPE: from characters (a user-defined piece is one frozen
//     symbol), repeatedly merge the adjacent pair whose concatenation is a piece with the highest
//     score, ties to the leftmost. Runs of unknown pieces fuse; with byte_fallback an unknown
//     piece becomes its <0xNN> bytes.
//   SentencePieceDecoder: control pieces vanish, <unk> shows as " ⁇ ", byte pieces join into
//     UTF-8, '▁' → ' ', and the dummy prefix's space is dropped from the start.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "tokenizer/loaders/sentencepiece_model.h"
#include "tokenizer/models/lattice.h"
#include "tokenizer/stages.h"
#include "tokenizer/vocab.h"

namespace tokvec {

// The user-defined pieces of a model, found by longest prefix (SentencePiece's PrefixMatcher).
class UserDefinedPieces {
 public:
  explicit UserDefinedPieces(const SentencePieceModel& model);
  // Length of the longest user-defined piece that `text` starts with, or 0.
  size_t match(std::string_view text) const;

 private:
  std::unordered_set<std::string> pieces_;
  size_t max_length_ = 0;
};

class SentencePieceNormalizer final : public Normalizer {
 public:
  // Throws tokvec::Error naming model.where when the charsmap header is malformed.
  explicit SentencePieceNormalizer(const SentencePieceModel& model);
  void normalize(Normalized& s) const override;

 private:
  // The replacement and the number of input bytes consumed at the start of `input`.
  std::pair<std::string_view, size_t> normalize_prefix(std::string_view input) const;

  SentencePieceModel::Normalizer spec_;
  bool whitespace_as_suffix_;
  UserDefinedPieces user_defined_;
  std::vector<uint32_t> trie_;  // Darts double-array units
  std::string replacements_;    // '\0'-terminated strings the trie values point into
};

class SentencePiece final : public Model {
 public:
  // A UNIGRAM or BPE model; WORD and CHAR are Errors naming the type. Needs an unknown piece.
  explicit SentencePiece(const SentencePieceModel& model);

  void tokenize(std::string_view text, std::vector<Token>& out) const override;
  uint32_t vocab_size() const override { return static_cast<uint32_t>(pieces_.size()); }
  std::optional<uint32_t> token_to_id(std::string_view token) const override;
  std::string id_to_token(uint32_t id) const override { return pieces_[id].piece; }
  // As encode(text, out_type=str): an unknown piece is the text it covers.
  bool shows_covered_text(uint32_t id) const override { return id == unk_id_; }
  std::string type_name() const override;
  // UNIGRAM only (a BPE model throws kUnsupported): unigram_model.cc's Lattice::NBest and
  // SentencePieceProcessor::NBestEncode / SampleEncode on PopulateNodes' lattice, in float.
  void tokenize_nbest(std::string_view text, size_t n, std::vector<ScoredTokens>& out) const override;
  void tokenize_sample(std::string_view text, const SampleParams& params, SplitMix64& rng,
                       std::vector<Token>& out) const override;

 private:
  using Type = SentencePieceModel::PieceType;
  // (normalized span, id) of the model's own segmentation, before unknowns fuse or fall back.
  struct Segment {
    Span span;
    uint32_t id;
  };
  void viterbi(std::string_view text, std::vector<Segment>& out) const;
  void merge_by_score(std::string_view text, std::vector<Segment>& out) const;
  // unigram_model.cc PopulateNodes: every matchable piece at every character, an unknown node
  // where no one-character piece starts.
  void populate(std::string_view text, Lattice<float>& lattice) const;
  // PopulateSentencePieceText's rules: unknown runs fuse, or become bytes with byte_fallback.
  void emit(std::string_view text, const std::vector<Segment>& segments, std::vector<Token>& out) const;
  void check_unigram(const char* what) const;
  // A piece matched in text: NORMAL, USER_DEFINED or UNUSED (SentencePiece's pieces_).
  std::optional<uint32_t> text_piece(std::string_view text) const;

  std::vector<SentencePieceModel::Piece> pieces_;
  SentencePieceModel::ModelType type_;
  bool byte_fallback_;
  uint32_t unk_id_;
  float min_score_, max_score_;
  // Matchable pieces, open addressing: slot holds id + 1 (0 = empty), linear probing. Every merge
  // and lattice step looks a string up here, so it is one flat array rather than a node-based map.
  std::vector<uint32_t> text_slots_;
  size_t text_mask_ = 0;
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> all_ids_;   // every piece
  size_t max_piece_length_ = 0;
  UserDefinedPieces user_defined_;
  std::vector<uint32_t> byte_ids_;  // byte → id of <0xNN>
};

class SentencePieceDecoder final : public Decoder {
 public:
  explicit SentencePieceDecoder(const SentencePieceModel& model);
  void decode_chain(std::vector<std::string>& tokens) const override;

 private:
  std::unordered_set<std::string> control_;
  std::string unk_piece_, unk_surface_;
  bool strip_dummy_prefix_;
  bool remove_extra_whitespaces_;
};

}  // namespace tokvec
