// tokvec::Error — the one exception type the core throws for bad input.
//
// A message says where, what and (when it helps) how to fix it, quoting the value:
//   tokenizer.json: model.merges[17]: "Ġt he" has 3 parts, expected 2
// `assert` guards invariants only a bug could break; user data never aborts.
#pragma once

#include <stdexcept>
#include <string>

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

}  // namespace tokvec
