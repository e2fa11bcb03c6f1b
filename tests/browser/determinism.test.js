// Determinism (issue 9): the SIMD and the scalar wasm builds give the same token ids, offsets,
// search results and float bits, in Node and in Chromium — one fingerprint (tests/helpers/
// fingerprint.js) over real text (50 KB of each parity corpus) and the demo's real data
// (cl100k_base, Llama 3 and Mistral tokenizers, 50,000 GloVe vectors). Also: where the engine
// does not validate SIMD, init() picks the scalar build by itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';

import { CORPUS_NAMES, ensureCorpora, loadCorpus } from '../helpers/corpora.js';
import { root } from '../helpers/references.js';
import { launchChromium, startStatic, watchedPage } from '../helpers/browser.js';

const data = `${root}/web/data`;
const queries = ['king', 'man', 'woman', 'paris', 'france', 'london', 'sea', 'computer', 'river', 'music', 'good', 'run'];
let texts, server, origin, browser;
const problems = [];

before(async () => {
  ensureCorpora();
  texts = CORPUS_NAMES.flatMap((name) => loadCorpus(name, { maxBytes: 50_000 }));
  ({ server, origin } = await startStatic({
    pages: { '/': '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>determinism</title>' },
    dirs: { '/bindings/': `${root}/bindings`, '/dist/': `${root}/dist`, '/data/': data, '/helpers/': `${root}/tests/helpers`,
      '/fixtures/': `${root}/tests/native/data` },
  }));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function nodeInputs() {
  const bytes = (name) => readFile(`${data}/${name}`);
  return {
    texts,
    queries,
    cl100k: await bytes('cl100k_base.tiktoken'),
    llama3: await bytes('llama3.tokenizer.json'),
    mistral: await bytes('mistral.tokenizer.json'),
    unigram: await readFile(`${root}/tests/native/data/model_unigram.json`),
    vectors: await bytes('glove-50k.npy'),
    wordsText: await readFile(`${data}/glove-50k.words.txt`, 'utf8'),
  };
}

const nodeRuns = new Map();
let withoutSimd = null;  // the Chromium run where WebAssembly.validate refuses SIMD
function inNode(simd, inputs) {
  if (!nodeRuns.has(simd)) nodeRuns.set(simd, runWorker(simd, inputs));
  return nodeRuns.get(simd);
}

function runWorker(simd, inputs) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('../helpers/fingerprint_worker.js', import.meta.url), { workerData: { simd, inputs } });
    worker.once('message', (result) => {
      resolve(result);
      worker.terminate();
    });
    worker.once('error', reject);
  });
}

// `engineWithoutSimd`: the page's WebAssembly.validate refuses every module, as an engine without
// SIMD refuses the probe.
async function inChromium({ simd, engineWithoutSimd = false }) {
  const page = await watchedPage(browser, problems);
  if (engineWithoutSimd) await page.addInitScript(() => { WebAssembly.validate = () => false; });
  await page.goto(`${origin}/`);
  const result = await page.evaluate(async ({ simd, texts, queries }) => {
    const tokvec = await import('/bindings/tokvec.js');
    const { fingerprint } = await import('/helpers/fingerprint.js');
    const core = await tokvec.init(simd ? undefined : { simd: false });
    const get = async (name) => new Uint8Array(await (await fetch(`/data/${name}`)).arrayBuffer());
    const inputs = {
      texts,
      queries,
      cl100k: await get('cl100k_base.tiktoken'),
      llama3: await get('llama3.tokenizer.json'),
      mistral: await get('mistral.tokenizer.json'),
      unigram: new Uint8Array(await (await fetch('/fixtures/model_unigram.json')).arrayBuffer()),
      vectors: await get('glove-50k.npy'),
      wordsText: await (await fetch('/data/glove-50k.words.txt')).text(),
    };
    return { ...(await fingerprint(tokvec, inputs)), simd: core.simd };
  }, { simd, texts, queries });
  await page.close();
  return result;
}

test('SIMD and scalar builds give the same fingerprint in Node and in Chromium', async (t) => {
  const inputs = await nodeInputs();
  // The runs are independent (two Node worker threads, Chromium pages): run together, the next
  // test's page without SIMD too.
  withoutSimd ??= inChromium({ simd: true, engineWithoutSimd: true });
  withoutSimd.catch(() => {});
  const names = ['node simd', 'node scalar', 'chromium simd', 'chromium scalar'];
  const results = await Promise.all([inNode(true, inputs), inNode(false, inputs), inChromium({ simd: true }), inChromium({ simd: false })]);
  const runs = Object.fromEntries(names.map((name, i) => [name, results[i]]));
  assert.equal(runs['node simd'].simd, true);
  assert.equal(runs['node scalar'].simd, false);
  assert.equal(runs['chromium simd'].simd, true);
  assert.equal(runs['chromium scalar'].simd, false);
  const reference = runs['node simd'];
  assert.ok(reference.tokens > 50_000, `only ${reference.tokens} tokens hashed`);
  assert.ok(reference.floats > 300, `only ${reference.floats} floats hashed`);
  t.diagnostic(`fingerprint ${reference.hash} over ${reference.tokens} token ids and ${reference.floats} floats`);
  for (const [name, run] of Object.entries(runs)) {
    assert.deepEqual({ hash: run.hash, tokens: run.tokens, floats: run.floats },
      { hash: reference.hash, tokens: reference.tokens, floats: reference.floats }, name);
  }
  assert.deepEqual(problems, []);
});

test('an engine that does not validate SIMD gets the scalar build, with the same results', async () => {
  const expected = await inNode(true, await nodeInputs());
  withoutSimd ??= inChromium({ simd: true, engineWithoutSimd: true });
  const run = await withoutSimd;
  assert.equal(run.simd, false);
  assert.equal(run.hash, expected.hash);
  assert.deepEqual(problems, []);
});
