// The seed's tokenizer comparison: chapter 2 of "Hands-On Large Language Models" runs one stress
// string (SEED_COMPARISON_TEXT) through BERT base uncased and cased, GPT-2, Flan-T5, GPT-4,
// StarCoder2 and Phi-3 (StarCoder2's tokenizer.json is not obtainable here). Each row
// (tests/helpers/seed_comparison.js) encodes it with the real vocabulary and must give exactly
// the reference's ids, tokens, offsets and decode, special tokens
// added as the book's `tokenizer(text)` adds them. Each row's tokens are printed as a diagnostic;
// `node scripts/seed_comparison.mjs` prints them as the book's table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';

import { Tokenizer } from 'tokvec';
import { SEED_COMPARISON_TEXT } from '../helpers/adversarial.js';
import { show } from '../helpers/references.js';
import { SEED_ROWS } from '../helpers/seed_comparison.js';

for (const row of SEED_ROWS) {
  test(`seed comparison string: ${row.name} gives the reference's ids, tokens, offsets and decode`, async (t) => {
    if (row.file && !fs.existsSync(row.file)) {
      t.skip(`${row.file} is absent`);
      return;
    }
    const reference = row.reference();
    const tok = await row.tokvec(Tokenizer);
    try {
      const [expected] = await reference.run([SEED_COMPARISON_TEXT], 'default');
      const actual = tok.encode(SEED_COMPARISON_TEXT);
      const pairs = (e) => e.tokens.map((token, i) => `${e.ids[i]} ${show(token)}`);
      assert.deepEqual(pairs({ ids: Array.from(actual.ids), tokens: actual.tokens }), pairs(expected), 'ids and tokens');
      assert.deepEqual(Array.from(actual.offsets), Array.from(expected.offsets), 'offsets');
      assert.equal(tok.decode(actual.ids), expected.decoded, 'decode');
      t.diagnostic(`${row.name}: ${expected.ids.length} tokens: ${expected.tokens.join(' | ')}`);
    } finally {
      tok.dispose();
      reference.close();
    }
  });
}
