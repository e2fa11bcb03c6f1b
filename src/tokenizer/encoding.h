// Encoding: what encode returns. Offsets are byte spans of the source text; the JS binding turns
// them into UTF-16 code units once, because that is how JavaScript indexes strings.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/span.h"

namespace tokvec {

struct Encoding {
  std::vector<uint32_t> ids;
  std::vector<Span> offsets;
  std::vector<uint8_t> special_tokens_mask;  // 1 where a post-processor added the token
  std::vector<uint32_t> type_ids;            // segment ids (0 for the first sequence, 1 for the pair)
  // Tokens whose string is not their vocabulary entry, as (index, string), indices ascending: an
  // added token matched together with the spaces lstrip/rstrip took is reported, as HuggingFace
  // reports it, as the text it matched.
  std::vector<std::pair<uint32_t, std::string>> texts;

  size_t size() const { return ids.size(); }

  void push_back(uint32_t id, Span offset, uint8_t special = 0, uint32_t type_id = 0) {
    ids.push_back(id);
    offsets.push_back(offset);
    special_tokens_mask.push_back(special);
    type_ids.push_back(type_id);
  }

  void append(const Encoding& other) {
    for (const auto& [index, text] : other.texts) texts.emplace_back(static_cast<uint32_t>(ids.size()) + index, text);
    ids.insert(ids.end(), other.ids.begin(), other.ids.end());
    offsets.insert(offsets.end(), other.offsets.begin(), other.offsets.end());
    special_tokens_mask.insert(special_tokens_mask.end(), other.special_tokens_mask.begin(),
                               other.special_tokens_mask.end());
    type_ids.insert(type_ids.end(), other.type_ids.begin(), other.type_ids.end());
  }
};

}  // namespace tokvec
