// Where tokvec's encodeIds spends its time, in Node on the wasm build, against the JavaScript
// tokenizers it is measured with (npm tiktoken, gpt-tokenizer, ai-tokenizer), on ~4 KB documents.
// Also checks tokvec's ids against npm tiktoken's on every document, and times loading.
//
//   node scripts/profile/encode_profile.mjs [--package DIR] [--encodings cl100k_base,o200k_base]
//        [--corpus english|japanese|all] [--mb N] [--rounds N] [--tokvec-only] [--no-check]
//   --package  a tokvec package folder (a snapshot with dist/ built; default: this repository)
//   --rounds   timed passes over the documents; the best pass counts (3)
//
// For a CPU profile, build the wasm with --profiling-funcs (function names survive) and run
//   node --cpu-prof --cpu-prof-dir=/tmp/prof scripts/profile/encode_profile.mjs --tokvec-only --rounds 20
// then summarise the .cpuprofile with scripts/profile/summarize_cpuprofile.mjs.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'package.json'));

const { values: args } = parseArgs({
  options: {
    package: { type: 'string', default: root },
    encodings: { type: 'string', default: 'cl100k_base,o200k_base' },
    corpus: { type: 'string', default: 'english' },
    mb: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '3' },
    'tokvec-only': { type: 'boolean', default: false },
    'no-check': { type: 'boolean', default: false },
  },
});

const corpora = {
  english: ['tinyshakespeare.txt', 'botchan.txt'],
  japanese: ['wagahaiwa_nekodearu.txt'],
};
corpora.all = [...corpora.english, ...corpora.japanese];

// ~4 KB documents cut at white space, up to `mb` megabytes.
function documents() {
  const dir = process.env.TOKVEC_SHARED_CORPORA ?? '/work/shared/data/corpora';
  const files = corpora[args.corpus];
  if (!files) throw new Error(`--corpus: expected english, japanese or all, got "${args.corpus}"`);
  const limit = Number(args.mb) * 1e6;
  const docs = [];
  let bytes = 0;
  for (const name of files) {
    const path = join(dir, name);
    if (!existsSync(path)) throw new Error(`no corpus ${path} (set TOKVEC_SHARED_CORPORA)`);
    const text = readFileSync(path, 'utf8');
    for (let start = 0; start < text.length && bytes < limit;) {
      let end = Math.min(text.length, start + 4096);
      while (end < text.length && end > start + 3000 && !/\s/.test(text[end])) --end;
      const doc = text.slice(start, end);
      docs.push(doc);
      bytes += Buffer.byteLength(doc);
      start = end;
    }
  }
  return { docs, bytes };
}

const ranksPath = (encoding) => require.resolve(`gpt-tokenizer/data/${encoding}.tiktoken`);

async function importTokvec() {
  const pkg = JSON.parse(readFileSync(join(args.package, 'package.json'), 'utf8'));
  return import(pathToFileURL(join(args.package, pkg.exports?.['.']?.default ?? pkg.main)).href);
}

const libraries = {
  async tokvec(encoding) {
    const { Tokenizer } = await importTokvec();
    const ranks = readFileSync(ranksPath(encoding));
    const start = performance.now();
    const tok = await Tokenizer.fromEncoding(encoding, ranks);
    return { encode: (text) => tok.encodeIds(text), loadMs: performance.now() - start };
  },
  async tiktoken(encoding) {
    const start = performance.now();
    const enc = require('tiktoken').get_encoding(encoding);
    return { encode: (text) => enc.encode(text), loadMs: performance.now() - start };
  },
  async 'gpt-tokenizer'(encoding) {
    const start = performance.now();
    const { encode } = await import(`gpt-tokenizer/encoding/${encoding}`);
    return { encode, loadMs: performance.now() - start };
  },
  async 'ai-tokenizer'(encoding) {
    const start = performance.now();
    const { Tokenizer } = await import('ai-tokenizer');
    const data = await import(`ai-tokenizer/encoding/${encoding}`);
    const tok = new Tokenizer(data.default ?? data);
    return { encode: (text) => tok.encode(text), loadMs: performance.now() - start };
  },
};

function time(encode, docs, bytes, rounds) {
  let best = Infinity;
  for (let r = 0; r < rounds; ++r) {
    const start = performance.now();
    for (const doc of docs) encode(doc);
    best = Math.min(best, performance.now() - start);
  }
  return bytes / 1e6 / (best / 1e3);
}

const { docs, bytes } = documents();
console.log(`${docs.length} documents, ${(bytes / 1e6).toFixed(2)} MB (${args.corpus})`);
const names = args['tokvec-only'] ? ['tokvec'] : Object.keys(libraries);
for (const encoding of args.encodings.split(',')) {
  const speeds = {};
  for (const name of names) {
    const lib = await libraries[name](encoding);
    for (const doc of docs.slice(0, 50)) lib.encode(doc);  // warm up the JIT and the caches
    speeds[name] = time(lib.encode, docs, bytes, Number(args.rounds));
    console.log(`${encoding} ${name}: ${speeds[name].toFixed(2)} MB/s, load ${lib.loadMs.toFixed(1)} ms`);
    if (name === 'tokvec' && !args['no-check']) {
      const reference = await libraries.tiktoken(encoding);
      let mismatches = 0;
      for (const doc of docs) {
        const a = lib.encode(doc);
        const b = reference.encode(doc);
        if (a.length !== b.length || a.some((id, i) => id !== b[i])) {
          if (++mismatches <= 3) console.log(`  MISMATCH on ${JSON.stringify(doc.slice(0, 80))}...`);
        }
      }
      console.log(`  ids: ${mismatches === 0 ? 'identical to npm tiktoken' : `${mismatches} documents differ`} on all ${docs.length} documents`);
    }
  }
  if (speeds.tokvec && speeds.tiktoken) {
    const ratio = (rival) => (speeds[rival] ? `${(speeds.tokvec / speeds[rival]).toFixed(2)}x ${rival}` : '');
    console.log(`  tokvec = ${['tiktoken', 'gpt-tokenizer', 'ai-tokenizer'].map(ratio).join(', ')}`);
  }
}
