// ByteTrie: a read-only trie over byte strings, laid out as a double array (as Darts and
// SentencePiece lay out theirs), for the models whose encode loop walks the vocabulary one byte at
// a time (WordPiece's longest match, Unigram's pieces at a position). Node n's child along byte b
// is slot units_[n].base + b, if that slot's check names n; a walk costs one load per byte.
#pragma once

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

  ByteTrie();

  // The trie of the distinct non-empty `keys`, key i with value i (an empty key is no key; fewer
  // than 2^24 keys). Faster than a Builder (no list per node) for vocabularies of hundreds of
  // thousands of keys.
  static ByteTrie from_keys(const std::vector<std::string_view>& keys);

  // The child of `node` along `label`, or kNone. Defined here so that the models' encode loops
  // inline it (even at -Os): it is most of their time. Every base + 255 is a slot (finish pads the array), so
  // the lookup needs no bounds check.
  [[gnu::always_inline]] uint32_t child(uint32_t node, uint8_t label) const {
    const uint32_t slot = units_[node].base + label;
    return units_[slot].check == node ? slot : kNone;
  }

  // The value of the key that ends at `node`, or kNone.
  [[gnu::always_inline]] uint32_t value(uint32_t node) const { return units_[node].value; }

  // The value of `key`, the whole of it, or kNone. The walk stops at the first byte no key
  // continues with.
  [[gnu::always_inline]] uint32_t find(std::string_view key) const {
    uint32_t node = kRoot;
    for (size_t i = 0; i < key.size() && node != kNone; ++i) node = child(node, static_cast<uint8_t>(key[i]));
    return node == kNone ? kNone : value(node);
  }

 private:
  struct Unit {
    uint32_t base;   // first slot of the children (a leaf's 0: no slot below 256 names it)
    uint32_t check;  // the parent's slot, or kNone for a free slot (and the root)
    uint32_t value;
  };
  // The first base >= 1 whose slots for the sorted `labels` are all free (Builder::finish).
  uint32_t place(const uint8_t* labels, size_t count, size_t& next_check);
  // Drops the slots past the last base + 255.
  void trim();

  std::vector<Unit> units_;
};

}  // namespace tokvec
