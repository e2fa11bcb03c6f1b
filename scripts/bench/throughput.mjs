// Section 1: encode throughput, every library on the same documents, ids checked against the
// reference (tiktoken for tiktoken encodings, HuggingFace's Rust `tokenizers` for tokenizer.json).
import { jsonLibraries, jsonModels, referenceJsonEncoder, tiktokenLibraries } from './libraries.mjs';
import { clockName, collectGarbage, fmt, mark, measureSideBySide, table } from './measure.mjs';

const encodings = ['cl100k_base', 'o200k_base'];
const tiktokenTargets = { tiktoken: 5, 'gpt-tokenizer': 3, 'ai-tokenizer': 2 };
const jsonTarget = 10;

// The libraries side by side on every corpus (measureSideBySide). A load or encode error is that
// library's result, not the end of the run. `references` maps corpus names to the reference ids, or
// is the name of the library that is the reference.
async function measureLibraries(libraries, subject, corpora, { references, keepIds = [], parts }, log) {
  const results = Object.fromEntries(libraries.map((l) => [l.name, {}]));
  const encoders = {};
  for (const library of libraries) {
    try {
      encoders[library.name] = await library.load(subject);
    } catch (e) {
      for (const c of corpora) results[library.name][c.name] = { error: `load failed: ${e.message}` };
    }
  }
  const encodes = Object.fromEntries(Object.entries(encoders).map(([name, e]) => [name, e.encode]));
  for (const c of corpora) {
    const reference = typeof references === 'string' ? references : references[c.name];
    const measured = measureSideBySide(encodes, c, { parts, reference, keepIds });
    for (const [name, r] of Object.entries(measured)) {
      results[name][c.name] = r.error ? r : { ...r, docs: c.docs.length };
      log(`  ${name} ${c.name}: ${r.error ?? `${fmt(r.median)} MB/s (${fmt(r.min)}–${fmt(r.max)})${r.mismatches ? `, ${r.mismatches} docs differ` : ''}`}`);
    }
  }
  for (const e of Object.values(encoders)) e.dispose();
  collectGarbage();
  return results;
}

function cell(r) {
  if (!r) return '—';
  if (r.error) return `error: ${r.error.slice(0, 80)}`;
  return r.mismatches ? `${fmt(r.median)} ⚠ ids differ in ${r.mismatches}/${r.docs} docs` : fmt(r.median);
}

function ratioCell(tokvec, other, target, checks, group, what) {
  if (!tokvec || tokvec.error || !other || other.error) {
    checks.push({ group, what, pass: false, note: `${what}: not measured` });
    return 'n/a ❌';
  }
  const ratio = tokvec.median / other.median;
  const pass = ratio >= target && tokvec.mismatches === 0;
  checks.push({ group, what, pass, score: ratio, note: `${what}: ${fmt(ratio, 2)}×${tokvec.mismatches ? ', tokvec ids wrong' : ''}` });
  return `${fmt(ratio, 2)}× ${mark(pass)}${tokvec.mismatches ? ' (tokvec ids wrong)' : ''}`;
}

function idChecks(all, checks) {
  for (const [subject, byLibrary] of Object.entries(all)) {
    for (const [corpus, r] of Object.entries(byLibrary.tokvec)) {
      const what = `${subject} ${corpus}`;
      if (r.error) checks.push({ group: 'tokvec ids = reference ids, every document', pass: false, note: `${what}: ${r.error}` });
      else if (r.mismatches) checks.push({ group: 'tokvec ids = reference ids, every document', pass: false, score: -r.mismatches, note: `${what}: ${r.mismatches}/${r.docs} differ` });
      else checks.push({ group: 'tokvec ids = reference ids, every document', pass: true, note: `${what}: all ${r.docs} equal` });
    }
  }
}

function mismatchNotes(all) {
  const notes = [];
  for (const [subject, byLibrary] of Object.entries(all)) {
    for (const [library, byCorpus] of Object.entries(byLibrary)) {
      for (const [corpus, r] of Object.entries(byCorpus)) {
        const m = r.firstMismatch;
        if (!m) continue;
        notes.push(`- ${library}, ${subject}, ${corpus}: ${r.mismatches}/${r.docs} documents differ; first in document ${m.doc} ` +
          `at id ${m.at} (${m.gotLength} ids vs ${m.wantLength}): got [${m.got.join(', ')}], reference [${m.want.join(', ')}]`);
      }
    }
  }
  return notes;
}

export const title = 'Tokenizer throughput';

export async function run({ corpora, parts, log }) {
  const checks = [];
  const all = {};
  const tiktokenRows = [];
  for (const encoding of encodings) {
    log(`${encoding}:`);
    // tiktoken's ids are the reference for the others.
    const byLibrary = await measureLibraries(tiktokenLibraries, encoding, corpora, { references: 'tiktoken', parts }, log);
    all[encoding] = byLibrary;
    for (const c of corpora) {
      const r = (name) => byLibrary[name][c.name];
      tiktokenRows.push([
        encoding, c.name, cell(r('tokvec')), cell(r('tiktoken')), cell(r('gpt-tokenizer')), cell(r('ai-tokenizer')),
        ...Object.entries(tiktokenTargets).map(([rival, target]) =>
          ratioCell(r('tokvec'), r(rival), target, checks, `tokvec encodeIds ≥ ${target}× ${rival} (cl100k_base, o200k_base)`, `${encoding} ${c.name}`)),
      ]);
    }
  }

  const jsonRows = [];
  for (const model of jsonModels) {
    log(`${model.name} (${model.pkg}):`);
    const reference = await referenceJsonEncoder(model);
    const references = {};
    for (const c of corpora) {
      references[c.name] = [];
      for (const doc of c.docs) references[c.name].push(Uint32Array.from(await reference.encode(doc)));
    }
    const byLibrary = await measureLibraries(jsonLibraries, model, corpora, { references, parts }, log);
    all[model.name] = byLibrary;
    for (const c of corpora) {
      const t = byLibrary.tokvec[c.name];
      const hf = byLibrary['@huggingface/tokenizers'][c.name];
      jsonRows.push([`${model.name} (${model.kind})`, c.name, cell(t), cell(hf),
        ratioCell(t, hf, jsonTarget, checks, `tokvec ≥ ${jsonTarget}× @huggingface/tokenizers (tokenizer.json)`, `${model.name} ${c.name}`)]);
    }
  }
  idChecks(all, checks);
  const corpusLines = corpora.map((c) => `- **${c.name}**: ${c.docs.length} documents, ${fmt(c.bytes / 1e6, 2)} MB (+ ${c.warmup.length} for warm-up) — ${c.description}`);
  const notes = mismatchNotes(all);
  const markdown = [
    `MB/s of UTF-8 input (10⁶ bytes) per ${clockName() === 'cpu' ? 'CPU second (user + system time of the process: the machine is shared)' : 'second of wall time'}.`,
    'Each library first encodes the corpus\'s warm-up documents (distinct from the timed ones), then every timed document',
    `once, one call per document with default options, in ${parts} interleaved groups: the figure is the median group.`,
    'The libraries take turns group by group (the order rotating), so that all are timed in the same minutes: the speed of',
    'everything on this shared machine drifts by up to a third over minutes. Node runs with `--single-threaded-gc`: the clock',
    'counts every thread, and V8\'s helper threads would collect one library\'s garbage on the clock of the next one timed',
    '(tokvec, which makes little garbage, measured up to 2× slower after @huggingface/tokenizers and gpt-tokenizer).',
    'Libraries with merge caches (gpt-tokenizer, ai-tokenizer, @huggingface/tokenizers) thus never see a timed document',
    'twice. Every document\'s ids are checked, off the clock, against the reference: tiktoken for the tiktoken encodings,',
    'HuggingFace\'s Rust `tokenizers` (npm `tokenizers`) for the tokenizer.json models.',
    '',
    ...corpusLines,
    '',
    '### tiktoken encodings',
    '',
    table(['encoding', 'corpus', 'tokvec', 'tiktoken', 'gpt-tokenizer', 'ai-tokenizer',
      'tokvec ÷ tiktoken (≥ 5×)', 'tokvec ÷ gpt-tokenizer (≥ 3×)', 'tokvec ÷ ai-tokenizer (≥ 2×)'], tiktokenRows),
    '',
    '### tokenizer.json models',
    '',
    table(['model', 'corpus', 'tokvec', '@huggingface/tokenizers', `tokvec ÷ @huggingface/tokenizers (≥ ${jsonTarget}×)`], jsonRows),
    '',
    notes.length ? ['**Ids that differ from the reference:**', '', ...notes].join('\n') : 'Every library produced the reference ids on every document.',
  ].join('\n');
  return { markdown, checks, results: all };
}
