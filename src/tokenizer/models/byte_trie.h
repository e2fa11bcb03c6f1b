// ByteTrie: a read-only trie over byte strings, flattened into arrays, for the models whose encode
// loop walks the vocabulary one byte at a time (WordPiece's longest match, Unigram's pieces at a
// position). Node n's children are labels_/targets_ in [first_child_[n], first_child_[n + 1]),
// sorted by label; the root's are also in a 256-entry table, since every walk starts there.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace tokvec {

class ByteTrie {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;
  static constexpr uint32_t kRoot = 0;

  // Collects keys, then lays them out as a ByteTrie.
  class Builder {
   public:
    // Key `key` ends at a node whose value is `value`; inserting a key again replaces its value.
    void insert(std::string_view key, uint32_t value);
    ByteTrie finish();

   private:
    std::vector<std::vector<std::pair<uint8_t, uint32_t>>> children_{1};  // unsorted, per node
    std::vector<uint32_t> values_{kNone};
  };

  ByteTrie() { root_.fill(kNone); }

  // The child of `node` along `label`, or kNone. Defined here so that the models' encode loops
  // inline it: it is most of their time.
  uint32_t child(uint32_t node, uint8_t label) const {
    if (node == kRoot) return root_[label];
    // Binary search on raw pointers: std::lower_bound over vector iterators is not inlined in the
    // wasm build and was a tenth of T5's encode time.
    const uint8_t* labels = labels_.data();
    const uint32_t end = first_child_[node + 1];
    uint32_t low = first_child_[node], high = end;
    while (low < high) {
      const uint32_t mid = (low + high) / 2;
      if (labels[mid] < label) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low < end && labels[low] == label ? targets_[low] : kNone;
  }

  // The value of the key that ends at `node`, or kNone.
  uint32_t value(uint32_t node) const { return values_[node]; }

 private:
  std::vector<uint32_t> first_child_{0, 0};
  std::vector<uint8_t> labels_;
  std::vector<uint32_t> targets_;
  std::vector<uint32_t> values_{kNone};
  std::array<uint32_t, 256> root_;
};

}  // namespace tokvec
