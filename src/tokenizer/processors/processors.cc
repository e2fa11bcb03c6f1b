#include "tokenizer/processors/processors.h"

#include <algorithm>
#include <unordered_map>

#include "core/error.h"
#include "core/utf8.h"
#include "unicode/unicode.h"

namespace tokvec {

namespace {

Encoding special(uint32_t id, uint32_t type_id) {
  Encoding e;
  e.push_back(id, {0, 0}, 1, type_id);
  return e;
}

Encoding special(const std::vector<uint32_t>& ids, uint32_t type_id) {
  Encoding e;
  for (uint32_t id : ids) e.push_back(id, {0, 0}, 1, type_id);
  return e;
}

// A space in a byte-level token string is "Ġ" (U+0120); in a matched added-token text it is itself.
bool is_space_char(char32_t cp) { return cp == 0x0120 || unicode::is_white_space(cp); }

// The space characters a token string starts and ends with, as HuggingFace's process_offsets
// counts them, and the source bytes they stand for: HuggingFace trims that many characters off
// character offsets, so tokvec's byte offsets lose those characters' bytes ("Ġ" is one byte, a
// space; " " is three).
struct Spaces {
  uint32_t leading = 0, trailing = 0;
  uint32_t leading_bytes = 0, trailing_bytes = 0;
  bool all = false;  // every character is a space
};

uint32_t source_bytes(char32_t cp) {
  if (cp == 0x0120) return 1;
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

Spaces count_spaces(std::string_view token) {
  std::vector<char32_t> cps;
  for (size_t i = 0; i < token.size();) cps.push_back(utf8::decode(token, i));
  Spaces s;
  while (s.leading < cps.size() && is_space_char(cps[s.leading])) s.leading_bytes += source_bytes(cps[s.leading++]);
  while (s.trailing < cps.size() && is_space_char(cps[cps.size() - 1 - s.trailing])) {
    s.trailing_bytes += source_bytes(cps[cps.size() - 1 - s.trailing++]);
  }
  s.all = !cps.empty() && s.leading == cps.size();
  return s;
}

}  // namespace

void trim_byte_level_offsets(Encoding& encoding, bool add_prefix_space, const IdToToken& id_to_token) {
  size_t next_text = 0;  // encoding.texts is sorted by index
  for (size_t i = 0; i < encoding.size(); ++i) {
    while (next_text < encoding.texts.size() && encoding.texts[next_text].first < i) ++next_text;
    const bool has_text = next_text < encoding.texts.size() && encoding.texts[next_text].first == i;
    Spaces spaces = count_spaces(has_text ? encoding.texts[next_text].second : id_to_token(encoding.ids[i]));
    Span& o = encoding.offsets[i];
    // A token of spaces alone covers exactly their characters: its whole span, which is longer
    // than one byte when "Ġ" is the space add_prefix_space put before a multi-byte character.
    if (spaces.all) spaces.leading_bytes = spaces.trailing_bytes = o.end - o.start;
    if (spaces.leading > 0) {
      // The one space add_prefix_space put before the first token is part of it.
      const bool is_first = i == 0 || o.start == 0;
      if (!(is_first && add_prefix_space && spaces.leading == 1)) {
        o.start = std::min<uint32_t>(o.start + spaces.leading_bytes, o.end);
      }
    }
    if (spaces.trailing > 0 && o.end >= spaces.trailing_bytes) {
      o.end = std::max<uint32_t>(o.end - spaces.trailing_bytes, o.start);
    }
  }
}

void ByteLevelProcessor::process_encodings(std::vector<Encoding>& encodings, bool,
                                           const IdToToken& id_to_token) const {
  if (trim_offsets_) {
    for (Encoding& e : encodings) {
      trim_byte_level_offsets(e, add_prefix_space_, id_to_token);
      for (Encoding& piece : e.overflowing) trim_byte_level_offsets(piece, add_prefix_space_, id_to_token);
    }
  }
}

std::unique_ptr<TemplateProcessing> TemplateProcessing::from_json(const JsonView& j) {
  std::unordered_map<std::string, std::vector<uint32_t>> specials;
  if (auto s = j.find("special_tokens")) {
    s->for_each_member([&](const std::string& name, const JsonView& token) {
      std::vector<uint32_t> ids;
      token.at("ids").for_each_item([&](const JsonView& id) { ids.push_back(id.as_u32()); });
      specials[name] = std::move(ids);
    });
  }
  auto read = [&](const JsonView& pieces) {
    std::vector<Piece> out;
    pieces.for_each_item([&](const JsonView& item) {
      if (auto seq = item.find("Sequence")) {
        const std::string id = seq->at("id").as_string();
        if (id != "A" && id != "B") seq->at("id").fail("expected \"A\" or \"B\", got \"" + id + "\"");
        out.push_back({true, id == "A" ? 0u : 1u, {}, seq->at("type_id").as_u32()});
      } else if (auto tok = item.find("SpecialToken")) {
        const std::string id = tok->at("id").as_string();
        auto it = specials.find(id);
        if (it == specials.end()) tok->at("id").fail("special token \"" + id + "\" is not in special_tokens");
        out.push_back({false, 0, it->second, tok->at("type_id").as_u32()});
      } else {
        item.fail("expected a \"Sequence\" or \"SpecialToken\" piece");
      }
    });
    return out;
  };
  return std::make_unique<TemplateProcessing>(read(j.at("single")), read(j.at("pair")));
}

size_t TemplateProcessing::added_tokens(bool is_pair) const {
  size_t n = 0;
  for (const Piece& p : is_pair ? pair_ : single_) n += p.ids.size();
  return n;
}

void TemplateProcessing::process_encodings(std::vector<Encoding>& encodings, bool add_special_tokens,
                                           const IdToToken&) const {
  // The pieces in template order; the tokenizer merges them, combining overflowing pieces. As in
  // HuggingFace, a sequence's type id is set on its kept part only: overflowing pieces keep the
  // type id they were encoded with (0 for the first text, 1 for the pair).
  const auto& pieces = encodings.size() == 2 ? pair_ : single_;
  std::vector<Encoding> out;
  for (const Piece& p : pieces) {
    if (p.is_sequence) {
      if (p.sequence >= encodings.size()) continue;
      out.push_back(encodings[p.sequence]);
      std::fill(out.back().type_ids.begin(), out.back().type_ids.end(), p.type_id);
    } else if (add_special_tokens) {
      out.push_back(special(p.ids, p.type_id));
    }
  }
  encodings = std::move(out);
}

// A template of one $A makes parts that merge back into its special tokens around the sequence.
bool TemplateProcessing::add_special_ids(std::vector<uint32_t>& ids) const {
  const auto sequences = std::count_if(single_.begin(), single_.end(), [](const Piece& p) { return p.is_sequence; });
  const auto a = std::find_if(single_.begin(), single_.end(), [](const Piece& p) { return p.is_sequence; });
  if (sequences != 1 || a->sequence != 0) return false;
  std::vector<uint32_t> out;
  for (const Piece& p : single_) {
    const std::vector<uint32_t>& part = p.is_sequence ? ids : p.ids;
    out.insert(out.end(), part.begin(), part.end());
  }
  ids = std::move(out);
  return true;
}

size_t ClsSepProcessing::added_tokens(bool is_pair) const {
  if (!is_pair) return 2;
  return style_ == Style::kRoberta ? 4 : 3;
}

// [CLS] A [SEP] for the first sequence; B [SEP] (BERT) or [SEP] B [SEP] (RoBERTa) for the pair.
// RoBERTa's type ids are all 0; BERT's special tokens take the type id of their side, its
// sequences keep theirs.
Encoding ClsSepProcessing::wrap(const Encoding& e, size_t index) const {
  const bool roberta = style_ == Style::kRoberta;
  Encoding out;
  if (index == 0) {
    out = special(cls_, 0);
  } else if (roberta) {
    out = special(sep_, 0);
  }
  out.append(e);
  if (roberta) std::fill(out.type_ids.begin(), out.type_ids.end(), 0);
  out.append(special(sep_, index == 0 || roberta ? 0 : 1));
  return out;
}

void ClsSepProcessing::process_encodings(std::vector<Encoding>& encodings, bool add_special_tokens,
                                         const IdToToken& id_to_token) const {
  if (style_ == Style::kRoberta) {
    if (trim_offsets_) {
      for (Encoding& e : encodings) {
        trim_byte_level_offsets(e, add_prefix_space_, id_to_token);
        for (Encoding& piece : e.overflowing) trim_byte_level_offsets(piece, add_prefix_space_, id_to_token);
      }
    }
    for (Encoding& e : encodings) std::fill(e.type_ids.begin(), e.type_ids.end(), 0);
  }
  if (!add_special_tokens) return;
  for (size_t i = 0; i < encodings.size(); ++i) {
    Encoding wrapped = wrap(encodings[i], i);
    for (const Encoding& piece : encodings[i].overflowing) wrapped.overflowing.push_back(wrap(piece, i));
    encodings[i] = std::move(wrapped);
  }
}

bool ClsSepProcessing::add_special_ids(std::vector<uint32_t>& ids) const {
  ids.insert(ids.begin(), cls_);
  ids.push_back(sep_);
  return true;
}

size_t ProcessorSequence::added_tokens(bool is_pair) const {
  size_t n = 0;
  for (const auto& p : processors_) n += p->added_tokens(is_pair);
  return n;
}

void ProcessorSequence::process_encodings(std::vector<Encoding>& encodings, bool add_special_tokens,
                                          const IdToToken& id_to_token) const {
  for (const auto& p : processors_) p->process_encodings(encodings, add_special_tokens, id_to_token);
}

// Exact while the sequence stays one part: after a processor that adds tokens, the next would see
// the parts as several sequences.
bool ProcessorSequence::add_special_ids(std::vector<uint32_t>& ids) const {
  for (size_t i = 0; i + 1 < processors_.size(); ++i) {
    if (processors_[i]->added_tokens(false) != 0) return false;
  }
  for (const auto& p : processors_) {
    if (!p->add_special_ids(ids)) return false;
  }
  return true;
}

std::unique_ptr<PostProcessor> make_post_processor(const JsonView& j) {
  const std::string type = j.type();
  if (type == "ByteLevel") {
    return std::make_unique<ByteLevelProcessor>(j.bool_or("trim_offsets", true), j.bool_or("add_prefix_space", true));
  }
  if (type == "TemplateProcessing") return TemplateProcessing::from_json(j);
  if (type == "RobertaProcessing" || type == "BertProcessing") {
    const bool roberta = type == "RobertaProcessing";
    return std::make_unique<ClsSepProcessing>(
        roberta ? ClsSepProcessing::Style::kRoberta : ClsSepProcessing::Style::kBert, j.at("cls").at(1).as_u32(),
        j.at("sep").at(1).as_u32(), roberta && j.bool_or("trim_offsets", true),
        roberta && j.bool_or("add_prefix_space", true));
  }
  if (type == "Sequence") {
    std::vector<std::unique_ptr<PostProcessor>> processors;
    j.at("processors").for_each_item([&](const JsonView& p) { processors.push_back(make_post_processor(p)); });
    return std::make_unique<ProcessorSequence>(std::move(processors));
  }
  j.at("type").unsupported("unsupported post-processor type \"" + type + "\"");
}

}  // namespace tokvec
