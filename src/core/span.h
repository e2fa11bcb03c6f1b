// Span: a half-open byte range [start, end) into a UTF-8 string.
#pragma once

#include <cstdint>

namespace tokvec {

struct Span {
  uint32_t start = 0;
  uint32_t end = 0;

  uint32_t size() const { return end - start; }
  bool empty() const { return start == end; }
  friend bool operator==(const Span& a, const Span& b) { return a.start == b.start && a.end == b.end; }
};

}  // namespace tokvec
