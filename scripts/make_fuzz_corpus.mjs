// Writes the seed corpora of the libFuzzer targets (tests/fuzz/corpus/TARGET/), all made from our
// own fixtures in tests/native/data or written here by hand: small tokenizer.json files with one
// stage of each kind, truncations of the fixtures at structural points, tiny embedding files in
// every format. Run it again after changing a fixture: node scripts/make_fuzz_corpus.mjs
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const data = (name) => readFileSync(join(root, 'tests/native/data', name));
const json = (name) => JSON.parse(data(name).toString('utf8'));

const corpora = new Map();
function seed(target, bytes) {
  if (!corpora.has(target)) corpora.set(target, new Map());
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
  // Named by content, as libFuzzer names its own corpus files.
  corpora.get(target).set(createHash('sha1').update(buffer).digest('hex'), buffer);
}
// A prefix ending at each of `count` evenly spaced points: truncated files exercise every
// "input ends inside X" path.
function truncations(target, bytes, count) {
  for (let i = 1; i < count; ++i) seed(target, bytes.subarray(0, Math.floor((bytes.length * i) / count)));
}

// tokenizer.json: the fixtures, each stage configuration of the goldens around a tiny model, the
// BPE fixtures as whole tokenizers, post-processors with added tokens.
const wordLevel = { type: 'WordLevel', vocab: { '[UNK]': 0, hello: 1, world: 2, ',': 3, '!': 4, '▁': 5, 'Ġ': 6 }, unk_token: '[UNK]' };
const tokenizerJson = (parts) => JSON.stringify({ version: '1.0', truncation: null, padding: null, added_tokens: [],
  normalizer: null, pre_tokenizer: null, post_processor: null, decoder: null, model: wordLevel, ...parts });
for (const name of ['model_word_piece.json', 'model_unigram.json', 'model_unigram_no_unk.json', 'model_unigram_byte_fallback.json']) {
  seed('tokenizer_json', data(name));
}
truncations('tokenizer_json', data('model_word_piece.json'), 8);
for (const { normalizer } of json('normalizer_goldens.json').cases) seed('tokenizer_json', tokenizerJson({ normalizer }));
for (const { config } of json('pre_tokenizer_goldens.json').pre_tokenizers) seed('tokenizer_json', tokenizerJson({ pre_tokenizer: config }));
for (const { config } of json('decoder_goldens.json').decoders) seed('tokenizer_json', tokenizerJson({ decoder: config }));
for (const fixture of json('bpe_fixtures.json').fixtures) {
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
  seed('tokenizer_json', tokenizerJson({ model: fixture.model, pre_tokenizer: fixture.byte_level ? byteLevel : null,
    decoder: fixture.byte_level ? byteLevel : null }));
}
const added = [{ id: 7, content: '[CLS]', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
  { id: 8, content: '[SEP]', single_word: false, lstrip: true, rstrip: true, normalized: false, special: true },
  { id: 9, content: 'hel', single_word: true, lstrip: false, rstrip: false, normalized: true, special: false }];
seed('tokenizer_json', tokenizerJson({ added_tokens: added, post_processor: { type: 'TemplateProcessing',
  single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
  pair: [{ Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
  special_tokens: { '[CLS]': { id: '[CLS]', ids: [7], tokens: ['[CLS]'] }, '[SEP]': { id: '[SEP]', ids: [8], tokens: ['[SEP]'] } } } }));
seed('tokenizer_json', tokenizerJson({ added_tokens: added, post_processor: { type: 'BertProcessing', sep: ['[SEP]', 8], cls: ['[CLS]', 7] } }));
seed('tokenizer_json', tokenizerJson({ added_tokens: added, post_processor: { type: 'RobertaProcessing', sep: ['[SEP]', 8], cls: ['[CLS]', 7], trim_offsets: true, add_prefix_space: true } }));
seed('tokenizer_json', tokenizerJson({ post_processor: { type: 'ByteLevel', trim_offsets: true } }));

// .tiktoken: every byte, then a few merged tokens; and broken lines.
const tiktokenLines = [];
for (let b = 0; b < 256; ++b) tiktokenLines.push(`${Buffer.from([b]).toString('base64')} ${b}`);
['he', 'll', 'hell', 'hello', ' w', 'or', ' wor', ' world', 'aa', 'aaaa'].forEach((t, i) => tiktokenLines.push(`${Buffer.from(t).toString('base64')} ${256 + i}`));
const tiktoken = Buffer.from(tiktokenLines.join('\n') + '\n');
seed('tiktoken', tiktoken);
truncations('tiktoken', tiktoken, 6);
seed('tiktoken', 'YQ== 0\nYg== 1\nYWI= 2\n');
seed('tiktoken', 'YQ== 0\nYQ== 1\n');
seed('tiktoken', 'YQ== 4294967295\n');
seed('tiktoken', 'Y@== 0\n');
seed('tiktoken', 'YQ==\n');

// vocab.txt: the WordPiece fixture's vocabulary in id order, with BERT's special tokens first.
const wordPiece = json('model_word_piece.json').model.vocab;
const vocabTxt = Buffer.from(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]',
  ...Object.entries(wordPiece).sort((a, b) => a[1] - b[1]).map(([token]) => token)].join('\n') + '\n');
seed('vocab_txt', vocabTxt);
truncations('vocab_txt', vocabTxt, 6);
seed('vocab_txt', '[UNK]\r\nun\r\n##aff\r\n##able\r\n');
seed('vocab_txt', '[UNK]\n\n\nx\n[UNK]\n');

// SentencePiece .model: both fixtures and their truncations (each cut lands inside some field).
for (const name of ['model_sentencepiece_unigram.model', 'model_sentencepiece_unigram_bytes.model']) {
  seed('sentencepiece_model', data(name));
  truncations('sentencepiece_model', data(name), 10);
}

// Embedding targets take one leading byte choosing the chunk size (tests/fuzz/embeddings_fuzz.h).
const withChunk = (chunk, bytes) => Buffer.concat([Buffer.from([chunk]), Buffer.from(bytes)]);
const f32 = (values) => Buffer.from(new Float32Array(values).buffer);
const glove = 'the 0.1 -0.2 0.3 0.4\nof 1e-3 2 -3.5 4\nto 0 0 0 0\n';
for (const [chunk, text] of [[0, glove], [3, glove], [0x85, '3 4\n' + glove], [7, '2 3 \nthe 1 2 3 \nof 4 5 6 \n'],
  [1, 'new york 1 2\nlos angeles 3 4\n'], [2, 'a 1 nan\n'], [9, '2 2\na 1 2\n'], [4, 'a 1e39 2\n']]) {
  seed('embeddings_text', withChunk(chunk, text));
}
const w2vBinary = Buffer.concat([Buffer.from('2 3\n'), Buffer.from('the '), f32([1, 2, 3]), Buffer.from('\nof '), f32([-1, 0.5, 4]), Buffer.from('\n')]);
seed('word2vec_binary', withChunk(0, w2vBinary));
seed('word2vec_binary', withChunk(0x83, w2vBinary));
truncations('word2vec_binary', withChunk(5, w2vBinary), 6);
seed('word2vec_binary', withChunk(1, Buffer.concat([Buffer.from('1 2\n\n\nword '), f32([1, 2])])));
seed('word2vec_binary', withChunk(2, '1000000000 1000000\n'));

const safetensors = (header, payload) => {
  const h = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(h.length));
  return Buffer.concat([length, h, payload]);
};
const st = safetensors({ w: { dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] } }, f32([1, 2, 3, 4, 5, 6]));
seed('safetensors', withChunk(0, st));
truncations('safetensors', withChunk(0x87, st), 5);
seed('safetensors', withChunk(3, safetensors({ __metadata__: { format: 'pt' }, w: { dtype: 'F16', shape: [1, 2], data_offsets: [0, 4] } }, Buffer.from([0, 0x3c, 0, 0xc0]))));
seed('safetensors', withChunk(1, safetensors({ w: { dtype: 'BF16', shape: [2], data_offsets: [0, 4] } }, Buffer.from([0x80, 0x3f, 0, 0xc0]))));
seed('safetensors', withChunk(2, safetensors({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, b: { dtype: 'I64', shape: [1], data_offsets: [4, 12] } }, f32([1, 2, 3]))));

const npy = (descr, shape, payload, version = 1) => {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const prefix = version === 1 ? 10 : 12;
  header += ' '.repeat((64 - ((prefix + header.length + 1) % 64)) % 64) + '\n';
  const length = Buffer.alloc(version === 1 ? 2 : 4);
  if (version === 1) length.writeUInt16LE(header.length); else length.writeUInt32LE(header.length);
  return Buffer.concat([Buffer.from('\x93NUMPY', 'latin1'), Buffer.from([version, 0]), length, Buffer.from(header, 'latin1'), payload]);
};
const npyF4 = npy('<f4', [2, 3], f32([1, 2, 3, 4, 5, 6]));
seed('npy', withChunk(0, npyF4));
truncations('npy', withChunk(0x86, npyF4), 5);
seed('npy', withChunk(2, npy('<f2', [2, 2], Buffer.from([0, 0x3c, 0, 0xc0, 0, 0, 0, 0x7c]))));
seed('npy', withChunk(1, npy('<f4', [1, 2], f32([1, 2]), 2)));
seed('npy', withChunk(3, npy('>f8', [3], Buffer.alloc(24))));

// Round trips: the lines of the model corpus and text built to reach odd paths.
const lines = data('model_corpus.txt').toString('utf8').split('\n').filter((line) => line.length > 0);
const texts = [...lines, '', ' ', '  leading and trailing  ', 'a\u0301 e\u0301 ﬁ Ⅻ ｶ', 'emoji 🤗👍🏽 ZWJ 👨‍👩‍👧',
  '<|endoftext|> [CLS] <s> </s> <unk> ▁', '\u0000\u0001\t\r\n\u00a0\u3000', '1234567890123 3.14159', 'ÿþ\u00ff\ud7ff\ue000\uffff',
  'x'.repeat(300), 'ab'.repeat(100)];
for (const target of ['roundtrip_byte_level_bpe', 'roundtrip_word_piece', 'roundtrip_unigram', 'roundtrip_sentencepiece_bpe', 'roundtrip_baselines']) {
  for (const text of texts) seed(target, text);
  seed(target, Buffer.from([0xff, 0xc3, 0x28, 0xe2, 0x82, 0x61, 0xf0, 0x9f, 0x98]));  // invalid UTF-8
}

// Trainers: an options line, then the corpus. Each style (byte-level BPE with and without a
// pattern, SentencePiece-style BPE with byte fallback, WordPiece), the options that bound the
// alphabet and the tokens, and corpora of the model corpus, odd text and nothing.
const trainCorpus = [lines.join('\n'), texts.slice(-9).join('\n'), '', 'aaaaaaaaaaaaaaaa\nab ab ab ab\n日本語 日本 本語'];
const trainOptions = [{ vocabSize: 300 }, { vocabSize: 280, pattern: "\\w+|\\s+", minFrequency: 2 },
  { byteLevel: false, byteFallback: true, vocabSize: 400, specialTokens: ['<unk>', '<s>'], unkToken: '<unk>' },
  { byteLevel: false, vocabSize: 60, limitAlphabet: 20, maxTokenLength: 3 },
  { model: 'wordpiece', vocabSize: 120, specialTokens: ['[PAD]', '[UNK]', '[CLS]', '[SEP]'] },
  { model: 'wordpiece', lowercase: false, vocabSize: 80, initialAlphabet: ['a', 'é'] }, { vocabSize: 1 }];
trainOptions.forEach((options, i) => seed('train_tokenizer', `${JSON.stringify(options)}\n${trainCorpus[i % trainCorpus.length]}`));

// Truncation and padding: five setting bytes (maxLength, stride, flags, padding length, multiple
// and padding on/off; see the target), then a text and, after 0xFF, its pair.
const settings = [[8, 2, 0, 0, 0], [12, 0, 1, 16, 8], [5, 4, 2, 0, 12], [0, 0, 4, 63, 15], [30, 9, 8 | 16, 0, 9], [3, 1, 32, 7, 10]];
for (const [i, bytes] of settings.entries()) {
  seed('truncation_padding', Buffer.concat([Buffer.from(bytes), Buffer.from(lines[i % lines.length]), Buffer.from([0xff]),
    Buffer.from(lines[(i + 1) % lines.length])]));
}
seed('truncation_padding', Buffer.concat([Buffer.from([6, 1, 0, 0, 0]), Buffer.from('a b c d e f g h i j')]));

for (const [target, files] of corpora) {
  const dir = join(root, 'tests/fuzz/corpus', target);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of files) writeFileSync(join(dir, name), bytes);
  console.log(`${target}: ${files.size} seeds`);
}
