// tokvec::Regex: parser, compiler and backtracking VM (regex.h lists the syntax).
//
// Pattern → tree of Nodes (Parser) → flat program of Insts (Compiler) → Matcher, a backtracking
// VM with an explicit stack. The parser reads the pattern as Oniguruma's default syntax or as
// Rust's regex / fancy-regex syntax (Regex::Dialect); the design notes at the end of the file
// list every place the two differ and what each dialect does there.
#include "regex/regex.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>

#include "core/cold.h"
#include "core/error.h"
#include "core/utf8.h"
#include "regex/fast_paths.h"
#include "unicode/unicode.h"

namespace tokvec {
namespace {

constexpr uint32_t kNoMatch = std::numeric_limits<uint32_t>::max();
constexpr uint32_t kUnbounded = std::numeric_limits<uint32_t>::max();
constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
// Groups inside groups. Parser, compiler and lookaround execution recurse once per level, so this
// also bounds their C++ stack use (a few hundred bytes a level).
constexpr int kMaxNesting = 100;
// Instructions after counted repeats are unrolled, and compiler steps (which also counts repeats
// of bodies that emit nothing, like `(?:){9999}`).
constexpr size_t kMaxProgramSize = size_t{1} << 18;
constexpr size_t kMaxCompileSteps = size_t{1} << 20;
constexpr uint32_t kMaxRepeat = 100000;  // Oniguruma's ONIG_MAX_REPEAT_NUM
// Backtracking steps one match attempt may take before giving up with kLimit: Oniguruma's
// retry-limit-in-match (10,000,000) plus a margin per byte, so that linear patterns backtracking
// once over a long run (o200k over megabytes of capitals) never reach it.
constexpr uint64_t kBacktrackBudget = 10'000'000;
constexpr uint64_t kBacktrackBudgetPerByte = 64;

// ---------------------------------------------------------------------------------------------
// Character sets

// General_Category values as bits, in the order of unicode::Category.
enum CategoryBit : uint32_t {
  kLu = 1u << 0, kLl = 1u << 1, kLt = 1u << 2, kLm = 1u << 3, kLo = 1u << 4,
  kMn = 1u << 5, kMc = 1u << 6, kMe = 1u << 7,
  kNd = 1u << 8, kNl = 1u << 9, kNo = 1u << 10,
  kPc = 1u << 11, kPd = 1u << 12, kPs = 1u << 13, kPe = 1u << 14, kPi = 1u << 15, kPf = 1u << 16,
  kPo = 1u << 17,
  kSm = 1u << 18, kSc = 1u << 19, kSk = 1u << 20, kSo = 1u << 21,
  kZs = 1u << 22, kZl = 1u << 23, kZp = 1u << 24,
  kCc = 1u << 25, kCf = 1u << 26, kCs = 1u << 27, kCo = 1u << 28, kCn = 1u << 29,
};
constexpr uint32_t kLetter = kLu | kLl | kLt | kLm | kLo;
constexpr uint32_t kMark = kMn | kMc | kMe;
constexpr uint32_t kNumber = kNd | kNl | kNo;
constexpr uint32_t kPunctuation = kPc | kPd | kPs | kPe | kPi | kPf | kPo;
constexpr uint32_t kSymbol = kSm | kSc | kSk | kSo;
constexpr uint32_t kSeparator = kZs | kZl | kZp;
constexpr uint32_t kOther = kCc | kCf | kCs | kCo | kCn;
constexpr uint32_t kAllCategories = (1u << 30) - 1;

static_assert(static_cast<unsigned>(unicode::Category::Lu) == 0 &&
                  static_cast<unsigned>(unicode::Category::Nd) == 8 &&
                  static_cast<unsigned>(unicode::Category::Zs) == 22 &&
                  static_cast<unsigned>(unicode::Category::Cn) == 29,
              "CategoryBit follows the order of unicode::Category");

uint32_t category_bit(char32_t cp) { return 1u << static_cast<unsigned>(unicode::category(cp)); }

// Oniguruma's Unicode \w (CR_Word): Alphabetic | M | Nd | Pc; Rust adds Join_Control.
bool is_oniguruma_word(char32_t cp) {
  return unicode::is_alphabetic(cp) || (category_bit(cp) & (kMark | kNd | kPc)) != 0;
}

// Outside a class, Oniguruma asks a legacy Latin-1 ctype table for code points below U+0100
// (EncUNICODE_ISO_8859_1_CtypeTable in its unicode.c), which also counts ² ³ ¹ ¼ ½ ¾ as word
// characters; `\b` asks the same table. So `\w` matches "²" but `[\w]` does not.
bool is_oniguruma_word_outside_class(char32_t cp) {
  return cp == 0xB2 || cp == 0xB3 || cp == 0xB9 || (cp >= 0xBC && cp <= 0xBE) ||
         is_oniguruma_word(cp);
}

enum class PropertyKind : uint8_t {
  kCategories, kScript, kWhiteSpace, kRange,
  kWord,                          // Rust \w
  kOnigurumaWord,                 // Oniguruma \w in a class, \p{Word}
  kOnigurumaWordOutsideClass,     // Oniguruma \w alone
};

// One member of a class: `\p{..}`, `\s`, `\w`, a script, or a code point range.
struct Property {
  PropertyKind kind;
  bool negated;
  uint32_t a;  // category mask, script id, or range start
  uint32_t b;  // range end

  bool contains(char32_t cp) const {
    bool in = false;
    switch (kind) {
      case PropertyKind::kCategories: in = (category_bit(cp) & a) != 0; break;
      case PropertyKind::kScript: in = static_cast<uint32_t>(unicode::script(cp)) == a; break;
      case PropertyKind::kWhiteSpace: in = unicode::is_white_space(cp); break;
      case PropertyKind::kWord: in = unicode::is_word_char(cp); break;
      case PropertyKind::kOnigurumaWord: in = is_oniguruma_word(cp); break;
      case PropertyKind::kOnigurumaWordOutsideClass: in = is_oniguruma_word_outside_class(cp); break;
      case PropertyKind::kRange: in = cp >= a && cp <= b; break;
    }
    return in != negated;
  }
};

struct CharClass {
  std::vector<std::pair<char32_t, char32_t>> ranges;  // sorted, disjoint, not adjacent
  std::vector<Property> properties;
  bool negated = false;
  bool fold = false;        // also match when another member of the cp's case orbit is in the set
  uint64_t ascii[2] = {0, 0};  // the final answer (fold and negation applied) below U+0080

  bool contains(char32_t cp) const {
    // Few ranges in real patterns, so a linear scan beats binary search until there are many.
    if (ranges.size() <= 8) {
      for (const auto& r : ranges) {
        if (cp < r.first) break;
        if (cp <= r.second) return true;
      }
    } else {
      auto it = std::upper_bound(ranges.begin(), ranges.end(), cp,
                                 [](char32_t c, const auto& r) { return c < r.first; });
      if (it != ranges.begin() && cp <= std::prev(it)->second) return true;
    }
    for (const Property& p : properties) {
      if (p.contains(cp)) return true;
    }
    return false;
  }

  bool matches_slow(char32_t cp) const {
    bool in = contains(cp);
    if (!in && fold) {
      char32_t orbit[4];
      const size_t count = unicode::case_orbit(cp, orbit);
      for (size_t i = 0; i < count && !in; ++i) in = orbit[i] != cp && contains(orbit[i]);
    }
    return in != negated;
  }

  bool matches(char32_t cp) const {
    if (cp < 0x80) return (ascii[cp >> 6] >> (cp & 63)) & 1;
    return matches_slow(cp);
  }

  // Sorts and merges the ranges, folds all plain category members into one mask (o200k's
  // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}] then costs one table lookup, not five) and fills the ASCII
  // table. Call once, after the last member.
  void finish() {
    uint32_t mask = 0;
    std::vector<Property> others;
    for (const Property& p : properties) {
      if (p.kind == PropertyKind::kCategories && !p.negated) {
        mask |= p.a;
      } else {
        others.push_back(p);
      }
    }
    properties.clear();
    if (mask != 0) properties.push_back(Property{PropertyKind::kCategories, false, mask, 0});
    properties.insert(properties.end(), others.begin(), others.end());

    std::sort(ranges.begin(), ranges.end());
    std::vector<std::pair<char32_t, char32_t>> merged;
    for (const auto& r : ranges) {
      if (!merged.empty() && r.first <= merged.back().second + 1) {
        merged.back().second = std::max(merged.back().second, r.second);
      } else {
        merged.push_back(r);
      }
    }
    ranges = std::move(merged);
    for (char32_t cp = 0; cp < 0x80; ++cp) {
      if (matches_slow(cp)) ascii[cp >> 6] |= uint64_t{1} << (cp & 63);
    }
  }
};

// What a match can begin with: exact below U+0080, one flag for everything above.
struct FirstSet {
  uint64_t ascii[2] = {0, 0};
  bool non_ascii = false;

  bool may_start(uint8_t lead) const {
    return lead < 0x80 ? ((ascii[lead >> 6] >> (lead & 63)) & 1) : non_ascii;
  }
  void add(const FirstSet& o) {
    ascii[0] |= o.ascii[0];
    ascii[1] |= o.ascii[1];
    non_ascii |= o.non_ascii;
  }
  static FirstSet all() {
    FirstSet f;
    f.ascii[0] = f.ascii[1] = ~uint64_t{0};
    f.non_ascii = true;
    return f;
  }
};

// ---------------------------------------------------------------------------------------------
// Syntax tree

enum class NodeKind : uint8_t { kEmpty, kChar, kClass, kAny, kAssert, kConcat, kAlternation, kRepeat, kLook };
enum class Assertion : uint8_t {
  kLineStart,         // Rust (?m)^: at 0 or after '\n'
  kLineStartNotAtEnd, // Oniguruma ^: the same, but not at the end of the text
  kLineEnd,           // at the end or before '\n'
  kTextStart, kTextEnd,
  kTextEndNewline,    // at the end or before a final '\n'
  kWordBoundary, kNotWordBoundary,
};
enum class Greed : uint8_t { kGreedy, kLazy, kPossessive };
enum class LookKind : uint8_t { kAhead, kNotAhead, kAtomic };

struct Node {
  NodeKind kind = NodeKind::kEmpty;
  uint8_t flavor = 0;          // Assertion, Greed or LookKind
  uint32_t value = 0;          // code point, class index, or 1 for a dot matching '\n' or an
                               // Oniguruma word boundary
  uint32_t min = 0, max = 0;   // repeat bounds
  std::vector<uint32_t> children;
};

// ---------------------------------------------------------------------------------------------
// Compiled program

enum class Op : uint8_t {
  kMatch,          // success of the whole program, or of a lookaround / atomic body
  kChar,           // x = code point
  kClass,          // x = class
  kAny,            // any code point but '\n'; any at all when x = 1
  kRun,            // a single-code-point atom repeated min..max times; a = Greed, b = atom Op
  kSplit,          // try x, on failure y; guard = first set x must start with (or kNone)
  kJmp,            // x
  kAssert,         // a = Assertion; x = 1 for Oniguruma's \w in word boundaries
  kLook,           // body at pc + 1 ends in kMatch; a = LookKind; continue at y
  kSaveProgress,   // slot x = position (restored on backtracking)
  kCheckProgress,  // when slot x == position the loop body matched empty: leave to y
};

struct Inst {
  Op op;
  uint8_t a = 0;
  uint8_t b = 0;
  uint32_t x = 0;
  uint32_t y = 0;
  uint32_t min = 0;
  uint32_t max = 0;
  uint32_t guard = kNone;    // kSplit: first set the x branch must start with, or kNone
  uint32_t guard_y = kNone;  // kSplit: the same for the y branch
};

}  // namespace

struct Regex::Program {
  std::vector<Inst> code;
  std::vector<CharClass> classes;
  std::vector<FirstSet> guards;
  FirstSet first;        // what any match must start with, unless `nullable`
  bool nullable = true;  // the pattern can match the empty string
  uint32_t slot_count = 0;
};

namespace {

// Parsing and compiling run once per pattern, at load: built for size (core/cold.h).
TOKVEC_COLD_BEGIN

[[noreturn]] void fail_at(ErrorCode code, const std::string& what, size_t offset,
                          std::string_view pattern) {
  throw_error(code, {"regex: ", what, " at offset ", offset, " in pattern \"", pattern, "\""});
}

[[noreturn]] void fail_unsupported(std::string_view syntax, size_t offset, std::string_view pattern) {
  fail_at(ErrorCode::kUnsupported, "unsupported syntax \"" + std::string(syntax) + "\"", offset,
          pattern);
}

std::string normalize_property_name(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == ' ' || c == '_' || c == '-') continue;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

uint32_t general_category_mask(const std::string& name) {
  struct Entry {
    const char* name;
    uint32_t mask;
  };
  static const Entry kEntries[] = {
      {"l", kLetter}, {"letter", kLetter}, {"lc", kLu | kLl | kLt}, {"l&", kLu | kLl | kLt},
      {"casedletter", kLu | kLl | kLt}, {"lu", kLu}, {"uppercaseletter", kLu}, {"ll", kLl},
      {"lowercaseletter", kLl}, {"lt", kLt}, {"titlecaseletter", kLt}, {"lm", kLm},
      {"modifierletter", kLm}, {"lo", kLo}, {"otherletter", kLo},
      {"m", kMark}, {"mark", kMark}, {"combiningmark", kMark}, {"mn", kMn},
      {"nonspacingmark", kMn}, {"mc", kMc}, {"spacingmark", kMc}, {"me", kMe},
      {"enclosingmark", kMe},
      {"n", kNumber}, {"number", kNumber}, {"nd", kNd}, {"decimalnumber", kNd}, {"digit", kNd},
      {"nl", kNl}, {"letternumber", kNl}, {"no", kNo}, {"othernumber", kNo},
      {"p", kPunctuation}, {"punctuation", kPunctuation}, {"pc", kPc},
      {"connectorpunctuation", kPc}, {"pd", kPd}, {"dashpunctuation", kPd}, {"ps", kPs},
      {"openpunctuation", kPs}, {"pe", kPe}, {"closepunctuation", kPe}, {"pi", kPi},
      {"initialpunctuation", kPi}, {"pf", kPf}, {"finalpunctuation", kPf}, {"po", kPo},
      {"otherpunctuation", kPo},
      {"s", kSymbol}, {"symbol", kSymbol}, {"sm", kSm}, {"mathsymbol", kSm}, {"sc", kSc},
      {"currencysymbol", kSc}, {"sk", kSk}, {"modifiersymbol", kSk}, {"so", kSo},
      {"othersymbol", kSo},
      {"z", kSeparator}, {"separator", kSeparator}, {"zs", kZs}, {"spaceseparator", kZs},
      {"zl", kZl}, {"lineseparator", kZl}, {"zp", kZp}, {"paragraphseparator", kZp},
      {"c", kOther}, {"other", kOther}, {"cc", kCc}, {"control", kCc}, {"cntrl", kCc},
      {"cf", kCf}, {"format", kCf}, {"cs", kCs}, {"surrogate", kCs}, {"co", kCo},
      {"privateuse", kCo}, {"cn", kCn}, {"unassigned", kCn},
      {"any", kAllCategories},
  };
  for (const Entry& e : kEntries) {
    if (name == e.name) return e.mask;
  }
  return 0;
}

// An escape or class member: one code point, or a set.
struct Atom {
  bool is_set = false;
  char32_t cp = 0;
  Property set{};
};

class Parser {
 public:
  Parser(std::string_view pattern, Regex::Dialect dialect, std::vector<Node>& nodes,
         std::vector<CharClass>& classes)
      : pattern_(pattern), onig_(dialect == Regex::Dialect::kOniguruma), nodes_(nodes), classes_(classes) {}

  uint32_t parse() {
    const uint32_t root = parse_alternation(0);
    if (pos_ < pattern_.size()) fail(ErrorCode::kParse, "unmatched \")\"", pos_);
    return root;
  }

 private:
  // Options a group can set; a group restores them at its end.
  struct Flags {
    bool fold = false;       // i
    bool dot_all = false;    // Oniguruma m, Rust s
    bool multiline = false;  // Rust m: ^ and $ at line boundaries (always so in Oniguruma)
  };

  [[noreturn]] void fail(ErrorCode code, const std::string& what, size_t offset) const {
    fail_at(code, what, offset, pattern_);
  }
  [[noreturn]] void unsupported(size_t start, size_t end) const {
    fail_unsupported(pattern_.substr(start, end - start), start, pattern_);
  }

  bool at_end() const { return pos_ >= pattern_.size(); }
  bool peek(char c) const { return pos_ < pattern_.size() && pattern_[pos_] == c; }
  bool peek_at(size_t i, char c) const { return i < pattern_.size() && pattern_[i] == c; }

  uint32_t add(Node node) {
    nodes_.push_back(std::move(node));
    return static_cast<uint32_t>(nodes_.size() - 1);
  }
  uint32_t add_simple(NodeKind kind, uint8_t flavor = 0, uint32_t value = 0) {
    Node n;
    n.kind = kind;
    n.flavor = flavor;
    n.value = value;
    return add(std::move(n));
  }
  uint32_t add_class(CharClass cls) {
    cls.finish();
    classes_.push_back(std::move(cls));
    return add_simple(NodeKind::kClass, 0, static_cast<uint32_t>(classes_.size() - 1));
  }

  // A literal code point; under (?i) the class of its case orbit.
  uint32_t add_literal(char32_t cp) {
    if (flags_.fold) {
      char32_t orbit[4];
      const size_t count = unicode::case_orbit(cp, orbit);
      if (count > 1) {
        CharClass cls;
        for (size_t i = 0; i < count; ++i) cls.ranges.push_back({orbit[i], orbit[i]});
        return add_class(std::move(cls));
      }
    }
    return add_simple(NodeKind::kChar, 0, cp);
  }

  char32_t next_pattern_cp() {
    const size_t start = pos_;
    const char32_t cp = utf8::decode(pattern_, pos_);
    if (cp == utf8::kReplacement &&
        !(pos_ - start == 3 && static_cast<uint8_t>(pattern_[start]) == 0xEF)) {
      fail(ErrorCode::kParse, "invalid UTF-8", start);
    }
    return cp;
  }

  uint32_t parse_alternation(int depth) {
    if (depth > kMaxNesting) {
      fail(ErrorCode::kLimit, message({"groups nested more than ", kMaxNesting, " deep"}), pos_);
    }
    Node alt;
    alt.kind = NodeKind::kAlternation;
    alt.children.push_back(parse_concat(depth));
    while (peek('|')) {
      ++pos_;
      alt.children.push_back(parse_concat(depth));
    }
    if (alt.children.size() == 1) return alt.children[0];
    return add(std::move(alt));
  }

  uint32_t parse_concat(int depth) {
    Node concat;
    concat.kind = NodeKind::kConcat;
    while (!at_end() && !peek('|') && !peek(')')) {
      if (peek('(') && peek_at(pos_ + 1, '?') && parse_isolated_options()) {
        // Rust applies "(?i)" to the rest of the enclosing group, later alternatives included.
        if (!onig_) continue;
        // Oniguruma reads `ab(?i)c|d` as `ab(?i:c|d)`: the options open a group that runs to the
        // end of the enclosing one.
        concat.children.push_back(parse_alternation(depth + 1));
        break;
      }
      const uint32_t atom = parse_atom(depth);
      if (atom == kNone) continue;  // a comment
      concat.children.push_back(parse_quantifiers(atom));
    }
    if (concat.children.empty()) return add_simple(NodeKind::kEmpty);
    if (concat.children.size() == 1) return concat.children[0];
    return add(std::move(concat));
  }

  bool is_option_letter(char c) const {
    return c == '-' || c == 'i' || c == 'm' || (!onig_ && (c == 's' || c == 'u'));
  }

  // Reads option letters after "(?" up to ':' or ')' and returns the flags they give.
  Flags parse_option_letters(size_t group_start) {
    Flags flags = flags_;
    bool on = true;
    while (!at_end() && !peek(':') && !peek(')')) {
      const char c = pattern_[pos_];
      if (c == '-' && on) {
        on = false;
      } else if (c == 'i') {
        flags.fold = on;
      } else if (c == 'm') {
        (onig_ ? flags.dot_all : flags.multiline) = on;
      } else if (c == 's' && !onig_) {
        flags.dot_all = on;
      } else if (c == 'u' && !onig_ && on) {
        // Unicode mode is the only mode here; "(?-u)" (bytes) is refused below.
      } else {
        unsupported(group_start, pos_ + 1);
      }
      ++pos_;
    }
    if (at_end()) fail(ErrorCode::kParse, "missing \")\" for the group", group_start);
    return flags;
  }

  // At "(?": when an isolated option group like "(?i)" follows, consumes it, applies it and
  // returns true; otherwise leaves pos_ unchanged.
  bool parse_isolated_options() {
    size_t i = pos_ + 2;
    while (i < pattern_.size() && is_option_letter(pattern_[i])) ++i;
    if (i == pos_ + 2 || !peek_at(i, ')')) return false;
    const size_t start = pos_;
    pos_ += 2;
    flags_ = parse_option_letters(start);
    ++pos_;  // ')'
    return true;
  }

  // Parses the interval at pos_ ("{n}", "{n,}", "{n,m}", "{,m}"). Returns false, leaving pos_,
  // when the text is not an interval: Oniguruma then reads '{' as a literal.
  bool parse_interval(uint32_t& min, uint32_t& max, bool& fixed) {
    size_t i = pos_ + 1;
    auto number = [&](uint64_t& value) {
      const size_t start = i;
      value = 0;
      while (i < pattern_.size() && pattern_[i] >= '0' && pattern_[i] <= '9') {
        value = std::min<uint64_t>(value * 10 + static_cast<uint64_t>(pattern_[i] - '0'),
                                   uint64_t{1} << 40);
        ++i;
      }
      return i > start;
    };
    uint64_t lo = 0, hi = 0;
    const bool has_lo = number(lo);
    bool has_comma = false, has_hi = false;
    if (i < pattern_.size() && pattern_[i] == ',') {
      has_comma = true;
      ++i;
      has_hi = number(hi);
    }
    if (!peek_at(i, '}') || (!has_lo && !has_hi)) return false;
    if (lo > kMaxRepeat || hi > kMaxRepeat) {
      fail(ErrorCode::kLimit, message({"repeat count above ", kMaxRepeat}), pos_);
    }
    min = static_cast<uint32_t>(lo);
    max = has_comma ? (has_hi ? static_cast<uint32_t>(hi) : kUnbounded) : min;
    fixed = !has_comma;
    if (max < min) fail(ErrorCode::kParse, "repeat range {n,m} with n > m", pos_);
    pos_ = i + 1;
    return true;
  }

  bool quantifier_follows() {
    if (at_end()) return false;
    const char c = pattern_[pos_];
    if (c == '*' || c == '+' || c == '?') return true;
    if (c != '{') return false;
    const size_t saved = pos_;
    uint32_t min, max;
    bool fixed;
    const bool interval = parse_interval(min, max, fixed);
    pos_ = saved;
    return interval;
  }

  uint32_t parse_quantifiers(uint32_t atom) {
    if (!quantifier_follows()) return atom;
    const size_t start = pos_;
    const NodeKind kind = nodes_[atom].kind;
    if (kind == NodeKind::kAssert || kind == NodeKind::kLook) {
      // Oniguruma rejects a quantified anchor; a quantified lookaround is never useful.
      fail(ErrorCode::kParse, "quantifier after a zero-width assertion", start);
    }
    uint32_t min = 0, max = kUnbounded;
    bool fixed = false;
    const char c = pattern_[pos_];
    if (c == '{') {
      parse_interval(min, max, fixed);
    } else {
      ++pos_;
      if (c == '+') min = 1;
      if (c == '?') max = 1;
    }
    Greed greed = Greed::kGreedy;
    // Oniguruma's default syntax has no lazy or possessive intervals after all: "a{2}?" is
    // "(?:a{2})?", "a{2}+" is "(?:a{2})+" and "a{1,3}+" is "(?:a{1,3})+". Perl, Rust and
    // fancy-regex read lazy "{n}?" and possessive "{n,m}+".
    uint32_t outer_min = 1, outer_max = 1;
    if (peek('?') || peek('+')) {
      if (onig_ && c == '{' && (fixed || peek('+'))) {
        outer_min = peek('+') ? 1 : 0;
        outer_max = peek('+') ? kUnbounded : 1;
      } else {
        greed = peek('?') ? Greed::kLazy : Greed::kPossessive;
      }
      ++pos_;
    }
    uint32_t node = add_repeat(atom, min, max, greed);
    if (outer_min != 1 || outer_max != 1) node = add_repeat(node, outer_min, outer_max, Greed::kGreedy);
    if (!quantifier_follows()) return node;
    // Oniguruma repeats a repeat ("a{2}{3}" is "(?:a{2}){3}"); Rust refuses it.
    if (!onig_) fail(ErrorCode::kParse, "nested quantifier", pos_);
    if (++quantifier_depth_ > kMaxNesting) {
      fail(ErrorCode::kLimit, message({"quantifiers nested more than ", kMaxNesting, " deep"}), pos_);
    }
    node = parse_quantifiers(node);
    --quantifier_depth_;
    return node;
  }

  uint32_t add_repeat(uint32_t child, uint32_t min, uint32_t max, Greed greed) {
    Node repeat;
    repeat.kind = NodeKind::kRepeat;
    repeat.flavor = static_cast<uint8_t>(greed);
    repeat.min = min;
    repeat.max = max;
    repeat.children.push_back(child);
    return add(std::move(repeat));
  }

  uint32_t parse_atom(int depth) {
    const size_t start = pos_;
    const char c = pattern_[pos_];
    switch (c) {
      case '(': return parse_group(depth);
      case '[': return parse_class();
      case '.': ++pos_; return add_simple(NodeKind::kAny, 0, flags_.dot_all ? 1 : 0);
      case '^': {
        ++pos_;
        const Assertion a = onig_ ? Assertion::kLineStartNotAtEnd
                            : flags_.multiline ? Assertion::kLineStart : Assertion::kTextStart;
        return add_simple(NodeKind::kAssert, static_cast<uint8_t>(a));
      }
      case '$': {
        ++pos_;
        const Assertion a = onig_ || flags_.multiline ? Assertion::kLineEnd : Assertion::kTextEnd;
        return add_simple(NodeKind::kAssert, static_cast<uint8_t>(a));
      }
      case '\\': return parse_escape_atom();
      case '*': case '+': case '?':
        fail(ErrorCode::kParse, std::string("nothing to repeat before \"") + c + "\"", start);
      case '{':
        if (quantifier_follows()) fail(ErrorCode::kParse, "nothing to repeat before \"{\"", start);
        ++pos_;
        return add_literal('{');
      default: return add_literal(next_pattern_cp());
    }
  }

  uint32_t parse_group(int depth) {
    const size_t start = pos_;
    ++pos_;  // '('
    bool look = false;
    LookKind look_kind = LookKind::kAtomic;
    const Flags saved_flags = flags_;
    if (peek('?')) {
      ++pos_;
      if (at_end()) fail(ErrorCode::kParse, "missing \")\" for the group", start);
      const char c = pattern_[pos_];
      if (c == ':') {
        ++pos_;
      } else if (c == '>' || c == '=' || c == '!') {
        look = true;
        look_kind = c == '>' ? LookKind::kAtomic : c == '=' ? LookKind::kAhead : LookKind::kNotAhead;
        ++pos_;
      } else if (c == '#') {
        while (!at_end() && !peek(')')) ++pos_;
        if (at_end()) fail(ErrorCode::kParse, "missing \")\" for the comment", start);
        ++pos_;
        return kNone;
      } else if (c == '<' && (peek_at(pos_ + 1, '=') || peek_at(pos_ + 1, '!'))) {
        unsupported(start, pos_ + 2);  // lookbehind
      } else if (c == '<' || c == '\'' || (c == 'P' && peek_at(pos_ + 1, '<'))) {
        // A named group; only whole-match spans are reported, so it is a plain group.
        if (c == 'P') ++pos_;
        const char close = pattern_[pos_] == '<' ? '>' : '\'';
        ++pos_;
        const size_t name_start = pos_;
        while (!at_end() && is_word_byte(pattern_[pos_])) ++pos_;
        if (pos_ == name_start || !peek(close)) {
          fail(ErrorCode::kParse, "invalid group name", start);
        }
        ++pos_;
      } else if (is_option_letter(c)) {
        flags_ = parse_option_letters(start);
        if (peek(')')) {
          // "(?i)" at the start of a group or pattern: handled by parse_concat, so this is only
          // reached for an isolated group parse_isolated_options did not recognise.
          fail(ErrorCode::kParse, "misplaced option group", start);
        }
        ++pos_;  // ':'
      } else {
        size_t end = pos_ + 1;
        if (c == 'P' && end < pattern_.size()) ++end;
        unsupported(start, end);
      }
    }
    const uint32_t body = parse_alternation(depth + 1);
    flags_ = saved_flags;
    if (!peek(')')) fail(ErrorCode::kParse, "missing \")\" for the group", start);
    ++pos_;
    if (!look) return body;
    Node node;
    node.kind = NodeKind::kLook;
    node.flavor = static_cast<uint8_t>(look_kind);
    node.children.push_back(body);
    return add(std::move(node));
  }

  static bool is_word_byte(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  // Hex digits at pos_: exactly `count`, or 1-8 inside braces when `braces` allows and '{' follows.
  char32_t parse_hex(size_t escape_start, size_t count, bool braces) {
    uint64_t value = 0;
    if (braces && peek('{')) {
      ++pos_;
      const size_t digits_start = pos_;
      while (!at_end() && hex_value(pattern_[pos_]) >= 0 && pos_ - digits_start < 9) {
        value = value * 16 + static_cast<uint64_t>(hex_value(pattern_[pos_]));
        ++pos_;
      }
      if (pos_ == digits_start || !peek('}')) {
        fail(ErrorCode::kParse, "invalid hexadecimal escape", escape_start);
      }
      ++pos_;
    } else {
      for (size_t k = 0; k < count; ++k) {
        if (at_end() || hex_value(pattern_[pos_]) < 0) {
          fail(ErrorCode::kParse, "invalid hexadecimal escape", escape_start);
        }
        value = value * 16 + static_cast<uint64_t>(hex_value(pattern_[pos_]));
        ++pos_;
      }
    }
    if (value > 0x10FFFF) fail(ErrorCode::kParse, "code point above U+10FFFF", escape_start);
    return static_cast<char32_t>(value);
  }

  PropertyKind word_kind(bool in_class) const {
    if (!onig_) return PropertyKind::kWord;
    return in_class ? PropertyKind::kOnigurumaWord : PropertyKind::kOnigurumaWordOutsideClass;
  }

  Property parse_property(size_t escape_start, bool negated, bool in_class) {
    std::string name;
    if (peek('{')) {
      const size_t close = pattern_.find('}', pos_);
      if (close == std::string_view::npos) {
        fail(ErrorCode::kParse, "missing \"}\" for the property", escape_start);
      }
      std::string_view raw = pattern_.substr(pos_ + 1, close - pos_ - 1);
      pos_ = close + 1;
      if (!raw.empty() && raw[0] == '^') {
        negated = !negated;
        raw.remove_prefix(1);
      }
      name = normalize_property_name(raw);
    } else {
      if (at_end()) fail(ErrorCode::kParse, "missing property name", escape_start);
      const char c = pattern_[pos_];
      // The Oniguruma in HuggingFace tokenizers reads "\pL" as the letters "pL" (newer Oniguruma
      // as \p{L}), so only Rust's one-letter form is accepted.
      if (onig_ || std::string_view("CLMNPSZ").find(c) == std::string_view::npos) {
        unsupported(escape_start, pos_ + 1);
      }
      ++pos_;
      name = normalize_property_name(std::string_view(&c, 1));
    }
    Property p{PropertyKind::kCategories, negated, 0, 0};
    const size_t eq = name.find('=');
    std::string key = eq == std::string::npos ? "" : name.substr(0, eq);
    std::string value = eq == std::string::npos ? name : name.substr(eq + 1);
    if (key.empty() || key == "gc" || key == "generalcategory") {
      if (const uint32_t mask = general_category_mask(value)) {
        p.a = mask;
        return p;
      }
    }
    if (key.empty()) {
      if (value == "ascii") return Property{PropertyKind::kRange, negated, 0, 0x7F};
      if (value == "whitespace" || value == "space") return Property{PropertyKind::kWhiteSpace, negated, 0, 0};
      if (value == "word") return Property{word_kind(in_class), negated, 0, 0};
    }
    if (key.empty() || key == "sc" || key == "script") {
      for (size_t i = 0; i < unicode::script_count(); ++i) {
        const auto script = static_cast<unicode::Script>(i);
        if (normalize_property_name(unicode::script_name(script)) == value) {
          return Property{PropertyKind::kScript, negated, static_cast<uint32_t>(i), 0};
        }
      }
    }
    unsupported(escape_start, pos_);
  }

  // An escape after '\\' at pos_ (pos_ at the backslash). Assertions are handled by the caller.
  Atom parse_escape(bool in_class) {
    const size_t start = pos_;
    ++pos_;
    if (at_end()) fail(ErrorCode::kParse, "trailing backslash", start);
    const char c = pattern_[pos_];
    Atom atom;
    auto set = [&](PropertyKind kind, bool negated, uint32_t a = 0) {
      atom.is_set = true;
      atom.set = Property{kind, negated, a, 0};
      return atom;
    };
    auto literal = [&](char32_t cp) {
      atom.cp = cp;
      return atom;
    };
    ++pos_;
    switch (c) {
      case 'd': return set(PropertyKind::kCategories, false, kNd);
      case 'D': return set(PropertyKind::kCategories, true, kNd);
      case 'w': return set(word_kind(in_class), false);
      case 'W': return set(word_kind(in_class), true);
      case 's': return set(PropertyKind::kWhiteSpace, false);
      case 'S': return set(PropertyKind::kWhiteSpace, true);
      case 'p': case 'P':
        atom.is_set = true;
        atom.set = parse_property(start, c == 'P', in_class);
        return atom;
      case 't': return literal('\t');
      case 'n': return literal('\n');
      case 'r': return literal('\r');
      case 'f': return literal('\f');
      case 'v': return literal('\v');
      case 'a': return literal('\a');
      case 'e': return literal(0x1B);
      case 'x': {
        if (onig_ && !peek('{') && pos_ + 2 <= pattern_.size() && hex_value(pattern_[pos_]) >= 8) {
          // In Oniguruma "\xHH" is a byte of the UTF-8 encoding, in Rust a code point: they agree
          // only below 0x80.
          unsupported(start, pos_ + 2);
        }
        return literal(parse_hex(start, 2, true));
      }
      case 'u': return literal(parse_hex(start, 4, true));
      default: break;
    }
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      // Backreferences, octal, \b in a class (backspace in Oniguruma, an error in Rust), \h, \R,
      // \X, \K, \G, \k<..>, \g<..>, \Q..\E, \cX and the like. Anchors were taken by the caller.
      unsupported(start, pos_);
    }
    pos_ = start + 1;
    return literal(next_pattern_cp());
  }

  uint32_t parse_escape_atom() {
    if (pos_ + 1 < pattern_.size()) {
      Assertion assertion;
      bool is_assertion = true;
      switch (pattern_[pos_ + 1]) {
        case 'A': assertion = Assertion::kTextStart; break;
        case 'z': assertion = Assertion::kTextEnd; break;
        case 'Z':
          if (!onig_) unsupported(pos_, pos_ + 2);  // not in Rust's syntax
          assertion = Assertion::kTextEndNewline;
          break;
        case 'b': assertion = Assertion::kWordBoundary; break;
        case 'B': assertion = Assertion::kNotWordBoundary; break;
        default: is_assertion = false; assertion = Assertion::kTextStart; break;
      }
      if (is_assertion) {
        pos_ += 2;
        const bool onig_word = onig_ && (assertion == Assertion::kWordBoundary ||
                                         assertion == Assertion::kNotWordBoundary);
        return add_simple(NodeKind::kAssert, static_cast<uint8_t>(assertion), onig_word ? 1 : 0);
      }
    }
    const Atom atom = parse_escape(false);
    if (!atom.is_set) return add_literal(atom.cp);
    CharClass cls;
    cls.properties.push_back(atom.set);
    // \s, \d, \w and their negations are closed under case folding already.
    // Oniguruma folds a property only inside a class: "(?i)\p{Lu}" rejects "a", "(?i)[\p{Lu}]"
    // accepts it. Rust folds both.
    cls.fold = flags_.fold && !onig_ && (atom.set.kind == PropertyKind::kCategories ||
                         atom.set.kind == PropertyKind::kScript ||
                         atom.set.kind == PropertyKind::kRange);
    return add_class(std::move(cls));
  }

  Atom parse_class_atom() {
    if (peek('\\')) {
      const size_t start = pos_;
      if (pos_ + 1 < pattern_.size() && std::string_view("AzZbBG").find(pattern_[pos_ + 1]) !=
                                            std::string_view::npos) {
        unsupported(start, pos_ + 2);
      }
      return parse_escape(true);
    }
    Atom atom;
    atom.cp = next_pattern_cp();
    return atom;
  }

  uint32_t parse_class() {
    const size_t start = pos_;
    ++pos_;  // '['
    CharClass cls;
    if (peek('^')) {
      cls.negated = true;
      ++pos_;
    }
    bool first = true;
    bool has_cased = false;
    for (;;) {
      if (at_end()) fail(ErrorCode::kParse, "missing \"]\" for the class", start);
      const char c = pattern_[pos_];
      if (c == ']' && !first) {
        ++pos_;
        break;
      }
      first = false;
      if (c == '[') unsupported(pos_, std::min(pos_ + 2, pattern_.size()));  // nested or POSIX
      if (c == '&' && peek_at(pos_ + 1, '&')) unsupported(pos_, pos_ + 2);  // intersection
      const size_t atom_start = pos_;
      const Atom lo = parse_class_atom();
      const bool range = peek('-') && pos_ + 1 < pattern_.size() && pattern_[pos_ + 1] != ']';
      if (lo.is_set) {
        if (range) fail(ErrorCode::kParse, "class escape used as a range bound", atom_start);
        cls.properties.push_back(lo.set);
        has_cased |= lo.set.kind == PropertyKind::kCategories ||
                     lo.set.kind == PropertyKind::kScript || lo.set.kind == PropertyKind::kRange;
        continue;
      }
      if (!range) {
        cls.ranges.push_back({lo.cp, lo.cp});
        has_cased = true;
        continue;
      }
      ++pos_;  // '-'
      const Atom hi = parse_class_atom();
      if (hi.is_set) fail(ErrorCode::kParse, "class escape used as a range bound", atom_start);
      if (hi.cp < lo.cp) fail(ErrorCode::kParse, "range out of order in class", atom_start);
      cls.ranges.push_back({lo.cp, hi.cp});
      has_cased = true;
    }
    cls.fold = flags_.fold && has_cased;
    return add_class(std::move(cls));
  }

  std::string_view pattern_;
  bool onig_;
  std::vector<Node>& nodes_;
  std::vector<CharClass>& classes_;
  size_t pos_ = 0;
  int quantifier_depth_ = 0;
  Flags flags_;
};

// ---------------------------------------------------------------------------------------------
// Compiler

class Compiler {
 public:
  Compiler(std::string_view pattern, const std::vector<Node>& nodes, Regex::Program& program)
      : pattern_(pattern), nodes_(nodes), program_(program) {}

  void compile(uint32_t root) {
    analysis_.resize(nodes_.size());
    analyzed_.resize(nodes_.size(), false);
    emit_node(root, 0);
    emit(Inst{Op::kMatch});
    const Analysis a = analyze(root, 0);
    program_.first = a.first;
    program_.nullable = a.nullable;
  }

 private:
  struct Analysis {
    FirstSet first;  // what a non-empty match of the node can start with
    bool nullable;   // can match (or pass) without consuming
  };

  // Memoized: unrolled repeats ask for the same node's analysis many times.
  Analysis analyze(uint32_t id, int depth) {
    if (!analyzed_[id]) {
      analysis_[id] = analyze_uncached(id, depth);
      analyzed_[id] = true;
    }
    return analysis_[id];
  }

  // Conservative where it must be: lookarounds and assertions pass everything through.
  Analysis analyze_uncached(uint32_t id, int depth) {
    const Node& node = nodes_[id];
    Analysis r{FirstSet{}, false};
    switch (node.kind) {
      case NodeKind::kEmpty:
      case NodeKind::kAssert:
      case NodeKind::kLook:
        if (node.kind == NodeKind::kLook && node.flavor == static_cast<uint8_t>(LookKind::kAtomic)) {
          return analyze(node.children[0], depth + 1);
        }
        r.nullable = true;
        return r;
      case NodeKind::kChar:
        if (node.value < 0x80) {
          r.first.ascii[node.value >> 6] |= uint64_t{1} << (node.value & 63);
        } else {
          r.first.non_ascii = true;
        }
        return r;
      case NodeKind::kClass: {
        const CharClass& cls = program_.classes[node.value];
        r.first.ascii[0] = cls.ascii[0];
        r.first.ascii[1] = cls.ascii[1];
        r.first.non_ascii = true;
        return r;
      }
      case NodeKind::kAny:
        r.first = FirstSet::all();
        if (node.value == 0) r.first.ascii[0] &= ~(uint64_t{1} << '\n');
        return r;
      case NodeKind::kConcat:
        r.nullable = true;
        for (uint32_t child : node.children) {
          const Analysis c = analyze(child, depth + 1);
          r.first.add(c.first);
          if (!c.nullable) {
            r.nullable = false;
            break;
          }
        }
        return r;
      case NodeKind::kAlternation:
        for (uint32_t child : node.children) {
          const Analysis c = analyze(child, depth + 1);
          r.first.add(c.first);
          r.nullable |= c.nullable;
        }
        return r;
      case NodeKind::kRepeat: {
        r = analyze(node.children[0], depth + 1);
        if (node.min == 0) r.nullable = true;
        if (node.max == 0) r = Analysis{FirstSet{}, true};
        return r;
      }
    }
    return Analysis{FirstSet::all(), true};
  }

  uint32_t pc() const { return static_cast<uint32_t>(program_.code.size()); }

  uint32_t emit(Inst inst) {
    if (program_.code.size() >= kMaxProgramSize) {
      fail_at(ErrorCode::kLimit, message({"pattern compiles to more than ", kMaxProgramSize, " instructions"}), 0,
              pattern_);
    }
    program_.code.push_back(inst);
    return pc() - 1;
  }

  // A guard for a split's first branch: when that branch cannot match empty, the VM skips it
  // without pushing a backtrack entry if the next byte cannot start it.
  uint32_t guard_for(uint32_t id) {
    const Analysis a = analyze(id, 0);
    if (a.nullable) return kNone;
    program_.guards.push_back(a.first);
    return static_cast<uint32_t>(program_.guards.size() - 1);
  }

  // A guard for the alternatives children[from..], when none of them can match empty.
  uint32_t guard_for_rest(const std::vector<uint32_t>& children, size_t from) {
    FirstSet first;
    for (size_t i = from; i < children.size(); ++i) {
      const Analysis a = analyze(children[i], 0);
      if (a.nullable) return kNone;
      first.add(a.first);
    }
    program_.guards.push_back(first);
    return static_cast<uint32_t>(program_.guards.size() - 1);
  }

  static bool is_single(const Node& node) {
    return node.kind == NodeKind::kChar || node.kind == NodeKind::kClass || node.kind == NodeKind::kAny;
  }

  void emit_node(uint32_t id, int depth) {
    if (++steps_ > kMaxCompileSteps) {
      fail_at(ErrorCode::kLimit, "pattern too large to compile", 0, pattern_);
    }
    const Node& node = nodes_[id];
    switch (node.kind) {
      case NodeKind::kEmpty: return;
      case NodeKind::kChar: emit(Inst{Op::kChar, 0, 0, node.value}); return;
      case NodeKind::kClass: emit(Inst{Op::kClass, 0, 0, node.value}); return;
      case NodeKind::kAny: emit(Inst{Op::kAny, 0, 0, node.value}); return;
      case NodeKind::kAssert: emit(Inst{Op::kAssert, node.flavor, 0, node.value}); return;
      case NodeKind::kConcat:
        for (uint32_t child : node.children) emit_node(child, depth + 1);
        return;
      case NodeKind::kAlternation: {
        std::vector<uint32_t> jumps_to_end;
        for (size_t i = 0; i < node.children.size(); ++i) {
          if (i + 1 == node.children.size()) {
            emit_node(node.children[i], depth + 1);
            break;
          }
          const uint32_t split = emit(Inst{Op::kSplit});
          program_.code[split].x = pc();
          program_.code[split].guard = guard_for(node.children[i]);
          program_.code[split].guard_y = guard_for_rest(node.children, i + 1);
          emit_node(node.children[i], depth + 1);
          jumps_to_end.push_back(emit(Inst{Op::kJmp}));
          program_.code[split].y = pc();
        }
        for (uint32_t j : jumps_to_end) program_.code[j].x = pc();
        return;
      }
      case NodeKind::kLook: {
        const uint32_t look = emit(Inst{Op::kLook, node.flavor});
        emit_node(node.children[0], depth + 1);
        emit(Inst{Op::kMatch});
        program_.code[look].y = pc();
        return;
      }
      case NodeKind::kRepeat: emit_repeat(node, depth); return;
    }
  }

  void emit_repeat(const Node& node, int depth) {
    const Node& child = nodes_[node.children[0]];
    const Greed greed = static_cast<Greed>(node.flavor);
    if (node.max == 0) return;
    if (is_single(child)) {
      Inst run{Op::kRun, node.flavor};
      run.b = static_cast<uint8_t>(child.kind == NodeKind::kChar    ? Op::kChar
                                   : child.kind == NodeKind::kClass ? Op::kClass
                                                                    : Op::kAny);
      run.x = child.value;
      run.min = node.min;
      run.max = node.max;
      emit(run);
      return;
    }
    if (greed == Greed::kPossessive) {
      // X*+ is (?>X*).
      const uint32_t look = emit(Inst{Op::kLook, static_cast<uint8_t>(LookKind::kAtomic)});
      Node greedy = node;
      greedy.flavor = static_cast<uint8_t>(Greed::kGreedy);
      emit_repeat(greedy, depth);
      emit(Inst{Op::kMatch});
      program_.code[look].y = pc();
      return;
    }
    const bool lazy = greed == Greed::kLazy;
    for (uint32_t i = 0; i < node.min; ++i) emit_node(node.children[0], depth + 1);
    const uint32_t guard = guard_for(node.children[0]);
    if (node.max == kUnbounded) {
      const bool nullable = analyze(node.children[0], 0).nullable;
      const uint32_t loop = emit(Inst{Op::kSplit});
      uint32_t slot = 0;
      if (nullable) {
        slot = program_.slot_count++;
        emit(Inst{Op::kSaveProgress, 0, 0, slot});
      }
      emit_node(node.children[0], depth + 1);
      uint32_t check = kNone;
      if (nullable) check = emit(Inst{Op::kCheckProgress, 0, 0, slot});
      emit(Inst{Op::kJmp, 0, 0, loop});
      const uint32_t exit = pc();
      set_split(loop, loop + 1, exit, lazy, guard);
      if (check != kNone) program_.code[check].y = exit;
      return;
    }
    std::vector<uint32_t> splits;
    for (uint32_t i = node.min; i < node.max; ++i) {
      splits.push_back(emit(Inst{Op::kSplit}));
      emit_node(node.children[0], depth + 1);
    }
    const uint32_t exit = pc();
    for (uint32_t s : splits) set_split(s, s + 1, exit, lazy, guard);
  }

  // A split preferring `body` (greedy) or `exit` (lazy). Only a preferred body can be guarded.
  void set_split(uint32_t split, uint32_t body, uint32_t exit, bool lazy, uint32_t guard) {
    Inst& inst = program_.code[split];
    inst.x = lazy ? exit : body;
    inst.y = lazy ? body : exit;
    inst.guard = lazy ? kNone : guard;
  }

  std::string_view pattern_;
  const std::vector<Node>& nodes_;
  Regex::Program& program_;
  std::vector<Analysis> analysis_;
  std::vector<bool> analyzed_;
  size_t steps_ = 0;
};

TOKVEC_COLD_END

// ---------------------------------------------------------------------------------------------
// Matcher

enum class FrameKind : uint8_t {
  kRetry,        // resume at pc, pos
  kGreedyBack,   // a greedy run gives back one code point: pos = run end so far, aux = its floor
  kLazyMore,     // a lazy run takes one more code point: pc = the kRun, aux = count so far
  kRestoreSlot,  // slot pc = aux
};

struct Frame {
  FrameKind kind;
  uint32_t pc;
  uint32_t pos;
  uint32_t aux;
};

class Matcher {
 public:
  Matcher(const Regex::Program& program, std::string_view text)
      : program_(program),
        text_(text),
        bytes_(reinterpret_cast<const uint8_t*>(text.data())),
        size_(static_cast<uint32_t>(text.size())),
        slots_(program.slot_count, kNoMatch) {}

  bool search(size_t from, Span& match) {
    const FirstSet& first = program_.first;
    const bool filter = !program_.nullable;
    size_t pos = std::min<size_t>(from, size_);
    for (;;) {
      if (filter) {
        // Skip positions the first set rules out; ASCII one byte at a time, the rest by code point.
        while (pos < size_ && !first.may_start(bytes_[pos])) pos = next_boundary(pos);
        if (pos >= size_) return false;
      }
      budget_ = kBacktrackBudget + kBacktrackBudgetPerByte * size_;
      attempt_ = pos;
      const uint32_t end = run(0, static_cast<uint32_t>(pos));
      if (end != kNoMatch) {
        match = Span{static_cast<uint32_t>(pos), end};
        return true;
      }
      if (pos >= size_) return false;
      pos = next_boundary(pos);
    }
  }

  size_t next_boundary(size_t pos) const {
    if (bytes_[pos] < 0x80) return pos + 1;
    utf8::decode(text_, pos);
    return pos;
  }

 private:
  // Decodes the code point at pos (< size_) and advances pos.
  char32_t decode(uint32_t& pos) const {
    const uint8_t b = bytes_[pos];
    if (b < 0x80) {
      ++pos;
      return b;
    }
    size_t i = pos;
    const char32_t cp = utf8::decode(text_, i);
    pos = static_cast<uint32_t>(i);
    return cp;
  }

  // Whether one atom (kChar / kClass / kAny with argument x) accepts the code point at pos; on
  // success pos moves past it.
  bool step(Op atom, uint32_t x, uint32_t& pos) const {
    if (pos >= size_) return false;
    const uint8_t b = bytes_[pos];
    if (b < 0x80) {
      bool ok;
      switch (atom) {
        case Op::kChar: ok = b == x; break;
        case Op::kClass: ok = program_.classes[x].matches(b); break;
        default: ok = b != '\n' || x != 0; break;
      }
      if (ok) ++pos;
      return ok;
    }
    uint32_t next = pos;
    const char32_t cp = decode(next);
    bool ok;
    switch (atom) {
      case Op::kChar: ok = cp == x; break;
      case Op::kClass: ok = program_.classes[x].matches_slow(cp); break;
      default: ok = true; break;
    }
    if (ok) pos = next;
    return ok;
  }

  static bool is_word(char32_t cp, bool onig) {
    return onig ? is_oniguruma_word_outside_class(cp) : unicode::is_word_char(cp);
  }
  bool is_word_before(uint32_t pos, bool onig) const {
    if (pos == 0) return false;
    uint32_t start = pos - 1;
    while (start > 0 && pos - start < 4 && (bytes_[start] & 0xC0) == 0x80) --start;
    uint32_t end = start;
    const char32_t cp = decode(end);
    return end == pos && is_word(cp, onig);
  }
  bool is_word_at(uint32_t pos, bool onig) const {
    if (pos >= size_) return false;
    return is_word(decode(pos), onig);
  }

  bool assert_holds(Assertion a, uint32_t pos, bool onig) const {
    switch (a) {
      case Assertion::kLineStart: return pos == 0 || bytes_[pos - 1] == '\n';
      case Assertion::kLineStartNotAtEnd: return pos == 0 || (pos < size_ && bytes_[pos - 1] == '\n');
      case Assertion::kLineEnd: return pos == size_ || bytes_[pos] == '\n';
      case Assertion::kTextStart: return pos == 0;
      case Assertion::kTextEnd: return pos == size_;
      case Assertion::kTextEndNewline: return pos == size_ || (pos + 1 == size_ && bytes_[pos] == '\n');
      case Assertion::kWordBoundary: return is_word_before(pos, onig) != is_word_at(pos, onig);
      case Assertion::kNotWordBoundary: return is_word_before(pos, onig) == is_word_at(pos, onig);
    }
    return false;
  }

  // Runs the program from pc at pos until a kMatch (returning the position there) or until every
  // alternative pushed since entry has failed (kNoMatch). Recurses only into lookaround and
  // atomic bodies, so C++ depth is bounded by the pattern's nesting, never by the text.
  uint32_t run(uint32_t pc, uint32_t pos) {
    const size_t base = top_;
    const Inst* code = program_.code.data();
    for (;;) {
      const Inst& in = code[pc];
      switch (in.op) {
        case Op::kMatch:
          top_ = base;
          return pos;
        case Op::kChar:
        case Op::kClass:
        case Op::kAny:
          if (!step(in.op, in.x, pos)) goto fail;
          ++pc;
          continue;
        case Op::kRun:
          if (!run_repeat(pc, in, pos)) goto fail;
          ++pc;
          continue;
        case Op::kSplit:
          if (in.guard != kNone) {
            const FirstSet& g = program_.guards[in.guard];
            if (pos >= size_ || !g.may_start(bytes_[pos])) {
              pc = in.y;
              continue;
            }
          }
          if (in.guard_y != kNone) {
            const FirstSet& g = program_.guards[in.guard_y];
            if (pos < size_ && g.may_start(bytes_[pos])) push(Frame{FrameKind::kRetry, in.y, pos, 0});
          } else {
            push(Frame{FrameKind::kRetry, in.y, pos, 0});
          }
          pc = in.x;
          continue;
        case Op::kJmp:
          pc = in.x;
          continue;
        case Op::kAssert:
          if (!assert_holds(static_cast<Assertion>(in.a), pos, in.x != 0)) goto fail;
          ++pc;
          continue;
        case Op::kLook: {
          const uint32_t end = run(pc + 1, pos);
          switch (static_cast<LookKind>(in.a)) {
            case LookKind::kAhead:
              if (end == kNoMatch) goto fail;
              break;
            case LookKind::kNotAhead:
              if (end != kNoMatch) goto fail;
              break;
            case LookKind::kAtomic:
              if (end == kNoMatch) goto fail;
              pos = end;
              break;
          }
          pc = in.y;
          continue;
        }
        case Op::kSaveProgress:
          push(Frame{FrameKind::kRestoreSlot, in.x, 0, slots_[in.x]});
          slots_[in.x] = pos;
          ++pc;
          continue;
        case Op::kCheckProgress:
          pc = slots_[in.x] == pos ? in.y : pc + 1;
          continue;
      }
    fail:
      for (;;) {
        if (top_ == base) return kNoMatch;
        if (--budget_ == 0) {
          throw_error(ErrorCode::kLimit, {"regex: match attempt at offset ", attempt_, " backtracked more than ",
                                          kBacktrackBudget, " + ", kBacktrackBudgetPerByte,
                                          " x text size times; the pattern backtracks catastrophically on this text"});
        }
        Frame& f = stack_[top_ - 1];
        if (f.kind == FrameKind::kRetry) {
          pc = f.pc;
          pos = f.pos;
          --top_;
          break;
        }
        if (f.kind == FrameKind::kGreedyBack) {
          // The run was valid UTF-8 (run_repeat checked), so the previous code point starts at
          // the last byte before f.pos that is not a continuation byte.
          uint32_t back = f.pos - 1;
          while (back > f.aux && (bytes_[back] & 0xC0) == 0x80) --back;
          pc = f.pc;
          pos = back;
          if (back <= f.aux) {
            --top_;
          } else {
            f.pos = back;
          }
          break;
        }
        if (f.kind == FrameKind::kLazyMore) {
          const Inst& r = code[f.pc];
          uint32_t next = f.pos;
          if (!step(static_cast<Op>(r.b), r.x, next)) {
            --top_;
            continue;
          }
          const uint32_t count = f.aux + 1;
          pc = f.pc + 1;
          pos = next;
          if (count < r.max) {
            f.pos = next;
            f.aux = count;
          } else {
            --top_;
          }
          break;
        }
        slots_[f.pc] = f.aux;  // kRestoreSlot
        --top_;
      }
    }
  }

  // Executes the kRun at pc; on success pos is where matching continues.
  bool run_repeat(uint32_t pc, const Inst& in, uint32_t& pos) {
    const Op atom = static_cast<Op>(in.b);
    const Greed greed = static_cast<Greed>(in.a);
    uint32_t count = 0;
    uint32_t p = pos;
    while (count < in.min) {
      if (!step(atom, in.x, p)) return false;
      ++count;
    }
    if (greed == Greed::kLazy) {
      if (count < in.max) push(Frame{FrameKind::kLazyMore, pc, p, count});
      pos = p;
      return true;
    }
    const uint32_t floor = p;
    bool valid = true;
    if (atom == Op::kClass) {
      // The hot loop of real patterns (\p{L}+, \s+, [^\s\p{L}\p{N}]+): ASCII via the bitmap.
      const CharClass& cls = program_.classes[in.x];
      while (count < in.max && p < size_) {
        const uint8_t b = bytes_[p];
        if (b < 0x80) {
          if (!((cls.ascii[b >> 6] >> (b & 63)) & 1)) break;
          ++p;
        } else {
          uint32_t next = p;
          const char32_t cp = decode(next);
          if (!cls.matches_slow(cp)) break;
          if (cp == utf8::kReplacement && !(next - p == 3 && b == 0xEF)) valid = false;
          p = next;
        }
        ++count;
      }
    } else {
      while (count < in.max && p < size_) {
        const uint8_t b = bytes_[p];
        uint32_t next = p;
        const char32_t cp = decode(next);
        if (atom == Op::kChar ? cp != in.x : (cp == '\n' && in.x == 0)) break;
        if (cp == utf8::kReplacement && !(next - p == 3 && b == 0xEF)) valid = false;
        p = next;
        ++count;
      }
    }
    if (greed == Greed::kGreedy && p > floor) {
      if (valid) {
        push(Frame{FrameKind::kGreedyBack, pc + 1, p, floor});
      } else {
        // Invalid UTF-8 cannot be walked backwards reliably: push every boundary instead.
        for (uint32_t q = floor; q < p; q = static_cast<uint32_t>(next_boundary(q))) {
          push(Frame{FrameKind::kRetry, pc + 1, q, 0});
        }
      }
    }
    pos = p;
    return true;
  }

  const Regex::Program& program_;
  std::string_view text_;
  const uint8_t* bytes_;
  uint32_t size_;
  // The backtrack stack. Managed by hand (top_, doubling) because std::vector::push_back was not
  // inlined into run() and cost a sixth of the time on prose.
  void push(const Frame& frame) {
    if (top_ == stack_.size()) grow();
    stack_[top_++] = frame;
  }
  [[gnu::noinline]] void grow() { stack_.resize(stack_.size() * 2 + 64); }

  std::vector<Frame> stack_;
  size_t top_ = 0;
  std::vector<uint32_t> slots_;
  uint64_t budget_ = 0;
  size_t attempt_ = 0;
};

void check_text_size(std::string_view text) {
  if (text.size() >= kNoMatch) {
    throw_error(ErrorCode::kLimit, {"regex: text of ", text.size(), " bytes is too long (limit 4 GiB)"});
  }
}

}  // namespace

TOKVEC_COLD_BEGIN
Regex::Regex(std::string_view pattern, Dialect dialect) : pattern_(pattern), dialect_(dialect) {
  auto program = std::make_shared<Program>();
  std::vector<Node> nodes;
  Parser parser(pattern_, dialect, nodes, program->classes);
  const uint32_t root = parser.parse();
  Compiler(pattern_, nodes, *program).compile(root);
  program_ = std::move(program);
  fast_path_ = find_fast_path(pattern_, dialect_);
}
TOKVEC_COLD_END

bool Regex::search(std::string_view text, size_t from, Span& match) const {
  check_text_size(text);
  if (from > text.size()) return false;
  if (fast_path_ != nullptr) {
    // These patterns match a non-empty prefix at every position and never the empty string.
    if (from == text.size()) return false;
    match = Span{static_cast<uint32_t>(from), fast_path_->match_at(text, static_cast<uint32_t>(from))};
    return true;
  }
  Matcher matcher(*program_, text);
  return matcher.search(from, match);
}

void Regex::find_all(std::string_view text, std::vector<Span>& matches) const {
  check_text_size(text);
  if (fast_path_ != nullptr) {
    fast_path_->find_all(text, matches);
    return;
  }
  Matcher matcher(*program_, text);
  size_t pos = 0;
  uint32_t last_end = kNoMatch;
  Span match;
  while (pos <= text.size() && matcher.search(pos, match)) {
    if (match.empty() && match.end == last_end) {
      if (pos >= text.size()) break;
      pos = matcher.next_boundary(pos);
      continue;
    }
    matches.push_back(match);
    pos = match.end;
    last_end = match.end;
  }
}

}  // namespace tokvec

// Design notes
//
// Dialects. Regex::Dialect picks whose reading to reproduce where Oniguruma (HuggingFace Split)
// and Rust's regex / fancy-regex (tiktoken, HuggingFace Whitespace) differ. Each item below was
// checked against the real engines (scripts/gen_regex_goldens.mjs drives them):
//   - `^` `$`: Oniguruma line anchors (`^` not after a final '\n'); Rust text anchors unless
//     `(?m)`. cl100k's `\s++$` cannot tell them apart: the possessive run swallows any '\n'.
//   - `\w`, `\b`: Rust is Alphabetic | M | Nd | Pc | Join_Control; Oniguruma lacks Join_Control,
//     and outside a class (`\w`, `\W`, `\b`, `\p{Word}`) asks a Latin-1 table that also counts
//     ² ³ ¹ ¼ ½ ¾, while `[\w]` uses the Unicode ranges.
//   - `(?i)` in mid-group: Oniguruma reads `ab(?i)c|d` as `ab(?i:c|d)`, Rust as
//     `ab(?i:c)|(?i:d)`. `(?m)` is Oniguruma's dot-all and Rust's multi-line; Rust adds `(?s)`.
//   - `(?i)` and properties: Oniguruma folds `\p{..}` only inside a class; Rust folds always.
//   - Intervals: Oniguruma's default syntax reads `a{1,3}+` as `(?:a{1,3})+`, `a{2}?` as
//     `(?:a{2})?` and allows `a{2}{3}`; Rust and fancy-regex read possessive `{n,m}+` (tiktoken's
//     `\p{N}{1,3}+` means that), lazy `{n}?`, and refuse nested quantifiers.
//   - `\xHH` above 0x7F is a UTF-8 byte in Oniguruma and a code point in Rust: refused for
//     Oniguruma. `\pL` is the letters "pL" in the Oniguruma HuggingFace ships: refused for it.
//   - `\Z` exists only in Oniguruma.
// Both dialects: case-insensitive matching uses simple case folding orbits; Oniguruma also
// applies multi-character folds (`(?i)ss` matches "ß"), which no real pattern relies on and this
// engine does not do. find_all skips an empty match touching the previous match's end, like the
// onig crate and Rust's find_iter (Python and JavaScript would report it). Syntax either engine
// reads differently from the other and no real file uses (octal, `\b` in a class, lookbehind,
// backreferences, POSIX brackets, class set operations) is refused (kUnsupported), never guessed.
// Some names Oniguruma refuses (`\p{gc=Lu}`, `\p{sc=Han}`, `\p{L&}`) are accepted in both
// dialects: a file HuggingFace loads never contains them.
//
// Fast paths. The patterns of GPT-2, r50k, cl100k, o200k and Llama 3 run on hand-written
// matchers (fast_paths.h) when the pattern string and dialect are exactly theirs; the program is
// still compiled, so a pattern is checked the same way either way.
//
// Cost. A search tries each start position left to right (skipping those the pattern's first-byte
// set rules out) and runs the VM there. Single-code-point repeats (`\p{L}+`, `\s*`,
// `[^\s\p{L}\p{N}]+`, `\p{N}{1,3}`) are one kRun instruction that scans without pushing anything
// and leaves one backtrack frame that gives back one code point at a time, so the stack holds
// O(pattern) frames on real patterns instead of one per character, and `\s+(?!\S)` over a long
// whitespace run costs one scan plus one step back. Splits carry a first-byte guard so an
// alternation like `'s|'t|'re|...` costs a bit test per alternative that cannot start, not a
// push and a pop. Real tokenizer patterns match at every position a previous match ends, so a
// find_all over them is linear; a pattern that fails after scanning far from many starts
// (`\s+$` over spaces that end in a letter) is quadratic here as it is in Oniguruma.
//
// Invalid UTF-8 decodes as U+FFFD per maximal subpart (utf8::decode), like the rest of tokvec. A
// greedy run that crossed invalid bytes cannot step backwards by skipping continuation bytes, so
// it pushes one frame per code point instead.
