#!/usr/bin/env node
// The seed's tokenizer comparison as the book prints it (chapter 2 of "Hands-On Large Language
// Models"): SEED_COMPARISON_TEXT through every tokenizer of tests/helpers/seed_comparison.js, one
// Markdown row each — token count, whether tokvec's ids, tokens and offsets equal the reference's,
// and the tokens (as the tokenizer spells them; "⇥" a tab, "↵" a newline where a token holds one).
// tests/node/seed_comparison.test.js asserts the same equalities.
//
// Usage: node scripts/seed_comparison.mjs      (TOKVEC_MODULE=path/to/bindings/tokvec.js tests another build)
import fs from 'node:fs';
import path from 'node:path';

import { SEED_COMPARISON_TEXT } from '../tests/helpers/adversarial.js';
import { SEED_ROWS } from '../tests/helpers/seed_comparison.js';

const override = process.env.TOKVEC_MODULE;
const { Tokenizer } = await import(override ? path.resolve(override) : 'tokvec');
const visible = (s) => s.replace(/\t/g, '⇥').replace(/\n/g, '↵').replace(/\|/g, '\\|');

console.log(`text: ${JSON.stringify(SEED_COMPARISON_TEXT)}\n`);
console.log('| tokenizer | tokens | equal to the reference | tokens |');
console.log('| --- | ---: | --- | --- |');
let differing = 0;
for (const row of SEED_ROWS) {
  if (row.file && !fs.existsSync(row.file)) {
    console.log(`| ${row.name} | - | skipped: ${row.file} is absent${row.why ? ` (${row.why})` : ''} | |`);
    continue;
  }
  const reference = row.reference();
  const tok = await row.tokvec(Tokenizer);
  const [expected] = await reference.run([SEED_COMPARISON_TEXT], 'default');
  const actual = tok.encode(SEED_COMPARISON_TEXT);
  const same = JSON.stringify([Array.from(actual.ids), actual.tokens, Array.from(actual.offsets)])
    === JSON.stringify([Array.from(expected.ids), expected.tokens, Array.from(expected.offsets)]);
  if (!same) differing++;
  console.log(`| ${row.name} | ${actual.ids.length} | ${same ? 'yes' : 'NO'} | ${actual.tokens.map((t) => `\`${visible(t)}\``).join(' ')} |`);
  tok.dispose();
  reference.close();
}
process.exit(differing ? 1 : 0);
