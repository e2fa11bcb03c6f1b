#!/usr/bin/env python3
"""Generates src/unicode/unicode_tables.cc from the Unicode Character Database.

Reads Debian's `unicode-data` package (/usr/share/unicode/, or the folder given as the first
argument) and writes the tables behind src/unicode/unicode.h:

  properties   three-level trie, one byte per code point: General_Category | Alphabetic |
               Lowercase | Uppercase
  canonical    three-level trie of Canonical_Combining_Class | 0x100 when the code point can be
               the second of a canonical composition (lets composition skip most lookups)
  decomposition three-level trie of offsets into a pool of full (recursive) canonical and
               compatibility decompositions, stored as UTF-16 to halve the pool, the units' low
               and high bytes in two arrays (the high bytes repeat, and gzip finds them apart:
               0.7 KB less in the gzipped wasm). The pool holds the records in code point
               order, so the offsets within a leaf block ascend: a block stores one byte per
               code point relative to a per-block base, and blocks with the same relative
               pattern share their bytes
  composition  the primary composites (canonical pairs, Full_Composition_Exclusion removed)
               as ascending deltas; unicode.cc derives each one's (first, second) pair from
               the decomposition pool on first use, as primary_composite_pairs() does here
  case         delta ranges for the simple lowercase / uppercase mappings and for the simple
               case folding orbits, plus SpecialCasing's unconditional multi-char mappings
  script       sorted range starts of the Script property (Scripts.txt), and the names and
               aliases of its values (PropertyValueAliases.txt) for loose lookup
  white space, join control: tiny range lists

Standard library only; the output depends only on the input files, so rerunning it gives a
byte-identical file.
"""

import os
import re
import sys

UCD = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "unicode",
                   "unicode_tables.cc")

N_CODE_POINTS = 0x110000
CATEGORIES = ["Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps",
              "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs",
              "Co", "Cn"]
CN = CATEGORIES.index("Cn")

# Trie shape, mirrored by kTrieMidBits / kTrieLeafBits in unicode.h: cp >> 9 picks a row of 32
# mid entries, (cp >> 4) & 31 picks a leaf block of 16 values. Chosen by measuring: it gives the
# smallest total for the property, ccc and decomposition tables among shapes with 3-6 mid bits
# and 3-8 leaf bits, and one shared shape keeps a single lookup routine.
MID_BITS = 5
LEAF_BITS = 4

# CaseRange kinds, mirrored by CaseRangeKind in unicode.h.
EVERY, EVERY_OTHER, EVEN_ODD, ODD_EVEN = 0, 1, 2, 3

S_BASE, S_COUNT = 0xAC00, 11172


def ucd_path(name):
    return os.path.join(UCD, name)


def data_lines(name):
    """Yields the ';'-separated fields of every non-comment line of a UCD file."""
    with open(ucd_path(name), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                yield [field.strip() for field in line.split(";")]


def code_point_range(text):
    if ".." in text:
        first, last = text.split("..")
        return range(int(first, 16), int(last, 16) + 1)
    return range(int(text, 16), int(text, 16) + 1)


def binary_property(name, prop):
    members = set()
    for fields in data_lines(name):
        if fields[1] == prop:
            members.update(code_point_range(fields[0]))
    return members


def unicode_version():
    with open(ucd_path("DerivedCoreProperties.txt"), encoding="utf-8") as f:
        match = re.match(r"# DerivedCoreProperties-(\d+\.\d+\.\d+)\.txt", f.readline())
    if not match:
        sys.exit("gen_unicode_tables.py: cannot read the Unicode version from line 1 of "
                 "DerivedCoreProperties.txt")
    return match.group(1)


def read_unicode_data():
    category = [CN] * N_CODE_POINTS
    ccc = [0] * N_CODE_POINTS
    decomposition = {}  # cp -> (is_compatibility, [cp, ...]), one level as listed
    lower, upper = {}, {}
    range_first = None
    for fields in data_lines("UnicodeData.txt"):
        cp = int(fields[0], 16)
        if fields[1].endswith(", First>"):
            range_first = cp
            continue
        cps = range(range_first, cp + 1) if fields[1].endswith(", Last>") else [cp]
        for x in cps:
            category[x] = CATEGORIES.index(fields[2])
            ccc[x] = int(fields[3])
        if fields[5]:
            parts = fields[5].split()
            is_compatibility = parts[0].startswith("<")
            if is_compatibility:
                parts = parts[1:]
            decomposition[cp] = (is_compatibility, [int(p, 16) for p in parts])
        if fields[12]:
            upper[cp] = int(fields[12], 16)
        if fields[13]:
            lower[cp] = int(fields[13], 16)
    return category, ccc, decomposition, lower, upper


def share_rows(mid_entries, mid_size):
    """The trie's upper levels: mid entries cut into rows of mid_size, equal rows stored once.
    Returns top (one row index per row, a byte) and mid (the distinct rows, concatenated)."""
    rows, top = {}, []
    for start in range(0, len(mid_entries), mid_size):
        row = tuple(mid_entries[start:start + mid_size])
        top.append(rows.setdefault(row, len(rows)))
    assert len(rows) <= 256
    return top, [x for row in rows for x in row]


def build_trie(values):
    """Three-level trie: top (one byte per 512 code points) -> mid rows -> leaf blocks."""
    leaf_size, mid_size = 1 << LEAF_BITS, 1 << MID_BITS
    blocks, mid_entries = {}, []
    for start in range(0, N_CODE_POINTS, leaf_size):
        block = tuple(values[start:start + leaf_size])
        mid_entries.append(blocks.setdefault(block, len(blocks)))
    top, mid = share_rows(mid_entries, mid_size)
    assert len(blocks) <= 65536
    leaf = [x for block in blocks for x in block]
    return top, mid, leaf


def full_decomposition(cp, decomposition, compatibility):
    entry = decomposition.get(cp)
    if entry is None or (entry[0] and not compatibility):
        return [cp]
    out = []
    for part in entry[1]:
        out += full_decomposition(part, decomposition, compatibility)
    return out


def utf16_units(cps):
    units = []
    for cp in cps:
        if cp >= 0x10000:
            cp -= 0x10000
            units += [0xD800 | (cp >> 10), 0xDC00 | (cp & 0x3FF)]
        else:
            units.append(cp)
    return units


def build_decompositions(decomposition):
    """Per code point an offset into a uint16 pool; 0 means 'decomposes to itself'.

    A record is a header unit (canonical units | compatibility units << 8) followed by the UTF-16
    of the full canonical decomposition and then of the full compatibility decomposition. A
    compatibility length of 0 means it equals the canonical one (or the character has none).
    Records are not shared between code points: one record per code point, in code point order,
    keeps the offsets ascending for build_relative_trie: the repeated records cost 1 KB gzipped,
    the byte-wide index saves 6 KB.
    """
    pool = [0]
    index = [0] * N_CODE_POINTS
    for cp in sorted(decomposition):
        canonical = full_decomposition(cp, decomposition, False)
        compatibility = full_decomposition(cp, decomposition, True)
        canonical_units = utf16_units(canonical) if canonical != [cp] else []
        compatibility_units = utf16_units(compatibility) if compatibility != canonical else []
        assert len(canonical_units) < 256 and len(compatibility_units) < 256
        index[cp] = len(pool)
        pool.append(len(canonical_units) | len(compatibility_units) << 8)
        pool += canonical_units + compatibility_units
    assert len(pool) <= 65536
    return index, pool


def build_relative_trie(values):
    """Three-level trie of ascending offsets (0 = none): a leaf block becomes a base (its smallest
    offset - 1) plus one byte per code point (offset - base, or 0), and the byte patterns are
    shared between blocks. Returns top, mid, per-block pattern index and base, pattern bytes."""
    leaf_size, mid_size = 1 << LEAF_BITS, 1 << MID_BITS
    patterns, blocks, mid_entries = {}, {}, []
    for start in range(0, N_CODE_POINTS, leaf_size):
        block = values[start:start + leaf_size]
        present = [v for v in block if v]
        base = min(present) - 1 if present else 0
        relative = tuple(v - base if v else 0 for v in block)
        assert max(relative) < 256, f"offsets of block U+{start:04X} span more than a byte"
        key = (patterns.setdefault(relative, len(patterns)), base)
        mid_entries.append(blocks.setdefault(key, len(blocks)))
    top, mid = share_rows(mid_entries, mid_size)
    assert len(blocks) <= 65536
    block_patterns = [pattern for pattern, _ in blocks]
    block_bases = [base for _, base in blocks]
    leaf = [x for pattern in patterns for x in pattern]
    return top, mid, block_patterns, block_bases, leaf


def build_compositions(decomposition):
    exclusions = binary_property("DerivedNormalizationProps.txt", "Full_Composition_Exclusion")
    triples = []
    for cp, (is_compatibility, parts) in decomposition.items():
        if not is_compatibility and len(parts) == 2 and cp not in exclusions:
            triples.append((parts[0], parts[1], cp))
    return sorted(triples)


def primary_composite_pairs(composites, decomposition):
    """The (first, second, composite) triples, sorted, rebuilt from the composites alone as
    unicode.cc's build_compositions rebuilds them: second is the last code point of the full
    canonical decomposition d, first is d's first code point composed with the rest of d but its
    last, by the pairs of the shorter decompositions (the pieces of a primary composite are
    primary composites or do not decompose)."""
    full = {c: full_decomposition(c, decomposition, False) for c in composites}
    pairs = {}
    for length in range(2, max(map(len, full.values())) + 1):
        for c in composites:
            d = full[c]
            if len(d) != length:
                continue
            first = d[0]
            for x in d[1:-1]:
                first = pairs[(first, x)]
            pairs[(first, d[-1])] = c
    return sorted((first, second, c) for (first, second), c in pairs.items())


def identity_bounds(ccc):
    """Per form, the smallest code point that is not (quick check Yes and ccc 0): text made only of
    smaller code points is already normalized, which lets normalize() skip the work."""
    first_nonzero_ccc = next(cp for cp in range(N_CODE_POINTS) if ccc[cp] != 0)
    bounds = {}
    for form in ("NFD", "NFC", "NFKD", "NFKC"):
        smallest = first_nonzero_ccc
        for fields in data_lines("DerivedNormalizationProps.txt"):
            if fields[1] == form + "_QC" and fields[2] in ("N", "M"):
                smallest = min(smallest, code_point_range(fields[0])[0])
        bounds[form] = smallest
    return bounds


def build_case_ranges(mapping):
    """Compresses cp -> mapping[cp] into ranges sharing one delta (every or every other code
    point) or alternating +1/-1 between neighbours (the even/odd pairs of Latin Extended)."""
    ranges = []  # [first, last, kind, delta, pairing kind of a single-element range]
    for cp in sorted(mapping):
        delta = mapping[cp] - cp
        pairing = None
        if delta in (1, -1):
            pairing = EVEN_ODD if (delta == 1) == (cp % 2 == 0) else ODD_EVEN
        if ranges:
            r = ranges[-1]
            if r[0] == r[1]:
                if delta == r[3] and cp - r[1] in (1, 2):
                    r[1], r[2] = cp, EVERY if cp - r[1] == 1 else EVERY_OTHER
                    continue
                if pairing is not None and pairing == r[4] and cp - r[1] == 1:
                    r[1], r[2], r[3] = cp, pairing, 0
                    continue
            elif r[2] == EVERY and delta == r[3] and cp == r[1] + 1:
                r[1] = cp
                continue
            elif r[2] == EVERY_OTHER and delta == r[3] and cp == r[1] + 2:
                r[1] = cp
                continue
            elif r[2] in (EVEN_ODD, ODD_EVEN) and pairing == r[2] and cp == r[1] + 1:
                r[1] = cp
                continue
        ranges.append([cp, cp, EVERY, delta, pairing])
    for first, last, _, _, _ in ranges:
        assert last - first < 65536
    return [(first, last - first, kind, delta) for first, last, kind, delta, _ in ranges]


def case_orbits():
    """Maps every code point of a simple case folding orbit to the next one (sorted, cyclic)."""
    orbits = {}
    for fields in data_lines("CaseFolding.txt"):
        if fields[1] in ("C", "S"):
            cp, folded = int(fields[0], 16), int(fields[2], 16)
            orbits.setdefault(folded, {folded}).add(cp)
    following = {}
    for members in orbits.values():
        members = sorted(members)
        assert len(members) <= 4, "case_orbit() writes at most 4 code points"
        for i, cp in enumerate(members):
            following[cp] = members[(i + 1) % len(members)]
    return following


def special_casing(simple, column):
    """SpecialCasing's unconditional mappings (column 1 = lower, 3 = upper) that differ from the
    simple mapping; conditional ones (Final_Sigma, language tags) are skipped, as Rust's
    char::to_lowercase / to_uppercase skip them."""
    special = []
    for fields in data_lines("SpecialCasing.txt"):
        if len(fields) > 5 and fields[4]:
            continue
        cp = int(fields[0], 16)
        mapped = [int(x, 16) for x in fields[column].split()]
        if mapped != [simple.get(cp, cp)]:
            assert 1 <= len(mapped) <= 3
            special.append((cp, mapped))
    return sorted(special)


def build_scripts():
    names = set()
    script_of = {}
    for fields in data_lines("Scripts.txt"):
        names.add(fields[1])
        for cp in code_point_range(fields[0]):
            script_of[cp] = fields[1]
    names = ["Unknown"] + sorted(names)
    ids = {name: i for i, name in enumerate(names)}
    starts, values = [], []
    previous = None
    for cp in range(N_CODE_POINTS):
        script = ids[script_of.get(cp, "Unknown")]
        if script != previous:
            starts.append(cp)
            values.append(script)
            previous = script
    return names, starts, values


def loose_name(name):
    """UAX #44 loose matching (LM3) without the "is" prefix: case, spaces, '_' and '-' ignored."""
    return re.sub(r"[ _-]", "", name).lower()


def build_script_aliases(names):
    """Every name PropertyValueAliases.txt gives a script of Scripts.txt (long name, 4-letter code,
    extra aliases like Qaai), loosely normalized, sorted for binary search."""
    ids = {name: i for i, name in enumerate(names)}
    aliases = {}
    for fields in data_lines("PropertyValueAliases.txt"):
        if fields[0] != "sc" or fields[2] not in ids:
            continue
        for alias in fields[1:]:
            aliases[loose_name(alias)] = ids[fields[2]]
    assert all(loose_name(name) in aliases for name in names)
    return sorted(aliases.items())


def ranges_of(members):
    out = []
    for cp in sorted(members):
        if out and out[-1][1] + 1 == cp:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return out


class Writer:
    def __init__(self):
        self.parts = []

    def line(self, text=""):
        self.parts.append(text + "\n")

    def array(self, decl, items, width=100):
        """Writes `decl = {items};`, packing items into lines of at most `width` columns."""
        self.line(decl + " = {")
        row = " "
        for item in items:
            piece = " " + item + ","
            if len(row) + len(piece) > width:
                self.line(row)
                row = " "
            row += piece
        if row.strip():
            self.line(row)
        self.line("};")
        self.line()


def main():
    version = unicode_version()
    category, ccc, decomposition, lower, upper = read_unicode_data()
    alphabetic = binary_property("DerivedCoreProperties.txt", "Alphabetic")
    lowercase = binary_property("DerivedCoreProperties.txt", "Lowercase")
    uppercase = binary_property("DerivedCoreProperties.txt", "Uppercase")
    white_space = binary_property("PropList.txt", "White_Space")
    join_control = binary_property("PropList.txt", "Join_Control")

    properties = [category[cp] | (cp in alphabetic) << 5 | (cp in lowercase) << 6 |
                  (cp in uppercase) << 7 for cp in range(N_CODE_POINTS)]
    decomposition_index, decomposition_pool = build_decompositions(decomposition)
    compositions = build_compositions(decomposition)
    bounds = identity_bounds(ccc)
    script_names, script_starts, script_values = build_scripts()

    w = Writer()
    w.line("// GENERATED by scripts/gen_unicode_tables.py from the Unicode Character Database "
           f"{version} (Debian unicode-data). Do not edit: change the script and rerun it.")
    w.line("//")
    w.line("// The tables behind unicode.h; the script's docstring describes each layout.")
    w.line('#include "unicode/unicode.h"')
    w.line()
    w.line("namespace tokvec::unicode::detail {")
    w.line()
    w.line(f'const char kUnicodeVersion[] = "{version}";')
    w.line()

    def trie(name, values, leaf_type, comment):
        top, mid, leaf = build_trie(values)
        w.line(f"// {comment}")
        w.array(f"const uint8_t k{name}Top[{len(top)}]", map(str, top))
        w.array(f"const uint16_t k{name}Mid[{len(mid)}]", map(str, mid))
        w.array(f"const {leaf_type} k{name}Leaf[{len(leaf)}]", map(str, leaf))

    trie("Property", properties, "uint8_t",
         "General_Category (bits 0-4, Category order) | Alphabetic << 5 | Lowercase << 6 | "
         "Uppercase << 7")
    composes_backward = {second for _, second, _ in compositions}
    composes_backward |= set(range(0x1161, 0x1161 + 21)) | set(range(0x11A8, 0x11A8 + 27))  # jamo V, T
    canonical = [ccc[cp] | (cp in composes_backward) << 8 for cp in range(N_CODE_POINTS)]
    trie("Canonical", canonical, "uint16_t",
         "Canonical_Combining_Class | 0x100 when the code point can be the second of a composition")
    top, mid, block_patterns, block_bases, leaf = build_relative_trie(decomposition_index)
    w.line("// Offset of a code point's record in the decomposition pool, 0 when it decomposes to itself:")
    w.line("// kDecompositionBlockBase[block] + its byte in leaf pattern kDecompositionBlockLeaf[block], "
           "0 where")
    w.line("// that byte is 0.")
    w.array(f"const uint8_t kDecompositionTop[{len(top)}]", map(str, top))
    w.array(f"const uint16_t kDecompositionMid[{len(mid)}]", map(str, mid))
    w.array(f"const uint16_t kDecompositionBlockLeaf[{len(block_patterns)}]",
            map(str, block_patterns))
    w.array(f"const uint16_t kDecompositionBlockBase[{len(block_bases)}]", map(str, block_bases))
    w.array(f"const uint8_t kDecompositionLeaf[{len(leaf)}]", map(str, leaf))
    w.line("// Records: header (canonical units | compatibility units << 8), canonical UTF-16, "
           "compatibility UTF-16;")
    w.line("// each unit's low byte in kDecompositionPoolLow, its high byte in kDecompositionPoolHigh.")
    w.array(f"const uint8_t kDecompositionPoolLow[{len(decomposition_pool)}]",
            (str(unit & 0xFF) for unit in decomposition_pool))
    w.array(f"const uint8_t kDecompositionPoolHigh[{len(decomposition_pool)}]",
            (str(unit >> 8) for unit in decomposition_pool))

    composites = sorted(composite for _, _, composite in compositions)
    assert primary_composite_pairs(composites, decomposition) == compositions
    deltas = [b - a for a, b in zip([0] + composites, composites)]
    assert max(deltas) < 65536
    w.line("// The primary composites, each as its distance from the one before (the first from 0);")
    w.line("// Hangul syllables are composed by formula.")
    w.line(f"const size_t kPrimaryCompositeCount = {len(composites)};")
    w.array(f"const uint16_t kPrimaryCompositeDeltas[{len(composites)}]", map(str, deltas))

    w.line("// Smallest code point that is not (quick check Yes and ccc 0), per NormalForm.")
    w.line("const char32_t kNormalizedBelow[4] = {" +
           ", ".join(f"0x{bounds[f]:X}" for f in ("NFD", "NFC", "NFKD", "NFKC")) + "};")
    w.line()

    def case_table(name, mapping, comment):
        ranges = build_case_ranges(mapping)
        w.line(f"// {comment}")
        w.line(f"const size_t k{name}Count = {len(ranges)};")
        w.array(f"const CaseRange k{name}[{len(ranges)}]",
                (f"{{0x{first:X}, {span}, {kind}, {delta}}}" for first, span, kind, delta in ranges))

    case_table("LowercaseRanges", lower, "UnicodeData simple lowercase mapping.")
    case_table("UppercaseRanges", upper, "UnicodeData simple uppercase mapping.")
    case_table("CaseOrbitRanges", case_orbits(),
               "Next member of the code point's simple case folding orbit (CaseFolding C + S).")

    for name, simple, column in (("Lowercase", lower, 1), ("Uppercase", upper, 3)):
        special = special_casing(simple, column)
        w.line(f"// SpecialCasing.txt unconditional {name.lower()} mappings that differ from the "
               "simple one.")
        w.line(f"const size_t kSpecial{name}Count = {len(special)};")
        w.array(f"const SpecialCase kSpecial{name}[{len(special)}]",
                ("{0x%X, {%s}}" % (cp, ", ".join(f"0x{m:X}" for m in mapped))
                 for cp, mapped in special))

    for name, members in (("WhiteSpace", white_space), ("JoinControl", join_control)):
        ranges = ranges_of(members)
        w.line(f"const size_t k{name}RangeCount = {len(ranges)};")
        w.array(f"const CodePointRange k{name}Ranges[{len(ranges)}]",
                (f"{{0x{a:X}, 0x{b:X}}}" for a, b in ranges))

    w.line("// Script: kScriptStarts[i] begins a run of kScriptValues[i] (an index into "
           "kScriptNames).")
    w.line(f"const size_t kScriptCount = {len(script_names)};")
    w.array(f"const char* const kScriptNames[{len(script_names)}]",
            (f'"{name}"' for name in script_names))
    aliases = build_script_aliases(script_names)
    w.line("// Loosely matched names (lowercase, no ' ', '_', '-') of each script, sorted.")
    w.line(f"const size_t kScriptAliasCount = {len(aliases)};")
    w.array(f"const ScriptAlias kScriptAliases[{len(aliases)}]",
            (f'{{"{alias}", {script}}}' for alias, script in aliases))
    w.line(f"const size_t kScriptRunCount = {len(script_starts)};")
    w.array(f"const uint32_t kScriptStarts[{len(script_starts)}]",
            (f"0x{cp:X}" for cp in script_starts))
    w.array(f"const uint8_t kScriptValues[{len(script_values)}]", map(str, script_values))
    w.line("}  // namespace tokvec::unicode::detail")

    text = "".join(w.parts)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {os.path.normpath(OUT)} ({len(text)} bytes, Unicode {version})")


if __name__ == "__main__":
    main()
