// BERT's vocab.txt through Tokenizer.fromWordPieceVocab, against HuggingFace tokenizers assembled
// the way its BertWordPieceTokenizer is (BertNormalizer, BertPreTokenizer, WordPiece,
// BertProcessing, WordPiece decoder), run live on the same vocabulary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

import { Tokenizer, TokvecError } from 'tokvec';

const hf = createRequire(import.meta.url)('tokenizers');

const texts = [
  'Hello, World! The quick brown fox jumps over the lazy dog.',
  'Héllo CAFÉ naïve résumé — 12.0*50=600',
  '数学は楽しい 한국어 中文字符',
  'supercalifragilisticexpialidocious'.repeat(4),
  'tabs\tand\nnewlines\u00a0and\u200bzero width',
  '[CLS] already [SEP] here [MASK]',
];

async function reference(vocabPath, lowercase) {
  const tokenizer = new hf.Tokenizer(await hf.WordPiece.fromFile(vocabPath, { unkToken: '[UNK]' }));
  tokenizer.setNormalizer(hf.bertNormalizer({ lowercase, stripAccents: lowercase, cleanText: true, handleChineseChars: true }));
  tokenizer.setPreTokenizer(hf.bertPreTokenizer());
  const vocab = readFileSync(vocabPath, 'utf8').split('\n');
  tokenizer.setPostProcessor(hf.bertProcessing(['[SEP]', vocab.indexOf('[SEP]')], ['[CLS]', vocab.indexOf('[CLS]')]));
  tokenizer.setDecoder(hf.wordPieceDecoder('##', true));
  tokenizer.addSpecialTokens(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'].filter((t) => vocab.includes(t)));
  return tokenizer;
}

async function compare(vocabPath, lowercase) {
  const ours = await Tokenizer.fromWordPieceVocab(readFileSync(vocabPath), { lowercase });
  const ref = await reference(vocabPath, lowercase);
  for (const text of texts) {
    const e = ours.encode(text);
    const r = await ref.encode(text);
    assert.deepEqual([...e.ids], r.getIds(), `ids of ${JSON.stringify(text)}: tokens ${JSON.stringify(e.tokens)} vs ${JSON.stringify(r.getTokens())}`);
    assert.deepEqual(e.tokens, r.getTokens());
    assert.equal(ours.decode(e.ids, { skipSpecialTokens: true }), await ref.decode(r.getIds(), true));
  }
  ours.dispose();
}

test('a vocab.txt from a WordPiece model trained by HuggingFace gives its ids, tokens and decoded text', async () => {
  const trained = JSON.parse(readFileSync(new URL('../native/data/model_word_piece.json', import.meta.url), 'utf8'));
  const tokens = Object.entries(trained.model.vocab).sort((a, b) => a[1] - b[1]).map(([t]) => t).filter((t) => t !== '[UNK]');
  const dir = mkdtempSync(join(tmpdir(), 'tokvec-wp-'));
  const path = join(dir, 'vocab.txt');
  writeFileSync(path, ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', ...tokens].join('\n') + '\n');
  await compare(path, true);
  await compare(path, false);
});

test('real BERT vocabularies (uncased and cased) match HuggingFace', async (t) => {
  const shared = new URL('../../../shared/data/tokenizers/', import.meta.url);
  const uncased = new URL('bert-base-uncased.vocab.txt', shared);
  if (!existsSync(uncased)) return t.skip('../shared/data/tokenizers is absent: the optional real-BERT check is skipped');
  await compare(uncased.pathname, true);
  await compare(new URL('bert-base-cased.vocab.txt', shared).pathname, false);
});

test('a vocab.txt without the tokens BERT needs is an error naming them', async () => {
  await assert.rejects(Tokenizer.fromWordPieceVocab('[UNK]\nhello\n'), (e) => e instanceof TokvecError && /vocab\.txt: BERT needs the token "\[CLS\]"/.test(e.message));
  await assert.rejects(Tokenizer.fromWordPieceVocab('a\na\n'), (e) => e instanceof TokvecError && /line 2/.test(e.message));
});
