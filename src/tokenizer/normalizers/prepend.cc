#include "tokenizer/normalizers/prepend.h"

#include "core/utf8.h"
#include "tokenizer/normalizers/rewrite.h"

namespace tokvec {

Prepend::Prepend(std::string prepend) {
  for (size_t i = 0; i < prepend.size();) prepend_.push_back(utf8::decode(prepend, i));
}

void Prepend::normalize(Normalized& s) const {
  if (s.text.empty() || prepend_.empty()) return;
  // HuggingFace replaces the first character by the first prepended one (change 0) and inserts
  // the rest of the prepended string and then the first character again (+1 each).
  size_t first_end = 0;
  const char32_t first = utf8::decode(s.text, first_end);
  Rewrite rewrite(s);
  rewrite.emit(prepend_[0], 0);
  for (size_t i = 1; i < prepend_.size(); ++i) rewrite.emit(prepend_[i], 1);
  rewrite.emit(first, 1);
  rewrite.finish(s);
}

}  // namespace tokvec
