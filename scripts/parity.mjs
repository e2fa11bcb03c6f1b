#!/usr/bin/env node
// Tokenizer parity, the full set: every tokenizer of tests/helpers/references.js against its
// reference (tiktoken or HuggingFace tokenizers) on the whole corpora of .cache/corpora/ (built on
// demand by scripts/build_corpora.mjs) and every adversarial string. Prints a table (tokenizer ×
// corpus → texts, tokens, mismatching texts, seconds), then each mismatch: the first differing
// position with expected and actual ids and token strings, and the input shrunk to a small one
// that still fails. Exit code 1 on any mismatch not listed as known (`known` in references.js).
//
// Usage: node scripts/parity.mjs [--slice BYTES] [--only S] [--details N] [--no-minimize] [--quiet] [--help]
//   --slice BYTES   read only the first BYTES of each corpus (what npm test does with 65536)
//   --only S        only tokenizers whose name has S at the start of a word (repeatable): 'bert'
//                   picks 'hf bert-base-uncased (WordPiece)', not 'hf roberta-base'; a full name picks itself
//   --details N     mismatches to detail per tokenizer and corpus (default 3)
//   --no-minimize   skip shrinking failing inputs
//   --quiet         no progress lines on stderr
//   --help          this text and the tokenizers' names
// TOKVEC_MODULE=path/to/bindings/tokvec.js tests another build.
import { CORPUS_NAMES, ensureCorpora, loadCorpus } from '../tests/helpers/corpora.js';
import { adversarialStrings, specialTokenStrings } from '../tests/helpers/adversarial.js';
import { CASES, compareBatch, compareOne, knownReason, minimize, openCase, show } from '../tests/helpers/references.js';
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
// The usage is the file's opening comment from "Usage:" on, so that the two cannot drift apart.
const usage = () => {
  const lines = readFileSync(new URL(import.meta.url), 'utf8').split('\n').slice(1);
  const header = lines.slice(0, lines.findIndex((line) => !line.startsWith('//'))).map((line) => line.slice(3));
  return header.slice(header.findIndex((line) => line.startsWith('Usage:'))).join('\n');
};
const withValue = new Set(['--slice', '--only', '--details']);
for (let i = 0; i < args.length; ++i) {
  if (args[i] === '--help' || args[i] === '-h') {
    console.log(`${usage()}\n\nTokenizers:\n${CASES.map((x) => `  ${x.name}`).join('\n')}`);
    process.exit(0);
  }
  if (withValue.has(args[i]) && i + 1 < args.length) ++i;
  else if (args[i] !== '--no-minimize' && args[i] !== '--quiet') {
    console.error(`parity: ${withValue.has(args[i]) ? `${args[i]} needs a value` : `unknown argument ${JSON.stringify(args[i])}`}\n\n${usage()}`);
    process.exit(2);
  }
}
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const slice = Number(option('--slice', Infinity));
const only = args.flatMap((a, i) => (args[i - 1] === '--only' ? [a] : []));
const details = Number(option('--details', 3));
const shrink = !args.includes('--no-minimize');
const quiet = args.includes('--quiet');
const BATCH = 256;

const started = Date.now();
const manifest = ensureCorpora();
const inputs = [
  ...CORPUS_NAMES.map((name) => ({ name, texts: loadCorpus(name, { maxBytes: slice }).map((text, i) => ({ name: `${name} text #${i}`, text })) })),
  { name: 'adversarial', texts: adversarialStrings() },
];

const rows = [];
const reports = [];
let unexpected = 0;
const knownNotes = new Set();

// S occurs in the name with no letter or digit just before it.
const escape = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const picks = only.map((o) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(o)}`, 'u'));
const chosen = CASES.filter((x) => picks.length === 0 || picks.some((r) => r.test(x.name)));
if (chosen.length === 0) {
  console.error(`parity: --only ${only.join(', ')} names no tokenizer; the names are:\n${CASES.map((x) => `  ${x.name}`).join('\n')}`);
  process.exit(2);
}
for (const c of chosen) {
  const opened = await openCase(c);
  if (opened.skip) {
    rows.push([c.name, '-', '-', '-', '-', `skipped: ${opened.skip}`]);
    continue;
  }
  if (opened.loadError) {
    rows.push([c.name, '-', '-', '-', '-', opened.loadError]);
    unexpected++;
    continue;
  }
  const groups = [
    ...inputs.map((g) => ({ ...g, mode: 'default' })),
    ...opened.modes.map((mode) => ({ name: `special tokens embedded [${mode}]`, mode, texts: specialTokenStrings(opened.specials) })),
  ];
  for (const g of groups) {
    const t0 = Date.now();
    let tokens = 0;
    const failures = [];
    for (let i = 0; i < g.texts.length; i += BATCH) {
      const batch = g.texts.slice(i, i + BATCH);
      const r = await compareBatch(opened, c.kind, batch.map((x) => x.text), g.mode);
      tokens += r.tokens;
      for (const f of r.failures) failures.push({ ...f, input: batch[f.index] });
    }
    const reasons = new Set();
    let knownCount = 0;
    for (const f of failures) {
      f.known = knownReason(c, g.name, f);
      if (f.known) {
        knownCount++;
        reasons.add(f.known);
      }
    }
    unexpected += failures.length - knownCount;
    const byCheck = {};
    for (const f of failures) for (const check of f.checks ?? [f.check]) byCheck[check] = (byCheck[check] ?? 0) + 1;
    let note = Object.entries(byCheck).map(([k, v]) => `${k}: ${v}`).join(', ');
    if (knownCount) note += ` (${knownCount === failures.length ? 'all' : knownCount} known)`;
    rows.push([c.name, g.name, g.texts.length, tokens, failures.length, `${((Date.now() - t0) / 1000).toFixed(1)} s  ${note}`]);
    for (const r of reasons) knownNotes.add(`${c.name}: ${r}`);
    if (!quiet) console.error(`parity: ${rows.at(-1).join(' | ')}`);
    // Unexpected mismatches first; known ones only when nothing else failed.
    const shown = [...failures.filter((f) => !f.known), ...failures.filter((f) => f.known)].slice(0, details);
    for (const f of shown) {
      let small = '';
      if (shrink) {
        const m = await minimize(opened, c.kind, f.input.text, g.mode, f.check);
        const [expected] = await opened.reference.run([m], g.mode);
        const again = compareOne(opened, c.kind, m, g.mode, expected);
        small = `\n  smallest input found: ${show(m, 200)}\n  ${again ? again.message.replace(/\n/g, '\n  ') : '(did not reproduce)'}`;
      }
      reports.push(`${f.known ? "(known) " : ""}${c.name} × ${g.name}${g.name.includes("[") ? "" : ` [${g.mode}]`} ${f.input.name} ${show(f.input.text, 100)}:\n  ${f.message.replace(/\n/g, '\n  ')}${small}`);
    }
  }
  opened.close();
}

const header = ['tokenizer', 'corpus', 'texts', 'tokens', 'mismatching', 'time / checks'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (r) => r.map((v, i) => (typeof v === 'number' ? String(v).padStart(widths[i]) : String(v).padEnd(widths[i]))).join('  ').trimEnd();
console.log(`corpora: ${Object.entries(manifest.corpora).map(([n, m]) => `${n} ${(m.bytes / 1048576).toFixed(2)} MB sha256 ${m.sha256.slice(0, 12)}`).join('; ')}${Number.isFinite(slice) ? ` (first ${slice} bytes of each)` : ''}`);
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
if (knownNotes.size) {
  console.log('\nknown mismatches (routed, not counted):');
  for (const n of knownNotes) console.log(`- ${n}`);
}
if (reports.length) {
  console.log('\nmismatches:');
  for (const r of reports) console.log(`\n${r}`);
}
console.log(`\nparity: ${unexpected ? `${unexpected} unexpected mismatches` : 'no unexpected mismatches'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(unexpected ? 1 : 0);
