#!/usr/bin/env node
// Generates tests/native/data/regex_goldens.json: the match spans (UTF-8 byte offsets) the
// reference engines give for real tokenizer patterns over a fixed set of texts. Run from the
// repository root after `npm install`:   node scripts/gen_regex_goldens.mjs
//
// The references, all offline:
//   oniguruma  HuggingFace `tokenizers` (npm), which runs tokenizer.json `Split` patterns with
//              Oniguruma: a tokenizer whose pre-tokenizer is Split{Regex, Removed, invert} and whose
//              model is WordLevel with only [UNK] reports exactly the matches as token offsets.
//   rust       `tiktoken` (npm, Rust fancy-regex): a custom encoding whose vocabulary holds every
//              substring of the text encodes each regex piece as one token, so the token bytes
//              are the pieces. Pieces are located by concatenation, so the pattern must match
//              the whole text (these cases end in `|[\s\S]` where the real pattern does not).
//              `\w+|[^\w\s]+` comes from HuggingFace's Whitespace pre-tokenizer (Rust `regex`).
//   node       Node's RegExp over a mechanical rewrite of the pattern (\s -> \p{White_Space},
//              possessive X*+ -> (?=(?<a>X*))\k<a>, (?i:..) -> case-orbit classes, ...). It is
//              only a cross-check: the script stops when it disagrees with the reference.
//
// Unicode versions differ: the C++ side uses Debian's UCD 15.0 (unicode-data), Node's RegExp
// whatever its ICU has (17.0 for Node 20 here), the references their own tables. Random texts
// therefore draw only code points whose General_Category, White_Space, Alphabetic, Join_Control
// and Script agree between /usr/share/unicode (UCD 15.0) and Node's RegExp; the code points
// excluded for that are listed in the output's "excluded" field.
import { createRequire } from "node:module";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const hf = require(join(root, "node_modules/tokenizers"));
const { Tiktoken } = require(join(root, "node_modules/tiktoken/tiktoken.cjs"));
const UCD = "/usr/share/unicode";

// ---- UCD 15.0 ---------------------------------------------------------------------------------

function ucdLines(name) {
  return readFileSync(join(UCD, name), "utf8").split("\n")
    .map((l) => l.replace(/#.*/, "").trim()).filter(Boolean).map((l) => l.split(";").map((f) => f.trim()));
}
function parseRange(text) {
  const [a, b] = text.split("..");
  return [parseInt(a, 16), parseInt(b ?? a, 16)];
}
const ucdCategory = new Map();
{
  let first = null;
  for (const f of ucdLines("UnicodeData.txt")) {
    const cp = parseInt(f[0], 16);
    if (f[1].endsWith("First>")) first = cp;
    else if (f[1].endsWith("Last>")) { for (let c = first; c <= cp; c++) ucdCategory.set(c, f[2]); }
    else ucdCategory.set(cp, f[2]);
  }
}
function ucdProperty(file, name) {
  const set = new Set();
  for (const f of ucdLines(file)) {
    if (f[1] !== name) continue;
    const [a, b] = parseRange(f[0]);
    for (let c = a; c <= b; c++) set.add(c);
  }
  return set;
}
const ucdWhiteSpace = ucdProperty("PropList.txt", "White_Space");
const ucdJoinControl = ucdProperty("PropList.txt", "Join_Control");
const ucdAlphabetic = ucdProperty("DerivedCoreProperties.txt", "Alphabetic");
const ucdScript = new Map();
for (const f of ucdLines("Scripts.txt")) {
  const [a, b] = parseRange(f[0]);
  for (let c = a; c <= b; c++) ucdScript.set(c, f[1]);
}
const ucdFold = new Map();
for (const f of ucdLines("CaseFolding.txt")) {
  if (f[1] === "C" || f[1] === "S") ucdFold.set(parseInt(f[0], 16), parseInt(f[2], 16));
}
const foldOf = (cp) => ucdFold.get(cp) ?? cp;
const orbits = new Map();
for (const [cp, folded] of ucdFold) {
  if (!orbits.has(folded)) orbits.set(folded, new Set([folded]));
  orbits.get(folded).add(cp);
}
const orbitOf = (cp) => [...(orbits.get(foldOf(cp)) ?? [cp])].sort((a, b) => a - b);

// ---- Agreement between UCD 15.0 and Node's RegExp --------------------------------------------

const CATEGORIES = ["Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd",
  "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn"];
const categoryRegex = CATEGORIES.map((c) => new RegExp(`^\\p{gc=${c}}$`, "u"));
const SCRIPTS = ["Latin", "Han", "Hiragana", "Katakana", "Greek", "Cyrillic", "Arabic", "Common", "Inherited"];
const scriptRegex = new Map(SCRIPTS.map((s) => [s, new RegExp(`^\\p{Script=${s}}$`, "u")]));
const agreeCache = new Map();
const excluded = [];
function agrees(cp) {
  if (agreeCache.has(cp)) return agreeCache.get(cp);
  const s = String.fromCodePoint(cp);
  const jsCategory = CATEGORIES.find((_, i) => categoryRegex[i].test(s));
  const ucdScriptName = ucdScript.get(cp) ?? "Unknown";
  let ok = (ucdCategory.get(cp) ?? "Cn") === jsCategory &&
    ucdWhiteSpace.has(cp) === /^\p{White_Space}$/u.test(s) &&
    ucdAlphabetic.has(cp) === /^\p{Alphabetic}$/u.test(s) &&
    ucdJoinControl.has(cp) === /^\p{Join_Control}$/u.test(s);
  for (const [name, re] of scriptRegex) ok &&= (ucdScriptName === name) === re.test(s);
  if (!ok) excluded.push(cp);
  agreeCache.set(cp, ok);
  return ok;
}

// ---- Texts ------------------------------------------------------------------------------------

const FIXED_TEXTS = [
  "",
  " ",
  "\n",
  "Hello world",
  "Hello, world! How's it going? I'm fine, you're great; we've been, they'll go, he'd say.",
  "CONTRACTIONS: IT'S I'M YOU'RE WE'VE THEY'LL HE'D it'S I'm You'Re 'tis 'T 'Ve 'LL 'D 'M 're",
  "Curly ’s and modifier ʼs are not apostrophes: don’t, it'ſ, IT'ſ, 'K, 'k",
  "def foo(x):\n    return x**2  # square\n\n\tif (a && b) { c++; }\r\n",
  "    leading spaces, trailing spaces    ",
  "a\n\nb\r\n\r\n c \n \n  \n\n",
  "\u0009\u000a\u000b\u000c\u000d\u0020\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000",
  "a\u0085b\u00a0c\u1680d\u2000e\u200af\u2028g\u2029h\u202fi\u205fj\u3000k\u000bl\u000cm",
  "not spaces: a\u180eb\u200bc\ufeffd\u001ce\u001ff\u200dg",
  "中文字符测试，日本語のテキスト、カタカナ、ひらがな。한국어 문장입니다.",
  "Family: 👨‍👩‍👧‍👦, flag: 🏳️‍🌈 🇺🇸, skin: 👍🏽, heart: ❤️!",
  "1234567890 12 1234567 ١٢٣٤٥ ۱۲۳ ०१२ ０１２３ ²³ ½ Ⅻ ① 𝟘𝟙",
  "e\u0301 cafe\u0301 n\u0303o \u0301\u0301abc \u0928\u093f \u20dd",
  "HelloWorld HTTPServer iPhone McDonald's ÉCOLE écoLE ǅungla ǄǅǆSS",
  "Ελληνικά русский עברית العربية हिन्दी ไทย Ⓐⓑ ª ʰ 𐍈𝔘",
  "x = y + z * 3.14159; // comment\n/* block */ #include <stdio.h> $var @user ~/path a|b",
  "price: $1,000.00 €20 ¥300 — “quoted” «guillemets» ¿qué? ¡sí! … © ® ™",
  "tab\tsep\tvalues\nline2\twith\ttabs",
  "ſ K ǅ ß ẞ İ ı Σσς ﬀ µ Å",
  "end with newline\n",
  "   ",
  "\n\n\n",
  "a1b2c3 A1B2C3 123abc abc123",
  "!!!???...,,, --- ___ ***",
];

// Characters random texts are drawn from besides ASCII and random assigned code points.
const CURATED = [...new Set([...FIXED_TEXTS.join(""), "'", "’", "\r", "\u00ad", "\u2060", "\ue000",
  "\u200c", "\u0345", "\u0300", "\u093f", "\u0660", "\u06f0", "\u0966", "\uff10", "\u2160", "\u2460",
  "\u{1d7d8}", "\u{1f600}", "\ufe0f", "\u{1f3fd}", "\u{1f1fa}", "\u{1f1f8}", "\u212a", "\u017f"])];

let seed = 0x7f4a7c15;
function random() {  // mulberry32: deterministic across Node versions
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (array) => array[Math.floor(random() * array.length)];
function randomAssigned() {
  for (;;) {
    const cp = random() < 0.8 ? Math.floor(random() * 0x10000) : Math.floor(random() * 0x110000);
    const gc = ucdCategory.get(cp);
    if (!gc || gc === "Cs" || gc === "Cn") continue;
    if (agrees(cp)) return String.fromCodePoint(cp);
  }
}
function randomChar() {
  const r = random();
  if (r < 0.45) return pick(CURATED);
  if (r < 0.8) return String.fromCharCode(32 + Math.floor(random() * 95));
  if (r < 0.9) return pick([" ", " ", "\n", "\r\n", "\t", "'"]);
  return randomAssigned();
}
const RANDOM_TEXTS = [];
for (let i = 0; i < 160; i++) {
  let text = "";
  const length = Math.floor(random() * 28);
  while ([...text].length < length) {
    const c = randomChar();
    text += random() < 0.1 ? c.repeat(2 + Math.floor(random() * 4)) : c;
  }
  RANDOM_TEXTS.push(text);
}
for (const text of [...FIXED_TEXTS, ...RANDOM_TEXTS]) {
  for (const c of text) {
    if (!agrees(c.codePointAt(0))) throw new Error(`text uses U+${c.codePointAt(0).toString(16)}, whose properties differ between UCD 15.0 and Node`);
  }
}
const TEXTS = [...FIXED_TEXTS, ...RANDOM_TEXTS];

// ---- Cases ------------------------------------------------------------------------------------

const GPT2 = String.raw`'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`;
const CL100K = String.raw`'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s`;
const CL100K_HF = String.raw`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`;
const O200K = String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`;
const QWEN2 = String.raw`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`;
const DEEPSEEK = String.raw`[!"#$%&'()*+,\-./:;<=>?@\[\\\]^_` + "`" + String.raw`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`;

// [name, dialect, pattern]. "rust" cases must match the whole text (see the header).
const CASES = [
  ["gpt2", "rust", GPT2],
  ["gpt2", "oniguruma", GPT2],
  ["cl100k", "rust", CL100K],
  ["cl100k_tokenizer_json", "oniguruma", CL100K_HF],
  ["o200k", "rust", O200K],
  ["o200k", "oniguruma", O200K],
  ["qwen2", "oniguruma", QWEN2],
  ["deepseek_v3", "oniguruma", DEEPSEEK],
  ["deepseek_digits", "oniguruma", String.raw`\p{N}{1,3}`],
  ["deepseek_cjk", "oniguruma", "[一-龥\u3040-ゟ゠-ヿ]+"],
  ["whitespace", "rust", String.raw`\w+|[^\w\s]+`],
  ["whitespace", "oniguruma", String.raw`\w+|[^\w\s]+`],
  ["digits", "oniguruma", String.raw`\d+|\D`],
  ["scripts", "oniguruma", String.raw`\p{Han}+|\p{Hiragana}+|\p{Katakana}+|\p{Latin}+|\p{Greek}+|\p{Cyrillic}+|\P{L}`],
  ["anchors", "oniguruma", String.raw`^\s+|\s+$|\S+|\s`],
  ["anchors", "rust", String.raw`^\s+|\s+$|\S+|\s`],
  ["text_anchors", "oniguruma", String.raw`\A\s*\S|\s+\z|\S+|\s`],
  ["word_boundary", "oniguruma", String.raw`\b\w+\b|\W`],
  ["word_boundary", "rust", String.raw`\b\w+\b|\W`],
  ["lazy", "oniguruma", String.raw`\p{L}+?(?=\p{Lu}|\P{L}|\z)|\p{N}{2,}?|\s+?(?=\S)|[\s\S]`],
  ["lazy", "rust", String.raw`\p{L}+?(?=\p{Lu}|\P{L}|\z)|\p{N}{2,}?|\s+?(?=\S)|[\s\S]`],
  ["atomic_possessive", "oniguruma", String.raw`(?>\p{L}+|\p{L}+\p{N})|\p{N}++\p{L}?|(?:\s\S)++\s?|[\s\S]`],
  ["atomic_possessive", "rust", String.raw`(?>\p{L}+|\p{L}+\p{N})|\p{N}++\p{L}?|(?:\s\S)++\s?|[\s\S]`],
  ["case_insensitive", "oniguruma", String.raw`(?i:[a-z]+|é+|ǅ|σ)|[\s\S]`],
  ["case_insensitive", "rust", String.raw`(?i:[a-z]+|é+|ǅ|σ)|[\s\S]`],
  ["dot", "oniguruma", String.raw`.{1,5}|\n`],
  ["dot", "rust", String.raw`.{1,5}|\n`],
  ["class_escapes", "oniguruma", String.raw`[\t\x{3000}\u00a0-\u00ff\-\]\[.*+?(){}|^$]+|[^\P{L}a-z]+|[\s\S]`],
  ["class_escapes", "rust", String.raw`[\t\x{3000}\u00a0-\u00ff\-\]\[.*+?(){}|^$]+|[^\P{L}a-z]+|[\s\S]`],
  ["counted", "oniguruma", String.raw`\p{L}{2,3}|\p{N}{2}|\s{2,}|[\s\S]`],
  ["counted", "rust", String.raw`\p{L}{2,3}|\p{N}{2}|\s{2,}|[\s\S]`],
  ["nested_loops", "oniguruma", String.raw`(?:\p{Lu}\p{Ll}*\s?)+(?=\p{P})|(?:'|\p{N})*\p{N}|[\s\S]`],
  ["nested_loops", "rust", String.raw`(?:\p{Lu}\p{Ll}*\s?)+(?=\p{P})|(?:'|\p{N})*\p{N}|[\s\S]`],
  ["marks_symbols", "oniguruma", String.raw`\p{M}+|\p{S}+|\p{P}+|\p{Z}+|\p{C}+|\p{Lu}\p{Ll}*|\p{L}`],
];

// ---- References -------------------------------------------------------------------------------

function byteOffsets(text) {  // code point index -> byte offset
  const offsets = [0];
  for (const c of text) offsets.push(offsets[offsets.length - 1] + Buffer.byteLength(c));
  return offsets;
}

const onigurumaTokenizers = new Map();
async function onigurumaSpans(pattern, text) {
  const json = {
    version: "1.0", truncation: null, padding: null, added_tokens: [], normalizer: null,
    pre_tokenizer: { type: "Split", pattern: { Regex: pattern }, behavior: "Removed", invert: true },
    post_processor: null, decoder: null,
    model: { type: "WordLevel", vocab: { "[UNK]": 0 }, unk_token: "[UNK]" },
  };
  if (!onigurumaTokenizers.has(pattern)) onigurumaTokenizers.set(pattern, hf.Tokenizer.fromString(JSON.stringify(json)));
  const offsets = byteOffsets(text);
  const encoding = await onigurumaTokenizers.get(pattern).encode(text);
  return encoding.getOffsets().map(([s, e]) => [offsets[s], offsets[e]]);
}

function whitespaceSpans(text) {
  const offsets = byteOffsets(text);
  return hf.whitespacePreTokenizer().preTokenizeString(text).map(([, [s, e]]) => [offsets[s], offsets[e]]);
}

function rustSpans(pattern, text) {
  const bytes = Buffer.from(text, "utf8");
  const vocab = new Map();
  for (let b = 0; b < 256; b++) vocab.set(Buffer.from([b]).toString("base64"), vocab.size);
  for (let i = 0; i < bytes.length; i++) {
    for (let j = i + 2; j <= bytes.length; j++) {
      const key = bytes.subarray(i, j).toString("base64");
      if (!vocab.has(key)) vocab.set(key, vocab.size);
    }
  }
  const encoding = new Tiktoken([...vocab].map(([k, r]) => `${k} ${r}`).join("\n"), {}, pattern);
  const spans = [];
  let at = 0;
  let ids;
  try {
    ids = encoding.encode_ordinary(text);
  } catch (error) {
    throw new Error(`tiktoken failed on ${JSON.stringify(pattern)} over ${JSON.stringify(text)}: ${error}`);
  }
  for (const id of ids) {
    const piece = encoding.decode_single_token_bytes(id);
    spans.push([at, at + piece.length]);
    at += piece.length;
  }
  encoding.free();
  if (at !== bytes.length) throw new Error(`rust case ${JSON.stringify(pattern)} does not cover ${JSON.stringify(text)}`);
  return spans;
}

// ---- Node RegExp cross-check ------------------------------------------------------------------

// Rewrites the pattern into an equivalent JavaScript `u` regex (no flags beyond u and g).
function toJs(pattern, dialect) {
  let i = 0;
  let groups = 0;
  const fold = [false];
  const onig = dialect === "oniguruma";
  // Oniguruma's \w is Alphabetic | M | Nd | Pc (CR_Word), except that outside a class it asks a
  // legacy Latin-1 ctype table below U+0100 (EncUNICODE_ISO_8859_1_CtypeTable in unicode.c), which
  // also counts the No characters ² ³ ¹ ¼ ½ ¾; \b asks the same table.
  const WORD = onig ? String.raw`\p{Alphabetic}\p{M}\p{Nd}\p{Pc}` : String.raw`\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}`;
  const WORD_OUTSIDE = onig ? WORD + String.raw`\u00b2\u00b3\u00b9\u00bc-\u00be` : WORD;
  const esc = (cp) => `\\u{${cp.toString(16)}}`;
  const foldChar = (cp) => orbitOf(cp).map(esc).join("");
  function escape(inClass) {
    const c = pattern[i + 1];
    i += 2;
    switch (c) {
      case "s": return String.raw`\p{White_Space}`;
      case "S": return String.raw`\P{White_Space}`;
      case "d": return String.raw`\p{Nd}`;
      case "D": return String.raw`\P{Nd}`;
      case "w": return inClass ? WORD : `[${WORD_OUTSIDE}]`;
      case "W": if (inClass) throw new Error("\\W in a class"); return `[^${WORD_OUTSIDE}]`;
      case "p": case "P": {
        let name;
        if (pattern[i] === "{") { const end = pattern.indexOf("}", i); name = pattern.slice(i + 1, end); i = end + 1; }
        else name = pattern[i++];
        if (SCRIPTS.includes(name)) name = `Script=${name}`;
        return `\\${c}{${name}}`;
      }
      case "x": {
        if (pattern[i] === "{") { const end = pattern.indexOf("}", i); const v = pattern.slice(i + 1, end); i = end + 1; return `\\u{${v}}`; }
        const v = pattern.slice(i, i + 2); i += 2; return `\\u{${v}}`;
      }
      case "u": {
        if (pattern[i] === "{") { const end = pattern.indexOf("}", i); const v = pattern.slice(i + 1, end); i = end + 1; return `\\u{${v}}`; }
        const v = pattern.slice(i, i + 4); i += 4; return `\\u{${v}}`;
      }
      case "A": return "^";
      case "z": return "$";
      case "b": case "B": {
        const w = `[${WORD_OUTSIDE}]`;
        const b = `(?:(?<=${w})(?!${w})|(?<!${w})(?=${w}))`;
        return c === "b" ? b : `(?!${b})`;
      }
      default: return `\\${c}`;
    }
  }
  function klass() {
    let out = "[";
    i++;
    if (pattern[i] === "^") { out += "^"; i++; }
    let first = true;
    const folding = fold[fold.length - 1];
    const member = () => {
      const cp = pattern.codePointAt(i);
      i += cp > 0xffff ? 2 : 1;
      return cp;
    };
    const literal = (cp) => folding ? foldChar(cp) : "[]^\\/-".includes(String.fromCodePoint(cp)) ? `\\${String.fromCodePoint(cp)}` : String.fromCodePoint(cp);
    while (pattern[i] !== "]" || first) {
      first = false;
      if (pattern[i] === "\\" && !"xu".includes(pattern[i + 1])) {
        out += escape(true);
        continue;
      }
      // A literal or \x / \u code point, maybe the start of a range.
      const readPoint = () => {
        if (pattern[i] !== "\\") return member();
        const e = escape(true);
        return parseInt(/\\u\{([0-9a-fA-F]+)\}/.exec(e)[1], 16);
      };
      const lo = readPoint();
      if (pattern[i] === "-" && pattern[i + 1] !== "]") {
        i++;
        const hi = readPoint();
        if (!folding) out += `${esc(lo)}-${esc(hi)}`;
        else for (let cp = lo; cp <= hi; cp++) out += foldChar(cp);
      } else {
        out += literal(lo);
      }
    }
    i++;
    return out + "]";
  }
  function atom() {
    const c = pattern[i];
    if (c === "(") {
      i++;
      let prefix = "(?:";
      let atomic = false;
      fold.push(fold[fold.length - 1]);
      if (pattern[i] === "?") {
        const k = pattern[i + 1];
        if (k === ":") i += 2;
        else if (k === "=" || k === "!") { prefix = `(?${k}`; i += 2; }
        else if (k === ">") { atomic = true; i += 2; }
        else if (k === "i" && pattern[i + 2] === ":") { fold[fold.length - 1] = true; i += 3; }
        else throw new Error(`group ${pattern.slice(i - 1, i + 3)}`);
      }
      const body = alternation();
      i++;  // ')'
      fold.pop();
      return atomic ? wrapAtomic(body) : `${prefix}${body})`;
    }
    if (c === "[") return klass();
    if (c === "\\") return escape(false);
    if (c === ".") { i++; return String.raw`[^\n]`; }
    if (c === "^") { i++; return onig ? String.raw`(?:^|(?<=\n)(?=[\s\S]))` : "^"; }
    if (c === "$") { i++; return onig ? String.raw`(?=\n|$)` : "$"; }
    const cp = pattern.codePointAt(i);
    i += cp > 0xffff ? 2 : 1;
    if (fold[fold.length - 1] && orbitOf(cp).length > 1) return `[${foldChar(cp)}]`;
    return "{}".includes(c) ? `\\${c}` : String.fromCodePoint(cp);
  }
  function wrapAtomic(body) {
    const name = `a${++groups}`;
    return `(?=(?<${name}>${body}))\\k<${name}>`;
  }
  function quantified() {
    const a = atom();
    const m = /^(?:[*+?]|\{\d*(?:,\d*)?\})/.exec(pattern.slice(i));
    if (!m) return a;
    i += m[0].length;
    let q = m[0];
    if (pattern[i] === "?") { i++; return `(?:${a})${q}?`; }
    if (pattern[i] === "+") {
      i++;
      if (onig && q.startsWith("{")) return `(?:(?:${a})${q})+`;
      return wrapAtomic(`(?:${a})${q}`);
    }
    return `(?:${a})${q}`;
  }
  function sequence() {
    let out = "";
    while (i < pattern.length && pattern[i] !== "|" && pattern[i] !== ")") out += quantified();
    return out;
  }
  function alternation() {
    const parts = [sequence()];
    while (pattern[i] === "|") { i++; parts.push(sequence()); }
    return parts.join("|");
  }
  const out = alternation();
  if (i !== pattern.length) throw new Error(`unparsed rest ${pattern.slice(i)}`);
  return out;
}

function nodeSpans(regex, text) {
  const offsets = [0];
  for (let k = 0; k < text.length; k++) {
    const unit = text.charCodeAt(k);
    const isHigh = unit >= 0xd800 && unit <= 0xdbff;
    offsets.push(offsets[k] + (isHigh ? 4 : unit >= 0xdc00 && unit <= 0xdfff ? 0 : unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3));
  }
  const spans = [];
  let pos = 0;
  let lastEnd = -1;
  while (pos <= text.length) {  // Rust's find_iter: skip an empty match at the previous end
    regex.lastIndex = pos;
    const m = regex.exec(text);
    if (!m) break;
    const start = m.index;
    const end = start + m[0].length;
    if (start === end && end === lastEnd) {
      pos += text.codePointAt(pos) > 0xffff ? 2 : 1;
      continue;
    }
    if (start !== end) spans.push([offsets[start], offsets[end]]);
    pos = end;
    lastEnd = end;
  }
  return spans;
}

// ---- Output -----------------------------------------------------------------------------------

if (process.argv[2] === "--js") {
  for (const [name, dialect, pattern] of CASES) console.log(name, dialect, toJs(pattern, dialect));
  process.exit(0);
}

const out = {
  generator: "scripts/gen_regex_goldens.mjs",
  references: {
    oniguruma: `tokenizers ${require(join(root, "node_modules/tokenizers/package.json")).version} (Oniguruma)`,
    rust: `tiktoken ${require(join(root, "node_modules/tiktoken/package.json")).version} (fancy-regex); tokenizers Whitespace (regex)`,
    node: `Node ${process.version}, Unicode ${process.versions.unicode}`,
  },
  excluded: excluded.sort((a, b) => a - b).map((cp) => `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`),
  texts: TEXTS,
  cases: [],
};
let disagreements = 0;
for (const [name, dialect, pattern] of CASES) {
  const js = new RegExp(toJs(pattern, dialect), "gu");
  const spans = [];
  for (const text of TEXTS) {
    const reference = dialect === "oniguruma" ? await onigurumaSpans(pattern, text)
      : pattern === String.raw`\w+|[^\w\s]+` ? whitespaceSpans(text) : rustSpans(pattern, text);
    const node = nodeSpans(js, text);
    if (JSON.stringify(node) !== JSON.stringify(reference)) {
      disagreements++;
      console.error(`${name}/${dialect}: ${JSON.stringify(text)}\n  reference ${JSON.stringify(reference)}\n  node      ${JSON.stringify(node)}`);
    }
    spans.push(reference.flat());
  }
  out.cases.push({ name, dialect, pattern, spans });
}
if (disagreements) {
  console.error(`${disagreements} disagreements between Node's RegExp and the reference`);
  process.exitCode = 1;
}
const file = join(root, "tests/native/data/regex_goldens.json");
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, JSON.stringify(out) + "\n");
console.log(`wrote ${file}: ${CASES.length} cases x ${TEXTS.length} texts, ${excluded.length} code points excluded`);
