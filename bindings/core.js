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

// Owns one growing scratch allocation for inputs. Heap views are re-read after every allocation,
// because growing wasm memory detaches the old ones.
export class Core {
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

  copyU32(ptr, count) {
    return new Uint32Array(this.module.HEAPU8.buffer, ptr, count).slice();
  }

  copyU8(ptr, count) {
    return this.module.HEAPU8.slice(ptr, ptr + count);
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

