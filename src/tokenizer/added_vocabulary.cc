#include "tokenizer/added_vocabulary.h"

#include <algorithm>
#include <cstring>

#include "core/cold.h"
#include "core/error.h"
#include "core/utf8.h"
#include "unicode/unicode.h"

namespace tokvec {

namespace {

bool word_char_ends(std::string_view text, size_t end) {
  if (end == 0) return false;
  size_t start = end - 1;
  while (start > 0 && (static_cast<uint8_t>(text[start]) & 0xC0) == 0x80) --start;
  size_t i = start;
  return unicode::is_word_char(utf8::decode(text.substr(0, end), i));
}

bool word_char_starts(std::string_view text, size_t start) {
  if (start >= text.size()) return false;
  size_t i = start;
  return unicode::is_word_char(utf8::decode(text, i));
}

// Start of the whitespace run that ends at `end` (HuggingFace: \s*$ on text[..end]).
size_t whitespace_run_before(std::string_view text, size_t end) {
  size_t start = end;
  while (start > 0) {
    size_t lead = start - 1;
    while (lead > 0 && (static_cast<uint8_t>(text[lead]) & 0xC0) == 0x80) --lead;
    size_t i = lead;
    if (!unicode::is_white_space(utf8::decode(text.substr(0, start), i))) break;
    start = lead;
  }
  return start;
}

// End of the whitespace run that starts at `start` (HuggingFace: ^\s* on text[start..]).
size_t whitespace_run_after(std::string_view text, size_t start) {
  size_t end = start;
  while (end < text.size()) {
    size_t i = end;
    if (!unicode::is_white_space(utf8::decode(text, i))) break;
    end = i;
  }
  return end;
}

}  // namespace

// Building the trie runs once per load: built for size (core/cold.h).
TOKVEC_COLD_BEGIN
void AddedVocabulary::Trie::insert(std::string_view key, int32_t token) {
  uint32_t node = 0;
  for (char c : key) {
    const auto b = static_cast<uint8_t>(c);
    auto& children = nodes[node].children;
    auto it = std::lower_bound(children.begin(), children.end(), std::make_pair(b, uint32_t{0}),
                               [](const auto& a, const auto& x) { return a.first < x.first; });
    if (it != children.end() && it->first == b) {
      node = it->second;
    } else {
      const auto child = static_cast<uint32_t>(nodes.size());
      children.insert(it, {b, child});
      nodes.emplace_back();
      node = child;
    }
  }
  nodes[node].token = token;
  if (!key.empty()) first_byte[static_cast<uint8_t>(key[0])] = true;
}
TOKVEC_COLD_END

template <class Accept>
std::optional<std::pair<int32_t, size_t>> AddedVocabulary::Trie::longest_at(std::string_view text, size_t pos,
                                                                            Accept&& accept) const {
  std::optional<std::pair<int32_t, size_t>> best;
  uint32_t node = 0;
  for (size_t i = pos; i < text.size(); ++i) {
    const auto b = static_cast<uint8_t>(text[i]);
    const auto& children = nodes[node].children;
    auto it = std::lower_bound(children.begin(), children.end(), std::make_pair(b, uint32_t{0}),
                               [](const auto& a, const auto& x) { return a.first < x.first; });
    if (it == children.end() || it->first != b) break;
    node = it->second;
    const int32_t token = nodes[node].token;
    if (token >= 0 && accept(token)) best = std::make_pair(token, i + 1 - pos);
  }
  return best;
}

TOKVEC_COLD_BEGIN
AddedVocabulary::AddedVocabulary(std::vector<AddedToken> tokens, const Normalizer& normalizer)
    : tokens_(std::move(tokens)) {
  for (uint32_t i = 0; i < tokens_.size(); ++i) {
    const AddedToken& t = tokens_[i];
    if (t.content.empty()) {
      throw Error(ErrorCode::kInvalidArgument, "added_tokens[" + std::to_string(i) + "]: content is empty");
    }
    if (!index_by_id_.emplace(t.id, i).second) {
      throw Error(ErrorCode::kInvalidArgument, "added_tokens[" + std::to_string(i) + "]: id " + std::to_string(t.id) +
                                                   " is used by added_tokens[" + std::to_string(index_by_id_[t.id]) + "] too");
    }
    if (!index_by_content_.emplace(t.content, i).second) {
      throw Error(ErrorCode::kInvalidArgument, "added_tokens[" + std::to_string(i) + "]: \"" + t.content +
                                                   "\" appears twice");
    }
    if (t.normalized) {
      Normalized s = Normalized::identity(t.content, 0);
      normalizer.normalize(s);
      if (!s.text.empty()) normalized_trie_.insert(s.text, static_cast<int32_t>(i));
    } else {
      raw_trie_.insert(t.content, static_cast<int32_t>(i));
    }
  }
}
TOKVEC_COLD_END

std::optional<uint32_t> AddedVocabulary::token_to_id(std::string_view content) const {
  auto it = index_by_content_.find(content);
  if (it == index_by_content_.end()) return std::nullopt;
  return tokens_[it->second].id;
}

const AddedToken* AddedVocabulary::find(uint32_t id) const {
  auto it = index_by_id_.find(id);
  return it == index_by_id_.end() ? nullptr : &tokens_[it->second];
}

void AddedVocabulary::find_matches(const Normalized& s, const Trie& trie, const std::vector<SpecialMode>& modes,
                                   std::vector<Segment>& out) const {
  const std::string_view text = s.text;
  auto matchable = [&](int32_t token) {
    return !tokens_[token].special || modes.empty() || modes[token] == SpecialMode::kMatch;
  };
  size_t covered = 0;  // end of the last emitted segment
  size_t pos = 0;
  // When the tokens share their first byte (BERT's "[CLS]", "[SEP]", ... all start with '['), one
  // memchr finds the next place one can start, as may_contain_refused does for refused tokens.
  const auto& first_bytes = trie.nodes[0].children;
  while (pos < text.size()) {
    if (first_bytes.size() == 1) {
      const void* at = std::memchr(text.data() + pos, first_bytes[0].first, text.size() - pos);
      if (!at) break;
      pos = static_cast<size_t>(static_cast<const char*>(at) - text.data());
    } else if (!trie.first_byte[static_cast<uint8_t>(text[pos])]) {
      ++pos;
      continue;
    }
    const auto match = trie.longest_at(text, pos, matchable);
    if (!match) {
      ++pos;
      continue;
    }
    const AddedToken& token = tokens_[match->first];
    size_t start = pos, stop = pos + match->second;
    pos = stop;  // like HuggingFace's match iterator, a rejected match is not searched inside
    if (token.single_word && (word_char_ends(text, start) || word_char_starts(text, stop))) continue;
    if (token.lstrip) start = std::max(whitespace_run_before(text, start), covered);
    if (token.rstrip) stop = whitespace_run_after(text, stop);
    if (covered < start) {
      out.push_back({s.slice({static_cast<uint32_t>(covered), static_cast<uint32_t>(start)}), std::nullopt});
    }
    out.push_back({s.slice({static_cast<uint32_t>(start), static_cast<uint32_t>(stop)}), token.id});
    covered = pos = stop;
  }
  if (covered < text.size() || text.empty()) {
    out.push_back({s.slice({static_cast<uint32_t>(covered), static_cast<uint32_t>(text.size())}), std::nullopt});
  }
}

bool AddedVocabulary::may_contain_refused(std::string_view text, const std::vector<SpecialMode>& modes) const {
  const auto refused = [&](size_t i) { return modes[i] == SpecialMode::kError && tokens_[i].special; };
  int first = -1;
  for (size_t i = 0; i < tokens_.size(); ++i) {
    if (!refused(i)) continue;
    const auto b = static_cast<uint8_t>(tokens_[i].content[0]);
    if (first != -1 && first != b) return true;
    first = b;
  }
  if (first == -1) return false;
  // The refused tokens share their first byte (tiktoken's all start with '<'): one scan for it
  // instead of one find per token over the whole text.
  const char* const end = text.data() + text.size();
  for (const char* p = text.data(); (p = static_cast<const char*>(std::memchr(p, first, end - p))) != nullptr; ++p) {
    const std::string_view rest(p, end - p);
    for (size_t i = 0; i < tokens_.size(); ++i) {
      if (refused(i) && rest.starts_with(tokens_[i].content)) return true;
    }
  }
  return false;
}

std::vector<Segment> AddedVocabulary::split(std::string_view text, const Normalizer& normalizer,
                                            const std::vector<SpecialMode>& modes) const {
  // tiktoken refuses a disallowed special token anywhere in the text, whatever else matches.
  if (std::find(modes.begin(), modes.end(), SpecialMode::kError) != modes.end() && may_contain_refused(text, modes)) {
    for (size_t i = 0; i < tokens_.size(); ++i) {
      if (modes[i] != SpecialMode::kError || !tokens_[i].special) continue;
      const size_t at = text.find(tokens_[i].content);
      if (at != std::string_view::npos) {
        throw Error(ErrorCode::kInvalidArgument,
                    "encode: the text contains the special token \"" + tokens_[i].content + "\" at byte " +
                        std::to_string(at) +
                        ", which is disallowed; pass allowedSpecial to encode it as a special token, or "
                        "disallowedSpecial: [] to encode it as ordinary text");
      }
    }
  }
  // tiktoken's default (every special token disallowed, checked above) leaves nothing to match:
  // then the text is one segment without a scan for tokens that could only be refused.
  const auto can_match = [&](bool normalized) {
    for (size_t i = 0; i < tokens_.size(); ++i) {
      if (tokens_[i].normalized == normalized && (!tokens_[i].special || modes.empty() || modes[i] == SpecialMode::kMatch)) {
        return true;
      }
    }
    return false;
  };
  std::vector<Segment> first;
  Normalized whole = Normalized::identity(text, 0);
  if (raw_trie_.empty() || !can_match(false)) {
    first.push_back({std::move(whole), std::nullopt});
  } else {
    find_matches(whole, raw_trie_, modes, first);
  }
  const bool match_normalized = !normalized_trie_.empty() && can_match(true);
  std::vector<Segment> out;
  out.reserve(first.size());
  for (Segment& segment : first) {
    if (segment.added_id) {
      out.push_back(std::move(segment));
      continue;
    }
    normalizer.normalize(segment.s);
    if (!match_normalized) {
      out.push_back(std::move(segment));
    } else {
      find_matches(segment.s, normalized_trie_, modes, out);
    }
  }
  return out;
}

}  // namespace tokvec
