// What every hostile-input case checks, and the small valid files the cases are cut from.
//
// A case is { name, run, code, message }: `run` must fail with a TokvecError whose code is `code`
// and whose message matches `message` (which says where and what). The wasm heap must be where it
// was before: the case runs once to warm up (the scratch buffer grows, lazily built tables
// appear), then the heap is measured around a second run. (Measured around the case alone: the
// probe's own allocations can land in a free chunk dlmalloc does not split, which moves the count
// by 8 bytes without anything leaking.) Then `probe`, calls that must succeed, shows the module is
// still usable.
import assert from 'node:assert/strict';

import { TokvecError, init } from '../../bindings/tokvec.js';

export async function outcome(run) {
  try {
    await run();
  } catch (e) {
    return e;
  }
  return null;
}

export function assertTokvecError(e, code, message, name) {
  assert.ok(e, `${name}: expected a TokvecError, but the call succeeded`);
  assert.ok(e instanceof TokvecError, `${name}: expected a TokvecError, got ${e?.stack ?? e}`);
  assert.equal(e.code, code, `${name}: code of "${e.message}"`);
  assert.match(e.message, message, `${name}: message`);
}

// Runs every case and reports all that failed at once, so one run shows the whole table's state.
export async function checkCases(cases, probe) {
  const core = await init();
  const failures = [];
  for (const c of cases) {
    try {
      await outcome(c.run);
      await probe();
      const before = core.module.heapInUse();
      assertTokvecError(await outcome(c.run), c.code, c.message, c.name);
      assert.equal(core.module.heapInUse(), before, `${c.name}: the wasm heap did not return to its baseline`);
      await probe();
    } catch (e) {
      failures.push(e.code === 'ERR_ASSERTION' ? `${e.message}${e.actual !== undefined ? ` (got ${JSON.stringify(e.actual)})` : ''}` : `${c.name}: ${e.stack}`);
    }
  }
  assert.equal(failures.length, 0, `${failures.length} of ${cases.length} cases failed:\n${failures.join('\n')}`);
}

// ---------------------------------------------------------------------------------------------
// Cutting points.

// Offsets just after each JSON token (punctuation, string, number, literal) except the last:
// every prefix there is well-formed so far and ends too early.
export function jsonTokenEnds(text) {
  const ends = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
      i++;
    } else if (/[-0-9]/.test(c)) {
      while (i < text.length && /[-+.eE0-9]/.test(text[i])) i++;
    } else if (/[a-z]/.test(c)) {
      while (i < text.length && /[a-z]/.test(text[i])) i++;
    } else {
      i++;
    }
    ends.push(i);
  }
  ends.pop();
  return ends;
}

// Offsets of each top-level protobuf field's end (where a prefix is a shorter, well-formed message).
export function protobufFieldEnds(bytes) {
  const ends = new Set([0]);
  let i = 0;
  const varint = () => {
    let v = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[i++];
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
    }
  };
  while (i < bytes.length) {
    const wire = varint() & 7;
    if (wire === 0) varint();
    else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else {
      const length = varint();
      i += length;
    }
    ends.add(i);
  }
  return ends;
}

// ---------------------------------------------------------------------------------------------
// Small valid files, made here.

const encoder = new TextEncoder();
export const utf8 = (s) => encoder.encode(s);

// GPT-2's byte ↔ character table (bytes_to_unicode in openai/gpt-2 encoder.py).
export const byteChars = (() => {
  const printable = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const chars = new Array(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) chars[b] = String.fromCodePoint(printable.includes(b) ? b : 256 + extra++);
  return chars;
})();

// A byte-level BPE: every byte, then "he", "ll", "hell", "hello" and a special token.
const merges = [['h', 'e'], ['l', 'l'], ['he', 'll'], ['hell', 'o']];
const bpeVocab = Object.fromEntries(byteChars.map((c, b) => [c, b]));
merges.forEach(([a, b], i) => (bpeVocab[a + b] = 256 + i));

export const bpeTokenizerJson = JSON.stringify({
  version: '1.0',
  added_tokens: [{ id: 260, content: '<|end|>', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }],
  normalizer: null,
  pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
  post_processor: null,
  decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
  model: { type: 'BPE', dropout: null, unk_token: null, fuse_unk: false, byte_fallback: false, vocab: bpeVocab, merges: merges.map((m) => m.join(' ')) },
}, null, 1);

export const wordPieceTokenizerJson = JSON.stringify({
  version: '1.0',
  added_tokens: [],
  normalizer: { type: 'Lowercase' },
  pre_tokenizer: { type: 'Whitespace' },
  model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: { '[UNK]': 0, a: 1, b: 2, '##a': 3, '##b': 4, ab: 5 } },
});

export const unigramTokenizerJson = JSON.stringify({
  version: '1.0',
  added_tokens: [],
  pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
  decoder: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
  model: { type: 'Unigram', unk_id: 0, byte_fallback: false, vocab: [['<unk>', 0], ['▁', -2], ['a', -3], ['b', -3], ['▁ab', -4], ['ab', -3.5]] },
});

// tiktoken's rank file: base64 of each token's bytes, a space, its rank.
export const tiktokenRanks = [
  ...Array.from({ length: 256 }, (_, b) => `${Buffer.from([b]).toString('base64')} ${b}`),
  ...merges.map(([a, b], i) => `${Buffer.from(a + b).toString('base64')} ${256 + i}`),
].join('\n') + '\n';
export const gpt2Pattern = "'(?:[sdmt]|ll|ve|re)| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

export const gpt2EncoderJson = JSON.stringify(bpeVocab);
export const gpt2VocabBpe = `#version: 0.2\n${merges.map((m) => m.join(' ')).join('\n')}\n`;

export const wordPieceVocabTxt = '[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nhello\nworld\n##s\n';

export const gloveText = 'the 0.1 0.2 0.3\ncat 0.4 0.5 0.6\ndog 0.7 0.8 0.9\n';
export const word2vecText = '3 3\nthe 0.1 0.2 0.3\ncat 0.4 0.5 0.6\ndog 0.7 0.8 0.9\n';
export const fastTextVec = '3 3\nthe 0.1 0.2 0.3 \ncat 0.4 0.5 0.6 \ndog 0.7 0.8 0.9 \n';

export function word2vecBinary(rows = [['the', [0.1, 0.2, 0.3]], ['cat', [0.4, 0.5, 0.6]]], header = `${rows.length} 3`) {
  const parts = [utf8(`${header}\n`)];
  for (const [word, values] of rows) {
    parts.push(utf8(`${word} `), new Uint8Array(Float32Array.from(values).buffer), utf8('\n'));
  }
  return Buffer.concat(parts);
}

export function safetensors(header, data) {
  const json = header instanceof Uint8Array ? header : utf8(typeof header === 'string' ? header : JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, json, data]);
}
export const safetensorsValid = safetensors(
  { 'wte.weight': { dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] } },
  Buffer.from(Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]).buffer),
);

export function npy(header, data, { major = 1 } = {}) {
  let dict = header;
  const prefix = 6 + 2 + (major === 1 ? 2 : 4);
  const pad = 64 - ((prefix + dict.length + 1) % 64);
  dict = dict + ' '.repeat(pad % 64) + '\n';
  const head = Buffer.alloc(prefix);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = major;
  head[7] = 0;
  if (major === 1) head.writeUInt16LE(dict.length, 8);
  else head.writeUInt32LE(dict.length, 8);
  return Buffer.concat([head, Buffer.from(dict, 'latin1'), data]);
}
export const npyValid = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
  Buffer.from(Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]).buffer));

export const winkJson = JSON.stringify({
  precision: 4, l2NormIndex: 3, wordIndex: 4, size: 2, dimensions: 3,
  words: ['the', 'cat'],
  vectors: { the: [0.1, 0.2, 0.3, 0.3742, 0], cat: [0.4, 0.5, 0.6, 0.8775, 1] },
  unkVector: [0, 0, 0],
});
