// tokvec: tokens → vectors. The JavaScript face of the wasm core.
//
// Factories are async (they await the module once); methods are sync. Every handle owns wasm
// memory: call dispose() (or rely on `using`, or on the FinalizationRegistry as a last resort).
// Text crosses into wasm as UTF-8 written straight into a buffer this module owns; results come
// back as typed arrays the caller owns.
import createTokvecCore from '../dist/tokvec_core.mjs';

/** The one error type tokvec throws. `code` is stable: invalid_argument, out_of_range,
 *  parse_error, unsupported, limit_exceeded, disposed, internal. */
export class TokvecError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'TokvecError';
    this.code = code;
  }
}

const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';
const wasmUrl = new URL('../dist/tokvec_core.wasm', import.meta.url);

let corePromise = null;

/**
 * Loads the wasm module once. Optional: every factory calls it. `wasm` may be the module's bytes,
 * a URL (or string URL) to fetch it from, or a Response, for hosts where the default location
 * (next to this file) does not work.
 */
export function init({ wasm } = {}) {
  if (!corePromise) corePromise = loadCore(wasm);
  return corePromise;
}

async function loadCore(wasm) {
  const options = { TokvecError };
  if (wasm instanceof ArrayBuffer || ArrayBuffer.isView(wasm)) {
    options.wasmBinary = wasm;
  } else if (typeof Response !== 'undefined' && wasm instanceof Response) {
    options.wasmBinary = await wasm.arrayBuffer();
  } else if (wasm !== undefined) {
    options.locateFile = () => String(wasm);
  } else if (isNode) {
    // Emscripten 3.1.6 fetches file paths wrongly under Node 18+: hand it the bytes instead.
    const { readFile } = await import('node:fs/promises');
    options.wasmBinary = await readFile(wasmUrl);
  } else {
    options.locateFile = () => wasmUrl.href;
  }
  return new Core(await createTokvecCore(options));
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// Owns one growing scratch allocation for inputs. Heap views are re-read after every allocation,
// because growing wasm memory detaches the old ones.
class Core {
  constructor(module) {
    this.module = module;
    this.scratch = 0;
    this.scratchSize = 0;
  }

  reserve(bytes) {
    if (bytes > this.scratchSize) {
      if (this.scratch) this.module._free(this.scratch);
      this.scratchSize = Math.max(bytes, 2 * this.scratchSize, 4096);
      this.scratch = this.module._malloc(this.scratchSize);
      if (!this.scratch) {
        this.scratchSize = 0;
        throw new TokvecError('limit_exceeded', `out of memory: cannot allocate ${bytes} bytes of wasm memory`);
      }
    }
    return this.scratch;
  }

  // Writes strings (and optionally a Uint32Array) into scratch; returns their [ptr, byteLength] pairs.
  // Lone surrogates become U+FFFD, as TextEncoder (and the reference tokenizers) do; both take one
  // UTF-16 unit, so offsets still index the caller's string.
  writeStrings(strings) {
    let capacity = 0;
    for (const s of strings) capacity += 3 * s.length + 8;
    const base = this.reserve(capacity);
    const out = [];
    let at = base;
    for (const s of strings) {
      const { written } = encoder.encodeInto(s, this.module.HEAPU8.subarray(at, base + capacity));
      out.push([at, written]);
      at += written + ((8 - (written % 8)) % 8);
    }
    return out;
  }

  // [list, corpus]: both in scratch at once.
  writeVocabAndCorpus(vocab, corpus) {
    const listBytes = vocab.map((s) => encoder.encode(s));
    const listTotal = listBytes.reduce((n, p) => n + p.length, 0);
    const lengthsOffset = (listTotal + 3) & ~3;
    const corpusOffset = lengthsOffset + 4 * vocab.length;
    const base = this.reserve(corpusOffset + 3 * corpus.length + 8);
    const heap = this.module.HEAPU8;
    let at = base;
    for (const p of listBytes) {
      heap.set(p, at);
      at += p.length;
    }
    const lengths = new Uint32Array(heap.buffer, base + lengthsOffset, vocab.length);
    listBytes.forEach((p, i) => (lengths[i] = p.length));
    const { written } = encoder.encodeInto(corpus, heap.subarray(base + corpusOffset));
    return {
      vocab: { bytes: base, lengths: base + lengthsOffset, count: vocab.length },
      corpus: [base + corpusOffset, written],
    };
  }

  writeIds(ids) {
    const ptr = this.reserve(4 * ids.length + 4);
    new Uint32Array(this.module.HEAPU8.buffer, ptr, ids.length).set(ids);
    return ptr;
  }

  copyU32(ptr, count) {
    return new Uint32Array(this.module.HEAPU8.buffer, ptr, count).slice();
  }

  copyU8(ptr, count) {
    return this.module.HEAPU8.slice(ptr, ptr + count);
  }

  decodeUtf8(ptr, count) {
    return decoder.decode(this.module.HEAPU8.subarray(ptr, ptr + count));
  }
}

// Frees the wasm side of handles their owners forgot to dispose.
const registry =
  typeof FinalizationRegistry === 'function' ? new FinalizationRegistry((handle) => handle.delete()) : null;

const disposeSymbol = Symbol.dispose ?? Symbol.for('Symbol.dispose');

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

function expectString(value, where) {
  if (typeof value !== 'string') throw new TokvecError('invalid_argument', `${where}: expected a string, got ${describe(value)}`);
}

function expectOptions(options, where, allowed) {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TokvecError('invalid_argument', `${where}: options must be an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new TokvecError('invalid_argument', `${where}: unknown option "${key}" (expected one of ${allowed.join(', ')})`);
    }
  }
  return options;
}

function expectBoolean(value, where, fallback) {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TokvecError('invalid_argument', `${where}: expected a boolean, got ${describe(value)}`);
  return value;
}

function expectCount(value, where, fallback) {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new TokvecError('invalid_argument', `${where}: expected a whole number from 0 to 4294967295, got ${String(value)}`);
  }
  return value;
}

function expectStringList(value, where) {
  if (!Array.isArray(value)) throw new TokvecError('invalid_argument', `${where}: expected an array of strings, got ${describe(value)}`);
  value.forEach((s, i) => expectString(s, `${where}[${i}]`));
  return value;
}

function toIdArray(ids, where) {
  if (ids instanceof Uint32Array) return ids;
  if (!Array.isArray(ids) && !ArrayBuffer.isView(ids)) {
    throw new TokvecError('invalid_argument', `${where}: expected an array of token ids, got ${describe(ids)}`);
  }
  const out = new Uint32Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) {
      throw new TokvecError('invalid_argument', `${where}: ids[${i}] = ${String(id)} is not a token id`);
    }
    out[i] = id;
  }
  return out;
}

const vocabOptionNames = ['corpus', 'vocab', 'minFrequency', 'maxVocab'];

/** A tokenizer: text → token ids, token strings and offsets, and back. */
export class Tokenizer {
  #core;
  #handle;
  #tokenCache = [];
  #vocabSize;

  /** @internal Use the static factories. */
  constructor(core, handle) {
    this.#core = core;
    this.#handle = handle;
    this.#vocabSize = handle.vocabSize();
    registry?.register(this, handle, this);
  }

  /** Word-level: words and punctuation runs, built from `corpus` or given as `vocab`. */
  static async wordLevel(options) {
    const o = expectOptions(options, 'Tokenizer.wordLevel', [...vocabOptionNames, 'lowercase']);
    const core = await init();
    const { corpus, vocab, minFrequency, maxVocab } = vocabArguments(o, 'Tokenizer.wordLevel');
    const lowercase = expectBoolean(o.lowercase, 'Tokenizer.wordLevel: lowercase', false);
    const w = core.writeVocabAndCorpus(vocab, corpus);
    const handle = core.module.wordLevel(w.corpus[0], w.corpus[1], w.vocab.bytes, w.vocab.lengths, w.vocab.count,
      minFrequency, maxVocab, lowercase);
    return new Tokenizer(core, handle);
  }

  /** Character-level: one token per Unicode code point, built from `corpus` or given as `vocab`. */
  static async characterLevel(options) {
    const o = expectOptions(options, 'Tokenizer.characterLevel', vocabOptionNames);
    const core = await init();
    const { corpus, vocab, minFrequency, maxVocab } = vocabArguments(o, 'Tokenizer.characterLevel');
    const w = core.writeVocabAndCorpus(vocab, corpus);
    const handle = core.module.characterLevel(w.corpus[0], w.corpus[1], w.vocab.bytes, w.vocab.lengths, w.vocab.count,
      minFrequency, maxVocab);
    return new Tokenizer(core, handle);
  }

  /** Byte-level: 256 ids, one per UTF-8 byte; lossless for any text. */
  static async byteLevel() {
    const core = await init();
    return new Tokenizer(core, core.module.byteLevel());
  }

  #live(where) {
    if (!this.#handle) throw new TokvecError('disposed', `Tokenizer.${where}: this tokenizer has been disposed`);
    return this.#handle;
  }

  /** Number of ids in the vocabulary. */
  get vocabSize() {
    this.#live('vocabSize');
    return this.#vocabSize;
  }

  /**
   * Encodes text. Offsets are [start, end) pairs in UTF-16 code units of `text` (what
   * `text.slice` takes). Lone surrogates are read as U+FFFD, as TextEncoder does.
   */
  encode(text, options) {
    const handle = this.#live('encode');
    expectString(text, 'Tokenizer.encode: text');
    const o = expectOptions(options, 'Tokenizer.encode', ['addSpecialTokens']);
    const addSpecialTokens = expectBoolean(o.addSpecialTokens, 'Tokenizer.encode: addSpecialTokens', true);
    const core = this.#core;
    const [[ptr, len]] = core.writeStrings([text]);
    const n = handle.encode(ptr, len, addSpecialTokens);
    const ids = core.copyU32(handle.ids(), n);
    const offsets = core.copyU32(handle.offsets(), 2 * n);
    const specialTokensMask = core.copyU8(handle.specialTokensMask(), n);
    return { ids, tokens: this.#tokens(ids), offsets, specialTokensMask };
  }

  /** Decodes ids to text. An id outside the vocabulary throws (code out_of_range). */
  decode(ids, options) {
    const handle = this.#live('decode');
    const array = toIdArray(ids, 'Tokenizer.decode');
    const o = expectOptions(options, 'Tokenizer.decode', ['skipSpecialTokens']);
    const skip = expectBoolean(o.skipSpecialTokens, 'Tokenizer.decode: skipSpecialTokens', false);
    return handle.decode(this.#core.writeIds(array), array.length, skip);
  }

  /** The id of a token string, or undefined when the vocabulary lacks it. */
  tokenToId(token) {
    const handle = this.#live('tokenToId');
    expectString(token, 'Tokenizer.tokenToId: token');
    const [[ptr, len]] = this.#core.writeStrings([token]);
    const id = handle.tokenToId(ptr, len);
    return id < 0 ? undefined : id;
  }

  /** The token string of an id; throws (code out_of_range) outside the vocabulary. */
  idToToken(id) {
    this.#live('idToToken');
    if (!Number.isInteger(id)) throw new TokvecError('invalid_argument', `Tokenizer.idToToken: expected an integer id, got ${String(id)}`);
    if (id < 0 || id >= this.#vocabSize) {
      throw new TokvecError('out_of_range', `Tokenizer.idToToken: id ${id} is out of range (vocab size ${this.#vocabSize})`);
    }
    return this.#tokens([id])[0];
  }

  // Token strings for ids, fetched from wasm in one call for the ids not yet cached.
  #tokens(ids) {
    const cache = this.#tokenCache;
    const missing = [...new Set(Array.from(ids).filter((id) => cache[id] === undefined))];
    if (missing.length) {
      const core = this.#core;
      const total = this.#handle.tokenStrings(core.writeIds(missing), missing.length);
      const lengths = core.copyU32(this.#handle.lengths(), missing.length);
      const bytesPtr = this.#handle.strings();
      let at = 0;
      missing.forEach((id, i) => {
        cache[id] = core.decodeUtf8(bytesPtr + at, lengths[i]);
        at += lengths[i];
      });
      if (at !== total) throw new TokvecError('internal', 'internal error: token string lengths disagree');
    }
    return Array.from(ids, (id) => cache[id]);
  }

  /** Frees the wasm memory. Safe to call twice; any later use throws (code disposed). */
  dispose() {
    if (!this.#handle) return;
    registry?.unregister(this);
    this.#handle.delete();
    this.#handle = null;
    this.#tokenCache = [];
  }

  [disposeSymbol]() {
    this.dispose();
  }
}

function vocabArguments(o, where) {
  const hasCorpus = o.corpus !== undefined;
  const hasVocab = o.vocab !== undefined;
  if (hasCorpus === hasVocab) throw new TokvecError('invalid_argument', `${where}: give exactly one of corpus or vocab`);
  if (hasCorpus) expectString(o.corpus, `${where}: corpus`);
  const vocab = hasVocab ? expectStringList(o.vocab, `${where}: vocab`) : [];
  if (hasVocab && vocab.length === 0) throw new TokvecError('invalid_argument', `${where}: vocab must not be empty`);
  return {
    corpus: o.corpus ?? '',
    vocab,
    minFrequency: expectCount(o.minFrequency, `${where}: minFrequency`, 1),
    maxVocab: expectCount(o.maxVocab, `${where}: maxVocab`, 0),
  };
}
