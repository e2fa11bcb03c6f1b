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
 * Measures one encoder on one corpus: it first encodes the corpus's warm-up documents (JIT, lazy
 * tables, merge caches), then every timed document exactly once, in `parts` interleaved groups
 * (document i in group i mod parts), timing each group and then checking its ids against
 * `reference` (Uint32Array per document) outside the clock. A library with a cache therefore never
 * sees a timed document twice, as in an application that tokenizes new text.
 * Returns { median, min, max } MB/s (10^6 UTF-8 bytes per second) over the groups, with
 * { mismatches, firstMismatch } and, when `keepIds`, every document's ids.
 */
export function measureCorpus(encode, corpus, { parts, reference = null, keepIds = false }) {
  for (const doc of corpus.warmup) encode(doc);
  const ids = keepIds ? new Array(corpus.docs.length) : null;
  const speeds = [];
  let mismatches = 0;
  let firstMismatch = null;
  for (let p = 0; p < parts; p++) {
    const indices = [];
    for (let i = p; i < corpus.docs.length; i += parts) indices.push(i);
    const results = new Array(indices.length);
    collectGarbage();
    const start = seconds();
    for (let j = 0; j < indices.length; j++) results[j] = encode(corpus.docs[indices[j]]);
    const took = seconds() - start;
    speeds.push(indices.reduce((n, i) => n + corpus.docBytes[i], 0) / 1e6 / took);
    indices.forEach((i, j) => {
      const got = results[j];
      if (ids) ids[i] = Uint32Array.from(got);
      if (!reference || sameIds(got, reference[i])) return;
      mismatches++;
      if (!firstMismatch || i < firstMismatch.doc) {
        const want = reference[i];
        const at = firstDifference(got, want);
        const around = (a) => Array.from(a.slice(Math.max(0, at - 2), at + 4));
        firstMismatch = { doc: i, at, got: around(got), want: around(want), gotLength: got.length, wantLength: want.length };
      }
    });
  }
  return { median: median(speeds), min: Math.min(...speeds), max: Math.max(...speeds), mismatches, firstMismatch, ids };
}

export const fmt = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '—');
export const mark = (pass) => (pass ? '✅' : '❌');

export function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
