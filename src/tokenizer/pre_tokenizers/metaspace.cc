#include "tokenizer/pre_tokenizers/metaspace.h"

#include "core/utf8.h"
#include "tokenizer/pre_tokenizers/splitting.h"

namespace tokvec {

MetaspaceOptions parse_metaspace_options(const JsonView& j) {
  MetaspaceOptions options;
  const JsonView replacement = j.at("replacement");
  options.replacement = replacement.as_char();
  options.replacement_utf8 = replacement.as_string();
  if (auto scheme = j.find("prepend_scheme")) {
    const std::string name = scheme->as_string();
    if (name == "first") options.prepend_scheme = PrependScheme::kFirst;
    else if (name == "never") options.prepend_scheme = PrependScheme::kNever;
    else if (name == "always") options.prepend_scheme = PrependScheme::kAlways;
    else scheme->fail("unknown prepend_scheme \"" + name + "\", expected one of first, never, always");
  }
  if (auto add_prefix_space = j.find("add_prefix_space"); add_prefix_space && !add_prefix_space->as_bool()) {
    if (options.prepend_scheme != PrependScheme::kNever) {
      add_prefix_space->fail("false does not match prepend_scheme, which must then be \"never\"");
    }
  }
  options.split = j.bool_or("split", true);
  return options;
}

namespace {

bool starts_with_char(std::string_view text, size_t at, char32_t cp) {
  return utf8::decode(text, at) == cp;
}

// Where `needle` (one character's UTF-8) next occurs in text[from, ...), or npos. A byte loop:
// pieces are words of a few bytes, and this file is built for size, where string_view::find is a
// call into memchr and a compare per piece.
size_t find_char(std::string_view text, size_t from, std::string_view needle) {
  for (size_t at = from; at + needle.size() <= text.size(); ++at) {
    if (text[at] != needle[0]) continue;
    size_t k = 1;
    while (k < needle.size() && text[at + k] == needle[k]) ++k;
    if (k == needle.size()) return at;
  }
  return std::string_view::npos;
}

}  // namespace

void Metaspace::split(Normalized& s, std::vector<Span>& pieces) const {
  const std::string_view text = s.text;
  const MetaspaceOptions& o = options_;
  // After spaces become replacements, a piece starts with a replacement when it started with
  // either.
  auto needs_prefix = [&](const Span& p) {
    if (o.prepend_scheme == PrependScheme::kNever) return false;
    if (text[p.start] == ' ') return false;
    // Only U+FFFD can start where its first byte is not (invalid bytes decode to it).
    if ((text[p.start] == o.replacement_utf8[0] || o.replacement == utf8::kReplacement) &&
        starts_with_char(text, p.start, o.replacement)) {
      return false;
    }
    if (o.prepend_scheme == PrependScheme::kAlways) return true;
    const bool whole = p.start == 0 && p.end == text.size();
    return whole ? s.base == 0 : s.source_span(p).start == 0;
  };

  bool rewrite = false;
  std::vector<bool> prefix(pieces.size());
  for (size_t k = 0; k < pieces.size(); ++k) {
    prefix[k] = needs_prefix(pieces[k]);
    rewrite = rewrite || prefix[k] || find_char(text.substr(0, pieces[k].end), pieces[k].start, " ") != std::string_view::npos;
  }
  if (rewrite) {
    PieceRewriter rewriter(s);
    for (size_t k = 0; k < pieces.size(); ++k) {
      Span& p = pieces[k];
      rewriter.copy_to(p.start);
      const uint32_t start = rewriter.size();
      if (prefix[k]) rewriter.insert(o.replacement_utf8, rewriter.source_of_char(p.start));
      const std::string_view bounded(text.data(), p.end);
      for (size_t at = bounded.find(' ', p.start); at != std::string_view::npos; at = bounded.find(' ', at + 1)) {
        rewriter.copy_to(static_cast<uint32_t>(at));
        rewriter.replace(1, o.replacement_utf8);
      }
      rewriter.copy_to(p.end);
      p = {start, rewriter.size()};
    }
    rewriter.finish();
  }
  if (!o.split) return;
  const char32_t replacement = o.replacement;
  if (replacement == utf8::kReplacement) {
    // Invalid bytes decode to U+FFFD too: only decoding finds every one.
    split_at_chars(s, pieces, [replacement](char32_t cp) { return cp == replacement; },
                   SplitDelimiterBehavior::kMergedWithNext);
    return;
  }
  // MergedWithNext at one character cuts each piece before every replacement it holds past its
  // start. Any other character is found by its bytes: its lead byte is no continuation byte, and
  // the decoder restarts at every lead byte, so those bytes occur exactly where it decodes it.
  const std::string_view needle = o.replacement_utf8;
  std::vector<Span> out;
  out.reserve(pieces.size() * 2);
  for (const Span& p : pieces) {
    const std::string_view bounded(s.text.data(), p.end);
    uint32_t start = p.start;
    for (size_t at = find_char(bounded, p.start + 1, needle); at != std::string_view::npos; at = find_char(bounded, at + 1, needle)) {
      out.push_back({start, static_cast<uint32_t>(at)});
      start = static_cast<uint32_t>(at);
    }
    if (start < p.end) out.push_back({start, p.end});
  }
  pieces = std::move(out);
}

}  // namespace tokvec
