// Encoding: what encode returns. Offsets are byte spans of the source text; the JS binding turns
// them into UTF-16 code units once, because that is how JavaScript indexes strings.
#pragma once

#include <cstdint>
#include <vector>

#include "core/span.h"

namespace tokvec {

struct Encoding {
  std::vector<uint32_t> ids;
  std::vector<Span> offsets;
  std::vector<uint8_t> special_tokens_mask;  // 1 where the token is a special token

  size_t size() const { return ids.size(); }
};

}  // namespace tokvec
