#include "tokenizer/models/word_piece.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "core/error.h"
#include "tokenizer/models/piece_cache.h"
#include "tokenizer/models/vocab_json.h"

namespace tokvec {

namespace {

bool is_continuation_byte(char c) { return (static_cast<uint8_t>(c) & 0xC0) == 0x80; }

size_t count_chars(std::string_view word) {
  return static_cast<size_t>(std::count_if(word.begin(), word.end(), [](char c) { return !is_continuation_byte(c); }));
}

// The id and byte length of the longest key in `trie` that `text` starts with and that ends at a
// character boundary of text, or {ByteTrie::kNone, 0}.
std::pair<uint32_t, size_t> longest_prefix(const ByteTrie& trie, std::string_view text) {
  std::pair<uint32_t, size_t> best{ByteTrie::kNone, 0};
  uint32_t node = ByteTrie::kRoot;
  for (size_t i = 0; i < text.size(); ++i) {
    node = trie.child(node, static_cast<uint8_t>(text[i]));
    if (node == ByteTrie::kNone) break;
    const uint32_t id = trie.value(node);
    if (id != ByteTrie::kNone && (i + 1 == text.size() || !is_continuation_byte(text[i + 1]))) best = {id, i + 1};
  }
  return best;
}

}  // namespace

WordPiece::WordPiece(Vocab vocab, Options options)
    : serial_(PieceCache::serial_for_new_model()), vocab_(std::move(vocab)), options_(std::move(options)) {
  const auto unk = vocab_.find(options_.unk_token);
  if (!unk) {
    throw Error(ErrorCode::kInvalidArgument,
                "WordPiece: unk_token \"" + options_.unk_token + "\" is not in the vocabulary");
  }
  unk_id_ = *unk;
  const std::string& prefix = options_.continuing_subword_prefix;
  ByteTrie::Builder initial, continuation;
  for (uint32_t id = 0; id < vocab_.size(); ++id) {
    const std::string& token = vocab_.token(id);
    initial.insert(token, id);
    if (token.size() > prefix.size() && token.compare(0, prefix.size(), prefix) == 0) {
      continuation.insert(std::string_view(token).substr(prefix.size()), id);
    }
  }
  initial_ = initial.finish();
  continuation_ = continuation.finish();
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

// Words recur (BERT's pieces are whole words): short ones are looked up first, per thread, so that
// the model stays immutable. A word's tokens always tile it, [UNK] included.
void WordPiece::tokenize(std::string_view word, std::vector<Token>& out) const {
  if (word.empty() || word.size() > PieceCache::kMaxBytes) {
    split_word(word, out);
    return;
  }
  const PieceCache::Key key = PieceCache::key_of(word);
  PieceCache::Entry& cached = PieceCache::slot(PieceCache::hash_of(key));
  if (PieceCache::emit(cached, serial_, key, out)) return;
  const size_t first = out.size();
  split_word(word, out);
  PieceCache::store(cached, serial_, key, out.data() + first, out.size() - first);
}

// Most words of a text are vocabulary entries ("the", "tokenizer", "，"): such a word is its own
// one token, found by walking the initial trie over it. A word within max_input_chars_per_word
// bytes is within as many characters.
//
// The other words are split, not looked up in PieceCache as tokenize does: with the whole words
// taken by the walk, the cache held only words of several tokens, and its probe, a slot in 4 MiB
// and often a miss of every CPU cache, cost more than the walks of the split, whose trie nodes
// for common letters stay in cache (encodeIds 6% faster on English and code, 25% on the
// multilingual corpus, in wasm). The walk keeps no longest match on the way: checking each node's
// value made English 17% slower, and split_word finds the first piece (or none: [UNK]) as fast.
void WordPiece::tokenize_ids(std::string_view text, const std::vector<Span>& pieces, std::vector<uint32_t>& ids) const {
  std::vector<Token> tokens;
  for (const Span& piece : pieces) {
    const std::string_view word = text.substr(piece.start, piece.size());
    if (!word.empty() && word.size() <= options_.max_input_chars_per_word) {
      if (const uint32_t id = initial_.find(word); id != ByteTrie::kNone) {
        ids.push_back(id);
        continue;
      }
    }
    tokens.clear();
    split_word(word, tokens);
    for (const Token& t : tokens) ids.push_back(t.id);
  }
}

void WordPiece::split_word(std::string_view word, std::vector<Token>& out) const {
  const uint32_t word_end = static_cast<uint32_t>(word.size());
  // A word has at most as many characters as bytes: most need no count.
  if (word.size() > options_.max_input_chars_per_word && count_chars(word) > options_.max_input_chars_per_word) {
    out.push_back({unk_id_, {0, word_end}});
    return;
  }
  const size_t first_token = out.size();
  size_t start = 0;
  while (start < word.size()) {
    // The longest vocabulary entry at `start` (a "##" continuation after the first piece), found
    // in one walk of a trie: linear in the length of the match.
    const auto [found, length] = longest_prefix(start == 0 ? initial_ : continuation_, word.substr(start));
    const std::optional<uint32_t> id = found == ByteTrie::kNone ? std::nullopt : std::optional<uint32_t>(found);
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
