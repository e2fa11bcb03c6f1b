// Embeddings through the JS API on inputs built here: hand-made matrices whose answers a person
// can check (or that a float64 reference computed here checks), every loader format on tiny
// files, streaming, the errors malformed files produce, lifecycle, positions and pooling.
// Real GloVe data is tested in embeddings_glove.test.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { Embeddings, positionalEncoding, textEmbedding } from '../../bindings/embeddings.js';
import { Tokenizer } from '../../bindings/tokenizer.js';
import { TokvecError, init } from '../../bindings/core.js';
import { isError } from '../helpers/errors.js';
import { prng } from '../helpers/random.js';

const encoder = new TextEncoder();

const f32 = (values) => Float32Array.from(values);
const bytesOf = (typed) => new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

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

// A safetensors file: 8-byte little-endian header length, the JSON header, the data.
function safetensors(tensors) {
  const header = {};
  const data = [];
  let offset = 0;
  for (const [name, { dtype, shape, values }] of Object.entries(tensors)) {
    const b = bytesOf(values);
    header[name] = { dtype, shape, data_offsets: [offset, offset + b.length] };
    offset += b.length;
    data.push(b);
  }
  const json = encoder.encode(JSON.stringify(header));
  const length = new Uint8Array(8);
  new DataView(length.buffer).setBigUint64(0, BigInt(json.length), true);
  return concat(length, json, ...data);
}

// A .npy v1.0 file: magic, version, header length, the dict padded with spaces to a multiple of 64.
function npy(descr, shape, values) {
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}), }`;
  dict += ' '.repeat(63 - ((10 + dict.length) % 64)) + '\n';
  const head = new Uint8Array(10);
  head.set([0x93, ...encoder.encode('NUMPY'), 1, 0]);
  new DataView(head.buffer).setUint16(8, dict.length, true);
  return concat(head, encoder.encode(dict), bytesOf(values));
}

async function* chunksOf(bytes, size) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size);
}

function streamOf(bytes, size) {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, (at += size)));
    },
  });
}

// A hand-made matrix: a = x, b = y, c = x + y, d = −x, e = 2z.
//   cos(a, c) = 1/√2, cos(a, b) = cos(a, e) = 0, cos(a, d) = −1.
const handMade = () => Embeddings.fromArray(f32([1, 0, 0, 0, 1, 0, 1, 1, 0, -1, 0, 0, 0, 0, 2]), 3, { words: ['a', 'b', 'c', 'd', 'e'] });

test('fromArray: shape, words, vectors and memory of a hand-made matrix', async () => {
  const m = await handMade();
  assert.equal(m.rows, 5);
  assert.equal(m.dim, 3);
  assert.deepEqual(m.words, ['a', 'b', 'c', 'd', 'e']);
  assert.deepEqual([...m.vector('c')], [1, 1, 0]);
  assert.deepEqual([...m.vector(4)], [0, 0, 2]);
  assert.equal(m.indexOf('d'), 3);
  assert.equal(m.indexOf('zebra'), -1);
  assert.equal(m.storage, 'f32');
  assert.ok(m.bytes >= 5 * 3 * 4);
  m.dispose();

  const plain = await Embeddings.fromArray([1, 2, 3, 4], 2);
  assert.equal(plain.words, null);
  assert.equal(plain.indexOf('a'), -1);
  assert.deepEqual([...plain.vector(1)], [3, 4]);
  assert.deepEqual(plain.mostSimilar(0, { topN: 1 }).map((n) => n.word), [null]);
  assert.throws(() => plain.vector('a'), isError('invalid_argument', /vector: these embeddings have no words; pass a vector or a row/));
  plain.dispose();
});

test('mostSimilar on the hand-made matrix: c, then the two orthogonal rows in row order, then d', async () => {
  const m = await handMade();
  const found = m.mostSimilar('a');
  assert.deepEqual(found.map((n) => [n.word, n.index]), [['c', 2], ['b', 1], ['e', 4], ['d', 3]]);
  assert.ok(Math.abs(found[0].score - Math.SQRT1_2) < 1e-7);
  assert.deepEqual(found.slice(1).map((n) => n.score), [0, 0, -1]);
  assert.deepEqual(m.mostSimilar('a', { topN: 2 }).map((n) => n.word), ['c', 'b']);
  assert.deepEqual(m.mostSimilar('a', { topN: 0 }), []);
  // restrictVocab: only rows 0 and 1 are searched, and row 0 is the query.
  assert.deepEqual(m.mostSimilar('a', { restrictVocab: 2 }).map((n) => n.word), ['b']);
  // A vector query excludes nothing: z is e's direction.
  assert.deepEqual(m.mostSimilar(f32([0, 0, 1]), { topN: 1 }).map((n) => [n.word, n.score]), [['e', 1]]);
  // A row number is a query like its word.
  assert.deepEqual(m.mostSimilar(0), found);
  m.dispose();
});

test('analogies match a float64 reference of gensim 3CosAdd and 3CosMul', async () => {
  const m = await handMade();
  const vectors = m.words.map((w) => m.vector(w));
  const unit = (v) => {
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  };
  // 3CosAdd: c − a + d, each as a unit vector, averaged; a, c and d are excluded.
  const [c, a, d] = [unit(vectors[2]), unit(vectors[0]), unit(vectors[3])];
  const mean = c.map((_, j) => (c[j] - a[j] + d[j]) / 3);
  const add = m.mostSimilar({ positive: ['c', 'd'], negative: ['a'] });
  assert.deepEqual(add.map((n) => n.word), ['b', 'e']);
  for (const n of add) assert.ok(Math.abs(n.score - cosine64(mean, vectors[n.index])) < 1e-6, `${n.word}: ${n.score}`);

  // 3CosMul: Π (1 + cos(r, p)) / 2 / (Π (1 + cos(r, n)) / 2 + 1e-6).
  const shifted = (r, t) => (1 + cosine64(vectors[r], vectors[t])) / 2;
  const cosmul = m.mostSimilarCosmul({ positive: ['c', 'd'], negative: ['a'] });
  const expected = [1, 4].map((r) => ({ r, score: (shifted(r, 2) * shifted(r, 3)) / (shifted(r, 0) + 1e-6) }))
    .sort((x, y) => y.score - x.score || x.r - y.r);
  assert.deepEqual(cosmul.map((n) => n.index), expected.map((x) => x.r));
  cosmul.forEach((n, i) => assert.ok(Math.abs(n.score - expected[i].score) < 1e-5, `${n.word}: ${n.score} vs ${expected[i].score}`));

  // Vectors (used as given, not normalised) mix with words: (2z − unit(c)) / 2 is nearest e.
  assert.equal(m.mostSimilar({ positive: [[0, 0, 2]], negative: ['c'] }, { topN: 1 })[0].word, 'e');
  m.dispose();
});

test('similarity, rank and doesntMatch on the hand-made matrix', async () => {
  const m = await handMade();
  assert.ok(Math.abs(m.similarity('a', 'c') - Math.SQRT1_2) < 1e-7);
  assert.equal(m.similarity('a', 'd'), -1);
  assert.equal(m.similarity(0, 'b'), 0);
  // From a: c is closest, b and e next (distance 1), d last (distance 2).
  assert.equal(m.rank('a', 'c'), 1);
  assert.equal(m.rank('a', 'b'), 2);
  assert.equal(m.rank('a', 'd'), 4);
  // The mean of a, c, d points along x + y: d is the one against it. Unknown words are ignored.
  assert.equal(m.doesntMatch(['a', 'c', 'd', 'zebra']), 'd');
  assert.throws(() => m.doesntMatch(['zebra']), isError('invalid_argument', /doesntMatch: none of the words is in the vocabulary/));
  m.dispose();

  // The word comes back whole: a leading U+FEFF of a word over 16 bytes once got lost on its way
  // out of wasm (Embind's glue decodes such strings with a default TextDecoder).
  const bom = ['\ufeffa word of more than sixteen bytes', '\ufeffanother word, also long', '\ufeffthe odd one out, long'];
  const w = await Embeddings.fromArray(f32([1, 0, 0.9, 0.1, -1, 0]), 2, { words: bom });
  assert.equal(w.doesntMatch(bom), bom[2]);
  w.dispose();
});

test('lookup gathers rows into batch × seqLen × dim', async () => {
  const m = await handMade();
  assert.deepEqual([...m.lookup([4, 0, 2, 1], { batch: 2 })], [0, 0, 2, 1, 0, 0, 1, 1, 0, 0, 1, 0]);
  assert.deepEqual([...m.lookup(new Uint32Array([3]))], [-1, 0, 0]);
  assert.deepEqual([...m.lookup([])], []);
  assert.throws(() => m.lookup([0, 1, 2], { batch: 2, seqLen: 2 }), isError('invalid_argument', /lookup: batch 2 × seqLen 2 = 4, but ids has 3/));
  assert.throws(() => m.lookup([0, 5]), isError('out_of_range', /lookup: ids\[1\] = 5 is out of range \(rows 5\)/));
  m.dispose();
});

test('project: points on a line have one component carrying all the variance', async () => {
  // (0,0), (1,1), (2,2), (3,3): the axis is (1,1)/√2, coordinates ±0.5√2 and ±1.5√2.
  const m = await Embeddings.fromArray([0, 0, 1, 1, 2, 2, 3, 3], 2, { words: ['p0', 'p1', 'p2', 'p3'] });
  const { coords, explained } = m.project(['p0', 'p1', 'p2', 'p3'], { components: 1 });
  const expected = [-1.5, -0.5, 0.5, 1.5].map((x) => x * Math.SQRT2);
  coords.forEach((x, i) => assert.ok(Math.abs(x - expected[i]) < 1e-6, `${x} vs ${expected[i]}`));
  assert.ok(Math.abs(explained[0] - 1) < 1e-12);
  // All rows when none are named; row numbers work too.
  assert.deepEqual(m.project(undefined, { components: 1 }).coords, coords);
  assert.deepEqual(m.project([0, 1, 2, 3], { components: 1 }).coords, coords);
  assert.throws(() => m.project(['p0'], { components: 1 }), isError('invalid_argument', /project: needs at least 2 rows/));
  assert.throws(() => m.project(['p0', 'p1'], { components: 3 }), isError('invalid_argument', /project: components must be 1..2, got 3/));
  m.dispose();
});

test('quantize(int8) adds dim + 12 bytes per row and changes no result', async () => {
  const m = await handMade();
  const before = m.bytes;
  const results = [m.mostSimilar('a'), m.mostSimilar('e'), m.mostSimilar({ positive: ['c', 'd'], negative: ['a'] })];
  assert.equal(m.quantized, false);
  assert.equal(m.quantize('int8'), m);
  assert.equal(m.quantized, true);
  assert.equal(m.bytes, before + 5 * (3 + 12));
  assert.deepEqual([m.mostSimilar('a'), m.mostSimilar('e'), m.mostSimilar({ positive: ['c', 'd'], negative: ['a'] })], results);
  assert.throws(() => m.quantize('int4'), isError('invalid_argument', /quantize: the only kind is 'int8', got int4/));
  m.dispose();
});

// Dims below 16, at a multiple of 16 and between exercise every tail of the SIMD row kernels; f16
// rows are widened a block at a time. Both must give the f32 scan's rows and scores exactly.
test('int8 search and f16 storage return exactly the f32 rows and scores at dims 5 to 300 (seed 5)', async () => {
  const r = prng(5);
  const rows = 1500;
  for (const dim of [5, 16, 50, 67, 100, 300]) {
    const bits = Uint16Array.from({ length: rows * dim }, () => (0x3000 + Math.floor(r() * 0x1000)) | (r() < 0.5 ? 0x8000 : 0));
    const h = await Embeddings.fromNpy(npy('<f2', [rows, dim], bits));
    const values = h.lookup(Uint32Array.from({ length: rows }, (_, i) => i));
    const m = await Embeddings.fromArray(values, dim);
    const q8 = (await Embeddings.fromArray(values, dim)).quantize('int8');
    for (let t = 0; t < 6; t++) {
      const near = Math.floor(r() * rows);  // half the queries: a row plus noise, so ranks are close
      const query = Float32Array.from({ length: dim }, (_, j) => (t % 2 ? values[near * dim + j] : 0) + r() - 0.5);
      const want = m.mostSimilar(query, { topN: 10 });
      assert.deepEqual(q8.mostSimilar(query, { topN: 10 }), want, `int8, dim ${dim}, query ${t}`);
      assert.deepEqual(h.mostSimilar(query, { topN: 10 }), want, `f16, dim ${dim}, query ${t}`);
    }
    for (const x of [h, m, q8]) x.dispose();
  }
});

test('query errors name the word, the dims and the row', async () => {
  const m = await handMade();
  assert.throws(() => m.vector('zebra'), isError('out_of_range', /vector: "zebra" is not in the vocabulary/));
  assert.throws(() => m.mostSimilar('zebra'), isError('out_of_range', /mostSimilar: "zebra" is not in the vocabulary/));
  assert.throws(() => m.mostSimilar({ positive: ['a'], negative: ['zebra'] }), isError('out_of_range', /mostSimilar: "zebra" is not in the vocabulary/));
  assert.throws(() => m.similarity('a', 'zebra'), isError('out_of_range', /similarity: "zebra" is not in the vocabulary/));
  assert.throws(() => m.rank('zebra', 'a'), isError('out_of_range', /rank: "zebra" is not in the vocabulary/));
  assert.throws(() => m.project(['a', 'zebra']), isError('out_of_range', /project: "zebra" is not in the vocabulary/));
  assert.throws(() => m.mostSimilar(f32([1, 2])), isError('invalid_argument', /mostSimilar: vector has 2 values, embeddings have dim 3/));
  assert.throws(() => m.mostSimilarCosmul({ positive: [[1, 2, 3, 4]] }), isError('invalid_argument', /mostSimilarCosmul: vector has 4 values, embeddings have dim 3/));
  assert.throws(() => m.mostSimilar(f32([0, 0, 0])), isError('invalid_argument', /mostSimilar: the terms cancel out \(their mean is all zeros\)/));
  assert.throws(() => m.mostSimilar({ positive: ['a'], negative: ['a'] }), isError('invalid_argument', /mostSimilar: the terms cancel out/));
  assert.throws(() => m.mostSimilar({}), isError('invalid_argument', /mostSimilar: cannot compute a mean of no input/));
  assert.throws(() => m.mostSimilarCosmul({ negative: ['a'] }), isError('invalid_argument', /mostSimilarCosmul: needs at least one positive term/));
  assert.throws(() => m.vector(5), isError('out_of_range', /vector: row 5 is out of range \(rows 5\)/));
  assert.throws(() => m.vector(1.5), isError('invalid_argument', /vector: expected a word or a row number, got 1.5/));
  assert.throws(() => m.mostSimilar(['a', 'b']), isError('invalid_argument', /mostSimilar: pass a Float32Array for a vector, or \{ positive/));
  assert.throws(() => m.mostSimilar({ positive: 'a' }), isError('invalid_argument', /mostSimilar: positive must be an array/));
  assert.throws(() => m.mostSimilar({ positives: ['a'] }), isError('invalid_argument', /mostSimilar: query: unknown option "positives"/));
  assert.throws(() => m.mostSimilar('a', { topK: 3 }), isError('invalid_argument', /mostSimilar: unknown option "topK" \(expected one of topN, restrictVocab\)/));
  assert.throws(() => m.mostSimilar('a', { restrictVocab: 0 }), isError('invalid_argument', /mostSimilar: restrictVocab: expected at least 1, got 0/));
  // The matrix is still usable.
  assert.equal(m.mostSimilar('a', { topN: 1 })[0].word, 'c');
  m.dispose();
});

test('fromArray rejects values that are not whole rows, non-finite values and a wrong word count', async () => {
  await assert.rejects(Embeddings.fromArray([1, 2, 3], 2), isError('invalid_argument', /Embeddings.fromArray: 3 values are not whole rows of dim 2/));
  await assert.rejects(Embeddings.fromArray([1, NaN], 2), isError('parse_error', /embeddings: row 0, column 1 is NaN/));
  await assert.rejects(Embeddings.fromArray([1, 2], 2, { words: ['a', 'b'] }), isError('invalid_argument', /embeddings: 2 words for 1 rows/));
  await assert.rejects(Embeddings.fromArray([1, 2], 0), isError('invalid_argument', /Embeddings.fromArray: dim: expected at least 1, got 0/));
  await assert.rejects(Embeddings.fromArray('1 2', 2), isError('invalid_argument', /Embeddings.fromArray: expected a Float32Array or an array of numbers, got string/));
});

test('GloVe text: words and values, words with spaces, CRLF, and a BOM', async () => {
  const m = await Embeddings.fromText('\uFEFFthe 0.1 -0.25 3e2\r\nnew york 1 2 3\r\ncat -1.5 0 7\r\n');
  assert.deepEqual(m.words, ['the', 'new york', 'cat']);
  assert.deepEqual([...m.vector('the')], [Math.fround(0.1), -0.25, 300]);
  assert.deepEqual([...m.vector('new york')], [1, 2, 3]);
  assert.deepEqual([...m.vector('cat')], [-1.5, 0, 7]);
  m.dispose();
  const forced = await Embeddings.fromText(encoder.encode('a 1 2\nb 3 4\n'), { format: 'glove' });
  assert.deepEqual([...forced.vector('b')], [3, 4]);
  forced.dispose();
});

test('word2vec text (and fastText .vec with trailing spaces): the header is read, format auto or named', async () => {
  const text = '2 3 \nthe 0.1 0.2 0.3 \ncat 1 2 3 \n';
  for (const format of ['auto', 'word2vec']) {
    const m = await Embeddings.fromText(text, { format });
    assert.deepEqual(m.words, ['the', 'cat']);
    assert.deepEqual([...m.vector('the')], [0.1, 0.2, 0.3].map(Math.fround));
    m.dispose();
  }
});

test('word2vec binary: header, word, space, little-endian f32 per row', async () => {
  const file = concat(encoder.encode('2 3\n'), encoder.encode('the '), bytesOf(f32([0.5, -1, 2])), encoder.encode('\n'),
    encoder.encode('chat '), bytesOf(f32([3, 4.25, -8])), encoder.encode('\n'));
  const m = await Embeddings.fromWord2VecBinary(file);
  assert.deepEqual(m.words, ['the', 'chat']);
  assert.deepEqual([...m.vector('chat')], [3, 4.25, -8]);
  m.dispose();
  // The same file streamed in 3-byte chunks, splitting words and floats.
  const streamed = await Embeddings.fromWord2VecBinary(chunksOf(file, 3));
  assert.deepEqual([...streamed.vector('the')], [0.5, -1, 2]);
  streamed.dispose();
});

test('safetensors: F32, F16 and BF16 tensors, picked by name, labelled by a tokenizer', async () => {
  const values = [0.5, -2, 1.25, 0, 1, 3];  // exact in f16 and bf16
  const f16 = new Uint16Array([0x3800, 0xc000, 0x3d00, 0x0000, 0x3c00, 0x4200]);
  const bf16 = new Uint16Array(new Uint32Array(f32(values).buffer).map((b) => b >>> 16));
  const file = safetensors({
    'wte.weight': { dtype: 'F32', shape: [3, 2], values: f32(values) },
    half: { dtype: 'F16', shape: [3, 2], values: f16 },
    brain: { dtype: 'BF16', shape: [3, 2], values: bf16 },
  });
  for (const [tensor, storage] of [['wte.weight', 'f32'], ['half', 'f16'], ['brain', 'bf16']]) {
    const m = await Embeddings.fromSafetensors(file, { tensor });
    assert.equal(m.storage, storage);
    assert.equal(m.rows, 3);
    assert.deepEqual([...m.lookup([0, 1, 2])], values);
    assert.equal(m.words, null);
    m.dispose();
  }
  // A word-level tokenizer over ['x', 'y'] has ids x = 0, y = 1, [UNK] = 2.
  const tokenizer = await Tokenizer.wordLevel({ vocab: ['x', 'y'] });
  const m = await Embeddings.fromSafetensors(file, { tensor: 'half', tokenizer });
  assert.deepEqual(m.words, ['x', 'y', '[UNK]']);
  assert.deepEqual([...m.vector('y')], [1.25, 0]);
  m.dispose();
  const small = safetensors({ t: { dtype: 'F32', shape: [2, 1], values: f32([1, 2]) } });
  await assert.rejects(Embeddings.fromSafetensors(small, { tokenizer }), isError('invalid_argument', /Embeddings.fromSafetensors: the tokenizer has 3 ids, the tensor has 2 rows/));
  tokenizer.dispose();
  const labelled = await Embeddings.fromSafetensors(small, { words: ['one', 'two'] });
  assert.deepEqual([...labelled.vector('two')], [2]);
  labelled.dispose();
});

test('npy: <f4 and <f2 arrays, labelled by words', async () => {
  const m = await Embeddings.fromNpy(npy('<f4', [2, 3], f32([1, 2, 3, 4, 5, 6.5])), { words: ['a', 'b'] });
  assert.deepEqual([...m.vector('b')], [4, 5, 6.5]);
  m.dispose();
  const h = await Embeddings.fromNpy(npy('<f2', [1, 2], new Uint16Array([0x3c00, 0xc000])));
  assert.equal(h.storage, 'f16');
  assert.deepEqual([...h.vector(0)], [1, -2]);
  h.dispose();
});

test('wink JSON: vectors keyed by word, each followed by its norm and row', async () => {
  const json = JSON.stringify({
    precision: 4, l2NormIndex: 2, wordIndex: 3, size: 2, dimensions: 2, words: ['sea', 'tea'],
    vectors: { sea: [3, 4, 5, 0], tea: [-1, 0.5, 1.118, 1] }, unkVector: [0, 0],
  });
  const m = await Embeddings.fromWink(json);
  assert.deepEqual(m.words, ['sea', 'tea']);
  assert.deepEqual([...m.vector('tea')], [-1, 0.5]);
  m.dispose();
});

test('streaming: ReadableStream, async iterable and Blob inputs split anywhere give the same matrix', async () => {
  const text = encoder.encode('2 3\nthé 0.125 -2.5 1e-3\nmer 4 5 6\n');
  const whole = await Embeddings.fromText(text);
  for (const size of [1, 2, 5, 64]) {
    for (const source of [streamOf(text, size), chunksOf(text, size)]) {
      const m = await Embeddings.fromText(source);
      assert.deepEqual(m.words, whole.words);
      assert.deepEqual(m.lookup([0, 1]), whole.lookup([0, 1]));
      m.dispose();
    }
  }
  const blob = await Embeddings.fromText(new Blob([text.subarray(0, 7), text.subarray(7)]));
  assert.deepEqual(blob.lookup([0, 1]), whole.lookup([0, 1]));
  blob.dispose();
  whole.dispose();
  await assert.rejects(Embeddings.fromText(chunksOf(text.subarray(0, 24), 4)), isError('parse_error', /word2vec: the header declares 2 rows, the input has 1/));
  await assert.rejects(Embeddings.fromText((async function* () { yield 'a 1 2\n'; })()),
    isError('invalid_argument', /Embeddings.fromText: a stream chunk is string, expected a Uint8Array/));
});

test('a large input is fed in chunks with progress between them', async () => {
  // 60,000 rows of 16 values, about 5.5 MB: more than one 4 MB chunk.
  const lines = [];
  for (let r = 0; r < 60000; r++) lines.push(`w${r} ${Array.from({ length: 16 }, (_, j) => ((r * 31 + j * 7) % 1000) / 100 - 5).join(' ')}`);
  const bytes = encoder.encode(lines.join('\n') + '\n');
  const progress = [];
  const m = await Embeddings.fromText(bytes, { onProgress: (p) => progress.push(p) });
  assert.equal(m.rows, 60000);
  assert.ok(progress.length >= 3, `${progress.length} progress calls`);
  for (let i = 1; i < progress.length; i++) assert.ok(progress[i].loaded >= progress[i - 1].loaded);
  assert.ok(progress.every((p) => p.total === bytes.length));
  assert.equal(progress.at(-1).loaded, bytes.length);
  const row = 43210;
  assert.deepEqual([...m.vector(`w${row}`)], Array.from({ length: 16 }, (_, j) => Math.fround(((row * 31 + j * 7) % 1000) / 100 - 5)));
  m.dispose();
  // A string is fed in pieces too; a surrogate pair across a piece boundary stays whole.
  const filler = 'x'.repeat((1 << 20) - 4);
  const s = await Embeddings.fromText(`${filler} 1\n🙂 2\n`);
  assert.deepEqual(s.words.slice(1), ['🙂']);
  assert.deepEqual([...s.vector('🙂')], [2]);
  s.dispose();
});

test('malformed files of every format: errors name the line or byte, and loading still works after', async () => {
  const w2vRow = concat(encoder.encode('2 2\na '), bytesOf(f32([1, 2])), encoder.encode('\nb '), new Uint8Array(2));
  const cases = [
    [() => Embeddings.fromText('a 1 2 3\nb 1 2\n'), 'parse_error', /GloVe: line 2: expected 3 numbers after "b", got 2/],
    [() => Embeddings.fromText('a 1 2 3\nb 1 x 3\n'), 'parse_error', /GloVe: line 2: "b": value 2 is not a finite number: "x"/],
    [() => Embeddings.fromText(''), 'parse_error', /GloVe: no vectors in the input/],
    [() => Embeddings.fromText('3 2\na 1 2\nb 3 4\n'), 'parse_error', /word2vec: the header declares 3 rows, the input has 2/],
    [() => Embeddings.fromText('a 1 2\n', { format: 'word2vec' }), 'parse_error', /word2vec: line 1: expected a header "rows dim", got "a 1 2"/],
    [() => Embeddings.fromWord2VecBinary(encoder.encode('x y\n')), 'parse_error', /word2vec binary: byte 0: expected a header "rows dim", got "x y"/],
    [() => Embeddings.fromWord2VecBinary(w2vRow), 'parse_error', /word2vec binary: byte 0: header declares 2 rows × 2 dims, which need at least 20 bytes; the input has 19/],
    [() => Embeddings.fromWord2VecBinary(chunksOf(w2vRow, 4)), 'parse_error', /word2vec binary: byte 19: input ends inside row 1 of the header's 2/],
    [() => Embeddings.fromSafetensors(concat(new Uint8Array([200, 0, 0, 0, 0, 0, 0, 0]), new Uint8Array(8))), 'parse_error', /safetensors: byte 0: header length 200 is larger than the file \(16 bytes\)/],
    [() => Embeddings.fromSafetensors(safetensors({ a: { dtype: 'F32', shape: [1, 2], values: f32([1, 2]) } }), { tensor: 'wte.weight' }), 'invalid_argument', /safetensors: no tensor "wte.weight" \(tensors: "a"\)/],
    [() => Embeddings.fromSafetensors(safetensors({ a: { dtype: 'I64', shape: [1, 2], values: new BigInt64Array(2) } })), 'unsupported', /safetensors header: a.dtype: dtype "I64" is not supported/],
    [() => Embeddings.fromSafetensors(safetensors({ a: { dtype: 'F32', shape: [2, 2], values: f32([1, 2]) } })), 'parse_error', /a.data_offsets: \[0, 8\] holds 8 bytes; shape \[2,2\] of F32 needs 16/],
    [() => Embeddings.fromNpy(encoder.encode('NOTNUMPY000000000000')), 'parse_error', /npy: byte 0: not a .npy file/],
    [() => Embeddings.fromNpy(npy('<f8', [1, 1], new Float64Array([1]))), 'unsupported', /npy: byte \d+: header: dtype '<f8' is not supported \(expected '<f4' or '<f2'\)/],
    [() => Embeddings.fromWink('{"dimensions":2,"vectors":{"a":[1,"x",1,0]}}'), 'parse_error', /wink JSON: byte 34: "a": value 2 is not a finite number/],
    [() => Embeddings.fromWink('{"dimensions":2,"vectors":{"a":[1,2,0]}}'), 'parse_error', /wink JSON: byte 37: expected 4 values for "a" \(2 numbers, norm, row\), got 3/],
  ];
  for (const [load, code, pattern] of cases) await assert.rejects(load(), isError(code, pattern));
  const m = await Embeddings.fromText('a 1 2\n');
  assert.deepEqual([...m.vector('a')], [1, 2]);
  m.dispose();
});

test('loader options are checked before anything is read', async () => {
  await assert.rejects(Embeddings.fromText('a 1\n', { format: 'fasttext' }), isError('invalid_argument', /Embeddings.fromText: format must be one of auto, glove, word2vec, got fasttext/));
  await assert.rejects(Embeddings.fromText('a 1\n', { onProgress: 1 }), isError('invalid_argument', /Embeddings.fromText: onProgress must be a function, got number/));
  await assert.rejects(Embeddings.fromNpy(new Uint8Array(0), { tensor: 'x' }), isError('invalid_argument', /Embeddings.fromNpy: unknown option "tensor"/));
  await assert.rejects(Embeddings.fromWord2VecBinary('2 3\n'), isError('invalid_argument', /Embeddings.fromWord2VecBinary: expected bytes, a Blob, a ReadableStream or an async iterable of Uint8Array, got string/));
  await assert.rejects(Embeddings.fromSafetensors(new Uint8Array(0), { tokenizer: {} }), isError('invalid_argument', /Embeddings.fromSafetensors: tokenizer must be a tokvec Tokenizer, got object/));
});

test('an onProgress that throws stops the load and cancels the stream', async () => {
  let cancelled = false;
  const text = encoder.encode('a 1 2\nb 3 4\n');
  const stream = new ReadableStream({
    start(controller) {
      controller.enqueue(text.slice(0, 6));
    },
    cancel() {
      cancelled = true;
    },
  });
  await assert.rejects(Embeddings.fromText(stream, { onProgress: () => { throw new Error('stop'); } }), /stop/);
  assert.ok(cancelled);
});

test('positionalEncoding: sin on even columns, cos on odd ones, rates 10000^(2i/dim)', () => {
  const dim = 6;
  const pe = positionalEncoding(3, dim);
  assert.equal(pe.length, 18);
  assert.deepEqual([...pe.subarray(0, dim)], [0, 1, 0, 1, 0, 1]);
  for (let pos = 0; pos < 3; pos++) {
    for (let i = 0; i < dim / 2; i++) {
      const angle = pos / 10000 ** ((2 * i) / dim);
      assert.equal(pe[pos * dim + 2 * i], Math.fround(Math.sin(angle)));
      assert.equal(pe[pos * dim + 2 * i + 1], Math.fround(Math.cos(angle)));
    }
  }
  assert.equal(positionalEncoding(2, 3).length, 6);  // an odd dim ends with a sine column
  assert.equal(positionalEncoding(2, 3)[5], Math.fround(Math.sin(1 / 10000 ** (2 / 3))));
  assert.throws(() => positionalEncoding(2, 0), isError('invalid_argument', /positionalEncoding: dim: expected at least 1, got 0/));
});

test('textEmbedding: mean, max and first pooling, normalisation, positions as positionalEncoding adds them', async () => {
  // Word-level ids: a = 0, b = 1, c = 2, [UNK] = 3.
  const tokenizer = await Tokenizer.wordLevel({ vocab: ['a', 'b', 'c'] });
  const m = await Embeddings.fromArray([1, 0, 0, 2, 3, 3, 0, 0], 2);
  const close = (actual, expected) => {
    assert.equal(actual.length, expected.length);
    actual.forEach((x, i) => assert.ok(Math.abs(x - expected[i]) < 1e-6, `[${[...actual]}] vs [${expected}]`));
  };
  close(textEmbedding(tokenizer, m, 'a b', { normalize: false }), [0.5, 1]);
  close(textEmbedding(tokenizer, m, 'a b'), [0.5 / Math.hypot(0.5, 1), 1 / Math.hypot(0.5, 1)]);
  close(textEmbedding(tokenizer, m, 'a b c', { pooling: 'max', normalize: false }), [3, 3]);
  close(textEmbedding(tokenizer, m, 'b a', { pooling: 'first', normalize: false }), [0, 2]);
  close(textEmbedding(tokenizer, m, '', { normalize: false }), [0, 0]);
  // positions: the mean of rows + PE(0..n−1), PE as positionalEncoding gives it.
  const pe = positionalEncoding(3, 2);
  const rows = [[1, 0], [0, 2], [3, 3]];
  close(textEmbedding(tokenizer, m, 'a b c', { normalize: false, positions: true }),
    [0, 1].map((j) => rows.reduce((sum, row, p) => sum + row[j] + pe[p * 2 + j], 0) / 3));
  assert.throws(() => textEmbedding(tokenizer, m, 'a', { pooling: 'sum' }), isError('invalid_argument', /textEmbedding: pooling must be one of mean, max, first, got sum/));
  assert.throws(() => textEmbedding(m, tokenizer, 'a'), isError('invalid_argument', /textEmbedding: expected a tokvec Tokenizer, got object/));
  const small = await Embeddings.fromArray([1, 0, 0, 1], 2);
  assert.throws(() => textEmbedding(tokenizer, small, 'a c'), isError('out_of_range', /lookup: ids\[1\] = 2 is out of range \(rows 2\)/));
  small.dispose();
  m.dispose();
  tokenizer.dispose();
});

test('dispose is safe twice; use after dispose throws disposed', async () => {
  const m = await handMade();
  m.dispose();
  m.dispose();
  m[Symbol.dispose]();
  for (const use of [() => m.rows, () => m.words, () => m.vector('a'), () => m.mostSimilar('a'), () => m.lookup([0]), () => m.quantize()]) {
    assert.throws(use, isError('disposed', /^Embeddings\.\w+: these embeddings have been disposed$/));
  }
});

test('the wasm heap is flat over 1,000 load/search/dispose cycles, and after failing calls', async () => {
  const core = await init();
  const glove = 'sea 1 0 0.5\nocean 0.9 0.1 0.4\ntea 0 1 0\nlion -1 0.2 0\n';
  const cycle = async (i) => {
    const m = i % 2 ? await Embeddings.fromText(glove) : await Embeddings.fromArray(f32([1, 0, 0, 1, 1, 1]), 2, { words: ['x', 'y', 'z'] });
    if (i % 2) {
      m.mostSimilar('sea', { topN: 2 });
      m.mostSimilarCosmul({ positive: ['sea', 'tea'], negative: ['lion'] });
      m.project(['sea', 'ocean', 'tea']);
      if (i % 4 === 1) m.quantize();
    } else {
      m.mostSimilar(f32([1, 1]));
      m.lookup([0, 1, 2, 2]);
    }
    void m.words;
    m.dispose();
  };
  const tokenizer = await Tokenizer.wordLevel({ vocab: ['x', 'y'] });
  const oneRow = safetensors({ t: { dtype: 'F32', shape: [1, 2], values: f32([1, 2]) } });
  const fail = async (m) => {
    assert.throws(() => m.vector('zebra'), TokvecError);
    assert.throws(() => m.mostSimilar(f32([1])), TokvecError);
    await assert.rejects(Embeddings.fromText('a 1 2\nb 1\n'), TokvecError);
    await assert.rejects(Embeddings.fromNpy(new Uint8Array(20)), TokvecError);
    // Failures after the matrix exists: labels that do not fit, a progress callback that throws.
    await assert.rejects(Embeddings.fromSafetensors(oneRow, { tokenizer }), TokvecError);
    await assert.rejects(Embeddings.fromArray([1, 2], 1, { words: ['a'] }), TokvecError);
    await assert.rejects(Embeddings.fromText('a 1\n', { onProgress: (p) => { if (p.loaded === p.total) throw new Error('late'); } }), /late/);
  };
  const keep = await Embeddings.fromText(glove);
  for (let i = 0; i < 4; i++) await cycle(i);  // scratch buffer and error statics exist before the baseline
  await fail(keep);
  const baseline = core.module.heapInUse();
  for (let i = 0; i < 1000; i++) await cycle(i);
  assert.equal(core.module.heapInUse(), baseline);
  for (let i = 0; i < 200; i++) await fail(keep);
  assert.equal(core.module.heapInUse(), baseline);
  assert.equal(keep.mostSimilar('sea', { topN: 1 })[0].word, 'ocean');
  keep.dispose();
  tokenizer.dispose();
});
