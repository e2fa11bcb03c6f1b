// Hostile embedding files, one table per loader: empty, cut at every line or byte, wrong types,
// huge declared sizes, NaN/Inf, duplicates, invalid UTF-8, deep nesting. Each must give a
// TokvecError naming the problem; the module stays usable and the wasm heap returns to its
// baseline (catalogue.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { Embeddings } from '../../bindings/tokvec.js';
import {
  checkCases, utf8, gloveText, word2vecText, fastTextVec, word2vecBinary, safetensors, safetensorsValid, npy, npyValid,
  winkJson, jsonTokenEnds,
} from './catalogue.js';

async function probe() {
  const m = await Embeddings.fromText(gloveText);
  assert.equal(m.mostSimilar('cat', { topN: 1 })[0].word, 'dog');
  m.dispose();
}

const load = (make) => async () => (await make()).dispose();
const fromText = (text, format) => load(() => Embeddings.fromText(text, format ? { format } : undefined));
const fromBinary = (bytes) => load(() => Embeddings.fromWord2VecBinary(bytes));
const fromSafetensors = (bytes, options) => load(() => Embeddings.fromSafetensors(bytes, options));
const fromNpy = (bytes) => load(() => Embeddings.fromNpy(bytes));
const fromWink = (text) => load(() => Embeddings.fromWink(text));
// A stream of one chunk: the loader does not know the input's size, so only the declared sizes
// and the limits stand between a header and an allocation.
const stream = (bytes) => ({ async *[Symbol.asyncIterator]() { yield bytes; } });
const f32 = (...values) => Buffer.from(Float32Array.from(values).buffer);

test('the valid fixtures load', async () => {
  for (const make of [() => Embeddings.fromText(gloveText), () => Embeddings.fromText(word2vecText), () => Embeddings.fromText(fastTextVec),
    () => Embeddings.fromWord2VecBinary(word2vecBinary()), () => Embeddings.fromSafetensors(safetensorsValid), () => Embeddings.fromNpy(npyValid),
    () => Embeddings.fromWink(winkJson)]) {
    const m = await make();
    assert.ok(m.rows >= 2 && m.dim === 3);
    m.dispose();
  }
});

test('GloVe, word2vec and fastText text: empty, cut inside every line, huge headers, NaN/Inf, bad rows', async () => {
  const cases = [
    { name: 'empty', run: fromText(''), code: 'parse_error', message: /GloVe: no vectors in the input/ },
    { name: 'only spaces and newlines', run: fromText(' \n\n \n'), code: 'parse_error', message: /GloVe: no vectors in the input/ },
    { name: 'word2vec header only', run: fromText('3 3\n'), code: 'parse_error', message: /word2vec: the header declares 3 rows, the input has 0/ },
    { name: 'a header of 10^9 × 10^6', run: fromText('1000000000 1000000\nthe 1\n'), code: 'parse_error', message: /^word2vec: line 1: header: dim 1000000 is outside 1\.\.65536$/ },
    { name: 'a header of 10^9 × 10^6 (stream)', run: fromText(stream(utf8('1000000000 1000000\nthe 1\n'))), code: 'parse_error', message: /^word2vec: line 1: header: dim 1000000 is outside 1\.\.65536$/ },
    { name: 'a header of 10^9 × 300 (stream)', run: fromText(stream(utf8('1000000000 300\nthe 1\n'))), code: 'limit_exceeded', message: /^word2vec: line 1: header: the row count is 1000000000, more than maxVocabSize \(4194304\); raise it with setLimits$/ },
    { name: 'a header of 4M × 65536', run: fromText(stream(utf8('4000000 65536\nthe 1\n'))), code: 'limit_exceeded', message: /word2vec: line 1: header: 4000000 rows × 65536 dims need 1048576000000 bytes, more than maxMatrixBytes \(3221225472\)/ },
    { name: 'a 16-digit header', run: fromText('1000000000000000 3\n'), code: 'limit_exceeded', message: /word2vec: line 1: header "1000000000000000 3" declares an absurd size/ },
    { name: 'a header with more rows than the file has', run: fromText('100000 3\nthe 1 2 3\n'), code: 'parse_error', message: /^word2vec: the header declares 100000 rows, the input has 1$/ },
    { name: 'a header with more rows than the file can hold', run: fromText(utf8('100000 3\nthe 1 2 3\n')), code: 'parse_error', message: /^word2vec: line 1: header declares 100000 rows × 3 dims, which need at least 700000 bytes; the input has 19$/ },
    { name: 'NaN', run: fromText('the 0.1 NaN 0.3\n'), code: 'parse_error', message: /GloVe: line 1: "the": value 2 is not a finite number: "NaN"/ },
    { name: 'Infinity', run: fromText('the 0.1 0.2 0.3\ncat inf 0.5 0.6\n'), code: 'parse_error', message: /GloVe: line 2: "cat": value 1 is not a finite number: "inf"/ },
    { name: '1e999', run: fromText(word2vecText.replace('0.5', '1e999')), code: 'parse_error', message: /word2vec: line 3: "cat": value 2 is not a finite number: "1e999"/ },
    { name: 'a word and no numbers', run: fromText('the\n'), code: 'parse_error', message: /GloVe: line 1: expected a word and numbers, got "the"/ },
    { name: 'a short row', run: fromText(gloveText + 'cow 1 2\n'), code: 'parse_error', message: /GloVe: line 4: expected 3 numbers after "cow", got 2/ },
    { name: 'more rows than the header', run: fromText(word2vecText + 'cow 1 2 3\n'), code: 'parse_error', message: /word2vec: line 5: more rows than the header's 3/ },
    { name: 'a number as a word', run: fromText('word2vec header\n', 'word2vec'), code: 'parse_error', message: /word2vec: line 1: expected a header "rows dim", got "word2vec header"/ },
    { name: 'a word with spaces in word2vec', run: fromText('1 3\nnew york 1 2 3\n'), code: 'parse_error', message: /word2vec: line 2: expected 3 numbers after "new", got 4/ },
  ];
  // Each line cut in the middle of its numbers: the row is short.
  for (const [label, text, first] of [['GloVe', gloveText, 1], ['word2vec', word2vecText, 2], ['fastText', fastTextVec, 2]]) {
    const lines = text.split('\n');
    // (GloVe's first line sets dim: cut short, it is a valid file of dim 1.)
    for (let i = first; i < lines.length - 1; i++) {
      const word = lines[i].split(' ')[0];
      const cut = [...lines.slice(0, i), lines[i].slice(0, lines[i].indexOf(' ', word.length + 1))].join('\n');
      const format = label === 'GloVe' ? 'GloVe' : 'word2vec';
      cases.push({ name: `${label} cut inside line ${i + 1}`, run: fromText(cut), code: 'parse_error', message: new RegExp(`${format}: line ${i + 1}: expected 3 numbers after "${word}", got 1`) });
    }
  }
  await checkCases(cases, probe);
});

test('word2vec binary: empty, cut at every byte, huge headers, NaN/Inf, bad words', async () => {
  const valid = word2vecBinary();
  const cases = [
    { name: 'empty', run: fromBinary(new Uint8Array(0)), code: 'parse_error', message: /word2vec binary: byte 0: expected a header line "rows dim"/ },
    { name: 'a header of 10^9 × 10^6', run: fromBinary(stream(utf8('1000000000 1000000\n'))), code: 'parse_error', message: /^word2vec binary: header: dim 1000000 is outside 1\.\.65536$/ },
    { name: 'a header of 10^9 × 300', run: fromBinary(stream(utf8('1000000000 300\n'))), code: 'limit_exceeded', message: /^word2vec binary: header: the row count is 1000000000, more than maxVocabSize/ },
    { name: 'a header of 4M × 1000', run: fromBinary(stream(utf8('4000000 1000\n'))), code: 'limit_exceeded', message: /word2vec binary: header: 4000000 rows × 1000 dims need 16000000000 bytes, more than maxMatrixBytes/ },
    { name: 'a header of more rows than the file holds', run: fromBinary(word2vecBinary(undefined, '1000 3')), code: 'parse_error', message: /word2vec binary: byte 0: header declares 1000 rows × 3 dims, which need at least 14000 bytes; the input has \d+/ },
    { name: 'a header that is not numbers', run: fromBinary(utf8('rows dim\n')), code: 'parse_error', message: /word2vec binary: byte 0: expected a header "rows dim", got "rows dim"/ },
    { name: 'no newline in 1 KB', run: fromBinary(new Uint8Array(1024).fill(0x31)), code: 'parse_error', message: /word2vec binary: byte 0: expected a header line "rows dim"/ },
    { name: 'NaN', run: fromBinary(word2vecBinary([['the', [0.1, NaN, 0.3]]])), code: 'parse_error', message: /word2vec binary: byte \d+: row 0 \("the"\), value 2 is NaN/ },
    { name: 'Infinity', run: fromBinary(word2vecBinary([['the', [0.1, 0.2, 0.3]], ['cat', [-Infinity, 0, 0]]])), code: 'parse_error', message: /word2vec binary: byte \d+: row 1 \("cat"\), value 1 is infinite/ },
    { name: 'an empty word', run: fromBinary(Buffer.concat([utf8('1 3\n '), f32(1, 2, 3)])), code: 'parse_error', message: /word2vec binary: byte 4: row 0: empty word/ },
    { name: 'no space within 64 KiB', run: fromBinary(Buffer.concat([utf8('1 3\n'), Buffer.alloc(70_000, 0x61)])), code: 'parse_error', message: /word2vec binary: byte \d+: row 0: no space within 65536 bytes \(is the header right\?\)/ },
    { name: 'data after the last row', run: fromBinary(Buffer.concat([valid, utf8('extra')])), code: 'parse_error', message: /word2vec binary: byte \d+: data after the last of the header's 2 rows/ },
  ];
  const headerEnd = valid.indexOf(0x0a) + 1;
  for (let end = 1; end < valid.length - 1; end++) {  // the last byte is the optional "\n"
    // (The size check is a lower bound, 2 + 4 × dim bytes a row, words of one letter.)
    const message = end < headerEnd ? /word2vec binary: byte 0: expected a header line "rows dim"/
      : end < 28 ? /^word2vec binary: byte 0: header declares 2 rows × 3 dims, which need at least 28 bytes; the input has \d+$/
        : /^word2vec binary: byte \d+: input ends inside row 1 of the header's 2$/;
    cases.push({ name: `cut at byte ${end}`, run: fromBinary(valid.subarray(0, end)), code: 'parse_error', message });
    // Streamed, the loader cannot know the size up front: it finds the end inside a row.
    if (end >= headerEnd) {
      cases.push({ name: `streamed, cut at byte ${end}`, run: fromBinary(stream(valid.subarray(0, end))), code: 'parse_error', message: /^word2vec binary: byte \d+: input ends inside row [01] of the header's 2$/ });
    }
  }
  await checkCases(cases, probe);
});

test('safetensors: empty, cut at every byte, a header claiming 2^40 bytes, huge shapes, wrong types', async () => {
  const data = f32(0.1, 0.2, 0.3, 0.4, 0.5, 0.6);
  const header = (tensor) => ({ 'wte.weight': { dtype: 'F32', shape: [2, 3], data_offsets: [0, 24], ...tensor } });
  const lying = Buffer.from(safetensorsValid);
  lying.writeBigUInt64LE(2n ** 40n);
  const cases = [
    { name: 'empty', run: fromSafetensors(new Uint8Array(0)), code: 'parse_error', message: /safetensors: byte 0: input is 0 bytes, too short for the 8-byte header length/ },
    { name: 'a header length of 2^40', run: fromSafetensors(lying), code: 'limit_exceeded', message: /safetensors: byte 0: header length 1099511627776 is larger than the 100000000-byte limit/ },
    { name: 'a header length of 2^40 (stream)', run: fromSafetensors(stream(lying)), code: 'limit_exceeded', message: /safetensors: byte 0: header length 1099511627776 is larger than the 100000000-byte limit/ },
    { name: 'a header past the file', run: fromSafetensors(safetensorsValid.subarray(0, 20)), code: 'parse_error', message: /safetensors: byte 0: header length \d+ is larger than the file \(20 bytes\)/ },
    { name: 'a shape of 2^40 × 2^20', run: fromSafetensors(stream(safetensors(header({ shape: [2 ** 40, 2 ** 20], data_offsets: [0, 24] }), data))), code: 'parse_error', message: /safetensors: tensor "wte\.weight": dim 1048576 is outside 1\.\.65536/ },
    { name: 'a shape of 10^9 × 1000', run: fromSafetensors(stream(safetensors(header({ shape: [1e9, 1000] }), data))), code: 'limit_exceeded', message: /safetensors: tensor "wte\.weight": the row count is 1000000000, more than maxVocabSize/ },
    { name: 'a shape of 10^6 × 1000', run: fromSafetensors(stream(safetensors(header({ shape: [1e6, 1000] }), data))), code: 'limit_exceeded', message: /safetensors: tensor "wte\.weight": 1000000 rows × 1000 dims need 4000000000 bytes, more than maxMatrixBytes/ },
    { name: 'a negative size', run: fromSafetensors(safetensors(header({ shape: [-2, 3] }), data)), code: 'parse_error', message: /^safetensors header: wte\.weight\.shape: negative size \[-2,3\]$/ },
    { name: 'offsets that disagree with the shape', run: fromSafetensors(safetensors(header({ data_offsets: [0, 20] }), data)), code: 'parse_error', message: /data_offsets: \[0, 20\] holds 20 bytes; shape \[2,3\] of F32 needs 24/ },
    { name: 'offsets past the file', run: fromSafetensors(safetensors(header({ shape: [4, 3], data_offsets: [0, 48] }), data)), code: 'parse_error', message: /data_offsets: \[0, 48\] ends past the file: the data section has 24 bytes/ },
    { name: 'a reversed byte range', run: fromSafetensors(safetensors(header({ data_offsets: [24, 0] }), data)), code: 'parse_error', message: /data_offsets: \[24, 0\] is not a byte range/ },
    { name: 'an I64 tensor', run: fromSafetensors(safetensors(header({ dtype: 'I64' }), data)), code: 'unsupported', message: /dtype "I64" is not supported \(expected F32, F16 or BF16\)/ },
    { name: 'a 3-D tensor', run: fromSafetensors(safetensors(header({ shape: [1, 2, 3] }), data)), code: 'parse_error', message: /shape: expected \[rows, dim\] or \[dim\], got \[1,2,3\]/ },
    { name: 'a shape of strings', run: fromSafetensors(safetensors(header({ shape: ['2', '3'] }), data)), code: 'parse_error', message: /shape\[0\]: expected a (whole )?number, got string/ },
    { name: 'the header is an array', run: fromSafetensors(safetensors('[]', data)), code: 'parse_error', message: /safetensors header: expected an object, got array/ },
    { name: 'the header is not JSON', run: fromSafetensors(safetensors('{"a":', data)), code: 'parse_error', message: /safetensors header: not valid JSON at byte \d+/ },
    { name: 'the header nests 100,000 deep', run: fromSafetensors(safetensors('['.repeat(100_000) + ']'.repeat(100_000), data)), code: 'parse_error', message: /safetensors header: nesting deeper than/ },
    { name: 'two tensors and no name', run: fromSafetensors(safetensors({ ...header(), b: { dtype: 'F32', shape: [3], data_offsets: [0, 12] } }, data)), code: 'invalid_argument', message: /^safetensors: 2 tensors \("b", "wte\.weight"\); name the one to load$/ },
    { name: 'a missing tensor', run: fromSafetensors(safetensorsValid, { tensor: 'nope' }), code: 'invalid_argument', message: /safetensors: no tensor "nope" \(tensors: "wte\.weight"\)/ },
    { name: 'NaN values', run: fromSafetensors(safetensors(header(), f32(0.1, NaN, 0.3, 0.4, 0.5, 0.6))), code: 'parse_error', message: /^embeddings: row 0, column 1 is NaN$/ },
    { name: 'invalid UTF-8 in the header', run: fromSafetensors(safetensors(Buffer.concat([utf8('{"'), Buffer.from([0xff]), utf8('":1}')]), data)), code: 'parse_error', message: /safetensors header: not valid JSON at byte \d+/ },
  ];
  for (let end = 1; end < safetensorsValid.length; end++) {
    const headerLength = Number(safetensorsValid.readBigUInt64LE(0));
    const message = end < 8 ? /safetensors: byte 0: input is \d bytes, too short for the 8-byte header length/
      : end < 8 + headerLength ? /safetensors: byte 0: header length \d+ is larger than the file \(\d+ bytes\)/
        : /^safetensors header: wte\.weight\.data_offsets: \[0, 24\] ends past the file: the data section has \d+ bytes$/;
    cases.push({ name: `cut at byte ${end}`, run: fromSafetensors(safetensorsValid.subarray(0, end)), code: 'parse_error', message });
    if (end >= 8 + headerLength) {
      cases.push({ name: `streamed, cut at byte ${end}`, run: fromSafetensors(stream(safetensorsValid.subarray(0, end))), code: 'parse_error', message: /^safetensors: byte \d+: input ends before tensor "wte\.weight" does \(it needs bytes up to 98\)$/ });
    }
  }
  await checkCases(cases, probe);
});

test('.npy: empty, cut at every byte, shape overflow, wrong dtypes and orders', async () => {
  const data = f32(0.1, 0.2, 0.3, 0.4, 0.5, 0.6);
  const dict = (shape, descr = '<f4', order = 'False') => `{'descr': '${descr}', 'fortran_order': ${order}, 'shape': ${shape}, }`;
  const cases = [
    { name: 'empty', run: fromNpy(new Uint8Array(0)), code: 'parse_error', message: /npy: byte 0: input is 0 bytes, too short for a header/ },
    { name: 'not npy', run: fromNpy(utf8('PK\x03\x04 this is a zip file')), code: 'parse_error', message: /npy: byte 0: not a \.npy file \(the magic "\\x93NUMPY" is missing\)/ },
    { name: 'version 9', run: fromNpy(npy(dict('(2, 3)'), data, { major: 9 })), code: 'unsupported', message: /npy: byte 6: version 9\.0 is not supported/ },
    { name: 'a shape whose product overflows 64 bits', run: fromNpy(stream(npy(dict('(4294967297, 4294967297)'), data))), code: 'parse_error', message: /npy: .*dim 4294967297 is outside 1\.\.65536/ },
    { name: 'a shape of 10^9 × 1000', run: fromNpy(stream(npy(dict('(1000000000, 1000)'), data))), code: 'limit_exceeded', message: /npy: the row count is 1000000000, more than maxVocabSize/ },
    { name: 'a shape of 10^6 × 1000', run: fromNpy(stream(npy(dict('(1000000, 1000)'), data))), code: 'limit_exceeded', message: /npy: 1000000 rows × 1000 dims need 4000000000 bytes, more than maxMatrixBytes/ },
    { name: 'a 16-digit size', run: fromNpy(npy(dict('(1000000000000000, 3)'), data)), code: 'parse_error', message: /npy: byte \d+: header: shape: expected a size/ },
    { name: 'a 3-D shape', run: fromNpy(npy(dict('(1, 2, 3)'), data)), code: 'unsupported', message: /^npy: byte 10: header: shape \(1, 2, 3\) is not 2-D \(rows, dim\)$/ },
    { name: 'float64', run: fromNpy(npy(dict('(2, 3)', '<f8'), data)), code: 'unsupported', message: /npy: byte \d+: header: dtype '<f8' is not supported \(expected '<f4' or '<f2'\)/ },
    { name: 'big-endian', run: fromNpy(npy(dict('(2, 3)', '>f4'), data)), code: 'unsupported', message: /dtype '>f4' is not supported/ },
    { name: 'Fortran order', run: fromNpy(npy(dict('(2, 3)', '<f4', 'True'), data)), code: 'unsupported', message: /Fortran-order arrays are not supported/ },
    { name: 'fortran_order is not a bool', run: fromNpy(npy(dict('(2, 3)', '<f4', '1'), data)), code: 'parse_error', message: /header: fortran_order: expected True or False/ },
    { name: 'an unknown key', run: fromNpy(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'x': 1}", data)), code: 'parse_error', message: /header: unexpected key "x"/ },
    { name: 'an unterminated string', run: fromNpy(npy("{'descr: '<f4'", data)), code: 'parse_error', message: /header: (unterminated string|expected)/ },
    { name: 'a header length of 4 GiB', run: fromNpy(Buffer.concat([Buffer.from('\x93NUMPY\x02\x00', 'latin1'), Buffer.from([0xff, 0xff, 0xff, 0xff]), data])), code: 'limit_exceeded', message: /npy: byte 8: header length 4294967295 is too large/ },
    { name: 'NaN values', run: fromNpy(npy(dict('(2, 3)'), f32(0.1, NaN, 0.3, 0.4, 0.5, 0.6))), code: 'parse_error', message: /^embeddings: row 0, column 1 is NaN$/ },
    { name: 'bytes after the array', run: fromNpy(Buffer.concat([npyValid, utf8('x')])), code: 'parse_error', message: /npy: byte \d+: 1 bytes after the array data/ },
  ];
  const headerEnd = npyValid.length - 24;
  for (let end = 1; end < npyValid.length; end++) {
    const message = end < 12 ? /npy: byte 0: input is \d+ bytes, too short for a header/
      : end < headerEnd ? /npy: byte 8: header length \d+ runs past the end of the input/
        : /npy: byte \d+: input ends before the array does \(it needs bytes up to \d+\)/;
    cases.push({ name: `cut at byte ${end}`, run: fromNpy(npyValid.subarray(0, end)), code: 'parse_error', message });
  }
  await checkCases(cases, probe);
});

test('wink JSON: empty, cut after every JSON token, wrong types, huge sizes, NaN', async () => {
  const cases = [
    { name: 'empty', run: fromWink(''), code: 'parse_error', message: /wink JSON: byte 0: no "vectors" object/ },
    { name: 'no vectors', run: fromWink('{"dimensions": 3}'), code: 'parse_error', message: /wink JSON: byte \d+: no "vectors" object/ },
    { name: 'dimensions is a string', run: fromWink(winkJson.replace('"dimensions":3', '"dimensions":"3"')), code: 'parse_error', message: /wink JSON.*dimensions.*expected a number, got string/ },
    { name: 'dimensions of 10^6', run: fromWink(winkJson.replace('"dimensions":3', '"dimensions":1000000')), code: 'parse_error', message: /wink JSON: "dimensions": dim 1000000 is outside 1\.\.65536/ },
    { name: 'size of 10^9', run: fromWink(winkJson.replace('"size":2', '"size":1000000000')), code: 'limit_exceeded', message: /wink JSON: "size": the row count is 1000000000, more than maxVocabSize/ },
    { name: 'a value that is a string', run: fromWink(winkJson.replace('0.2,', '"0.2",')), code: 'parse_error', message: /^wink JSON: byte \d+: "the": value 2 is not a finite number: ""0\.2""$/ },
    { name: 'a value of 1e999', run: fromWink(winkJson.replace('0.2,', '1e999,')), code: 'parse_error', message: /wink JSON: byte \d+: "the": value 2 is not a finite number: "1e999"/ },
    { name: 'a short vector', run: fromWink(winkJson.replace('0.1,0.2,0.3,0.3742,0', '0.1,0.3742,0')), code: 'parse_error', message: /wink JSON: byte \d+: expected 5 values for "the" \(3 numbers, norm, row\), got 3/ },
    { name: 'a row index out of order', run: fromWink(winkJson.replace('0.8775,1', '0.8775,7')), code: 'parse_error', message: /wink JSON: byte \d+: "cat": row index 7, expected 1/ },
    { name: 'vectors is an array', run: fromWink(winkJson.replace('"vectors":{', '"vectors":[{')), code: 'parse_error', message: /^wink JSON: byte \d+: no "vectors" object$/ },
    { name: 'nested 100,000 deep before vectors', run: fromWink(`{"x": ${'['.repeat(100_000)}${']'.repeat(100_000)}, ` + winkJson.slice(1)), code: 'parse_error', message: /^wink JSON: nesting deeper than 512 levels at byte \d+$/ },
  ];
  const vectorsOpen = winkJson.indexOf('"vectors":{') + '"vectors":{'.length;
  const vectorsEnd = winkJson.indexOf('},"unkVector"') + 1;
  for (const end of jsonTokenEnds(winkJson)) {
    if (end >= vectorsEnd) continue;  // what follows the vectors is not read
    const message = end < vectorsOpen ? /^wink JSON: byte \d+: no "vectors" object$/ : /^wink JSON: byte \d+: input ends inside the "vectors" object$/;
    cases.push({ name: `cut at byte ${end}`, run: fromWink(winkJson.slice(0, end)), code: 'parse_error', message });
  }
  await checkCases(cases, probe);
});
