// Adversarial inputs for the tokenizer parity suite, generated in code (same strings everywhere):
// whitespace runs of every kind and length, digit runs, contractions, combining marks, special
// tokens embedded in text, lone surrogates, long words, base64, URLs and code with tabs. Each is
// { name, text }; the name says what the string is in failure messages.
import { prng, randomText } from './random.js';

/**
 * The stress string of the tokenizer comparison in chapter 2 of "Hands-On Large Language Models"
 * (Alammar & Grootendorst), the comparison the seed documents cite: the value of the book's
 * triple-quoted literal, so it starts and ends with a newline; two tabs and three tabs between the
 * quotes. tests/node/seed_comparison.test.js runs it through the tokenizers the book compares.
 */
export const SEED_COMPARISON_TEXT = '\nEnglish and CAPITALIZATION\n\u{1F3B5} \u9E1F\n'
  + 'show_tokens False None elif == >= else: two tabs:"\t\t" Three tabs: "\t\t\t"\n12.0*50=600\n';

const hex = (c) => `U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

// Every character the tokenizers' regexes or normalizers treat as whitespace (\s, \p{Z}, Python's
// str.isspace, SentencePiece's), plus U+200B which is none of them but looks like one.
export const WHITESPACE = [
  ' ', '\t', '\n', '\r\n', '\r', '\u000b', '\u000c', '\u00a0', '\u1680',
  ...Array.from({ length: 11 }, (_, i) => String.fromCharCode(0x2000 + i)),
  '\u202f', '\u205f', '\u3000', '\u0085', '\u2028', '\u2029', '\u200b',
];

const wsName = (w) => (w === '\r\n' ? 'CRLF' : hex(w));

// Run lengths: every one of 1–200, or for the quick set 1–32 and a stride of the rest with the
// lengths around powers of two.
function runLengths(quick) {
  const all = Array.from({ length: 200 }, (_, i) => i + 1);
  return quick ? all.filter((n) => n <= 32 || n % 9 === 0 || [63, 64, 65, 127, 128, 129, 199, 200].includes(n)) : all;
}

function* whitespace(quick) {
  for (const w of WHITESPACE) {
    for (const n of runLengths(quick)) {
      const run = w.repeat(n);
      yield { name: `${wsName(w)}×${n}`, text: run };
      // Between words, and before a word (the \s+(?!\S) lookahead leaves one behind).
      yield { name: `a ${wsName(w)}×${n} b`, text: `a${run}b` };
      if (n <= 20) yield { name: `${wsName(w)}×${n} x at end`, text: `${run}x ${run}` };
    }
  }
  // Two kinds in a row, in a few lengths, between words.
  for (const a of WHITESPACE) {
    for (const b of WHITESPACE) {
      for (const [m, n] of quick ? [[1, 1]] : [[1, 1], [2, 1], [1, 3]]) {
        yield { name: `x ${wsName(a)}×${m} ${wsName(b)}×${n} y`, text: `x${a.repeat(m)}${b.repeat(n)}y` };
      }
    }
  }
}

function* digits() {
  const run = (n) => Array.from({ length: n }, (_, i) => '1234567890'[i % 10]).join('');
  for (let n = 1; n <= 40; n++) {
    const d = run(n);
    yield { name: `${n} digits`, text: d };
    yield { name: `${n} digits between letters`, text: `abc${d}def` };
    yield { name: `${n} digits spaced`, text: `x ${d} y` };
    yield { name: `${n} digits with punctuation`, text: `(${d}),${d}.${d}-${d}` };
  }
  const fixed = [
    '1,234,567.89', '3.14159265358979', '-42', '+1e-10', '$100.00', '100%', '0x1F600', '1st 2nd 3rd 4th',
    '2024-01-31T12:34:56Z', '192.168.0.1', 'v1.2.3-rc.4', 'ISBN 978-3-16-148410-0', 'x²+y³', '½ ¼ ¾',
    '٠١٢٣٤٥٦٧٨٩', '۰۱۲۳۴۵۶۷۸۹', '०१२३४५६७८९', '１２３４５６', '①②③', 'Ⅻ ⅻ', '𝟎𝟏𝟐𝟑', '12abc34def5678',
    'a1b2c3d4e5f6g7h8i9j0', '1 2 3 4 5 6 7 8 9 10', '11111111111111111111111111111111111111111111111111',
  ];
  for (const t of fixed) yield { name: `numbers ${JSON.stringify(t)}`, text: t };
}

function* contractions() {
  const suffixes = ['s', 'S', 't', 'T', 're', 'RE', 'Re', 'rE', 've', 'VE', 'Ve', 'm', 'M', 'll', 'LL', 'Ll', 'lL', 'd', 'D'];
  for (const q of ["'", '\u2019']) {
    for (const s of suffixes) {
      const c = q + s;
      for (const [label, text] of [
        ['alone', c], ['after a word', `it${c}`], ['after a space', `it ${c}`], ['at start', `${c} x`],
        ['twice', `x${c}${c}`], ['after digits', `123${c}`], ['after a newline', `\n${c}`],
        ['before letters', `${c}abc`], ['after an accented capital', `É${c} ok`], ['in quotes', `'${c}'`],
        ['after CJK', `日本${c}`], ['after punctuation', `!${c}`],
      ]) {
        yield { name: `contraction ${JSON.stringify(c)} ${label}`, text };
      }
    }
  }
  for (const t of ["don't", "DON'T", "I'LL", "y'all", "rock 'n' roll", "'''", "''s", "o'clock", "it's'nt", "we've've"]) {
    yield { name: `contraction ${JSON.stringify(t)}`, text: t };
  }
}

function* combining() {
  const marks = Array.from({ length: 16 }, (_, i) => String.fromCharCode(0x300 + i)).join('');
  const cases = [
    ['e + U+0301', 'e\u0301'], ['é precomposed', '\u00e9'], ['cafe + U+0301 word', 'cafe\u0301 cafe\u0301s'],
    ['three stacked marks', 'e\u0301\u0302\u0303'], ['sixteen stacked marks', `a${marks}`],
    ['marks after space', ' \u0301\u0301x'], ['mark at start', '\u0301abc'], ['marks after digit', '1\u0301 2\u20dd'],
    ['zalgo', 'Z\u0334\u0321\u031b\u0353\u031c\u0356\u032e\u034b\u033f\u0344\u0345a\u0336\u0322lgo'],
    ['Hangul jamo', '\u1100\u1161\u11a8 \u1112\u1161\u11ab\u1100\u1173\u11af'], ['Hangul syllables', '한국어 각'],
    ['Devanagari', 'क्षि हिन्दी'], ['Thai', 'ภาษาไทย'], ['Hebrew points', 'שָׁלוֹם'], ['Arabic harakat', 'مَرْحَبًا'],
    ['ligature and Angstrom', '\ufb01 \u212b \u00c5 A\u030a'], ['variation selectors', '\u2764\ufe0f \u2764\ufe0e \u845b\udb40\udd00'],
    ['emoji ZWJ skin tone', '\ud83d\udc69\ud83c\udffd\u200d\ud83d\udcbb \ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67\u200d\ud83d\udc66'],
    ['regional indicators', '\ud83c\uddef\ud83c\uddf5\ud83c\uddfa\ud83c\uddf8'], ['keycap', '1\ufe0f\u20e3#\ufe0f\u20e3'],
    ['tag sequence', '\ud83c\udff4\udb40\udc67\udb40\udc62\udb40\udc73\udb40\udc63\udb40\udc74\udb40\udc7f'],
    ['ZWJ and ZWNJ in words', 'a\u200db\u200cc'], ['soft hyphen and BOM', 'co\u00adop \ufeffx'],
    ['BOM alone', '\ufeff'], ['BOM at the start', '\ufeffHello'], ['two BOMs', '\ufeff\ufeffx\ufeff'],
    // Decoded strings over 16 bytes once lost a leading U+FEFF (and a U+FEFF after a NUL) on their
    // way out of wasm: Embind's glue reads them with a default TextDecoder.
    ['BOM before more than 16 bytes', '\ufeffHello, this text is longer than sixteen bytes'],
    ['BOM after a NUL', 'a\u0000\ufeff and more than sixteen bytes after them'],
    ['private use and noncharacters', '\ue000\uf8ff\ufdd0\uffff'], ['replacement char', '\ufffd\ufffd'],
    ['control characters', '\u0000\u0001\u001f\u007f\u0080\u009f'],
  ];
  for (const [name, text] of cases) yield { name: `marks ${name}`, text };
}

// Runs of one punctuation character (separator lines in code and prose): equal-score
// segmentations of a run are where a model's tie-break shows.
function* punctuationRuns() {
  for (const ch of ['-', '=', '*', '_', '.', '#', '~', '/', '!', '\u2014', '\u3002']) {
    for (let n = 1; n <= 24; n++) {
      yield { name: `run of ${JSON.stringify(ch)}×${n}`, text: ch.repeat(n) };
      yield { name: `run of ${JSON.stringify(ch)}×${n} in a line`, text: `a ${ch.repeat(n)} b\n` };
    }
  }
}

function* surrogates() {
  const cases = [
    ['high', '\ud800'], ['low', '\udc00'], ['high in word', 'a\ud800b'], ['low in word', 'a\udfffb'],
    ['low then high', '\udfff\ud800'], ['half an emoji', '\ud83d'], ['half an emoji after text', 'hi \ud83d'],
    ['reversed pair', '\ude00\ud83d'], ['lone between emoji', '\ud83d\ude00\ud800\ud83d\ude00'],
    ['lone before space', '\udc00 x'],
  ];
  for (const [name, text] of cases) yield { name: `surrogate ${name}`, text };
}

function* longWords() {
  const r = prng(0x10ad);
  const letters = (n) => Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(r() * 26))).join('');
  yield { name: 'a×1000', text: 'a'.repeat(1000) };
  yield { name: 'ab×500', text: 'ab'.repeat(500) };
  yield { name: 'random letters ×600', text: letters(600) };
  yield { name: 'random word of 2000 letters in a sentence', text: `The word ${letters(2000)} is long.` };
  yield { name: 'pneumono…', text: 'Pneumonoultramicroscopicsilicovolcanoconiosis antidisestablishmentarianism' };
  yield { name: 'é×300', text: '\u00e9'.repeat(300) };
  yield { name: 'CJK ×500 without spaces', text: Array.from({ length: 500 }, () => String.fromCharCode(0x4e00 + Math.floor(r() * 0x5000))).join('') };
  yield { name: 'emoji ×200 without spaces', text: '\ud83d\ude00'.repeat(200) };
  yield { name: 'punctuation ×300', text: '!?.,;:-=+*/'.repeat(30) };
  yield { name: 'camelCase identifier', text: 'getElementByIdAndReturnTheFirstMatchingHTMLElementOrNull' };
  yield { name: 'snake_case identifier', text: '__init_subclass_with_very_long_snake_case_name__' };
}

function* blobs() {
  const r = prng(0xb64);
  for (const n of [16, 100, 1000]) {
    const bytes = Buffer.from(Array.from({ length: n }, () => Math.floor(r() * 256)));
    const b64 = bytes.toString('base64');
    yield { name: `base64 of ${n} bytes`, text: b64 };
    yield { name: `base64 of ${n} bytes in 76-column lines`, text: b64.replace(/.{76}/g, '$&\n') };
    yield { name: `hex of ${n} bytes`, text: bytes.toString('hex') };
  }
  yield { name: 'data URL', text: `<img src="data:image/png;base64,${Buffer.from('tokvec!'.repeat(20)).toString('base64')}">` };
}

function* urls() {
  for (const t of [
    'https://example.com/path/to/page.html?query=1&b=%20x#frag',
    'http://user:pass@host.example:8080/a/b/c?d=e',
    'https://www.例え.jp/パス?q=値', 'mailto:someone@example.org', 'file:///C:/Windows/System32/drivers/etc/hosts',
    'See https://en.wikipedia.org/wiki/Byte_pair_encoding.', 'ftp://ftp.debian.org/debian/dists/bookworm/main/',
    'git@github.com:owner/repo.git', '<https://example.com>', 'https://x.co/a_b-c~d!$&\'()*+,;=:@',
  ]) {
    yield { name: `url ${t}`, text: t };
  }
}

function* code() {
  const cases = [
    ['C with tabs', '\tif (x) {\n\t\treturn y;\n\t}\n'],
    ['python with tabs and comment', 'def f(x):\n\treturn x\t# comment\n'],
    ['tabs then spaces', '  \t  x\t \ty'],
    ['makefile', 'all: main.o\n\t$(CC) -o $@ $^\n\n.PHONY: all\n'],
    ['JSON', '{"key": [1, 2.5, true, null], "nested": {"a": "b\\n"}}'],
    ['indented python', 'class A:\n    def f(self):\n        if self.x:\n            return [i for i in range(10)]\n'],
    ['CRLF code', 'int main() {\r\n    return 0;\r\n}\r\n'],
    ['trailing whitespace lines', 'x = 1    \n\n   \n\ty = 2\t\n'],
    ['shell', 'for f in *.txt; do echo "$f" | tr a-z A-Z; done 2>&1 >/dev/null'],
    ['regex', '(?i:\'s|\'t)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}'],
    ['HTML', '<div class="a">\n  <p>Hello &amp; welcome</p>\n</div>'],
    ['operators', 'a+=b;c-=d;e*=f;g/=h;i<<=2;j>>=3;k===l!==m&&n||o??p'],
    ['the seed comparison string', SEED_COMPARISON_TEXT],
  ];
  for (const [name, text] of cases) yield { name: `code ${name}`, text };
}

function* seededRandom() {
  const r = prng(0x5eed);
  for (let i = 0; i < 200; i++) yield { name: `random text #${i}`, text: randomText(r, 60) };
}

/**
 * Inputs that do not depend on the tokenizer: { name, text }[]. `quick` thins the whitespace runs
 * (lengths 1–32 and a stride up to 200; one length of each pair of kinds) for npm test.
 */
export function adversarialStrings({ quick = false } = {}) {
  return [
    { name: 'empty', text: '' },
    ...whitespace(quick), ...digits(), ...punctuationRuns(), ...contractions(), ...combining(), ...surrogates(), ...longWords(),
    ...blobs(), ...urls(), ...code(), ...seededRandom(),
  ];
}

/** Each special token (its content) embedded in text in the ways that trip matchers. */
export function specialTokenStrings(specials) {
  const out = [];
  for (const s of specials) {
    for (const [label, text] of [
      ['alone', s], ['in the middle of a word', `hel${s}lo`], ['with spaces around', `a ${s} b`],
      ['twice in a row', `${s}${s}`], ['twice with a space', `x ${s} ${s} y`], ['on its own line', `line\n${s}\nnext`],
      ['at the end after a space', `the end ${s}`], ['at the start before a word', `${s}Hello world`],
      ['after a tab', `\t${s}\t`], ['prefix only', s.slice(0, -1)], ['upper-cased', s.toUpperCase()],
    ]) {
      out.push({ name: `special ${JSON.stringify(s)} ${label}`, text });
    }
  }
  if (specials.length > 1) out.push({ name: 'every special token in a row', text: specials.join('') });
  return out;
}
