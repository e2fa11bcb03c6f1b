// `npm run bench`: tokvec side by side with the JavaScript tokenizers people use today, on the same
// documents, in one Node process (load and memory samples in fresh child processes). Prints a
// markdown report and writes it to docs/benchmarks.md.
//
// Usage: node scripts/bench.mjs [--parts N] [--runs N] [--clock cpu|wall] [--load-runs N]
//                               [--only throughput,families,load,embeddings,glove,train,word2vec] [--mb N] [--no-write]
//                               [--search-rows 100000,400000] [--search-dims 50,100,300] [--ann-rows N] [--ann-dims 50,100]
//                               [--queries N]
//                               [--glove-rows N] [--glove-dim N] [--help]
//   --parts     groups each corpus is timed in, every document once (5); the median group counts
//   --runs      timed passes of the embeddings and train sections (3)
//   --clock     cpu (default: this process's CPU time, robust on a shared machine) or wall
//   --mb        megabytes of text per corpus (2)
//   --only      runs those sections; an existing docs/benchmarks.md keeps the others (bench/report.mjs)
//   --search-*  the embeddings section's matrices (rows × dims); --queries per matrix (20);
//   --ann-rows, --ann-dims  the matrices the approximate (HNSW) rivals are built for (100000 rows at
//               d 50 and 100: building both at 100k x 300 takes over ten CPU minutes here)
//   --glove-*   the GloVe loading section's file (400000 × 300, the size of glove.6B.300d.txt)
//   --help      this text
//   TOKVEC_PACKAGE=/path/to/tokvec  measure that package (folder or entry file) instead of this one
//
// Each section is a module in scripts/bench/ exporting `title` and `run(ctx)` → { markdown, checks },
// where checks are the targets it judged: [{ group (the target), pass, note, score? }]; the report
// ends with one line per target.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCorpora } from './bench/corpora.mjs';
import { tokvecPackageDir } from './bench/libraries.mjs';
import { mark, setClock, table } from './bench/measure.mjs';
import { mergeReport } from './bench/report.mjs';
import * as embeddings from './bench/embeddings.mjs';
import * as glove from './bench/glove_load.mjs';
import * as families from './bench/families.mjs';
import * as load from './bench/load.mjs';
import * as throughput from './bench/throughput.mjs';
import * as train from './bench/train_bpe.mjs';
import * as word2vec from './bench/word2vec.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sections = { throughput, families, load, embeddings, glove, train, word2vec };

// The usage is the file's opening comment from "Usage:" on, so that the two cannot drift apart.
const usage = () => {
  const lines = readFileSync(new URL(import.meta.url), 'utf8').split('\n');
  const header = lines.slice(0, lines.findIndex((line) => !line.startsWith('//'))).map((line) => line.slice(3));
  return header.slice(header.findIndex((line) => line.startsWith('Usage:'))).join('\n');
};
const usageError = (message) => {
  console.error(`bench: ${message}\n\n${usage()}`);
  process.exit(2);
};

let parsed;
try {
  parsed = parseArgs({ options: {
    runs: { type: 'string', default: '3' },
    parts: { type: 'string', default: '5' },
    clock: { type: 'string', default: 'cpu' },
    'load-runs': { type: 'string', default: '5' },
    only: { type: 'string' },
    mb: { type: 'string', default: '2' },
    'search-rows': { type: 'string', default: '100000,400000' },
    'search-dims': { type: 'string', default: '50,100,300' },
    'ann-rows': { type: 'string', default: '100000' },
    'ann-dims': { type: 'string', default: '50,100' },
    queries: { type: 'string', default: '20' },
    'glove-rows': { type: 'string', default: '400000' },
    'glove-dim': { type: 'string', default: '300' },
    'no-write': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  } });
} catch (error) {
  usageError(error.message);
}
const args = parsed.values;
if (args.help) {
  console.log(usage());
  process.exit(0);
}
const chosen = args.only ? args.only.split(',') : Object.keys(sections);
for (const name of chosen) {
  if (!sections[name]) usageError(`--only: unknown section "${name}"; expected ${Object.keys(sections).join(', ')}`);
}

// The clock is the process's CPU time, all threads; V8's helper threads would mark and sweep one
// library's garbage on the clock of whichever library runs next (tokvec, which makes little, ran
// up to a third slower after the JavaScript tokenizers had run). With the collector on the main
// thread each library pays for its own garbage, in its own calls. The flag must be set at start-up:
// the bench runs itself again with it.
if (!process.execArgv.includes('--single-threaded-gc')) {
  const child = spawnSync(process.execPath, ['--single-threaded-gc', ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}
setClock(args.clock);
const log = (line) => process.stderr.write(`${line}\n`);

function cpuModel() {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    return /^model name\s*:\s*(.*)$/m.exec(info)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  } catch {
    return cpus()[0]?.model ?? 'unknown';
  }
}

function packageVersion(dir) {
  const version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  try {
    const commit = execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    // The report this script writes is not a change to what it measures: a run of one section after
    // another would otherwise call the tree dirty.
    const changed = execFileSync('git', ['-C', dir, 'status', '--porcelain', '--untracked-files=no', '--', '.', ':!docs/benchmarks.md'],
      { encoding: 'utf8' }).trim();
    const dirty = changed ? ' + uncommitted changes' : '';
    return `${version} at ${commit}${dirty}`;
  } catch {
    return `${version} (${dir}, not a git checkout)`;
  }
}

function command() {
  const flags = process.argv.slice(2).join(' ');
  const env = process.env.TOKVEC_PACKAGE ? `TOKVEC_PACKAGE=${process.env.TOKVEC_PACKAGE} ` : '';
  if (process.env.npm_lifecycle_event === 'bench') return `${env}npm run bench${flags ? ` -- ${flags}` : ''}`;
  return `${env}node scripts/bench.mjs${flags ? ` ${flags}` : ''}`;
}

const started = new Date();
const startLoad = loadavg()[0];
const tokvecDir = tokvecPackageDir();
const header = [
  '# Benchmarks',
  '',
  `Generated by \`${command()}\` (scripts/bench.mjs) on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
  '',
  `- Node ${process.version}, ${process.platform}-${process.arch}; CPU: ${cpuModel()} (${cpus().length} logical cores); ` +
    `load average at start ${startLoad.toFixed(1)}`,
  `- tokvec ${packageVersion(tokvecDir)}${tokvecDir !== root ? ` (from ${tokvecDir})` : ''}`,
];

const needsCorpora = chosen.includes('throughput') || chosen.includes('families');
const corpora = needsCorpora ? loadCorpora({ minBytes: Number(args.mb) * 1024 * 1024 }) : [];
const numbers = (list) => list.split(',').map(Number);
const ctx = {
  corpora, runs: Number(args.runs), parts: Number(args.parts), loadRuns: Number(args['load-runs']), log, root,
  searchRows: numbers(args['search-rows']), searchDims: numbers(args['search-dims']), annRows: Number(args['ann-rows']), annDims: numbers(args['ann-dims']),
  queryCount: Number(args.queries), gloveRows: Number(args['glove-rows']), gloveDim: Number(args['glove-dim']),
};

const parts = [];
const checks = [];
for (const name of chosen) {
  const section = sections[name];
  log(`== ${section.title}`);
  const t0 = performance.now();
  const result = await section.run(ctx);
  log(`   (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  parts.push(`## ${section.title}\n\n${result.markdown}\n`);
  checks.push(...result.checks);
}

// One line per target: how many of its measurements meet it, and the ones that do not (worst first).
const groups = new Map();
for (const c of checks) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
const summaryRows = [...groups].map(([group, list]) => {
  const met = list.filter((c) => c.pass).length;
  const misses = list.filter((c) => !c.pass).sort((a, b) => (a.score ?? 0) - (b.score ?? 0));
  const detail = list.length === 1 ? list[0].note : misses.map((c) => c.note).join('; ') || 'all met';
  return [group, `${met}/${list.length}`, detail, mark(met === list.length)];
});
const summary = [
  '## Targets',
  '',
  table(['target', 'met', 'measured (misses, worst first)', ''], summaryRows),
].join('\n');

// CPU seconds of this process and of its finished children (Linux: /proc/self/stat, in ticks).
function cpuSeconds() {
  const own = process.cpuUsage();
  let children = 0;
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    children = (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    // Not Linux: the children's share is left out.
  }
  return (own.user + own.system) / 1e6 + children;
}

const elapsed = (Date.now() - started.getTime()) / 1000;
const report = [...header,
  `- whole run: ${elapsed.toFixed(0)} s of wall time, ${cpuSeconds().toFixed(0)} s of CPU time; load average at end ${loadavg()[0].toFixed(1)}`,
  '', ...parts, summary, ''].join('\n');
process.stdout.write(report);
if (!args['no-write']) {
  const out = join(root, 'docs', 'benchmarks.md');
  mkdirSync(dirname(out), { recursive: true });
  const partial = args.only && existsSync(out);
  writeFileSync(out, partial ? mergeReport(readFileSync(out, 'utf8'), report) : report);
  log(`${partial ? 'updated' : 'wrote'} ${relative(process.cwd(), out) || out}`);
}
