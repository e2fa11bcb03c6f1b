// The demo's tokenizers: the baselines built from the sample corpus, the real tokenizer files the
// build puts in web/data (web/data/manifest.json lists the optional ones it found), and files a
// person drops in. Each is loaded once, on first use, through the package's public factories, in
// a Web Worker (parsing Llama 3's 9 MB tokenizer.json takes seconds). Also the one way the demo
// draws tokens: as text nodes, never as HTML.
import { Remote } from './remote.js';
import { sampleCorpus } from './sample.js';

// Started on first use: a page opened on another view has no tokenizer worker.
let worker = null;
const create = (factory, ...args) => (worker ??= new Remote()).create(factory, ...args);
// The package's factories, run in the worker: each resolves to a RemoteObject.
const Tokenizer = {
  wordLevel: (options) => create('Tokenizer.wordLevel', options),
  characterLevel: (options) => create('Tokenizer.characterLevel', options),
  byteLevel: () => create('Tokenizer.byteLevel'),
  fromEncoding: (name, ranks) => create('Tokenizer.fromEncoding', name, ranks),
  fromJSON: (json) => create('Tokenizer.fromJSON', json),
  fromWordPieceVocab: (vocab, options) => create('Tokenizer.fromWordPieceVocab', vocab, options),
  fromSentencePiece: (model) => create('Tokenizer.fromSentencePiece', model),
};

// The worker fetches the file itself: its bytes never pass through the page.
const data = (name) => ({ $fetch: new URL(`data/${name}`, import.meta.url).href });

// shows: 'source' draws the text a token covers (language-model tokens are spelled in the
// model's own alphabet, "Ġhello", "▁hello"); 'token' draws the token string itself, which is what
// a baseline or WordPiece (lowercased, "##ing") tokenizer teaches.
const builtIn = [
  { name: 'word', group: 'Baselines', label: 'Word level (vocabulary from the sample corpus)', shows: 'token', load: () => Tokenizer.wordLevel({ corpus: sampleCorpus }) },
  { name: 'word-lower', group: 'Baselines', label: 'Word level, lowercased', shows: 'token', load: () => Tokenizer.wordLevel({ corpus: sampleCorpus, lowercase: true }) },
  { name: 'character', group: 'Baselines', label: 'Character level (vocabulary from the sample corpus)', shows: 'token', load: () => Tokenizer.characterLevel({ corpus: sampleCorpus }) },
  { name: 'byte', group: 'Baselines', label: 'Byte level (256 ids)', shows: 'token', load: () => Tokenizer.byteLevel() },
  { name: 'gpt2', group: 'Language models', label: 'GPT-2 (r50k_base)', shows: 'source', load: () => Tokenizer.fromEncoding('r50k_base', data('r50k_base.tiktoken')) },
  { name: 'cl100k', group: 'Language models', label: 'GPT-4, GPT-3.5 (cl100k_base)', shows: 'source', load: () => Tokenizer.fromEncoding('cl100k_base', data('cl100k_base.tiktoken')) },
  { name: 'o200k', group: 'Language models', label: 'GPT-4o (o200k_base)', shows: 'source', load: () => Tokenizer.fromEncoding('o200k_base', data('o200k_base.tiktoken')) },
  { name: 'llama3', group: 'Language models', label: 'Llama 3', shows: 'source', load: () => Tokenizer.fromJSON(data('llama3.tokenizer.json')) },
  { name: 'mistral', group: 'Language models', label: 'Mistral 7B, Llama 2 (SentencePiece BPE)', shows: 'source', load: () => Tokenizer.fromJSON(data('mistral.tokenizer.json')) },
  { name: 'bert-uncased', group: 'Language models', label: 'BERT uncased (WordPiece)', shows: 'token', load: () => Tokenizer.fromWordPieceVocab(data('bert-base-uncased.vocab.txt')) },
];

// Optional files the build copies when it finds them (see scripts/build_demo_data.mjs): how
// each kind of file is loaded.
const optionalKinds = {
  'tokenizer.json': { shows: 'source', load: (file) => Tokenizer.fromJSON(data(file)) },
  'vocab.txt-cased': { shows: 'token', load: (file) => Tokenizer.fromWordPieceVocab(data(file), { lowercase: false }) },
};

const entries = new Map(builtIn.map((e) => [e.name, e]));
const loaded = new Map();

// What the build found beside the always-present files, and the optional tokenizers it did not
// find: { tokenizers, missing, corpora }.
let manifest = null;
export function demoManifest() {
  manifest ??= fetch(new URL('data/manifest.json', import.meta.url))
    .then((r) => (r.ok ? r.json() : {}))
    .then(({ tokenizers = [], missing = [], corpora = [] }) => ({ tokenizers, missing, corpora }));
  return manifest;
}

// The optional tokenizers this build lacks: [{ name, label, needs }], needs naming the file.
export async function unavailable() {
  return (await demoManifest()).missing;
}

// Adds the optional tokenizers the build found; resolves to every entry, in picker order,
// dropped-in files last.
let entriesReady = null;
export function available() {
  entriesReady ??= demoManifest()
    .then(({ tokenizers }) => {
      for (const t of tokenizers) {
        const kind = optionalKinds[t.kind];
        if (!kind || entries.has(t.name)) continue;
        entries.set(t.name, { name: t.name, group: 'Language models', label: t.label, shows: kind.shows, load: () => kind.load(t.file) });
      }
    });
  // Files dropped in since are included.
  return entriesReady.then(() => [...entries.values()]);
}

export function entry(name) {
  return entries.get(name);
}

// A loaded tokenizer with what the page needs to draw its tokens.
export function tokenizerFor(name) {
  if (!loaded.has(name)) {
    const e = entries.get(name);
    if (!e) return Promise.reject(new Error(`no tokenizer named “${name}”`));
    const promise = Promise.resolve(e.load()).then((tokenizer) => describe(tokenizer, e));
    // A failed load may be retried later (e.g. after the build has made the file).
    promise.catch(() => loaded.delete(name));
    loaded.set(name, promise);
  }
  return loaded.get(name);
}

// tokenizer: a RemoteObject; tokenizer.call('encode', text, options) resolves to an Encoding.
async function describe(tokenizer, e) {
  const special = new Set(Object.values(tokenizer.specialTokens));
  // GPT-2's byte-level alphabet spells a space "Ġ": then every token string maps back to bytes.
  const probe = await tokenizer.call('encode', ' a', { addSpecialTokens: false });
  const byteLevel = probe.tokens[0]?.startsWith('Ġ') ?? false;
  return { tokenizer, name: e.name, label: e.label, shows: e.shows, special, byteLevel };
}

// GPT-2's bytes_to_unicode, inverted: printable Latin-1 stands for itself, the other bytes are
// shifted to U+0100 upward in byte order.
const byteOfChar = new Map();
{
  let shifted = 0;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
    byteOfChar.set(String.fromCodePoint(printable ? b : 256 + shifted++), b);
  }
}
const utf8 = new TextEncoder();

// The bytes a token stands for: "<0xNN>" byte pieces, GPT-2's byte alphabet, SentencePiece's "▁"
// for a space, WordPiece's "##" continuation mark; otherwise the token's own UTF-8.
export function tokenBytes(t, token) {
  const byte = /^<0x([0-9A-Fa-f]{2})>$/.exec(token);
  if (byte) return [parseInt(byte[1], 16)];
  if (t.byteLevel && [...token].every((ch) => byteOfChar.has(ch))) return [...token].map((ch) => byteOfChar.get(ch));
  const plain = token.startsWith('##') && token.length > 2 ? token.slice(2) : token.replaceAll('▁', ' ');
  return [...utf8.encode(plain)];
}

const hex = (bytes) => bytes.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');

// Whitespace drawn visibly inside token spans; the real character follows a newline's mark so
// lines still break.
const marks = { ' ': '·', '\n': '↵\n', '\t': '→', '\r': '␍' };
export function appendVisible(parent, token) {
  let plain = '';
  const flush = () => {
    if (plain) parent.append(plain);
    plain = '';
  };
  for (const ch of token) {
    if (ch in marks) {
      flush();
      const ws = document.createElement('span');
      ws.className = 'ws';
      ws.setAttribute('aria-hidden', 'true');
      ws.textContent = marks[ch];
      parent.append(ws);
    } else {
      plain += ch;
    }
  }
  flush();
}

// One focusable span per token, coloured in turn; text no token covers (the spaces a word-level
// tokenizer drops) sits plain between them. Each span carries its details in data-* attributes,
// a title for the mouse and an aria-label for assistive technology.
export function tokenSpans(t, text, { ids, tokens, offsets, specialTokensMask }) {
  const nodes = [];
  let covered = 0;
  tokens.forEach((token, i) => {
    const special = specialTokensMask[i] === 1 || t.special.has(ids[i]);
    const span = document.createElement('span');
    span.className = `token t${i % 6}` + (token === '[UNK]' || token === '<unk>' ? ' unknown' : '') + (special ? ' special' : '');
    span.tabIndex = 0;
    const start = offsets[2 * i];
    const end = offsets[2 * i + 1];
    if (start > covered) nodes.push(document.createTextNode(text.slice(covered, start)));
    // A token that only continues a character the previous token began shows as "⋯".
    const shown = t.shows === 'token' || special || end === start ? token : start >= covered ? text.slice(start, end) : '⋯';
    covered = Math.max(covered, end);
    const bytes = hex(tokenBytes(t, token));
    const details = `id ${ids[i]} · token ${JSON.stringify(token)} · bytes ${bytes || '(none)'} · text ${JSON.stringify(text.slice(start, end))} · offsets [${start}, ${end})${special ? ' · special' : ''}`;
    span.title = details;
    span.setAttribute('aria-label', details);
    Object.assign(span.dataset, { id: String(ids[i]), token, bytes, start: String(start), end: String(end) });
    appendVisible(span, shown);
    nodes.push(span);
  });
  if (covered < text.length) nodes.push(document.createTextNode(text.slice(covered)));
  return nodes;
}

export function countStats(text, count) {
  const characters = [...text].length;
  const perToken = count ? (characters / count).toFixed(2) : '–';
  return { characters, perToken };
}

// A file a person dropped in: the package's loadTokenizer tells tokenizer.json, .tiktoken,
// vocab.txt and .model apart by content, in the worker. A vocab.txt does not say whether it is
// cased and loadTokenizer assumes uncased (BERT's default), so a vocabulary of capitalised words
// is loaded cased.
export async function tokenizerFromFile(file, onProgress) {
  let cased = false;
  if (file.size < 4 << 20) {
    const lines = (await file.text()).split('\n');
    const vocab = lines.includes('[CLS]') && lines.includes('[SEP]');
    cased = vocab && lines.filter((l) => /^\p{Lu}\p{Ll}+$/u.test(l)).length >= 100;
  }
  const tokenizer = await create('loadTokenizer', file, { onProgress, ...(cased ? { wordPiece: { lowercase: false } } : {}) });
  // WordPiece tokens ("##ing", lowercased) teach more drawn as they are.
  const wordPiece = tokenizer.vocabSize > 0 && (await tokenizer.call('tokenToId', '[CLS]')) !== undefined;
  const name = `file:${file.name}`;
  const kind = wordPiece ? `WordPiece, ${cased ? 'cased' : 'uncased'}` : `${tokenizer.vocabSize.toLocaleString('en')} ids`;
  const e = { name, group: 'Your files', label: `${file.name} (${kind})`, shows: wordPiece ? 'token' : 'source', load: () => tokenizer };
  entries.set(name, e);
  loaded.delete(name);
  return e;
}
