#include "tokenizer/normalizers/lowercase.h"

#include "core/utf8.h"
#include "unicode/unicode.h"

namespace tokvec {

void Lowercase::normalize(Normalized& s) const {
  const std::string_view in = s.text;
  std::string out;
  out.reserve(in.size());
  std::u32string lower;
  // Most text keeps each character's UTF-8 length when lowercased; then the byte alignment is
  // unchanged and an identity alignment can stay implicit.
  bool same_lengths = true;
  for (size_t i = 0; i < in.size();) {
    const auto b = static_cast<unsigned char>(in[i]);
    if (b < 0x80) {
      out.push_back(b >= 'A' && b <= 'Z' ? static_cast<char>(b + 32) : static_cast<char>(b));
      ++i;
      continue;
    }
    const size_t start = i;
    const char32_t cp = utf8::decode(in, i);
    lower.clear();
    unicode::append_lowercase(cp, lower);
    const size_t before = out.size();
    for (char32_t c : lower) utf8::append(out, c);
    if (out.size() - before != i - start) same_lengths = false;
  }
  if (same_lengths) {
    s.text = std::move(out);
    return;
  }
  // Lengths changed: every output byte takes the source span of the character it came from.
  std::vector<Span> align;
  align.reserve(out.size());
  for (size_t i = 0; i < in.size();) {
    const size_t start = i;
    const char32_t cp = utf8::decode(in, i);
    lower.clear();
    unicode::append_lowercase(cp, lower);
    std::string bytes;
    for (char32_t c : lower) utf8::append(bytes, c);
    const Span source = s.source_span({static_cast<uint32_t>(start), static_cast<uint32_t>(i)});
    align.insert(align.end(), bytes.size(), source);
  }
  s.text = std::move(out);
  s.to_source = std::move(align);
}

}  // namespace tokvec
