// The parity corpora in .cache/corpora/ (built by scripts/build_corpora.mjs from Debian packages):
// builds them when they are missing, and reads them as lists of texts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { root } from './references.js';

export const CORPUS_NAMES = ['prose', 'code', 'multilingual'];
export const corporaDir = process.env.TOKVEC_CORPORA ? path.resolve(process.env.TOKVEC_CORPORA) : path.join(root, '.cache', 'corpora');
const script = path.join(root, 'scripts', 'build_corpora.mjs');

/** The manifest, building the corpora first (installing Debian packages) when needed. */
export function ensureCorpora() {
  // The script decides whether the cache is current (its recipe version is in the manifest).
  const r = spawnSync(process.execPath, [script, '--out', corporaDir], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build_corpora.mjs failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  return JSON.parse(fs.readFileSync(path.join(corporaDir, 'manifest.json'), 'utf8'));
}

/** The texts of a corpus, in order; with maxBytes, only the texts that start before that many UTF-8 bytes. */
export function loadCorpus(name, { maxBytes = Infinity } = {}) {
  const texts = [];
  let bytes = 0;
  for (const line of fs.readFileSync(path.join(corporaDir, `${name}.jsonl`), 'utf8').split('\n')) {
    if (!line || bytes >= maxBytes) continue;
    const text = JSON.parse(line);
    texts.push(text);
    bytes += Buffer.byteLength(text);
  }
  return texts;
}

/** Sentences for word2vec: each line of the texts as its lower-case letter runs, lines of two words or more. */
export function wordSentences(texts) {
  const out = [];
  for (const text of texts) {
    for (const line of text.split('\n')) {
      const words = line.toLowerCase().match(/[a-z]+/g);
      if (words && words.length > 1) out.push(words.join(' '));
    }
  }
  return out;
}
