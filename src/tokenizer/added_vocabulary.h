// AddedVocabulary (tokenizer.json "added_tokens"): tokens cut out of the text before the
// pipeline runs, as HuggingFace's AddedVocabulary does:
//   1. tokens with normalized=false are matched in the raw text;
//   2. the remaining segments are normalized, then tokens with normalized=true are matched there.
// Matching is leftmost-longest; single_word requires no word character (\w) on either side;
// lstrip / rstrip widen the match over neighbouring whitespace.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tokenizer/normalized.h"
#include "tokenizer/stages.h"
#include "tokenizer/vocab.h"

namespace tokvec {

struct AddedToken {
  uint32_t id = 0;
  std::string content;
  bool single_word = false;
  bool lstrip = false;
  bool rstrip = false;
  bool normalized = true;
  bool special = false;
};

// What encode does with a special token found in the text (HuggingFace matches every added
// token; tiktoken matches only the allowed ones and refuses the disallowed ones).
enum class SpecialMode : uint8_t { kText, kMatch, kError };

// A piece of the text after added tokens are cut out: either an added token (its id) or text
// for the pipeline, with its alignment to the source.
struct Segment {
  Normalized s;
  std::optional<uint32_t> added_id;
};

class AddedVocabulary {
 public:
  AddedVocabulary() = default;
  // `normalizer` normalizes the content of tokens with normalized=true, as HuggingFace does when
  // it builds its second matcher. Duplicate ids or contents are errors.
  AddedVocabulary(std::vector<AddedToken> tokens, const Normalizer& normalizer);

  bool empty() const { return tokens_.empty(); }
  // True when some token is matched in normalized text (normalized=true).
  bool matches_normalized() const { return !normalized_trie_.empty(); }
  const std::vector<AddedToken>& tokens() const { return tokens_; }
  std::optional<uint32_t> token_to_id(std::string_view content) const;
  // The token with this id, if it is an added token.
  const AddedToken* find(uint32_t id) const;
  bool is_special(uint32_t id) const {
    const AddedToken* t = find(id);
    return t && t->special;
  }

  // Splits `text` into segments, normalizing the text segments with `normalizer`. `modes` gives
  // the mode of each special token by its index in tokens() (non-special tokens always match);
  // empty means all match. A token in kError mode found in the text throws, naming it.
  std::vector<Segment> split(std::string_view text, const Normalizer& normalizer,
                             const std::vector<SpecialMode>& modes) const;

 private:
  // A byte trie over token contents, for leftmost-longest matching.
  struct Trie {
    struct Node {
      std::vector<std::pair<uint8_t, uint32_t>> children;  // sorted by byte
      int32_t token = -1;                                  // index into tokens_ ending here
    };
    std::vector<Node> nodes{Node{}};
    bool first_byte[256] = {};

    void insert(std::string_view key, int32_t token);
    bool empty() const { return nodes.size() == 1; }
    // Longest token (index) starting at text[pos] that `accept` allows, and its length.
    template <class Accept>
    std::optional<std::pair<int32_t, size_t>> longest_at(std::string_view text, size_t pos, Accept&& accept) const;
  };

  void find_matches(const Normalized& s, const Trie& trie, const std::vector<SpecialMode>& modes,
                    std::vector<Segment>& out) const;
  // False when no special token in kError mode occurs in `text`; true when one may.
  bool may_contain_refused(std::string_view text, const std::vector<SpecialMode>& modes) const;

  std::vector<AddedToken> tokens_;
  std::unordered_map<uint32_t, uint32_t> index_by_id_;
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> index_by_content_;
  Trie raw_trie_;         // normalized=false tokens, matched in the source text
  Trie normalized_trie_;  // normalized=true tokens, matched after normalization
};

}  // namespace tokvec
