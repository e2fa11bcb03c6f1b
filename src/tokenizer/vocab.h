// Vocab: the two-way map between token strings and ids that most models share.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tokvec {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class Vocab {
 public:
  Vocab() = default;
  // Ids are positions in `tokens`; a duplicate token is an Error naming both ids.
  explicit Vocab(std::vector<std::string> tokens, std::string_view where = "vocab");

  uint32_t size() const { return static_cast<uint32_t>(tokens_.size()); }
  std::optional<uint32_t> find(std::string_view token) const {
    auto it = ids_.find(token);
    if (it == ids_.end()) return std::nullopt;
    return it->second;
  }
  const std::string& token(uint32_t id) const { return tokens_[id]; }

 private:
  std::vector<std::string> tokens_;
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> ids_;
};

}  // namespace tokvec
