// Section 1: encode throughput, every library on the same documents, ids checked against the
// reference (tiktoken for tiktoken encodings, HuggingFace's Rust `tokenizers` for tokenizer.json).
import { jsonLibraries, jsonModels, referenceJsonEncoder, tiktokenLibraries } from './libraries.mjs';
import { clockName, collectGarbage, fmt, mark, measureCorpus, table } from './measure.mjs';

const encodings = ['cl100k_base', 'o200k_base'];
const tiktokenTargets = { tiktoken: 5, 'gpt-tokenizer': 3, 'ai-tokenizer': 2 };
const jsonTarget = 10;

// One library on every corpus. A load or encode error is a result, not the end of the run.
async function measureLibrary(library, subject, corpora, { references = null, keepIds = false, parts }, log) {
  const results = {};
  let encoder;
  try {
    encoder = await library.load(subject);
  } catch (e) {
    for (const c of corpora) results[c.name] = { error: `load failed: ${e.message}` };
    return results;
  }
  for (const c of corpora) {
    try {
      const r = measureCorpus(encoder.encode, c, { parts, reference: references?.[c.name], keepIds });
      results[c.name] = { ...r, docs: c.docs.length };
      log(`  ${library.name} ${c.name}: ${fmt(r.median)} MB/s (${fmt(r.min)}–${fmt(r.max)})${r.mismatches ? `, ${r.mismatches} docs differ` : ''}`);
    } catch (e) {
      results[c.name] = { error: `encode failed: ${e.message}` };
      log(`  ${library.name} ${c.name}: ${e.message}`);
    }
  }
  encoder.dispose();
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
    const byLibrary = {};
    // tiktoken first: its ids are the reference for the others.
    const order = ['tiktoken', ...tiktokenLibraries.map((l) => l.name).filter((n) => n !== 'tiktoken')];
    let references = null;
    for (const name of order) {
      const library = tiktokenLibraries.find((l) => l.name === name);
      byLibrary[name] = await measureLibrary(library, encoding, corpora, { references, keepIds: name === 'tiktoken', parts }, log);
      if (name === 'tiktoken') {
        references = Object.fromEntries(corpora.map((c) => [c.name, byLibrary.tiktoken[c.name].ids]));
        for (const c of corpora) delete byLibrary.tiktoken[c.name].ids;
      }
    }
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
    const byLibrary = {};
    for (const library of jsonLibraries) {
      byLibrary[library.name] = await measureLibrary(library, model, corpora, { references, parts }, log);
    }
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
