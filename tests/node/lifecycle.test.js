// Handles free what they own: the wasm heap returns to its baseline after many cycles, and a
// call that fails leaves nothing behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { Tokenizer, TokvecError, init } from 'tokvec';

const corpus = 'the dog chased the cat and the cat ran up the tree 🙂 '.repeat(50);

test('the wasm heap is flat over 1,000 build/encode/dispose cycles', async () => {
  const core = await init();
  // Warm up once so the scratch buffer and lazily created statics exist before the baseline.
  for (const make of [() => Tokenizer.wordLevel({ corpus, lowercase: true }), () => Tokenizer.characterLevel({ corpus }), () => Tokenizer.byteLevel()]) {
    const t = await make();
    t.decode(t.encode(corpus).ids);
    t.dispose();
  }
  const baseline = core.module.heapInUse();
  for (let i = 0; i < 1000; i++) {
    const t = await (i % 3 === 0 ? Tokenizer.wordLevel({ corpus, lowercase: true })
      : i % 3 === 1 ? Tokenizer.characterLevel({ corpus }) : Tokenizer.byteLevel());
    const e = t.encode(corpus);
    t.decode(e.ids);
    t.dispose();
  }
  assert.equal(core.module.heapInUse(), baseline);
});

test('failing calls leak nothing and leave the tokenizer usable', async () => {
  const core = await init();
  const t = await Tokenizer.byteLevel();
  assert.throws(() => t.decode([1, 999]), TokvecError);
  await assert.rejects(Tokenizer.wordLevel({ vocab: ['a', 'a'] }), TokvecError);
  const baseline = core.module.heapInUse();
  for (let i = 0; i < 1000; i++) {
    assert.throws(() => t.decode([1, 999]), TokvecError);
    await assert.rejects(Tokenizer.wordLevel({ vocab: ['a', 'a'] }), TokvecError);
  }
  assert.equal(core.module.heapInUse(), baseline);
  assert.equal(t.decode(t.encode('ok').ids), 'ok');
  t.dispose();
});
