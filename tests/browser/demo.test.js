// The demo's Tokenize view in a real browser (Debian's Chromium driven by playwright-core): a
// person types, picks a tokenizer or drops in a file, and sees token spans, details, ids, counts
// and the ids streamed back to text. Expected counts come from the reference libraries or from the
// package run in Node on the same files. Screenshots go to test-results/ (ignored).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

import { Tokenizer } from '../../bindings/tokvec.js';
import { openDemo, shot, typeInto } from '../helpers/browser.js';

const data = new URL('../../web/data/', import.meta.url);
let demo, page, problems;

before(async () => {
  ({ page, problems, ...demo } = await openDemo());
  await page.waitForSelector('body[data-ready="true"]');
});

after(() => demo?.close());

async function typeAndWait(text) {
  await typeInto(page, '#text', text);
  // Spans are drawn when the worker answers: wait until they are this text's.
  await page.waitForFunction((t) => document.querySelector('#text').value === t && !document.body.dataset.rendering && document.querySelectorAll('#tokens .token').length > 0, text);
}

const statsStartWith = (prefix) => page.waitForFunction((p) => document.querySelector('#stats').textContent.startsWith(p), prefix);

test('the page loads the package and tokenizes the default text with no errors', async () => {
  const stats = await page.textContent('#stats');
  assert.match(stats, /^\d+ tokens · \d+ characters · [\d.]+ characters per token$/);
  assert.deepEqual(problems, []);
});

test('word level: typing shows one span per word, [UNK] for unknown words, and the count', async () => {
  await page.selectOption('#tokenizer', 'word');
  await typeAndWait('Who is Dawg?');
  await statsStartWith('4 tokens');
  const tokens = await page.$$eval('#tokens .token', (els) => els.map((e) => e.textContent));
  assert.deepEqual(tokens, ['[UNK]', 'is', '[UNK]', '?']);
  assert.equal(await page.textContent('#stats'), '4 tokens · 12 characters · 3.00 characters per token');
  const title = await page.getAttribute('#tokens .token >> nth=1', 'title');
  assert.match(title, /^id \d+ · token "is" · bytes 69 73 · text "is" · offsets \[4, 6\)$/);
  // Hovering shows the same details in the details line.
  await page.hover('#tokens .token >> nth=1');
  assert.equal(await page.textContent('#token-details'), title);
  await page.screenshot({ path: shot('demo-word.png'), fullPage: true });
});

test('byte level: an emoji is four byte tokens, spaces are drawn visibly, and the count is the UTF-8 length', async () => {
  await page.selectOption('#tokenizer', 'byte');
  await typeAndWait('dog 🙂');
  await statsStartWith('8 tokens');
  const tokens = await page.$$eval('#tokens .token', (els) => els.map((e) => e.textContent));
  assert.deepEqual(tokens, ['d', 'o', 'g', '·', '<0xF0>', '<0x9F>', '<0x99>', '<0x82>']);
  assert.equal(await page.textContent('#stats'), '8 tokens · 5 characters · 0.63 characters per token');
  assert.equal(await page.$$eval('#tokens .token .ws', (els) => els.length), 1);
  await page.screenshot({ path: shot('demo-byte.png'), fullPage: true });
});

test('a newline and a tab are drawn as visible marks inside their tokens', async () => {
  await page.selectOption('#tokenizer', 'gpt2');
  await typeAndWait('a\tb\nc');
  const marks = await page.$$eval('#tokens .ws', (els) => els.map((e) => e.textContent));
  assert.deepEqual(marks, ['→', '↵\n']);
});

test('token text is rendered as text, never as HTML', async () => {
  await page.selectOption('#tokenizer', 'character');
  await typeAndWait('<img src=x onerror=alert(1)>');
  assert.equal(await page.$$eval('img', (els) => els.length), 0);
  assert.ok((await page.textContent('#tokens')).includes('<img'));
  assert.deepEqual(problems, []);
});

test('GPT-4 (cl100k_base): the count equals tiktoken\'s, a typed special token shows as special, focus shows a token\'s bytes', async () => {
  const tiktoken = createRequire(import.meta.url)('tiktoken');
  const ref = tiktoken.get_encoding('cl100k_base');
  const text = 'Hello world, 👋🏽! <|endoftext|> 12.0*50=600';
  const expected = ref.encode(text, 'all');
  ref.free();
  await page.selectOption('#tokenizer', 'cl100k');
  await typeAndWait(text);
  await statsStartWith(`${expected.length} tokens`);
  assert.equal(await page.textContent('#ids'), `[${[...expected].join(', ')}]`);
  const special = await page.$$eval('#tokens .token.special', (els) => els.map((e) => e.textContent));
  assert.deepEqual(special, ['<|endoftext|>']);
  // " world" is one token: its bytes are a space and "world".
  await page.focus('#tokens .token >> nth=1');
  const details = await page.textContent('#token-details');
  assert.match(details, /^id 1917 · token "Ġworld" · bytes 20 77 6F 72 6C 64 · text " world" · offsets \[5, 11\)$/);
  await page.screenshot({ path: shot('demo-cl100k.png'), fullPage: true });
  assert.deepEqual(problems, []);
});

test('the add-special-tokens toggle adds and removes Mistral\'s <s>', async () => {
  await page.selectOption('#tokenizer', 'mistral');
  await typeAndWait('The dog');
  await page.check('#add-special');
  await page.waitForFunction(() => document.querySelector('#tokens .token.special')?.textContent === '<s>');
  const withSpecial = await page.$$eval('#tokens .token', (els) => els.length);
  await page.uncheck('#add-special');
  await page.waitForFunction(() => document.querySelectorAll('#tokens .token.special').length === 0);
  assert.equal(await page.$$eval('#tokens .token', (els) => els.length), withSpecial - 1);
  await page.check('#add-special');
});

test('BERT uncased: WordPiece pieces, lowercased, between [CLS] and [SEP], as the package gives in Node', async () => {
  const text = 'Tokenization of UNAFFABLE words';
  const bert = await Tokenizer.fromWordPieceVocab(await readFile(new URL('bert-base-uncased.vocab.txt', data)));
  const expected = bert.encode(text).tokens;
  bert.dispose();
  await page.selectOption('#tokenizer', 'bert-uncased');
  await typeAndWait(text);
  await page.waitForFunction((n) => document.querySelectorAll('#tokens .token').length === n, expected.length);
  const tokens = await page.$$eval('#tokens .token', (els) => els.map((e) => e.dataset.token));
  assert.deepEqual(tokens, expected);
  assert.equal(tokens[0], '[CLS]');
  assert.ok(tokens.some((t) => t.startsWith('##')), tokens.join(' '));
  assert.deepEqual(await page.$$eval('#tokens .token.special', (els) => els.map((e) => e.textContent)), ['[CLS]', '[SEP]']);
});

test('streaming decode: GPT-2 tokens arrive one by one and no broken character ever shows', async () => {
  const text = 'Hi 🙂 数学は楽しい 👋🏽!';
  await page.selectOption('#tokenizer', 'gpt2');
  await typeAndWait(text);
  await page.waitForFunction(() => /^\d+ ids to decode\.$/.test(document.querySelector('#stream-status').textContent));
  // Every state the output passes through is recorded as the page shows it.
  await page.evaluate(() => {
    window.streamStates = [];
    new MutationObserver(() => window.streamStates.push(document.querySelector('#stream-text').textContent))
      .observe(document.querySelector('#stream-text'), { childList: true, characterData: true, subtree: true });
  });
  await page.click('#stream-step');
  await page.click('#stream-step');
  await page.waitForFunction(() => /^2 of \d+ ids decoded\.$/.test(document.querySelector('#stream-status').textContent));
  await page.selectOption('#stream-speed', '0');
  await page.click('#stream-play');
  await page.waitForSelector('#stream-text[data-done="true"]');
  assert.equal(await page.textContent('#stream-text'), text);
  const states = await page.evaluate(() => window.streamStates);
  assert.ok(states.length > 5, `${states.length} states`);
  for (const s of states) assert.ok(!s.includes('\uFFFD') && text.startsWith(s), `shown: ${JSON.stringify(s)}`);
  const log = await page.$$eval('#stream-log li', (els) => els.map((e) => e.textContent));
  assert.ok(log.some((l) => l.includes('held back')), 'some byte-level token ends inside a character');
  await page.locator('#tokenize').screenshot({ path: shot('demo-stream.png') });
});

test('a dropped-in BERT vocab.txt becomes a tokenizer and gives the package\'s ids', async () => {
  const vocab = await readFile(new URL('bert-base-uncased.vocab.txt', data));
  await page.setInputFiles('#tokenizer-file', { name: 'vocab.txt', mimeType: 'text/plain', buffer: vocab });
  await page.waitForFunction(() => document.querySelector('#file-message').textContent.startsWith('Loaded'));
  assert.equal(await page.textContent('#file-message'), 'Loaded vocab.txt (WordPiece, uncased).');
  assert.equal(await page.inputValue('#tokenizer'), 'file:vocab.txt');
  const text = 'Hello, World!';
  const bert = await Tokenizer.fromWordPieceVocab(vocab);
  const expected = [...bert.encode(text).ids];
  bert.dispose();
  await typeAndWait(text);
  await page.waitForFunction((ids) => document.querySelector('#ids').textContent === ids, `[${expected.join(', ')}]`);
});

test('a file dragged over the view marks it, and dropped becomes a tokenizer as a chosen one does', async () => {
  const vocab = await readFile(new URL('bert-base-uncased.vocab.txt', data), 'utf8');
  const dataTransfer = await page.evaluateHandle((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'dropped.txt', { type: 'text/plain' }));
    return transfer;
  }, vocab);
  await page.dispatchEvent('#tokenize', 'dragover', { dataTransfer });
  assert.equal(await page.getAttribute('#tokenize', 'class'), 'dragging');
  await page.dispatchEvent('#tokenize', 'dragleave', { dataTransfer });
  assert.equal(await page.getAttribute('#tokenize', 'class'), '');
  await page.dispatchEvent('#tokenize', 'dragover', { dataTransfer });
  await page.dispatchEvent('#tokenize', 'drop', { dataTransfer });
  await page.waitForFunction(() => document.querySelector('#file-message').textContent.startsWith('Loaded dropped.txt'));
  assert.equal(await page.textContent('#file-message'), 'Loaded dropped.txt (WordPiece, uncased).');
  assert.equal(await page.inputValue('#tokenizer'), 'file:dropped.txt');
  assert.equal(await page.getAttribute('#tokenize', 'class'), '');
});

// The other three formats a person may drop in; each must give the ids its reference gives.
async function dropIn(name, buffer) {
  await page.setInputFiles('#tokenizer-file', { name, mimeType: 'application/octet-stream', buffer });
  await page.waitForFunction((n) => document.querySelector('#file-message').textContent.startsWith(`Loaded ${n} (`), name);
  assert.equal(await page.inputValue('#tokenizer'), `file:${name}`);
}
const shownIds = () => page.textContent('#ids');

test('a dropped-in .tiktoken rank file is told by its number of ranks and gives tiktoken\'s ids', async () => {
  const text = 'Hello, World! 🙂 naïve   spaces';
  const tiktoken = createRequire(import.meta.url)('tiktoken');
  const ref = tiktoken.get_encoding('r50k_base');
  const expected = [...ref.encode(text)];
  ref.free();
  await dropIn('ranks.tiktoken', await readFile(new URL('r50k_base.tiktoken', data)));
  assert.equal(await page.textContent('#file-message'), 'Loaded ranks.tiktoken (50,257 ids).');
  await typeAndWait(text);
  assert.equal(await shownIds(), `[${expected.join(', ')}]`);
});

test('a dropped-in tokenizer.json gives the package\'s ids in Node, and a SentencePiece .model too', async (t) => {
  const text = 'Hello, World! 🙂 naïve';
  const json = await readFile(new URL('mistral.tokenizer.json', data));
  const mistral = await Tokenizer.fromJSON(json);
  const expected = [...mistral.encode(text).ids];
  mistral.dispose();
  await dropIn('my-tokenizer.json', json);
  await typeAndWait(text);
  assert.equal(await shownIds(), `[${expected.join(', ')}]`);
  let model;
  try {
    model = await readFile(new URL('../../../shared/data/tokenizers/llama2.tokenizer.model', import.meta.url));
  } catch {
    return t.skip('../shared/data/tokenizers/llama2.tokenizer.model is absent: the .model drop-in is not checked');
  }
  const llama2 = await Tokenizer.fromSentencePiece(model);
  const fromModel = [...llama2.encode(text).ids];
  llama2.dispose();
  // Llama 2's .model and Mistral's tokenizer.json are different vocabularies of one family.
  await dropIn('llama2.model', model);
  await typeAndWait(text);
  await page.waitForFunction((ids) => document.querySelector('#ids').textContent === ids, `[${fromModel.join(', ')}]`);
  assert.equal(fromModel[0], 1, '<s> first, as Llama 2 adds it');
});

test('a dropped-in file that is no tokenizer is named in a message and the page stays usable', async () => {
  await page.setInputFiles('#tokenizer-file', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('just some words\nand more\n') });
  await page.waitForFunction(() => document.querySelector('#file-message').textContent.startsWith('Could not'));
  // Plain text is read as a vocab.txt, which must have BERT's special tokens.
  assert.match(await page.textContent('#file-message'), /^Could not use notes\.txt: vocab\.txt: BERT needs the token "\[CLS\]"/);
  await page.selectOption('#tokenizer', 'byte');
  await typeAndWait('ok');
  await statsStartWith('2 tokens');
  assert.deepEqual(problems, []);
});

test('a dropped-in cased BERT vocab.txt is loaded cased', async (t) => {
  let vocab;
  try {
    vocab = await readFile(new URL('bert-base-cased.vocab.txt', data));
  } catch {
    return t.skip('web/data has no BERT cased vocabulary (../shared/data/tokenizers is absent at build time)');
  }
  await page.setInputFiles('#tokenizer-file', { name: 'cased.txt', mimeType: 'text/plain', buffer: vocab });
  await page.waitForFunction(() => document.querySelector('#file-message').textContent.startsWith('Loaded cased.txt'));
  assert.equal(await page.textContent('#file-message'), 'Loaded cased.txt (WordPiece, cased).');
  const bert = await Tokenizer.fromWordPieceVocab(vocab, { lowercase: false });
  const expected = bert.encode('Hello World').tokens;
  bert.dispose();
  await typeAndWait('Hello World');
  await page.waitForFunction((n) => document.querySelectorAll('#tokens .token').length === n, expected.length);
  assert.deepEqual(await page.$$eval('#tokens .token', (els) => els.map((e) => e.dataset.token)), expected);
  assert.ok(expected.includes('Hello'), expected.join(' '));
});

test('a dropped-in tokenizer is compared with the others', async () => {
  const text = 'Hello, World!';
  const vocab = await readFile(new URL('bert-base-uncased.vocab.txt', data));
  const bert = await Tokenizer.fromWordPieceVocab(vocab);
  const expected = bert.countTokens(text, { addSpecialTokens: false });
  bert.dispose();
  await page.evaluate((t) => (location.hash = `view=compare&text=${encodeURIComponent(t)}`), text);
  await page.waitForSelector('#compare-table tr[data-tokenizer="file:vocab.txt"] .count');
  assert.equal(await page.textContent('#compare-table tr[data-tokenizer="file:vocab.txt"] .count'), String(expected));
  assert.deepEqual(problems, []);
});
