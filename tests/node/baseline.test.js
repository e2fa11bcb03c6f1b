// The baseline tokenizers through the public package API.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { Tokenizer, TokvecError } from 'tokvec';
import { prng, randomText } from '../helpers/random.js';

// Each token's offsets slice the input back to text that the token stands for.
function spans(text, e) {
  return e.tokens.map((_, i) => text.slice(e.offsets[2 * i], e.offsets[2 * i + 1]));
}

test('word level: the dog table comes out as the seed shows, with and without lowercasing', async () => {
  const corpus = 'the dog chased the cat and the dog won';
  const cased = await Tokenizer.wordLevel({ corpus });
  const lower = await Tokenizer.wordLevel({ corpus, lowercase: true });
  const dog = cased.tokenToId('dog');
  assert.notEqual(dog, undefined);
  const table = ['dog', 'Dog', 'DOg', 'Dawg'].map((w) => [w, cased.encode(w).tokens[0], lower.encode(w).tokens[0]]);
  assert.deepEqual(table, [
    ['dog', 'dog', 'dog'],
    ['Dog', '[UNK]', 'dog'],
    ['DOg', '[UNK]', 'dog'],
    ['Dawg', '[UNK]', '[UNK]'],
  ]);
  assert.deepEqual([...lower.encode('Dog DOg').ids], [dog, dog]);
  cased.dispose();
  lower.dispose();
});

test('word level: ids are [UNK] first, then by count, ties in byte order', async () => {
  const t = await Tokenizer.wordLevel({ corpus: 'b a b c a b' });
  assert.deepEqual([0, 1, 2, 3].map((id) => t.idToToken(id)), ['[UNK]', 'b', 'a', 'c']);
  assert.equal(t.vocabSize, 4);
  const trimmed = await Tokenizer.wordLevel({ corpus: 'b a b c a b', minFrequency: 2 });
  assert.equal(trimmed.vocabSize, 3);
  const capped = await Tokenizer.wordLevel({ corpus: 'b a b c a b', maxVocab: 2 });
  assert.deepEqual(capped.encode('a b').tokens, ['[UNK]', 'b']);
  for (const x of [t, trimmed, capped]) x.dispose();
});

test('word level: splits punctuation from words, offsets slice back to each word', async () => {
  const t = await Tokenizer.wordLevel({ corpus: 'who is dawg ?' });
  const text = 'Who is  dawg?!';
  const e = t.encode(text);
  assert.deepEqual(e.tokens, ['[UNK]', 'is', 'dawg', '[UNK]']);
  assert.deepEqual(spans(text, e), ['Who', 'is', 'dawg', '?!']);
  assert.deepEqual([...e.offsets], [0, 3, 4, 6, 8, 12, 12, 14]);
  assert.equal(t.decode(e.ids), '[UNK] is dawg [UNK]');
  t.dispose();
});

test('word level: a given vocabulary keeps its ids and gains [UNK] at the end', async () => {
  const t = await Tokenizer.wordLevel({ vocab: ['hello', 'world'] });
  assert.equal(t.tokenToId('world'), 1);
  assert.equal(t.tokenToId('[UNK]'), 2);
  assert.equal(t.tokenToId('nope'), undefined);
  assert.deepEqual([...t.encode('hello, world').ids], [0, 2, 1]);
  t.dispose();
});

test('word level: lowercased offsets still point into the original text', async () => {
  const text = 'ÉCOLE and İstanbul';
  const t = await Tokenizer.wordLevel({ corpus: text, lowercase: true });
  const e = t.encode(text);
  assert.deepEqual(e.tokens, ['école', 'and', 'i̇stanbul']);
  assert.deepEqual(spans(text, e), ['ÉCOLE', 'and', 'İstanbul']);
  t.dispose();
});

test('character level: one token per code point, emoji included, unseen ones are [UNK]', async () => {
  const t = await Tokenizer.characterLevel({ corpus: 'abba 😀' });
  const text = 'ab 😀z';
  const e = t.encode(text);
  assert.deepEqual(e.tokens, ['a', 'b', ' ', '😀', '[UNK]']);
  assert.deepEqual(spans(text, e), ['a', 'b', ' ', '😀', 'z']);
  assert.equal(t.decode(e.ids), 'ab 😀[UNK]');
  t.dispose();
});

test('byte level: 256 ids, UTF-8 bytes in order, printable ASCII shown as itself', async () => {
  const t = await Tokenizer.byteLevel();
  assert.equal(t.vocabSize, 256);
  const e = t.encode('hé😀');
  assert.deepEqual([...e.ids], [0x68, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80]);
  assert.deepEqual(e.tokens, ['h', '<0xC3>', '<0xA9>', '<0xF0>', '<0x9F>', '<0x98>', '<0x80>']);
  // A byte inside a character covers the whole character in UTF-16 offsets.
  assert.deepEqual([...e.offsets], [0, 1, 1, 2, 1, 2, 2, 4, 2, 4, 2, 4, 2, 4]);
  assert.equal(t.tokenToId('<0x0A>'), 10);
  assert.equal(t.idToToken(0x41), 'A');
  t.dispose();
});

test('byte level: decode(encode(s)) === s for seeded random Unicode (seed 20261122)', async () => {
  const t = await Tokenizer.byteLevel();
  const r = prng(20261122);
  for (let i = 0; i < 500; i++) {
    const s = randomText(r);
    // Lone surrogates cannot be UTF-8: they are read as U+FFFD, exactly as TextEncoder does.
    assert.equal(t.decode(t.encode(s).ids), s.toWellFormed(), `round trip of ${JSON.stringify(s)}`);
  }
  t.dispose();
});

test('character level: decode(encode(s)) === s when the corpus holds every character (seed 7)', async () => {
  const r = prng(7);
  for (let i = 0; i < 100; i++) {
    const s = randomText(r).toWellFormed();
    const t = await Tokenizer.characterLevel({ corpus: s });
    const e = t.encode(s);
    assert.equal(t.decode(e.ids), s);
    assert.equal(spans(s, e).join(''), s);
    t.dispose();
  }
});

test('lone surrogates are read as U+FFFD and offsets still index the original string', async () => {
  const t = await Tokenizer.characterLevel({ corpus: 'a\uFFFDb' });
  const text = 'a\uD800b';
  const e = t.encode(text);
  assert.deepEqual(e.tokens, ['a', '\uFFFD', 'b']);
  assert.deepEqual([...e.offsets], [0, 1, 1, 2, 2, 3]);
  t.dispose();
});

test('bad arguments throw TokvecError naming the problem, and the tokenizer stays usable', async () => {
  const t = await Tokenizer.byteLevel();
  const expectError = (fn, code, message) =>
    assert.throws(fn, (err) => err instanceof TokvecError && err.code === code && message.test(err.message));
  expectError(() => t.encode(5), 'invalid_argument', /^Tokenizer\.encode: text: expected a string, got number$/);
  expectError(() => t.encode('x', { addSpecialTokens: 'yes' }), 'invalid_argument', /addSpecialTokens: expected a boolean/);
  expectError(() => t.encode('x', { nope: 1 }), 'invalid_argument', /unknown option "nope"/);
  expectError(() => t.decode([1, 300]), 'out_of_range', /^decode: ids\[1\] = 300 is out of range \(vocab size 256\)$/);
  expectError(() => t.decode([1, -1]), 'invalid_argument', /ids\[1\] = -1 is not a token id/);
  expectError(() => t.decode('abc'), 'invalid_argument', /expected an array of token ids, got string/);
  expectError(() => t.idToToken(256), 'out_of_range', /id 256 is out of range/);
  expectError(() => t.tokenToId(null), 'invalid_argument', /expected a string, got null/);
  assert.equal(t.decode(t.encode('still fine').ids), 'still fine');
  t.dispose();
});

test('bad factory options throw TokvecError before anything is built', async () => {
  const rejects = (p, message) => assert.rejects(p, (err) => err instanceof TokvecError && message.test(err.message));
  await rejects(Tokenizer.wordLevel({ corpus: 5 }), /corpus: expected a string, got number/);
  await rejects(Tokenizer.wordLevel({ corpus: 'a', lowercase: 1 }), /lowercase: expected a boolean/);
  await rejects(Tokenizer.wordLevel({ corpus: 'a', vocab: ['a'] }), /exactly one of corpus or vocab/);
  await rejects(Tokenizer.wordLevel({ vocab: ['a', 'a'] }), /token "a" appears twice \(ids 0 and 1\)/);
  await rejects(Tokenizer.wordLevel({ corpus: 'a', minFrequency: -1 }), /minFrequency: expected a whole number/);
  await rejects(Tokenizer.wordLevel({ corpus: 'a', maxVocab: 1 }), /maxVocab 1 leaves room for the unknown token only/);
  await rejects(Tokenizer.characterLevel({ vocab: ['ab'] }), /vocab\[0\] = "ab" is not a single character/);
  await rejects(Tokenizer.wordLevel('the dog'), /options must be an object, got string/);
});

test('dispose frees the tokenizer, is safe twice, and later use throws a clear error', async () => {
  const t = await Tokenizer.byteLevel();
  t.dispose();
  t.dispose();
  assert.throws(() => t.encode('x'), (err) => err.code === 'disposed' && /Tokenizer\.encode: this tokenizer has been disposed/.test(err.message));
  assert.throws(() => t.vocabSize, /disposed/);
  const u = await Tokenizer.byteLevel();
  u[Symbol.dispose]();
  assert.throws(() => u.decode([1]), /disposed/);
});
