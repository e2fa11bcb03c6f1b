// The wasm module, its loading, and what every handle shares: the error type, argument checks,
// the scratch buffer that carries text and arrays into wasm memory, and the registry that frees
// forgotten handles.
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

export const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';

/** One of Node's own modules ('node:fs/promises'), under Node only. The specifier is a parameter
 *  so that bundlers building for the browser leave the import alone. */
export function nodeImport(specifier) {
  return import(/* @vite-ignore */ specifier);
}
// Next to the package's JS, written as `new URL(literal, import.meta.url)` so bundlers emit both
// files as assets.
const simdWasmUrl = new URL('../dist/tokvec_core.wasm', import.meta.url);
const scalarWasmUrl = new URL('../dist/tokvec_core_nosimd.wasm', import.meta.url);
const simdTrainUrl = new URL('../dist/tokvec_train.wasm', import.meta.url);
const scalarTrainUrl = new URL('../dist/tokvec_train_nosimd.wasm', import.meta.url);

// The smallest module using a SIMD instruction that engines added late (i8x16.popcnt of a splat,
// as wasm-feature-detect tests it): an engine validates it only if it runs the final SIMD spec.
const simdProbe = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

function simdSupported() {
  try {
    return WebAssembly.validate(simdProbe);
  } catch {
    return false;
  }
}

let corePromise = null;
let firstOptions = null;
let trainPromise = null;
let loadedModule = null;

// core/limits.h's defaults; setLimits changes them here and in the module (now, or when it loads).
const limits = { maxInputBytes: 64 * 2 ** 20, maxVocabSize: 4 * 2 ** 20, maxMatrixBytes: 3 * 2 ** 30 };
const limitNames = Object.keys(limits);

/** The resource limits in force: { maxInputBytes, maxVocabSize, maxMatrixBytes }. */
export function getLimits() {
  return { ...limits };
}

/**
 * Changes some of the resource limits (see index.d.ts for what each caps and its default).
 * Exceeding a limit throws a TokvecError with code 'limit_exceeded' naming it.
 */
export function setLimits(options) {
  const o = expectOptions(options, 'setLimits', limitNames);
  for (const name of limitNames) {
    const value = o[name];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new TokvecError('invalid_argument', `setLimits: ${name} must be a whole number from 1 to 2^53 - 1, got ${String(value)}`);
    }
  }
  Object.assign(limits, Object.fromEntries(limitNames.filter((n) => o[n] !== undefined).map((n) => [n, o[n]])));
  if (loadedModule) loadedModule.setLimits(limits.maxInputBytes, limits.maxVocabSize, limits.maxMatrixBytes);
  return getLimits();
}

// Refuses text that is surely over maxInputBytes before it is copied into wasm memory: a string
// has at least as many UTF-8 bytes as UTF-16 units. The core checks the exact byte count.
export function checkInputLength(text, where) {
  if (text.length > limits.maxInputBytes) {
    throw new TokvecError('limit_exceeded', `${where}: the text has ${text.length} UTF-16 units, so more UTF-8 bytes than maxInputBytes (${limits.maxInputBytes}); raise it with setLimits`);
  }
}

/**
 * Loads the wasm module once. Optional: every factory calls it. `wasm` may be the module's bytes,
 * a URL (or string URL; in Node also a file path) to fetch it from, or a Response, for hosts where
 * the default location (next to this file) does not work; `trainWasm` the same for the training
 * module, which is loaded on the first train call only. Without them, the SIMD builds are used
 * where the engine validates SIMD, else the scalar ones; `simd: false` forces the scalar builds.
 * Options count on the first call only: a later call with other options throws.
 */
export function init(options) {
  let o, simd;
  try {
    o = expectOptions(options, 'init', ['wasm', 'trainWasm', 'simd']);
    simd = expectBoolean(o.simd, 'init: simd', true);
    for (const name of ['wasm', 'trainWasm']) {
      if (o[name] !== undefined && !isWasmSource(o[name])) {
        throw new TokvecError('invalid_argument', `init: ${name}: expected bytes, a URL or a Response, got ${describe(o[name])}`);
      }
    }
    if (corePromise && options !== undefined &&
        (o.wasm !== firstOptions.wasm || o.trainWasm !== firstOptions.trainWasm || o.simd !== firstOptions.simd)) {
      throw new TokvecError('invalid_argument', 'init: the wasm module is already loaded; options apply to the first call only');
    }
  } catch (err) {
    return Promise.reject(err);
  }
  if (corePromise) return corePromise;
  firstOptions = o;
  corePromise = loadCore(o.wasm, simd && simdSupported()).catch((err) => {
    corePromise = null;
    throw err;
  });
  return corePromise;
}

function isWasmSource(value) {
  return value instanceof ArrayBuffer || ArrayBuffer.isView(value) || value instanceof URL || typeof value === 'string' ||
    (typeof Response !== 'undefined' && value instanceof Response);
}

async function loadCore(wasm, simd) {
  const emscriptenModule = await instantiate(createTokvecCore, wasm ?? (simd ? simdWasmUrl : scalarWasmUrl), 'the wasm module');
  emscriptenModule.setLimits(limits.maxInputBytes, limits.maxVocabSize, limits.maxMatrixBytes);
  loadedModule = emscriptenModule;
  return new Core(emscriptenModule, wasm === undefined ? simd : null);
}

/**
 * The training module (tokenizer trainers and word2vec, dist/tokvec_train.wasm), as a Core of its
 * own: loaded on the first call, after the core, with the SIMD choice init made. Training results
 * cross to the core as data (tokenizer.json text, vectors and words).
 */
export function initTraining() {
  if (trainPromise) return trainPromise;
  trainPromise = init().then(async () => {
    const simd = expectBoolean(firstOptions.simd, 'init: simd', true) && simdSupported();
    const source = firstOptions.trainWasm ?? (simd ? simdTrainUrl : scalarTrainUrl);
    const { default: createTokvecTrain } = await import('../dist/tokvec_train.mjs');
    return new Core(await instantiate(createTokvecTrain, source, 'the training module'), firstOptions.trainWasm === undefined ? simd : null);
  }).catch((err) => {
    trainPromise = null;
    throw err;
  });
  return trainPromise;
}

async function instantiate(factory, source, what) {
  const module = await compileCore(source, what);
  // The glue instantiates through this hook, so the module compiled above (streamed where the
  // host allows) is the one it runs; an instantiation error rejects init.
  let failed;
  const instantiateFailed = new Promise((_, reject) => { failed = reject; });
  const options = {
    TokvecError,
    locateFile: (name) => name,
    instantiateWasm(imports, receive) {
      WebAssembly.instantiate(module, imports).then((instance) => receive(instance, module), failed);
      return {};
    },
  };
  return Promise.race([factory(options), instantiateFailed]);
}

async function compileCore(source, what) {
  try {
    if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return await WebAssembly.compile(source);
    // Strings and URLs first: in Node the first touch of the Response global loads undici (~35 ms).
    if (!(source instanceof URL) && typeof source !== 'string') return await compileResponse(source);
    const url = await resolveUrl(source);
    if (url.protocol === 'file:' && isNode) {
      const { readFile } = await nodeImport('node:fs/promises');
      return await WebAssembly.compile(await readFile(url));
    }
    return await compileResponse(await fetch(url));
  } catch (err) {
    if (err instanceof TokvecError) throw err;
    throw new TokvecError('invalid_argument', `init: cannot load ${what} from ${describeSource(source)}: ${err.message}`);
  }
}

// A string is a URL; in Node one that does not parse as an absolute URL is a file path.
async function resolveUrl(source) {
  if (source instanceof URL) return source;
  if (isNode && !/^[a-z][a-z0-9+.-]+:/i.test(source)) {
    const { pathToFileURL } = await nodeImport('node:url');
    return pathToFileURL(source);
  }
  return new URL(source, globalThis.location?.href);
}

// Streams the compile where the host can (it needs the application/wasm content type).
async function compileResponse(response) {
  if (!response.ok) throw new TokvecError('invalid_argument', `init: fetching ${response.url || 'the wasm module'} failed: HTTP ${response.status}`);
  const type = response.headers.get('content-type') ?? '';
  if (typeof WebAssembly.compileStreaming === 'function' && type.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

function describeSource(source) {
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return `${source.byteLength} bytes`;
  if (source instanceof URL || typeof source === 'string') return `"${String(source)}"`;
  return `a Response (${source.url || 'no URL'})`;
}

const encoder = new TextEncoder();
// ignoreBOM: text that starts with U+FEFF keeps it (a default TextDecoder drops it), so a token or
// word that is U+FEFF (Llama 2 has one) never decodes to ''.
export const textDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

// The UTF-8 length of a string as TextEncoder encodes it: a lone surrogate becomes U+FFFD, 3 bytes.
function utf8Length(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * A list of strings as one UTF-8 buffer and each one's byte length, for passing into wasm. The
 * list is encoded in one TextEncoder call: a call per string costs microseconds each, 200 ms of
 * frozen page for 50,000 words in Chromium. Joining could pair one string's trailing lone high
 * surrogate with the next one's low surrogate; then the total differs and each is encoded alone.
 */
export function encodeList(list) {
  const lengths = new Uint32Array(list.length);
  let total = 0;
  list.forEach((s, i) => {
    lengths[i] = utf8Length(s);
    total += lengths[i];
  });
  const joined = encoder.encode(list.join(''));
  if (joined.length === total) return { bytes: joined, lengths };
  const parts = list.map((s) => encoder.encode(s));
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  parts.forEach((p, i) => {
    bytes.set(p, at);
    at += p.length;
    lengths[i] = p.length;
  });
  return { bytes, lengths };
}

/**
 * The chunks of a ReadableStream, as they arrive. A consumer that stops early cancels the stream,
 * so an abandoned download or Blob read does not keep going.
 */
export async function* readStream(stream) {
  const reader = stream.getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

// Owns one growing scratch allocation for inputs. Heap views are re-read after every allocation,
// because growing wasm memory detaches the old ones.
export class Core {
  constructor(module, simd) {
    this.module = module;
    /** true: the SIMD build; false: the scalar build; null: a module the caller supplied. */
    this.simd = simd;
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

  // Writes parts — strings (as UTF-8), Uint8Arrays and Uint32Arrays — into scratch, each 8-byte
  // aligned, and returns [pointer, length] per part: bytes for strings and Uint8Arrays, elements
  // for Uint32Arrays. Lone surrogates become U+FFFD, as TextEncoder (and the reference tokenizers)
  // read them; both take one UTF-16 unit, so offsets still index the caller's string.
  write(...parts) {
    const size = (p) => (typeof p === 'string' ? 3 * p.length : p.byteLength);
    const capacity = parts.reduce((n, p) => n + size(p) + 8, 0);
    const base = this.reserve(capacity);
    const heap = this.module.HEAPU8;
    const out = [];
    let at = base;
    for (const p of parts) {
      let length;
      if (typeof p === 'string') {
        length = encoder.encodeInto(p, heap.subarray(at, at + size(p))).written;
      } else {
        heap.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
        length = p instanceof Uint32Array ? p.length : p.byteLength;
      }
      out.push([at, length]);
      at += (size(p) + 7) & ~7;
    }
    return out;
  }

  // One copy out of the heap's own Uint32Array view (ptr is 4-byte aligned: a vector's data),
  // without a view of its own for each call.
  copyU32(ptr, count) {
    return this.module.HEAPU32.slice(ptr >>> 2, (ptr >>> 2) + count);
  }

  copyU8(ptr, count) {
    return this.module.HEAPU8.slice(ptr, ptr + count);
  }

  /** The UTF-8 text of wasm memory [ptr, ptr + count) as a string. */
  readText(ptr, count) {
    return textDecoder.decode(this.module.HEAPU8.subarray(ptr, ptr + count));
  }
}

// Frees the wasm side of handles their owners forgot to dispose.
export const registry =
  typeof FinalizationRegistry === 'function' ? new FinalizationRegistry((handle) => handle.delete()) : null;

export const disposeSymbol = Symbol.dispose ?? Symbol.for('Symbol.dispose');

export function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

export function expectString(value, where) {
  if (typeof value !== 'string') throw new TokvecError('invalid_argument', `${where}: expected a string, got ${describe(value)}`);
}

export function expectOptions(options, where, allowed) {
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

export function expectBoolean(value, where, fallback) {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TokvecError('invalid_argument', `${where}: expected a boolean, got ${describe(value)}`);
  return value;
}

export function expectCount(value, where, fallback) {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new TokvecError('invalid_argument', `${where}: expected a whole number from 0 to 4294967295, got ${String(value)}`);
  }
  return value;
}

export function expectStringList(value, where) {
  if (!Array.isArray(value)) throw new TokvecError('invalid_argument', `${where}: expected an array of strings, got ${describe(value)}`);
  value.forEach((s, i) => expectString(s, `${where}[${i}]`));
  return value;
}

export function toIdArray(ids, where) {
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

