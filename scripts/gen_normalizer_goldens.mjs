#!/usr/bin/env node
// Generates tests/native/data/normalizer_goldens.json: what HuggingFace `tokenizers` (npm, the Rust
// implementation) makes of tricky inputs under each normalizer, with its alignments. Run from the
// repository root after `npm install`:   node scripts/gen_normalizer_goldens.mjs
//
// Output:
//   cases:      [{ normalizer (tokenizer.json object), inputs: [{ text, normalized, offsets }] }]
//               `offsets` has one [start, end) per character of `normalized`: the source span
//               HuggingFace aligns it to, in code points of `text`. They come from encoding
//               `text` with a tokenizer made of the normalizer, a pre-tokenizer that isolates
//               every character ({"Split", Regex "[\s\S]"}) and a WordLevel model, so each token
//               is one normalized character and its offsets are its alignment.
//   t5_cases:   the same for the Precompiled normalizer of ../shared/data/tokenizers/
//               t5-small.tokenizer.json, when that file exists; the test reads the charsmap from
//               the file and skips without it.
//   code_point_classes: for normalizers that test characters one at a time, the code points each
//               removes or turns into a space, as [first, last] ranges, found by running
//               HuggingFace on every code point.
//
// The core Precompiled cases use a charsmap built here from a few hand-written rules (see
// `charsmapRules`): HuggingFace's trainers cannot produce a Precompiled normalizer (SentencePiece
// makes them), so this script writes the SentencePiece format itself (a Darts double-array trie
// and the replacement strings) and lets HuggingFace's own `precompiled` read it back.
import { createRequire } from "node:module";
import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const hf = require(join(root, "node_modules/tokenizers"));
const hfVersion = JSON.parse(readFileSync(join(root, "node_modules/tokenizers/package.json"), "utf8")).version;
const outDir = join(root, "tests/native/data");
const t5Path = join(root, "../shared/data/tokenizers/t5-small.tokenizer.json");
mkdirSync(outDir, { recursive: true });

// ---- A SentencePiece precompiled charsmap, written from rules -------------------------------------

// Each rule rewrites a UTF-8 key. "ab" and "a" both being keys exercises the crate's shortest-key
// rule; "ﬁ" and "e\u0301" are rewritten inside longer graphemes; "\u200b" -> "" removes.
const charsmapRules = [
  ["ﬁ", "fi"],
  ["ﬂ", "fl"],
  ["Ａ", "A"],
  ["ｂ", "b"],
  ["e\u0301", "é"],
  ["\u00e9", "e\u0301"],
  ["ａｂ", "AB"],
  ["ａ", "a"],
  ["\u200b", ""],
  ["\u3000", " "],
  ["ß", "ss"],
  ["…", "..."],
  ["\t", " "],
  ["\r\n", "\n"],
  ["Ω", "Ω"],
  ["㎏", "kg"],
  ["x\u0308", "X"],
  ["👍", "+1"],
  ["\u1100\u1161", "가"],
  ["가", "\u1100\u1161"],
];

function buildCharsmap(rules) {
  // Replacement strings, each ending with NUL; a trie value is the offset of its string.
  const blobParts = [];
  let blobSize = 0;
  const root = { children: new Map(), value: -1 };
  for (const [from, to] of rules) {
    const bytes = Buffer.from(to, "utf8");
    const offset = blobSize;
    blobParts.push(bytes, Buffer.from([0]));
    blobSize += bytes.length + 1;
    let node = root;
    for (const b of Buffer.from(from, "utf8")) {
      if (!node.children.has(b)) node.children.set(b, { children: new Map(), value: -1 });
      node = node.children.get(b);
    }
    node.value = offset;
  }
  // Darts-clone units: label in bits 0-7, has_leaf in bit 8, offset in bits 10-30 (no bit-9
  // extension needed for a trie this small); a value unit is the value with bit 31 set. A node at
  // unit index i with offset o keeps its children at (i ^ o) ^ label and its value at i ^ o.
  const units = [0];
  const used = new Set([0]);
  const usedBases = new Set();
  const queue = [[root, 0, 0]];  // node, unit index, label
  while (queue.length > 0) {
    const [node, index, label] = queue.shift();
    const labels = [...node.children.keys()];
    let base = 1;
    for (;; base++) {
      if (usedBases.has(base) || (base ^ index) >= 1 << 21) continue;
      if (node.value >= 0 && used.has(base)) continue;
      if (labels.every((c) => !used.has(base ^ c))) break;
    }
    usedBases.add(base);
    const offset = base ^ index;
    units[index] = (label | (node.value >= 0 ? 1 << 8 : 0) | (offset << 10)) >>> 0;
    if (node.value >= 0) {
      used.add(base);
      units[base] = (node.value | 0x80000000) >>> 0;
    }
    for (const c of labels) {
      used.add(base ^ c);
      units[base ^ c] = 0;
      queue.push([node.children.get(c), base ^ c, c]);
    }
  }
  // The crate reads unit (base ^ byte) for any byte without a bounds check, so the array must
  // cover every base's whole 256-unit block, as darts-clone's always does.
  const size = Math.max(...usedBases) | 0xff;
  const trie = Buffer.alloc(4 * (size + 1));
  for (let i = 0; i < units.length; i++) trie.writeUInt32LE(units[i] ?? 0, 4 * i);
  const header = Buffer.alloc(4);
  header.writeUInt32LE(trie.length, 0);
  return Buffer.concat([header, trie, ...blobParts]);
}

const charsmap = buildCharsmap(charsmapRules);
const charsmapBase64 = charsmap.toString("base64");

// ---- Inputs ------------------------------------------------------------------------------------

const inputs = [
  "",
  "a",
  "Hello World",
  "Héllo Wörld, café naïve",
  "He\u0301llo cafe\u0301 nai\u0308ve",
  "\u0301leading mark",
  "e\u0301\u0323 q\u0307\u0323 \u1e9b\u0323 a\u0323\u0301",
  "ﬁne ﬂow ﬀ",
  "Ｆｕｌｌ　ｗｉｄｔｈ１２３！ ｶﾞｷﾞ",
  "Ⅻ ㎏ ½ x² ℌ ℡",
  "한국어 텍스트",
  "\u1112\u1161\u11ab\u1100\u1173\u11af",
  "中文字符和日本語のテキスト 𠀀𪚲 豈",
  "a\u0000b\u0007c\u200bd\ufeffe\u00adf\u0085g",
  "x\u200c\u200dy\u2060z",
  "emoji 😀👍🏽 👨‍👩‍👧 🇫🇷🇩🇪 ❤️",
  "İstanbul ß ΣΑΣ ς ǅ ẞ",
  "NBSP\u00a0x\u2003y\u3000z\u202fw\u1680v",
  "line1\r\nline2\ttab\n\rend\f\v",
  "  leading and trailing \t\n",
  " \u3000 ",
  "x\u0903y\u20ddz\u0488",
  "Å Ω K ÅΩK",
  "\ufffd replacement \ufffd",
  "\u2581word\u2581",
  "\ue000private\udb80\udc00",
  "…ab…",
  "x\u0308 x\u0308\u0301 ab ｂ",
  "ﬁ\u0301 ﬁ\u0301\u0301",
  "\u200bstart \u200b",
  "\u1100\u1161\u11a8 가 각",
  "👍👍🏽",
  "a\u08d4b\u0d3bc\u{1e08f}d\u0897e",
  "\u0600\u0890\u08e2\u{110cd}\u{13430}\u{1bca0}",
  "\u1734\u1885\ua9bd\u{111c9}",
  "mixed ÀÉÎÕÜ àéîõü ÇçÑñ",
  // A composition (two characters become one) right after unchanged non-ASCII text, at the start
  // and after a change: Precompiled folds the removal into that character.
  "Приветe\u0301 日本e\u0301\u3000語ﬁ\u0301",
];

// ---- HuggingFace runs ---------------------------------------------------------------------------

function probeTokenizer(normalizer) {
  return hf.Tokenizer.fromString(
    JSON.stringify({
      version: "1.0",
      truncation: null,
      padding: null,
      added_tokens: [],
      normalizer,
      pre_tokenizer: { type: "Split", pattern: { Regex: "[\\s\\S]" }, behavior: "Isolated", invert: false },
      post_processor: null,
      decoder: null,
      model: { type: "WordLevel", vocab: { "[UNK]": 0 }, unk_token: "[UNK]" },
    }),
  );
}

async function runCase(normalizer, texts) {
  const tokenizer = probeTokenizer(normalizer);
  const hfNormalizer = tokenizer.getNormalizer();
  const out = [];
  for (const text of texts) {
    const normalized = hfNormalizer.normalizeString(text);
    const encoding = await tokenizer.encode(text);
    const offsets = encoding.getOffsets();
    const chars = [...normalized];
    if (offsets.length !== chars.length) {
      throw new Error(`${JSON.stringify(normalizer)} on ${JSON.stringify(text)}: ${offsets.length} offsets for ${chars.length} characters`);
    }
    out.push({ text, normalized, offsets });
  }
  return { normalizer, inputs: out };
}

const bert = (o) => ({ type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true, ...o });
const configs = [
  { type: "NFD" },
  { type: "NFKD" },
  { type: "NFC" },
  { type: "NFKC" },
  { type: "Lowercase" },
  { type: "StripAccents" },
  { type: "Nmt" },
  bert({}),
  bert({ lowercase: false }),
  bert({ lowercase: false, strip_accents: true }),
  bert({ lowercase: true, strip_accents: false }),
  bert({ clean_text: false, handle_chinese_chars: false }),
  { type: "Strip", strip_left: true, strip_right: true },
  { type: "Strip", strip_left: true, strip_right: false },
  { type: "Strip", strip_left: false, strip_right: true },
  { type: "Prepend", prepend: "▁" },
  { type: "Prepend", prepend: "<s> " },
  { type: "Replace", pattern: { String: " " }, content: "▁" },
  { type: "Replace", pattern: { String: "ab" }, content: "" },
  { type: "Replace", pattern: { String: "" }, content: "_" },
  { type: "Replace", pattern: { String: "é" }, content: "e" },
  { type: "Replace", pattern: { String: "…" }, content: "..." },
  { type: "Replace", pattern: { Regex: "\\s+" }, content: " " },
  { type: "Replace", pattern: { Regex: " {2,}" }, content: "▁" },
  { type: "Replace", pattern: { Regex: "x*" }, content: "_" },
  // A class of literal marks rather than \p{M}: Oniguruma's tables are Unicode 16 (U+0897 is Mn).
  { type: "Replace", pattern: { Regex: "[\u0300-\u036f\u0323]+" }, content: "" },
  { type: "Replace", pattern: { Regex: "[\\s\\S]" }, content: "<>" },
  { type: "Replace", pattern: { Regex: "(?i)[aeiou]" }, content: "*" },
  { type: "Sequence", normalizers: [{ type: "NFD" }, { type: "StripAccents" }, { type: "Lowercase" }] },
  { type: "Sequence", normalizers: [{ type: "Prepend", prepend: "▁" }, { type: "Replace", pattern: { String: " " }, content: "▁" }] },
  { type: "Sequence", normalizers: [{ type: "NFKC" }, { type: "Strip", strip_left: true, strip_right: true }, { type: "Lowercase" }] },
  { type: "Sequence", normalizers: [] },
  { type: "Precompiled", precompiled_charsmap: charsmapBase64 },
  { type: "Sequence", normalizers: [{ type: "Precompiled", precompiled_charsmap: charsmapBase64 }, { type: "Nmt" }, { type: "NFC" }] },
];

const cases = [];
for (const normalizer of configs) cases.push(await runCase(normalizer, inputs));

let t5Cases = [];
if (existsSync(t5Path)) {
  const t5 = JSON.parse(readFileSync(t5Path, "utf8"));
  // The test rebuilds this normalizer from the file: record only the inputs and outputs here.
  const run = await runCase(t5.normalizer, inputs);
  t5Cases = run.inputs;
}

// ---- Every code point, for the normalizers that judge characters one at a time -----------------

function ranges(codePoints) {
  const out = [];
  for (const c of codePoints) {
    if (out.length > 0 && out[out.length - 1][1] === c - 1) out[out.length - 1][1] = c;
    else out.push([c, c]);
  }
  return out;
}

function classify(normalizer, wrap) {
  const removed = [];
  const toSpace = [];
  for (let c = 0; c <= 0x10ffff; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCodePoint(c);
    const out = normalizer.normalizeString(wrap(ch));
    if (out === wrap("")) removed.push(c);
    else if (out === wrap(" ") && ch !== " ") toSpace.push(c);
  }
  return { removed: ranges(removed), to_space: ranges(toSpace) };
}

const codePointClasses = {
  StripAccents: classify(hf.stripAccentsNormalizer(), (s) => s),
  Nmt: classify(hf.nmt(), (s) => s),
  BertNormalizer_clean_text: classify(
    hf.bertNormalizer({ cleanText: true, handleChineseChars: false, stripAccents: false, lowercase: false }),
    (s) => `a${s}b`,
  ),
  // After the character "a", a combining mark stays a separate character under NFD, so the ones
  // removed here are exactly the marks strip_accents drops.
  BertNormalizer_strip_accents: classify(
    hf.bertNormalizer({ cleanText: false, handleChineseChars: false, stripAccents: true, lowercase: false }),
    (s) => `a${s}b`,
  ),
};

const golden = {
  generator: "scripts/gen_normalizer_goldens.mjs",
  tokenizers_version: hfVersion,
  charsmap_rules: charsmapRules,
  cases,
  t5_cases: t5Cases,
  code_point_classes: codePointClasses,
};
writeFileSync(join(outDir, "normalizer_goldens.json"), JSON.stringify(golden) + "\n");
console.log(`wrote normalizer_goldens.json: ${cases.length} normalizers x ${inputs.length} inputs, ${t5Cases.length} T5 inputs`);
