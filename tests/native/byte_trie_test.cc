// ByteTrie (the double array under WordPiece and Unigram) against std::map: every key and every
// prefix of one walks to the value the map holds, and no walk leaves the keys' prefixes, over
// seeded random vocabularies of bytes that include NUL, 0x80 and 0xFF.
#include "tokenizer/models/byte_trie.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

namespace tokvec {
namespace {

// The node `key` walks to from the root, or kNone when it leaves the trie.
uint32_t walk(const ByteTrie& trie, const std::string& key) {
  uint32_t node = ByteTrie::kRoot;
  for (const char c : key) {
    node = trie.child(node, static_cast<uint8_t>(c));
    if (node == ByteTrie::kNone) break;
  }
  return node;
}

void expect_same_as_map(uint32_t seed, size_t keys, int alphabet) {
  std::mt19937 rng(seed);
  const auto byte = [&] {
    static constexpr uint8_t kEdges[] = {0x00, 0x01, 0x7F, 0x80, 0xC3, 0xE2, 0xFE, 0xFF};
    const int k = static_cast<int>(rng() % static_cast<uint32_t>(alphabet));
    return static_cast<char>(k < 8 ? kEdges[k] : 'a' + k - 8);
  };
  std::map<std::string, uint32_t> expected;
  ByteTrie::Builder builder;
  for (size_t i = 0; i < keys; ++i) {
    std::string key;
    for (size_t n = rng() % 9; n > 0; --n) key.push_back(byte());
    const uint32_t value = rng() % 1000;
    builder.insert(key, value);  // a key inserted again takes the later value, as in the map
    expected[key] = value;
  }
  const ByteTrie trie = builder.finish();
  for (const auto& [key, value] : expected) {
    for (size_t n = 0; n <= key.size(); ++n) {
      const std::string prefix = key.substr(0, n);
      const uint32_t node = walk(trie, prefix);
      ASSERT_NE(node, ByteTrie::kNone) << "seed " << seed << ": prefix of length " << n << " is lost";
      const auto it = expected.find(prefix);
      EXPECT_EQ(trie.value(node), it == expected.end() ? ByteTrie::kNone : it->second) << "seed " << seed;
    }
  }
  // Random strings: a walk that stays in the trie is a prefix of some key.
  for (int i = 0; i < 2000; ++i) {
    std::string probe;
    for (size_t n = rng() % 6 + 1; n > 0; --n) probe.push_back(byte());
    const uint32_t node = walk(trie, probe);
    const auto it = expected.lower_bound(probe);
    const bool is_prefix = it != expected.end() && it->first.compare(0, probe.size(), probe) == 0;
    EXPECT_EQ(node != ByteTrie::kNone, is_prefix) << "seed " << seed;
    if (node != ByteTrie::kNone) {
      const auto exact = expected.find(probe);
      EXPECT_EQ(trie.value(node), exact == expected.end() ? ByteTrie::kNone : exact->second);
    }
  }
}

TEST(ByteTrie, SmallAlphabetSeed1MatchesMap) { expect_same_as_map(1, 3000, 10); }
TEST(ByteTrie, WideAlphabetSeed2MatchesMap) { expect_same_as_map(2, 3000, 8 + 26); }
TEST(ByteTrie, FewKeysSeed3MatchesMap) { expect_same_as_map(3, 5, 12); }

TEST(ByteTrie, EmptyTrieHasNoChildren) {
  const ByteTrie trie = ByteTrie::Builder().finish();
  for (int b = 0; b < 256; ++b) EXPECT_EQ(trie.child(ByteTrie::kRoot, static_cast<uint8_t>(b)), ByteTrie::kNone);
  EXPECT_EQ(trie.value(ByteTrie::kRoot), ByteTrie::kNone);
  const ByteTrie unbuilt;
  EXPECT_EQ(unbuilt.child(ByteTrie::kRoot, 0xFF), ByteTrie::kNone);
}

TEST(ByteTrie, EmptyKeyIsTheRootsValue) {
  ByteTrie::Builder builder;
  builder.insert("", 7);
  builder.insert("a", 8);
  const ByteTrie trie = builder.finish();
  EXPECT_EQ(trie.value(ByteTrie::kRoot), 7u);
  EXPECT_EQ(trie.value(trie.child(ByteTrie::kRoot, 'a')), 8u);
}

}  // namespace
}  // namespace tokvec
