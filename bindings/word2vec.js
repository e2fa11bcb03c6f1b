// Word2Vec.train: word2vec embeddings (skip-gram or CBOW with negative sampling) trained in wasm,
// as word2vec.c and fastText train them (src/training/word2vec.h describes the algorithm).
//
// A synchronous wasm call cannot see an AbortSignal fire or let a page repaint, so the core's
// trainer is resumable: this wrapper trains in slices of about 50 ms, and between slices reports
// progress, yields to the event loop, and stops (freeing the trainer) when the signal aborts.
// The trainer lives in the training module (initTraining); the vectors and words cross to the core
// as data, where they become an Embeddings. With snapshotEvery, a slice is cut short where it would
// pass the next multiple of snapshotEvery words, and that slice's progress report carries a copy of
// the vectors as they are then (the last report always does): slicing does not change what is
// learned (word2vec.h, Determinism), so watching costs the copies and nothing else.
import {
  TokvecError, init, initTraining, describe, encodeList, expectOptions, expectCount,
} from './core.js';
import { Embeddings, decodeList } from './embeddings.js';

const models = { skipgram: 0, cbow: 1 };
const batchBytes = 4 << 20;  // sentences are written into wasm memory about this many bytes at a time
const sliceMs = 50;

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
const now = () => (typeof performance === 'object' ? performance.now() : Date.now());

function expectNumber(value, where, fallback, test, expected) {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !test(value)) {
    throw new TokvecError('invalid_argument', `${where}: expected ${expected}, got ${typeof value === 'number' ? value : describe(value)}`);
  }
  return value;
}

const isIdArray = (v) => ArrayBuffer.isView(v) && !(v instanceof DataView) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array);

// 'text' | 'tokens' | 'ids' from the first sentence; every sentence is then checked against it.
function kindOf(sentences, where) {
  if (!Array.isArray(sentences)) {
    throw new TokvecError('invalid_argument', `${where}: sentences must be an array of strings, of token arrays or of id arrays, got ${describe(sentences)}`);
  }
  const first = sentences[0];
  if (typeof first === 'string') return 'text';
  if (isIdArray(first)) return 'ids';
  if (Array.isArray(first)) {
    const item = first.find((x) => x !== undefined);
    return typeof item === 'number' ? 'ids' : 'tokens';
  }
  if (sentences.length === 0) return 'text';
  throw new TokvecError('invalid_argument', `${where}: sentences[0] must be a string, an array of tokens or an array of ids, got ${describe(first)}`);
}

const kindNames = { text: 'a string', tokens: 'an array of token strings', ids: 'an array of ids' };

// Writes sentences [from, to) into the trainer; returns where it stopped (about batchBytes later).
function feed(core, trainer, sentences, from, kind, where) {
  const expectedKind = (s, i) => {
    throw new TokvecError('invalid_argument', `${where}: sentences[${i}] is ${describe(s)}, expected ${kindNames[kind]} like sentences[0]`);
  };
  let to = from;
  let bytes = 0;
  if (kind === 'text') {
    const batch = [];
    while (to < sentences.length && bytes < batchBytes) {
      const s = sentences[to];
      if (typeof s !== 'string') expectedKind(s, to);
      batch.push(s);
      bytes += s.length;
      to++;
    }
    const list = encodeList(batch);
    const [[bytesPtr], [lengthsPtr, count]] = core.write(list.bytes, list.lengths);
    trainer.addTexts(bytesPtr, lengthsPtr, count);
    return to;
  }
  const tokens = [];
  const perSentence = [];
  while (to < sentences.length && bytes < batchBytes) {
    const s = sentences[to];
    if (kind === 'ids' ? !(Array.isArray(s) || isIdArray(s)) : !Array.isArray(s)) expectedKind(s, to);
    for (let i = 0; i < s.length; i++) {
      const t = s[i];
      if (kind === 'ids') {
        if (!Number.isInteger(t) || t < 0 || t > 0xffffffff) {
          throw new TokvecError('invalid_argument', `${where}: sentences[${to}][${i}] = ${typeof t === 'number' ? t : describe(t)} is not an id (a whole number from 0 to 4294967295)`);
        }
        tokens.push(String(t));
      } else {
        if (typeof t !== 'string') {
          throw new TokvecError('invalid_argument', `${where}: sentences[${to}][${i}] is ${describe(t)}, expected a token string`);
        }
        tokens.push(t);
      }
      bytes += tokens[tokens.length - 1].length + 4;
    }
    perSentence.push(s.length);
    to++;
  }
  const list = encodeList(tokens);
  const [[bytesPtr], [lengthsPtr], [perPtr, count]] = core.write(list.bytes, list.lengths, Uint32Array.from(perSentence));
  trainer.addTokens(bytesPtr, lengthsPtr, perPtr, count);
  return to;
}

function aborted(signal) {
  return signal?.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** word2vec training. */
export class Word2Vec {
  /**
   * Trains word2vec vectors on `sentences` and returns them as Embeddings, rows in vocabulary
   * order (most frequent first). See index.d.ts for the options and their defaults.
   */
  static async train(sentences, options) {
    const where = 'Word2Vec.train';
    const o = expectOptions(options, where, ['dim', 'window', 'negative', 'minCount', 'epochs', 'sample', 'seed', 'model', 'lr', 'onProgress', 'signal', 'snapshotEvery']);
    const kind = kindOf(sentences, where);
    const dim = expectCount(o.dim, `${where}: dim`, 100);
    const window = expectCount(o.window, `${where}: window`, 5);
    const negative = expectCount(o.negative, `${where}: negative`, 5);
    const minCount = expectCount(o.minCount, `${where}: minCount`, 5);
    const epochs = expectCount(o.epochs, `${where}: epochs`, 5);
    const seed = expectCount(o.seed, `${where}: seed`, 1);
    const sample = expectNumber(o.sample, `${where}: sample`, 1e-3, (x) => x >= 0 && x <= 1, 'a number from 0 to 1');
    const lr = expectNumber(o.lr, `${where}: lr`, 0, (x) => x > 0 && x <= 10, 'a number above 0 and at most 10');
    const modelName = o.model ?? 'skipgram';
    if (!Object.hasOwn(models, modelName)) {
      throw new TokvecError('invalid_argument', `${where}: model must be one of ${Object.keys(models).join(', ')}, got ${String(modelName)}`);
    }
    const onProgress = o.onProgress;
    if (onProgress !== undefined && typeof onProgress !== 'function') {
      throw new TokvecError('invalid_argument', `${where}: onProgress must be a function, got ${describe(onProgress)}`);
    }
    const snapshotEvery = expectCount(o.snapshotEvery, `${where}: snapshotEvery`, 0);
    if (snapshotEvery > 0 && !onProgress) {
      throw new TokvecError('invalid_argument', `${where}: snapshotEvery needs onProgress, which receives the snapshots`);
    }
    const signal = o.signal;
    if (signal !== undefined && (signal === null || typeof signal.aborted !== 'boolean')) {
      throw new TokvecError('invalid_argument', `${where}: signal must be an AbortSignal, got ${describe(signal)}`);
    }
    if (signal?.aborted) throw aborted(signal);

    const core = await init();
    const train = await initTraining();
    const trainer = train.module.makeWord2VecTrainer(dim, window, negative, minCount, epochs, sample, lr, seed, models[modelName]);
    try {
      for (let at = 0; at < sentences.length;) {
        at = feed(train, trainer, sentences, at, kind, where);
        if (signal?.aborted) throw aborted(signal);
      }
      trainer.buildVocab();
      const total = trainer.wordsTotal();
      const rows = trainer.rows();
      // The vocabulary is fixed from here on: read once, shared by every snapshot.
      const wordByteCount = trainer.words();  // fills strings() and lengths()
      const wordBytes = train.copyU8(trainer.strings(), wordByteCount);
      const wordLengths = train.copyU32(trainer.lengths(), rows);
      const words = snapshotEvery > 0 ? decodeList(wordBytes, wordLengths) : null;
      const vectorsNow = () => new Float32Array(train.module.HEAPU8.buffer, trainer.vectors(), rows * dim);
      let nextSnapshot = snapshotEvery;
      let slice = Math.min(10000, total);
      for (;;) {
        const ask = snapshotEvery > 0 ? Math.min(slice, Math.max(1, nextSnapshot - trainer.wordsProcessed())) : slice;
        const started = now();
        const done = trainer.trainSome(ask);
        const ms = now() - started;
        // Aim the next slice at sliceMs, changing by at most 4x at a time (a slice cut short for a
        // snapshot says little about the pace).
        if (ask === slice) slice = Math.max(1000, Math.round(slice * Math.min(4, Math.max(0.25, sliceMs / Math.max(ms, 0.1)))));
        const wordsProcessed = trainer.wordsProcessed();
        if (onProgress) {
          const progress = { epoch: Math.min(trainer.epoch(), epochs - 1), wordsProcessed, fraction: wordsProcessed / total, loss: trainer.loss() };
          if (snapshotEvery > 0 && (done || wordsProcessed >= nextSnapshot)) {
            progress.snapshot = { vectors: vectorsNow().slice(), dim, words };
            nextSnapshot = (Math.floor(wordsProcessed / snapshotEvery) + 1) * snapshotEvery;
          }
          onProgress(progress);
        }
        if (done) break;
        await nextTask();
        if (signal?.aborted) throw aborted(signal);
      }
      const [[vectorsPtr], [wordsPtr], [lengthsPtr]] = core.write(vectorsNow(), wordBytes, wordLengths);
      const handle = core.module.embeddingsFromArray(vectorsPtr, rows * dim, dim);
      try {
        handle.setWords(wordsPtr, lengthsPtr, rows);
      } catch (e) {
        handle.delete();
        throw e;
      }
      return new Embeddings(core, handle);
    } finally {
      trainer.delete();
    }
  }
}
