// Tokenizer.train against HuggingFace's own trainer (npm `tokenizers`, the Rust library's native
// binding). That binding can only train with a model's default trainer — BpeTrainer::default()
// (vocab 30000, min frequency 0, no special tokens, no initial alphabet) or WordPieceTrainer's
// default ("##") — reading files line by line, so the comparisons train tokvec on the same lines
// with those settings, and check vocabSize by truncation (HuggingFace's merges are greedy, so a
// smaller vocabulary is a prefix of a larger one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

import { Tokenizer, TokvecError, init } from 'tokvec';
import { initTraining } from '../../bindings/core.js';
import { ensureCorpora, loadCorpus } from '../helpers/corpora.js';

const require = createRequire(import.meta.url);
const hf = require('tokenizers');

ensureCorpora();
// ~140 KB: English prose, then multilingual text for multi-byte characters.
const corpus = [...loadCorpus('prose', { maxBytes: 100_000 }), ...loadCorpus('multilingual', { maxBytes: 40_000 })].join('');
// HuggingFace's train_from_files reads each line with its line ending as one sequence.
const lines = corpus.split(/(?<=\n)/);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokvec-train-'));
const corpusFile = path.join(dir, 'corpus.txt');
fs.writeFileSync(corpusFile, corpus);
const sample = corpus.slice(1000, 9000) + ' naïve café 😀 東京';

const BYTE_LEVEL = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
const METASPACE = { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true };
const bpeModel = { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab: {}, merges: [] };

// Trains HuggingFace's default trainer for a tokenizer.json skeleton; returns its saved model.
function referenceModel(skeleton) {
  const tokenizer = hf.Tokenizer.fromString(JSON.stringify({ version: '1.0', truncation: null, padding: null, added_tokens: [], post_processor: null, decoder: null, ...skeleton }));
  tokenizer.train([corpusFile]);
  const file = path.join(dir, 'trained.json');
  tokenizer.save(file);
  return JSON.parse(fs.readFileSync(file, 'utf8')).model;
}

const reference = {
  byteLevel: referenceModel({ normalizer: null, pre_tokenizer: BYTE_LEVEL, model: bpeModel }),
  metaspace: referenceModel({ normalizer: { type: 'NFKC' }, pre_tokenizer: METASPACE, model: bpeModel }),
};

async function encodesLikeHuggingFace(tok, text) {
  const theirs = hf.Tokenizer.fromString(JSON.stringify(tok.toJSON()));
  const encoding = await theirs.encode(text);
  assert.deepEqual(Array.from(tok.encodeIds(text)), encoding.getIds());
}

test('byte-level BPE: vocab and merges equal HuggingFace BpeTrainer, and HuggingFace encodes the tokenizer.json identically', async () => {
  const tok = await Tokenizer.train(lines, { model: 'bpe', initialAlphabet: [] });
  const json = tok.toJSON();
  assert.equal(json.model.type, 'BPE');
  assert.ok(json.model.merges.length > 5000);
  assert.deepEqual(json.model.vocab, reference.byteLevel.vocab);
  assert.deepEqual(json.model.merges, reference.byteLevel.merges);
  // Without an initial alphabet, bytes the corpus lacks are dropped, by both.
  await encodesLikeHuggingFace(tok, sample);
  tok.dispose();
});

test('vocabSize: the vocabulary is the first vocabSize ids of HuggingFace\'s, the merges its first merges', async () => {
  const vocabSize = 1000;
  const tok = await Tokenizer.train(lines, { initialAlphabet: [], vocabSize });
  const json = tok.toJSON();
  const expected = Object.fromEntries(Object.entries(reference.byteLevel.vocab).filter(([, id]) => id < vocabSize));
  assert.deepEqual(json.model.vocab, expected);
  assert.equal(tok.vocabSize, vocabSize);
  const alphabet = Object.keys(expected).length - json.model.merges.length;
  assert.deepEqual(json.model.merges, reference.byteLevel.merges.slice(0, vocabSize - alphabet));
  tok.dispose();
});

test('byte-level default: the 256 byte characters come first, so any text encodes and decodes', async () => {
  const tok = await Tokenizer.train(lines.slice(0, 200), { vocabSize: 400, specialTokens: ['<|endoftext|>'] });
  const json = tok.toJSON();
  assert.deepEqual(json.added_tokens.map((t) => [t.id, t.content, t.special]), [[0, '<|endoftext|>', true]]);
  const first = Object.entries(json.model.vocab).filter(([, id]) => id >= 1 && id <= 256).map(([t]) => t);
  assert.deepEqual(first.sort(), hf.byteLevelAlphabet().sort());
  const text = 'never seen: ☃ 🦀 Ω<|endoftext|>';
  assert.equal(tok.decode(tok.encodeIds(text)), text);
  assert.equal(tok.encodeIds(text).at(-1), 0);
  await encodesLikeHuggingFace(tok, text);
  tok.dispose();
});

test('SentencePiece-style BPE (NFKC + Metaspace) equals HuggingFace BpeTrainer; byte fallback only shifts ids by 256', async () => {
  const tok = await Tokenizer.train(lines, { byteLevel: false });
  const json = tok.toJSON();
  assert.deepEqual(json.model.vocab, reference.metaspace.vocab);
  assert.deepEqual(json.model.merges, reference.metaspace.merges);
  await encodesLikeHuggingFace(tok, sample);
  tok.dispose();

  const fallback = await Tokenizer.train(lines, { byteLevel: false, byteFallback: true });
  const fj = fallback.toJSON();
  const shifted = Object.fromEntries(Object.entries(reference.metaspace.vocab).map(([t, id]) => [t, id + 256]));
  for (let b = 0; b < 256; b++) shifted[`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`] = b;
  assert.deepEqual(fj.model.vocab, shifted);
  assert.deepEqual(fj.model.merges, reference.metaspace.merges);
  assert.equal(fj.model.byte_fallback, true);
  const unseen = 'unseen: ☃ 🦀';
  await encodesLikeHuggingFace(fallback, unseen);
  assert.equal(fallback.decode(fallback.encodeIds(unseen)), unseen);
  fallback.dispose();
});

test('WordPiece: close to HuggingFace WordPieceTrainer, whose own runs differ (tie-breaks on hash order)', async () => {
  // HuggingFace numbers the "##x" forms in hash-map order, random per process, and breaks count
  // ties on ids, so two of its runs give different vocabularies; tokvec numbers them in the byte
  // order of the words (bpe_trainer.h). The alphabet is exact; the rest must agree as closely as
  // HuggingFace agrees with itself.
  const skeleton = {
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: {} },
  };
  const runs = [referenceModel(skeleton), referenceModel(skeleton)];
  const tok = await Tokenizer.train(lines, { model: 'wordpiece', specialTokens: [], unkToken: '[UNK]' });
  const json = tok.toJSON();
  assert.equal(json.model.type, 'WordPiece');
  const ours = json.model.vocab;
  const theirs = runs[0].vocab;
  const single = (v) => Object.entries(v).filter(([t]) => [...t].length === 1 && t !== '[UNK]').map(([t, id]) => [t, id - (v['[UNK]'] === 0 ? 1 : 0)]);
  assert.deepEqual(single(ours).sort(), single(theirs).sort());
  const difference = (a, b) => Object.keys(a).filter((t) => !(t in b)).length;
  const noise = Math.max(difference(runs[0].vocab, runs[1].vocab), difference(runs[1].vocab, runs[0].vocab));
  const size = Object.keys(theirs).length;
  assert.ok(Math.abs(Object.keys(ours).length - size) <= size / 100, `${Object.keys(ours).length} tokens vs ${size}`);
  assert.ok(difference(ours, theirs) <= Math.max(3 * noise, size / 50), `${difference(ours, theirs)} tokens differ (HuggingFace vs itself: ${noise})`);
  await encodesLikeHuggingFace(tok, sample);
  tok.dispose();
});

test('WordPiece defaults: BERT specials first, [CLS] … [SEP] around each sequence', async () => {
  const tok = await Tokenizer.train(lines.slice(0, 300), { model: 'wordpiece', vocabSize: 2000 });
  assert.deepEqual(tok.specialTokens, { '[PAD]': 0, '[UNK]': 1, '[CLS]': 2, '[SEP]': 3, '[MASK]': 4 });
  const e = tok.encode('In the beginning');
  assert.equal(e.tokens[0], '[CLS]');
  assert.equal(e.tokens.at(-1), '[SEP]');
  assert.equal(tok.vocabSize, 2000);
  await encodesLikeHuggingFace(tok, 'In the beginning God created the heaven');
  tok.dispose();
});

test('training is deterministic and independent of the order of the texts', async () => {
  const part = lines.slice(0, 400);
  const options = { model: 'wordpiece', vocabSize: 1500, limitAlphabet: 60 };
  const a = await Tokenizer.train(part, options);
  const b = await Tokenizer.train([...part].reverse(), options);
  assert.deepEqual(a.toJSON(), b.toJSON());
  a.dispose();
  b.dispose();
});

test('texts may be any iterable, sync or async', async () => {
  const part = lines.slice(0, 100);
  const fromArray = await Tokenizer.train(part, { vocabSize: 600 });
  const fromGenerator = await Tokenizer.train((function* () { yield* part; })(), { vocabSize: 600 });
  const fromAsync = await Tokenizer.train((async function* () { yield* part; })(), { vocabSize: 600 });
  assert.deepEqual(fromGenerator.toJSON(), fromArray.toJSON());
  assert.deepEqual(fromAsync.toJSON(), fromArray.toJSON());
  for (const t of [fromArray, fromGenerator, fromAsync]) t.dispose();
});

test('onProgress reports count then merge progress up to fraction 1', async () => {
  const events = [];
  const tok = await Tokenizer.train(lines, { initialAlphabet: [], onProgress: (p) => events.push(p) });
  const merges = events.filter((e) => e.phase === 'merge');
  assert.ok(merges.length >= 1);
  const last = merges.at(-1);
  assert.deepEqual(last, { phase: 'merge', fraction: 1, texts: lines.length, merges: reference.byteLevel.merges.length, vocabSize: tok.vocabSize });
  for (let i = 1; i < merges.length; i++) assert.ok(merges[i].fraction >= merges[i - 1].fraction && merges[i].merges >= merges[i - 1].merges);
  tok.dispose();
});

test('an abort stops training with signal.reason and frees the trainer', async () => {
  const core = await init();
  const warm = await Tokenizer.train(lines.slice(0, 50), { vocabSize: 300 });
  warm.dispose();
  // Trainers live in the training module, the trained tokenizer in the core: neither may grow.
  const train = await initTraining();
  const baseline = core.module.heapInUse();
  const trainBaseline = train.module.heapInUse();
  for (const phase of ['count', 'merge']) {
    const controller = new AbortController();
    const reason = new Error(`stop during ${phase}`);
    // While counting: the texts' iterator aborts halfway. While merging: the first progress report does.
    const texts = phase === 'count'
      ? (function* () { for (const [i, line] of lines.entries()) { if (i === 100) controller.abort(reason); yield line; } })()
      : lines;
    let last = null;
    const training = Tokenizer.train(texts, {
      vocabSize: 20000,
      onProgress: (p) => {
        last = p;
        if (phase === 'merge' && p.phase === 'merge') controller.abort(reason);
      },
      signal: controller.signal,
    });
    await assert.rejects(training, (e) => e === reason);
    if (phase === 'count') assert.equal(last, null);
    assert.equal(core.module.heapInUse(), baseline);
    assert.equal(train.module.heapInUse(), trainBaseline);
  }
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(Tokenizer.train(lines, { signal: controller.signal }), { name: 'AbortError' });
});

test('bad parameters throw TokvecErrors naming the option', async () => {
  const cases = [
    [[lines, { vocabSize: 0 }], 'Tokenizer.train: options.vocabSize must be a whole number from 1 to 4294967295, got 0'],
    [[lines, { vocabSize: -5 }], 'Tokenizer.train: options.vocabSize must be a whole number from 1 to 4294967295, got -5'],
    [[lines, { vocabSize: '100' }], 'Tokenizer.train: options.vocabSize must be a whole number from 1 to 4294967295, got "100"'],
    [[lines, { model: 'unigram' }], 'Tokenizer.train: options.model must be "bpe" or "wordpiece", got "unigram"'],
    [[lines, { vocabSize: 100 }], 'Tokenizer.train: options.vocabSize is 100, smaller than the 256 tokens training starts with (special tokens, byte-fallback tokens, alphabet and its prefixed forms); raise vocabSize or set limitAlphabet'],
    [[lines, { minFrequency: 1.5 }], 'Tokenizer.train: options.minFrequency must be a whole number from 0 to 4294967295, got 1.5'],
    [[lines, { specialTokens: 'x' }], 'Tokenizer.train: options.specialTokens must be an array of strings, got "x"'],
    [[lines, { initialAlphabet: ['ab'] }], 'Tokenizer.train: options.initialAlphabet[0] must be a string of one character, got "ab"'],
    [[lines, { byteLevel: 'yes' }], 'Tokenizer.train: options.byteLevel must be a boolean, got "yes"'],
    [[lines, { model: 'wordpiece', byteFallback: true }], 'Tokenizer.train: options.byteFallback needs model "bpe" with byteLevel false (a byte-level vocabulary covers every byte already)'],
    [[lines, { vocab: 5 }], 'Tokenizer.train: unknown option "vocab" (expected one of model, vocabSize, minFrequency, specialTokens, unkToken, byteLevel, pattern, byteFallback, lowercase, initialAlphabet, limitAlphabet, maxTokenLength, continuingSubwordPrefix, endOfWordSuffix, onProgress, signal)'],
    [['some text', {}], 'Tokenizer.train: texts must be an array or iterable of strings, got a string'],
    [[42, {}], 'Tokenizer.train: texts must be an array or iterable of strings, got number'],
    [[['ok', 7], {}], 'Tokenizer.train: texts[1] must be a string, got number'],
    [[lines, { onProgress: 'x' }], 'Tokenizer.train: options.onProgress must be a function, got string'],
    [[lines, { signal: {} }], 'Tokenizer.train: options.signal must be an AbortSignal, got object'],
  ];
  for (const [args, message] of cases) {
    await assert.rejects(Tokenizer.train(...args), (e) => {
      assert.ok(e instanceof TokvecError, `${message}: got ${e}`);
      assert.equal(e.code, 'invalid_argument');
      assert.equal(e.message, message);
      return true;
    });
  }
});

test('toJSON: the source of fromJSON tokenizers; unsupported for the others', async () => {
  const trained = await Tokenizer.train(lines.slice(0, 50), { vocabSize: 300 });
  const text = JSON.stringify(trained);
  const loaded = await Tokenizer.fromJSON(text);
  assert.deepEqual(loaded.toJSON(), JSON.parse(text));
  const fromBytes = await Tokenizer.fromJSON(new TextEncoder().encode(text));
  assert.deepEqual(fromBytes.toJSON(), JSON.parse(text));
  const bytes = await Tokenizer.byteLevel();
  assert.throws(() => bytes.toJSON(), { name: 'TokvecError', code: 'unsupported', message: 'Tokenizer.toJSON: only tokenizers made by Tokenizer.fromJSON or Tokenizer.train have a tokenizer.json' });
  trained.dispose();
  assert.throws(() => trained.toJSON(), { code: 'disposed' });
  for (const t of [loaded, fromBytes, bytes]) t.dispose();
});

test('a split pattern goes before a regex-free ByteLevel', async () => {
  const pattern = "\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+|\\s+";
  const tok = await Tokenizer.train(lines.slice(0, 300), { pattern, vocabSize: 800 });
  const json = tok.toJSON();
  assert.equal(json.pre_tokenizer.type, 'Sequence');
  assert.deepEqual(json.pre_tokenizer.pretokenizers[0].pattern, { Regex: pattern });
  await encodesLikeHuggingFace(tok, sample);
  tok.dispose();
});

test('trains inside a worker thread (no DOM needed)', async () => {
  const worker = new Worker(`
    const { parentPort, workerData } = require('node:worker_threads');
    import(workerData.module).then(async ({ Tokenizer }) => {
      const tok = await Tokenizer.train(workerData.texts, { vocabSize: 500 });
      parentPort.postMessage(JSON.stringify(tok));
    });`, { eval: true, workerData: { module: import.meta.resolve('tokvec'), texts: lines.slice(0, 100) } });
  const [json] = await Promise.all([new Promise((resolve, reject) => { worker.on('message', resolve); worker.on('error', reject); })]);
  await worker.terminate();
  const here = await Tokenizer.train(lines.slice(0, 100), { vocabSize: 500 });
  assert.deepEqual(JSON.parse(json), here.toJSON());
  here.dispose();
});
