// Issue 5: exact top-10 cosine search, one query at a time, over N = 100k and 400k rows at
// d = 50, 100, 300: tokvec f32 and int8 (candidates re-ranked in f32, so the same rows and scores)
// against the plain JavaScript loop an application would write, hnswlib-wasm's brute force (exact,
// wasm), usearch's exactSearch (exact, native N-API addon with its own SIMD kernels), and this
// machine's memory bandwidth in wasm (a streaming read of a buffer of the matrix's size,
// stream_read.mjs). Up to --ann-rows rows at --ann-dims, the approximate HNSW indexes of usearch and
// hnswlib-wasm too, with their build time and recall@10 against the exact top 10.
//
// Matrices are synthetic, seeded: uniform values in [-0.5, 0.5). Exact-search speed depends on
// the count and dimension of the rows, not on which vectors they are; for HNSW, unstructured random
// vectors are the hard case (real embeddings cluster), so their recall here is a floor.
// Latency is per query, on the bench's clock (CPU time of this process by default, all threads:
// usearch and hnswlib are asked for one thread), after 3 warm-up queries: median and p95.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { importTokvec } from './libraries.mjs';
import { clockName, collectGarbage, fmt, median, seconds, table } from './measure.mjs';
import { streamReader } from './stream_read.mjs';

const require = createRequire(import.meta.url);
const k = 10;
// At least this many warm-up queries, and for at least warmupMs: V8 first runs wasm on its baseline
// compiler and swaps in optimized code from a background compile; under load three queries were not
// enough for the first matrix (int8 at 100k x 50 measured 0.53-1.10 ms, 0.31 ms once optimized).
const warmup = 3;
const warmupMs = 300;

function seededMatrix(n, d, seed) {
  const m = new Float32Array(n * d);
  let s = seed >>> 0;
  for (let i = 0; i < m.length; i++) {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    m[i] = s / 4294967296 - 0.5;
  }
  return m;
}

// The baseline: norms computed once, one dot product per row, a sorted array of the k best
// (higher score first; equal scores: lower row first, as tokvec orders them).
function topKCosineJs(matrix, inverseNorms, n, d, query, kk) {
  let qn = 0;
  for (let j = 0; j < d; j++) qn += query[j] * query[j];
  const qScale = 1 / Math.sqrt(qn);
  const best = [];
  for (let r = 0; r < n; r++) {
    let dot = 0;
    const base = r * d;
    for (let j = 0; j < d; j++) dot += matrix[base + j] * query[j];
    const score = dot * inverseNorms[r] * qScale;
    if (best.length < kk || score > best[best.length - 1].score) {
      let at = best.length;
      while (at > 0 && best[at - 1].score < score) at--;
      best.splice(at, 0, { row: r, score });
      if (best.length > kk) best.pop();
    }
  }
  return best.map((b) => b.row);
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
};

// Per-query latency in ms (median, p95) and each query's rows.
function timeQueries(search, queries) {
  const warmupEnd = performance.now() + warmupMs;
  for (let i = 0; i < warmup || performance.now() < warmupEnd; i++) search(queries[i % queries.length]);
  collectGarbage();
  const times = [];
  const rows = [];
  for (const q of queries) {
    const start = seconds();
    const got = search(q);
    times.push((seconds() - start) * 1000);
    rows.push(got);
  }
  return { median: median(times), p95: percentile(times, 0.95), rows };
}

function timeOnce(fn) {
  collectGarbage();
  const start = seconds();
  const result = fn();
  return { seconds: seconds() - start, result };
}

// Queries whose top k equals the reference's (same rows, same order), and mean recall@k.
function agreement(rows, reference) {
  let same = 0;
  let found = 0;
  rows.forEach((got, i) => {
    const want = reference[i];
    if (got.length === want.length && got.every((r, j) => r === want[j])) same++;
    const wanted = new Set(want);
    found += got.filter((r) => wanted.has(r)).length;
  });
  return { same, recall: found / (reference.length * k) };
}

// A package's version from its package.json, found above one of its files (usearch's "exports"
// does not expose ./package.json; hnswlib-wasm has no entry for require).
function versionOf(name, file = name) {
  for (let dir = dirname(require.resolve(file)); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (pkg.name === name) return pkg.version;
    } catch {
      // no package.json at this level
    }
  }
  return '?';
}

function rivals(log) {
  const out = {};
  try {
    out.usearch = { module: require('usearch'), version: versionOf('usearch') };
  } catch (e) {
    log(`  usearch is not installed (${e.message.split('\n')[0]}): its rows are skipped`);
  }
  return out;
}

async function loadHnswlib(log) {
  try {
    // hnswlib-wasm is built for browsers only (Emscripten ENVIRONMENT=web): it checks for `window`
    // and otherwise needs nothing of one (its wasm is inlined). Its loader then syncs an IndexedDB file
    // system Node lacks and prints an error about it; the indexes live in wasm memory and still work.
    globalThis.window ??= globalThis;
    const { loadHnswlib: load } = await import('hnswlib-wasm/dist/hnswlib.js');
    return { lib: await load(), version: versionOf('hnswlib-wasm', 'hnswlib-wasm/dist/hnswlib.js') };
  } catch (e) {
    log(`  hnswlib-wasm does not load (${e.message.split('\n')[0]}): its rows are skipped`);
    return null;
  }
}

export const title = 'Embeddings: exact top-k cosine';

export async function run({ log, searchRows, searchDims, annRows, annDims, queryCount }) {
  const tokvec = await importTokvec();
  const { usearch } = rivals(log);
  const hnsw = await loadHnswlib(log);
  const checks = [];
  const latencyRows = [];
  const annTableRows = [];
  const configs = searchRows.flatMap((n) => searchDims.map((d) => [n, d]));

  for (const [n, d] of configs) {
    const label = `${n / 1000}k × ${d}`;
    log(`  ${label}`);
    const matrix = seededMatrix(n, d, 12345 + d);
    const noise = seededMatrix(queryCount, d, 777);
    const queries = Array.from({ length: queryCount }, (_, i) => {
      const r = (i * 7919) % n;
      const q = matrix.slice(r * d, (r + 1) * d);
      for (let j = 0; j < d; j++) q[j] += 0.1 * noise[i * d + j];
      return q;
    });
    const bytes = matrix.byteLength;
    const results = [];
    const add = (name, timing, note = '') => {
      results.push({ name, ...timing, note });
      log(`    ${name}: median ${fmt(timing.median, 3)} ms, p95 ${fmt(timing.p95, 3)} ms ${note}`);
    };

    // Bandwidth: the same bytes streamed once per pass, median of 7.
    const reader = streamReader(matrix);
    reader.read();
    const reads = [];
    for (let i = 0; i < 7; i++) reads.push(timeOnce(reader.read).seconds * 1000);
    const readMs = median(reads);
    log(`    stream read: ${fmt(readMs, 3)} ms (${fmt(bytes / 1e6 / readMs, 1)} GB/s)`);

    const m = await tokvec.Embeddings.fromArray(matrix, d);
    const f32 = timeQueries((q) => m.mostSimilar(q, { topN: k }).map((x) => x.index), queries);
    add('tokvec f32', f32);
    const quantize = timeOnce(() => m.quantize('int8'));
    const i8 = timeQueries((q) => m.mostSimilar(q, { topN: k }).map((x) => x.index), queries);
    const i8Same = agreement(i8.rows, f32.rows).same;
    add('tokvec int8 + f32 re-rank', i8, `(quantize once: ${fmt(quantize.seconds * 1000, 0)} ms)`);
    m.dispose();

    const inverseNorms = new Float32Array(n);
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += matrix[r * d + j] ** 2;
      inverseNorms[r] = 1 / Math.sqrt(s);
    }
    const js = timeQueries((q) => topKCosineJs(matrix, inverseNorms, n, d, q, k), queries);
    add('plain JS loop (norms precomputed)', js);

    if (hnsw) {
      const bf = new hnsw.lib.BruteforceSearch('cosine', d);
      const build = timeOnce(() => {
        bf.initIndex(n);
        for (let r = 0; r < n; r++) bf.addPoint(matrix.subarray(r * d, (r + 1) * d), r);
      });
      const t = timeQueries((q) => bf.searchKnn(q, k, undefined).neighbors, queries);
      add(`hnswlib-wasm ${hnsw.version} BruteforceSearch`, t, `(adding the rows: ${fmt(build.seconds, 1)} s)`);
    }
    if (usearch) {
      const t = timeQueries((q) => Array.from(usearch.module.exactSearch(matrix, q, d, k, 'cos', 1).keys, Number), queries);
      add(`usearch ${usearch.version} exactSearch (native)`, t);
    }

    for (const r of results) {
      const { same } = agreement(r.rows, f32.rows);
      latencyRows.push([label, r.name, fmt(r.median, 3), fmt(r.p95, 3), fmt(bytes / 1e6 / r.median, 1),
        `${same}/${queryCount}`, r.note]);
    }
    latencyRows.push([label, 'memory bandwidth: streaming read of the matrix (wasm)', fmt(readMs, 3), '', fmt(bytes / 1e6 / readMs, 1), '', '']);

    checks.push(
      { group: 'tokvec f32 top-k ≥ 5× the plain JS loop', pass: js.median / f32.median >= 5, note: `${label}: ${fmt(js.median / f32.median, 2)}×`, score: js.median / f32.median },
      { group: 'tokvec f32 scan ≥ 70% of the measured memory bandwidth', pass: readMs / f32.median >= 0.7, note: `${label}: ${fmt(100 * readMs / f32.median, 0)}%`, score: readMs / f32.median },
      { group: 'tokvec int8 search ≥ 2.5× its f32 scan, same rows', pass: i8Same === queryCount && f32.median / i8.median >= 2.5, note: `${label}: ${fmt(f32.median / i8.median, 2)}×${i8Same === queryCount ? '' : `, rows differ in ${queryCount - i8Same} queries`}`, score: f32.median / i8.median },
    );

    if (n <= annRows && annDims.includes(d)) {
      if (usearch) {
        const index = new usearch.module.Index({ dimensions: d, metric: 'cos', connectivity: 16, expansion_add: 128, expansion_search: 64 });
        const keys = BigUint64Array.from({ length: n }, (_, i) => BigInt(i));
        const build = timeOnce(() => index.add(keys, matrix, 1));
        const t = timeQueries((q) => Array.from(index.search(q, k, 1).keys, Number), queries);
        const { recall } = agreement(t.rows, f32.rows);
        annTableRows.push([label, `usearch ${usearch.version} Index (HNSW, M 16, ef add 128, ef search 64; native)`, fmt(build.seconds, 1), fmt(t.median, 3), fmt(t.p95, 3), fmt(recall, 3)]);
        log(`    usearch HNSW: build ${fmt(build.seconds, 1)} s, median ${fmt(t.median, 3)} ms, recall@10 ${fmt(recall, 3)}`);
      }
      if (hnsw) {
        const index = new hnsw.lib.HierarchicalNSW('cosine', d, '');
        const build = timeOnce(() => {
          index.initIndex(n, 16, 128, 100);
          for (let r = 0; r < n; r++) index.addPoint(matrix.subarray(r * d, (r + 1) * d), r, false);
        });
        index.setEfSearch(64);
        const t = timeQueries((q) => index.searchKnn(q, k, undefined).neighbors, queries);
        const { recall } = agreement(t.rows, f32.rows);
        annTableRows.push([label, `hnswlib-wasm ${hnsw.version} HierarchicalNSW (M 16, efConstruction 128, ef 64)`, fmt(build.seconds, 1), fmt(t.median, 3), fmt(t.p95, 3), fmt(recall, 3)]);
        log(`    hnswlib-wasm HNSW: build ${fmt(build.seconds, 1)} s, median ${fmt(t.median, 3)} ms, recall@10 ${fmt(recall, 3)}`);
      }
    }
  }

  const markdown = [
    `Seeded uniform matrices; ${queryCount} queries per matrix (a row plus 10% noise), one at a time, after at least ${warmup} warm-up queries and ${warmupMs} ms of them; ` +
      `latency in ms of ${clockName()} time per query (median, p95). GB/s = matrix bytes (f32) per second of one query. ` +
      `*Same rows* = queries whose top 10 (rows and order) equal tokvec f32's. The bandwidth row streams the same bytes in wasm ` +
      '(stream_read.mjs): the ceiling an f32 scan can reach.',
    '',
    table(['rows × dim', 'implementation', 'median ms', 'p95 ms', 'GB/s', 'same rows', ''], latencyRows),
    '',
    annTableRows.length
      ? [`Approximate indexes (HNSW, one thread), matrices up to ${annRows.toLocaleString('en')} rows at d ${annDims.join(', ')}: build time (${clockName()} s), latency, and recall@10 against the exact top 10. ` +
        'On unstructured random vectors HNSW is at its worst; real embeddings cluster and recall higher.',
      '',
      table(['rows × dim', 'index', 'build s', 'median ms', 'p95 ms', 'recall@10'], annTableRows)].join('\n')
      : `No approximate index was measured (--ann-rows ${annRows} --ann-dims ${annDims.join(',')}, or neither usearch nor hnswlib-wasm is installed).`,
  ].join('\n');
  return { markdown, checks };
}
