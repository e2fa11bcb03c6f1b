// Tokenizer: the assembled pipeline. Immutable after construction; encode and decode are const and
// keep their scratch state local, so one instance may serve many callers.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/encoding.h"
#include "tokenizer/stages.h"

namespace tokvec {

struct EncodeOptions {
  bool add_special_tokens = true;
};

struct Pipeline {
  std::unique_ptr<Normalizer> normalizer;      // null = identity
  std::unique_ptr<PreTokenizer> pre_tokenizer; // null = the whole text is one piece
  std::unique_ptr<Model> model;                // required
  std::unique_ptr<Decoder> decoder;            // null = join token strings with spaces (HuggingFace)
};

class Tokenizer {
 public:
  explicit Tokenizer(Pipeline pipeline);

  Encoding encode(std::string_view text, const EncodeOptions& options = {}) const;
  std::string decode(const uint32_t* ids, size_t count, bool skip_special_tokens = false) const;

  uint32_t vocab_size() const { return model_->vocab_size(); }
  std::optional<uint32_t> token_to_id(std::string_view token) const { return model_->token_to_id(token); }
  // Throws kOutOfRange naming the id and the vocabulary size.
  std::string id_to_token(uint32_t id) const;

 private:
  std::unique_ptr<Normalizer> normalizer_;
  std::unique_ptr<PreTokenizer> pre_tokenizer_;
  std::unique_ptr<Model> model_;
  std::unique_ptr<Decoder> decoder_;
};

}  // namespace tokvec
