// Cold start of the package in Node (issue 7's budget: module instantiate ≤ 30 ms): in fresh
// processes, the time to import tokvec, to load the wasm module (init(): read, compile,
// instantiate, runtime start) and to make and use a first tokenizer, for the SIMD and the scalar
// build, and the CPU time init() used (all threads; on a busy machine the steadier figure). Prints
// min and median over RUNS processes (default 15); min is the least disturbed by other work.
//   node scripts/cold_start.mjs [RUNS]
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.argv[2] ?? 15);

const probe = (simd) => `
const t0 = performance.now();
const tokvec = await import('tokvec');
const t1 = performance.now();
const cpu = process.cpuUsage();
const info = await tokvec.init(${simd ? 'undefined' : '{ simd: false }'});
const t2 = performance.now();
const used = process.cpuUsage(cpu);
const tokenizer = await tokvec.Tokenizer.byteLevel();
tokenizer.encode('warm up');
const t3 = performance.now();
console.log(JSON.stringify({ import: t1 - t0, init: t2 - t1, initCpu: (used.user + used.system) / 1000, firstTokenizer: t3 - t2, simd: info.simd }));`;

for (const simd of [true, false]) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    samples.push(JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', probe(simd)], { cwd: root, encoding: 'utf8' })));
  }
  const line = ['import', 'init', 'initCpu', 'firstTokenizer'].map((key) => {
    const values = samples.map((s) => s[key]).sort((a, b) => a - b);
    return `${key} min ${values[0].toFixed(1)} ms, median ${values[runs >> 1].toFixed(1)} ms`;
  });
  console.log(`${simd ? 'SIMD  ' : 'scalar'} (${runs} processes): ${line.join('; ')}`);
}
