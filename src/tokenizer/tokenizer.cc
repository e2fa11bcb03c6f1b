#include "tokenizer/tokenizer.h"

#include "core/error.h"
#include "tokenizer/identity.h"

namespace tokvec {

Tokenizer::Tokenizer(Pipeline p)
    : normalizer_(p.normalizer ? std::move(p.normalizer) : std::make_unique<IdentityNormalizer>()),
      pre_tokenizer_(p.pre_tokenizer ? std::move(p.pre_tokenizer) : std::make_unique<IdentityPreTokenizer>()),
      model_(std::move(p.model)),
      decoder_(p.decoder ? std::move(p.decoder) : std::make_unique<SpaceJoinDecoder>()) {
  if (!model_) throw Error(ErrorCode::kInvalidArgument, "tokenizer: a model is required");
}

Encoding Tokenizer::encode(std::string_view text, const EncodeOptions& options) const {
  if (text.size() > UINT32_MAX - 1) {
    throw Error(ErrorCode::kLimit, "encode: text of " + std::to_string(text.size()) +
                                       " bytes exceeds the 4 GiB offset range");
  }
  Encoding encoding;
  Normalized s = Normalized::identity(text, 0);
  normalizer_->normalize(s);
  std::vector<Span> pieces;
  if (!s.text.empty()) pieces.push_back({0, static_cast<uint32_t>(s.text.size())});
  pre_tokenizer_->split(s, pieces);

  std::vector<Token> tokens;
  for (const Span& piece : pieces) {
    tokens.clear();
    model_->tokenize(std::string_view(s.text).substr(piece.start, piece.size()), tokens);
    for (const Token& t : tokens) {
      encoding.ids.push_back(t.id);
      encoding.offsets.push_back(s.source_span({piece.start + t.span.start, piece.start + t.span.end}));
    }
  }
  encoding.special_tokens_mask.assign(encoding.ids.size(), 0);
  return encoding;
}

std::string Tokenizer::id_to_token(uint32_t id) const {
  if (id >= model_->vocab_size()) {
    throw Error(ErrorCode::kOutOfRange, "id " + std::to_string(id) + " is out of range (vocab size " +
                                            std::to_string(model_->vocab_size()) + ")");
  }
  return model_->id_to_token(id);
}

std::string Tokenizer::decode(const uint32_t* ids, size_t count, bool skip_special_tokens) const {
  std::vector<std::string> tokens;
  tokens.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    if (ids[i] >= model_->vocab_size()) {
      throw Error(ErrorCode::kOutOfRange, "decode: ids[" + std::to_string(i) + "] = " + std::to_string(ids[i]) +
                                              " is out of range (vocab size " +
                                              std::to_string(model_->vocab_size()) + ")");
    }
    tokens.push_back(model_->id_to_token(ids[i]));
  }
  decoder_->decode_chain(tokens);
  std::string text;
  for (const std::string& t : tokens) text += t;
  return text;
}

}  // namespace tokvec
