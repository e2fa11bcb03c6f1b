// Prints where a V8 .cpuprofile (node --cpu-prof) spent its samples: self time per function, and
// total (inclusive) time for the functions whose name matches --focus.
//
//   node scripts/profile/summarize_cpuprofile.mjs FILE.cpuprofile [--top N] [--focus REGEX]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '40' }, focus: { type: 'string' } },
});
if (positionals.length !== 1) throw new Error('usage: summarize_cpuprofile.mjs FILE.cpuprofile [--top N] [--focus REGEX]');

const profile = JSON.parse(readFileSync(positionals[0], 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const selfSamples = new Map();
for (const id of profile.samples) selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
const total = profile.samples.length;
const label = (n) => n.callFrame.functionName || `(anonymous ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber})`;

const self = new Map();
for (const [id, count] of selfSamples) {
  const name = label(nodes.get(id));
  self.set(name, (self.get(name) ?? 0) + count);
}
console.log(`${total} samples`);
console.log('self time:');
for (const [name, count] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top))) {
  console.log(`  ${(100 * count / total).toFixed(1).padStart(5)}%  ${name}`);
}

if (args.focus) {
  // Inclusive: a sample counts once for each distinct matching function on its stack.
  const focus = new RegExp(args.focus);
  const inclusive = new Map();
  for (const [id, count] of selfSamples) {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const name = label(nodes.get(at));
      if (focus.test(name) && !seen.has(name)) {
        seen.add(name);
        inclusive.set(name, (inclusive.get(name) ?? 0) + count);
      }
    }
  }
  console.log(`total time (functions matching ${focus}):`);
  for (const [name, count] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top))) {
    console.log(`  ${(100 * count / total).toFixed(1).padStart(5)}%  ${name}`);
  }
}
