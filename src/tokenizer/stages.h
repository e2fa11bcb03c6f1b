// The stages of the tokenizer pipeline, one small interface each, named as in tokenizer.json:
//
//   text → AddedVocabulary → Normalizer → PreTokenizer → Model → PostProcessor → Encoding
//   ids  → token strings → Decoder → text
//
// A tokenizer without a stage gets an identity object, so the pipeline never branches on nulls.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/function_ref.h"
#include "core/random.h"
#include "core/span.h"
#include "tokenizer/encoding.h"
#include "tokenizer/normalized.h"

namespace tokvec {

class BertNormalizer;
class ByteLevel;

class Normalizer {
 public:
  virtual ~Normalizer() = default;
  // Rewrites s.text in place, keeping s.to_source exact for every byte.
  virtual void normalize(Normalized& s) const = 0;
  // This stage when it is a BertNormalizer, for the tokenizer's fused BERT path (BertWords). A
  // virtual rather than dynamic_cast: the wasm build has no RTTI (size budget).
  virtual const BertNormalizer* bert_normalizer() const { return nullptr; }
};

class PreTokenizer {
 public:
  virtual ~PreTokenizer() = default;
  // Refines `pieces` (ordered spans into s.text) into finer ordered pieces. May rewrite s (as
  // Metaspace does) provided it keeps s.to_source exact and the pieces pointing into the new text.
  virtual void split(Normalized& s, std::vector<Span>& pieces) const = 0;
  // The ByteLevel stage in this one (itself, or inside a Sequence), for the loader and the
  // post-processor. A virtual rather than dynamic_cast: the wasm build has no RTTI (size budget).
  virtual const ByteLevel* byte_level() const { return nullptr; }
  // True for BertPreTokenizer, for the tokenizer's fused BERT path (BertWords).
  virtual bool is_bert() const { return false; }
};

// A token the model produced: its id and its byte span within the piece it came from.
struct Token {
  uint32_t id;
  Span span;
};

// Subword regularization (SentencePiece's SampleEncode): a segmentation drawn with probability
// proportional to exp(alpha · score). nbest_size < 0 draws from every segmentation, 0 and 1 give
// the best one, n > 1 draws among the n best.
struct SampleParams {
  double alpha = 0.1;
  int32_t nbest_size = -1;
  uint64_t seed = 0;
};

// One of a model's n best segmentations of a piece, with its total score.
struct ScoredTokens {
  std::vector<Token> tokens;
  double score = 0.0;
};

class Model {
 public:
  virtual ~Model() = default;
  // The model's tokenizer.json "type" (or what it is, for models no tokenizer.json names), for messages.
  virtual std::string type_name() const = 0;
  // Appends the tokens of one pre-tokenized piece.
  virtual void tokenize(std::string_view piece, std::vector<Token>& out) const = 0;
  // Appends the ids of the tokens of every piece of `text`, in order: tokenize's, which a model
  // may find faster knowing the pieces ahead.
  virtual void tokenize_ids(std::string_view text, const std::vector<Span>& pieces, std::vector<uint32_t>& ids) const;
  virtual uint32_t vocab_size() const = 0;
  virtual std::optional<uint32_t> token_to_id(std::string_view token) const = 0;
  // The token's string; requires id < vocab_size().
  virtual std::string id_to_token(uint32_t id) const = 0;
  // True when a token with this id, as tokenize produces it, is shown as the text it covers rather
  // than as id_to_token(id): HuggingFace's Unigram shows an unknown run as its own text.
  virtual bool shows_covered_text(uint32_t) const { return false; }

  // Unigram models only; the others throw kUnsupported naming their type. The n best
  // segmentations of one piece, best first (n >= 1).
  virtual void tokenize_nbest(std::string_view piece, size_t n, std::vector<ScoredTokens>& out) const;
  // Appends the tokens of one segmentation drawn as `params` say, from `rng`.
  virtual void tokenize_sample(std::string_view piece, const SampleParams& params, SplitMix64& rng,
                               std::vector<Token>& out) const;
};

// The token string of an id (added tokens included), for stages that look at token text.
using IdToToken = FunctionRef<std::string(uint32_t)>;

class PostProcessor {
 public:
  virtual ~PostProcessor() = default;
  // How many special tokens process_encodings adds to one sequence or to a pair.
  virtual size_t added_tokens(bool is_pair) const = 0;
  // HuggingFace's process_encodings: one encoding, or two for a pair, in; the parts to merge, in
  // order, out (the tokenizer merges them with Encoding::merge_with, overflowing pieces included).
  virtual void process_encodings(std::vector<Encoding>& encodings, bool add_special_tokens,
                                 const IdToToken& id_to_token) const = 0;
  // encodeIds's shortcut: the ids process_encodings, with add_special_tokens, gives one sequence
  // of these ids, without building the encoding's other fields. False, leaving ids alone, when
  // the processor cannot tell them apart from the rest.
  virtual bool add_special_ids(std::vector<uint32_t>&) const { return false; }
};

class Decoder {
 public:
  virtual ~Decoder() = default;
  // HuggingFace's decode_chain: rewrites the token strings; the text is their concatenation.
  virtual void decode_chain(std::vector<std::string>& tokens) const = 0;
  // True for the ByteLevel decoder and a Sequence holding one (see PreTokenizer::byte_level).
  virtual bool has_byte_level() const { return false; }
};

}  // namespace tokvec
