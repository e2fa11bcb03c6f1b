#include "core/json.h"

#include <cmath>

#include "core/decimal.h"
#include "core/utf8.h"

namespace tokvec {

nlohmann::json JsonView::parse(std::string_view text, std::string_view where) {
  // nlohmann would say "unexpected end of input" at byte 1: say what is wrong instead.
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    throw_error(ErrorCode::kParse, {where, ": the input is empty (", text.size(), " bytes), expected a JSON document"});
  }
  // Deeply nested input must not exhaust the stack: count the depth before nlohmann recurses.
  constexpr int kMaxDepth = 512;
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) {
        throw_error(ErrorCode::kParse, {where, ": nesting deeper than ", kMaxDepth, " levels at byte ", i});
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  try {
    // json::parse picks between two parser instantiations (with and without a callback) at run
    // time, and json::sax_parse between the JSON parser and the reader of the binary formats
    // (CBOR, MessagePack, UBJSON, BJData, BSON), so each would land in the module. Driving the
    // JSON parser with nlohmann's own DOM builder instantiates that one only (about 20 KB of
    // wasm less). Same grammar, strict end-of-input check and exceptions.
    nlohmann::json result;
    nlohmann::detail::json_sax_dom_parser<nlohmann::json> builder(result, true);
    auto input = nlohmann::detail::input_adapter(text.begin(), text.end());
    nlohmann::detail::parser<nlohmann::json, decltype(input)>(std::move(input), nullptr, true, false).sax_parse(&builder, true);
    return result;
  } catch (const nlohmann::json::parse_error& e) {
    // Drop nlohmann's "[json.exception.parse_error.101] " prefix; keep its description.
    std::string_view detail = e.what();
    if (const size_t close = detail.find("] "); close != std::string_view::npos) detail.remove_prefix(close + 2);
    throw_error(ErrorCode::kParse, {where, ": not valid JSON at byte ", e.byte, ": ", detail});
  } catch (const nlohmann::json::exception& e) {
    // Well-formed but unrepresentable, e.g. the number 1e999.
    std::string_view detail = e.what();
    if (const size_t close = detail.find("] "); close != std::string_view::npos) detail.remove_prefix(close + 2);
    throw Error(ErrorCode::kParse, std::string(where) + ": " + std::string(detail));
  }
}

const char* JsonView::type_name(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::object: return "object";
    case nlohmann::json::value_t::array: return "array";
    case nlohmann::json::value_t::string: return "string";
    case nlohmann::json::value_t::boolean: return "boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float: return "number";
    default: return "binary";
  }
}

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

namespace {

// nlohmann's float format: the shortest digits that read back as the same double, then fixed
// notation for decimal exponents -4 < n <= 15 (with ".0" when the value is whole), else d.ddde±XX.
void append_float(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  if (value == 0) {
    out += std::signbit(value) ? "-0.0" : "0.0";
    return;
  }
  const ShortestDecimal d = shortest_decimal(value);
  append_decimal(out, d, 15);
  if (d.count <= d.exponent && d.exponent <= 15) out += ".0";
}

void append_json(std::string& out, const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null: out += "null"; break;
    case nlohmann::json::value_t::boolean: out += value.get<bool>() ? "true" : "false"; break;
    case nlohmann::json::value_t::number_integer: out += std::to_string(value.get<int64_t>()); break;
    case nlohmann::json::value_t::number_unsigned: out += std::to_string(value.get<uint64_t>()); break;
    case nlohmann::json::value_t::number_float: append_float(out, value.get<double>()); break;
    case nlohmann::json::value_t::string: append_json_string(out, value.get_ref<const std::string&>()); break;
    case nlohmann::json::value_t::array: {
      out += '[';
      for (size_t i = 0; i < value.size(); ++i) {
        if (i > 0) out += ',';
        append_json(out, value[i]);
      }
      out += ']';
      break;
    }
    case nlohmann::json::value_t::object: {
      out += '{';
      bool first = true;
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, it.key());
        out += ':';
        append_json(out, *it);
      }
      out += '}';
      break;
    }
    default: out += "<binary>"; break;
  }
}

}  // namespace

std::string JsonView::dump(const nlohmann::json& value) {
  std::string out;
  append_json(out, value);
  return out;
}

void JsonView::fail(std::string_view what, ErrorCode code) const {
  throw Error(code, location() + ": " + std::string(what));
}

void JsonView::expect(bool ok, const char* expected) const {
  if (!ok) fail(std::string("expected ") + expected + ", got " + type_name(*value_));
}

std::string JsonView::child_path(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

std::string JsonView::child_path(size_t index) const { return message({path_, "[", index, "]"}); }

bool JsonView::has(std::string_view key) const {
  return value_->is_object() && value_->find(key) != value_->end();
}

JsonView JsonView::at(std::string_view key) const {
  expect(value_->is_object(), "an object");
  auto it = value_->find(key);
  if (it == value_->end()) fail("missing \"" + std::string(key) + "\"");
  return JsonView(*it, where_, child_path(key));
}

std::optional<JsonView> JsonView::find(std::string_view key) const {
  expect(value_->is_object(), "an object");
  auto it = value_->find(key);
  if (it == value_->end() || it->is_null()) return std::nullopt;
  return JsonView(*it, where_, child_path(key));
}

JsonView JsonView::at(size_t index) const {
  expect(value_->is_array(), "an array");
  if (index >= value_->size()) fail(message({"has no item ", index}), ErrorCode::kOutOfRange);
  return JsonView((*value_)[index], where_, child_path(index));
}

size_t JsonView::size() const {
  expect(value_->is_array() || value_->is_object(), "an array or object");
  return value_->size();
}

std::string JsonView::as_string() const {
  expect(value_->is_string(), "a string");
  return value_->get<std::string>();
}

bool JsonView::as_bool() const {
  expect(value_->is_boolean(), "a boolean");
  return value_->get<bool>();
}

double JsonView::as_number() const {
  expect(value_->is_number(), "a number");
  return value_->get<double>();
}

int64_t JsonView::as_int() const {
  expect(value_->is_number(), "a number");
  if (value_->is_number_float()) {
    const double d = value_->get<double>();
    if (!(std::floor(d) == d && std::abs(d) < 9e15)) fail("expected a whole number, got " + dump());
    return static_cast<int64_t>(d);
  }
  if (value_->is_number_unsigned() && value_->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
    fail("number " + dump() + " is too large");
  }
  return value_->get<int64_t>();
}

uint32_t JsonView::as_u32() const {
  const int64_t v = as_int();
  if (v < 0 || v > static_cast<int64_t>(UINT32_MAX)) fail("expected a whole number from 0 to 4294967295, got " + dump());
  return static_cast<uint32_t>(v);
}

char32_t JsonView::as_char() const {
  const std::string text = as_string();
  size_t i = 0;
  const char32_t cp = text.empty() ? 0 : utf8::decode(text, i);
  if (text.empty() || i != text.size()) fail("expected a single character, got \"" + text + "\"");
  return cp;
}

std::string JsonView::string_or(std::string_view key, std::string_view fallback) const {
  auto v = find(key);
  return v ? v->as_string() : std::string(fallback);
}

bool JsonView::bool_or(std::string_view key, bool fallback) const {
  auto v = find(key);
  return v ? v->as_bool() : fallback;
}

double JsonView::number_or(std::string_view key, double fallback) const {
  auto v = find(key);
  return v ? v->as_number() : fallback;
}

void JsonView::for_each_item(FunctionRef<void(const JsonView&)> f) const {
  expect(value_->is_array(), "an array");
  for (size_t i = 0; i < value_->size(); ++i) f(JsonView((*value_)[i], where_, child_path(i)));
}

void JsonView::for_each_member(FunctionRef<void(const std::string&, const JsonView&)> f) const {
  expect(value_->is_object(), "an object");
  for (auto it = value_->begin(); it != value_->end(); ++it) f(it.key(), JsonView(*it, where_, child_path(it.key())));
}

}  // namespace tokvec
