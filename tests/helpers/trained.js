// Tokenizers trained here by HuggingFace's own trainers (npm `tokenizers`, the Rust library's
// native binding), for the parity cases no published file covers: WordLevel, WordPiece and
// Unigram models behind a ByteLevel pre-tokenizer, which HuggingFace feeds pieces spelled in GPT-2's
// byte alphabet ("Ġworld" for " world").
//
// The binding trains only with a model's default trainer, which adds no special tokens; each
// trained model then gets an unknown token appended as its last id, so text the corpus lacked
// encodes (WordLevel and WordPiece "[UNK]", Unigram "<unk>" with unk_id). Training reads the first
// 40 KB of each parity corpus; files go to the temporary folder, once per process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const byteLevel = (addPrefixSpace, useRegex) => ({ type: 'ByteLevel', add_prefix_space: addPrefixSpace, trim_offsets: true, use_regex: useRegex });
const unk = (id, content) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });

/**
 * The pipelines: a model type and the stages around it. The Unigram one puts Digits before and
 * Punctuation after a ByteLevel without its regex, so Punctuation sees the alphabet's characters
 * ("¡", "§", "«" … stand for bytes of other characters) and cuts at them, as HuggingFace does.
 */
export const TRAINED = {
  'WordLevel behind ByteLevel': {
    model: { type: 'WordLevel', vocab: {}, unk_token: '[UNK]' },
    pre_tokenizer: byteLevel(false, true),
    decoder: byteLevel(true, true),
    post_processor: null,
  },
  'WordPiece behind ByteLevel': {
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: {} },
    pre_tokenizer: byteLevel(true, true),
    decoder: byteLevel(true, true),
    post_processor: byteLevel(true, true),
  },
  'Unigram behind Digits, ByteLevel, Punctuation': {
    model: { type: 'Unigram', unk_id: null, vocab: [], byte_fallback: false },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [{ type: 'Digits', individual_digits: true }, byteLevel(true, false), { type: 'Punctuation', behavior: 'Isolated' }],
    },
    decoder: byteLevel(true, true),
    post_processor: null,
  },
};

let folder = null;
const files = new Map();

/** The path of the trained tokenizer.json named `name` (a key of TRAINED), training it on first use. */
export async function trainedTokenizer(name) {
  if (files.has(name)) return files.get(name);
  const { ensureCorpora, loadCorpus, CORPUS_NAMES } = await import('./corpora.js');
  if (!folder) {
    ensureCorpora();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tokvec-trained-'));
    fs.writeFileSync(path.join(folder, 'corpus.txt'), CORPUS_NAMES.map((c) => loadCorpus(c, { maxBytes: 40_000 }).join('\n')).join('\n'));
    process.on('exit', () => fs.rmSync(folder, { recursive: true, force: true }));
  }
  const { Tokenizer } = require('tokenizers');
  const { model, ...stages } = TRAINED[name];
  const tokenizer = Tokenizer.fromString(JSON.stringify({ version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null, ...stages, model }));
  tokenizer.train([path.join(folder, 'corpus.txt')]);
  const file = path.join(folder, `${files.size}.json`);
  tokenizer.save(file);
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  const m = json.model;
  if (m.type === 'Unigram') {
    m.unk_id = m.vocab.length;
    m.vocab.push(['<unk>', 0]);
    json.added_tokens.push(unk(m.unk_id, '<unk>'));
  } else {
    const id = Object.keys(m.vocab).length;
    m.vocab['[UNK]'] = id;
    json.added_tokens.push(unk(id, '[UNK]'));
  }
  fs.writeFileSync(file, JSON.stringify(json));
  files.set(name, file);
  return file;
}
