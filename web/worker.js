// The demo's Web Worker: it holds the package's objects (tokenizers, embeddings, decode streams),
// so parsing big files and long computations never freeze the page. web/remote.js is the page's
// side. Import maps do not reach workers, so the package is imported by its path.
//
// Messages in: { id, op: 'create', factory: 'Tokenizer.fromJSON' | 'loadTokenizer' | …, args }
//              { id, op: 'call', handle, method, args }   { id, op: 'dispose', handle }
//              { op: 'abort', handle: a request's id }
// Messages out: { id, result } | { id, error: { message, code } } | { id, progress }
// In args (and one level into option objects) these stand for what the worker makes of them:
//   { $fetch: url } the file's bytes; { $lines: url } its lines; { $sentences: { url | text, split } }
//   its lines as arrays of lowercased words, or with split 'spaces' of space-separated tokens
//   (for word2vec: playlists of package names); { $stream: url } its body as a
//   stream, { $length: url } that response's Content-Length; { $handle: n } an object held here;
//   '$progress' in onProgress a function that posts progress to the page; '$signal' in signal an
//   AbortSignal that { op: 'abort', handle: the request's id } aborts.
import { Embeddings, Tokenizer, Word2Vec, loadEmbeddings, loadTokenizer } from '../bindings/tokvec.js';

const classes = { Tokenizer, Embeddings, Word2Vec };
const functions = { loadTokenizer, loadEmbeddings };
const objects = new Map();
let nextHandle = 1;

// What the page may read without asking again, with the handle that names the object.
function summary(object) {
  const handle = nextHandle++;
  objects.set(handle, object);
  if (object instanceof Tokenizer) return { handle, vocabSize: object.vocabSize, specialTokens: object.specialTokens };
  if (object instanceof Embeddings) {
    return { handle, rows: object.rows, dim: object.dim, storage: object.storage, bytes: object.bytes, hasWords: object.indexOf('') >= 0 || object.words !== null };
  }
  return { handle };
}

async function fetchOk(url) {
  const response = await fetch(url);
  // The files are made by the build (scripts/build_demo_data.mjs), which npm start runs.
  if (!response.ok) throw new Error(`could not load ${new URL(url).pathname} (${response.status}); npm start builds it`);
  return response;
}

// The word2vec view's words: lowercase runs of letters, digits and apostrophes.
const words = (line) => line.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];

// Only plain objects hold placeholders; bytes, arrays and Files pass as they are.
const isPlain = (value) => value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;

// Request id → its AbortController, from the request's arrival (an abort may come while its
// arguments are still being fetched) until its answer.
const controllers = new Map();

async function resolve(value, id, lengths) {
  // A word2vec snapshot's vectors are the receiver's copy: moved to the page, not copied again.
  if (value === '$progress') return (progress) => postMessage({ id, progress }, progress?.snapshot ? [progress.snapshot.vectors.buffer] : []);
  if (value === '$signal') return controllers.get(id).signal;
  if (!isPlain(value)) return value;
  if ('$fetch' in value) return new Uint8Array(await (await fetchOk(value.$fetch)).arrayBuffer());
  if ('$stream' in value) {
    const response = await fetchOk(value.$stream);
    lengths.set(value.$stream, Number(response.headers.get('Content-Length')) || undefined);
    return response.body;
  }
  if ('$length' in value) return lengths.get(value.$length);
  if ('$sentences' in value) {
    const { url, text, split } = value.$sentences;
    const all = url ? await (await fetchOk(url)).text() : text;
    const tokens = split === 'spaces' ? (line) => line.split(/\s+/).filter(Boolean) : words;
    return all.split('\n').map(tokens).filter((sentence) => sentence.length > 0);
  }
  if ('$lines' in value) {
    const lines = (await (await fetchOk(value.$lines)).text()).split('\n');
    if (lines.at(-1) === '') lines.pop();
    return lines;
  }
  if ('$handle' in value) return objects.get(value.$handle);
  return value;
}

// Arguments are resolved in order, so a $length follows the $stream it measures.
async function resolveArgs(args, id) {
  const lengths = new Map();
  const out = [];
  for (const arg of args) {
    const value = await resolve(arg, id, lengths);
    if (value === arg && isPlain(value)) {
      const options = {};
      for (const [key, v] of Object.entries(value)) options[key] = await resolve(v, id, lengths);
      out.push(options);
    } else {
      out.push(value);
    }
  }
  return out;
}

async function handle({ id, op, factory, handle: target, method, args = [] }) {
  const resolved = await resolveArgs(args, id);
  if (op === 'create') {
    if (Object.hasOwn(functions, factory)) return summary(await functions[factory](...resolved));
    const [className, name] = factory.split('.');
    if (!Object.hasOwn(classes, className) || typeof classes[className][name] !== 'function') throw new Error(`worker: no factory ${factory}`);
    return summary(await classes[className][name](...resolved));
  }
  const object = objects.get(target);
  if (!object) throw new Error(`worker: no object ${target}`);
  if (op === 'dispose') {
    object.dispose();
    objects.delete(target);
    return undefined;
  }
  if (op === 'call') {
    if (typeof object[method] !== 'function') throw new Error(`worker: no method ${method}`);
    const result = object[method](...resolved);
    // A decode stream stays here; the page gets its handle.
    return result && typeof result.dispose === 'function' ? summary(result) : result;
  }
  if (op === 'get') return object[method];
  throw new Error(`worker: unknown op ${op}`);
}

onmessage = async ({ data }) => {
  if (data.op === 'abort') {
    controllers.get(data.handle)?.abort();
    return;
  }
  controllers.set(data.id, new AbortController());
  try {
    postMessage({ id: data.id, result: await handle(data) });
  } catch (err) {
    postMessage({ id: data.id, error: { message: err.message, code: err.code, name: err.name } });
  } finally {
    controllers.delete(data.id);
  }
};
