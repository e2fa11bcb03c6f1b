// Rewrite: edits a Normalized text the way HuggingFace's NormalizedString::transform does, so
// every normalizer gets HuggingFace's alignments by construction.
//
// HuggingFace describes an edit as the new characters, each with a `change`:
//    0  the character replaces the next old character and takes that character's alignment;
//   -N  the same, and the N old characters after that one are removed;
//   +1  the character is inserted and takes the alignment of the last old character consumed
//       (the string's own start, (0, 0), when none was consumed yet);
// plus `initial_offset`, old characters removed before the first new one. A Rewrite walks the old
// text once with those operations (and `keep`, a run of characters replaced by themselves) and
// builds the new text and its `to_source` side by side.
//
// An old character's alignment is the source span of all its bytes: HuggingFace gives every byte
// of a character the character's span, and our identity alignment (byte i -> [i, i + 1)) covers the
// same span once its bytes are taken together.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "core/span.h"
#include "tokenizer/normalized.h"

namespace tokvec {

// First position at or after `i` that holds a non-ASCII byte (text.size() if none). Normalizers
// skip ASCII with it eight bytes at a time: it is most text, and most of them leave it alone.
inline size_t skip_ascii(std::string_view text, size_t i) {
  while (i + 8 <= text.size()) {
    uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    if (word & 0x8080808080808080ull) break;
    i += 8;
  }
  while (i < text.size() && static_cast<uint8_t>(text[i]) < 0x80) ++i;
  return i;
}

class Rewrite {
 public:
  explicit Rewrite(const Normalized& old) : old_(old), text_(old.text) {
    out_text_.reserve(old.text.size() + old.text.size() / 8 + 8);
    out_align_.reserve(out_text_.capacity());
  }

  // Byte offset in the old text of the next character not yet consumed.
  size_t position() const { return pos_; }

  // Old characters in [position(), end) stay as they are (each a change-0 replacement by itself).
  void keep(size_t end);
  // Old characters in [position(), end) are removed (HuggingFace's initial_offset, or the -N of
  // the character emitted before them).
  void remove(size_t end);
  // Emits one new character with HuggingFace's change value (see the header comment).
  void emit(char32_t cp, int change);

  // Keeps the rest of the old text and moves the result into `s` (which must be the old text).
  void finish(Normalized& s);
  // Moves the result into `s`, dropping old characters not consumed: HuggingFace's transform
  // replaces the whole old text with what the changes produced.
  void finish_dropping_rest(Normalized& s);

 private:
  // Consumes the old character at pos_ and returns its source span.
  Span consume();
  Span old_span(size_t start, size_t end) const;
  void append(char32_t cp, Span align);

  const Normalized& old_;
  std::string_view text_;
  size_t pos_ = 0;
  size_t last_start_ = 0;  // start of the last consumed old character (valid when pos_ > 0)
  std::string out_text_;
  std::vector<Span> out_align_;
};

}  // namespace tokvec
