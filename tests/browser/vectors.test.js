// The demo's "From tokens to vectors" view in a real browser: a person types sentences and sees
// each step's shape, then the "bank" cosines and one-hot × matrix. The expected cosines are
// computed here without the package: the GloVe .npy's float16 values decoded by hand, the words
// split with a regular expression, the sinusoidal encodings from the formula.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { openDemo, shot } from '../helpers/browser.js';

const data = new URL('../../web/data/', import.meta.url);
let demo, page, problems, glove;

// IEEE binary16 → number.
function half(h) {
  const exponent = (h >> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  const sign = h & 0x8000 ? -1 : 1;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 31) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

async function readGlove() {
  const npy = await readFile(new URL('glove-50k.npy', data));
  const start = 10 + npy.readUInt16LE(8);
  const words = (await readFile(new URL('glove-50k.words.txt', data), 'utf8')).split('\n');
  const row = new Map(words.map((w, i) => [w, i]));
  const dim = 100;
  return {
    has: (word) => row.has(word),
    vector(word) {
      const r = row.get(word);
      assert.ok(r !== undefined, `"${word}" is a GloVe word`);
      return Array.from({ length: dim }, (_, j) => half(npy.readUInt16LE(start + 2 * (r * dim + j))));
    },
  };
}

// A word the vectors lack has no row, so it has no vector and no position.
const words = (sentence) => sentence.toLowerCase().match(/\w+|[^\w\s]+/g).filter((w) => glove.has(w));
const position = (pos, j, dim) => (j % 2 === 0 ? Math.sin : Math.cos)(pos / 10000 ** ((j - (j % 2)) / dim));
const cosine = (a, b) => {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / Math.sqrt(aa * bb);
};
// The mean of a sentence's word vectors, each plus its position's encoding when asked.
function sentenceVector(sentence, positions) {
  const sum = new Array(100).fill(0);
  const ws = words(sentence);
  ws.forEach((w, pos) => glove.vector(w).forEach((x, j) => (sum[j] += x + (positions ? position(pos, j, 100) : 0))));
  return sum.map((x) => x / ws.length);
}

before(async () => {
  glove = await readGlove();
  ({ page, problems, ...demo } = await openDemo({ hash: '#view=vectors' }));
  await page.waitForSelector('#vectors[data-state="ready"]', { timeout: 30000 });
});

after(() => demo?.close());

const shownNumber = async (selector) => Number((await page.textContent(selector)).match(/cos = (-?[\d.]+)|= (-?[\d.]+)$/).slice(1).find(Boolean));

test('two typed sentences: every step shows its shape, and the sentence cosine is the mean-pooled vectors\' cosine', async () => {
  const a = 'the cat sat on the mat';
  const b = 'one dog barked';
  await page.fill('#vectors-text', `${a}\n${b}`);
  await page.waitForFunction(() => document.querySelector('[data-step="ids"]')?.dataset.shape === '2,6');
  const shapes = await page.$$eval('#vectors-steps > li', (els) => els.map((e) => [e.dataset.step, e.dataset.shape]));
  assert.deepEqual(shapes, [['ids', '2,6'], ['lookup', '2,6,100'], ['positions', '6,100'], ['sum', '2,6,100'], ['pooled', '2,100']]);
  assert.equal(await page.textContent('[data-step="lookup"] .shape'), 'shape (2, 6, 100)');
  // 2 sentences × 6 positions (the second padded) × 100 cells.
  assert.equal(await page.$$eval('[data-step="lookup"] .matrix-row', (els) => els.length), 12);
  assert.equal(await page.$$eval('[data-step="lookup"] .matrix-row:first-child rect', (els) => els.length), 100);
  const withPositions = await shownNumber('#vectors-cosine');
  assert.ok(Math.abs(withPositions - cosine(sentenceVector(a, true), sentenceVector(b, true))) < 1e-4, `shown ${withPositions}`);
  await page.uncheck('#vectors-positions');
  await page.waitForFunction(() => document.querySelector('[data-step="sum"] h4').textContent.startsWith('Rows (position encodings off)'));
  const without = await shownNumber('#vectors-cosine');
  assert.ok(Math.abs(without - cosine(sentenceVector(a, false), sentenceVector(b, false))) < 1e-4, `shown ${without}`);
  assert.notEqual(without.toFixed(4), withPositions.toFixed(4));
  await page.check('#vectors-positions');
});

test('"bank" in two sentences: one static vector; positions and pooling give the cosines computed here', async () => {
  const a = await page.inputValue('#bank-a');
  const b = await page.inputValue('#bank-b');
  assert.equal(await page.inputValue('#bank-word'), 'bank');
  const result = (key) => page.textContent(`#bank-result dd[data-key="${key}"]`);
  assert.match(await result('static'), /^cos = 1\.0000: one row, id \d+/);
  const bank = glove.vector('bank');
  const posA = words(a).indexOf('bank');
  const posB = words(b).indexOf('bank');
  const expected = cosine(bank.map((x, j) => x + position(posA, j, 100)), bank.map((x, j) => x + position(posB, j, 100)));
  const shown = Number((await result('positions')).match(/^cos = (-?[\d.]+)/)[1]);
  assert.ok(Math.abs(shown - expected) < 1e-4 && expected < 0.99, `shown ${shown}, expected ${expected}`);
  const sentences = Number((await result('sentences')).match(/^cos = (-?[\d.]+)/)[1]);
  assert.ok(Math.abs(sentences - cosine(sentenceVector(a, false), sentenceVector(b, false))) < 1e-4, `shown ${sentences}`);
});

test('one-hot × matrix picks exactly the chosen word\'s row', async () => {
  await page.fill('#vectors-text', 'the river bank');
  await page.waitForFunction(() => document.querySelectorAll('#onehot-word option').length === 3);
  await page.selectOption('#onehot-word', 'bank');
  await page.waitForFunction(() => document.querySelector('#onehot-check')?.textContent.includes('“bank”'));
  assert.match(await page.textContent('#onehot-check'), /^The product equals row 2 \(“bank”\) in all 100 columns: largest difference 0\./);
  const product = await page.$$eval('#onehot-result tr.product td', (els) => els.slice(1, 7).map((e) => Number(e.textContent)));
  const bank = glove.vector('bank');
  product.forEach((x, j) => assert.ok(Math.abs(x - bank[j]) < 5e-4, `column ${j}: ${x} vs ${bank[j]}`));
  await page.locator('#vectors').screenshot({ path: shot('demo-vectors.png') });
  assert.deepEqual(problems, []);
});
