// TokenizerTrainer: trains a whole tokenizer — normalizer and pre-tokenizer of a chosen style, a BPE
// or WordPiece model learned by BpeTrainer — and writes it as a tokenizer.json, the way
// HuggingFace's Tokenizer::train (tokenizers/src/tokenizer/mod.rs) feeds a trainer: each text is
// normalized and pre-tokenized, and every piece counts as one word.
//
// Styles (the pipeline HuggingFace's own ready-made tokenizers set up):
//   bpe, byte_level         GPT-2: ByteLevel pre-tokenizer (GPT-2 split pattern, or `pattern` then
//                           ByteLevel without its regex), ByteLevel post-processor and decoder;
//                           initial alphabet defaults to the 256 byte-level characters.
//   bpe, not byte_level     SentencePiece-style: NFKC, Metaspace ("▁", prepend always), Metaspace
//                           decoder; byte_fallback adds <0x00>..<0xFF> after the special tokens.
//   wordpiece               BERT: BertNormalizer, BertPreTokenizer, "##" prefix, WordPiece decoder,
//                           BertProcessing when [CLS] and [SEP] are special tokens.
//
// Use: construct from the options JSON, feed() texts, start(), step() until it returns true,
// then to_json(). Stepping in slices lets a caller report progress and stop between slices.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/stages.h"
#include "training/bpe_trainer.h"

namespace tokvec {

class TokenizerTrainer {
 public:
  // Options as JSON, with the JS API's names (vocabSize, minFrequency, specialTokens, ...); see
  // bindings/index.d.ts. Values are checked here; messages name the option.
  explicit TokenizerTrainer(std::string_view options_json);
  ~TokenizerTrainer();

  // Counts the words of one text.
  void feed(std::string_view text);
  // Ends counting: builds the alphabet and pair counts. Throws when vocabSize cannot even hold the
  // special tokens and the alphabet.
  void start();
  // Up to max_merges merges; true when training is finished.
  bool step(size_t max_merges);

  size_t merges_done() const { return bpe_.merges_done(); }
  size_t vocab_size() const { return bpe_.vocab().size(); }
  // Share of the merges to do (vocabSize - initial vocabulary) that are done; 1 when finished.
  double fraction() const;

  // The trained tokenizer as tokenizer.json text (HuggingFace's layout; vocab in id order).
  std::string to_json() const;

 private:
  class WordCounts;

  std::string model_;  // "bpe" | "wordpiece"
  bool byte_level_ = true;
  bool byte_fallback_ = false;
  bool lowercase_ = true;
  std::string pattern_;
  std::string unk_token_;
  std::vector<std::string> special_tokens_;
  std::string normalizer_json_;     // the stages as tokenizer.json text, for counting and output
  std::string pre_tokenizer_json_;
  std::unique_ptr<Normalizer> normalizer_;
  std::unique_ptr<PreTokenizer> pre_tokenizer_;
  std::unique_ptr<WordCounts> counts_;
  std::vector<Span> pieces_;
  BpeTrainer bpe_{BpeTrainerOptions{}};
  bool started_ = false;
};

}  // namespace tokvec
