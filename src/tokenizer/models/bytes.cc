#include "tokenizer/models/bytes.h"

#include <cstdio>

#include "tokenizer/decoders/byte_fallback.h"

namespace tokvec {

void Bytes::tokenize(std::string_view piece, std::vector<Token>& out) const {
  for (uint32_t i = 0; i < piece.size(); ++i) {
    out.push_back({static_cast<unsigned char>(piece[i]), {i, i + 1}});
  }
}

std::optional<uint32_t> Bytes::token_to_id(std::string_view token) const {
  if (token.size() == 1 && token[0] >= 0x20 && token[0] <= 0x7E) return static_cast<uint32_t>(token[0]);
  if (auto byte = parse_byte_token(token)) return *byte;
  return std::nullopt;
}

std::string Bytes::id_to_token(uint32_t id) const {
  if (id >= 0x20 && id <= 0x7E) return std::string(1, static_cast<char>(id));
  char buf[8];
  std::snprintf(buf, sizeof buf, "<0x%02X>", id);
  return buf;
}

}  // namespace tokvec
