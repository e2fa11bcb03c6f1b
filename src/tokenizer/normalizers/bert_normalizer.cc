#include "tokenizer/normalizers/bert_normalizer.h"

#include <optional>

#include "core/utf8.h"
#include "tokenizer/normalizers/lowercase.h"
#include "tokenizer/normalizers/normal_forms.h"
#include "tokenizer/normalizers/normalizer_tables.h"
#include "tokenizer/normalizers/rewrite.h"
#include "unicode/unicode.h"

namespace tokvec {

bool is_chinese_char(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF) ||
         (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
}

bool is_dropped_by_clean_text(char32_t cp) {
  if (cp == 0 || cp == 0xFFFD) return true;
  if (cp == '\t' || cp == '\n' || cp == '\r') return false;
  if (unicode::is_control(cp)) return true;
  if ((cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xF0000 && cp <= 0xFFFFD) || (cp >= 0x100000 && cp <= 0x10FFFD)) {
    return true;
  }
  return normalizer_tables::is_format_unicode8(cp);
}

namespace {

void run_clean_text(Normalized& s) {
  const std::string_view text = s.text;
  std::optional<Rewrite> rewrite;
  for (size_t i = 0; i < text.size();) {
    const auto b = static_cast<uint8_t>(text[i]);
    if (b > 0x20 && b < 0x7F) {
      ++i;
      continue;
    }
    const size_t start = i;
    const char32_t cp = utf8::decode(text, i);
    if (cp == ' ') continue;
    const bool dropped = is_dropped_by_clean_text(cp);
    if (!dropped && !unicode::is_white_space(cp)) continue;
    if (!rewrite) rewrite.emplace(s);
    rewrite->keep(start);
    if (dropped) {
      rewrite->remove(i);
    } else {
      rewrite->emit(U' ', 0);
    }
  }
  if (rewrite) rewrite->finish(s);
}

void pad_chinese_chars(Normalized& s) {
  const std::string_view text = s.text;
  std::optional<Rewrite> rewrite;
  for (size_t i = 0; i < text.size();) {
    const auto b = static_cast<uint8_t>(text[i]);
    if (b < 0xE3) {  // every ideograph is at U+3400 or above
      i = b < 0x80 ? skip_ascii(text, i) : i + utf8::sequence_length(b);
      continue;
    }
    const size_t start = i;
    size_t next = i;  // a copy keeps `i` in a register (see StripAccents)
    const char32_t cp = utf8::decode(text, next);
    i = next;
    if (!is_chinese_char(cp)) continue;
    if (!rewrite) rewrite.emplace(s);
    rewrite->keep(start);
    rewrite->emit(U' ', 0);
    rewrite->emit(cp, 1);
    rewrite->emit(U' ', 1);
  }
  if (rewrite) rewrite->finish(s);
}

void drop_nonspacing_marks(Normalized& s) {
  const std::string_view text = s.text;
  std::optional<Rewrite> rewrite;
  for (size_t i = 0; i < text.size();) {
    const auto b = static_cast<uint8_t>(text[i]);
    if (b < 0xCC) {
      i = b < 0x80 ? skip_ascii(text, i) : i + utf8::sequence_length(b);
      continue;
    }
    const size_t start = i;
    size_t next = i;  // a copy keeps `i` in a register (see StripAccents)
    const char32_t cp = utf8::decode(text, next);
    i = next;
    if (!normalizer_tables::is_nonspacing_mark_unicode8(cp)) continue;
    if (!rewrite) rewrite.emplace(s);
    rewrite->keep(start);
    rewrite->remove(i);
  }
  if (rewrite) rewrite->finish(s);
}

}  // namespace

void BertNormalizer::normalize(Normalized& s) const {
  if (clean_text_) run_clean_text(s);
  if (handle_chinese_chars_) pad_chinese_chars(s);
  if (strip_accents_) {
    normalize_form(s, unicode::NormalForm::NFD);
    drop_nonspacing_marks(s);
  }
  if (lowercase_) Lowercase().normalize(s);
}

}  // namespace tokvec
