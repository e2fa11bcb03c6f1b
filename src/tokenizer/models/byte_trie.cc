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

ByteTrie ByteTrie::Builder::finish() {
  ByteTrie trie;
  std::vector<Unit>& units = trie.units_;
  units[kRoot].value = values_[kRoot];
  // Nodes are placed in the order insert made them, which puts a parent before its children and
  // reads children_ in order (its lists are scattered on the heap: a breadth-first order cost as
  // much again as the placement).
  std::vector<uint32_t> slot_of(children_.size(), kRoot);
  // Where the search for a base starts: the first free slot, until the slots past it are almost
  // all taken (Darts' next_check_pos), so that a few holes no sibling set fits are not searched
  // again for every node.
  size_t next_check = 1;
  for (size_t node = 0; node < children_.size(); ++node) {
    const uint32_t slot = slot_of[node];
    auto& list = children_[node];
    if (list.empty()) continue;
    std::sort(list.begin(), list.end());
    // The first base >= 1 whose slots for every label are free, trying the free slots in order
    // for the smallest label.
    const uint32_t low = list.front().first;
    uint32_t base = 0;
    const size_t start = std::max<size_t>(next_check, low + 1);
    size_t taken = 0, first_free = 0, p = start;
    for (;; ++p) {
      if (units[p].check != kNone) {
        ++taken;
        continue;
      }
      if (first_free == 0) first_free = p;
      base = static_cast<uint32_t>(p - low);
      if (std::all_of(list.begin(), list.end(), [&](const auto& e) { return units[base + e.first].check == kNone; })) break;
    }
    if (start == next_check) next_check = first_free;
    if (taken * 20 >= (p - start + 1) * 19) next_check = p;
    units[slot].base = base;
    if (units.size() < base + 2 * kLabels) units.resize(std::max(units.size() * 2, base + 2 * kLabels), Unit{0, kNone, kNone});
    for (const auto& [label, target] : list) {
      units[base + label] = {0, slot, values_[target]};
      slot_of[target] = base + label;
    }
  }
  // Keep every base + 255 in range, and nothing more.
  uint32_t top = 0;
  for (const Unit& u : units) top = std::max(top, u.base);
  units.resize(top + kLabels);
  units.shrink_to_fit();
  *this = Builder();
  return trie;
}

}  // namespace tokvec

// Design notes
//
// The double array replaced a child list per node searched by bisection: on T5's vocabulary a
// Unigram walk made several dependent loads per byte (the node's list bounds, the labels, the
// target, the value), and the walk was most of encode. Here a byte costs one 12-byte unit, whose
// value sits beside the check that found it. Slots are placed greedily (the first base whose slots
// are all free), which leaves few holes: most nodes deep in a vocabulary trie have one child.
