#include "tokenizer/processors/processors.h"

#include <algorithm>
#include <unordered_map>

#include "core/error.h"
#include "core/utf8.h"
#include "unicode/unicode.h"

namespace tokvec {

namespace {

// Pair encodings are concatenated as HuggingFace's default_process does when nothing else merges them.
void merge_all(std::vector<Encoding>& encodings) {
  for (size_t i = 1; i < encodings.size(); ++i) encodings[0].append(encodings[i]);
  encodings.resize(std::min<size_t>(encodings.size(), 1));
}

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

// Leading and trailing space characters of a token string, as HuggingFace's process_offsets counts them.
std::pair<uint32_t, uint32_t> count_spaces(std::string_view token) {
  std::vector<char32_t> cps;
  for (size_t i = 0; i < token.size();) cps.push_back(utf8::decode(token, i));
  uint32_t leading = 0, trailing = 0;
  while (leading < cps.size() && is_space_char(cps[leading])) ++leading;
  while (trailing < cps.size() && is_space_char(cps[cps.size() - 1 - trailing])) ++trailing;
  return {leading, trailing};
}

}  // namespace

void trim_byte_level_offsets(Encoding& encoding, bool add_prefix_space, const IdToToken& id_to_token) {
  size_t next_text = 0;  // encoding.texts is sorted by index
  for (size_t i = 0; i < encoding.size(); ++i) {
    while (next_text < encoding.texts.size() && encoding.texts[next_text].first < i) ++next_text;
    const bool has_text = next_text < encoding.texts.size() && encoding.texts[next_text].first == i;
    const auto [leading, trailing] =
        count_spaces(has_text ? encoding.texts[next_text].second : id_to_token(encoding.ids[i]));
    Span& o = encoding.offsets[i];
    if (leading > 0) {
      // The one space add_prefix_space put before the first token is part of it.
      const bool is_first = i == 0 || o.start == 0;
      if (!(is_first && add_prefix_space && leading == 1)) o.start = std::min<uint32_t>(o.start + leading, o.end);
    }
    if (trailing > 0 && o.end >= trailing) o.end = std::max<uint32_t>(o.end - trailing, o.start);
  }
}

void ByteLevelProcessor::process_encodings(std::vector<Encoding>& encodings, bool,
                                           const IdToToken& id_to_token) const {
  if (trim_offsets_) {
    for (Encoding& e : encodings) trim_byte_level_offsets(e, add_prefix_space_, id_to_token);
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
  const auto& pieces = encodings.size() == 2 ? pair_ : single_;
  Encoding out;
  for (const Piece& p : pieces) {
    if (p.is_sequence) {
      if (p.sequence >= encodings.size()) continue;
      Encoding e = encodings[p.sequence];
      std::fill(e.type_ids.begin(), e.type_ids.end(), p.type_id);
      out.append(e);
    } else if (add_special_tokens) {
      out.append(special(p.ids, p.type_id));
    }
  }
  encodings.assign(1, std::move(out));
}

size_t ClsSepProcessing::added_tokens(bool is_pair) const {
  if (!is_pair) return 2;
  return style_ == Style::kRoberta ? 4 : 3;
}

void ClsSepProcessing::process_encodings(std::vector<Encoding>& encodings, bool add_special_tokens,
                                         const IdToToken& id_to_token) const {
  if (style_ == Style::kRoberta) {
    if (trim_offsets_) {
      for (Encoding& e : encodings) trim_byte_level_offsets(e, add_prefix_space_, id_to_token);
    }
    for (Encoding& e : encodings) std::fill(e.type_ids.begin(), e.type_ids.end(), 0);
  } else if (encodings.size() == 2) {
    std::fill(encodings[1].type_ids.begin(), encodings[1].type_ids.end(), 1);
  }
  if (!add_special_tokens) {
    merge_all(encodings);
    return;
  }
  Encoding out = special(cls_, 0);
  out.append(encodings[0]);
  out.append(special(sep_, 0));
  if (encodings.size() == 2) {
    const uint32_t pair_type = style_ == Style::kRoberta ? 0 : 1;
    if (style_ == Style::kRoberta) out.append(special(sep_, 0));
    out.append(encodings[1]);
    out.append(special(sep_, pair_type));
  }
  encodings.assign(1, std::move(out));
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
