#include "tokenizer/normalizers/precompiled.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "core/cold.h"
#include "core/error.h"
#include "core/utf8.h"
#include "tokenizer/normalizers/normalizer_tables.h"
#include "tokenizer/normalizers/rewrite.h"

namespace tokvec {

namespace {

// Darts-clone double-array unit fields, as spm_precompiled reads them.
bool unit_has_leaf(uint32_t unit) { return (unit >> 8) & 1; }
uint32_t unit_value(uint32_t unit) { return unit & 0x7FFFFFFFu; }
uint32_t unit_label(uint32_t unit) { return unit & (0x80000000u | 0xFFu); }
uint32_t unit_offset(uint32_t unit) { return (unit >> 10) << ((unit & (1u << 9)) >> 6); }

[[noreturn]] void fail(std::string_view where, std::initializer_list<MessagePart> what) {
  throw Error(ErrorCode::kParse, message({where, ": "}) + message(what));
}

using normalizer_tables::GraphemeBreak;

bool is_control_break(GraphemeBreak b) {
  return b == GraphemeBreak::Control || b == GraphemeBreak::CR || b == GraphemeBreak::LF;
}

// A grapheme that is one ASCII character: it is followed by ASCII or the end (ASCII never extends
// a cluster) and is not CR (which joins a following LF).
bool is_ascii_grapheme(std::string_view text, size_t i) {
  const auto b = static_cast<uint8_t>(text[i]);
  return b < 0x80 && b != '\r' && (i + 1 == text.size() || static_cast<uint8_t>(text[i + 1]) < 0x80);
}

}  // namespace

// grapheme_end asks for every character of the text, and the run table's binary search cost more
// than the rest of Precompiled on CJK text: the Basic Multilingual Plane is read from a table of
// one byte a code point, filled from the runs on first use.
GraphemeBreak grapheme_break_of(char32_t cp) {
  if (cp < 0x7F || cp >= 0x10000) return normalizer_tables::grapheme_break(cp);
  static const std::vector<uint8_t> bmp = [] {
    std::vector<uint8_t> table(0x10000);
    for (size_t run = 0; run < normalizer_tables::kGraphemeBreakRunCount; ++run) {
      const char32_t start = normalizer_tables::kGraphemeBreakStarts[run];
      if (start >= 0x10000) break;
      const char32_t end = run + 1 < normalizer_tables::kGraphemeBreakRunCount
                               ? std::min<char32_t>(normalizer_tables::kGraphemeBreakStarts[run + 1], 0x10000)
                               : 0x10000;
      std::fill(table.begin() + start, table.begin() + end, normalizer_tables::kGraphemeBreakValues[run]);
    }
    return table;
  }();
  return static_cast<GraphemeBreak>(bmp[cp]);
}

// UAX #29 rules GB3-GB13. The crate also applies GB9c (Indic conjuncts,
// Unicode 15.1); a cluster it joins that way spans at least three 3-byte characters, so it is
// looked up character by character either way and splitting it changes nothing here.
size_t grapheme_end(std::string_view text, size_t start) {
  size_t end = start;
  GraphemeBreak prev = grapheme_break_of(utf8::decode(text, end));
  bool pictographic = prev == GraphemeBreak::ExtendedPictographic;  // ExtPict Extend* so far
  bool zwj_after_pictographic = false;
  int regional_indicators = prev == GraphemeBreak::RegionalIndicator ? 1 : 0;
  while (end < text.size()) {
    size_t next = end;
    const GraphemeBreak cur = grapheme_break_of(utf8::decode(text, next));
    bool joined;
    if (prev == GraphemeBreak::CR && cur == GraphemeBreak::LF) {
      joined = true;  // GB3
    } else if (is_control_break(prev) || is_control_break(cur)) {
      joined = false;  // GB4, GB5
    } else if (prev == GraphemeBreak::L && (cur == GraphemeBreak::L || cur == GraphemeBreak::V ||
                                            cur == GraphemeBreak::LV || cur == GraphemeBreak::LVT)) {
      joined = true;  // GB6
    } else if ((prev == GraphemeBreak::LV || prev == GraphemeBreak::V) &&
               (cur == GraphemeBreak::V || cur == GraphemeBreak::T)) {
      joined = true;  // GB7
    } else if ((prev == GraphemeBreak::LVT || prev == GraphemeBreak::T) && cur == GraphemeBreak::T) {
      joined = true;  // GB8
    } else if (cur == GraphemeBreak::Extend || cur == GraphemeBreak::ZWJ || cur == GraphemeBreak::SpacingMark) {
      joined = true;  // GB9, GB9a
    } else if (prev == GraphemeBreak::Prepend) {
      joined = true;  // GB9b
    } else if (prev == GraphemeBreak::ZWJ && cur == GraphemeBreak::ExtendedPictographic) {
      joined = zwj_after_pictographic;  // GB11
    } else if (prev == GraphemeBreak::RegionalIndicator && cur == GraphemeBreak::RegionalIndicator) {
      joined = regional_indicators % 2 == 1;  // GB12, GB13
    } else {
      joined = false;  // GB999
    }
    if (!joined) break;
    zwj_after_pictographic = cur == GraphemeBreak::ZWJ && pictographic;
    pictographic = cur == GraphemeBreak::ExtendedPictographic || (pictographic && cur == GraphemeBreak::Extend);
    regional_indicators = cur == GraphemeBreak::RegionalIndicator ? regional_indicators + 1 : 0;
    prev = cur;
    end = next;
  }
  return end;
}

// Once per load: built for size (core/cold.h).
TOKVEC_COLD_BEGIN
std::string Precompiled::decode_base64(std::string_view text, std::string_view where) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  if (text.size() % 4 != 0) {
    fail(where, {"base64 of ", text.size(), " characters, expected a multiple of 4"});
  }
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    int v[4];
    int padding = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = text[i + k];
      const bool last_group = i + 4 == text.size();
      if (c == '=' && last_group && k >= 2 && (k == 3 || text[i + 3] == '=')) {
        v[k] = 0;
        ++padding;
        continue;
      }
      v[k] = value(c);
      if (v[k] < 0 || padding > 0) {
        fail(where, {"invalid base64 character '", std::string_view(&c, 1), "' at offset ", i + k});
      }
    }
    const uint32_t bits = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
    out.push_back(static_cast<char>(bits >> 16));
    if (padding < 2) out.push_back(static_cast<char>((bits >> 8) & 0xFF));
    if (padding < 1) out.push_back(static_cast<char>(bits & 0xFF));
  }
  return out;
}

Precompiled::Precompiled(std::string_view charsmap, std::string_view where) {
  if (charsmap.size() < 4) {
    fail(where, {"charsmap of ", charsmap.size(), " bytes is too short for its 4-byte trie size"});
  }
  auto read_u32 = [&](size_t at) {
    return static_cast<uint32_t>(static_cast<uint8_t>(charsmap[at])) |
           static_cast<uint32_t>(static_cast<uint8_t>(charsmap[at + 1])) << 8 |
           static_cast<uint32_t>(static_cast<uint8_t>(charsmap[at + 2])) << 16 |
           static_cast<uint32_t>(static_cast<uint8_t>(charsmap[at + 3])) << 24;
  };
  const uint32_t trie_size = read_u32(0);
  if (trie_size % 4 != 0) fail(where, {"trie size ", trie_size, " is not a multiple of 4"});
  if (trie_size == 0) fail(where, {"trie is empty"});
  if (trie_size > charsmap.size() - 4) {
    fail(where, {"trie of ", trie_size, " bytes runs past the end of the ", charsmap.size(), "-byte charsmap"});
  }
  trie_.resize(trie_size / 4);
  for (size_t i = 0; i < trie_.size(); ++i) trie_[i] = read_u32(4 + 4 * i);
  normalized_ = std::string(charsmap.substr(4 + trie_size));
  if (!utf8::is_valid(normalized_)) fail(where, {"replacement strings are not valid UTF-8"});
  validate(where);
  for (int c = 1; c < 128; ++c) {
    std::string_view replacement;
    const char key = static_cast<char>(c);
    if (!transform(std::string_view(&key, 1), replacement)) continue;
    const bool one_ascii = replacement.size() == 1 && static_cast<uint8_t>(replacement[0]) < 0x80;
    ascii_rules_[c] = one_ascii ? static_cast<uint8_t>(replacement[0]) : kRewritten;
  }
}

void Precompiled::validate(std::string_view where) const {
  // Walks every node reachable from the root, so that no lookup can reach a leaf whose value
  // points outside the replacement strings or into the middle of a character.
  std::vector<bool> seen(trie_.size(), false);
  std::vector<uint32_t> stack{unit_offset(trie_[0])};
  while (!stack.empty()) {
    const uint32_t node = stack.back();
    stack.pop_back();
    if (node < trie_.size()) {
      if (seen[node]) continue;
      seen[node] = true;
    }
    for (uint32_t c = 1; c < 256; ++c) {
      const uint32_t child = node ^ c;
      if (child >= trie_.size() || unit_label(trie_[child]) != c) continue;
      const uint32_t next = node ^ c ^ unit_offset(trie_[child]);
      if (unit_has_leaf(trie_[child])) {
        if (next >= trie_.size()) {
          fail(where, {"trie unit ", child, " has its value at unit ", next, ", past the ", trie_.size(), "-unit trie"});
        }
        const uint32_t value = unit_value(trie_[next]);
        if (value > normalized_.size() ||
            (value < normalized_.size() && (static_cast<uint8_t>(normalized_[value]) & 0xC0) == 0x80)) {
          fail(where, {"trie value ", value, " is not the start of a replacement in the ", normalized_.size(),
                       "-byte replacement strings"});
        }
      }
      if (next < trie_.size() && !seen[next]) stack.push_back(next);
    }
  }
}
TOKVEC_COLD_END

bool Precompiled::transform(std::string_view chunk, std::string_view& replacement) const {
  uint32_t node = unit_offset(trie_[0]);
  for (char ch : chunk) {
    const auto c = static_cast<uint8_t>(ch);
    if (c == 0) return false;  // keys never hold NUL: the crate stops there
    node ^= c;
    if (node >= trie_.size()) return false;
    const uint32_t unit = trie_[node];
    if (unit_label(unit) != c) return false;
    node ^= unit_offset(unit);
    if (unit_has_leaf(unit)) {
      // validate() proved node is in range and the value starts a replacement.
      const uint32_t value = unit_value(trie_[node]);
      size_t end = normalized_.find('\0', value);
      if (end == std::string::npos) end = normalized_.size();
      replacement = std::string_view(normalized_).substr(value, end - value);
      return true;
    }
  }
  return false;
}

void Precompiled::normalize(Normalized& s) const {
  // Most text has nothing the rules rewrite but ASCII characters they replace by one other (a
  // newline by a space): find out without allocating, replacing those in place. What the scan
  // passed is final, and apply starts after it, unless it held a U+FFFD: invalid UTF-8 decodes to
  // one, which apply writes out (as HuggingFace's char iteration does).
  const std::string_view text = s.text;
  std::string_view replacement;
  bool decoded_replacement = false;
  const auto apply_from = [&](size_t i) { apply(s, decoded_replacement ? 0 : i); };
  for (size_t i = 0; i < text.size();) {
    if (is_ascii_grapheme(text, i)) {
      const uint8_t rule = ascii_rules_[static_cast<uint8_t>(text[i])];
      if (rule == kRewritten) return apply_from(i);
      if (rule != 0) s.text[i] = static_cast<char>(rule);
      ++i;
      continue;
    }
    const size_t end = grapheme_end(text, i);
    if (end - i < 6 && transform(text.substr(i, end - i), replacement)) return apply_from(i);
    for (size_t j = i; j < end;) {
      const size_t char_start = j;
      decoded_replacement |= utf8::decode(text, j) == utf8::kReplacement;
      // A grapheme of one character (at most 4 bytes) was just looked up whole.
      const bool whole = char_start == i && j == end;
      if (!whole && transform(text.substr(char_start, j - char_start), replacement)) return apply_from(i);
    }
    i = end;
  }
}

void Precompiled::apply(Normalized& s, size_t unchanged) const {
  // HuggingFace's transformation list, built as its `replace` helper builds it, except that a run
  // of characters the rules leave alone is one entry: most text is such runs, and Rewrite copies
  // a run with its alignment in one step.
  struct Change {
    char32_t cp;       // the new character; for a run, the old byte offset where it starts
    int change;        // HuggingFace's change (see rewrite.h); 0 for a run
    uint32_t run_end;  // 0, or the end of a run of unchanged characters in the old text
  };
  const std::string_view text = s.text;
  std::vector<Change> changes;
  changes.reserve(text.size() / 4 + 8);
  // Old bytes [start, end), whole characters other than U+FFFD, stay as they are.
  const auto keep = [&changes](size_t start, size_t end) {
    if (!changes.empty() && changes.back().run_end == start) {
      changes.back().run_end = static_cast<uint32_t>(end);
    } else {
      changes.push_back({static_cast<char32_t>(start), 0, static_cast<uint32_t>(end)});
    }
  };
  auto replace = [&changes, &text](std::string_view old_part, std::string_view new_part) {
    int old_count = 0;
    for (size_t k = 0; k < old_part.size();) {
      utf8::decode(old_part, k);
      ++old_count;
    }
    int new_count = 0;
    for (size_t k = 0; k < new_part.size(); ++new_count) changes.push_back({utf8::decode(new_part, k), 0, 0});
    const int diff = new_count - old_count;
    if (diff > 0) {
      for (int k = 0; k < diff; ++k) changes[changes.size() - 1 - k].change = 1;
    } else if (diff < 0 && !changes.empty()) {
      // The removal folds into the character emitted before: split it off its run.
      if (Change& run = changes.back(); run.run_end != 0) {
        size_t last = run.run_end - 1;
        while (last > run.cp && (static_cast<uint8_t>(text[last]) & 0xC0) == 0x80) --last;
        if (last == run.cp) {
          changes.pop_back();
        } else {
          run.run_end = static_cast<uint32_t>(last);
        }
        changes.push_back({utf8::decode(text, last), 0, 0});
      }
      changes.back().change += diff;
    }
  };
  if (unchanged > 0) keep(0, unchanged);
  std::string_view replacement;
  for (size_t i = unchanged; i < text.size();) {
    if (is_ascii_grapheme(text, i) && ascii_rules_[static_cast<uint8_t>(text[i])] != kRewritten) {
      // Replaced in place (ascii_rules_), so Rewrite and the folding of a removal into this
      // character (replace) read the new one.
      if (const uint8_t rule = ascii_rules_[static_cast<uint8_t>(text[i])]) s.text[i] = static_cast<char>(rule);
      keep(i, i + 1);
      ++i;
      continue;
    }
    const size_t end = is_ascii_grapheme(text, i) ? i + 1 : grapheme_end(text, i);
    const std::string_view grapheme = text.substr(i, end - i);
    size_t first_end = i;
    utf8::decode(text, first_end);
    if (grapheme.size() < 6 && transform(grapheme, replacement)) {
      replace(grapheme, replacement);
    } else {
      // Character by character; a one-character grapheme was just looked up.
      for (size_t j = i; j < end;) {
        const size_t char_start = j;
        const char32_t cp = utf8::decode(text, j);
        const std::string_view part = text.substr(char_start, j - char_start);
        if (first_end != end && transform(part, replacement)) {
          replace(part, replacement);
        } else if (cp != utf8::kReplacement) {
          keep(char_start, j);
        } else {
          changes.push_back({cp, 0, 0});  // invalid UTF-8 (or U+FFFD itself) becomes U+FFFD
        }
      }
    }
    i = end;
  }
  Rewrite rewrite(s);
  for (const Change& c : changes) {
    if (c.run_end == 0) {
      rewrite.emit(c.cp, c.change);
    } else if (rewrite.position() == c.cp) {
      rewrite.keep(c.run_end);
    } else {
      // Removals lost at the start shifted the old characters each new one consumes.
      for (size_t k = c.cp; k < c.run_end;) rewrite.emit(utf8::decode(text, k), 0);
    }
  }
  rewrite.finish_dropping_rest(s);
}

}  // namespace tokvec
