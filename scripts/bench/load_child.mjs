// Run by load.mjs in a fresh Node process: loads one library's o200k_base the way an application
// would on first use and prints { moduleMs, loadMs, memory } as JSON. Times are wall time, or the
// process's CPU time when the second argument is `cpu`.
//   moduleMs  importing the library (and instantiating its wasm, where that is separate)
//   loadMs    building the o200k_base encoder from the library's shipped data, file read included
//   memory    growth from the bare process to after loading and encoding one sentence, measured
//             after a full garbage collection: rss, heapUsed, external, arrayBuffers (bytes)
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
const require = createRequire(import.meta.url);
const clock = process.argv[3] === 'cpu'
  ? () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; }
  : () => performance.now();
const encoding = 'o200k_base';
const sample = 'Hello, world! Tokenizers turn text into numbers.';

function snapshot() {
  gc();
  gc();
  return process.memoryUsage();
}

const loaders = {
  async tokvec() {
    const { importTokvec, tiktokenRanksPath } = await import('./libraries.mjs');
    const t0 = clock();
    const { Tokenizer, init } = await importTokvec();
    await init();
    const t1 = clock();
    const tok = await Tokenizer.fromEncoding(encoding, await readFile(tiktokenRanksPath(encoding)));
    const t2 = clock();
    return { t0, t1, t2, encode: (s) => tok.encodeIds(s), keep: tok };
  },
  async tiktoken() {
    const t0 = clock();
    const tiktoken = require('tiktoken');
    const t1 = clock();
    const enc = tiktoken.get_encoding(encoding);
    const t2 = clock();
    return { t0, t1, t2, encode: (s) => enc.encode(s), keep: enc };
  },
  async 'gpt-tokenizer'() {
    // The encoding's module builds the encoder when it is imported.
    const t0 = clock();
    const t1 = t0;
    const mod = await import(`gpt-tokenizer/encoding/${encoding}`);
    const t2 = clock();
    return { t0, t1, t2, encode: (s) => mod.encode(s), keep: mod };
  },
  async 'ai-tokenizer'() {
    const t0 = clock();
    const { Tokenizer } = await import('ai-tokenizer');
    const t1 = clock();
    const data = await import(`ai-tokenizer/encoding/${encoding}`);
    const tok = new Tokenizer(data.default ?? data);
    const t2 = clock();
    return { t0, t1, t2, encode: (s) => tok.encode(s), keep: tok };
  },
};

const name = process.argv[2];
if (!loaders[name]) throw new Error(`load_child: unknown library ${JSON.stringify(name)}; expected one of ${Object.keys(loaders).join(', ')}`);
// The helper module is imported before the baseline so that its cost is not counted for tokvec.
await import('./libraries.mjs');
const before = snapshot();
const { t0, t1, t2, encode, keep } = await loaders[name]();
const count = encode(sample).length;
const after = snapshot();
const growth = Object.fromEntries(Object.keys(before).map((k) => [k, after[k] - before[k]]));
process.stdout.write(JSON.stringify({ moduleMs: t1 - t0, loadMs: t2 - t1, memory: growth, count, kept: typeof keep }));
