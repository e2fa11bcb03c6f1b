// Building a Tokenizer from the files real models ship: HuggingFace tokenizer.json, tiktoken rank
// files (by encoding name or with a pattern of your own), and GPT-2's encoder.json + vocab.bpe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tokenizer/tokenizer.h"

namespace tokvec {

// A HuggingFace tokenizer.json. Every component is built by the factory of its stage; an
// unsupported type fails here, naming it and its JSON path. Special tokens follow HuggingFace:
// all added tokens in the text are matched. The "truncation" and "padding" it declares become the
// tokenizer's own, applied by encode unless EncodeOptions overrides them.
std::unique_ptr<Tokenizer> tokenizer_from_json(std::string_view json_text);

// One of tiktoken's named encodings (r50k_base, p50k_base, cl100k_base, o200k_base) from its
// .tiktoken rank file. Special tokens follow tiktoken: finding one in the text is an error unless
// the caller allows it (or asks for it to be encoded as text).
std::unique_ptr<Tokenizer> tokenizer_from_encoding(std::string_view name, std::string_view tiktoken_file);

// A .tiktoken rank file with the caller's split pattern and special tokens (tiktoken semantics).
std::unique_ptr<Tokenizer> tokenizer_from_tiktoken(std::string_view tiktoken_file, std::string_view pattern,
                                                   std::vector<std::pair<std::string, uint32_t>> special_tokens);

// GPT-2's original encoder.json + vocab.bpe, split with GPT-2's pattern (tiktoken's "gpt2").
std::unique_ptr<Tokenizer> tokenizer_from_gpt2_files(std::string_view encoder_json, std::string_view vocab_bpe);

// BERT's vocab.txt with BERT's pipeline, as HuggingFace's BertWordPieceTokenizer assembles it:
// BertNormalizer → BertPreTokenizer → WordPiece ("##", [UNK], 100 characters) → [CLS] A [SEP]
// (B [SEP]) → WordPiece decoder. The special tokens the vocabulary holds ([PAD] [UNK] [CLS] [SEP]
// [MASK]) are added tokens, matched in the text.
struct WordPieceVocabOptions {
  bool lowercase = true;
  std::optional<bool> strip_accents;  // unset: follow lowercase, as BERT does
  bool clean_text = true;
  bool handle_chinese_chars = true;
};
std::unique_ptr<Tokenizer> tokenizer_from_word_piece_vocab(std::string_view vocab_txt, const WordPieceVocabOptions& options);

// A SentencePiece .model (UNIGRAM or BPE) run as SentencePiece itself runs it: its normalizer
// (precompiled charsmap, extra whitespace removed, dummy prefix, '▁'), the model over the whole
// normalized text, unknowns fused or spelled as <0xNN> bytes (byte_fallback). With special tokens
// the BOS piece comes first, as SentencePiece's encode(text, add_bos=True) (Llama's behaviour);
// a pair is <s> A <s> B. Control pieces (<s>, </s>) are never matched in the text.
std::unique_ptr<Tokenizer> tokenizer_from_sentencepiece(std::string_view model_bytes,
                                                        std::string_view where = "tokenizer.model");

}  // namespace tokvec
