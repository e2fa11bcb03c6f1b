// JsonView: nlohmann::json with the path that leads to it, so a loader's errors say where.
//
// nlohmann reports `key not found`; a JsonView reports
//   tokenizer.json: model.merges[17]: expected a string, got number
// Every accessor that can fail throws tokvec::Error (kParse) with the path and what was found.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/function_ref.h"

namespace tokvec {

// Appends s as a JSON string literal (quotes and escapes as nlohmann's dump() writes them).
void append_json_string(std::string& out, std::string_view s);

class JsonView {
 public:
  // `where` names the document for messages, e.g. "tokenizer.json".
  JsonView(const nlohmann::json& value, std::string where, std::string path = "")
      : value_(&value), where_(std::move(where)), path_(std::move(path)) {}

  // Parses text; a syntax error names the byte offset.
  static nlohmann::json parse(std::string_view text, std::string_view where);

  const nlohmann::json& raw() const { return *value_; }
  // "tokenizer.json: model.vocab" (or just "tokenizer.json" at the root).
  std::string location() const { return path_.empty() ? where_ : where_ + ": " + path_; }
  const std::string& path() const { return path_; }

  bool is_null() const { return value_->is_null(); }
  bool is_string() const { return value_->is_string(); }
  bool is_array() const { return value_->is_array(); }
  bool is_object() const { return value_->is_object(); }
  bool is_number() const { return value_->is_number(); }
  bool is_bool() const { return value_->is_boolean(); }

  // Object members. `at` requires the key; `find` treats a missing key and null alike.
  bool has(std::string_view key) const;
  JsonView at(std::string_view key) const;
  std::optional<JsonView> find(std::string_view key) const;
  // Array items.
  JsonView at(size_t index) const;
  size_t size() const;  // of an array or object; throws for other types

  std::string as_string() const;
  bool as_bool() const;
  double as_number() const;
  int64_t as_int() const;
  uint32_t as_u32() const;  // a whole number in [0, 2^32)
  char32_t as_char() const;  // a string of exactly one code point

  // Optional members with defaults.
  std::string string_or(std::string_view key, std::string_view fallback) const;
  bool bool_or(std::string_view key, bool fallback) const;
  double number_or(std::string_view key, double fallback) const;

  // Calls f(item) for each array item, f(key, value) for each object member (nlohmann keeps
  // object members sorted by key, not in document order).
  void for_each_item(FunctionRef<void(const JsonView&)> f) const;
  void for_each_member(FunctionRef<void(const std::string&, const JsonView&)> f) const;

  // The component's "type" (required).
  std::string type() const { return at("type").as_string(); }

  [[noreturn]] void fail(std::string_view what, ErrorCode code = ErrorCode::kParse) const;
  // "unsupported" error naming the value: `tokenizer.json: normalizer: unsupported type "Foo"`.
  [[noreturn]] void unsupported(std::string_view what) const { fail(what, ErrorCode::kUnsupported); }

  static const char* type_name(const nlohmann::json& value);

  // The value as compact JSON text, for messages: `got ["a"]`. The same text as nlohmann's dump()
  // (object members in key order, floats in their shortest form that reads back the same), but
  // for the last digit of some floats of 16 or 17 digits, where nlohmann's Grisu2 picks another
  // (checked over 600,000 doubles: 0.4% differ, all read back the same). Written here because
  // nlohmann's serializer costs more wasm than the rest of this file (size budget, issue 7).
  std::string dump() const { return dump(*value_); }
  static std::string dump(const nlohmann::json& value);

 private:
  std::string child_path(std::string_view key) const;
  std::string child_path(size_t index) const;
  void expect(bool ok, const char* expected) const;

  const nlohmann::json* value_;
  std::string where_;
  std::string path_;
};

}  // namespace tokvec
