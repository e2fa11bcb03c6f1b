// Hostile tokenizer files, one table per loader: empty, cut at every structural point, wrong
// types, huge declared sizes, non-finite scores, duplicates, invalid UTF-8 and lone surrogates,
// deep nesting. Each must give a TokvecError naming the problem (catalogue.js checks the code,
// the message, that the module stays usable and that the wasm heap returns to its baseline).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { Tokenizer } from '../../bindings/tokvec.js';
import {
  checkCases, outcome, assertTokvecError, jsonTokenEnds, protobufFieldEnds, utf8, bpeTokenizerJson, wordPieceTokenizerJson,
  unigramTokenizerJson, tiktokenRanks, gpt2Pattern, gpt2EncoderJson, gpt2VocabBpe, wordPieceVocabTxt,
} from './catalogue.js';

const sentencePieceModel = readFileSync(new URL('../native/data/model_sentencepiece_unigram.model', import.meta.url));

// The calls that must keep working after every case: a tokenizer made before still encodes, and
// a new one loads.
const kept = await Tokenizer.fromJSON(bpeTokenizerJson);
async function probe() {
  assert.deepEqual([...kept.encodeIds('hello')], [259]);
  const t = await Tokenizer.fromJSON(wordPieceTokenizerJson);
  assert.deepEqual([...t.encodeIds('ab')], [5]);
  t.dispose();
}

const load = (make) => async () => (await make()).dispose();
const fromJSON = (json) => load(() => Tokenizer.fromJSON(json));
const edit = (json, change) => {
  const o = JSON.parse(json);
  change(o);
  return JSON.stringify(o);
};
const notJson = /tokenizer\.json: not valid JSON at byte \d+/;

test('the valid fixtures load and encode', async () => {
  for (const json of [bpeTokenizerJson, wordPieceTokenizerJson, unigramTokenizerJson]) {
    const t = await Tokenizer.fromJSON(json);
    assert.ok(t.encodeIds('ab hello').length > 0);
    t.dispose();
  }
  const tk = await Tokenizer.fromTiktoken(tiktokenRanks, { pattern: gpt2Pattern });
  assert.deepEqual([...tk.encodeIds('hello')], [259]);
  tk.dispose();
  const g = await Tokenizer.fromGpt2Files(gpt2EncoderJson, gpt2VocabBpe);
  assert.deepEqual([...g.encodeIds('hello')], [259]);
  g.dispose();
  const w = await Tokenizer.fromWordPieceVocab(wordPieceVocabTxt);
  assert.deepEqual([...w.encodeIds('hello worlds')], [2, 5, 6, 7, 3]);
  w.dispose();
  const s = await Tokenizer.fromSentencePiece(sentencePieceModel);
  assert.ok(s.encodeIds('hello').length > 0);
  s.dispose();
});

test('tokenizer.json: empty, cut after every JSON token, wrong types, huge ids, duplicates, bad text, deep nesting', async () => {
  const cases = [
    { name: 'empty', run: fromJSON(''), code: 'parse_error', message: /^tokenizer\.json: the input is empty \(0 bytes\), expected a JSON document$/ },
    { name: 'empty bytes', run: fromJSON(new Uint8Array(0)), code: 'parse_error', message: /^tokenizer\.json: the input is empty \(0 bytes\)/ },
    { name: 'only whitespace', run: fromJSON(' \n\t'), code: 'parse_error', message: /^tokenizer\.json: the input is empty \(3 bytes\)/ },
    { name: 'a JSON array', run: fromJSON('[]'), code: 'parse_error', message: /tokenizer\.json.*expected an object, got array/ },
    { name: 'model is a number', run: fromJSON(edit(bpeTokenizerJson, (o) => (o.model = 5))), code: 'parse_error', message: /model.*expected an object, got number/ },
    { name: 'unknown model type', run: fromJSON(edit(bpeTokenizerJson, (o) => (o.model.type = 'Quantum'))), code: 'unsupported', message: /model.*"Quantum"/ },
    { name: 'BPE vocab is an array', run: fromJSON(edit(bpeTokenizerJson, (o) => (o.model.vocab = []))), code: 'parse_error', message: /model\.vocab.*expected an object/ },
    { name: 'merges is an object', run: fromJSON(edit(bpeTokenizerJson, (o) => (o.model.merges = {}))), code: 'parse_error', message: /model\.merges.*expected an array/ },
    { name: 'a merge of three parts', run: fromJSON(edit(bpeTokenizerJson, (o) => (o.model.merges[1] = 'l l l'))), code: 'parse_error', message: /model\.merges\[1\]: "l l l" has 3 parts, expected 2/ },
    { name: 'a merge of unknown tokens', run: fromJSON(edit(bpeTokenizerJson, (o) => (o.model.merges[0] = 'hé xyz'))), code: 'invalid_argument', message: /model\.merges\[0\].*not in the vocabulary/ },
    { name: 'a string id', run: fromJSON(edit(bpeTokenizerJson, (o) => (o.model.vocab.he = 'x'))), code: 'parse_error', message: /model\.vocab\.he: expected a number, got string/ },
    { name: 'a negative id', run: fromJSON(edit(bpeTokenizerJson, (o) => (o.model.vocab.he = -1))), code: 'parse_error', message: /model\.vocab\.he: expected a whole number from 0 to 4294967295, got -1/ },
    { name: 'a fractional id', run: fromJSON(edit(bpeTokenizerJson, (o) => (o.model.vocab.he = 1.5))), code: 'parse_error', message: /model\.vocab\.he: expected a whole number, got 1\.5/ },
    { name: 'a BPE id past maxVocabSize', run: fromJSON(edit(bpeTokenizerJson, (o) => (o.model.vocab.he = 10_000_000))), code: 'limit_exceeded', message: /^tokenizer\.json: model\.vocab\.he: id 10000000: the vocabulary size is 10000001, more than maxVocabSize \(4194304\); raise it with setLimits$/ },
    { name: 'an added token id of 2^32 - 1', run: fromJSON(edit(bpeTokenizerJson, (o) => (o.added_tokens[0].id = 4294967295))), code: 'limit_exceeded', message: /added token "<\|end\|>" \(id 4294967295\).*vocabulary size is 4294967296, more than maxVocabSize/ },
    { name: 'an added token id of 2^32', run: fromJSON(edit(bpeTokenizerJson, (o) => (o.added_tokens[0].id = 4294967296))), code: 'parse_error', message: /added_tokens\[0\]\.id: expected a whole number from 0 to 4294967295, got 4294967296/ },
    { name: 'added_tokens is a string', run: fromJSON(edit(bpeTokenizerJson, (o) => (o.added_tokens = 'x'))), code: 'parse_error', message: /added_tokens.*expected an array, got string/ },
    { name: 'two added tokens with one id', run: fromJSON(edit(bpeTokenizerJson, (o) => o.added_tokens.push({ ...o.added_tokens[0], content: '<|x|>' }))), code: 'invalid_argument', message: /added_tokens\[1\]: id 260 is used by added_tokens\[0\] too/ },
    { name: 'a WordPiece token twice (two ids)', run: fromJSON(wordPieceTokenizerJson.replace('"ab":5', '"ab":5,"a":6')), code: 'unsupported', message: /model\.vocab.*id/ },
    { name: 'WordPiece ids with a hole', run: fromJSON(edit(wordPieceTokenizerJson, (o) => (o.model.vocab.ab = 9))), code: 'unsupported', message: /model\.vocab\.ab: id 9 is out of range: the 6 tokens must have ids 0 to 5/ },
    { name: 'a Unigram score of 1e999', run: fromJSON(unigramTokenizerJson.replace('["a",-3]', '["a",-1e999]')), code: 'parse_error', message: /tokenizer\.json.*(overflow|finite|1e999)/ },
    { name: 'a Unigram score that is a string', run: fromJSON(edit(unigramTokenizerJson, (o) => (o.model.vocab[2][1] = 'NaN'))), code: 'parse_error', message: /model\.vocab\[2\].*expected a number, got string/ },
    { name: 'unk_id out of range', run: fromJSON(edit(unigramTokenizerJson, (o) => (o.model.unk_id = 99))), code: 'out_of_range', message: /unk_id.*99/ },
    { name: 'invalid UTF-8 in a token', run: fromJSON(Buffer.concat([utf8(wordPieceTokenizerJson.slice(0, wordPieceTokenizerJson.indexOf('"ab"') + 2)), Buffer.from([0xff]), utf8(wordPieceTokenizerJson.slice(wordPieceTokenizerJson.indexOf('"ab"') + 2))])), code: 'parse_error', message: /not valid JSON at byte \d+: .*(UTF-8|invalid)/ },
    { name: 'a lone surrogate escape', run: fromJSON(wordPieceTokenizerJson.replace('"ab"', '"\\ud800b"')), code: 'parse_error', message: /not valid JSON at byte \d+: .*surrogate/ },
    { name: 'arrays nested 100,000 deep', run: fromJSON('['.repeat(100_000) + ']'.repeat(100_000)), code: 'parse_error', message: /tokenizer\.json: nesting deeper than \d+/ },
    { name: 'objects nested 100,000 deep', run: fromJSON('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)), code: 'parse_error', message: /tokenizer\.json: nesting deeper than \d+/ },
    { name: 'nesting inside the model', run: fromJSON(bpeTokenizerJson.replace('"merges"', `"deep": ${'['.repeat(100_000)}${']'.repeat(100_000)}, "merges"`)), code: 'parse_error', message: /nesting deeper than/ },
  ];
  // Every token boundary, except that inside the BPE vocabulary (256 entries of one shape) every
  // 16th entry stands for the rest.
  const vocabStart = bpeTokenizerJson.indexOf('"vocab"'), vocabEnd = bpeTokenizerJson.indexOf('"merges"');
  const sampled = (json) => jsonTokenEnds(json).filter((end, i) => json !== bpeTokenizerJson || end < vocabStart || end > vocabEnd || i % 64 < 4);
  for (const [label, json] of [['BPE', bpeTokenizerJson], ['WordPiece', wordPieceTokenizerJson], ['Unigram', unigramTokenizerJson]]) {
    for (const end of sampled(json)) {
      cases.push({ name: `${label} cut at byte ${end}`, run: fromJSON(json.slice(0, end)), code: 'parse_error', message: notJson });
    }
  }
  await checkCases(cases, probe);
});

test('.tiktoken: empty, every line cut before its rank, bad base64 and ranks, duplicates, huge ranks, bad pattern and specials', async () => {
  const fromTiktoken = (ranks, options = { pattern: gpt2Pattern }) => load(() => Tokenizer.fromTiktoken(ranks, options));
  const lines = tiktokenRanks.split('\n').slice(0, -1);
  const cases = [
    { name: 'empty', run: fromTiktoken(''), code: 'parse_error', message: /^tiktoken ranks: no ranks \(the file is empty\)$/ },
    { name: 'blank lines', run: fromTiktoken('\n\r\n\n'), code: 'parse_error', message: /^tiktoken ranks: no ranks/ },
    { name: 'no rank for a byte', run: fromTiktoken(tiktokenRanks.replace('AA== 0\n', '')), code: 'invalid_argument', message: /^tiktoken ranks: byte 0x00 has no rank; every single byte must be a token$/ },
    { name: 'a rank that is not a number', run: fromTiktoken(tiktokenRanks.replace('aGU= 256', 'aGU= x')), code: 'parse_error', message: /line 257: "aGU= x": rank "x"/ },
    { name: 'three fields', run: fromTiktoken(tiktokenRanks.replace('aGU= 256', 'aGU= 256 7')), code: 'parse_error', message: /line 257: "aGU= 256 7": has 3 fields/ },
    { name: 'bad base64', run: fromTiktoken(tiktokenRanks.replace('aGU= 256', 'a!U= 256')), code: 'parse_error', message: /line 257: "a!U= 256": "a!U=" is not (valid )?base64/ },
    { name: 'a negative rank', run: fromTiktoken(tiktokenRanks.replace('aGU= 256', 'aGU= -1')), code: 'parse_error', message: /line 257.*rank "-1"/ },
    { name: 'a rank past maxVocabSize', run: fromTiktoken(tiktokenRanks.replace('aGU= 256', 'aGU= 9999999')), code: 'limit_exceeded', message: /^tiktoken ranks: line 257: "aGU= 9999999": rank 9999999: the vocabulary size is 10000000, more than maxVocabSize \(4194304\)/ },
    { name: 'a rank past 2^24', run: fromTiktoken(tiktokenRanks.replace('aGU= 256', 'aGU= 99999999')), code: 'limit_exceeded', message: /^tiktoken ranks: line 257: "aGU= 99999999": rank 99999999 is too large \(tokvec allows ranks below 16777215\)$/ },
    { name: 'a rank past 2^32', run: fromTiktoken(tiktokenRanks.replace('aGU= 256', 'aGU= 99999999999')), code: 'parse_error', message: /line 257.*rank "99999999999"/ },
    { name: 'a token twice', run: fromTiktoken(tiktokenRanks.replace('aGU= 256', 'aGVsbA== 256')), code: 'parse_error', message: /^tiktoken ranks: line 259: "aGVsbA== 258": the same token as tiktoken ranks: line 257: "aGVsbA== 256"$/ },
    { name: 'a rank twice', run: fromTiktoken(tiktokenRanks.replace('aGU= 256', 'aGU= 257')), code: 'parse_error', message: /^tiktoken ranks: line 258: "bGw= 257": rank 257 is already given at tiktoken ranks: line 257: "aGU= 257"$/ },
    { name: 'an invalid pattern', run: fromTiktoken(tiktokenRanks, { pattern: '(?<x' }), code: 'parse_error', message: /pattern.*\(\?<x/ },
    { name: 'a special token id past maxVocabSize', run: fromTiktoken(tiktokenRanks, { pattern: gpt2Pattern, specialTokens: { '<|x|>': 4294967295 } }), code: 'limit_exceeded', message: /"<\|x\|>" \(id 4294967295\).*maxVocabSize/ },
  ];
  // Every line cut after its space: the rank is missing.
  lines.forEach((line, i) => {
    const cut = lines.slice(0, i).join('\n') + (i ? '\n' : '') + line.slice(0, line.indexOf(' ') + 1);
    cases.push({ name: `cut before the rank of line ${i + 1}`, run: fromTiktoken(cut), code: 'parse_error', message: new RegExp(`line ${i + 1}: .*has 1 field`) });
  });
  await checkCases(cases, probe);
});

test('GPT-2 encoder.json + vocab.bpe: empty, cut, wrong types, merges of unknown tokens', async () => {
  const fromGpt2 = (e, v) => load(() => Tokenizer.fromGpt2Files(e, v));
  const cases = [
    { name: 'empty encoder.json', run: fromGpt2('', gpt2VocabBpe), code: 'parse_error', message: /^encoder\.json: the input is empty \(0 bytes\)/ },
    { name: 'encoder.json is an array', run: fromGpt2('[1]', gpt2VocabBpe), code: 'parse_error', message: /encoder\.json.*expected an object/ },
    { name: 'a merge of three parts', run: fromGpt2(gpt2EncoderJson, '#version: 0.2\nh e x\n'), code: 'parse_error', message: /vocab\.bpe: line 2: "h e x": has 3 parts, expected 2/ },
    { name: 'a merge of unknown tokens', run: fromGpt2(gpt2EncoderJson, '#version: 0.2\nqq zz\n'), code: 'invalid_argument', message: /vocab\.bpe.*"qq zz"|"qqzz"/ },
    { name: 'an id past maxVocabSize', run: fromGpt2(gpt2EncoderJson.replace('"he":256', '"he":12345678'), gpt2VocabBpe), code: 'limit_exceeded', message: /^encoder\.json: he: id 12345678: the vocabulary size is 12345679, more than maxVocabSize/ },
    { name: 'nested 100,000 deep', run: fromGpt2('['.repeat(100_000), gpt2VocabBpe), code: 'parse_error', message: /encoder\.json: nesting deeper than/ },
  ];
  for (const end of jsonTokenEnds(gpt2EncoderJson).filter((_, i) => i % 7 === 0)) {
    cases.push({ name: `encoder.json cut at byte ${end}`, run: fromGpt2(gpt2EncoderJson.slice(0, end), gpt2VocabBpe), code: 'parse_error', message: /encoder\.json: not valid JSON at byte \d+/ });
  }
  await checkCases(cases, probe);
});

test('vocab.txt: empty, duplicates, invalid UTF-8, missing BERT tokens', async () => {
  const fromVocab = (v) => load(() => Tokenizer.fromWordPieceVocab(v));
  const cases = [
    { name: 'empty', run: fromVocab(''), code: 'parse_error', message: /^vocab\.txt: no tokens \(the file is empty\)$/ },
    { name: 'blank lines', run: fromVocab('\n \n'), code: 'invalid_argument', message: /^vocab\.txt: line 2: token "" is also on line 1$/ },
    { name: 'a token twice', run: fromVocab(wordPieceVocabTxt + 'hello\n'), code: 'invalid_argument', message: /^vocab\.txt: line 9: token "hello" is also on line 6$/ },
    { name: 'invalid UTF-8', run: fromVocab(Buffer.concat([utf8(wordPieceVocabTxt), Buffer.from([0x68, 0xc3, 0x28, 0x0a])])), code: 'parse_error', message: /vocab\.txt: line 9 is not valid UTF-8/ },
    { name: 'no [UNK]', run: fromVocab(wordPieceVocabTxt.replace('[UNK]\n', '')), code: 'invalid_argument', message: /BERT needs the token "\[UNK\]"/ },
  ];
  // Each line cut in half: a token that is no longer one (the vocabulary stays valid until a BERT token breaks).
  wordPieceVocabTxt.split('\n').forEach((line, i, all) => {
    if (!['[UNK]', '[CLS]', '[SEP]'].includes(line) || i + 1 !== all.indexOf(line) + 1) return;
    const cut = [...all.slice(0, i), line.slice(0, 3), ...all.slice(i + 1)].join('\n');
    cases.push({ name: `cut inside line ${i + 1}`, run: fromVocab(cut), code: 'invalid_argument', message: new RegExp(`BERT needs the token "\\${line.slice(0, -1)}\\]"`) });
  });
  await checkCases(cases, probe);
});

test('SentencePiece .model: empty, cut at every byte, wrong wire types, bad pieces', async () => {
  const fromModel = (m) => load(() => Tokenizer.fromSentencePiece(m));
  const fieldEnds = protobufFieldEnds(sentencePieceModel);
  // The first piece's score (field 2, fixed32: tag 0x15) set to `value`.
  const withScore = (value) => {
    const m = Buffer.from(sentencePieceModel);
    m.writeFloatLE(value, m.indexOf(0x15, 2) + 1);
    return m;
  };
  const cases = [
    { name: 'empty', run: fromModel(new Uint8Array(0)), code: 'parse_error', message: /\.model: no pieces; not a SentencePiece model/ },
    { name: 'text, not protobuf', run: fromModel(utf8('{"model": "unigram"}')), code: 'parse_error', message: /\.model: byte \d+: /},
    { name: 'a length past the end', run: fromModel(new Uint8Array([0x0a, 0x7f, 0x0a, 0x01])), code: 'parse_error', message: /\.model: byte 0: .*length 127 runs past the end/ },
    { name: 'a 2^40 length', run: fromModel(new Uint8Array([0x0a, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 1])), code: 'parse_error', message: /\.model: byte 0: .*length \d+ runs past the end/ },
    { name: 'an endless varint', run: fromModel(new Uint8Array(12).fill(0xff)), code: 'parse_error', message: /\.model: byte 0: .*varint/ },
    { name: 'a piece that is invalid UTF-8', run: fromModel(new Uint8Array([0x0a, 0x05, 0x0a, 0x01, 0xff, 0x10, 0x01])), code: 'parse_error', message: /^tokenizer\.model: byte 2: pieces\[0\]\.piece: not valid UTF-8$/ },
    { name: 'a NaN score', run: fromModel(withScore(NaN)), code: 'parse_error', message: /^tokenizer\.model: byte \d+: pieces\[0\]\.score: NaN is not a score$/ },
    { name: 'an infinite score', run: fromModel(withScore(-Infinity)), code: 'parse_error', message: /^tokenizer\.model: byte \d+: pieces\[0\]\.score: an infinite score$/ },
    { name: 'an unknown piece type', run: fromModel(new Uint8Array([0x0a, 0x05, 0x0a, 0x01, 0x61, 0x18, 0x09])), code: 'parse_error', message: /unknown piece type 9/ },
    { name: 'a piece of the wrong wire type', run: fromModel(new Uint8Array([0x0d, 0, 0, 0, 0])), code: 'parse_error', message: /\.model: byte 0: .*wire type 5/ },
  ];
  for (let end = 1; end < sentencePieceModel.length; end++) {
    if (fieldEnds.has(end)) continue;  // a shorter, well-formed model: checked below
    cases.push({ name: `cut at byte ${end}`, run: fromModel(sentencePieceModel.subarray(0, end)), code: 'parse_error', message: /^tokenizer\.model: byte \d+: [a-z_.\[\]0-9]+: (length \d+ runs past the end|truncated)/ });
  }
  await checkCases(cases, probe);
  // A prefix that ends between top-level fields is a smaller model: it loads, or says what it lacks.
  for (const end of fieldEnds) {
    const e = await outcome(fromModel(sentencePieceModel.subarray(0, end)));
    if (e) assertTokvecError(e, 'parse_error', /\.model: /, `cut between fields at byte ${end}`);
  }
});
