// Shared by the bench sections: timing, medians, id comparison, and table formatting.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
/** A full collection, so one library's garbage is not collected on the next one's clock. */
export const collectGarbage = runInNewContext('gc');


// The bench runs on shared machines, where wall time measures the neighbours as much as the code:
// by default time is this process's CPU time (user + system, all threads), which is what the work
// costs; `--clock wall` measures elapsed time instead.
let clockKind = 'cpu';
export function setClock(kind) {
  if (kind !== 'cpu' && kind !== 'wall') throw new Error(`bench: --clock: expected cpu or wall, got "${kind}"`);
  clockKind = kind;
}
export const clockName = () => clockKind;
/** Seconds on the chosen clock. */
export function seconds() {
  if (clockKind === 'wall') return performance.now() / 1000;
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function sameIds(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Index of the first differing id (or the shorter length), for the mismatch note. */
export function firstDifference(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

/**
 * Measures encoders side by side on one corpus. Each first encodes the corpus's warm-up documents
 * (JIT, lazy tables, merge caches); then every timed document is encoded exactly once by each, in
 * `parts` interleaved groups (document i in group i mod parts), group p timed for every encoder in
 * turn, the order rotating from group to group. A library with a cache therefore never sees a timed
 * document twice, as in an application that tokenizes new text; and all encoders meet the machine
 * in the same minutes: on a shared machine everything's speed drifts by a third over minutes, and
 * timing one library after another measured the drift as much as the ratio between them.
 * `encoders` maps names to functions; `reference` is an array of Uint32Array (one per document) or
 * the name of the encoder whose ids the others must equal; ids are compared off the clock.
 * Returns, per name, { median, min, max } MB/s (10^6 UTF-8 bytes per second) over the groups, with
 * { mismatches, firstMismatch }, every document's ids for the names in `keepIds`, or { error } for
 * an encoder that threw (it is dropped from the later groups; the others go on).
 */
export function measureSideBySide(encoders, corpus, { parts, reference = null, keepIds = [] }) {
  const names = Object.keys(encoders);
  const out = Object.fromEntries(names.map((name) => [name, {
    speeds: [], mismatches: 0, firstMismatch: null, ids: keepIds.includes(name) ? new Array(corpus.docs.length) : null,
  }]));
  const fail = (name, e) => { out[name] = { error: `encode failed: ${e.message}` }; };
  for (const name of names) {
    try {
      for (const doc of corpus.warmup) encoders[name](doc);
    } catch (e) {
      fail(name, e);
    }
  }
  for (let p = 0; p < parts; p++) {
    const indices = [];
    for (let i = p; i < corpus.docs.length; i += parts) indices.push(i);
    const bytes = indices.reduce((n, i) => n + corpus.docBytes[i], 0);
    const results = {};
    for (let k = 0; k < names.length; k++) {
      const name = names[(p + k) % names.length];
      if (out[name].error) continue;
      const encode = encoders[name];
      const got = new Array(indices.length);
      try {
        collectGarbage();
        const start = seconds();
        for (let j = 0; j < indices.length; j++) got[j] = encode(corpus.docs[indices[j]]);
        out[name].speeds.push(bytes / 1e6 / (seconds() - start));
        results[name] = got;
      } catch (e) {
        fail(name, e);
      }
    }
    const expected = typeof reference === 'string' ? results[reference] : null;
    for (const [name, got] of Object.entries(results)) {
      const r = out[name];
      indices.forEach((i, j) => {
        if (r.ids) r.ids[i] = Uint32Array.from(got[j]);
        const want = typeof reference === 'string' ? expected?.[j] : reference?.[i];
        if (!want || sameIds(got[j], want)) return;
        r.mismatches++;
        if (!r.firstMismatch || i < r.firstMismatch.doc) {
          const at = firstDifference(got[j], want);
          const around = (a) => Array.from(a.slice(Math.max(0, at - 2), at + 4));
          r.firstMismatch = { doc: i, at, got: around(got[j]), want: around(want), gotLength: got[j].length, wantLength: want.length };
        }
      });
    }
  }
  for (const name of names) {
    const r = out[name];
    if (r.error) continue;
    out[name] = { median: median(r.speeds), min: Math.min(...r.speeds), max: Math.max(...r.speeds),
      mismatches: r.mismatches, firstMismatch: r.firstMismatch, ids: r.ids };
  }
  return out;
}

export const fmt = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '—');
export const mark = (pass) => (pass ? '✅' : '❌');

export function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
