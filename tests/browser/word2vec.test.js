// The demo's "Train word2vec" view in a real browser: a person trains on the bundled corpus, sees
// progress and loss, then asks for neighbours. Word2Vec.train is seeded and single-threaded, so
// the package in Node, given the same sentences and options, must learn the same vectors: the
// neighbours shown are checked against it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { Word2Vec } from '../../bindings/tokvec.js';
import { sampleCorpus } from '../../web/sample.js';
import { openDemo, shot } from '../helpers/browser.js';

const data = new URL('../../web/data/', import.meta.url);
let demo, page, problems, text, corpusName;

// The page's word splitting (web/worker.js, $sentences), restated.
const words = (line) => line.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];

before(async () => {
  try {
    text = await readFile(new URL('kjv-genesis.txt', data), 'utf8');
    corpusName = 'kjv-genesis';
  } catch {
    text = sampleCorpus;
    corpusName = 'sample';
  }
  ({ page, problems, ...demo } = await openDemo({
    hash: '#view=word2vec',
    // Main-thread tasks over 50 ms, with when they started.
    initScript: () => {
      window.longTasks = [];
      new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map(({ startTime, duration }) => ({ startTime, duration }))))
        .observe({ type: 'longtask', buffered: true });
    },
  }));
  await page.waitForFunction(() => document.querySelectorAll('#w2v-corpus option').length >= 2);
});

after(() => demo?.close());

test('training shows progress and loss, the watched words\' neighbours change as it trains, and the neighbours equal those of Word2Vec.train in Node', async (t) => {
  await page.selectOption('#w2v-corpus', corpusName);
  await page.selectOption('#w2v-dim', '25');
  await page.selectOption('#w2v-epochs', '3');
  await page.selectOption('#w2v-min-count', corpusName === 'sample' ? '1' : '5');
  // Every state the watched neighbours pass through, with when it was shown.
  await page.evaluate(() => {
    window.watchedStates = [];
    new MutationObserver(() => window.watchedStates.push({ at: performance.now(), text: document.querySelector('#w2v-watched').innerText }))
      .observe(document.querySelector('#w2v-watched'), { childList: true, subtree: true });
  });
  const started = await page.evaluate(() => performance.now());
  await page.click('#w2v-start');
  // Node trains the same meanwhile (it yields every ~50 ms, so the page is still driven).
  const sentences = text.split('\n').map(words).filter((s) => s.length > 0);
  const trainingInNode = Word2Vec.train(sentences, { dim: 25, window: 5, epochs: 3, minCount: corpusName === 'sample' ? 1 : 5, seed: 1 });
  await page.waitForSelector('#word2vec[data-state="trained"]', { timeout: 30000 });
  assert.equal(await page.$eval('#w2v-progress', (p) => p.value), 1);
  // Training runs in the worker: no long main-thread task while it runs.
  const during = await page.evaluate((t) => {
    const end = performance.getEntriesByName('tokvec:word2vec-trained').at(-1).startTime;
    return window.longTasks.filter((task) => task.startTime + task.duration > t && task.startTime < end).map((task) => task.duration);
  }, started);
  assert.ok(during.every((d) => d < 200), `long tasks during training: ${during.join(', ')} ms`);
  // Genesis trains over several ~50 ms slices, each reporting its loss: a curve is drawn.
  if (corpusName === 'kjv-genesis') assert.equal(await page.$$eval('#w2v-loss polyline', (els) => els.length), 1);
  assert.match(await page.textContent('#w2v-status'), /^Trained [\d,]+ words × 25 dimensions in [\d.]+ s/);

  const vectors = await trainingInNode;
  const word = corpusName === 'sample' ? 'dog' : 'god';
  const expected = vectors.mostSimilar(word, { topN: 10 }).map((n) => n.word);
  assert.ok((await page.textContent('#w2v-status')).startsWith(`Trained ${vectors.rows.toLocaleString('en')} words`));
  // While it trained, the watched words' neighbours were redrawn from snapshots, changing as it
  // learned; after the last snapshot they are the trained vectors' neighbours.
  const watched = corpusName === 'sample' ? ['dog', 'cat', 'tokenizer'] : ['god', 'abraham', 'water'];
  assert.equal(await page.inputValue('#w2v-watch'), watched.join(' '));
  await page.waitForSelector('#word2vec[data-watched-fraction="1.0000"]');
  const { states, trainedAt } = await page.evaluate(() => ({
    states: window.watchedStates, trainedAt: performance.getEntriesByName('tokvec:word2vec-trained').at(-1).startTime,
  }));
  const shownWhileTraining = new Set(states.filter((s) => s.at < trainedAt && s.text.trim()).map((s) => s.text));
  t.diagnostic(`${shownWhileTraining.size} different watched-neighbour lists shown while training`);
  if (corpusName === 'kjv-genesis') assert.ok(shownWhileTraining.size >= 2, `${shownWhileTraining.size} different neighbour lists shown during training`);
  const shownLists = await page.$$eval('#w2v-watched [data-word]', (els) => els.map((e) => [e.dataset.word, [...e.querySelectorAll('.word')].map((w) => w.textContent)]));
  assert.deepEqual(shownLists, watched.map((w) => [w, vectors.indexOf(w) < 0 ? [] : vectors.mostSimilar(w, { topN: 5 }).map((n) => n.word)]));
  assert.equal(await page.textContent('#w2v-watch-status'), 'After training:');
  vectors.dispose();
  await page.fill('#w2v-word', word);
  await page.waitForSelector(`#word2vec[data-neighbours="${word}"]`);
  assert.deepEqual(await page.$$eval('#w2v-list .word', (els) => els.map((e) => e.textContent)), expected);
  await page.locator('#word2vec').screenshot({ path: shot('demo-word2vec.png') });
  assert.deepEqual(problems, []);
});

test('training can be cancelled, and an unknown word is named', async () => {
  await page.selectOption('#w2v-epochs', '10');
  await page.selectOption('#w2v-dim', '100');
  await page.click('#w2v-start');
  await page.waitForFunction(() => document.querySelector('#w2v-status').textContent.startsWith('Epoch'));
  await page.click('#w2v-cancel');
  await page.waitForSelector('#word2vec[data-state="cancelled"]');
  assert.equal(await page.textContent('#w2v-status'), 'Training cancelled.');
  await page.fill('#w2v-word', 'qwertyuiop');
  await page.waitForSelector('#word2vec[data-neighbours="qwertyuiop"]');
  assert.match(await page.textContent('#w2v-message'), /^“qwertyuiop” is not among the [\d,]+ trained words\.$/);
  assert.deepEqual(problems, []);
});

test('pasted text is a corpus too: lowercased and split into words as the page says', async () => {
  const pasted = 'The cat sat on the mat.\nThe dog sat on the log!\nA cat and a dog.';
  await page.fill('#w2v-text', pasted);
  assert.equal(await page.inputValue('#w2v-corpus'), 'text');
  await page.selectOption('#w2v-dim', '25');
  await page.selectOption('#w2v-epochs', '3');
  await page.selectOption('#w2v-min-count', '1');
  await page.fill('#w2v-watch', 'cat dog');
  await page.click('#w2v-start');
  await page.waitForSelector('#word2vec[data-state="trained"]');
  const vectors = await Word2Vec.train(pasted.split('\n').map(words), { dim: 25, window: 5, epochs: 3, minCount: 1, seed: 1 });
  assert.equal(vectors.rows, 9);  // the cat sat on mat dog log a and
  assert.match(await page.textContent('#w2v-status'), /^Trained 9 words × 25 dimensions/);
  await page.waitForSelector('#word2vec[data-watched-fraction="1.0000"]');
  const shownLists = await page.$$eval('#w2v-watched [data-word]', (els) => els.map((e) => [e.dataset.word, [...e.querySelectorAll('.word')].map((w) => w.textContent)]));
  assert.deepEqual(shownLists, ['cat', 'dog'].map((w) => [w, vectors.mostSimilar(w, { topN: 5 }).map((n) => n.word)]));
  vectors.dispose();
  assert.deepEqual(problems, []);
});

test('Debian packages as songs: the neighbours of libssl3 equal Word2Vec.train\'s in Node on the same playlists', async (t) => {
  let playlists;
  try {
    playlists = await readFile(new URL('debian-playlists.txt', data), 'utf8');
  } catch {
    return t.skip('web/data has no playlists (the build found no apt package lists)');
  }
  await page.selectOption('#w2v-corpus', 'debian-playlists');
  assert.equal(await page.inputValue('#w2v-word'), 'libssl3');
  await page.selectOption('#w2v-dim', '25');
  await page.selectOption('#w2v-epochs', '1');
  await page.selectOption('#w2v-min-count', '5');
  await page.click('#w2v-start');
  // Package names are tokens as they are: split at spaces only. Node trains while the page does.
  const sentences = playlists.split('\n').map((l) => l.split(/\s+/).filter(Boolean)).filter((s) => s.length > 0);
  const trainingInNode = Word2Vec.train(sentences, { dim: 25, window: 5, epochs: 1, minCount: 5, seed: 1 });
  await page.waitForSelector('#word2vec[data-state="trained"]', { timeout: 60000 });
  const vectors = await trainingInNode;
  const expected = vectors.mostSimilar('libssl3', { topN: 10 }).map((n) => n.word);
  vectors.dispose();
  await page.waitForSelector('#word2vec[data-neighbours="libssl3"]');
  assert.deepEqual(await page.$$eval('#w2v-list .word', (els) => els.map((e) => e.textContent)), expected);
  t.diagnostic(`libssl3's neighbours: ${expected.join(', ')}`);
  await page.locator('#word2vec').screenshot({ path: shot('demo-word2vec-packages.png') });
  assert.deepEqual(problems, []);
});
