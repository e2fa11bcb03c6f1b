#include "tokenizer/loaders/tiktoken.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "core/cold.h"
#include "core/error.h"
#include "core/json.h"

namespace tokvec {
namespace {

std::string quote_line(std::string_view line) {
  constexpr size_t kMax = 80;
  std::string out(1, '"');
  out.append(line.substr(0, kMax)).append(line.size() > kMax ? "...\"" : "\"");
  return out;
}

std::string line_location(std::string_view where, size_t line_number, std::string_view line) {
  return message({where, ": line ", line_number, ": ", quote_line(line)});
}

// Calls f(line_number, line) for each line (split at "\n", a trailing "\r" removed) and stops
// early when f returns false.
template <typename F>
void for_each_line(std::string_view contents, F&& f) {
  size_t number = 1;
  for (size_t start = 0; start < contents.size(); ++number) {
    size_t end = contents.find('\n', start);
    if (end == std::string_view::npos) end = contents.size();
    std::string_view line = contents.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!f(number, line)) return;
    start = end + 1;
  }
}

constexpr std::array<int8_t, 256> make_base64_table() {
  std::array<int8_t, 256> table{};
  for (auto& v : table) v = -1;
  for (int i = 0; i < 26; ++i) table['A' + i] = static_cast<int8_t>(i), table['a' + i] = static_cast<int8_t>(26 + i);
  for (int i = 0; i < 10; ++i) table['0' + i] = static_cast<int8_t>(52 + i);
  table['+'] = 62;
  table['/'] = 63;
  return table;
}
constexpr std::array<int8_t, 256> kBase64 = make_base64_table();

// Standard base64 with "=" padding to a multiple of four characters, written at `out`; returns the
// number of bytes written, or -1 when `in` is not valid.
ptrdiff_t decode_base64(std::string_view in, char* out) {
  if (in.empty() || in.size() % 4 != 0) return -1;
  size_t padding = 0;
  if (in.back() == '=') padding = in[in.size() - 2] == '=' ? 2 : 1;
  char* o = out;
  uint32_t acc = 0;
  for (size_t i = 0; i < in.size() - padding; ++i) {
    const int8_t v = kBase64[static_cast<uint8_t>(in[i])];
    if (v < 0) return -1;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    if (i % 4 == 3) {
      *o++ = static_cast<char>(acc >> 16);
      *o++ = static_cast<char>(acc >> 8);
      *o++ = static_cast<char>(acc);
      acc = 0;
    }
  }
  if (padding == 2) *o++ = static_cast<char>(acc >> 4);
  if (padding == 1) {
    *o++ = static_cast<char>(acc >> 10);
    *o++ = static_cast<char>(acc >> 2);
  }
  return o - out;
}

bool is_field_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

// An odd line, or one an error names: built for size (core/cold.h).
TOKVEC_COLD_BEGIN
// Reads a line that is not plain "base64 rank" (fields split at any run of spaces, tabs, \r, \v
// or \f), decoding its token at `out`: returns the number of bytes written and sets `rank`, or
// throws naming the line.
size_t parse_line(std::string_view where, size_t number, std::string_view line, char* out, uint32_t& rank) {
  std::array<std::string_view, 3> fields;
  size_t count = 0;
  for (size_t i = 0; i < line.size();) {
    while (i < line.size() && is_field_space(line[i])) ++i;
    const size_t start = i;
    while (i < line.size() && !is_field_space(line[i])) ++i;
    if (i > start) {
      if (count < fields.size()) fields[count] = line.substr(start, i - start);
      ++count;
    }
  }
  if (count != 2) {
    throw_error(ErrorCode::kParse, {line_location(where, number, line), ": has ", count,
                                    count == 1 ? " field" : " fields", ", expected a base64 token and a rank"});
  }
  const ptrdiff_t written = decode_base64(fields[0], out);
  if (written < 0) {
    throw Error(ErrorCode::kParse, line_location(where, number, line) + ": \"" + std::string(fields[0]) +
                                       "\" is not valid base64");
  }
  uint64_t value = 0;
  const bool digits = fields[1].size() <= 10 && std::all_of(fields[1].begin(), fields[1].end(), [&](char c) {
    value = value * 10 + static_cast<uint64_t>(c - '0');
    return c >= '0' && c <= '9';
  });
  if (!digits || value > UINT32_MAX) {
    throw Error(ErrorCode::kParse, line_location(where, number, line) + ": rank \"" + std::string(fields[1]) +
                                       "\" is not a whole number from 0 to 4294967295");
  }
  rank = static_cast<uint32_t>(value);
  return static_cast<size_t>(written);
}
TOKVEC_COLD_END

// Reads a .tiktoken file's lines into `entries`, decoding each token at out + used.
struct LineReader {
  const char* p;
  const char* end;
  size_t number;  // of the line at p
  char* out;
  uint32_t used;
  RankEntries* entries;
  std::string_view where;
};

// Reads up to `lines` lines.
void read_lines(LineReader& r, size_t lines) {
  const char* const end = r.end;
  const char* p = r.p;
  char* const out = r.out;
  uint32_t used = r.used;
  size_t number = r.number;
  for (const size_t stop = number + lines; p < end && number < stop; ++number) {
    // A line of the published files: base64 digits and padding, one space, the rank's digits,
    // "\n" or "\r\n". Each character is read once, and anything else is left to parse_line.
    const char* const line = p;
    char* o = out + used;
    for (; end - p >= 4; p += 4) {
      const int8_t a = kBase64[static_cast<uint8_t>(p[0])], b = kBase64[static_cast<uint8_t>(p[1])];
      const int8_t c = kBase64[static_cast<uint8_t>(p[2])], d = kBase64[static_cast<uint8_t>(p[3])];
      if ((a | b | c | d) >= 0) {
        o[0] = static_cast<char>(a << 2 | b >> 4);
        o[1] = static_cast<char>(b << 4 | c >> 2);
        o[2] = static_cast<char>(c << 6 | d);
        o += 3;
        continue;
      }
      if (a < 0 || b < 0 || p[3] != '=' || (c < 0 && p[2] != '=')) break;
      *o++ = static_cast<char>(a << 2 | b >> 4);
      if (c >= 0) *o++ = static_cast<char>(b << 4 | c >> 2);
      p += 4;
      break;
    }
    uint64_t rank = 0;
    bool plain = p > line && p < end && *p == ' ';
    if (plain) {
      const char* const digits = ++p;
      for (; p < end && static_cast<uint8_t>(*p - '0') <= 9; ++p) rank = rank * 10 + static_cast<uint8_t>(*p - '0');
      plain = p > digits && p - digits <= 10 && rank <= UINT32_MAX;
      if (plain && p < end && *p == '\r') ++p;
      if (plain && p < end) plain = *p++ == '\n';
    }
    if (!plain) {
      const void* newline = std::memchr(line, '\n', static_cast<size_t>(end - line));
      p = newline ? static_cast<const char*>(newline) + 1 : end;
      std::string_view text(line, static_cast<size_t>(p - line));
      if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
      if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
      if (text.empty()) continue;
      uint32_t line_rank = 0;
      o = out + used + parse_line(r.where, number, text, out + used, line_rank);
      rank = line_rank;
    }
    used = static_cast<uint32_t>(o - out);
    r.entries->starts.push_back(used);
    r.entries->ranks.push_back(static_cast<uint32_t>(rank));
  }
  r.p = p;
  r.used = used;
  r.number = number;
}

// V8 runs a wasm function in baseline code first and compiles it again, optimized, once it has run
// enough, but only later calls run the optimized code: a loop over the whole file would stay in
// baseline code to its end. Read kLinesPerCall lines a call, most of the file is read by
// optimized code (about 3x as fast). wasm-opt inlines a function with one caller whatever its
// attributes; called through this pointer, read_lines stays a function of its own.
constexpr size_t kLinesPerCall = 2048;
void (*volatile const read_lines_call)(LineReader&, size_t) = &read_lines;

}  // namespace

RankEntries parse_tiktoken(std::string_view contents, std::string_view where) {
  RankEntries entries;
  // No line decodes to more than three quarters of its length: the bytes are written in place,
  // then the string is cut to what they fill.
  const size_t capacity = contents.size() / 4 * 3 + 3;
  if (capacity >= UINT32_MAX) throw Error(ErrorCode::kLimit, std::string(where) + ": tokens total more than 4 GiB");
  entries.bytes.resize(capacity);
  // Lines of the published files are 12-20 characters long.
  entries.starts.reserve(contents.size() / 12 + 1);
  entries.ranks.reserve(contents.size() / 12);
  LineReader reader{contents.data(), contents.data() + contents.size(), 1, entries.bytes.data(), 0, &entries, where};
  while (reader.p < reader.end) read_lines_call(reader, kLinesPerCall);
  if (entries.ranks.empty()) throw Error(ErrorCode::kParse, std::string(where) + ": no ranks (the file is empty)");
  entries.bytes.resize(reader.used);
  entries.bytes.shrink_to_fit();
  return entries;
}

// Assembling the model runs once per load: built for size (core/cold.h); parse_tiktoken above,
// which decodes every line, stays fast.
TOKVEC_COLD_BEGIN
namespace {

// The model of a .tiktoken file; `rank_count` is set to how many ranks the file gives (each a
// distinct id: from_ranks refuses a repeated one).
std::unique_ptr<Bpe> model_from_file(std::string_view contents, std::string_view where, size_t& rank_count) {
  RankEntries entries = parse_tiktoken(contents, where);
  rank_count = entries.size();
  // Entry i is the i-th non-blank line; find it again only to word an error.
  const auto describe = [&](size_t index) {
    std::string location;
    size_t seen = 0;
    for_each_line(contents, [&](size_t number, std::string_view line) {
      if (line.empty()) return true;
      if (seen++ < index) return true;
      location = line_location(where, number, line);
      return false;
    });
    return location;
  };
  return Bpe::from_ranks(std::move(entries), where, describe);
}

}  // namespace

std::unique_ptr<Bpe> load_tiktoken(std::string_view contents, std::string_view where) {
  size_t rank_count = 0;
  return model_from_file(contents, where, rank_count);
}

LoadedBpe load_encoding(std::string_view name, std::string_view tiktoken_contents) {
  const EncodingSpec& spec = encoding_spec(name);
  const std::string where = spec.name + ".tiktoken";
  size_t rank_count = 0;
  LoadedBpe loaded{model_from_file(tiktoken_contents, where, rank_count), spec.pattern, spec.special_tokens};
  const Bpe& model = *loaded.model;
  uint32_t max_id = model.vocab_size() - 1;
  for (const auto& [token, id] : spec.special_tokens) {
    if (id < model.vocab_size() && !model.token_bytes(id).empty()) {
      throw_error(ErrorCode::kInvalidArgument, {where, ": rank ", id, " is also the id of special token ", token, " in ", spec.name});
    }
    max_id = std::max(max_id, id);
  }
  if (spec.explicit_vocab_size != 0) {
    const size_t count = rank_count + spec.special_tokens.size();
    if (count != spec.explicit_vocab_size || max_id + 1 != spec.explicit_vocab_size) {
      throw_error(ErrorCode::kInvalidArgument,
                  {where, ": ", rank_count, " ranks, largest id ", max_id, "; ", spec.name, " has ", spec.explicit_vocab_size,
                   " tokens (ranks and special tokens) with ids 0 to ", spec.explicit_vocab_size - 1, ": is this the right file?"});
    }
  }
  return loaded;
}

LoadedBpe load_gpt2(std::string_view encoder_json, std::string_view vocab_bpe) {
  const nlohmann::json json = JsonView::parse(encoder_json, "encoder.json");
  const JsonView root(json, "encoder.json");
  if (!root.is_object()) root.fail(std::string("expected an object of token: id, got ") + JsonView::type_name(json));
  std::vector<std::pair<std::string, uint32_t>> vocab;
  vocab.reserve(json.size());
  LoadedBpe loaded;
  for (auto it = json.begin(); it != json.end(); ++it) {
    const uint32_t id = it.value().is_number_unsigned() && it.value().get<uint64_t>() <= UINT32_MAX
                            ? static_cast<uint32_t>(it.value().get<uint64_t>())
                            : root.at(it.key()).as_u32();
    vocab.emplace_back(it.key(), id);
    if (it.key() == "<|endoftext|>" || it.key() == "<|startoftext|>") loaded.special_tokens.emplace_back(it.key(), id);
  }

  std::vector<std::pair<std::string, std::string>> merges;
  std::vector<std::pair<size_t, std::string_view>> lines;  // line number and text of each merge
  merges.reserve(vocab.size());
  lines.reserve(vocab.size());
  // The file ends with a newline; an empty line anywhere else is a malformed merge.
  const size_t content_end = vocab_bpe.find_last_not_of("\r\n");
  vocab_bpe = vocab_bpe.substr(0, content_end == std::string_view::npos ? 0 : content_end + 1);
  for_each_line(vocab_bpe, [&](size_t number, std::string_view line) {
    if (line.rfind("#version", 0) == 0) return true;
    const size_t space = line.find(' ');
    if (space == std::string_view::npos || line.find(' ', space + 1) != std::string_view::npos) {
      const auto parts = std::count(line.begin(), line.end(), ' ') + 1;
      throw_error(ErrorCode::kParse, {line_location("vocab.bpe", number, line), ": has ", parts, parts == 1 ? " part" : " parts",
                                      ", expected 2"});
    }
    merges.emplace_back(std::string(line.substr(0, space)), std::string(line.substr(space + 1)));
    lines.emplace_back(number, line);
    return true;
  });

  BpeOptions options;
  options.byte_level = true;
  const auto describe_vocab = [&](size_t i) { return root.at(vocab[i].first).location(); };
  const auto describe_merge = [&](size_t i) { return line_location("vocab.bpe", lines[i].first, lines[i].second); };
  loaded.model = Bpe::from_merges(vocab, merges, options, describe_vocab, describe_merge);
  loaded.pattern = encoding_spec("gpt2").pattern;
  return loaded;
}
TOKVEC_COLD_END

}  // namespace tokvec
