// Lookups over the generated tables (unicode_tables.cc) and Unicode normalization (UAX #15) with
// the per-character `change` values of the `unicode-normalization-alignments` crate.
#include "unicode/unicode.h"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <string>

#include "core/cold.h"
#include "core/utf8.h"

namespace tokvec::unicode {

using namespace detail;

namespace {

// Hangul syllables decompose and compose by formula (Unicode 15, section 3.12).
constexpr char32_t kHangulSBase = 0xAC00;
constexpr char32_t kHangulLBase = 0x1100;
constexpr char32_t kHangulVBase = 0x1161;
constexpr char32_t kHangulTBase = 0x11A7;
constexpr char32_t kHangulLCount = 19;
constexpr char32_t kHangulVCount = 21;
constexpr char32_t kHangulTCount = 28;
constexpr char32_t kHangulNCount = kHangulVCount * kHangulTCount;
constexpr char32_t kHangulSCount = kHangulLCount * kHangulNCount;

// Applies the case range covering cp, or returns cp when none does.
char32_t map_case(const CaseRange* ranges, size_t count, char32_t cp) {
  const CaseRange* end = ranges + count;
  const CaseRange* it =
      std::upper_bound(ranges, end, cp, [](char32_t x, const CaseRange& r) { return x < r.first; });
  if (it == ranges) return cp;
  const CaseRange& r = *(it - 1);
  char32_t offset = cp - r.first;
  if (offset > r.span) return cp;
  switch (r.kind) {
    case kEvery: return cp + r.delta;
    case kEveryOther: return offset % 2 == 0 ? cp + r.delta : cp;
    case kEvenOdd: return cp % 2 == 0 ? cp + 1 : cp - 1;
    case kOddEven: return cp % 2 == 1 ? cp + 1 : cp - 1;
  }
  return cp;
}

const SpecialCase* find_special(const SpecialCase* table, size_t count, char32_t cp) {
  const SpecialCase* end = table + count;
  const SpecialCase* it =
      std::lower_bound(table, end, cp, [](const SpecialCase& s, char32_t x) { return s.cp < x; });
  return it != end && it->cp == cp ? it : nullptr;
}

void append_case(const SpecialCase* special, size_t special_count, const CaseRange* ranges,
                 size_t range_count, char32_t cp, std::u32string& out) {
  if (const SpecialCase* s = find_special(special, special_count, cp)) {
    for (char32_t m : s->mapped) {
      if (m != 0) out.push_back(m);
    }
    return;
  }
  out.push_back(map_case(ranges, range_count, cp));
}

bool in_ranges(const CodePointRange* ranges, size_t count, char32_t cp) {
  for (size_t i = 0; i < count && ranges[i].first <= cp; ++i) {
    if (cp <= ranges[i].last) return true;
  }
  return false;
}

// ---- Normalization ----

struct Normalizing {
  char32_t cp;
  int change;
  uint8_t ccc;
  bool composes_backward;  // can be the second of a composition
};

uint16_t canonical_info(char32_t cp) {
  return cp <= kMaxCodePoint ? trie_lookup(kCanonicalTop, kCanonicalMid, kCanonicalLeaf, cp) : 0;
}

// Offset of cp's record in the decomposition pool, 0 when it decomposes to itself (cp in range).
uint32_t decomposition_record(char32_t cp) {
  uint32_t row = kDecompositionTop[cp >> (kTrieMidBits + kTrieLeafBits)];
  uint32_t block =
      kDecompositionMid[(row << kTrieMidBits) | ((cp >> kTrieLeafBits) & ((1u << kTrieMidBits) - 1))];
  uint32_t pattern = kDecompositionBlockLeaf[block];
  uint32_t relative = kDecompositionLeaf[(pattern << kTrieLeafBits) | (cp & ((1u << kTrieLeafBits) - 1))];
  return relative == 0 ? 0 : kDecompositionBlockBase[block] + relative;
}

// Calls emit for each code point of the full canonical (or compatibility) decomposition of cp.
template <typename Emit>
void decompose(char32_t cp, bool compatibility, Emit&& emit) {
  if (cp - kHangulSBase < kHangulSCount) {
    char32_t s_index = cp - kHangulSBase;
    emit(kHangulLBase + s_index / kHangulNCount);
    emit(kHangulVBase + (s_index % kHangulNCount) / kHangulTCount);
    if (s_index % kHangulTCount != 0) emit(kHangulTBase + s_index % kHangulTCount);
    return;
  }
  uint32_t record = cp <= kMaxCodePoint ? decomposition_record(cp) : 0;
  if (record == 0) {
    emit(cp);
    return;
  }
  auto unit_at = [](size_t i) -> char32_t { return kDecompositionPoolLow[i] | kDecompositionPoolHigh[i] << 8; };
  size_t units = record + 1;
  size_t canonical_units = kDecompositionPoolLow[record];
  size_t compatibility_units = kDecompositionPoolHigh[record];
  size_t length = canonical_units;
  if (compatibility && compatibility_units != 0) {
    units += canonical_units;
    length = compatibility_units;
  }
  if (length == 0) {  // a compatibility-only decomposition, asked for the canonical one
    emit(cp);
    return;
  }
  for (size_t i = 0; i < length; ++i) {
    char32_t unit = unit_at(units + i);
    if (unit - 0xD800 < 0x400) {  // the pool is UTF-16; surrogates come in valid pairs
      unit = 0x10000 + ((unit - 0xD800) << 10) + (unit_at(units + ++i) - 0xDC00);
    }
    emit(unit);
  }
}

// Stable sort by combining class of the non-starters in v[from, end): canonical ordering.
// Runs are almost always 0-3 long, where insertion sort wins; a long run (hostile input) takes
// the O(n log n) path so it cannot make normalization quadratic.
void sort_marks(std::vector<Normalizing>& v, size_t from) {
  size_t n = v.size() - from;
  if (n < 2) return;
  auto by_class = [](const Normalizing& a, const Normalizing& b) { return a.ccc < b.ccc; };
  if (n > 32) {
    std::stable_sort(v.begin() + from, v.end(), by_class);
    return;
  }
  for (size_t i = from + 1; i < v.size(); ++i) {
    Normalizing x = v[i];
    size_t j = i;
    for (; j > from && v[j - 1].ccc > x.ccc; --j) v[j] = v[j - 1];
    v[j] = x;
  }
}

// Full decomposition in canonical order. Within one input character the first output gets
// change 0 and the rest +1; reordering moves the values with their characters.
void decompose_text(std::u32string_view in, bool compatibility, std::vector<Normalizing>& out) {
  // Below this bound a character decomposes to itself and is a starter (ASCII, at least), which
  // spares the table walks for the spaces and punctuation of non-Latin text.
  const char32_t plain_below =
      kNormalizedBelow[static_cast<int>(compatibility ? NormalForm::NFKD : NormalForm::NFD)];
  size_t marks_from = out.size();
  for (char32_t cp : in) {
    if (cp < plain_below) {
      sort_marks(out, marks_from);
      marks_from = out.size() + 1;
      out.push_back({cp, 0, 0, false});
      continue;
    }
    int change = 0;
    decompose(cp, compatibility, [&](char32_t d) {
      uint16_t info = canonical_info(d);
      uint8_t ccc = static_cast<uint8_t>(info);
      if (ccc == 0) {
        sort_marks(out, marks_from);
        marks_from = out.size() + 1;
      }
      out.push_back({d, change, ccc, (info & kComposesBackwardBit) != 0});
      change = 1;
    });
  }
  sort_marks(out, marks_from);
}

// Canonical compositions as first << 42 | second << 21 | composite (21 bits each), sorted: one
// binary search finds a pair.
uint64_t composition_key(char32_t first, char32_t second) { return uint64_t{first} << 42 | uint64_t{second} << 21; }

char32_t find_composite(const std::vector<uint64_t>& table, char32_t first, char32_t second) {
  const uint64_t key = composition_key(first, second);
  const auto it = std::lower_bound(table.begin(), table.end(), key);
  return it != table.end() && (*it >> 21) == (key >> 21) ? static_cast<char32_t>(*it & 0x1FFFFF) : 0;
}

TOKVEC_COLD_BEGIN
// Each primary composite's pair, from its full canonical decomposition d: second is d's last code
// point, first is d's other one, or else the composite whose full decomposition is the rest of d
// (the first piece of a primary composite is a primary composite or does not decompose), found by
// composing that rest with the pairs of the shorter decompositions, added before.
// gen_unicode_tables.py checks that this rebuilds exactly the UCD's pairs. Built on first use
// (0.3 KB gzipped of deltas instead of 3 KB of pairs, for well under a millisecond once); not
// inlined, so it stays built for size inside the -O3 normalizer.
[[gnu::noinline]] std::vector<uint64_t> build_compositions() {
  std::vector<std::u32string> decompositions(kPrimaryCompositeCount);
  std::vector<char32_t> composites(kPrimaryCompositeCount);
  size_t longest = 0;
  char32_t cp = 0;
  for (size_t i = 0; i < kPrimaryCompositeCount; ++i) {
    cp += kPrimaryCompositeDeltas[i];
    composites[i] = cp;
    decompose(cp, false, [&](char32_t d) { decompositions[i] += d; });
    longest = std::max(longest, decompositions[i].size());
  }
  std::vector<uint64_t> table;
  table.reserve(kPrimaryCompositeCount);
  for (size_t length = 2; length <= longest; ++length) {
    for (size_t i = 0; i < kPrimaryCompositeCount; ++i) {
      const std::u32string& d = decompositions[i];
      if (d.size() != length) continue;
      char32_t first = d[0];
      for (size_t k = 1; k + 1 < length; ++k) first = find_composite(table, first, d[k]);
      assert(first != 0);
      const uint64_t entry = composition_key(first, d.back()) | composites[i];
      table.insert(std::upper_bound(table.begin(), table.end(), entry), entry);
    }
  }
  assert(table.size() == kPrimaryCompositeCount);
  return table;
}
TOKVEC_COLD_END

char32_t compose_pair(char32_t first, char32_t second) {
  if (first - kHangulLBase < kHangulLCount && second - kHangulVBase < kHangulVCount) {
    return kHangulSBase + ((first - kHangulLBase) * kHangulVCount + (second - kHangulVBase)) * kHangulTCount;
  }
  if (first - kHangulSBase < kHangulSCount && (first - kHangulSBase) % kHangulTCount == 0 &&
      second - (kHangulTBase + 1) < kHangulTCount - 1) {
    return first + (second - kHangulTBase);
  }
  static const std::vector<uint64_t> table = build_compositions();
  return find_composite(table, first, second);
}

// Canonical composition in place. A character merged into the starter before it adds its change
// and -1 to the starter's, so "e" (0) + U+0301 (0) gives 'é' (-1), and the pieces of a
// decomposition (0, +1, +1) that recompose give 0.
void compose_text(std::vector<Normalizing>& v) {
  constexpr size_t kNoStarter = SIZE_MAX;
  size_t starter = kNoStarter;
  int last_ccc = -1;  // class of the last character kept since the starter; -1 = none
  size_t kept = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    Normalizing c = v[i];
    // Blocked when a character kept since the starter has a class >= c's (always, for a starter).
    bool blocked = last_ccc >= 0 && last_ccc >= c.ccc;
    if (starter != kNoStarter && !blocked && c.composes_backward) {
      if (char32_t composite = compose_pair(v[starter].cp, c.cp)) {
        v[starter].cp = composite;
        v[starter].change += c.change - 1;
        continue;
      }
    }
    if (c.ccc == 0) {
      starter = kept;
      last_ccc = -1;
    } else if (starter != kNoStarter) {
      last_ccc = c.ccc;
    }
    v[kept++] = c;
  }
  v.resize(kept);
}

bool is_normalized_below(std::u32string_view in, NormalForm form) {
  char32_t bound = kNormalizedBelow[static_cast<int>(form)];
  return std::all_of(in.begin(), in.end(), [bound](char32_t cp) { return cp < bound; });
}

void normalize_text(std::u32string_view in, NormalForm form, std::vector<Normalizing>& out) {
  bool compatibility = form == NormalForm::NFKD || form == NormalForm::NFKC;
  decompose_text(in, compatibility, out);
  if (form == NormalForm::NFC || form == NormalForm::NFKC) compose_text(out);
}

}  // namespace

std::string_view unicode_version() { return kUnicodeVersion; }

uint8_t canonical_combining_class(char32_t cp) {
  return static_cast<uint8_t>(canonical_info(cp));
}

size_t case_orbit(char32_t cp, char32_t out[4]) {
  size_t n = 0;
  out[n++] = cp;
  for (char32_t next = map_case(kCaseOrbitRanges, kCaseOrbitRangesCount, cp); next != cp && n < 4;
       next = map_case(kCaseOrbitRanges, kCaseOrbitRangesCount, next)) {
    out[n++] = next;
  }
  return n;
}

Script script(char32_t cp) {
  const uint32_t* end = kScriptStarts + kScriptRunCount;
  const uint32_t* it = std::upper_bound(kScriptStarts, end, static_cast<uint32_t>(cp));
  return static_cast<Script>(kScriptValues[it - kScriptStarts - 1]);
}

std::string_view script_name(Script script) {
  size_t i = static_cast<size_t>(script);
  return i < kScriptCount ? kScriptNames[i] : "Unknown";
}

bool script_from_name(std::string_view name, Script& out) {
  std::string loose;
  for (char c : name) {
    if (c == ' ' || c == '_' || c == '-') continue;
    loose.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  const ScriptAlias* end = kScriptAliases + kScriptAliasCount;
  const ScriptAlias* it = std::lower_bound(
      kScriptAliases, end, loose,
      [](const ScriptAlias& a, const std::string& key) { return a.loose_name < std::string_view(key); });
  if (it == end || it->loose_name != std::string_view(loose)) return false;
  out = static_cast<Script>(it->script);
  return true;
}

size_t script_count() { return kScriptCount; }

void normalize(std::u32string_view in, NormalForm form, std::vector<std::pair<char32_t, int>>& out) {
  out.clear();
  out.reserve(in.size());
  if (is_normalized_below(in, form)) {
    for (char32_t cp : in) out.emplace_back(cp, 0);
    return;
  }
  std::vector<Normalizing> normalized;
  normalized.reserve(in.size() + in.size() / 2);
  normalize_text(in, form, normalized);
  for (const Normalizing& n : normalized) out.emplace_back(n.cp, n.change);
}

std::string normalize_utf8(std::string_view utf8, NormalForm form) {
  std::u32string text;
  text.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size();) text.push_back(utf8::decode(utf8, i));
  std::string out;
  out.reserve(utf8.size());
  if (is_normalized_below(text, form)) {
    for (char32_t cp : text) utf8::append(out, cp);
    return out;
  }
  std::vector<Normalizing> normalized;
  normalized.reserve(text.size() + text.size() / 2);
  normalize_text(text, form, normalized);
  for (const Normalizing& n : normalized) utf8::append(out, n.cp);
  return out;
}

namespace detail {

bool is_white_space_non_ascii(char32_t cp) {
  return in_ranges(kWhiteSpaceRanges, kWhiteSpaceRangeCount, cp);
}

bool is_join_control(char32_t cp) { return in_ranges(kJoinControlRanges, kJoinControlRangeCount, cp); }

void append_lowercase_non_ascii(char32_t cp, std::u32string& out) {
  append_case(kSpecialLowercase, kSpecialLowercaseCount, kLowercaseRanges, kLowercaseRangesCount,
              cp, out);
}

void append_uppercase_non_ascii(char32_t cp, std::u32string& out) {
  append_case(kSpecialUppercase, kSpecialUppercaseCount, kUppercaseRanges, kUppercaseRangesCount,
              cp, out);
}

}  // namespace detail

}  // namespace tokvec::unicode

// Design notes
//
// Table shapes. Per-code-point properties live in three-level tries (one shape, one lookup
// routine): 20 KB for the property byte, 10 KB for combining class + composes-backward flag,
// 11 KB for decomposition offsets plus a 30 KB pool. The decomposition trie's leaves are bytes
// relative to a per-block base (the pool holds one record per code point, in code point order,
// so a block's offsets ascend): 6 KB smaller gzipped than uint16 offsets into a deduplicated
// pool, for one more load per lookup. Sparse mappings (case, composition, script runs) are
// sorted arrays searched in O(log n): case mappings compress to a few hundred delta ranges
// because most case pairs are "+32 across a block" or "alternate +1/-1"; compositions take
// 11 KB, script runs 8 KB. About 110 KB in all. Decompositions are stored fully expanded
// (as the crate does) in UTF-16, so decomposing never recurses. A 32-bit trie merging
// decomposition and combining class would save one table walk per character but costs more
// bytes than it saves time in a module that ships to browsers.
//
// Why a separate decompose-then-compose pass rather than the crate's streaming iterators: tokvec
// normalizes a whole string at once, and two passes over one scratch vector give the same output
// and the same change values with plain loops. The equivalences this relies on: the crate emits
// each decomposition's first character with 0 and the rest with +1 and sorts each run of
// non-starters stably by class; its recomposition keeps a starter ("composee") and the class of
// the last character kept after it, and merges c into the starter unless that class is >= c's,
// adding c's change and -1. compose_text() is that state machine with the buffered characters
// kept in place.
//
// Unicode version. The crate bundles Unicode 9.0 tables; tokvec uses the system UCD (15.0 here).
// The two agree on every character that existed in 9.0 (normalization is stable across versions,
// new characters aside), so they differ only on text using characters added since: outputs and
// changes were identical to the crate's, built from source, on ~290k strings (the conformance
// columns and random mixes of marks, jamo and decomposables) limited to Unicode 9.0 characters.
// Case mappings and the Rust std functions behave alike; only the data version differs (a Rust
// toolchain carries its own Unicode version, so HuggingFace builds differ among themselves).
//
// Composition lookups binary-search 941 pairs, so they only run for a character flagged as the
// second of some composition (a bit beside its combining class); otherwise every pair of
// adjacent letters in Cyrillic or CJK text would pay for that search.
