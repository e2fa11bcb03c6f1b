// The demo page in a real browser (Debian's Chromium driven by playwright-core): a person types,
// picks a tokenizer, and sees token spans and counts. Screenshots go to test-results/ (ignored).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';

import { startServer } from '../../scripts/serve.mjs';

const shots = new URL('../../test-results/', import.meta.url);
let server, url, browser, page;
const problems = [];

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
  await mkdir(shots, { recursive: true });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function typeAndWait(text) {
  await page.fill('#text', '');
  await page.type('#text', text);
  await page.waitForFunction((t) => document.querySelector('#text').value === t && document.querySelectorAll('.token').length > 0, text);
}

test('the page loads the package and tokenizes the default text with no errors', async () => {
  const stats = await page.textContent('#stats');
  assert.match(stats, /^\d+ tokens · \d+ characters · [\d.]+ characters per token$/);
  assert.deepEqual(problems, []);
});

test('word level: typing shows one span per word, [UNK] for unknown words, and the count', async () => {
  await page.selectOption('#tokenizer', 'word');
  await typeAndWait('Who is Dawg?');
  await page.waitForFunction(() => document.querySelector('#stats').textContent.startsWith('4 tokens'));
  const tokens = await page.$$eval('.token', (els) => els.map((e) => e.textContent));
  assert.deepEqual(tokens, ['[UNK]', 'is', '[UNK]', '?']);
  assert.equal(await page.textContent('#stats'), '4 tokens · 12 characters · 3.00 characters per token');
  const title = await page.getAttribute('.token >> nth=1', 'title');
  assert.match(title, /^id \d+ · token "is" · text "is" · offsets \[4, 6\)$/);
  await page.screenshot({ path: new URL('demo-word.png', shots).pathname, fullPage: true });
});

test('byte level: an emoji is four byte tokens and the count is the UTF-8 length', async () => {
  await page.selectOption('#tokenizer', 'byte');
  await typeAndWait('dog 🙂');
  await page.waitForFunction(() => document.querySelector('#stats').textContent.startsWith('8 tokens'));
  const tokens = await page.$$eval('.token', (els) => els.map((e) => e.textContent));
  assert.deepEqual(tokens, ['d', 'o', 'g', '·', '<0xF0>', '<0x9F>', '<0x99>', '<0x82>']);
  assert.equal(await page.textContent('#stats'), '8 tokens · 5 characters · 0.63 characters per token');
  await page.screenshot({ path: new URL('demo-byte.png', shots).pathname, fullPage: true });
});

test('token text is rendered as text, never as HTML', async () => {
  await page.selectOption('#tokenizer', 'character');
  await typeAndWait('<img src=x onerror=alert(1)>');
  assert.equal(await page.$$eval('#tokens img', (els) => els.length), 0);
  assert.deepEqual(problems, []);
});

test('GPT-4 (cl100k_base) in the page: the token count equals tiktoken\'s, and a typed special token shows as special', async () => {
  const { createRequire } = await import('node:module');
  const tiktoken = createRequire(import.meta.url)('tiktoken');
  const ref = tiktoken.get_encoding('cl100k_base');
  const text = 'Hello world, 👋🏽! <|endoftext|> 12.0*50=600';
  const expected = ref.encode(text, 'all').length;
  ref.free();
  await page.selectOption('#tokenizer', 'cl100k');
  await typeAndWait(text);
  await page.waitForFunction((n) => document.querySelector('#stats').textContent.startsWith(`${n} tokens`), expected);
  const special = await page.$$eval('.token.special', (els) => els.map((e) => e.textContent));
  assert.deepEqual(special, ['<|endoftext|>']);
  await page.screenshot({ path: new URL('demo-cl100k.png', shots).pathname, fullPage: true });
  assert.deepEqual(problems, []);
});
