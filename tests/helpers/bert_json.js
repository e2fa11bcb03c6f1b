// BERT base uncased as a tokenizer.json: what HuggingFace's converter (BertConverter) writes for a
// vocab.txt, so tokvec and HuggingFace's `tokenizers` can load the same file. Shared by the parity
// cases (tests/helpers/references.js) and the families bench (scripts/bench/families.mjs).

/** The tokens of a vocab.txt, one per line (a final newline ends the last one, it adds no token). */
export function vocabTxtTokens(text) {
  return text.split('\n').filter((line, i, all) => line !== '' || i < all.length - 1);
}

/** The tokenizer.json object for BERT base uncased over `tokens` (id = index). */
export function bertUncasedTokenizerJson(tokens) {
  const vocab = Object.fromEntries(tokens.map((t, i) => [t, i]));
  const special = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  return {
    version: '1.0', truncation: null, padding: null,
    added_tokens: special.map((content) => ({ id: vocab[content], content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: { type: 'BertProcessing', sep: ['[SEP]', vocab['[SEP]']], cls: ['[CLS]', vocab['[CLS]']] },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
}
