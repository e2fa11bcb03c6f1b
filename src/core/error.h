// tokvec::Error — the one exception type the core throws for bad input.
//
// A message says where, what and (when it helps) how to fix it, quoting the value:
//   tokenizer.json: model.merges[17]: "Ġt he" has 3 parts, expected 2
// `assert` guards invariants only a bug could break; user data never aborts.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

namespace tokvec {

// Stable identifiers; the JS binding exposes them as TokvecError.code.
enum class ErrorCode {
  kInvalidArgument,  // wrong type, wrong shape, bad option value
  kOutOfRange,       // id, index or position outside what exists
  kParse,            // a file or string that does not follow its format
  kUnsupported,      // a well-formed feature tokvec does not implement
  kLimit,            // a configured or hard resource limit was exceeded
  kDisposed,         // a handle used after dispose()
};

inline const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kOutOfRange: return "out_of_range";
    case ErrorCode::kParse: return "parse_error";
    case ErrorCode::kUnsupported: return "unsupported";
    case ErrorCode::kLimit: return "limit_exceeded";
    case ErrorCode::kDisposed: return "disposed";
  }
  return "unknown";
}

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

// One piece of a message: text, or an integer written in decimal.
class MessagePart {
 public:
  MessagePart(const char* text) : text_(text) {}
  MessagePart(std::string_view text) : text_(text) {}
  MessagePart(const std::string& text) : text_(text) {}
  template <typename T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool> &&
                                             !std::is_same_v<T, char> && !std::is_same_v<T, char32_t>,
                                         int> = 0>
  MessagePart(T n)
      : number_(n < 0 ? 0 - static_cast<uint64_t>(n) : static_cast<uint64_t>(n)), is_number_(true), negative_(n < 0) {}

  void append_to(std::string& out) const;

 private:
  std::string_view text_;
  uint64_t number_ = 0;
  bool is_number_ = false, negative_ = false;
};

// The pieces joined: message({"decode: id ", id, " is out of range"}). Out of line, once: a chain
// `"a" + std::to_string(n) + "b"` inlines a temporary string per `+` at every call site, each with
// its own cleanup code (size budget, issue 7).
std::string message(std::initializer_list<MessagePart> parts);
[[noreturn]] void throw_error(ErrorCode code, std::initializer_list<MessagePart> parts);

}  // namespace tokvec
