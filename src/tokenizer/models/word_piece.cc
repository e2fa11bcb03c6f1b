#include "tokenizer/models/word_piece.h"

#include <algorithm>
#include <optional>

#include "core/error.h"
#include "tokenizer/models/vocab_json.h"

namespace tokvec {

namespace {

bool is_continuation_byte(char c) { return (static_cast<uint8_t>(c) & 0xC0) == 0x80; }

size_t count_chars(std::string_view word) {
  return static_cast<size_t>(std::count_if(word.begin(), word.end(), [](char c) { return !is_continuation_byte(c); }));
}

}  // namespace

WordPiece::WordPiece(Vocab vocab, Options options) : vocab_(std::move(vocab)), options_(std::move(options)) {
  const auto unk = vocab_.find(options_.unk_token);
  if (!unk) {
    throw Error(ErrorCode::kInvalidArgument,
                "WordPiece: unk_token \"" + options_.unk_token + "\" is not in the vocabulary");
  }
  unk_id_ = *unk;
  const std::string& prefix = options_.continuing_subword_prefix;
  for (uint32_t id = 0; id < vocab_.size(); ++id) {
    const std::string& token = vocab_.token(id);
    initial_.insert(token, id);
    if (token.size() > prefix.size() && token.compare(0, prefix.size(), prefix) == 0) {
      continuation_.insert(std::string_view(token).substr(prefix.size()), id);
    }
  }
  initial_.finish();
  continuation_.finish();
}

void WordPiece::Trie::insert(std::string_view key, uint32_t id) {
  uint32_t node = 0;
  for (const char c : key) {
    const uint8_t label = static_cast<uint8_t>(c);
    auto& list = building_[node];
    auto it = std::find_if(list.begin(), list.end(), [&](const auto& e) { return e.first == label; });
    if (it != list.end()) {
      node = it->second;
      continue;
    }
    const uint32_t next = static_cast<uint32_t>(building_.size());
    list.emplace_back(label, next);
    building_.emplace_back();
    id_.push_back(kNone);
    node = next;
  }
  id_[node] = id;
}

void WordPiece::Trie::finish() {
  first_child_.assign(building_.size() + 1, 0);
  for (size_t node = 0; node < building_.size(); ++node) {
    auto& list = building_[node];
    std::sort(list.begin(), list.end());
    first_child_[node] = static_cast<uint32_t>(labels_.size());
    for (const auto& [label, target] : list) {
      labels_.push_back(label);
      targets_.push_back(target);
    }
  }
  first_child_[building_.size()] = static_cast<uint32_t>(labels_.size());
  root_.fill(kNone);
  for (const auto& [label, target] : building_[0]) root_[label] = target;
  building_ = {};
}

std::pair<uint32_t, size_t> WordPiece::Trie::longest_prefix(std::string_view text) const {
  std::pair<uint32_t, size_t> best{kNone, 0};
  uint32_t node = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const uint8_t label = static_cast<uint8_t>(text[i]);
    if (node == 0) {
      node = root_[label];
    } else {
      // Binary search on raw pointers (std::lower_bound over iterators is not inlined in wasm).
      const uint8_t* labels = labels_.data();
      uint32_t low = first_child_[node], high = first_child_[node + 1];
      while (low < high) {
        const uint32_t mid = (low + high) / 2;
        if (labels[mid] < label) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      node = low < first_child_[node + 1] && labels[low] == label ? targets_[low] : kNone;
    }
    if (node == kNone) break;
    if (id_[node] != kNone && (i + 1 == text.size() || !is_continuation_byte(text[i + 1]))) best = {id_[node], i + 1};
  }
  return best;
}

std::unique_ptr<WordPiece> WordPiece::from_json(const JsonView& model) {
  if (auto type = model.find("type"); type && type->as_string() != "WordPiece") {
    type->fail("expected \"WordPiece\", got \"" + type->as_string() + "\"");
  }
  Options options;
  const JsonView unk_json = model.at("unk_token");
  options.unk_token = unk_json.as_string();
  options.continuing_subword_prefix = model.at("continuing_subword_prefix").as_string();
  const JsonView max_chars = model.at("max_input_chars_per_word");
  const int64_t max_chars_value = max_chars.as_int();
  if (max_chars_value < 0) max_chars.fail("expected a whole number of characters, got " + max_chars.dump());
  options.max_input_chars_per_word = static_cast<size_t>(max_chars_value);

  const JsonView vocab_json = model.at("vocab");
  Vocab vocab = vocab_from_json(vocab_json);
  if (vocab.size() == 0) vocab_json.fail("is empty", ErrorCode::kInvalidArgument);
  if (!vocab.find(options.unk_token)) {
    unk_json.fail("\"" + options.unk_token + "\" is not in the vocabulary", ErrorCode::kInvalidArgument);
  }
  return std::make_unique<WordPiece>(std::move(vocab), std::move(options));
}

void WordPiece::tokenize(std::string_view word, std::vector<Token>& out) const {
  const uint32_t word_end = static_cast<uint32_t>(word.size());
  if (count_chars(word) > options_.max_input_chars_per_word) {
    out.push_back({unk_id_, {0, word_end}});
    return;
  }
  const size_t first_token = out.size();
  size_t start = 0;
  while (start < word.size()) {
    // The longest vocabulary entry at `start` (a "##" continuation after the first piece), found
    // in one walk of a trie: linear in the length of the match.
    const auto [found, length] = (start == 0 ? initial_ : continuation_).longest_prefix(word.substr(start));
    const std::optional<uint32_t> id = found == Trie::kNone ? std::nullopt : std::optional<uint32_t>(found);
    const size_t end = start + length;
    if (!id) {
      out.resize(first_token);
      out.push_back({unk_id_, {0, word_end}});
      return;
    }
    out.push_back({*id, {static_cast<uint32_t>(start), static_cast<uint32_t>(end)}});
    start = end;
  }
}

}  // namespace tokvec
