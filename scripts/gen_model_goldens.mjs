#!/usr/bin/env node
// Generates the model-level goldens for WordPiece and Unigram: what HuggingFace `tokenizers`
// (npm, the Rust implementation) gives for single pre-tokenized words. Run from the repository
// root after `npm install`:   node scripts/gen_model_goldens.mjs
//
// Writes into tests/native/data/:
//   model_corpus.txt                   the fixed training corpus (made here, small)
//   model_word_piece.json              tokenizer.json trained by HuggingFace's WordPiece trainer
//   model_unigram.json                 tokenizer.json trained by HuggingFace's Unigram trainer
//   model_unigram_byte_fallback.json   the same model with <0x00>..<0xFF> pieces and byte_fallback
//   model_unigram_no_unk.json          the trained model as the trainer left it (unk_id null)
//   model_goldens.json                 { suites: [{ name, tokenizer, cases: [{ word, ids, tokens,
//                                      offsets } | { word, error }] }] }; offsets are UTF-8 byte
//                                      spans within the word
//
// The npm binding trains with each model's default trainer and no special tokens, so the script
// then edits the saved JSON the way a trainer with special tokens would have left it (an unknown
// token; byte pieces) and lets HuggingFace load the edited file: every golden comes from
// HuggingFace running that exact file. The WordPiece trainer's default vocabulary size (30,000)
// keeps every corpus word whole; the script keeps the first 260 ids (the alphabet and the
// earliest merges), as a trainer with vocab_size 260 would, so that most words split into pieces.
//
// Each tokenizer has no normalizer and a WhitespaceSplit pre-tokenizer and is fed one word (no
// white space) at a time, so its output is the model's output for that word.
//
// When the reference files in ../shared/data/tokenizers/ exist, suites for them are added too
// (the T5 Unigram model, the BERT WordPiece vocab.txt); their tests skip when the files are absent.
import { createRequire } from "node:module";
import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const hf = require(join(root, "node_modules/tokenizers"));
const outDir = join(root, "tests/native/data");
const sharedDir = join(root, "../shared/data/tokenizers");
mkdirSync(outDir, { recursive: true });

// ---- corpus -----------------------------------------------------------------------------------

const corpus = [
  "the quick brown fox jumps over the lazy dog while the cat sleeps",
  "tokenization splits text into tokens and tokenizers map tokens to ids",
  "unbelievable unbreakable unthinkable rethinking rebuilding rebuilt",
  "playing played player plays replay replaying display displayed",
  "running runner runs ran rerun overrun rerunning",
  "hello world, hello again; goodbye world!",
  "naïve café résumé fiancée coöperate façade",
  "straße grüße über schön müde",
  "東京 大阪 京都 日本語 日本 語学 学生 先生",
  "吾輩は猫である。名前はまだ無い。",
  "한국어 문장 입니다",
  "numbers 2024 1999 42 3.14 100%",
  "e-mail state-of-the-art well-known self-made",
  "the the the and and of of to to in in is is",
  "transformer transformers transforming transformed transform",
  "internationalization localization globalization",
];
const corpusText = (corpus.join("\n") + "\n").repeat(3);
const corpusPath = join(outDir, "model_corpus.txt");
writeFileSync(corpusPath, corpusText);

// ---- helpers ----------------------------------------------------------------------------------

function train(model) {
  const t = new hf.Tokenizer(model);
  t.setPreTokenizer(hf.whitespaceSplitPreTokenizer());
  t.train([corpusPath]);
  const path = join(tmpdir(), `tokvec_model_${process.pid}.json`);
  t.save(path, false);
  return JSON.parse(readFileSync(path, "utf8"));
}

// Keeps only the model: no normalizer, WhitespaceSplit, nothing after the model.
function modelOnly(json) {
  return {
    ...json,
    added_tokens: [],
    normalizer: null,
    pre_tokenizer: { type: "WhitespaceSplit" },
    post_processor: null,
    decoder: null,
    truncation: null,
    padding: null,
  };
}

// Character offsets (what the binding returns) to UTF-8 byte offsets.
function byteOffsets(word) {
  const at = [0];
  let bytes = 0;
  for (const ch of word) {
    bytes += Buffer.byteLength(ch, "utf8");
    at.push(bytes);
  }
  return at;
}

async function runCases(tokenizer, words) {
  const cases = [];
  for (const word of words) {
    if (/\s/u.test(word)) throw new Error(`word ${JSON.stringify(word)} has white space`);
    let e;
    try {
      e = await tokenizer.encode(word);
    } catch (err) {
      cases.push({ word, error: String(err.message ?? err) });
      continue;
    }
    const at = byteOffsets(word);
    cases.push({
      word,
      ids: e.getIds(),
      tokens: e.getTokens(),
      offsets: e.getOffsets().map(([s, t]) => [at[s], at[t]]),
    });
  }
  return cases;
}

function save(name, json) {
  writeFileSync(join(outDir, name), JSON.stringify(json, null, 1) + "\n");
  return hf.Tokenizer.fromString(JSON.stringify(json));
}

// ---- inputs -----------------------------------------------------------------------------------

const commonWords = [
  "", "the", "tokenization", "tokenizers", "unbelievable", "rethinking", "replaying", "runner",
  "hello", "world,", "world!", "naïve", "café", "straße", "東京", "日本語", "吾輩は猫である。",
  "한국어", "2024", "3.14", "state-of-the-art",
  // not in the corpus: new combinations of its pieces
  "unplayable", "rerunning", "transformational", "overplaying", "tokenize", "displaying",
  "internationalizations", "worlds", "cafés", "京都大学", "日本語学", "東京都",
  // characters the corpus never shows
  "x", "quizzically", "zzz", "😀", "dog😀", "😀😀cat", "ab😀😀cd", "Hello", "HELLO", "e\u0301",
  "Ωmega", "日本😀語", "\u{10FFFF}", "\u0000", "a\u200Db", "<unk>", "[UNK]", "<0x41>", "##the",
  "##", "the##", "ǅ",
];
const longWords = [
  "a".repeat(100), "a".repeat(101), "the".repeat(33) + "t", "the".repeat(34),
  "un".repeat(50), "un".repeat(51), "東".repeat(100), "東".repeat(101), "😀".repeat(100),
  "tokenization".repeat(20),
];
const words = [...commonWords, ...longWords];

// ---- WordPiece --------------------------------------------------------------------------------

const suites = [];

{
  const json = train(hf.WordPiece.empty());
  const kept = Object.entries(json.model.vocab).filter(([, id]) => id < 260);
  const vocab = Object.fromEntries(kept);
  vocab["[UNK]"] = kept.length;
  json.model.vocab = vocab;
  const t = save("model_word_piece.json", modelOnly(json));
  suites.push({ name: "word_piece", tokenizer: "model_word_piece.json", cases: await runCases(t, words) });
}

// ---- Unigram ----------------------------------------------------------------------------------

{
  const json = train(hf.Unigram.empty());
  const trained = json.model.vocab;

  json.model.unk_id = null;
  const noUnk = save("model_unigram_no_unk.json", modelOnly(json));
  suites.push({ name: "unigram_no_unk", tokenizer: "model_unigram_no_unk.json", cases: await runCases(noUnk, words) });

  json.model.vocab = [["<unk>", 0], ...trained];
  json.model.unk_id = 0;
  const unigram = save("model_unigram.json", modelOnly(json));
  suites.push({ name: "unigram", tokenizer: "model_unigram.json", cases: await runCases(unigram, words) });

  const bytes = [];
  for (let b = 0; b < 256; ++b) bytes.push([`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`, 0]);
  json.model.vocab = [["<unk>", 0], ...bytes, ...trained];
  json.model.byte_fallback = true;
  const fallback = save("model_unigram_byte_fallback.json", modelOnly(json));
  suites.push({
    name: "unigram_byte_fallback",
    tokenizer: "model_unigram_byte_fallback.json",
    cases: await runCases(fallback, words),
  });
}

// ---- reference files (optional) ---------------------------------------------------------------

const t5Path = join(sharedDir, "t5-small.tokenizer.json");
if (existsSync(t5Path)) {
  const t = hf.Tokenizer.fromString(JSON.stringify(modelOnly(JSON.parse(readFileSync(t5Path, "utf8")))));
  const t5Words = [
    "▁Hello", "▁hello", "▁tokenization", "▁Tokenizers", "▁the", "▁internationalization", "▁naïve",
    "▁café", "▁straße", "▁日本語", "▁東京", "▁😀", "▁Hello▁world", "hello", "▁1999", "▁3.14", "</s>",
    "▁</s>", "<unk>", "▁transformers", "▁unbelievable", "▁Ω", "▁" + "a".repeat(200),
  ];
  suites.push({ name: "t5_small", tokenizer: "../shared/data/tokenizers/t5-small.tokenizer.json", cases: await runCases(t, t5Words) });
}

const bertPath = join(sharedDir, "bert-base-uncased.vocab.txt");
if (existsSync(bertPath)) {
  const model = await hf.WordPiece.fromFile(bertPath, { unkToken: "[UNK]" });
  const t = new hf.Tokenizer(model);
  t.setPreTokenizer(hf.whitespaceSplitPreTokenizer());
  const bertWords = [
    "hello", "tokenization", "unbelievable", "transformers", "internationalization", "naïve", "café",
    "日本語", "東京", "😀", "the", "Hello", "[CLS]", "##ing", "a".repeat(100), "a".repeat(101),
    "supercalifragilisticexpialidocious", "1999", "3.14", ",", "don't",
  ];
  suites.push({ name: "bert_base_uncased", tokenizer: "../shared/data/tokenizers/bert-base-uncased.vocab.txt", cases: await runCases(t, bertWords) });
}

// One case a line keeps the file small and its diffs readable.
const lines = suites.map((s) =>
  `  {"name": ${JSON.stringify(s.name)}, "tokenizer": ${JSON.stringify(s.tokenizer)}, "cases": [\n` +
  s.cases.map((c) => "   " + JSON.stringify(c)).join(",\n") + "\n  ]}");
writeFileSync(join(outDir, "model_goldens.json"),
  `{"generator": "scripts/gen_model_goldens.mjs", "suites": [\n${lines.join(",\n")}\n]}\n`);
for (const s of suites) console.log(`${s.name}: ${s.cases.length} cases`);
