#include "tokenizer/models/byte_trie.h"

#include <algorithm>

namespace tokvec {

void ByteTrie::Builder::insert(std::string_view key, uint32_t value) {
  uint32_t node = kRoot;
  for (const char c : key) {
    const uint8_t label = static_cast<uint8_t>(c);
    auto& list = children_[node];
    auto it = std::find_if(list.begin(), list.end(), [&](const auto& e) { return e.first == label; });
    if (it != list.end()) {
      node = it->second;
      continue;
    }
    const uint32_t next = static_cast<uint32_t>(children_.size());
    list.emplace_back(label, next);
    children_.emplace_back();
    values_.push_back(kNone);
    node = next;
  }
  values_[node] = value;
}

ByteTrie ByteTrie::Builder::finish() {
  ByteTrie trie;
  trie.first_child_.assign(children_.size() + 1, 0);
  for (size_t node = 0; node < children_.size(); ++node) {
    auto& list = children_[node];
    std::sort(list.begin(), list.end());
    trie.first_child_[node] = static_cast<uint32_t>(trie.labels_.size());
    for (const auto& [label, target] : list) {
      trie.labels_.push_back(label);
      trie.targets_.push_back(target);
    }
  }
  trie.first_child_[children_.size()] = static_cast<uint32_t>(trie.labels_.size());
  for (const auto& [label, target] : children_[kRoot]) trie.root_[label] = target;
  trie.values_ = std::move(values_);
  *this = Builder();
  return trie;
}

}  // namespace tokvec
