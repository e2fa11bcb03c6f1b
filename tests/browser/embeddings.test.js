// The demo's Embeddings view in a real browser (Debian's Chromium driven by playwright-core): the
// default GloVe vectors load from the page's own origin, and a person queries them. Expected words
// are GloVe 6B 100-d's published behaviour (gensim's KeyedVectors on glove-wiki-gigaword-100 gives
// ocean, waters, seas for "sea" and queen first for king − man + woman). Screenshots go to
// test-results/ (ignored).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

import { Embeddings, Tokenizer, loadEmbeddings } from '../../bindings/tokvec.js';
import { startServer } from '../../scripts/serve.mjs';

const shots = new URL('../../test-results/', import.meta.url);
let server, url, browser, page;
const problems = [];
const requests = [];
const timings = {};

before(async () => {
  ({ server, url } = await startServer({ port: 0 }));
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
  page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => msg.type() === 'error' && problems.push(`console error: ${msg.text()}`));
  page.on('request', (request) => requests.push(request.url()));
  await mkdir(shots, { recursive: true });
  // Main-thread tasks over 50 ms, recorded from before the page's own scripts run.
  await page.addInitScript(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map(({ startTime, duration }) => ({ startTime, duration }))))
      .observe({ type: 'longtask', buffered: true });
  });
  const start = Date.now();
  await page.goto(`${url}#view=embeddings`);
  timings.pageLoad = Date.now() - start;
  await page.waitForSelector('#embeddings[data-state="ready"]', { timeout: 60000 });
  timings.vectorsReady = Date.now() - start;
  timings.vectorsLoad = Number(await page.getAttribute('#embeddings', 'data-load-ms'));
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function fill(selector, text) {
  await page.fill(selector, '');
  await page.type(selector, text);
}

const listed = (selector) => page.$$eval(`${selector} li .word`, (els) => els.map((e) => e.textContent));

test('the default vectors load from the page\'s own origin with no errors', async (t) => {
  const status = await page.textContent('#vec-status');
  assert.match(status, /^50,000 words × 100 dimensions \(f16, [\d.]+ MB\) loaded in \d+ ms\.$/);
  t.diagnostic(`page load ${timings.pageLoad} ms; vectors ready ${timings.vectorsReady} ms after navigation; in-page vector load ${timings.vectorsLoad} ms`);
  assert.deepEqual(problems, []);
});

test('no main-thread task during the default vectors load is long enough to freeze the page', async (t) => {
  const { tasks, loadStart } = await page.evaluate(() => ({
    tasks: window.longTasks, loadStart: performance.getEntriesByName('tokvec:vectors-load')[0].startTime,
  }));
  const during = tasks.filter((task) => task.startTime + task.duration > loadStart).map((task) => task.duration);
  const before = tasks.filter((task) => task.startTime + task.duration <= loadStart).map((task) => task.duration);
  const ms = (list) => list.map((d) => d.toFixed(0)).join(', ') || 'none';
  t.diagnostic(`long tasks (ms) during the vectors load: ${ms(during)}; during page start-up: ${ms(before)}`);
  assert.ok(during.every((d) => d < 200), `long tasks ${during.join(', ')} ms`);
});

test('nearest neighbours of "sea" are ocean, waters and seas, with scores, and its vector is a 100-cell strip', async () => {
  await fill('#nn-word', 'sea');
  await page.waitForFunction(() => document.querySelector('#nn-message').textContent.includes('“sea”'));
  assert.deepEqual((await listed('#nn-list')).slice(0, 3), ['ocean', 'waters', 'seas']);
  const scores = await page.$$eval('#nn-list .score', (els) => els.map((e) => Number(e.textContent)));
  assert.equal(scores.length, 10);
  assert.ok(scores[0] > 0.8 && scores[0] < 0.9, `ocean's cosine ${scores[0]}`);
  assert.deepEqual([...scores].sort((a, b) => b - a), scores);
  assert.equal(await page.$$eval('#heat rect', (els) => els.length), 100);
});

test('an unknown word is named in a message, and is shown as text, never as HTML', async () => {
  await fill('#nn-word', '<img src=x onerror=alert(1)>');
  // Answers come back from the worker as the word is typed; the last one names the whole word.
  const message = '“<img src=x onerror=alert(1)>” is not among the 50,000 words.';
  await page.waitForFunction((m) => document.querySelector('#nn-message').textContent === m, message);
  assert.equal(await page.$$eval('#embeddings img', (els) => els.length), 0);
  assert.equal(await page.$$eval('#nn-list li', (els) => els.length), 0);
});

test('analogy: king − man + woman gives queen first', async () => {
  await fill('#analogy-a', 'king');
  await fill('#analogy-b', 'man');
  await fill('#analogy-c', 'woman');
  await page.waitForFunction(() => document.querySelector('#analogy-message').textContent.startsWith('king − man + woman'));
  assert.equal((await listed('#analogy-list'))[0], 'queen');
});

test('similarity and doesn\'t-match answer for typed words', async () => {
  await fill('#similarity-a', 'cat');
  await fill('#similarity-b', 'dog');
  await page.waitForFunction(() => document.querySelector('#similarity-result').textContent.startsWith('cos(cat, dog)'));
  const cosine = Number((await page.textContent('#similarity-result')).split('= ')[1]);
  assert.ok(cosine > 0.8 && cosine < 0.95, `cos(cat, dog) = ${cosine}`);
  await fill('#odd-words', 'breakfast, cereal, dinner, lunch');
  await page.waitForFunction(() => document.querySelector('#odd-result').textContent === '“cereal” doesn\'t match the others.');
});

test('the PCA map draws each chosen word and its neighbours once, coloured by group', async () => {
  // dog's neighbours are animals, piano's instruments, france's countries: no word is in two
  // groups, so 3 × (1 + 5) points.
  await fill('#pca-words', 'dog piano france');
  await page.selectOption('#pca-neighbours', '5');
  // Typing passes through other maps ("dog piano franc" is one too): wait for this one.
  const chosenAre = (words) => page.waitForFunction((w) => [...document.querySelectorAll('#pca-plot .chosen')].map((e) => e.dataset.word).join(' ') === w, words);
  await chosenAre('dog piano france');
  await page.waitForFunction(() => document.querySelector('#pca-message').textContent.startsWith('18 words'));
  const points = await page.$$eval('#pca-plot .point', (els) => els.map((e) => ({
    word: e.dataset.word, group: e.dataset.group, fill: e.querySelector('circle').getAttribute('fill'),
    label: e.querySelector('text').textContent, title: e.querySelector('title').textContent,
  })));
  assert.equal(points.length, 18);
  assert.equal(new Set(points.map((p) => p.word)).size, 18);
  for (const p of points) {
    assert.equal(p.label, p.word);
    assert.ok(p.title.startsWith(`${p.word} · group “${p.group}”`), p.title);
  }
  const fills = new Map(points.map((p) => [p.group, p.fill]));
  assert.deepEqual([...fills.keys()], ['dog', 'piano', 'france']);
  assert.equal(new Set(fills.values()).size, 3);
  assert.ok(points.every((p) => p.fill === fills.get(p.group)));
  assert.deepEqual(await page.$$eval('#pca-plot .chosen', (els) => els.map((e) => e.dataset.word)), ['dog', 'piano', 'france']);
  await fill('#nn-word', 'sea');
  await page.waitForSelector('#heat rect');
});

test('the map zooms in data space: buttons around the middle, the wheel around the pointer, and back to the whole map', async () => {
  // The map of the test before: dog, piano, france and five neighbours each.
  await page.waitForFunction(() => document.querySelector('#pca-plot').dataset.shown === '18');
  const centres = () => page.$$eval('#pca-plot .point', (els) => Object.fromEntries(els.map((e) => {
    const c = e.querySelector('circle');
    return [e.dataset.word, [Number(c.getAttribute('cx')), Number(c.getAttribute('cy'))]];
  })));
  const whole = await centres();
  assert.equal(await page.getAttribute('#pca-plot', 'data-zoom'), '1.00');
  assert.equal(await page.isDisabled('#pca-zoom-reset'), true);
  // The buttons zoom around the point last focused (or hovered): piano stays where it is.
  await page.focus('#pca-plot .point[data-word="piano"]');
  await page.click('#pca-zoom-in');
  await page.click('#pca-zoom-in');
  assert.equal(await page.getAttribute('#pca-plot', 'data-zoom'), '2.25');
  assert.equal(await page.textContent('#pca-zoom-level'), 'zoomed ×2.3');
  const zoomed = await centres();
  assert.ok(Math.hypot(zoomed.piano[0] - whole.piano[0], zoomed.piano[1] - whole.piano[1]) < 1e-6, `piano moved from ${whole.piano} to ${zoomed.piano}`);
  const inView = Object.keys(zoomed);
  assert.ok(inView.length >= 2 && inView.length <= 18, `${inView.length} points in view`);
  // Distances between points in view grow 2.25 times; labels are placed again, not scaled.
  const distance = (p, a, b) => Math.hypot(p[a][0] - p[b][0], p[a][1] - p[b][1]);
  const [a, b] = ['piano', inView.find((w) => w !== 'piano')];
  assert.ok(Math.abs(distance(zoomed, a, b) / distance(whole, a, b) - 2.25) < 1e-6, `${a}–${b}: ${distance(whole, a, b)} → ${distance(zoomed, a, b)}`);
  // The wheel zooms 1.25 times more around the pointer: the point under it stays put.
  const box = await page.locator(`#pca-plot .point[data-word="${a}"] circle`).boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -100);
  await page.waitForFunction(() => document.querySelector('#pca-plot').dataset.zoom === '2.81');
  const wheeled = await centres();
  assert.ok(distance({ before: zoomed[a], after: wheeled[a] }, 'before', 'after') < 1, `${a} moved from ${zoomed[a]} to ${wheeled[a]}`);
  await page.locator('#pca-plot').screenshot({ path: new URL('demo-embeddings-map-zoomed.png', shots).pathname });
  await page.click('#pca-zoom-reset');
  assert.equal(await page.getAttribute('#pca-plot', 'data-zoom'), '1.00');
  assert.deepEqual(await centres(), whole);
  assert.equal(await page.isDisabled('#pca-zoom-reset'), true);
  assert.deepEqual(problems, []);
});

test('on the map a chosen word that is also another\'s neighbour stays in its own group', async () => {
  // queen is among king's nearest neighbours in GloVe 6B.
  await fill('#pca-words', 'king queen');
  // Not "king que", which typing passes through.
  await page.waitForFunction(() => [...document.querySelectorAll('#pca-plot .chosen')].map((e) => e.dataset.word).join(' ') === 'king queen');
  const points = await page.$$eval('#pca-plot .point', (els) => els.map((e) => [e.dataset.word, e.dataset.group, e.classList.contains('chosen')]));
  assert.deepEqual(points.filter((p) => p[2]), [['king', 'king', true], ['queen', 'queen', true]]);
  assert.equal(new Set(points.map((p) => p[0])).size, points.length);
  assert.ok(points.length < 12, 'king and queen share neighbours');
  await page.screenshot({ path: new URL('demo-embeddings.png', shots).pathname, fullPage: true });
});

test('at 390 px wide the view fits without horizontal scrolling', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `page is ${overflow} px wider than the viewport`);
  await page.locator('#embeddings').screenshot({ path: new URL('demo-embeddings-390.png', shots).pathname });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.locator('#embeddings').screenshot({ path: new URL('demo-embeddings-390-dark.png', shots).pathname });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1000, height: 800 });
});

test('the map\'s points are reachable by keyboard and name their word and group', async () => {
  // The width change of the test before redraws the map; Tab once the redrawn map is in place.
  await page.waitForFunction(() => {
    const plot = document.querySelector('#pca-plot');
    return plot.querySelector('svg')?.viewBox.baseVal.width === Math.max(300, Math.min(900, plot.clientWidth));
  });
  // After the zoom buttons (the whole map shown, so "Whole map" is disabled) come the points.
  await page.focus('#pca-zoom-out');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => ({
    word: document.activeElement.dataset.word, label: document.activeElement.getAttribute('aria-label'),
  }));
  assert.ok(focused.word, 'Tab from the zoom buttons lands on a point');
  assert.ok(focused.label.startsWith(`${focused.word} · group “`), focused.label);
});

test('the page made no request to any other origin', async () => {
  const origin = new URL(url).origin;
  // data: URLs (the inline favicon) are not fetched from anywhere.
  const elsewhere = requests.filter((r) => !r.startsWith('data:') && new URL(r).origin !== origin);
  assert.deepEqual(elsewhere, []);
  assert.ok(requests.some((r) => r.endsWith('/web/data/glove-50k.npy')));
  assert.deepEqual(problems, []);
});

test('loading your own vectors: a GloVe text file made here is queried, then GloVe again', async () => {
  // Five words on a circle in 2-D: each one's nearest neighbours are its two sides, in angle order.
  const words = ['north', 'east', 'south', 'west', 'northeast'];
  const angles = [90, 0, 270, 180, 45];
  const rows = words.map((w, i) => `${w} ${Math.cos((angles[i] * Math.PI) / 180).toFixed(6)} ${Math.sin((angles[i] * Math.PI) / 180).toFixed(6)}`);
  await page.setInputFiles('#vec-file', { name: 'compass.txt', mimeType: 'text/plain', buffer: Buffer.from(rows.join('\n') + '\n') });
  await page.waitForFunction(() => document.querySelector('#vec-status').textContent.startsWith('compass.txt: 5 words × 2 dimensions'));
  await fill('#nn-word', 'north');
  await page.waitForFunction(() => document.querySelector('#nn-message').textContent.includes('searched 5 words'));
  // cos(north, northeast) = cos 45°, then east and west (cos 90° = 0; lower row first), then south.
  assert.deepEqual(await listed('#nn-list'), ['northeast', 'east', 'west', 'south']);
  await page.click('#vec-glove');
  await page.waitForFunction(() => document.querySelector('#vec-status').textContent.startsWith('50,000 words'));
  await page.waitForFunction(() => document.querySelector('#nn-message').textContent.includes('searched 50,000 words'));
  assert.ok((await listed('#nn-list')).slice(0, 3).includes('south'));
  assert.deepEqual(problems, []);
});

test('loading your own 100,000-word vectors shows progress, never freezes the page, and answers as the package does in Node', async (t) => {
  // 100,000 words × 50 dims of seeded xorshift32 noise in word2vec's binary format (20 MB),
  // written by the package in Node; the page reads it with loadEmbeddings in its worker.
  const rows = 100000;
  const dim = 50;
  let state = 2463534242;
  const values = Float32Array.from({ length: rows * dim }, () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 31 - 1;
  });
  const words = Array.from({ length: rows }, (_, i) => `w${i.toString(36)}`);
  const made = await Embeddings.fromArray(values, dim, { words });
  const dir = await mkdtemp(join(tmpdir(), 'tokvec-vectors-'));
  const path = join(dir, 'big.bin');
  await writeFile(path, made.toBinary());
  const expected = made.mostSimilar('w2s', { topN: 10 }).map((n) => n.word);
  made.dispose();
  try {
    await page.evaluate(() => {
      window.loadStates = [];
      new MutationObserver(() => window.loadStates.push(document.querySelector('#vec-status').textContent))
        .observe(document.querySelector('#vec-status'), { childList: true, characterData: true, subtree: true });
    });
    const started = await page.evaluate(() => performance.now());
    await page.setInputFiles('#vec-file', path);
    await page.waitForFunction(() => document.querySelector('#vec-status').textContent.startsWith('big.bin: 100,000 words × 50 dimensions'), null, { timeout: 60000 });
    const { during, states } = await page.evaluate((from) => ({
      during: window.longTasks.filter((task) => task.startTime + task.duration > from).map((task) => task.duration),
      states: window.loadStates,
    }), started);
    t.diagnostic(`long tasks (ms) during the 100,000-word load: ${during.map((d) => d.toFixed(0)).join(', ') || 'none'}`);
    assert.ok(during.every((d) => d < 200), `long tasks ${during.join(', ')} ms`);
    // The status counted the megabytes up as they were read.
    const reading = states.filter((s) => /^Reading big\.bin… [\d.]+ of 20\.\d MB$/.test(s));
    assert.ok(new Set(reading).size >= 2, `progress shown: ${states.join(' | ')}`);
    await fill('#nn-word', 'w2s');
    await page.waitForFunction(() => document.querySelector('#nn-message').textContent.includes('searched 100,000 words'));
    assert.deepEqual(await listed('#nn-list'), expected);
  } finally {
    await rm(dir, { recursive: true });
  }
  await page.click('#vec-glove');
  await page.waitForFunction(() => document.querySelector('#vec-status').textContent.startsWith('50,000 words'));
  assert.deepEqual(problems, []);
});

test('loading your own safetensors with its tokenizer.json: rows are named by the tokenizer\'s tokens, as loadEmbeddings does in Node', async () => {
  // Mistral's tokenizer.json (32,000 tokens) and a 32,000 × 8 F32 matrix of seeded noise in a
  // safetensors file written here: 8-byte header length, the JSON header, then the values.
  const tokenizerJson = await readFile(new URL('../../web/data/mistral.tokenizer.json', import.meta.url));
  const rows = 32000;
  const dim = 8;
  let state = 88172645;
  const values = Float32Array.from({ length: rows * dim }, () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 31 - 1;
  });
  const header = Buffer.from(JSON.stringify({ 'model.embed_tokens.weight': { dtype: 'F32', shape: [rows, dim], data_offsets: [0, values.byteLength] } }));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  const safetensors = Buffer.concat([length, header, Buffer.from(values.buffer)]);
  const tokenizer = await Tokenizer.fromJSON(tokenizerJson);
  const inNode = await loadEmbeddings(safetensors, { tokenizer });
  const expected = inNode.mostSimilar('▁the', { topN: 10 }).map((n) => n.word);
  assert.equal(inNode.words[1], '<s>');
  inNode.dispose();
  tokenizer.dispose();
  // The matrix alone has no words: the status says to choose its tokenizer too.
  await page.setInputFiles('#vec-file', { name: 'model.safetensors', mimeType: 'application/octet-stream', buffer: safetensors });
  await page.waitForFunction(() => document.querySelector('#vec-status').textContent.startsWith('Could not use model.safetensors'));
  assert.match(await page.textContent('#vec-status'), /its rows have no words.*choose both files together$/);
  await page.setInputFiles('#vec-file', [
    { name: 'tokenizer.json', mimeType: 'application/json', buffer: tokenizerJson },
    { name: 'model.safetensors', mimeType: 'application/octet-stream', buffer: safetensors },
  ]);
  await page.waitForFunction(() => document.querySelector('#vec-status').textContent.startsWith('model.safetensors: 32,000 words × 8 dimensions (f32) labelled by tokenizer.json\'s tokens'));
  await fill('#nn-word', '▁the');
  await page.waitForFunction(() => document.querySelector('#nn-message').textContent.includes('“▁the”') && document.querySelector('#nn-message').textContent.includes('searched 32,000 words'));
  assert.deepEqual(await listed('#nn-list'), expected);
  await page.click('#vec-glove');
  await page.waitForFunction(() => document.querySelector('#vec-status').textContent.startsWith('50,000 words'));
  assert.deepEqual(problems, []);
});

test('a vectors file that cannot be read is named in the status, and the vectors in use stay', async () => {
  await page.setInputFiles('#vec-file', { name: 'bad.txt', mimeType: 'text/plain', buffer: Buffer.from('king 0.1 0.2\nqueen 0.3\n') });
  await page.waitForFunction(() => document.querySelector('#vec-status').textContent.startsWith('Could not use bad.txt'));
  assert.match(await page.textContent('#vec-status'), /^Could not use bad\.txt: .*line 2/);
  await fill('#nn-word', 'sea');
  await page.waitForFunction(() => document.querySelector('#nn-message').textContent.includes('searched 50,000 words'));
  assert.equal((await listed('#nn-list'))[0], 'ocean');
  assert.deepEqual(problems, []);
});
