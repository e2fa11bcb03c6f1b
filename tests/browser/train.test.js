// The demo's "Train a tokenizer" view in a real browser: a person picks a corpus and a vocabulary
// size, trains, sees the merges and one text at several sizes, and can cancel. Everything shown is
// checked against the package's Tokenizer.train run in Node on the same texts and settings,
// including a separate training per size (which the page gets by cutting one training short).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { Tokenizer } from '../../bindings/tokvec.js';
import { sampleCorpus } from '../../web/sample.js';
import { openDemo, shot } from '../helpers/browser.js';

const data = new URL('../../web/data/', import.meta.url);
let demo, page, problems, corpus, corpusName;

before(async () => {
  // The Genesis corpus when the build made it (Debian's bible-kjv is installed), else the sample.
  try {
    corpus = (await readFile(new URL('kjv-genesis.txt', data), 'utf8')).split('\n').filter(Boolean);
    corpusName = 'kjv-genesis';
  } catch {
    corpus = sampleCorpus.split('\n').filter(Boolean);
    corpusName = 'sample';
  }
  ({ page, problems, ...demo } = await openDemo({
    hash: '#view=train',
    // Main-thread tasks over 50 ms, with when they started.
    initScript: () => {
      window.longTasks = [];
      new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map(({ startTime, duration }) => ({ startTime, duration }))))
        .observe({ type: 'longtask', buffered: true });
    },
  }));
  await page.waitForFunction(() => document.querySelectorAll('#train-corpus option').length >= 2);
});

after(() => demo?.close());

const merges = (json) => json.model.merges.map((m) => (Array.isArray(m) ? m : m.split(' ')));

test('training shows the merges Tokenizer.train learns in Node, and the sample at each size', async () => {
  const vocabSize = 1200;
  await page.selectOption('#train-corpus', corpusName);
  await page.locator('#train-vocab').fill(String(vocabSize));
  assert.equal(await page.textContent('#train-vocab-value'), String(vocabSize));
  const started = await page.evaluate(() => performance.now());
  await page.click('#train-start');
  // Node trains at the full size and at each size the page shows while Chromium trains.
  const inNode = new Map([300, 400, vocabSize].map((size) => [size, Tokenizer.train(corpus, { model: 'bpe', vocabSize: size })]));
  await page.waitForSelector('#train[data-sizes="shown"]', { timeout: 30000 });
  assert.equal(await page.$eval('#train-progress', (p) => p.value), 1);
  // Training runs in the worker: the page stays responsive while it runs (drawing the 944 merges
  // afterwards is the page's own work).
  const during = await page.evaluate((t) => {
    const end = performance.getEntriesByName('tokvec:trained').at(-1).startTime;
    return window.longTasks.filter((task) => task.startTime + task.duration > t && task.startTime < end).map((task) => task.duration);
  }, started);
  assert.ok(during.every((d) => d < 200), `long tasks during training: ${during.join(', ')} ms`);

  const trained = await inNode.get(vocabSize);
  const expected = merges(trained.toJSON());
  assert.match(await page.textContent('#train-status'), new RegExp(`^Learned ${expected.length} merges in [\\d.]+ s: ${vocabSize.toLocaleString('en')} ids \\(256 bytes`));
  const shown = await page.$$eval('#train-merges li', (els) => els.map((e) => e.textContent));
  assert.deepEqual(shown, expected.map(([a, b]) => `${a} + ${b} → ${a}${b}`));

  const sample = await page.inputValue('#train-sample');
  const blocks = await page.$$eval('#train-sizes [data-size]', (els) => els.map((e) => [Number(e.dataset.size), Number(e.dataset.count), e.querySelectorAll('.token').length]));
  // The slider's smallest size, a third of the trained size (to 50), the trained size.
  assert.deepEqual(blocks.map((b) => b[0]), [300, 400, 1200]);
  for (const [size, count, spans] of blocks) {
    assert.ok(inNode.has(size), `Node trained at ${size}`);
    const atSize = await inNode.get(size);
    assert.equal(count, atSize.countTokens(sample, { addSpecialTokens: false }), `${size} ids`);
    assert.equal(spans, count);
  }
  for (const tokenizer of await Promise.all(inNode.values())) tokenizer.dispose();
  assert.ok(blocks[0][1] > blocks.at(-1)[1], 'more merges, fewer tokens');
  await page.locator('#train').screenshot({ path: shot('demo-train.png') });
  assert.deepEqual(problems, []);
});

test('training can be cancelled, and the view trains again afterwards', async () => {
  // A file of the person's that takes seconds to train: 300,000 made-up words (seeded xorshift32),
  // almost all distinct, so counting and merging both take many slices.
  let state = 2463534242;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const made = Array.from({ length: 300000 }, () => Array.from({ length: 2 + Math.floor(next() * 8) }, () => String.fromCharCode(97 + Math.floor(next() * 26))).join(''));
  const big = Buffer.from(made.map((w, i) => (i % 12 === 11 ? `${w}\n` : `${w} `)).join(''));
  await page.setInputFiles('#train-file', { name: 'big.txt', mimeType: 'text/plain', buffer: big });
  await page.waitForFunction((n) => document.querySelector('#train-text').value.length >= n, big.length / 2);
  assert.equal(await page.inputValue('#train-corpus'), 'text');
  await page.locator('#train-vocab').fill('5000');
  await page.click('#train-start');
  // Cancel is pressed the moment the first progress report shows: a click from the test runner
  // can take longer than the whole training on a busy machine.
  await page.waitForFunction(() => {
    if (!/^(Counting|Merging)/.test(document.querySelector('#train-status').textContent)) return false;
    document.querySelector('#train-cancel').click();
    return true;
  }, null, { polling: 10 });
  await page.waitForSelector('#train[data-state="cancelled"]');
  assert.equal(await page.textContent('#train-status'), 'Training cancelled.');
  await page.selectOption('#train-corpus', 'sample');
  await page.locator('#train-vocab').fill('300');
  await page.click('#train-start');
  await page.waitForSelector('#train[data-sizes="shown"]', { timeout: 30000 });
  assert.match(await page.textContent('#train-status'), /^Learned \d+ merges/);
  assert.deepEqual(problems, []);
});

test('a text file dropped on the view becomes the corpus', async () => {
  const dropped = 'low lower lowest\nnew newer newest\nwide wider widest\n';
  await page.selectOption('#train-corpus', 'sample');
  const transfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'words.txt', { type: 'text/plain' }));
    return dt;
  }, dropped);
  await page.dispatchEvent('#train', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('#train', 'drop', { dataTransfer: transfer });
  await page.waitForFunction((t) => document.querySelector('#train-text').value === t, dropped);
  assert.equal(await page.inputValue('#train-corpus'), 'text');
  assert.equal(await page.textContent('#train-status'), 'Corpus: words.txt (3 lines). Press Train.');
});

test('pasted text is a corpus too', async () => {
  await page.fill('#train-text', 'low lower lowest\nnew newer newest\n');
  assert.equal(await page.inputValue('#train-corpus'), 'text');
  await page.click('#train-start');
  await page.waitForSelector('#train[data-sizes="shown"]');
  const trained = await Tokenizer.train(['low lower lowest', 'new newer newest'], { model: 'bpe', vocabSize: 300 });
  const expected = merges(trained.toJSON());
  trained.dispose();
  assert.deepEqual(await page.$$eval('#train-merges li', (els) => els.map((e) => e.textContent)), expected.map(([a, b]) => `${a} + ${b} → ${a}${b}`));
  assert.deepEqual(problems, []);
});
