// setLimits / getLimits: each cap refuses what exceeds it with 'limit_exceeded' naming the limit
// and the value, and an allocation the 4 GiB wasm heap cannot hold is a TokvecError too, not an
// abort. Each case leaves the module usable and the heap at its baseline (catalogue.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { Embeddings, Tokenizer, TokvecError, getLimits, setLimits } from '../../bindings/tokvec.js';
import { checkCases, bpeTokenizerJson, gloveText, utf8 } from './catalogue.js';

const defaults = { maxInputBytes: 64 * 2 ** 20, maxVocabSize: 4 * 2 ** 20, maxMatrixBytes: 3 * 2 ** 30 };
const bpe = await Tokenizer.fromJSON(bpeTokenizerJson);

async function probe() {
  assert.equal(bpe.decode(bpe.encodeIds('hello')), 'hello');
  (await Embeddings.fromText(gloveText)).dispose();
}

// Runs f with some limits changed, restoring the defaults after it.
const withLimits = (limits, f) => async () => {
  setLimits(limits);
  try {
    return await f();
  } finally {
    setLimits(defaults);
  }
};
const stream = (bytes) => ({ async *[Symbol.asyncIterator]() { yield bytes; } });

test('the defaults are documented, and setLimits checks its argument', () => {
  assert.deepEqual(getLimits(), defaults);
  for (const [value, message] of [
    [{ maxInputBytes: 0 }, /^setLimits: maxInputBytes must be a whole number from 1 to 2\^53 - 1, got 0$/],
    [{ maxVocabSize: -1 }, /^setLimits: maxVocabSize must be a whole number from 1 to 2\^53 - 1, got -1$/],
    [{ maxMatrixBytes: 1.5 }, /^setLimits: maxMatrixBytes must be a whole number from 1 to 2\^53 - 1, got 1\.5$/],
    [{ maxMatrixBytes: '1' }, /^setLimits: maxMatrixBytes must be a whole number from 1 to 2\^53 - 1, got 1$/],
    [{ maxBytes: 1 }, /^setLimits: unknown option "maxBytes" \(expected one of maxInputBytes, maxVocabSize, maxMatrixBytes\)$/],
    [null, /^setLimits: options must be an object, got null$/],
  ]) {
    assert.throws(() => setLimits(value), (e) => e instanceof TokvecError && e.code === 'invalid_argument' && message.test(e.message));
  }
  assert.deepEqual(getLimits(), defaults, 'a refused call changes nothing');
  assert.deepEqual(setLimits({ maxInputBytes: 1000 }), { ...defaults, maxInputBytes: 1000 });
  setLimits(defaults);
});

test('each limit refuses what exceeds it, naming the limit and the value', async () => {
  const cases = [
    { name: 'maxInputBytes, seen in JS', run: withLimits({ maxInputBytes: 10 }, () => bpe.encodeIds('hello world')), code: 'limit_exceeded', message: /^Tokenizer\.encodeIds: the text has 11 UTF-16 units, so more UTF-8 bytes than maxInputBytes \(10\); raise it with setLimits$/ },
    { name: 'maxInputBytes, counted in UTF-8', run: withLimits({ maxInputBytes: 10 }, () => bpe.encodeIds('€€€€')), code: 'limit_exceeded', message: /^encode: the text's UTF-8 length in bytes is 12, more than maxInputBytes \(10\); raise it with setLimits$/ },
    { name: 'maxVocabSize, tokenizer.json', run: withLimits({ maxVocabSize: 100 }, () => Tokenizer.fromJSON(bpeTokenizerJson)), code: 'limit_exceeded', message: /^tokenizer\.json: model\.vocab.*: id \d+: the vocabulary size is \d+, more than maxVocabSize \(100\); raise it with setLimits$/ },
    { name: 'maxVocabSize, wordLevel', run: withLimits({ maxVocabSize: 2 }, () => Tokenizer.wordLevel({ vocab: ['a', 'b', 'c'] })), code: 'limit_exceeded', message: /^wordLevel: vocab: the vocabulary size is \d+, more than maxVocabSize \(2\); raise it with setLimits$/ },
    { name: 'maxVocabSize, GloVe rows', run: withLimits({ maxVocabSize: 2 }, () => Embeddings.fromText(gloveText)), code: 'limit_exceeded', message: /^GloVe: line 3: more than maxVocabSize \(2\) rows$/ },
    { name: 'maxMatrixBytes, GloVe', run: withLimits({ maxMatrixBytes: 30 }, () => Embeddings.fromText(gloveText)), code: 'limit_exceeded', message: /^GloVe: line 3: more than maxMatrixBytes \(30\) of vectors$/ },
    { name: 'maxMatrixBytes, a word2vec header', run: withLimits({ maxMatrixBytes: 1000 }, () => Embeddings.fromText('100 3\n')), code: 'limit_exceeded', message: /^word2vec: line 1: header: 100 rows × 3 dims need 1200 bytes, more than maxMatrixBytes \(1000\)$/ },
    { name: 'maxMatrixBytes, fromArray', run: withLimits({ maxMatrixBytes: 8 }, () => Embeddings.fromArray([1, 2, 3], 3)), code: 'limit_exceeded', message: /^Embeddings\.fromArray: the matrix size in bytes is 12, more than maxMatrixBytes \(8\); raise it with setLimits$/ },
    // Raised past what 32-bit wasm can address: the address space is the limit.
    { name: 'a matrix past the address space', run: withLimits({ maxMatrixBytes: 2 ** 40, maxVocabSize: 2 ** 31 }, () => Embeddings.fromText(stream(utf8('1000000 65536\n')))), code: 'limit_exceeded', message: /^word2vec: line 1: header: 1000000 rows × 65536 dims need 262144000000 bytes, more than the address space \(4294967295\)$/ },
    // Allowed by every limit, but more than the 4 GiB heap can hold: operator new throws
    // std::bad_alloc (malloc returns null when memory cannot grow), which the binding reports.
    { name: 'an allocation wasm memory cannot grow to', run: withLimits({ maxMatrixBytes: 2 ** 32 - 1, maxVocabSize: 2 ** 31 }, () => Embeddings.fromText(stream(utf8('1073741823 1\n')))), code: 'limit_exceeded', message: /^out of memory: wasm memory could not grow to fit an allocation \(the limit is 4 GiB\)$/ },
  ];
  await checkCases(cases, probe);
  assert.deepEqual(getLimits(), defaults);
});
