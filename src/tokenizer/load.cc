#include "tokenizer/load.h"

#include "core/error.h"
#include "core/json.h"
#include "regex/regex.h"
#include "tokenizer/decoders/byte_level.h"
#include "tokenizer/decoders/wordpiece.h"
#include "tokenizer/decoders/factory.h"
#include "tokenizer/encodings.h"
#include "tokenizer/loaders/sentencepiece_model.h"
#include "tokenizer/loaders/tiktoken.h"
#include "tokenizer/loaders/vocab_txt.h"
#include "tokenizer/models/bpe.h"
#include "tokenizer/models/sentencepiece.h"
#include "tokenizer/models/unigram.h"
#include "tokenizer/models/word_level_json.h"
#include "tokenizer/models/word_piece.h"
#include "tokenizer/normalizers/bert_normalizer.h"
#include "tokenizer/normalizers/factory.h"
#include "tokenizer/pre_tokenizers/factory.h"
#include "tokenizer/pre_tokenizers/punctuation.h"
#include "tokenizer/pre_tokenizers/split.h"
#include "tokenizer/processors/processors.h"
#include "tokenizer/truncation.h"

namespace tokvec {

namespace {

// tokenizer.json "model"'s type: its "type", or for old files without one, told by the fields
// each model has.
std::string model_type(const JsonView& j) {
  if (auto t = j.find("type")) return t->as_string();
  if (j.has("merges")) return "BPE";
  if (j.has("vocab") && j.at("vocab").is_array()) return "Unigram";
  if (j.has("max_input_chars_per_word")) return "WordPiece";
  return "WordLevel";
}

std::unique_ptr<Model> make_model(const JsonView& j, const std::string& type, bool byte_level) {
  if (type == "BPE") return Bpe::from_json(j, byte_level);
  if (type == "WordPiece") return WordPiece::from_json(j);
  if (type == "Unigram") return Unigram::from_json(j);
  if (type == "WordLevel") return word_level_from_json(j);
  j.at("type").unsupported("unsupported model type \"" + type + "\"");
}

std::vector<AddedToken> added_tokens_from_json(const JsonView& j) {
  std::vector<AddedToken> tokens;
  j.for_each_item([&](const JsonView& item) {
    AddedToken t;
    t.id = item.at("id").as_u32();
    t.content = item.at("content").as_string();
    t.single_word = item.bool_or("single_word", false);
    t.lstrip = item.bool_or("lstrip", false);
    t.rstrip = item.bool_or("rstrip", false);
    t.special = item.bool_or("special", false);
    t.normalized = item.bool_or("normalized", !t.special);
    tokens.push_back(std::move(t));
  });
  return tokens;
}

// tiktoken keeps the regex matches and drops whatever lies between them: Split with the
// matches as content (invert) and the rest removed. Its patterns are read as Rust's regex reads them.
std::unique_ptr<PreTokenizer> tiktoken_splitter(std::string_view pattern) {
  return std::make_unique<Split>(Regex(pattern, Regex::Dialect::kRust), SplitDelimiterBehavior::kRemoved, true);
}

std::unique_ptr<Tokenizer> tiktoken_style(std::unique_ptr<Bpe> model, std::string_view pattern,
                                          const std::vector<std::pair<std::string, uint32_t>>& special_tokens) {
  Pipeline p;
  p.pre_tokenizer = tiktoken_splitter(pattern);
  p.model = std::move(model);
  p.decoder = std::make_unique<ByteLevelDecoder>();
  for (const auto& [content, id] : special_tokens) {
    AddedToken t;
    t.id = id;
    t.content = content;
    t.special = true;
    t.normalized = false;
    p.added_tokens.push_back(std::move(t));
  }
  p.special_policy = SpecialPolicy::kTiktoken;
  return std::make_unique<Tokenizer>(std::move(p));
}

bool names_no_token(const Tokenizer& tokenizer, uint32_t id) {
  try {
    tokenizer.id_to_token(id);
    return false;
  } catch (const Error&) {
    return true;
  }
}

}  // namespace

std::unique_ptr<Tokenizer> tokenizer_from_json(std::string_view json_text) {
  const nlohmann::json doc = JsonView::parse(json_text, "tokenizer.json");
  const JsonView root(doc, "tokenizer.json");
  if (!root.is_object()) root.fail(std::string("expected an object, got ") + JsonView::type_name(doc));
  Pipeline p;
  if (auto n = root.find("normalizer")) p.normalizer = make_normalizer(*n);
  const JsonView model = root.at("model");
  const std::string type = model_type(model);
  // Only BPE takes ByteLevel's pieces as raw bytes; the other models look up the alphabet spelling.
  if (auto t = root.find("pre_tokenizer")) p.pre_tokenizer = make_pre_tokenizer(*t, type != "BPE");
  const bool byte_level = p.pre_tokenizer && has_byte_level(*p.pre_tokenizer);
  p.model = make_model(model, type, byte_level);
  if (auto pp = root.find("post_processor")) p.post_processor = make_post_processor(*pp);
  if (auto d = root.find("decoder")) p.decoder = make_decoder(*d);
  if (auto a = root.find("added_tokens")) p.added_tokens = added_tokens_from_json(*a);
  if (auto t = root.find("truncation")) {
    p.truncation = truncation_from_json(*t);
    check_truncation(*p.truncation, p.post_processor ? p.post_processor->added_tokens(false) : 0, t->location());
  }
  if (auto pad = root.find("padding")) p.padding = padding_from_json(*pad);
  p.special_policy = SpecialPolicy::kHuggingFace;
  auto tokenizer = std::make_unique<Tokenizer>(std::move(p));
  // The post-processor's special tokens are ids written in the file, not looked up: one that
  // names no token would come out of every encode and make every decode fail. Refuse it here.
  if (auto pp = root.find("post_processor"); pp && !pp->is_null()) {
    for (const Encoding& added : {tokenizer->encode(""), tokenizer->encode_pair("", "")}) {
      for (const uint32_t id : added.ids) {
        if (names_no_token(*tokenizer, id)) {
          pp->fail(message({"special token id ", id, " names no token (vocab size ", tokenizer->vocab_size(), ")"}));
        }
      }
    }
  }
  return tokenizer;
}

std::unique_ptr<Tokenizer> tokenizer_from_encoding(std::string_view name, std::string_view tiktoken_file) {
  LoadedBpe loaded = load_encoding(name, tiktoken_file);
  return tiktoken_style(std::move(loaded.model), loaded.pattern, loaded.special_tokens);
}

std::unique_ptr<Tokenizer> tokenizer_from_tiktoken(std::string_view tiktoken_file, std::string_view pattern,
                                                   std::vector<std::pair<std::string, uint32_t>> special_tokens) {
  return tiktoken_style(load_tiktoken(tiktoken_file, "tiktoken ranks"), pattern, special_tokens);
}

std::unique_ptr<Tokenizer> tokenizer_from_word_piece_vocab(std::string_view vocab_txt,
                                                          const WordPieceVocabOptions& options) {
  // Said plainly, rather than as the first BERT token the empty vocabulary lacks.
  if (vocab_txt.empty()) throw Error(ErrorCode::kParse, "vocab.txt: no tokens (the file is empty)");
  Vocab vocab = read_vocab_txt(vocab_txt);
  auto require = [&](const char* token) {
    auto id = vocab.find(token);
    if (!id) throw Error(ErrorCode::kInvalidArgument, std::string("vocab.txt: BERT needs the token \"") + token + "\"");
    return *id;
  };
  const uint32_t cls = require("[CLS]"), sep = require("[SEP]");
  require("[UNK]");
  Pipeline p;
  for (const char* special : {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"}) {
    if (auto id = vocab.find(special)) {
      AddedToken t;
      t.id = *id;
      t.content = special;
      t.special = true;
      t.normalized = false;
      p.added_tokens.push_back(std::move(t));
    }
  }
  p.normalizer = std::make_unique<BertNormalizer>(options.clean_text, options.handle_chinese_chars,
                                                  options.strip_accents.value_or(options.lowercase), options.lowercase);
  p.pre_tokenizer = std::make_unique<BertPreTokenizer>();
  p.model = std::make_unique<WordPiece>(std::move(vocab), WordPiece::Options{});
  p.post_processor = std::make_unique<ClsSepProcessing>(ClsSepProcessing::Style::kBert, cls, sep, false, false);
  p.decoder = std::make_unique<WordPieceDecoder>("##", true);
  return std::make_unique<Tokenizer>(std::move(p));
}

std::unique_ptr<Tokenizer> tokenizer_from_sentencepiece(std::string_view model_bytes, std::string_view where) {
  const SentencePieceModel model = read_sentencepiece_model(model_bytes, where);
  Pipeline p;
  p.normalizer = std::make_unique<SentencePieceNormalizer>(model);
  p.model = std::make_unique<SentencePiece>(model);
  p.decoder = std::make_unique<SentencePieceDecoder>(model);
  if (model.bos_id >= 0 && static_cast<size_t>(model.bos_id) < model.pieces.size()) {
    const uint32_t bos = static_cast<uint32_t>(model.bos_id);
    using Piece = TemplateProcessing::Piece;
    p.post_processor = std::make_unique<TemplateProcessing>(
        std::vector<Piece>{{false, 0, {bos}, 0}, {true, 0, {}, 0}},
        std::vector<Piece>{{false, 0, {bos}, 0}, {true, 0, {}, 0}, {false, 0, {bos}, 1}, {true, 1, {}, 1}});
  }
  return std::make_unique<Tokenizer>(std::move(p));
}

std::unique_ptr<Tokenizer> tokenizer_from_gpt2_files(std::string_view encoder_json, std::string_view vocab_bpe) {
  LoadedBpe loaded = load_gpt2(encoder_json, vocab_bpe);
  return tiktoken_style(std::move(loaded.model), loaded.pattern, loaded.special_tokens);
}

}  // namespace tokvec
