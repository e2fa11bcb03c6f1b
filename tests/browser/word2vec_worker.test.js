// Word2Vec.train in a Web Worker (bindings/word2vec_worker.js) in a real browser (Debian's
// Chromium driven by playwright-core): the page's main thread keeps running its animation-frame
// and timer loops while the worker trains on real English, progress arrives as messages, the
// vectors come back usable on the page and bit-identical to Node's for the same seed, and an abort
// message stops training.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

import { Word2Vec } from '../../bindings/tokvec.js';
import { startServer } from '../../scripts/serve.mjs';
import { ensureCorpora, loadCorpus, wordSentences } from '../helpers/corpora.js';

let server, url, browser, page;
const problems = [];

ensureCorpora();
const sentences = wordSentences(loadCorpus('prose', { maxBytes: 1 << 20 }));
const options = { dim: 50, epochs: 3, minCount: 5, seed: 1 };

// FNV-1a over the bytes of a Float32Array; the page computes the same.
function fnv1a(floats) {
  const bytes = new Uint8Array(floats.buffer, floats.byteOffset, floats.byteLength);
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 16777619) >>> 0;
  return h;
}

before(async () => {
  ({ server, url } = await startServer({ port: 0 }));
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
  page = await browser.newPage();
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  // The page is a bare module URL, so the browser's own request for /favicon.ico 404s: not ours.
  page.on('console', (msg) => msg.type() === 'error' && !msg.location().url.endsWith('/favicon.ico') &&
    problems.push(`console error: ${msg.text()} (${msg.location().url})`));
  // Any page of the server's origin will do: the worker and the module are same-origin.
  await page.goto(new URL('/bindings/tokvec.js', url).href);
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('training in the worker leaves the main thread free; the vectors come back usable and equal to Node\'s bit for bit', async (t) => {
  // Node trains the same while Chromium's worker does (a process each); it yields every ~50 ms,
  // so the test keeps driving the page meanwhile.
  const trainingInNode = Word2Vec.train(sentences, options);
  const result = await page.evaluate(async ({ sentences, options }) => {
    const { Embeddings } = await import('/bindings/tokvec.js');
    const worker = new Worker('/bindings/word2vec_worker.js', { type: 'module' });
    // The main thread's loops: the longest gap between animation frames and between timer ticks.
    let running = true, frames = 0, ticks = 0, frameGap = 0, tickGap = 0;
    let lastFrame = performance.now(), lastTick = performance.now();
    const frame = (at) => {
      frameGap = Math.max(frameGap, at - lastFrame);
      lastFrame = at;
      frames++;
      if (running) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    const timer = setInterval(() => {
      const at = performance.now();
      tickGap = Math.max(tickGap, at - lastTick);
      lastTick = at;
      ticks++;
    }, 10);
    const started = performance.now();
    const progress = [];
    const done = await new Promise((resolve, reject) => {
      worker.onmessage = ({ data }) => {
        if (data.type === 'progress') progress.push(data.fraction);
        else if (data.type === 'done') resolve(data);
        else reject(new Error(`${data.code}: ${data.message}`));
      };
      worker.postMessage({ type: 'train', sentences, options });
    });
    const ms = performance.now() - started;
    running = false;
    clearInterval(timer);
    const bytes = new Uint8Array(done.vectors.buffer, done.vectors.byteOffset, done.vectors.byteLength);
    let hash = 0x811c9dc5;
    for (const b of bytes) hash = Math.imul(hash ^ b, 16777619) >>> 0;
    const m = await Embeddings.fromArray(done.vectors, done.dim, { words: done.words });
    const son = m.rank('father', 'son');
    const rows = m.rows;
    m.dispose();
    // An abort message stops a second training run.
    const aborted = await new Promise((resolve) => {
      worker.onmessage = ({ data }) => {
        if (data.type === 'progress') worker.postMessage({ type: 'abort' });
        else resolve(data);
      };
      worker.postMessage({ type: 'train', sentences, options: { dim: 50, epochs: 3, minCount: 5 } });
    });
    worker.terminate();
    return { ms, frames, ticks, frameGap, tickGap, progress, son, rows, aborted, hash, words: done.words };
  }, { sentences, options });
  t.diagnostic(`trained ${result.rows} words in ${result.ms.toFixed(0)} ms; ${result.frames} frames (longest gap ${result.frameGap.toFixed(0)} ms), ${result.ticks} timer ticks (longest gap ${result.tickGap.toFixed(0)} ms)`);
  assert.ok(result.ms > 1000, `training took ${result.ms} ms: too short to show anything`);
  // Training on the main thread in one call would stall both loops for all of it; in the worker
  // they keep running. The bounds leave room for a loaded machine starving headless Chromium.
  assert.ok(result.tickGap < 500, `longest timer gap ${result.tickGap} ms`);
  assert.ok(result.frameGap < 1000, `longest frame gap ${result.frameGap} ms`);
  assert.ok(result.ticks > result.ms / 50, `${result.ticks} timer ticks in ${result.ms} ms`);
  assert.ok(result.progress.length >= 2 && result.progress.at(-1) === 1, `progress ${result.progress}`);
  // As in tests/node/word2vec.test.js: son is among father's nearest words.
  assert.ok(result.son <= 10, `rank of son from father: ${result.son}`);
  // The same seed gives bit-identical vectors in Chromium's worker and in Node.
  const inNode = await trainingInNode;
  assert.deepEqual(result.words, inNode.words);
  assert.equal(result.hash, fnv1a(inNode.lookup(Uint32Array.from({ length: inNode.rows }, (_, i) => i))));
  inNode.dispose();
  assert.equal(result.aborted.type, 'error');
  assert.equal(result.aborted.name, 'AbortError');
  assert.deepEqual(problems, []);
});
