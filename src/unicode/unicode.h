// Unicode character properties, case mapping and normalization for the tokenizers.
//
// Follows the Unicode Character Database of Debian's `unicode-data` package (see
// unicode_version()), compiled into unicode_tables.cc by scripts/gen_unicode_tables.py.
// The semantics are those of the references tokvec must match id for id:
//   - properties: what Rust's `regex` means by \p{L}, \s, \w in Unicode mode;
//   - case mapping: Rust's char::to_lowercase / to_uppercase (HuggingFace `Lowercase`);
//   - normalization: the `unicode-normalization-alignments` crate that HuggingFace
//     `NormalizedString::nfd/nfc/nfkd/nfkc` uses, including its per-character `change` values.
// `cp` = code point. Every function accepts any char32_t: values past U+10FFFF behave as
// unassigned code points (category Cn, no mappings).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tokvec::unicode {

inline constexpr char32_t kMaxCodePoint = 0x10FFFF;

// Version of the Unicode Character Database the tables were generated from, e.g. "15.0.0".
std::string_view unicode_version();

// ---- General_Category and binary properties ---------------------------------------------------

// Declaration order is the generator's numbering; do not reorder.
enum class Category : uint8_t {
  Lu, Ll, Lt, Lm, Lo, Mn, Mc, Me, Nd, Nl, No, Pc, Pd, Ps, Pe, Pi, Pf, Po,
  Sm, Sc, Sk, So, Zs, Zl, Zp, Cc, Cf, Cs, Co, Cn
};

inline Category category(char32_t cp);        // unassigned (and noncharacters) = Cn
inline bool is_letter(char32_t cp);           // L*  (regex \p{L})
inline bool is_mark(char32_t cp);             // M*  (\p{M})
inline bool is_number(char32_t cp);           // N*  (\p{N})
inline bool is_punctuation(char32_t cp);      // P*  (\p{P})
inline bool is_symbol(char32_t cp);           // S*  (\p{S})
inline bool is_separator(char32_t cp);        // Z*  (\p{Z})
inline bool is_control(char32_t cp);          // Cc
inline bool is_white_space(char32_t cp);      // White_Space (PropList): regex \s in Unicode mode
inline bool is_alphabetic(char32_t cp);       // Alphabetic (DerivedCoreProperties)
inline bool is_word_char(char32_t cp);        // regex \w: Alphabetic | M | Nd | Pc | Join_Control
inline bool is_lowercase(char32_t cp);        // Lowercase (DerivedCoreProperties)
inline bool is_uppercase(char32_t cp);        // Uppercase (DerivedCoreProperties)

// ---- Case -------------------------------------------------------------------------------------

// Full case mappings of one character, as Rust's char::to_lowercase / to_uppercase: the
// UnicodeData simple mapping, overridden by SpecialCasing.txt's unconditional entries
// (U+0130 -> "i\u0307", U+00DF -> "SS"); no context (final sigma) and no language rules.
// A character without a mapping appends itself.
inline void append_lowercase(char32_t cp, std::u32string& out);
inline void append_uppercase(char32_t cp, std::u32string& out);

// Every code point that simple case folding (CaseFolding.txt C + S) puts together with cp, for
// case-insensitive regex: 'k' -> {'k', 'K', U+212A KELVIN SIGN}. Writes cp first, then the others
// in increasing order after it, wrapping around (an orbit has at most 4 members); returns how many.
size_t case_orbit(char32_t cp, char32_t out[4]);

// ---- Script -----------------------------------------------------------------------------------

// Script property value (Scripts.txt). Values other than Unknown come from the generated
// tables: look one up by name once (script_from_name("Han", s)) and compare values.
enum class Script : uint8_t { Unknown = 0 };

Script script(char32_t cp);
// The Scripts.txt long name: "Latin", "Han", "Common", "Inherited"; "Unknown" for unassigned.
std::string_view script_name(Script script);
// Finds a script by any of its PropertyValueAliases.txt names ("Latin", "Latn", "old_persian",
// "Zinh", "Qaai"), matched loosely as regex \p{...} does: case, ' ', '_' and '-' are ignored.
// Returns false for a name that is no Script value ("Unknown" / "Zzzz" is one).
bool script_from_name(std::string_view name, Script& out);
// Number of Script values; they are 0 .. script_count() - 1.
size_t script_count();

// ---- Normalization ----------------------------------------------------------------------------

// The order indexes detail::kNormalizedBelow; do not reorder.
enum class NormalForm { NFD, NFC, NFKD, NFKC };

// Normalizes `in` into `out` (replacing its contents), pairing each output character with the
// change the `unicode-normalization-alignments` crate reports for it, which HuggingFace's
// NormalizedString::transform turns into alignments:
//    0  the character replaces one input character,
//   +1  the character was inserted (the second and later characters of a decomposition),
//   -N  the character replaces one input character and the N that follow it, merged into it.
// NFD of "é" is [('e', 0), (U+0301, +1)]; NFC of "e\u0301" is [('é', -1)].
void normalize(std::u32string_view in, NormalForm form, std::vector<std::pair<char32_t, int>>& out);

// Normalizes UTF-8 text (invalid bytes become U+FFFD first, as utf8::decode does).
std::string normalize_utf8(std::string_view utf8, NormalForm form);

uint8_t canonical_combining_class(char32_t cp);

// ---- Implementation: tables defined in the generated unicode_tables.cc ------------------------

namespace detail {

// Three-level trie shared by every per-code-point table: cp >> 9 picks a row of mid entries,
// (cp >> 4) & 31 a leaf block within the row, cp & 15 the value within the block.
inline constexpr unsigned kTrieLeafBits = 4;
inline constexpr unsigned kTrieMidBits = 5;

template <typename Leaf>
inline Leaf trie_lookup(const uint8_t* top, const uint16_t* mid, const Leaf* leaf, char32_t cp) {
  uint32_t row = top[cp >> (kTrieMidBits + kTrieLeafBits)];
  uint32_t block = mid[(row << kTrieMidBits) | ((cp >> kTrieLeafBits) & ((1u << kTrieMidBits) - 1))];
  return leaf[(block << kTrieLeafBits) | (cp & ((1u << kTrieLeafBits) - 1))];
}

// Property byte: Category in bits 0-4, then Alphabetic, Lowercase, Uppercase.
extern const uint8_t kPropertyTop[];
extern const uint16_t kPropertyMid[];
extern const uint8_t kPropertyLeaf[];
inline constexpr uint8_t kCategoryBits = 0x1F;
inline constexpr uint8_t kAlphabeticBit = 0x20;
inline constexpr uint8_t kLowercaseBit = 0x40;
inline constexpr uint8_t kUppercaseBit = 0x80;

// Canonical_Combining_Class in bits 0-7; kComposesBackwardBit when the code point is the second
// of some canonical composition (the jamo V and T included).
extern const uint8_t kCanonicalTop[];
extern const uint16_t kCanonicalMid[];
extern const uint16_t kCanonicalLeaf[];
inline constexpr uint16_t kComposesBackwardBit = 0x100;

// Offset into the decomposition pool of a record: header (canonical units | compatibility units << 8)
// then the UTF-16 units of both full decompositions; 0 = decomposes to itself. The trie's leaf
// block (from kDecompositionTop and kDecompositionMid) holds offsets relative to
// kDecompositionBlockBase[block], one byte each, in the shared pattern kDecompositionBlockLeaf[block]
// of kDecompositionLeaf: the records are in code point order, so a block's offsets ascend.
extern const uint8_t kDecompositionTop[];
extern const uint16_t kDecompositionMid[];
extern const uint16_t kDecompositionBlockLeaf[];
extern const uint16_t kDecompositionBlockBase[];
extern const uint8_t kDecompositionLeaf[];
// The pool's UTF-16 units split into their low and high bytes, which gzip better apart (size
// budget, issue 7): unit i is kDecompositionPoolLow[i] | kDecompositionPoolHigh[i] << 8.
extern const uint8_t kDecompositionPoolLow[];
extern const uint8_t kDecompositionPoolHigh[];

// The primary composites (canonical compositions less Full_Composition_Exclusion), ascending,
// each as its distance from the one before: 0.3 KB gzipped, where the (first, second, composite)
// triples take 3 KB. compose_pair derives the pairs from the decompositions on first use.
extern const size_t kPrimaryCompositeCount;
extern const uint16_t kPrimaryCompositeDeltas[];

// Per NormalForm, the smallest cp that is not (quick check Yes and ccc 0): text below it is
// already normalized.
extern const char32_t kNormalizedBelow[4];

// A run of code points whose case mapping shares one rule.
enum CaseRangeKind : uint8_t {
  kEvery = 0,       // every cp in [first, first + span] maps to cp + delta
  kEveryOther = 1,  // first, first + 2, ... map to cp + delta
  kEvenOdd = 2,     // even cp -> cp + 1, odd cp -> cp - 1
  kOddEven = 3,     // odd cp -> cp + 1, even cp -> cp - 1
};
struct CaseRange {
  char32_t first;
  uint16_t span;  // last - first
  uint8_t kind;   // CaseRangeKind
  int32_t delta;
};
extern const size_t kLowercaseRangesCount;
extern const CaseRange kLowercaseRanges[];
extern const size_t kUppercaseRangesCount;
extern const CaseRange kUppercaseRanges[];
extern const size_t kCaseOrbitRangesCount;
extern const CaseRange kCaseOrbitRanges[];  // cp -> next member of its orbit

struct SpecialCase {
  char32_t cp;
  char32_t mapped[3];  // unused slots are 0
};
extern const size_t kSpecialLowercaseCount;
extern const SpecialCase kSpecialLowercase[];
extern const size_t kSpecialUppercaseCount;
extern const SpecialCase kSpecialUppercase[];

struct CodePointRange {
  char32_t first;
  char32_t last;
};
extern const size_t kWhiteSpaceRangeCount;
extern const CodePointRange kWhiteSpaceRanges[];
extern const size_t kJoinControlRangeCount;
extern const CodePointRange kJoinControlRanges[];

extern const char kUnicodeVersion[];
extern const size_t kScriptCount;
extern const char* const kScriptNames[];
struct ScriptAlias {
  const char* loose_name;
  uint8_t script;
};
extern const size_t kScriptAliasCount;
extern const ScriptAlias kScriptAliases[];  // sorted by loose_name
extern const size_t kScriptRunCount;
extern const uint32_t kScriptStarts[];
extern const uint8_t kScriptValues[];

inline uint8_t property_bits(char32_t cp) {
  if (cp > kMaxCodePoint) return static_cast<uint8_t>(Category::Cn);
  return trie_lookup(kPropertyTop, kPropertyMid, kPropertyLeaf, cp);
}

inline bool category_in(char32_t cp, uint32_t category_mask) {
  return (category_mask >> (property_bits(cp) & kCategoryBits)) & 1u;
}

constexpr uint32_t category_bit(Category c) { return 1u << static_cast<unsigned>(c); }
inline constexpr uint32_t kLetterMask = category_bit(Category::Lu) | category_bit(Category::Ll) |
                                        category_bit(Category::Lt) | category_bit(Category::Lm) |
                                        category_bit(Category::Lo);
inline constexpr uint32_t kMarkMask =
    category_bit(Category::Mn) | category_bit(Category::Mc) | category_bit(Category::Me);
inline constexpr uint32_t kNumberMask =
    category_bit(Category::Nd) | category_bit(Category::Nl) | category_bit(Category::No);
inline constexpr uint32_t kPunctuationMask =
    category_bit(Category::Pc) | category_bit(Category::Pd) | category_bit(Category::Ps) |
    category_bit(Category::Pe) | category_bit(Category::Pi) | category_bit(Category::Pf) |
    category_bit(Category::Po);
inline constexpr uint32_t kSymbolMask = category_bit(Category::Sm) | category_bit(Category::Sc) |
                                        category_bit(Category::Sk) | category_bit(Category::So);
inline constexpr uint32_t kSeparatorMask =
    category_bit(Category::Zs) | category_bit(Category::Zl) | category_bit(Category::Zp);

bool is_white_space_non_ascii(char32_t cp);
bool is_join_control(char32_t cp);
void append_lowercase_non_ascii(char32_t cp, std::u32string& out);
void append_uppercase_non_ascii(char32_t cp, std::u32string& out);

}  // namespace detail

// The regex engine and the normalizers call these once per character, so they are inline, and
// the ones whose ASCII answer is a comparison skip the table walk for ASCII.

inline Category category(char32_t cp) {
  return static_cast<Category>(detail::property_bits(cp) & detail::kCategoryBits);
}

inline bool is_letter(char32_t cp) {
  if (cp < 0x80) return ((cp | 0x20) - U'a') < 26u;
  return detail::category_in(cp, detail::kLetterMask);
}

inline bool is_mark(char32_t cp) { return detail::category_in(cp, detail::kMarkMask); }

inline bool is_number(char32_t cp) {
  if (cp < 0x80) return (cp - U'0') < 10u;
  return detail::category_in(cp, detail::kNumberMask);
}

inline bool is_punctuation(char32_t cp) { return detail::category_in(cp, detail::kPunctuationMask); }
inline bool is_symbol(char32_t cp) { return detail::category_in(cp, detail::kSymbolMask); }
inline bool is_separator(char32_t cp) { return detail::category_in(cp, detail::kSeparatorMask); }
inline bool is_control(char32_t cp) { return category(cp) == Category::Cc; }

inline bool is_white_space(char32_t cp) {
  if (cp < 0x80) return cp == U' ' || (cp - U'\t') < 5u;
  return detail::is_white_space_non_ascii(cp);
}

inline bool is_alphabetic(char32_t cp) {
  return (detail::property_bits(cp) & detail::kAlphabeticBit) != 0;
}

inline bool is_word_char(char32_t cp) {
  if (cp < 0x80) return ((cp | 0x20) - U'a') < 26u || (cp - U'0') < 10u || cp == U'_';
  uint8_t bits = detail::property_bits(cp);
  constexpr uint32_t kWordMask =
      detail::kMarkMask | detail::category_bit(Category::Nd) | detail::category_bit(Category::Pc);
  return (bits & detail::kAlphabeticBit) || ((kWordMask >> (bits & detail::kCategoryBits)) & 1u) ||
         detail::is_join_control(cp);
}

inline bool is_lowercase(char32_t cp) { return (detail::property_bits(cp) & detail::kLowercaseBit) != 0; }
inline bool is_uppercase(char32_t cp) { return (detail::property_bits(cp) & detail::kUppercaseBit) != 0; }

inline void append_lowercase(char32_t cp, std::u32string& out) {
  if (cp < 0x80) {
    out.push_back((cp - U'A') < 26u ? cp + 0x20 : cp);
    return;
  }
  detail::append_lowercase_non_ascii(cp, out);
}

inline void append_uppercase(char32_t cp, std::u32string& out) {
  if (cp < 0x80) {
    out.push_back((cp - U'a') < 26u ? cp - 0x20 : cp);
    return;
  }
  detail::append_uppercase_non_ascii(cp, out);
}

}  // namespace tokvec::unicode
