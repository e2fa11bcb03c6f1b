// A Node worker thread that loads tokvec afresh with one way of passing init() its module
// (workerData.how: 'default', 'scalar', 'bytes', 'response', 'url', 'path'), tokenizes
// workerData.text with cl100k_base, and posts back { simd, ids } or { error }.
import { parentPort, workerData } from 'node:worker_threads';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { Tokenizer, init } from 'tokvec';

const { how, wasmPath, ranksPath, text } = workerData;
const options = {
  default: () => undefined,
  scalar: () => ({ simd: false }),
  bytes: async () => ({ wasm: await readFile(wasmPath) }),
  response: async () => ({ wasm: new Response(await readFile(wasmPath), { headers: { 'Content-Type': 'application/wasm' } }) }),
  url: () => ({ wasm: pathToFileURL(wasmPath) }),
  path: () => ({ wasm: wasmPath }),
};
try {
  const info = await init(await options[how]());
  const tokenizer = await Tokenizer.fromEncoding('cl100k_base', await readFile(ranksPath));
  parentPort.postMessage({ simd: info.simd, ids: Array.from(tokenizer.encode(text).ids) });
} catch (err) {
  parentPort.postMessage({ error: `${err.name}: ${err.message}` });
}
