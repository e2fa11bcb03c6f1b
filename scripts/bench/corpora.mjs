// The benchmark's documents: ~4 KB pieces of real text, at least 2 MB per corpus, every library
// encoding the same ones. Three corpora: English prose, source code, and text in other scripts.
//
// Sources, in order of preference (the first ones are read whole before later ones are added):
//   english       /work/shared/data/corpora/{tinyshakespeare,botchan}.txt, then English man pages
//   code          the Python standard library (/usr/lib/python3.*/*.py)
//   multilingual  /work/shared/data/corpora/wagahaiwa_nekodearu.txt (Japanese), then translated man
//                 pages (ja, zh_CN, zh_TW, ko, ru, uk, de, fr, es, ...), one page per language in turn
// /work/shared is optional: without it the man pages alone fill the English and multilingual corpora.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const DOCUMENT_BYTES = 4096;
const encoder = new TextEncoder();
const utf8Length = (s) => encoder.encode(s).length;

const sharedCorpora = process.env.TOKVEC_SHARED_CORPORA ?? '/work/shared/data/corpora';

function sortedFiles(dir, accept) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter(accept).sort().map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

// Man pages as readable text: requests and comments dropped, font and character escapes resolved,
// the words of .B/.I/.SH lines kept. Not troff, but the same words in the same order.
function manPageText(path) {
  const source = readFileSync(path);
  const roff = (path.endsWith('.gz') ? gunzipSync(source) : source).toString('utf8');
  const lines = [];
  for (const line of roff.split('\n')) {
    if (/^([.']?\\"|\.ig\b)/.test(line)) continue;
    let text = line;
    if (text.startsWith('.') || text.startsWith("'")) {
      const request = /^[.'](\S+)\s*(.*)$/.exec(text);
      if (!request || !/^(B|I|BI|BR|IB|IR|RB|RI|SH|SS|TP|IP)$/.test(request[1])) continue;
      text = request[2].replace(/"/g, '');
      if (!text) continue;
    }
    text = text
      .replace(/\\f(\[[^\]]*\]|\(..|.)/g, '')
      .replace(/\\\(em|\\\(en/g, '—')
      .replace(/\\\(aq/g, "'")
      .replace(/\\\(.{2}/g, '')
      .replace(/\\-/g, '-')
      .replace(/\\e/g, '\\')
      .replace(/\\[&|^%]/g, '')
      .replace(/\\ /g, ' ');
    lines.push(text);
  }
  return lines.join('\n');
}

function manPages(section, languages) {
  const root = '/usr/share/man';
  return languages.map((lang) => sortedFiles(join(root, lang === 'en' ? '' : lang, section), (n) => /\.\d\w*(\.gz)?$/.test(n)));
}

// Round-robin over lists, so a corpus cut short still has some of every list.
function* interleave(lists) {
  for (let i = 0; lists.some((l) => i < l.length); i++) {
    for (const l of lists) if (i < l.length) yield l[i];
  }
}

// Cuts texts into documents of about DOCUMENT_BYTES, at line ends where possible (a line longer
// than a document is cut between code points), until `minBytes` are collected.
function cutDocuments(texts, minBytes) {
  const docs = [];
  let total = 0;
  let current = '';
  let currentBytes = 0;
  const emit = () => {
    if (currentBytes === 0) return;
    docs.push(current);
    total += currentBytes;
    current = '';
    currentBytes = 0;
  };
  for (const text of texts) {
    for (const rawLine of text.split(/(?<=\n)/)) {
      let line = rawLine;
      while (line) {
        const lineBytes = utf8Length(line);
        if (currentBytes + lineBytes <= DOCUMENT_BYTES) {
          current += line;
          currentBytes += lineBytes;
          break;
        }
        if (currentBytes > DOCUMENT_BYTES / 2) {
          emit();
        } else {
          // Fill the document up to the limit with the line's first code points.
          let cut = 0;
          let bytes = currentBytes;
          for (const ch of line) {
            const n = utf8Length(ch);
            if (bytes + n > DOCUMENT_BYTES) break;
            bytes += n;
            cut += ch.length;
          }
          current += line.slice(0, cut);
          currentBytes = bytes;
          line = line.slice(cut);
          emit();
        }
        if (total >= minBytes) return { docs, bytes: total };
      }
      if (total >= minBytes) return { docs, bytes: total };
    }
  }
  emit();
  return { docs, bytes: total };
}

function* readAll(paths, read) {
  for (const path of paths) {
    try {
      yield read(path);
    } catch {
      // An unreadable page is skipped: the corpus only needs enough real text, not every file.
    }
  }
}

function pythonSources() {
  const candidates = (existsSync('/usr/lib') ? readdirSync('/usr/lib') : [])
    .filter((n) => /^python3\.\d+$/.test(n))
    .sort((a, b) => Number(b.split('.').pop()) - Number(a.split('.').pop()))
    .map((n) => join('/usr/lib', n));
  return candidates.length ? sortedFiles(candidates[0], (n) => n.endsWith('.py')) : [];
}

// Every tenth document is set aside for warming up, so the timed ones are never seen before.
function splitWarmup({ docs }) {
  const timed = docs.filter((_, i) => i % 10 !== 9);
  const docBytes = timed.map(utf8Length);
  return { docs: timed, docBytes, bytes: docBytes.reduce((a, b) => a + b, 0), warmup: docs.filter((_, i) => i % 10 === 9) };
}

/**
 * The corpora as { name, description, docs, docBytes, bytes, warmup }: `docs` (UTF-8 sizes in
 * `docBytes`) hold at least `minBytes`; `warmup` are other documents of the same sources.
 */
export function loadCorpora({ minBytes = 2 * 1024 * 1024 } = {}) {
  const wanted = minBytes;
  minBytes = Math.ceil(wanted / 0.9) + 8 * DOCUMENT_BYTES;
  const shared = (name) => join(sharedCorpora, name);
  const readText = (path) => readFileSync(path, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');

  const englishShared = ['tinyshakespeare.txt', 'botchan.txt'].map(shared).filter(existsSync);
  const englishMan = [...interleave(manPages('man1', ['en']).concat(manPages('man7', ['en']), manPages('man5', ['en'])))];
  const english = cutDocuments(
    (function* () { yield* readAll(englishShared, readText); yield* readAll(englishMan, manPageText); })(), minBytes);

  const python = pythonSources();
  const code = cutDocuments(readAll(python, readText), minBytes);

  const japanese = [shared('wagahaiwa_nekodearu.txt')].filter(existsSync);
  const languages = ['ja', 'zh_CN', 'ko', 'ru', 'de', 'fr', 'es', 'zh_TW', 'uk', 'pl', 'it', 'pt_BR', 'tr', 'cs', 'sv', 'nl'];
  const translated = [...interleave(manPages('man1', languages))];
  // Half the corpus from the novel, the rest from the pages, so several scripts are represented.
  const novel = cutDocuments(readAll(japanese, readText), minBytes / 2);
  const pages = cutDocuments(readAll(translated, manPageText), minBytes - novel.bytes);
  const multilingual = { docs: novel.docs.concat(pages.docs), bytes: novel.bytes + pages.bytes };

  return [
    { name: 'english', description: `${englishShared.length ? 'tinyshakespeare + Botchan, then ' : ''}English man pages`, ...english },
    { name: 'code', description: `Python ${python[0]?.split('/')[3] ?? '(not found)'} standard library`, ...code },
    { name: 'multilingual', description: `${japanese.length ? '吾輩は猫である (ja) + ' : ''}man pages in ${languages.length} languages`, ...multilingual },
  ].map((c) => {
    const split = { name: c.name, description: c.description, ...splitWarmup(c) };
    if (split.bytes < wanted) {
      throw new Error(`bench: corpus ${c.name} has only ${split.bytes} bytes of text, need ${wanted}; see scripts/bench/corpora.mjs for its sources`);
    }
    return split;
  });
}
