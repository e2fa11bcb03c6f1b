// The out-of-line message builder of error.h.
#include "core/error.h"

#include "core/cold.h"

namespace tokvec {

// Error paths only: built for size (core/cold.h).
TOKVEC_COLD_BEGIN
void MessagePart::append_to(std::string& out) const {
  if (!is_number_) {
    out.append(text_);
    return;
  }
  char digits[20];
  size_t start = sizeof digits;
  uint64_t rest = number_;
  do {
    digits[--start] = static_cast<char>('0' + rest % 10);
    rest /= 10;
  } while (rest != 0);
  if (negative_) out.push_back('-');
  out.append(digits + start, sizeof digits - start);
}

std::string message(std::initializer_list<MessagePart> parts) {
  std::string out;
  for (const MessagePart& part : parts) part.append_to(out);
  return out;
}

void throw_error(ErrorCode code, std::initializer_list<MessagePart> parts) { throw Error(code, message(parts)); }
TOKVEC_COLD_END

}  // namespace tokvec
