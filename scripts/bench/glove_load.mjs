// Issue 5: GloVe text loading speed, MB/s of input, for a 400,000 × 300 file in GloVe's exact
// format (glove_text.mjs: synthetic, from a fixed seed, the size of glove.6B.300d.txt; the real file
// is not reachable here). Two ways in: the whole file as one Uint8Array (fed to the core 4 MB at a
// time), and an async iterable of 64 KiB chunks, as a fetch body or a Node stream arrives.
import { importTokvec } from './libraries.mjs';
import { clockName, collectGarbage, fmt, median, seconds, table } from './measure.mjs';
import { syntheticGloveText } from './glove_text.mjs';

async function* chunksOf(bytes, size) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

export const title = 'Embeddings: GloVe text loading';

export async function run({ runs, log, gloveRows, gloveDim }) {
  const { Embeddings } = await importTokvec();
  const build = performance.now();
  const text = syntheticGloveText(gloveRows, gloveDim);
  log(`  synthetic GloVe text: ${fmt(text.length / 1e6, 1)} MB in ${fmt((performance.now() - build) / 1000, 1)} s`);
  const rows = [];
  const speeds = {};
  for (const [name, source] of [['one Uint8Array', () => text], ['async iterable of 64 KiB chunks', () => chunksOf(text, 65536)]]) {
    const times = [];
    let shape = '';
    for (let r = 0; r < runs; r++) {
      collectGarbage();
      const start = seconds();
      const m = await Embeddings.fromText(source(), { format: 'glove' });
      times.push(seconds() - start);
      shape = `${m.rows} × ${m.dim}`;
      m.dispose();
    }
    const s = median(times);
    speeds[name] = text.length / 1e6 / s;
    log(`  ${name}: ${fmt(s, 2)} s, ${fmt(speeds[name], 1)} MB/s`);
    rows.push([name, shape, fmt(s, 2), fmt(speeds[name], 1)]);
  }
  const worst = Math.min(...Object.values(speeds));
  const markdown = [
    `${gloveRows.toLocaleString('en')} rows × ${gloveDim}, ${fmt(text.length / 1e6, 1)} MB of GloVe text ` +
      `(synthetic, seeded: GloVe's format and glove.6B.300d.txt's size, 1,037,962,819 bytes; scripts/bench/glove_text.mjs), ` +
      `\`Embeddings.fromText(source, { format: 'glove' })\`; median of ${runs} loads, ${clockName()} time. ` +
      'Values are parsed to the correctly rounded f32 (as strtof), checked by tests/native/embeddings_loaders_test.cc and, on real GloVe text, embeddings_real_test.cc.',
    '',
    table(['input', 'matrix', 's', 'MB/s'], rows),
  ].join('\n');
  return {
    markdown,
    checks: [{ group: `GloVe text ${gloveRows / 1000}k × ${gloveDim} loads at ≥ 100 MB/s of input`, pass: worst >= 100, note: `${fmt(worst, 1)} MB/s (slowest way in)`, score: worst / 100 }],
  };
}
