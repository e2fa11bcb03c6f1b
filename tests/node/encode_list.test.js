// encodeList (bindings/core.js), the one way lists of strings cross into wasm: encoded in one
// TextEncoder call, it must give exactly what encoding each string alone gives, including lone
// surrogates and surrogate halves that joining would pair up.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { encodeList } from '../../bindings/core.js';

const encoder = new TextEncoder();
const oneByOne = (list) => {
  const parts = list.map((s) => encoder.encode(s));
  return { bytes: Buffer.concat(parts), lengths: parts.map((p) => p.length) };
};

const lists = [
  [],
  [''],
  ['the', ',', 'café', '数学', '🙂', '👋🏽', '', 'a\u0000b'],
  ['lone \ud83d', '\ude42 lone', 'x'],  // joined, these halves would make one 🙂
  ['\udc00\ud800', '\ud800', '\udfff'],
  Array.from({ length: 2000 }, (_, i) => String.fromCodePoint(i * 37 % 0x10ffff).repeat(i % 4)),
];

test('encodeList gives each string\'s own UTF-8, lone surrogates as U+FFFD', () => {
  for (const list of lists) {
    const got = encodeList(list);
    const want = oneByOne(list);
    assert.deepEqual([...got.lengths], want.lengths);
    assert.deepEqual(Buffer.from(got.bytes), want.bytes);
  }
});
