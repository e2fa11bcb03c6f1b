// Unigram (tokenizer.json "Unigram"): the SentencePiece unigram language model as HuggingFace
// tokenizers' models/unigram/model.rs runs it. Each piece has a score (a log probability); a word
// becomes the segmentation with the highest total score (Viterbi over every way to cut it into
// vocabulary pieces). A character no piece starts with gets the unknown id at min_score - 10, runs
// of unknowns fuse into one token, and with byte_fallback an unknown run becomes <0xXX> byte
// tokens when the vocabulary has them all.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/json.h"
#include "tokenizer/models/byte_trie.h"
#include "tokenizer/models/lattice.h"
#include "tokenizer/stages.h"
#include "tokenizer/vocab.h"

namespace tokvec {

struct SentencePieceModel;

class Unigram final : public Model {
 public:
  struct Piece {
    std::string piece;
    double score = 0.0;
  };

  // Ids are positions in `pieces`. Requires a non-empty vocabulary, finite scores and
  // unk_id < pieces.size(). A piece listed twice keeps both ids; lookups by string find the later
  // one, as in HuggingFace. Without an unk_id a character no piece covers is an Error at encode.
  Unigram(std::vector<Piece> pieces, std::optional<uint32_t> unk_id, bool byte_fallback);

  // {"type": "Unigram", "unk_id": n | null, "vocab": [[piece, score], ...], "byte_fallback": b};
  // "type" may be absent (older files), "unk_id" and "byte_fallback" default to null and false.
  static std::unique_ptr<Unigram> from_json(const JsonView& model);

  // A SentencePiece .model whose trainer_spec.model_type is UNIGRAM, converted the way
  // HuggingFace's converters do: every piece with its score, trainer_spec.unk_id, byte_fallback.
  static std::unique_ptr<Unigram> from_sentencepiece(const SentencePieceModel& model);

  void tokenize(std::string_view word, std::vector<Token>& out) const override;
  // tokenize's ids; a piece in the cache costs no Token.
  void tokenize_ids(std::string_view text, const std::vector<Span>& pieces, std::vector<uint32_t>& ids) const override;
  uint32_t vocab_size() const override { return static_cast<uint32_t>(pieces_.size()); }
  std::string type_name() const override { return "Unigram"; }
  std::optional<uint32_t> token_to_id(std::string_view token) const override;
  std::string id_to_token(uint32_t id) const override { return pieces_[id].piece; }
  bool shows_covered_text(uint32_t id) const override { return unk_id_ && id == *unk_id_; }
  // On HuggingFace's lattice (populate_nodes), in double: scores are the pieces' and min_score - 10
  // for an unknown character. The chosen path's tokens are emitted as tokenize emits Viterbi's.
  void tokenize_nbest(std::string_view word, size_t n, std::vector<ScoredTokens>& out) const override;
  void tokenize_sample(std::string_view word, const SampleParams& params, SplitMix64& rng,
                       std::vector<Token>& out) const override;

  double score(uint32_t id) const { return pieces_[id].score; }
  double min_score() const { return min_score_; }
  std::optional<uint32_t> unk_id() const { return unk_id_; }
  bool byte_fallback() const { return byte_fallback_; }

 private:
  static constexpr uint32_t kNone = ByteTrie::kNone;
  static constexpr double kUnkPenalty = 10.0;

  // Appends the tokens of Viterbi's segmentation of a non-empty word (tokenize without the cache).
  void segment(std::string_view word, std::vector<Token>& out) const;
  // Appends the tokens of one run of text that is not a single known piece: its id when the
  // whole run is a piece, else its bytes as <0xXX> tokens (byte_fallback), else the unknown id.
  void push_unknown(std::string_view word, Span span, std::vector<Token>& out) const;
  // Every piece (and unknown character) of word as lattice nodes.
  void populate(std::string_view word, Lattice<double>& lattice) const;
  // Appends the tokens of a segmentation (in order), fusing runs of unknowns into one token.
  void emit(std::string_view word, const std::vector<Token>& path, std::vector<Token>& out) const;

  // Tells this model's entries in the per-thread cache of tokenized pieces from another model's
  // (one allocated where a destroyed model was included): serials are never reused.
  uint64_t serial_;
  std::vector<Piece> pieces_;
  std::vector<double> scores_;  // pieces_[id].score, packed: Viterbi reads one per piece it finds
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> ids_;
  std::optional<uint32_t> unk_id_;
  bool byte_fallback_;
  double min_score_;
  ByteTrie trie_;  // every piece to its id
  std::vector<uint32_t> byte_ids_;  // byte b -> id of "<0xBB>", or kNone
};

}  // namespace tokvec
