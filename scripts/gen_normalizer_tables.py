#!/usr/bin/env python3
"""Generates src/tokenizer/normalizers/normalizer_tables.cc from Debian's `unicode-data` UCD.

The normalizers need character classes that src/unicode does not carry, each as sorted ranges:
  - Grapheme_Cluster_Break and Extended_Pictographic, for the extended grapheme clusters (UAX #29)
    that the `Precompiled` normalizer walks, as the unicode-segmentation crate does;
  - the categories as frozen in the old Unicode versions of the crates HuggingFace calls:
      Mark (Mn|Mc|Me) of Unicode 9.0: `StripAccents` (unicode-normalization-alignments'
        is_combining_mark);
      Mn of Unicode 8.0 and Cf of Unicode 8.0: `BertNormalizer` (unicode_categories 0.1.1's
        is_mark_nonspacing and is_other_format);
      Punctuation (Pc|Pd|Pe|Pf|Pi|Po|Ps) of Unicode 8.0: `BertPreTokenizer` and `Punctuation`
        (unicode_categories 0.1.1's is_punctuation; the crate's tables list exactly these).
    A character is in such a class when its category today is in it and DerivedAge puts it at or
    before that version, corrected by CATEGORY_CHANGES for the few characters whose category
    changed since; tests/native/normalizers_test.cc checks every code point against HuggingFace.

Usage: python3 scripts/gen_normalizer_tables.py [UCD dir, default /usr/share/unicode]
"""
import os
import sys

UCD = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode"
OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src", "tokenizer", "normalizers",
                   "normalizer_tables.cc")


def ranges_file(path):
    """Yields (first, last, value) for each data line `XXXX(..YYYY)? ; value # ...`."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            cps, value = [p.strip() for p in line.split(";")[:2]]
            first, _, last = cps.partition("..")
            yield int(first, 16), int(last or first, 16), value


def categories():
    cat = {}
    with open(os.path.join(UCD, "UnicodeData.txt"), encoding="utf-8") as f:
        pending = None
        for line in f:
            fields = line.split(";")
            cp, name, gc = int(fields[0], 16), fields[1], fields[2]
            if name.endswith(", First>"):
                pending = cp
                continue
            if name.endswith(", Last>"):
                for c in range(pending, cp + 1):
                    cat[c] = gc
                continue
            cat[cp] = gc
    return cat


def ages():
    age = {}
    for first, last, value in ranges_file(os.path.join(UCD, "DerivedAge.txt")):
        major, minor = value.split(".")
        for c in range(first, last + 1):
            age[c] = (int(major), int(minor))
    return age


def to_ranges(cps):
    out = []
    for c in sorted(cps):
        if out and out[-1][1] == c - 1:
            out[-1][1] = c
        else:
            out.append([c, c])
    return out


# Characters whose General_Category moved into or out of a class after the frozen version:
# (class, code points, in the class at that version?).
CATEGORY_CHANGES = [
    # U+1734 HANUNOO SIGN PAMUDPOD: Mn until Unicode 14.0, Mc since.
    ("kNonspacingMarkUnicode8", [0x1734], True),
    # U+1885..1886 MONGOLIAN LETTER ALI GALI BALUDA / THREE BALUDA: Lo until Unicode 9.0.
    ("kNonspacingMarkUnicode8", [0x1885, 0x1886], False),
    # U+A9BD JAVANESE CONSONANT SIGN KERET: Mc until Unicode 12.0.
    ("kNonspacingMarkUnicode8", [0xA9BD], False),
    # U+111C9 SHARADA SANDHI MARK: Po until Unicode 11.0.
    ("kNonspacingMarkUnicode8", [0x111C9], False),
    ("kMarkUnicode9", [0x111C9], False),
    ("kPunctuationUnicode8", [0x111C9], True),
    # U+166D CANADIAN SYLLABICS CHI SIGN: Po until Unicode 12.0, So since.
    ("kPunctuationUnicode8", [0x166D], True),
    # U+1CF2..1CF3 VEDIC SIGN ARDHAVISARGA / ROTATED ARDHAVISARGA: Mc until Unicode 10.0, Lo since.
    ("kMarkUnicode9", [0x1CF2, 0x1CF3], True),
]

GCB_VALUES = ["Other", "CR", "LF", "Control", "Extend", "ZWJ", "Regional_Indicator", "Prepend",
              "SpacingMark", "L", "V", "T", "LV", "LVT", "Extended_Pictographic"]


def main():
    cat = categories()
    age = ages()

    def frozen(name, cats, version):
        members = {c for c, g in cat.items() if g in cats and age.get(c, (99, 0)) <= version}
        for cls, cps, member in CATEGORY_CHANGES:
            if cls == name:
                members = members | set(cps) if member else members - set(cps)
        return to_ranges(members)

    classes = {
        "kMarkUnicode9": frozen("kMarkUnicode9", {"Mn", "Mc", "Me"}, (9, 0)),
        "kNonspacingMarkUnicode8": frozen("kNonspacingMarkUnicode8", {"Mn"}, (8, 0)),
        "kFormatUnicode8": frozen("kFormatUnicode8", {"Cf"}, (8, 0)),
        "kPunctuationUnicode8": frozen("kPunctuationUnicode8", {"Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps"}, (8, 0)),
    }

    gcb = []
    for first, last, value in ranges_file(os.path.join(UCD, "auxiliary", "GraphemeBreakProperty.txt")):
        gcb.append((first, last, GCB_VALUES.index(value)))
    for first, last, value in ranges_file(os.path.join(UCD, "emoji", "emoji-data.txt")):
        if value == "Extended_Pictographic":
            gcb.append((first, last, GCB_VALUES.index("Extended_Pictographic")))
    gcb.sort()
    merged = []
    for first, last, value in gcb:
        if merged and merged[-1][2] == value and merged[-1][1] == first - 1:
            merged[-1][1] = last
        else:
            assert not merged or merged[-1][1] < first, "overlapping grapheme break ranges"
            merged.append([first, last, value])

    lines = [
        "// Generated by scripts/gen_normalizer_tables.py from the Unicode Character Database; do not edit.",
        "#include \"tokenizer/normalizers/normalizer_tables.h\"",
        "",
        "namespace tokvec::normalizer_tables {",
        "",
    ]
    for name, ranges in classes.items():
        lines.append(f"const size_t {name}Count = {len(ranges)};")
        lines.append(f"const CodePointRange {name}[{len(ranges)}] = {{")
        for i in range(0, len(ranges), 4):
            lines.append("    " + " ".join(f"{{0x{a:X}, 0x{b:X}}}," for a, b in ranges[i:i + 4]))
        lines.append("};")
        lines.append("")
    # As runs: each start begins a run of one value, gaps between the ranges being Other. Starts
    # and values apart compress to half the gzipped size of (first, last, value) rows.
    other = GCB_VALUES.index("Other")
    runs = [[0, other]]

    def begin_run(start, value):
        if runs[-1][0] == start:
            runs[-1][1] = value
            if len(runs) > 1 and runs[-2][1] == value:
                runs.pop()
        elif runs[-1][1] != value:
            runs.append([start, value])

    for first, last, value in merged:
        begin_run(first, value)
        begin_run(last + 1, other)
    if runs[-1][0] > 0x10FFFF:
        runs.pop()
    run_starts = [start for start, _ in runs]
    run_values = [value for _, value in runs]
    lines.append(f"const size_t kGraphemeBreakRunCount = {len(run_starts)};")
    lines.append(f"const char32_t kGraphemeBreakStarts[{len(run_starts)}] = {{")
    for i in range(0, len(run_starts), 10):
        lines.append("    " + " ".join(f"0x{a:X}," for a in run_starts[i:i + 10]))
    lines.append("};")
    lines.append(f"const uint8_t kGraphemeBreakValues[{len(run_values)}] = {{")
    for i in range(0, len(run_values), 24):
        lines.append("    " + " ".join(f"{v}," for v in run_values[i:i + 24]))
    lines.append("};")
    lines.append("")
    lines.append("}  // namespace tokvec::normalizer_tables")
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {OUT}: " + ", ".join(f"{k} {len(v)}" for k, v in classes.items()) + f", kGraphemeBreak runs {len(run_starts)}")


if __name__ == "__main__":
    main()
