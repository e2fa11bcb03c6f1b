// Writes tests/native/data/punctuation_goldens.json: the code points HuggingFace `tokenizers`
// (npm, its own Rust core) isolates as punctuation, found over every code point with its
// Punctuation and BertPreTokenizer pre-tokenizers. Both ask unicode_categories 0.1.1, whose tables
// are Unicode 8.0, so characters made punctuation since (U+061D, Unicode 14) are not in them.
// tests/native/pre_tokenizers_test.cc checks tokvec's class against these ranges.
//
// Usage: node scripts/gen_punctuation_goldens.mjs   (from the repository root)
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
const hf = require('tokenizers');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const hfVersion = require('tokenizers/package.json').version;

function ranges(codePoints) {
  const out = [];
  for (const c of codePoints) {
    if (out.length > 0 && out[out.length - 1][1] === c - 1) out[out.length - 1][1] = c;
    else out.push([c, c]);
  }
  return out;
}

// The code points `preTokenizer` makes a piece of their own between "a" and "b".
function isolated(preTokenizer) {
  const out = [];
  for (let c = 0; c <= 0x10ffff; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCodePoint(c);
    const pieces = preTokenizer.preTokenizeString(`a${ch}b`).map(([piece]) => piece);
    if (pieces.length === 3 && pieces[1] === ch) out.push(c);
  }
  return ranges(out);
}

const golden = {
  generator: 'scripts/gen_punctuation_goldens.mjs',
  tokenizers_version: hfVersion,
  Punctuation: isolated(hf.punctuationPreTokenizer()),
  BertPreTokenizer: isolated(hf.bertPreTokenizer()),
};
const out = path.join(root, 'tests', 'native', 'data', 'punctuation_goldens.json');
writeFileSync(out, JSON.stringify(golden) + '\n');
console.log(`wrote ${out}: ${golden.Punctuation.length} and ${golden.BertPreTokenizer.length} ranges`);
