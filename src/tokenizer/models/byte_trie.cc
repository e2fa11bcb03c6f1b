#include "tokenizer/models/byte_trie.h"

#include <algorithm>

namespace tokvec {

namespace {

constexpr size_t kLabels = 256;

}  // namespace

ByteTrie::ByteTrie() : units_(1 + kLabels, Unit{0, kNone, kNone}) { units_[kRoot].base = 1; }

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

uint32_t ByteTrie::place(const uint8_t* labels, size_t count, size_t& next_check) {
  // The first base >= 1 whose slots for every label are free, trying the free slots in order for
  // the smallest label. The search starts at the first free slot, until the slots past it are
  // almost all taken (Darts' next_check_pos), so that a few holes no sibling set fits are not
  // searched again for every node.
  const uint32_t low = labels[0];
  uint32_t base = 0;
  const size_t start = std::max<size_t>(next_check, low + 1);
  size_t taken = 0, first_free = 0, p = start;
  for (;; ++p) {
    if (units_[p].check != kNone) {
      ++taken;
      continue;
    }
    if (first_free == 0) first_free = p;
    base = static_cast<uint32_t>(p - low);
    if (std::all_of(labels, labels + count, [&](uint8_t label) { return units_[base + label].check == kNone; })) break;
  }
  if (start == next_check) next_check = first_free;
  if (taken * 20 >= (p - start + 1) * 19) next_check = p;
  if (units_.size() < base + 2 * kLabels) units_.resize(std::max(units_.size() * 2, base + 2 * kLabels), Unit{0, kNone, kNone});
  return base;
}

ByteTrie ByteTrie::Builder::finish() {
  ByteTrie trie;
  std::vector<Unit>& units = trie.units_;
  units[kRoot].value = values_[kRoot];
  // Nodes are placed in the order insert made them, which puts a parent before its children and
  // reads children_ in order (its lists are scattered on the heap: a breadth-first order cost as
  // much again as the placement).
  std::vector<uint32_t> slot_of(children_.size(), kRoot);
  std::vector<uint8_t> labels;
  size_t next_check = 1;
  for (size_t node = 0; node < children_.size(); ++node) {
    const uint32_t slot = slot_of[node];
    auto& list = children_[node];
    if (list.empty()) continue;
    std::sort(list.begin(), list.end());
    labels.clear();
    for (const auto& child : list) labels.push_back(child.first);
    const uint32_t base = trie.place(labels.data(), labels.size(), next_check);
    units[slot].base = base;
    for (const auto& [label, target] : list) {
      units[base + label] = {0, slot, values_[target]};
      slot_of[target] = base + label;
    }
  }
  trie.trim();
  *this = Builder();
  return trie;
}

ByteTrie ByteTrie::from_keys(const std::vector<std::string_view>& keys) {
  ByteTrie trie;
  std::vector<uint32_t> order;
  for (uint32_t i = 0; i < keys.size(); ++i) {
    if (!keys[i].empty()) order.push_back(i);
  }
  // Depth first: a node is the keys order[begin, end) that share its first `depth` bytes. Its
  // children are their next bytes: sorted as byte << 24 | key (a plain sort of 32-bit words, which
  // the module already has, where sorting the keys as strings cost 2.3 KB gzipped), they come in
  // runs, one per child.
  struct Node {
    uint32_t slot, depth, begin, end;
  };
  std::vector<Node> stack{{kRoot, 0, 0, static_cast<uint32_t>(order.size())}};
  std::vector<uint8_t> labels;
  std::vector<uint32_t> runs;
  size_t next_check = 1;
  while (!stack.empty()) {
    Node node = stack.back();
    stack.pop_back();
    for (uint32_t i = node.begin; i < node.end; ++i) {
      if (keys[order[i]].size() == node.depth) {
        trie.units_[node.slot].value = order[i];
        std::swap(order[i], order[node.begin++]);
        break;
      }
    }
    if (node.begin == node.end) continue;
    for (uint32_t i = node.begin; i < node.end; ++i) {
      order[i] |= uint32_t{static_cast<uint8_t>(keys[order[i]][node.depth])} << 24;
    }
    std::sort(order.begin() + node.begin, order.begin() + node.end);
    labels.clear();
    runs.clear();
    for (uint32_t i = node.begin; i < node.end; ++i) {
      const auto label = static_cast<uint8_t>(order[i] >> 24);
      order[i] &= 0xFFFFFF;
      if (labels.empty() || labels.back() != label) {
        labels.push_back(label);
        runs.push_back(i);
      }
    }
    runs.push_back(node.end);
    const uint32_t base = trie.place(labels.data(), labels.size(), next_check);
    trie.units_[node.slot].base = base;
    for (size_t c = 0; c < labels.size(); ++c) {
      trie.units_[base + labels[c]] = {0, node.slot, kNone};
      stack.push_back({base + labels[c], node.depth + 1, runs[c], runs[c + 1]});
    }
  }
  trie.trim();
  return trie;
}

void ByteTrie::trim() {
  // Keep every base + 255 in range, and nothing more.
  uint32_t top = 0;
  for (const Unit& u : units_) top = std::max(top, u.base);
  units_.resize(top + kLabels);
  units_.shrink_to_fit();
}

}  // namespace tokvec

// Design notes
//
// The double array replaced a child list per node searched by bisection: on T5's vocabulary a
// Unigram walk made several dependent loads per byte (the node's list bounds, the labels, the
// target, the value), and the walk was most of encode. Here a byte costs one 12-byte unit, whose
// value sits beside the check that found it. Slots are placed greedily (the first base whose slots
// are all free), which leaves few holes: most nodes deep in a vocabulary trie have one child.
