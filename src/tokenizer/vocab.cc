#include "tokenizer/vocab.h"

#include "core/error.h"
#include "core/limits.h"

namespace tokvec {

Vocab::Vocab(std::vector<std::string> tokens, std::string_view where) : tokens_(std::move(tokens)) {
  check_vocab_size(std::string(where), tokens_.size());
  ids_.reserve(tokens_.size());
  for (uint32_t id = 0; id < tokens_.size(); ++id) {
    auto [it, inserted] = ids_.emplace(tokens_[id], id);
    if (!inserted) {
      throw_error(ErrorCode::kInvalidArgument, {where, ": token \"", tokens_[id], "\" appears twice (ids ", it->second, " and ", id, ")"});
    }
  }
}

}  // namespace tokvec
