// A Node worker thread that loads tokvec afresh with one way of passing init() its module
// (workerData.how: 'default', 'scalar', 'bytes', 'response', 'url', 'path'; 'trainBytes' and
// 'trainPath' pass the training module as trainWasm instead), tokenizes workerData.text with
// cl100k_base, and posts back { simd, ids } or { error }. With workerData.trainTexts it also trains
// a BPE tokenizer on them and posts the ids it gives the text as trainedIds.
import { parentPort, workerData } from 'node:worker_threads';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { Tokenizer, init } from 'tokvec';

const { how, wasmPath, trainWasmPath, ranksPath, text, trainTexts } = workerData;
const options = {
  default: () => undefined,
  scalar: () => ({ simd: false }),
  bytes: async () => ({ wasm: await readFile(wasmPath) }),
  response: async () => ({ wasm: new Response(await readFile(wasmPath), { headers: { 'Content-Type': 'application/wasm' } }) }),
  url: () => ({ wasm: pathToFileURL(wasmPath) }),
  path: () => ({ wasm: wasmPath }),
  trainBytes: async () => ({ trainWasm: await readFile(trainWasmPath) }),
  trainPath: () => ({ trainWasm: trainWasmPath }),
  trainMissing: () => ({ trainWasm: trainWasmPath.replace(/[^/\\]+$/, 'no_such_train.wasm') }),
};
try {
  const info = await init(await options[how]());
  const tokenizer = await Tokenizer.fromEncoding('cl100k_base', await readFile(ranksPath));
  const result = { simd: info.simd, ids: Array.from(tokenizer.encode(text).ids) };
  if (trainTexts) {
    const trained = await Tokenizer.train(trainTexts, { vocabSize: 300 });
    result.trainedIds = Array.from(trained.encode(text).ids);
  }
  parentPort.postMessage(result);
} catch (err) {
  parentPort.postMessage({ error: `${err.name}: ${err.message}` });
}
