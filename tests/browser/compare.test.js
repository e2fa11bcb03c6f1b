// The demo's Compare view in a real browser: the stress text and a typed text through every
// tokenizer on the page. Each count shown must equal what the package gives in Node for the same
// file and text (computed here, never written down), and each tokenizer's spans must cover the text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { Tokenizer } from '../../bindings/tokvec.js';
import { sampleCorpus, stressText } from '../../web/sample.js';

import { openDemo, shot } from '../helpers/browser.js';

const data = new URL('../../web/data/', import.meta.url);
const file = (name) => readFile(new URL(name, data));
let demo, page, problems;

// The page's tokenizers, built in Node from the same files and options.
const nodeTokenizers = {
  word: () => Tokenizer.wordLevel({ corpus: sampleCorpus }),
  'word-lower': () => Tokenizer.wordLevel({ corpus: sampleCorpus, lowercase: true }),
  character: () => Tokenizer.characterLevel({ corpus: sampleCorpus }),
  byte: () => Tokenizer.byteLevel(),
  gpt2: async () => Tokenizer.fromEncoding('r50k_base', await file('r50k_base.tiktoken')),
  cl100k: async () => Tokenizer.fromEncoding('cl100k_base', await file('cl100k_base.tiktoken')),
  o200k: async () => Tokenizer.fromEncoding('o200k_base', await file('o200k_base.tiktoken')),
  llama3: async () => Tokenizer.fromJSON(await file('llama3.tokenizer.json')),
  mistral: async () => Tokenizer.fromJSON(await file('mistral.tokenizer.json')),
  'bert-uncased': async () => Tokenizer.fromWordPieceVocab(await file('bert-base-uncased.vocab.txt')),
  phi3: async () => Tokenizer.fromJSON(await file('phi3.tokenizer.json')),
  t5: async () => Tokenizer.fromJSON(await file('t5.tokenizer.json')),
  'bert-base-cased': async () => Tokenizer.fromWordPieceVocab(await file('bert-base-cased.vocab.txt'), { lowercase: false }),
};

// Those the build adds only when ../shared/data has their files (web/data/manifest.json lists them).
const optional = new Set(['phi3', 't5', 'bert-base-cased']);

const built = new Map();
async function expectedCounts(names, text) {
  const counts = {};
  for (const name of names) {
    assert.ok(nodeTokenizers[name], `the test knows how the page builds "${name}"`);
    if (!built.has(name)) built.set(name, await nodeTokenizers[name]());
    counts[name] = built.get(name).countTokens(text, { addSpecialTokens: false, allowedSpecial: 'all' });
  }
  return counts;
}

const shownRows = () => page.$$eval('#compare-table tbody tr', (rows) => rows.map((r) => ({
  name: r.dataset.tokenizer, count: r.querySelector('.count')?.textContent ?? r.textContent,
})));

before(async () => {
  ({ page, problems, ...demo } = await openDemo({ hash: '#view=compare' }));
  // Node builds its tokenizers while Chromium's worker loads the page's: two processes, two cores.
  const { tokenizers } = JSON.parse(await file('manifest.json'));
  const names = Object.keys(nodeTokenizers).filter((name) => !optional.has(name) || tokenizers.some((t) => t.name === name));
  await expectedCounts(names, '');
  await page.waitForSelector('#compare[data-ready="true"]', { timeout: 30000 });
});

after(async () => {
  for (const tokenizer of built.values()) tokenizer.dispose();
  await demo?.close();
});

test('the stress text goes through every tokenizer, and each count equals the package\'s in Node', async () => {
  assert.equal(await page.inputValue('#compare-text'), stressText);
  const rows = await shownRows();
  const names = rows.map((r) => r.name);
  for (const name of ['word', 'character', 'byte', 'gpt2', 'cl100k', 'o200k', 'llama3', 'mistral', 'bert-uncased']) {
    assert.ok(names.includes(name), `${name} is compared`);
  }
  const expected = await expectedCounts(names, stressText);
  assert.deepEqual(Object.fromEntries(rows.map((r) => [r.name, Number(r.count)])), expected);
  // The table tells them apart: the byte baseline needs the most tokens, o200k fewer than GPT-2.
  assert.ok(expected.byte > expected.gpt2 && expected.o200k < expected.gpt2, JSON.stringify(expected));
  // Each side-by-side panel draws as many spans as its row counts.
  const panels = await page.$$eval('#compare-tokens .panel', (els) => els.map((e) => [e.dataset.tokenizer, e.querySelectorAll('.token').length]));
  assert.deepEqual(Object.fromEntries(panels), expected);
  await page.screenshot({ path: shot('demo-compare.png'), fullPage: true });
  assert.deepEqual(problems, []);
});

test('typed text is compared too, and is kept in the link', async () => {
  const text = 'naïve café: ünïcödé, 12.0*50=600 <|endoftext|> [SEP]\n\tindented';
  await page.fill('#compare-text', text);
  await page.waitForSelector('#compare[data-ready="true"]');
  const rows = await shownRows();
  const expected = await expectedCounts(rows.map((r) => r.name), text);
  assert.deepEqual(Object.fromEntries(rows.map((r) => [r.name, Number(r.count)])), expected);
  const hash = new URLSearchParams((await page.evaluate(() => location.hash)).slice(1));
  assert.equal(hash.get('view'), 'compare');
  assert.equal(hash.get('text'), text);
  assert.deepEqual(problems, []);
});
