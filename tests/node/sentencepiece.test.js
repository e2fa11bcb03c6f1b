// Tokenizer.fromSentencePiece against SentencePiece itself: goldens written by
// scripts/gen_sentencepiece_parity.py (SentencePieceProcessor.encode / decode and the pieces'
// byte offsets, python3-sentencepiece)
// for the two small committed Unigram models and, when the file is present, Llama 2's BPE model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Tokenizer, TokvecError } from 'tokvec';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const data = join(root, 'tests', 'native', 'data');
const goldens = JSON.parse(readFileSync(join(data, 'sentencepiece_parity_goldens.json'), 'utf8'));
const llama2 = '/work/shared/data/tokenizers/llama2.tokenizer.model';

const models = [
  ['model_sentencepiece_unigram.model', join(data, 'model_sentencepiece_unigram.model')],
  ['model_sentencepiece_unigram_bytes.model', join(data, 'model_sentencepiece_unigram_bytes.model')],
  ['llama2', llama2],
];

// UTF-16 index of each UTF-8 byte offset of text that starts a character (and of its end):
// SentencePiece's offsets are bytes, tokvec's in JavaScript are UTF-16 units.
function utf16At(text) {
  const units = [0];
  let unit = 0;
  for (const ch of text) {
    unit += ch.length;
    const bytes = new TextEncoder().encode(ch).length;
    for (let k = 1; k < bytes; k++) units.push(undefined);
    units.push(unit);
  }
  return units;
}

for (const [name, file] of models) {
  test(`fromSentencePiece gives SentencePiece's ids, BOS, decode and byte offsets on ${name}`, async (t) => {
    if (!existsSync(file)) {
      t.skip(`${file} is absent (reference data outside the repository)`);
      return;
    }
    const tokenizer = await Tokenizer.fromSentencePiece(readFileSync(file));
    try {
      for (const c of goldens.models[name]) {
        const plain = tokenizer.encode(c.text, { addSpecialTokens: false });
        assert.deepEqual(Array.from(plain.ids), c.ids,
          `${c.name}: SentencePiece ${JSON.stringify(c.pieces)}, tokvec ${JSON.stringify(plain.tokens)}`);
        assert.deepEqual(plain.tokens, c.pieces, `${c.name} tokens`);
        assert.deepEqual(Array.from(tokenizer.encode(c.text).ids), c.ids_with_bos, `${c.name} with BOS`);
        assert.equal(tokenizer.decode(c.ids), c.decoded, `${c.name} decoded`);
        const units = utf16At(c.text);
        assert.deepEqual(Array.from(plain.offsets), c.offsets.flatMap(([b, e]) => [units[b], units[e]]), `${c.name} offsets`);
      }
    } finally {
      tokenizer.dispose();
    }
  });
}

test('fromSentencePiece rejects a string, since a .model file is binary', async () => {
  await assert.rejects(Tokenizer.fromSentencePiece('not bytes'), (e) => e instanceof TokvecError
    && e.message === 'Tokenizer.fromSentencePiece: model: expected bytes (a .model file is binary protobuf), got a string');
});

test('fromSentencePiece names the problem in a malformed file', async () => {
  await assert.rejects(Tokenizer.fromSentencePiece(new Uint8Array([0x0a, 0x50, 1, 2])), (e) => {
    assert.ok(e instanceof TokvecError);
    assert.match(e.message, /^tokenizer\.model: byte \d+: /);
    return true;
  });
});
