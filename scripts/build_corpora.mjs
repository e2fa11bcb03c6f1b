#!/usr/bin/env node
// Builds the tokenizer parity corpora in .cache/corpora/ from Debian packages named below:
// English prose (bible-kjv, wordnet-base glosses), source code (the Python 3.11 standard library,
// glibc's and Linux's C headers) and multilingual text (Japanese, Chinese, Russian and Ukrainian
// man pages, an Arabic word list, every emoji sequence of unicode-data's emoji-test.txt).
//
// Deterministic: files are taken in sorted order up to fixed byte limits, so the same package
// versions give byte-identical corpora on every machine; manifest.json records the versions and
// each corpus's sha256. Installs (apt-get, as root) only the packages that are missing.
//
// Each corpus is <name>.jsonl: one JSON string per line, one text per string. Texts are chunks
// of about CHUNK_BYTES cut at line ends, taken round-robin from the corpus's sources so that any
// prefix of the corpus (the test suite reads the first 64 KB) holds every source.
//
// Usage: node scripts/build_corpora.mjs [--out DIR] [--force]
import { spawnSync, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

// Bump when the corpus recipe changes, so existing caches are rebuilt.
export const CORPUS_FORMAT = 1;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHUNK_BYTES = 2048;
const MAX_LINE_BYTES = 4096;
const MB = 1 << 20;

// Debian package → a file it installs that shows it is there.
const PACKAGES = {
  'bible-kjv': '/usr/bin/bible',
  'wordnet-base': '/usr/share/wordnet/data.noun',
  'libpython3.11-stdlib': '/usr/lib/python3.11/json/decoder.py',
  'libc6-dev': '/usr/include/stdio.h',
  'linux-libc-dev': '/usr/include/linux/types.h',
  'manpages-ja': '/usr/share/man/ja/man1/ls.1.gz',
  'manpages-zh': '/usr/share/man/zh_CN/man1/ls.1.gz',
  'manpages-ru': '/usr/share/man/ru/man1/ls.1.gz',
  'manpages-uk': '/usr/share/man/uk/man1/ls.1.gz',
  'hunspell-ar': '/usr/share/hunspell/ar.dic',
  'unicode-data': '/usr/share/unicode/emoji/emoji-test.txt',
};

function installMissing() {
  const missing = Object.entries(PACKAGES).filter(([, file]) => !fs.existsSync(file)).map(([p]) => p);
  if (missing.length === 0) return;
  console.log(`build_corpora: installing ${missing.join(' ')}`);
  const sudo = process.getuid && process.getuid() !== 0 ? ['sudo'] : [];
  const run = (args) => {
    const r = spawnSync(sudo[0] ?? args[0], sudo.length ? args : args.slice(1), {
      stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (r.status !== 0) throw new Error(`build_corpora: ${args.join(' ')} failed (exit ${r.status})`);
  };
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing]);
  for (const p of missing) {
    if (!fs.existsSync(PACKAGES[p])) throw new Error(`build_corpora: ${p} installed but ${PACKAGES[p]} is missing`);
  }
}

function packageVersion(name) {
  return execFileSync('dpkg-query', ['-W', '-f=${Version}', name], { encoding: 'utf8' }).trim();
}

// The files a package installs, filtered and sorted by byte order of their paths.
function packageFiles(name, test) {
  const list = execFileSync('dpkg', ['-L', name], { encoding: 'utf8' }).split('\n');
  return list.filter((f) => test(f) && fs.statSync(f, { throwIfNoEntry: false })?.isFile())
    .sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b))));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

// File text, gunzipped when it ends in .gz; null when it is not valid UTF-8 (skipped).
function readText(file) {
  let bytes = fs.readFileSync(file);
  if (file.endsWith('.gz')) bytes = zlib.gunzipSync(bytes);
  try {
    return utf8.decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return null;
  }
}

// Cuts text into chunks of about CHUNK_BYTES at line ends (each line keeps its \n). A line longer
// than MAX_LINE_BYTES is cut at a code point boundary.
function* chunks(text) {
  let chunk = '';
  let bytes = 0;
  for (const match of text.matchAll(/[^\n]*\n|[^\n]+$/g)) {
    let line = match[0];
    while (line.length) {
      let piece = line;
      if (Buffer.byteLength(piece) > MAX_LINE_BYTES) {
        piece = [...line].slice(0, MAX_LINE_BYTES / 4).join('');
      }
      line = line.slice(piece.length);
      const n = Buffer.byteLength(piece);
      if (bytes > 0 && bytes + n > CHUNK_BYTES) {
        yield chunk;
        chunk = '';
        bytes = 0;
      }
      chunk += piece;
      bytes += n;
    }
  }
  if (chunk) yield chunk;
}

// A source: a package, and a generator of its texts (whole documents), limited to `limit` bytes.
function source(pkg, limit, documents) {
  return { pkg, limit, documents };
}

// Takes chunks from each source until its limit, round-robin between sources.
function assemble(sources) {
  const iterators = sources.map((s) => ({
    s,
    used: 0,
    it: (function* () {
      for (const doc of s.documents()) if (doc) yield* chunks(doc);
    })(),
  }));
  const texts = [];
  let live = iterators;
  while (live.length) {
    live = live.filter((x) => {
      const next = x.it.next();
      if (next.done) return false;
      const n = Buffer.byteLength(next.value);
      if (x.used + n > x.s.limit) return false;
      x.used += n;
      texts.push(next.value);
      return true;
    });
  }
  return { texts, sources: iterators.map((x) => ({ package: x.s.pkg, version: packageVersion(x.s.pkg), bytes: x.used })) };
}

// --- sources -------------------------------------------------------------------------------------

function* bible() {
  // -l1000: one verse per line whatever the terminal width.
  const out = execFileSync('bible', ['-l1000', 'Gen1:1-Rev22:21'], {
    encoding: 'utf8', maxBuffer: 64 * MB, env: { ...process.env, COLUMNS: '1000' },
  });
  yield out;
}

function* wordnetGlosses() {
  for (const pos of ['noun', 'verb', 'adj', 'adv']) {
    const lines = [];
    for (const line of readText(`/usr/share/wordnet/data.${pos}`).split('\n')) {
      if (line.startsWith('  ') || !line.includes(' | ')) continue;  // the licence header
      const fields = line.split(' ');
      const word = fields[4].replace(/_/g, ' ');
      lines.push(`${word}: ${line.slice(line.indexOf(' | ') + 3).trimEnd()}\n`);
    }
    yield lines.join('');
  }
}

function* files(list) {
  for (const f of list) {
    const t = readText(f);
    if (t) yield t;
  }
}

// Roughly strips groff man markup: comments, requests, font and character escapes.
function stripGroff(text) {
  const out = [];
  for (let line of text.split('\n')) {
    if (/^['.]\s*\\"/.test(line) || line.startsWith('.\\"')) continue;
    const request = /^[.']\s*([A-Za-z]{1,3})\b\s*(.*)$/.exec(line);
    if (request) {
      const [, name, args] = request;
      if (['SH', 'SS', 'B', 'I', 'BI', 'BR', 'IB', 'IR', 'RB', 'RI', 'SM', 'SB', 'IP', 'TP', 'TH', 'Nm', 'Nd', 'Op', 'Ar', 'Fl'].includes(name)) {
        line = args.replace(/"/g, '');
      } else if (['PP', 'LP', 'P', 'sp', 'br', 'Pp'].includes(name)) {
        line = '';
      } else {
        continue;
      }
    }
    line = line
      .replace(/\\f(\[[^\]]*\]|\(..|.)/g, '')
      .replace(/\\s[+-]?\d/g, '')
      .replace(/\\\*(\[[^\]]*\]|\(..|.)/g, '')
      .replace(/\\\(aq/g, "'").replace(/\\\(em/g, '\u2014').replace(/\\\(en/g, '\u2013')
      .replace(/\\\(lq|\\\(rq/g, '"').replace(/\\\(bu/g, '\u2022')
      .replace(/\\\(../g, '')
      .replace(/\\-/g, '-').replace(/\\e/g, '\\').replace(/\\[&c%,/^|]/g, '').replace(/\\ /g, ' ');
    out.push(line);
  }
  return out.join('\n');
}

function* manPages(pkg, dirs) {
  const list = packageFiles(pkg, (f) => dirs.some((d) => f.startsWith(`/usr/share/man/${d}/`)) && /\.gz$/.test(f));
  for (const f of list) {
    const t = readText(f);
    if (t) yield stripGroff(t);
  }
}

// The Arabic hunspell word list (affix flags removed), twelve words to a line.
function* arabicWords() {
  const words = readText('/usr/share/hunspell/ar.dic').split('\n').slice(1)
    .map((w) => w.split('/')[0].trim())
    .filter((w) => w && /\p{Script=Arabic}/u.test(w));
  const lines = [];
  for (let i = 0; i < words.length; i += 12) lines.push(words.slice(i, i + 12).join(' ') + '\n');
  yield lines.join('');
}

// Every sequence of emoji-test.txt: with its name, and eight in a row with nothing between them.
function* emoji() {
  const seqs = [];
  const named = [];
  for (const line of readText('/usr/share/unicode/emoji/emoji-test.txt').split('\n')) {
    const m = /^([0-9A-F ]+?)\s*;\s*([a-z-]+)\s*#\s*\S+\s+E\d+\.\d+\s+(.*)$/.exec(line);
    if (!m) continue;
    const seq = String.fromCodePoint(...m[1].split(' ').map((h) => parseInt(h, 16)));
    seqs.push(seq);
    named.push(`${seq} ${m[3]}\n`);
  }
  const runs = [];
  for (let i = 0; i < seqs.length; i += 8) runs.push(seqs.slice(i, i + 8).join('') + '\n');
  const out = [];
  for (let i = 0; i < Math.max(named.length, runs.length); i += 8) {
    out.push(...named.slice(i, i + 8));
    if (runs[i / 8]) out.push(runs[i / 8]);
  }
  yield out.join('');
}

export const CORPORA = {
  prose: () => [
    source('bible-kjv', 3 * MB, bible),
    source('wordnet-base', 1.5 * MB, wordnetGlosses),
  ],
  code: () => [
    source('libpython3.11-stdlib', 3 * MB, () => files(packageFiles('libpython3.11-stdlib', (f) => f.endsWith('.py')))),
    source('libc6-dev', 1 * MB, () => files(packageFiles('libc6-dev', (f) => f.endsWith('.h')))),
    source('linux-libc-dev', 1 * MB, () => files(packageFiles('linux-libc-dev', (f) => f.endsWith('.h')))),
  ],
  multilingual: () => [
    source('manpages-ja', 1 * MB, () => manPages('manpages-ja', ['ja'])),
    source('manpages-zh', 1 * MB, () => manPages('manpages-zh', ['zh_CN', 'zh_TW'])),
    source('manpages-ru', 0.75 * MB, () => manPages('manpages-ru', ['ru'])),
    source('manpages-uk', 0.75 * MB, () => manPages('manpages-uk', ['uk'])),
    source('hunspell-ar', 0.75 * MB, arabicWords),
    source('unicode-data', 0.5 * MB, emoji),
  ],
};

export function buildCorpora(outDir = path.join(root, '.cache', 'corpora')) {
  installMissing();
  fs.mkdirSync(outDir, { recursive: true });
  const manifest = { format: CORPUS_FORMAT, chunkBytes: CHUNK_BYTES, corpora: {} };
  for (const [name, sources] of Object.entries(CORPORA)) {
    const started = Date.now();
    const { texts, sources: used } = assemble(sources());
    const body = texts.map((t) => JSON.stringify(t)).join('\n') + '\n';
    const file = `${name}.jsonl`;
    fs.writeFileSync(path.join(outDir, file), body);
    manifest.corpora[name] = {
      file,
      texts: texts.length,
      bytes: used.reduce((a, s) => a + s.bytes, 0),
      sha256: createHash('sha256').update(body).digest('hex'),
      sources: used,
    };
    console.log(`build_corpora: ${name}: ${texts.length} texts, ${(manifest.corpora[name].bytes / MB).toFixed(2)} MB in ${Date.now() - started} ms`);
  }
  // Written last: its presence means the corpora are complete.
  fs.writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const outDir = outIndex >= 0 ? path.resolve(args[outIndex + 1]) : path.join(root, '.cache', 'corpora');
  const manifestPath = path.join(outDir, 'manifest.json');
  if (!args.includes('--force') && fs.existsSync(manifestPath)
      && JSON.parse(fs.readFileSync(manifestPath, 'utf8')).format === CORPUS_FORMAT) {
    console.log(`build_corpora: ${outDir} is up to date (--force to rebuild)`);
  } else {
    buildCorpora(outDir);
  }
}
