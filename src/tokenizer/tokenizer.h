// Tokenizer: the assembled pipeline. Immutable after construction; encode and decode are const and
// keep their scratch state local, so one instance may serve many callers.
//
//   text → AddedVocabulary (cut out added tokens, normalize the rest) → PreTokenizer → Model
//        → truncation → PostProcessor → padding → Encoding
//   ids → token strings (added tokens first) → Decoder → text
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/added_vocabulary.h"
#include "tokenizer/encoding.h"
#include "tokenizer/identity.h"
#include "tokenizer/pre_tokenizers/bert_words.h"
#include "tokenizer/stages.h"
#include "tokenizer/truncation.h"

namespace tokvec {

// Which policy decides, by default, what happens to special tokens written in the text.
enum class SpecialPolicy {
  kHuggingFace,  // every added token is matched (HuggingFace tokenizers)
  kTiktoken,     // none are allowed and all are disallowed: finding one is an error (tiktoken)
};

struct EncodeOptions {
  bool add_special_tokens = true;
  // Mode of each added token by its index in added_tokens(); empty = the tokenizer's default.
  std::vector<SpecialMode> special_modes;
  // Unset: the tokenizer's own (tokenizer.json's "truncation" / "padding"); set to nullopt: none.
  std::optional<std::optional<TruncationParams>> truncation;
  std::optional<std::optional<PaddingParams>> padding;
  // Subword regularization (Unigram models only): each sequence's segmentation is drawn from a
  // generator seeded with sample->seed and the sequence's index, so the same seed and text give
  // the same tokens.
  std::optional<SampleParams> sample;
};

// One of encode_nbest's results: the encoding and the model score of its segmentation.
struct ScoredEncoding {
  Encoding encoding;
  double score = 0.0;
};

// One input of encode_batch: a text, or a pair of texts.
struct EncodeInput {
  std::string_view text;
  std::optional<std::string_view> pair;
};

struct Pipeline {
  std::unique_ptr<Normalizer> normalizer;          // null = identity
  std::unique_ptr<PreTokenizer> pre_tokenizer;     // null = the whole text is one piece
  std::unique_ptr<Model> model;                    // required
  std::unique_ptr<PostProcessor> post_processor;   // null = sequences concatenated
  std::unique_ptr<Decoder> decoder;                // null = join token strings with spaces (HuggingFace)
  std::vector<AddedToken> added_tokens;
  SpecialPolicy special_policy = SpecialPolicy::kHuggingFace;
  std::optional<TruncationParams> truncation;
  std::optional<PaddingParams> padding;
};

class Tokenizer {
 public:
  explicit Tokenizer(Pipeline pipeline);

  Encoding encode(std::string_view text, const EncodeOptions& options = {}) const;
  // A pair of sequences (the post-processor's pair template); offsets of each token index its own text.
  Encoding encode_pair(std::string_view a, std::string_view b, const EncodeOptions& options = {}) const;
  // Each input encoded as encode / encode_pair do, then padded together (HuggingFace's
  // encode_batch: with BatchLongest padding every encoding gets the longest one's length).
  std::vector<Encoding> encode_batch(const std::vector<EncodeInput>& inputs, const EncodeOptions& options = {}) const;
  // The n best segmentations of text (Unigram models only, 1 <= n <= kMaxNBest), best first, each
  // through the rest of the pipeline (special tokens as options say; no truncation or padding).
  // Each pre-tokenized piece has its own n best; the results are the n best combinations, ties
  // in the order the pieces' lists give them. Other models throw kUnsupported naming their type.
  std::vector<ScoredEncoding> encode_nbest(std::string_view text, size_t n, const EncodeOptions& options = {}) const;
  static constexpr size_t kMaxNBest = 1024;  // SentencePiece's bound on nbest_size
  // Ids only: no offsets, no token strings — the fast path.
  void encode_ids(std::string_view text, const EncodeOptions& options, std::vector<uint32_t>& ids) const;

  // An id that names no token is an error naming its index and value.
  std::string decode(const uint32_t* ids, size_t count, bool skip_special_tokens = false) const;

  // One past the largest id (model or added token).
  uint32_t vocab_size() const { return vocab_size_; }
  std::optional<uint32_t> token_to_id(std::string_view token) const;
  // Throws kOutOfRange naming the id and the vocabulary size.
  std::string id_to_token(uint32_t id) const;
  const std::vector<AddedToken>& added_tokens() const { return added_.tokens(); }
  bool is_special(uint32_t id) const { return added_.is_special(id); }
  SpecialPolicy special_policy() const { return special_policy_; }
  const Model& model() const { return *model_; }
  // What tokenizer.json declared; encode applies them unless EncodeOptions overrides.
  const std::optional<TruncationParams>& truncation() const { return truncation_; }
  const std::optional<PaddingParams>& padding() const { return padding_; }

 private:
  // One sequence through the pipeline up to the model. With `limit`, only the pre-tokens that
  // reach limit->max_length tokens from the side truncation keeps are tokenized (HuggingFace's
  // tokenize_with_limit).
  // `segment`, when given, replaces model().tokenize for each piece.
  using Segmenter = std::function<void(std::string_view piece, std::vector<Token>& out)>;
  Encoding encode_sequence(std::string_view text, const EncodeOptions& options, uint32_t type_id, bool with_offsets,
                           const std::optional<TruncationParams>& limit, const Segmenter* segment = nullptr) const;
  // alpha finite and >= 0, nbest_size at most kMaxNBest.
  void check_sample(const SampleParams& params) const;
  // The truncation that limits tokenization of sequence type_id: HuggingFace limits every
  // sequence except the first under only_second.
  const std::optional<TruncationParams>& tokenize_limit(const EncodeOptions& options, uint32_t type_id) const;
  // HuggingFace's post_process: truncate (leaving room for the special tokens), add the special
  // tokens, merge a pair, then pad.
  Encoding post_process(std::vector<Encoding> encodings, const EncodeOptions& options) const;
  const std::optional<TruncationParams>& truncation_of(const EncodeOptions& options) const {
    return options.truncation ? *options.truncation : truncation_;
  }
  const std::optional<PaddingParams>& padding_of(const EncodeOptions& options) const {
    return options.padding ? *options.padding : padding_;
  }
  // The pad token's string, when it is not the pad id's vocabulary entry.
  std::optional<std::string> pad_text(const PaddingParams& params) const;
  const std::vector<SpecialMode>& modes(const EncodeOptions& options) const {
    return options.special_modes.empty() ? default_modes_ : options.special_modes;
  }
  std::optional<std::string> token_of(uint32_t id) const;
  // Cuts a text segment from AddedVocabulary::split into pieces; with bert_words_, split left the
  // segment unnormalized, and BertWords normalizes it (or, where it declines, the normalizer does);
  // for ids alone (!with_alignment) it need not keep the alignment.
  void pre_tokenize(Normalized& s, std::vector<Span>& pieces, bool with_alignment = true) const;

  std::unique_ptr<Normalizer> normalizer_;
  std::unique_ptr<PreTokenizer> pre_tokenizer_;
  // BertNormalizer + BertPreTokenizer in one pass, when those are the stages and no added token
  // is matched after normalization (then AddedVocabulary::split leaves the text to it).
  std::unique_ptr<BertWords> bert_words_;
  IdentityNormalizer unnormalized_;
  std::unique_ptr<Model> model_;
  std::unique_ptr<PostProcessor> post_processor_;
  std::unique_ptr<Decoder> decoder_;
  AddedVocabulary added_;
  SpecialPolicy special_policy_;
  std::vector<SpecialMode> default_modes_;
  uint32_t vocab_size_;
  std::optional<TruncationParams> truncation_;
  std::optional<PaddingParams> padding_;
};

// HuggingFace's DecodeStream: ids in one at a time, text out only once it is complete — a
// character split across tokens is held back until its last byte arrives, so streaming never
// shows a U+FFFD the full decode would not. Keeps a few ids of context, because decoders such as
// Metaspace and WordPiece depend on a token's neighbours.
class DecodeStream {
 public:
  DecodeStream(const Tokenizer& tokenizer, bool skip_special_tokens)
      : tokenizer_(&tokenizer), skip_special_tokens_(skip_special_tokens) {}
  // The text this id completes (often empty).
  std::string push(uint32_t id);
  // Whatever is held back, even if incomplete; the stream starts afresh.
  std::string flush();

 private:
  const Tokenizer* tokenizer_;
  bool skip_special_tokens_;
  std::vector<uint32_t> ids_;
  std::string prefix_;
  size_t prefix_index_ = 0;
};

}  // namespace tokvec
