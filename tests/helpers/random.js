// Seeded random text for property tests: the same seed gives the same strings everywhere.

// mulberry32: a tiny 32-bit PRNG, good enough to pick characters.
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Pieces of text real tokenizers trip on: ASCII, Latin-1, combining marks, CJK, astral emoji,
// ZWJ sequences with skin tones, whitespace of every kind, and lone surrogates.
const pieces = [
  () => ' ', () => '\n', () => '\t', () => '\u00a0', () => '\u3000', () => '\r\n',
  (r) => String.fromCharCode(0x21 + Math.floor(r() * 94)),
  (r) => String.fromCharCode(0xc0 + Math.floor(r() * 64)),
  (r) => 'e' + String.fromCharCode(0x300 + Math.floor(r() * 0x70)),
  (r) => String.fromCharCode(0x4e00 + Math.floor(r() * 0x5000)),
  (r) => String.fromCodePoint(0x1f600 + Math.floor(r() * 80)),
  () => '👩🏽‍💻', () => '👨‍👩‍👧‍👦',
  (r) => String.fromCharCode(0x400 + Math.floor(r() * 0x100)),
  (r) => String.fromCharCode(0x600 + Math.floor(r() * 0x100)),
  (r) => String.fromCharCode(0xd800 + Math.floor(r() * 0x800)),  // a lone surrogate
  (r) => String(Math.floor(r() * 100000)),
];

export function randomText(r, maxPieces = 40) {
  let s = '';
  const n = Math.floor(r() * maxPieces);
  for (let i = 0; i < n; i++) s += pieces[Math.floor(r() * pieces.length)](r);
  return s;
}
