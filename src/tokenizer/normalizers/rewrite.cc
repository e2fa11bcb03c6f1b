#include "tokenizer/normalizers/rewrite.h"

#include <cassert>

#include "core/utf8.h"

namespace tokvec {

Span Rewrite::old_span(size_t start, size_t end) const {
  if (old_.is_identity()) return {static_cast<uint32_t>(old_.base + start), static_cast<uint32_t>(old_.base + end)};
  return {old_.to_source[start].start, old_.to_source[end - 1].end};
}

void Rewrite::append(char32_t cp, Span align) {
  const size_t before = out_text_.size();
  if (cp < 0x80) {
    out_text_.push_back(static_cast<char>(cp));
  } else {
    utf8::append(out_text_, cp);
  }
  out_align_.insert(out_align_.end(), out_text_.size() - before, align);
}

Span Rewrite::consume() {
  assert(pos_ < text_.size());
  const size_t start = pos_;
  utf8::decode(text_, pos_);
  last_start_ = start;
  return old_span(start, pos_);
}

void Rewrite::keep(size_t end) {
  if (end <= pos_) return;
  out_text_.append(text_.data() + pos_, end - pos_);
  if (old_.is_identity()) {
    for (size_t i = pos_; i < end; ++i) {
      out_align_.push_back({static_cast<uint32_t>(old_.base + i), static_cast<uint32_t>(old_.base + i + 1)});
    }
  } else {
    out_align_.insert(out_align_.end(), old_.to_source.begin() + pos_, old_.to_source.begin() + end);
  }
  size_t last = end - 1;
  while (last > pos_ && (static_cast<uint8_t>(text_[last]) & 0xC0) == 0x80) --last;
  last_start_ = last;
  pos_ = end;
}

void Rewrite::remove(size_t end) {
  while (pos_ < end) consume();
}

void Rewrite::emit(char32_t cp, int change) {
  if (change > 0) {
    append(cp, pos_ == 0 ? Span{old_.base, old_.base} : old_span(last_start_, pos_));
    return;
  }
  append(cp, consume());
  for (int i = 0; i < -change; ++i) consume();
}

void Rewrite::finish(Normalized& s) {
  keep(text_.size());
  finish_dropping_rest(s);
}

void Rewrite::finish_dropping_rest(Normalized& s) {
  assert(&s == &old_);
  s.text = std::move(out_text_);
  s.to_source = std::move(out_align_);
}

}  // namespace tokvec

// Design notes
//
// One editor for every normalizer. HuggingFace's alignments are the result of its transform
// bookkeeping, quirks included (a composed character keeps only its first piece's span; inserted
// characters copy the last consumed one; Precompiled's lost removals at the text start shift the
// spans after them). Replaying that bookkeeping is the only way to match it everywhere, so the
// normalizers state their edits in HuggingFace's own terms and never compute spans themselves.
//
// Cost. A normalizer scans first and creates a Rewrite only at the first edit, so text it leaves
// alone is neither copied nor given an explicit alignment (NFC of ASCII or of already composed
// text is a read-only pass). Once a Rewrite exists, the alignment is explicit: 8 bytes of Span per
// byte of text. `keep` copies runs of unchanged text (and their spans) in bulk, so the per-character
// work is spent only on characters that change.
