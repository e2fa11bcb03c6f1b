// Normalized: text after the normalizer, with the source span of every byte.
//
// HuggingFace keeps an alignment per normalized byte; so do we, so that offsets after NFKC,
// lowercasing or Metaspace point at exactly the source bytes HuggingFace reports. When no stage
// changed the text, `to_source` stays empty and byte i maps to [base + i, base + i + 1): the common
// tiktoken-style path pays nothing for alignment.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/span.h"

namespace tokvec {

struct Normalized {
  std::string text;
  std::vector<Span> to_source;  // empty = identity; else one span per byte of `text`
  uint32_t base = 0;            // source offset of text[0] when identity

  static Normalized identity(std::string_view source, uint32_t base) {
    return Normalized{std::string(source), {}, base};
  }

  bool is_identity() const { return to_source.empty(); }

  // Source span covered by the normalized byte range r (non-empty).
  Span source_span(Span r) const {
    if (is_identity()) return {base + r.start, base + r.end};
    if (r.empty()) {
      const uint32_t at = r.start < to_source.size() ? to_source[r.start].start
                          : to_source.empty()        ? base
                                                     : to_source.back().end;
      return {at, at};
    }
    return {to_source[r.start].start, to_source[r.end - 1].end};
  }

  // The part of this string covered by normalized byte range r, alignment included.
  Normalized slice(Span r) const {
    Normalized out;
    out.text = text.substr(r.start, r.size());
    if (is_identity()) {
      out.base = base + r.start;
    } else {
      out.to_source.assign(to_source.begin() + r.start, to_source.begin() + r.end);
    }
    return out;
  }

  // Materialises the identity alignment so a stage can edit text and alignment together.
  void make_alignment_explicit() {
    if (!is_identity()) return;
    to_source.resize(text.size());
    for (uint32_t i = 0; i < text.size(); ++i) to_source[i] = {base + i, base + i + 1};
  }
};

}  // namespace tokvec
