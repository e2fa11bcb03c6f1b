#include "tokenizer/models/vocab_json.h"

#include <string>
#include <vector>

namespace tokvec {

Vocab vocab_from_json(const JsonView& vocab) {
  if (!vocab.is_object()) vocab.fail(std::string("expected an object of token: id, got ") + JsonView::type_name(vocab.raw()));
  const size_t count = vocab.size();
  std::vector<std::string> tokens(count);
  std::vector<bool> seen(count, false);
  vocab.for_each_member([&](const std::string& token, const JsonView& id_json) {
    const uint32_t id = id_json.as_u32();
    if (id >= count) {
      id_json.fail(message({"id ", id, " is out of range: the ", count, " tokens must have ids 0 to ", count - 1}),
                   ErrorCode::kUnsupported);
    }
    if (seen[id]) {
      id_json.fail(message({"id ", id, " is also the id of \"", tokens[id], "\""}), ErrorCode::kUnsupported);
    }
    seen[id] = true;
    tokens[id] = token;
  });
  return Vocab(std::move(tokens), vocab.location());
}

}  // namespace tokvec
