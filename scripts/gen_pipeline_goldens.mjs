// Writes the goldens tests/native/pre_tokenizers_test.cc and decoders_test.cc compare against:
// what HuggingFace `tokenizers` (npm, its own Rust core) makes of each pre-tokenizer and decoder
// configuration on a fixed set of tricky inputs.
//
// Each configuration is the exact tokenizer.json object; HuggingFace parses it (Tokenizer.fromString
// around a one-word WordLevel model) and runs it through getPreTokenizer().preTokenizeString(text)
// or getDecoder().decode(tokens), so the goldens check tokvec's reading of the JSON as well.
//
// Recorded per piece: its text and its UTF-8 byte offsets into the input. HuggingFace reports
// offsets in code points of the original text (get_splits with OffsetType::Char); they are turned
// into byte offsets here. Its ByteLevel pieces are spelled in GPT-2's byte alphabet; tokvec's are
// raw bytes, so they are mapped back here.
//
// Usage: node scripts/gen_pipeline_goldens.mjs   (from the repository root)
import { createRequire } from 'node:module';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
const hf = require('tokenizers');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const GPT2 = String.raw`'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`;
const CL100K = String.raw`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`;
const O200K = [
  String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?`,
  String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?`,
  String.raw`\p{N}{1,3}`,
  String.raw` ?[^\s\p{L}\p{N}]+[\r\n/]*`,
  String.raw`\s*[\r\n]+`,
  String.raw`\s+(?!\S)`,
  String.raw`\s+`,
].join('|');

const TEXTS = [
  "Hello, world! How's it going?",
  'def f(x):\n\tif x:\n\t\treturn  x  # tab\r\n',
  '北京欢迎你。汉字テスト',
  'ひらがなとカタカナ、ｶﾀｶﾅ ー漢字',
  '👨‍👩‍👧‍👦 family 🏳️‍🌈 flag 🧑‍💻',
  ' \t\n\u000b\f\r\u0085\u00a0\u1680\u2000\u2001\u200a\u2028\u2029\u202f\u205f\u3000x\u200b y',
  '12345 and 3.14159, ٣٤٥ ½ 2² 1000000',
  "I'm sure they'll've done it; don't WON'T you'd 'S",
  'e\u0301 n\u0303 a\u0300\u0316 Z\u0351\u0352alg\u0337o',
  '   leading and trailing   ',
  '',
  '▁already▁there and ▁',
  'a-b--c—d -- e-',
  'Ḿixed ÄÖÜ ß straße Ελληνικά русский العربية हिन्दी',
  '$100 + 5% = <tag> & @user #hash ~ ` ^ | \\ {}',
];

const SPLIT = (pattern, behavior, invert = false) => ({ type: 'Split', pattern, behavior, invert });
const METASPACE = (extra) => ({ type: 'Metaspace', replacement: '▁', ...extra });
const BYTE_LEVEL = (add_prefix_space, use_regex) => ({ type: 'ByteLevel', add_prefix_space, trim_offsets: true, use_regex });

const PRE_TOKENIZERS = [
  ['ByteLevel', BYTE_LEVEL(false, true)],
  ['ByteLevel add_prefix_space', BYTE_LEVEL(true, true)],
  ['ByteLevel add_prefix_space no regex', BYTE_LEVEL(true, false)],
  ['ByteLevel no regex', BYTE_LEVEL(false, false)],
  ['ByteLevel without use_regex', { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false }],
  ['Split GPT-2 Isolated', SPLIT({ Regex: GPT2 }, 'Isolated')],
  ['Split cl100k Isolated', SPLIT({ Regex: CL100K }, 'Isolated')],
  ['Split o200k Isolated', SPLIT({ Regex: O200K }, 'Isolated')],
  ['Split space Removed', SPLIT({ String: ' ' }, 'Removed')],
  ['Split space Isolated', SPLIT({ String: ' ' }, 'Isolated')],
  ['Split space MergedWithPrevious', SPLIT({ String: ' ' }, 'MergedWithPrevious')],
  ['Split space MergedWithNext', SPLIT({ String: ' ' }, 'MergedWithNext')],
  ['Split space Contiguous', SPLIT({ String: ' ' }, 'Contiguous')],
  ['Split literal with metacharacters', SPLIT({ String: '.*' }, 'Isolated')],
  ['Split empty literal', SPLIT({ String: '' }, 'Isolated')],
  ['Split digits inverted Contiguous', SPLIT({ Regex: String.raw`\d+` }, 'Contiguous', true)],
  ['Split digits inverted Removed', SPLIT({ Regex: String.raw`\p{N}` }, 'Removed', true)],
  ['Split empty matches MergedWithPrevious', SPLIT({ Regex: String.raw`\s*` }, 'MergedWithPrevious')],
  ['Split empty matches MergedWithNext', SPLIT({ Regex: String.raw`\s*` }, 'MergedWithNext')],
  ['Split anchored regex', SPLIT({ Regex: String.raw`^\s+|\s+$` }, 'Removed')],
  ['Digits', { type: 'Digits', individual_digits: false }],
  ['Digits individual', { type: 'Digits', individual_digits: true }],
  ['Whitespace', { type: 'Whitespace' }],
  ['WhitespaceSplit', { type: 'WhitespaceSplit' }],
  ['Punctuation', { type: 'Punctuation' }],
  ['Punctuation Removed', { type: 'Punctuation', behavior: 'Removed' }],
  ['Punctuation Contiguous', { type: 'Punctuation', behavior: 'Contiguous' }],
  ['Punctuation MergedWithPrevious', { type: 'Punctuation', behavior: 'MergedWithPrevious' }],
  ['Punctuation MergedWithNext', { type: 'Punctuation', behavior: 'MergedWithNext' }],
  ['BertPreTokenizer', { type: 'BertPreTokenizer' }],
  ['CharDelimiterSplit dash', { type: 'CharDelimiterSplit', delimiter: '-' }],
  ['CharDelimiterSplit non-ASCII', { type: 'CharDelimiterSplit', delimiter: '▁' }],
  ['UnicodeScripts', { type: 'UnicodeScripts' }],
  ['FixedLength default', { type: 'FixedLength' }],
  ['FixedLength 3', { type: 'FixedLength', length: 3 }],
  ['Metaspace', METASPACE({})],
  ['Metaspace always', METASPACE({ prepend_scheme: 'always', split: true })],
  ['Metaspace first', METASPACE({ prepend_scheme: 'first', split: true })],
  ['Metaspace never', METASPACE({ prepend_scheme: 'never', split: true })],
  ['Metaspace no split', METASPACE({ prepend_scheme: 'always', split: false })],
  ['Metaspace legacy add_prefix_space', METASPACE({ add_prefix_space: true, str_rep: '▁' })],
  ['Metaspace never with add_prefix_space false', METASPACE({ add_prefix_space: false, prepend_scheme: 'never' })],
  ['Metaspace ASCII replacement', { type: 'Metaspace', replacement: '_', prepend_scheme: 'always', split: true }],
  ['Metaspace space replacement', { type: 'Metaspace', replacement: ' ', prepend_scheme: 'always', split: true }],
  ['Sequence WhitespaceSplit Metaspace first', {
    type: 'Sequence',
    pretokenizers: [{ type: 'WhitespaceSplit' }, METASPACE({ prepend_scheme: 'first', split: true })],
  }],
  ['Sequence Split ByteLevel (Llama 3 style)', {
    type: 'Sequence',
    pretokenizers: [SPLIT({ Regex: CL100K }, 'Isolated'), BYTE_LEVEL(false, false)],
  }],
  ['Sequence Punctuation ByteLevel add_prefix_space', {
    type: 'Sequence',
    pretokenizers: [{ type: 'Punctuation' }, BYTE_LEVEL(true, true)],
  }],
  ['Sequence Digits Punctuation Whitespace', {
    type: 'Sequence',
    pretokenizers: [{ type: 'Digits', individual_digits: true }, { type: 'Punctuation' }, { type: 'WhitespaceSplit' }],
  }],
  ['Sequence Metaspace ByteLevel', {
    type: 'Sequence',
    pretokenizers: [METASPACE({ prepend_scheme: 'always', split: false }), BYTE_LEVEL(true, true)],
  }],
];

// UnicodeScripts over every code point (surrogates aside): each one is put between two copies of
// a marker letter and the cuts around it say how HuggingFace classes it — joining any script, Latin
// (no cut beside 'a'), Greek (no cut beside 'α') or another script. Stored as runs [first, last,
// class]; tokvec's test rebuilds the same probe.
function unicodeScriptClasses() {
  const preTokenizer = makeTokenizer({ type: 'UnicodeScripts' }, null).getPreTokenizer();
  const chunk = 50000;
  const cutBefore = (marker) => {
    const cut = new Uint8Array(0x110000);
    for (let first = 0; first < 0x110000; first += chunk) {
      const cps = [];
      for (let cp = first; cp < Math.min(first + chunk, 0x110000); cp++) if (cp < 0xd800 || cp > 0xdfff) cps.push(cp);
      const text = marker + cps.map((cp) => String.fromCodePoint(cp) + marker).join('');
      for (const [, [start]] of preTokenizer.preTokenizeString(text)) {
        if (start % 2 === 1) cut[cps[(start - 1) / 2]] = 1;
      }
    }
    return cut;
  };
  const besideLatin = cutBefore('a');
  const besideGreek = cutBefore('α');
  const runs = [];
  for (let cp = 0; cp < 0x110000; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const cls = ['any', 'greek', 'latin', 'other'][besideLatin[cp] + 2 * besideGreek[cp]];
    const last = runs[runs.length - 1];
    if (last && last[2] === cls && last[1] === (cp === 0xe000 ? 0xd7ff : cp - 1)) last[1] = cp;
    else runs.push([cp, cp, cls]);
  }
  return runs;
}

// Whole corpora from ../shared/data (when present), too large to store piece by piece: per
// configuration the piece count and a 32-bit FNV-1a hash over "text\0start,end;" of every piece,
// which tokvec's test recomputes (and skips when the corpora are absent).
const CORPORA = ['botchan.txt', 'wagahaiwa_nekodearu.txt', 'tinyshakespeare.txt'];
const CORPUS_CONFIGS = [
  'ByteLevel add_prefix_space', 'Split cl100k Isolated', 'Split o200k Isolated', 'Metaspace', 'Metaspace first',
  'Whitespace', 'BertPreTokenizer', 'UnicodeScripts', 'Digits individual', 'Punctuation Contiguous',
  'Sequence Split ByteLevel (Llama 3 style)',
];

function fnv1a(hash, bytes) {
  for (const b of bytes) hash = Math.imul(hash ^ b, 16777619) >>> 0;
  return hash;
}

function corpusDigests() {
  const folder = path.join(root, '..', 'shared', 'data', 'corpora');
  if (!existsSync(folder)) return null;
  return CORPORA.map((file) => {
    const text = readFileSync(path.join(folder, file), 'utf8');
    const toByte = byteOffsets(text);
    const digests = CORPUS_CONFIGS.map((name) => {
      const entry = preTokenizers.find((p) => p.name === name);
      const byteLevel = usesByteLevel(entry.config);
      const preTokenizer = makeTokenizer(entry.config, null).getPreTokenizer();
      let hash = 2166136261;
      const splits = preTokenizer.preTokenizeString(text);
      for (const [piece, [start, end]] of splits) {
        hash = fnv1a(hash, byteLevel ? alphabetToBytes(piece) : Buffer.from(piece));
        hash = fnv1a(hash, Buffer.from(`\0${toByte[start]},${toByte[end]};`));
      }
      return { name, pieces: splits.length, fnv1a: hash };
    });
    return { file, digests };
  });
}

// Token lists for the decoders: SentencePiece-style, WordPiece-style, byte-fallback, GPT-2
// alphabet (with tokens cutting a character's bytes apart and bytes that are not UTF-8),
// BPE end-of-word suffixes, CTC frames, and odd shapes (empty, blank, spaces only).
const TOKEN_LISTS = [
  ['▁Hello', '▁wor', 'ld', '!', '▁▁', '▁', 'x▁'],
  ['Hello', '##wor', '##ld', '.', 'I', 'do', 'not', 'know', "'", 's', 'it', "n't", "'m", ',', 'you', "'re", '?', '!', "'ve", "'"],
  ['<0xE2>', '<0x96>', '<0x81>', 'a', '<0xFF>', '<0x41>', '<0xf0>', '<0x9F>', '<0x98>', '<0x80>', '<0x0>', '<0xZZ>'],
  ['ĠHello', 'Ġw', 'orld', 'ĊĉĠ', 'ðŁĺ', 'Ģ', 'Ã©', 'é', 'ðŁ', 'x', 'Ġ日本', 'ĀāĂ', 'ÿ'],
  ['h</w>', 'ello</w>', 'wor', 'ld</w>', '</w>', 'a</w>b'],
  ['<pad>', 'h', 'h', 'e', '<pad>', 'l', 'l', '<pad>', 'l', 'o', '|', '|', 'w', 'o', '<pad>', '|', ' ', 'x<pad>y', '|'],
  [],
  ['  a  ', ' ', '▁▁', '', '   ', 'b'],
  ['日本', '語', '😀', 'e\u0301', '▁日本'],
];

const STRIP = (content, start, stop) => ({ type: 'Strip', content, start, stop });
const DECODERS = [
  ['ByteLevel', { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true }],
  ['Replace literal', { type: 'Replace', pattern: { String: '▁' }, content: ' ' }],
  ['Replace regex', { type: 'Replace', pattern: { Regex: String.raw`\s+` }, content: '_' }],
  ['Replace empty-matching regex', { type: 'Replace', pattern: { Regex: 'x*' }, content: '-' }],
  ['Fuse', { type: 'Fuse' }],
  ['Strip space start', STRIP(' ', 1, 0)],
  ['Strip space both', STRIP(' ', 2, 1)],
  ['Strip replacement end', STRIP('▁', 0, 1)],
  ['ByteFallback', { type: 'ByteFallback' }],
  ['Sequence (Llama 2 style)', {
    type: 'Sequence',
    decoders: [{ type: 'Replace', pattern: { String: '▁' }, content: ' ' }, { type: 'ByteFallback' }, { type: 'Fuse' },
      STRIP(' ', 1, 0)],
  }],
  ['Sequence ByteFallback Metaspace', { type: 'Sequence', decoders: [{ type: 'ByteFallback' }, METASPACE({})] }],
  ['Metaspace', METASPACE({})],
  ['Metaspace first', METASPACE({ prepend_scheme: 'first' })],
  ['Metaspace never', METASPACE({ prepend_scheme: 'never', split: false })],
  ['Metaspace legacy add_prefix_space', METASPACE({ add_prefix_space: true })],
  ['WordPiece', { type: 'WordPiece', prefix: '##', cleanup: true }],
  ['WordPiece no cleanup', { type: 'WordPiece', prefix: '##', cleanup: false }],
  ['WordPiece empty prefix', { type: 'WordPiece', prefix: '', cleanup: true }],
  ['BPEDecoder', { type: 'BPEDecoder', suffix: '</w>' }],
  ['BPEDecoder empty suffix', { type: 'BPEDecoder', suffix: '' }],
  ['CTC', { type: 'CTC', pad_token: '<pad>', word_delimiter_token: '|', cleanup: true }],
  ['CTC no cleanup', { type: 'CTC', pad_token: '<pad>', word_delimiter_token: '|', cleanup: false }],
];

function makeTokenizer(preTokenizer, decoder) {
  const json = {
    version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null,
    pre_tokenizer: preTokenizer, post_processor: null, decoder,
    model: { type: 'WordLevel', vocab: { a: 0 }, unk_token: 'a' },
  };
  return hf.Tokenizer.fromString(JSON.stringify(json));
}

// GPT-2 byte alphabet, from HuggingFace itself: byteLevelAlphabet() lists the 256 characters;
// the printable bytes stand for themselves and the others take U+0100.. in byte order.
const charToByte = new Map();
{
  const alphabet = new Set(hf.byteLevelAlphabet());
  let next = 0x100;
  for (let b = 0; b < 256; b++) {
    const self = String.fromCodePoint(b);
    const ch = alphabet.has(self) ? self : String.fromCodePoint(next++);
    if (!alphabet.has(ch)) throw new Error(`byte ${b} maps to ${ch}, which HuggingFace's alphabet lacks`);
    charToByte.set(ch, b);
  }
}
const alphabetToBytes = (s) => Buffer.from(Array.from(s, (c) => charToByte.get(c)));

function usesByteLevel(config) {
  return config.type === 'ByteLevel' || (config.type === 'Sequence' && config.pretokenizers.some(usesByteLevel));
}

// Byte offset of each code point boundary of `text`.
function byteOffsets(text) {
  const offsets = [0];
  for (const ch of text) offsets.push(offsets[offsets.length - 1] + Buffer.byteLength(ch));
  return offsets;
}

const preTokenizers = PRE_TOKENIZERS.map(([name, config]) => {
  const preTokenizer = makeTokenizer(config, null).getPreTokenizer();
  const byteLevel = usesByteLevel(config);
  const pieces = TEXTS.map((text) => {
    const toByte = byteOffsets(text);
    return preTokenizer.preTokenizeString(text).map(([piece, [start, end]]) => {
      const bytes = byteLevel ? alphabetToBytes(piece) : Buffer.from(piece);
      if (!Buffer.from(bytes.toString('utf8')).equals(bytes)) throw new Error(`${name}: piece is not UTF-8`);
      return [bytes.toString('utf8'), toByte[start], toByte[end]];
    });
  });
  return { name, config, pieces };
});

// HuggingFace's Strip panics (and aborts the process) when its cuts cross or run past the
// token's start; those combinations are recorded as null and tokvec's choice is tested by hand.
// (The Strip inside the Sequences has stop 0, which cannot panic.)
function stripPanics(config, tokens) {
  if (config.type !== 'Strip') return false;
  const { content, start, stop } = config;
  return tokens.some((token) => {
    const chars = Array.from(token);
    let startCut = 0;
    for (let i = 0; i < Math.min(start, chars.length) && chars[i] === content; i++) startCut = i + 1;
    let stopCut = chars.length;
    for (let i = 0; i < stop; i++) {
      const index = chars.length - i - 1;
      if (index < 0) return true;
      if (chars[index] !== content) break;
      stopCut = index;
    }
    return stopCut < startCut;
  });
}

// The decoders of the real tokenizer.json files in ../shared/data (when present) over their whole
// vocabularies: model tokens in id order, decoded in groups of 7 consecutive ids (so byte tokens
// and alphabet characters meet their neighbours); a count and an FNV-1a hash over
// "decoded\0" per group.
const REAL_TOKENIZERS = ['roberta-base.tokenizer.json', 'phi-3-mini.tokenizer.json', 't5-small.tokenizer.json'];
function realDecoderDigests() {
  const folder = path.join(root, '..', 'shared', 'data', 'tokenizers');
  if (!existsSync(folder)) return null;
  return REAL_TOKENIZERS.map((file) => {
    const tokenizer = hf.Tokenizer.fromFile(path.join(folder, file));
    const vocab = Object.entries(tokenizer.getVocab(false)).sort((a, b) => a[1] - b[1]).map(([token]) => token);
    const decoder = tokenizer.getDecoder();
    let hash = 2166136261;
    let groups = 0;
    for (let i = 0; i < vocab.length; i += 7, groups++) {
      hash = fnv1a(hash, Buffer.from(decoder.decode(vocab.slice(i, i + 7)) + '\0'));
    }
    return { file, tokens: vocab.length, groups, fnv1a: hash };
  });
}

const decoders = DECODERS.map(([name, config]) => {
  const decoder = makeTokenizer(null, config).getDecoder();
  const decoded = TOKEN_LISTS.map((tokens) => (stripPanics(config, tokens) ? null : decoder.decode(tokens)));
  return { name, config, decoded };
});

// One line per configuration's field and per input, so a regenerated golden diffs readably.
const format = (value, depth = 0, maxDepth = 3) => {
  if (depth >= maxDepth || !value || typeof value !== 'object') return JSON.stringify(value);
  const pad = ' '.repeat(depth + 1);
  const items = Array.isArray(value)
    ? value.map((v) => pad + format(v, depth + 1, maxDepth))
    : Object.entries(value).map(([k, v]) => `${pad}${JSON.stringify(k)}: ${k === 'config' ? JSON.stringify(v) : format(v, depth + 1, maxDepth)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return items.length ? `${open}\n${items.join(',\n')}\n${' '.repeat(depth)}${close}` : open + close;
};
const write = (file, value, maxDepth = 3) => {
  writeFileSync(path.join(root, 'tests/native/data', file), format(value, 0, maxDepth) + '\n');
};
const source = `HuggingFace tokenizers ${require('tokenizers/package.json').version} via scripts/gen_pipeline_goldens.mjs`;
write('pre_tokenizer_goldens.json', { source, texts: TEXTS, pre_tokenizers: preTokenizers, corpora: corpusDigests() });
write('unicode_scripts_goldens.json', { source, runs: unicodeScriptClasses() }, 2);
write('decoder_goldens.json', { source, token_lists: TOKEN_LISTS, decoders, real_tokenizers: realDecoderDigests() });
console.log(`wrote ${preTokenizers.length} pre-tokenizer and ${decoders.length} decoder configurations`);
