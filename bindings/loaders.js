// loadTokenizer and loadEmbeddings: one call from a file, a URL, a Response or bytes to a handle.
// The format is told from the content (the first bytes), never from the file name alone, and the
// matching factory does the parsing. Nothing is fetched unless the source is a URL: in Node a
// string that is not an absolute URL is a file path, read with fs; in a browser it is a URL
// relative to the page.
import { TokvecError, describe, expectOptions, isNode, nodeImport, readStream } from './core.js';
import { Tokenizer } from './tokenizer.js';
import { Embeddings } from './embeddings.js';

// tiktoken's encodings by how many ranks their .tiktoken file holds (gpt2 has r50k_base's file).
const encodingByRanks = new Map([[50256, 'r50k_base'], [50280, 'p50k_base'], [100256, 'cl100k_base'], [199998, 'o200k_base']]);
const peekBytes = 65536;

/**
 * Opens `source` as a stream of byte chunks: { total, chunks (an async iterator), name }. `name`
 * is the URL or path, for messages.
 */
async function open(source, where) {
  if (source instanceof ArrayBuffer) source = new Uint8Array(source);
  if (ArrayBuffer.isView(source)) {
    const bytes = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    return { total: bytes.length, chunks: (async function* () { yield bytes; })(), name: `${bytes.length} bytes` };
  }
  // Strings and URLs before Response: in Node the first touch of that global loads undici (~35 ms).
  if (typeof source !== 'string' && !(source instanceof URL)) {
    if (typeof Response !== 'undefined' && source instanceof Response) return openResponse(source, where, source.url || 'a Response');
    if (typeof Blob === 'function' && source instanceof Blob) return { total: source.size, chunks: readStream(source.stream()), name: 'a Blob' };
    throw new TokvecError('invalid_argument', `${where}: expected a URL, a path, a Response, a Blob or bytes, got ${describe(source)}`);
  }
  const isUrl = source instanceof URL || /^[a-z][a-z0-9+.-]+:/i.test(source);
  if (isNode && (!isUrl || String(source).startsWith('file:'))) {
    const fs = await nodeImport('node:fs');
    const name = String(source);
    if (typeof source === 'string' && isUrl) source = new URL(source);
    let total;
    try {
      total = (await fs.promises.stat(source)).size;
    } catch (err) {
      throw new TokvecError('invalid_argument', `${where}: cannot read "${name}": ${err.message}`);
    }
    return { total, chunks: fs.createReadStream(source)[Symbol.asyncIterator](), name };
  }
  const url = new URL(source, globalThis.location?.href);
  let response;
  try {
    response = await fetch(url);
  } catch (err) {
    throw new TokvecError('invalid_argument', `${where}: cannot fetch ${url.href}: ${err.message}`);
  }
  return openResponse(response, where, url.href);
}

function openResponse(response, where, name) {
  if (!response.ok) throw new TokvecError('invalid_argument', `${where}: fetching ${name} failed: HTTP ${response.status}`);
  if (response.bodyUsed || !response.body) throw new TokvecError('invalid_argument', `${where}: ${name} has no body to read (already read?)`);
  // Content-Length counts encoded bytes; with a content encoding it is not the body's size.
  const length = Number(response.headers.get('content-length'));
  const total = response.headers.get('content-encoding') || !(length >= 0) ? undefined : length;
  return { total, chunks: readStream(response.body), name };
}

// Reads the first `peekBytes` (or all, if less) and returns them with a stream of the whole input.
async function peek(input) {
  const head = [];
  let size = 0;
  let ended = false;
  while (size < peekBytes) {
    const next = await input.chunks.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    size += next.value.byteLength;
  }
  const first = concat(head, size);
  async function* all() {
    yield* head;
    if (!ended) {
      for (let next = await input.chunks.next(); !next.done; next = await input.chunks.next()) yield next.value;
    }
  }
  return { first, stream: all() };
}

function concat(parts, size) {
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
    at += p.byteLength;
  }
  return out;
}

// The whole input, reporting { loaded, total } after each chunk and once at the end.
async function readAll(stream, total, onProgress) {
  const parts = [];
  let size = 0;
  for await (const chunk of stream) {
    parts.push(chunk);
    size += chunk.byteLength;
    onProgress?.({ loaded: size, total });
  }
  onProgress?.({ loaded: size, total: size });
  return concat(parts, size);
}

const latin1 = new TextDecoder('latin1');
const firstLine = (bytes) => {
  const end = bytes.indexOf(10);
  return latin1.decode(end < 0 ? bytes : bytes.subarray(0, end)).replace(/\r$/, '');
};
const firstNonSpace = (bytes) => bytes.find((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0xef && b !== 0xbb && b !== 0xbf);
// Text has no control bytes but tab, CR and LF.
const looksBinary = (bytes) => bytes.some((b) => b < 0x09 || (b > 0x0d && b < 0x20));

/** 'json' | 'tiktoken' | 'sentencepiece' | 'vocab' for the first bytes of a tokenizer file. */
function tokenizerFormat(head) {
  if (head.length === 0) return null;
  if (firstNonSpace(head) === 0x7b) return 'json';
  if (/^[A-Za-z0-9+/]+=* \d+$/.test(firstLine(head))) return 'tiktoken';
  // A SentencePiece ModelProto starts with its first piece: field 1, length-delimited (0x0a).
  if (head[0] === 0x0a && looksBinary(head.subarray(0, 256))) return 'sentencepiece';
  if (!looksBinary(head)) return 'vocab';
  return null;
}

/**
 * A tokenizer from a HuggingFace tokenizer.json, a tiktoken .tiktoken rank file (the encoding is
 * `options.encoding`, else told by the number of ranks), a BERT vocab.txt (WordPiece with BERT's
 * pipeline; `options.wordPiece` as for Tokenizer.fromWordPieceVocab) or a SentencePiece .model.
 */
export async function loadTokenizer(source, options) {
  const where = 'loadTokenizer';
  const o = expectOptions(options, where, ['onProgress', 'encoding', 'wordPiece']);
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') {
    throw new TokvecError('invalid_argument', `${where}: onProgress must be a function, got ${describe(o.onProgress)}`);
  }
  const input = await open(source, where);
  const bytes = await readAll({ [Symbol.asyncIterator]: () => input.chunks }, input.total, o.onProgress);
  const format = tokenizerFormat(bytes.subarray(0, peekBytes));
  if (o.encoding !== undefined && format !== 'tiktoken') {
    throw new TokvecError('invalid_argument', `${where}: encoding "${String(o.encoding)}" needs a .tiktoken rank file, but ${input.name} is ${format ?? 'not a tokenizer file'}`);
  }
  if (o.wordPiece !== undefined && format !== 'vocab') {
    throw new TokvecError('invalid_argument', `${where}: wordPiece options need a vocab.txt, but ${input.name} is ${format ?? 'not a tokenizer file'}`);
  }
  switch (format) {
    case 'json':
      return Tokenizer.fromJSON(bytes);
    case 'tiktoken': {
      let name = o.encoding;
      if (name === undefined) {
        let ranks = 0;
        for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) ranks++;
        if (bytes.length > 0 && bytes[bytes.length - 1] !== 10) ranks++;
        name = encodingByRanks.get(ranks);
        if (name === undefined) {
          throw new TokvecError('invalid_argument', `${where}: ${input.name} holds ${ranks} ranks, which is none of tiktoken's encodings (${[...encodingByRanks].map(([n, e]) => `${e} ${n}`).join(', ')}); pass { encoding }, or use Tokenizer.fromTiktoken with a pattern`);
        }
      }
      return Tokenizer.fromEncoding(name, bytes);
    }
    case 'sentencepiece':
      return Tokenizer.fromSentencePiece(bytes);
    case 'vocab':
      return Tokenizer.fromWordPieceVocab(bytes, o.wordPiece);
    default:
      throw new TokvecError('parse_error', `${where}: ${input.name} is ${bytes.length === 0 ? 'empty' : 'not a tokenizer.json, .tiktoken, vocab.txt or SentencePiece .model'}`);
  }
}

/**
 * 'npy' | 'safetensors' | 'wink' | 'word2vecBinary' | 'text' for the first bytes of a vectors
 * file; 'text' is GloVe, word2vec text or fastText .vec, which Embeddings.fromText tells apart.
 */
function embeddingsFormat(head) {
  if (head.length >= 6 && head[0] === 0x93 && latin1.decode(head.subarray(1, 6)) === 'NUMPY') return 'npy';
  // safetensors: an 8-byte little-endian header size, then the JSON header.
  if (head.length >= 9 && head[8] === 0x7b && head[6] === 0 && head[7] === 0) return 'safetensors';
  if (firstNonSpace(head) === 0x7b) return 'wink';
  const header = /^\s*(\d+)\s+(\d+)\s*$/.exec(firstLine(head));
  if (header) {
    // word2vec binary: after the header, a word, a space, then dim raw little-endian floats.
    const rowStart = head.indexOf(10) + 1;
    const space = head.indexOf(0x20, rowStart);
    if (space > 0) {
      const values = head.subarray(space + 1, space + 1 + 4 * Number(header[2]));
      if (values.some((b) => !/[0-9eE.+\-\s]/.test(String.fromCharCode(b)))) return 'word2vecBinary';
    }
    return 'text';
  }
  if (head.length > 0 && !looksBinary(head)) return 'text';
  return null;
}

const embeddingsOptions = {
  npy: ['words'],
  safetensors: ['words', 'tensor', 'tokenizer'],
  wink: [],
  word2vecBinary: [],
  text: [],
};

/**
 * Vectors from a GloVe text file, word2vec text or binary, fastText .vec, safetensors, NumPy .npy
 * or wink JSON, told apart by their first bytes. Streams: large files are parsed as they arrive,
 * and `onProgress` reports bytes parsed. `words` (npy, safetensors), `tensor` and `tokenizer`
 * (safetensors) are passed on to the format's factory.
 */
export async function loadEmbeddings(source, options) {
  const where = 'loadEmbeddings';
  const o = expectOptions(options, where, ['onProgress', 'words', 'tensor', 'tokenizer']);
  const input = await open(source, where);
  const { first, stream } = await peek(input);
  const format = embeddingsFormat(first);
  if (format === null) {
    await stream.return?.();
    throw new TokvecError('parse_error', `${where}: ${input.name} is ${first.length === 0 ? 'empty' : 'not a GloVe, word2vec, fastText, safetensors, .npy or wink vectors file'}`);
  }
  const passed = { total: input.total };
  if (o.onProgress !== undefined) passed.onProgress = o.onProgress;
  for (const key of ['words', 'tensor', 'tokenizer']) {
    if (o[key] === undefined) continue;
    if (!embeddingsOptions[format].includes(key)) {
      await stream.return?.();
      throw new TokvecError('invalid_argument', `${where}: option "${key}" does not apply to ${input.name}, which is ${format === 'text' ? 'GloVe / word2vec text' : format}`);
    }
    passed[key] = o[key];
  }
  if (passed.total === undefined) delete passed.total;
  const body = { [Symbol.asyncIterator]: () => stream };
  switch (format) {
    case 'npy': return Embeddings.fromNpy(body, passed);
    case 'safetensors': return Embeddings.fromSafetensors(body, passed);
    case 'wink': return Embeddings.fromWink(body, passed);
    case 'word2vecBinary': return Embeddings.fromWord2VecBinary(body, passed);
    default: return Embeddings.fromText(body, passed);
  }
}
