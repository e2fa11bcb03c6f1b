// Issue 5: exact top-k cosine search over an embedding matrix, tokvec against the plain
// JavaScript loop an application would write, plus the memory bandwidth each reaches (matrix bytes
// scanned per second). The matrix is synthetic (seeded, reproducible): speed does not depend on
// which vectors they are, only on their count and dimension.
import { importTokvec } from './libraries.mjs';
import { clockName, collectGarbage, fmt, median, seconds, table } from './measure.mjs';

const rows = 50_000;
const dim = 384;  // sentence-embedding size (MiniLM, bge-small)
const k = 10;
const queryCount = 8;

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
  return best;
}

// The fastest a JS loop reads the matrix: a plain sum, for the bandwidth ceiling.
function sumJs(matrix) {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let i = 0;
  for (; i + 4 <= matrix.length; i += 4) {
    s0 += matrix[i]; s1 += matrix[i + 1]; s2 += matrix[i + 2]; s3 += matrix[i + 3];
  }
  for (; i < matrix.length; i++) s0 += matrix[i];
  return s0 + s1 + s2 + s3;
}

function timeQueries(search, queries, runs) {
  const times = [];
  for (let r = 0; r < runs; r++) {
    collectGarbage();
    const start = seconds();
    for (const q of queries) search(q);
    times.push((seconds() - start) * 1000 / queries.length);
  }
  return median(times);
}

export const title = 'Embeddings: exact top-k cosine';

export async function run({ runs, log }) {
  const matrix = seededMatrix(rows, dim, 12345);
  const inverseNorms = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += matrix[r * dim + j] ** 2;
    inverseNorms[r] = 1 / Math.sqrt(s);
  }
  const noise = seededMatrix(queryCount, dim, 777);
  const queries = Array.from({ length: queryCount }, (_, i) => {
    const q = matrix.slice(i * 997 * dim, (i * 997 + 1) * dim);
    for (let j = 0; j < dim; j++) q[j] += 0.1 * noise[i * dim + j];
    return q;
  });
  const bytes = matrix.byteLength;

  const jsSearch = (q) => topKCosineJs(matrix, inverseNorms, rows, dim, q, k);
  jsSearch(queries[0]);
  const jsMs = timeQueries(jsSearch, queries, runs);
  sumJs(matrix);
  const sumTimes = [];
  for (let r = 0; r < runs; r++) {
    const start = seconds();
    sumJs(matrix);
    sumTimes.push((seconds() - start) * 1000);
  }
  const sumMs = median(sumTimes);
  log(`  plain JS: ${fmt(jsMs, 2)} ms/query; JS sum ${fmt(sumMs, 2)} ms`);

  const tableRows = [
    ['plain JS loop (norms precomputed)', fmt(jsMs, 2), fmt(1000 / jsMs, 0), fmt(bytes / 1e9 / (jsMs / 1000), 2)],
    ['plain JS sum of the matrix (bandwidth ceiling for JS)', fmt(sumMs, 2), '', fmt(bytes / 1e9 / (sumMs / 1000), 2)],
  ];

  const tokvec = await importTokvec();
  const checks = [];
  let note = '';
  if (tokvec.Embeddings) {
    // The same matrix and queries through tokvec, f32 and int8 (re-ranked in f32); results must
    // equal the JS loop's rows.
    const m = await tokvec.Embeddings.fromArray(matrix, dim);
    const same = (a, b) => a.length === b.length && a.every((x, i) => x.row === b[i].index);
    const expected = queries.map((q) => jsSearch(q));
    const tokvecSearch = (q) => m.mostSimilar(q, { topN: k });
    tokvecSearch(queries[0]);
    const f32Ms = timeQueries(tokvecSearch, queries, runs);
    const f32Same = queries.every((q, i) => same(expected[i], tokvecSearch(q)));
    m.quantize('int8');
    tokvecSearch(queries[0]);
    const i8Ms = timeQueries(tokvecSearch, queries, runs);
    const i8Same = queries.every((q, i) => same(expected[i], tokvecSearch(q)));
    m.dispose();
    log(`  tokvec: f32 ${fmt(f32Ms, 2)} ms/query, int8 ${fmt(i8Ms, 2)} ms/query`);
    tableRows.unshift(
      [`tokvec f32${f32Same ? '' : ' ⚠ rows differ'}`, fmt(f32Ms, 2), fmt(1000 / f32Ms, 0), fmt(bytes / 1e9 / (f32Ms / 1000), 2)],
      [`tokvec int8 + f32 re-rank${i8Same ? '' : ' ⚠ rows differ'}`, fmt(i8Ms, 2), fmt(1000 / i8Ms, 0), fmt(bytes / 1e9 / (i8Ms / 1000), 2)],
    );
    checks.push(
      { group: 'tokvec f32 top-k ≥ 5× the plain JS loop', pass: f32Same && jsMs / f32Ms >= 5, note: `${fmt(jsMs / f32Ms, 2)}×`, score: jsMs / f32Ms },
      { group: 'tokvec f32 scan ≥ 70% of the JS bandwidth ceiling', pass: sumMs / f32Ms >= 0.7, note: `${fmt(100 * sumMs / f32Ms, 0)}%`, score: sumMs / f32Ms },
      { group: 'tokvec int8 search ≥ 2.5× its f32 scan, same rows', pass: i8Same && f32Ms / i8Ms >= 2.5, note: `${fmt(f32Ms / i8Ms, 2)}×`, score: f32Ms / i8Ms },
    );
    note = 'The bandwidth row is the fastest plain JS read of the same matrix; a streaming read in wasm may go faster.';
  } else {
    note = 'tokvec has no Embeddings export in this build: its rows are skipped.';
  }
  log(`  ${note}`);

  const markdown = [
    `${rows.toLocaleString('en')} rows × ${dim} f32 (${fmt(bytes / 1e6, 0)} MB, seeded random), top-${k} by cosine, ` +
      `${queryCount} queries; median of ${runs} passes, ${clockName()} time. GB/s = matrix bytes scanned per second.`,
    '',
    table(['implementation', 'ms / query', 'queries / s', 'GB/s'], tableRows),
    '',
    note,
  ].join('\n');
  return { markdown, checks };
}
