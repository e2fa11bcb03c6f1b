// Unigram n-best and sampling (subword regularization). n-best on .model files against
// SentencePiece itself (scripts/gen_sentencepiece_nbest.py, python3-sentencepiece's
// nbest_encode_as_immutable_proto); on a tokenizer.json Unigram (trained by HuggingFace's trainer,
// tests/native/data/model_unigram.json) against every segmentation enumerated here from its
// vocabulary. Sampling cannot match SentencePiece's random generator, so it is checked by its
// distribution: every draw is a valid segmentation, frequencies match the exact
// p(x) ∝ exp(alpha · score(x)) over the enumerated segmentations within a chi-square bound, a
// large alpha gives the best path, and the same seed gives the same draws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Tokenizer } from 'tokvec';
import { isError } from '../helpers/errors.js';

const exactly = (code, message) => isError(code, new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const data = join(root, 'tests', 'native', 'data');
const nbestGoldens = JSON.parse(readFileSync(join(data, 'sentencepiece_nbest_goldens.json'), 'utf8'));
const modelGoldens = JSON.parse(readFileSync(join(data, 'model_sentencepiece_goldens.json'), 'utf8'));
const unigramJson = readFileSync(join(data, 'model_unigram.json'), 'utf8');

// Every segmentation of `word` into pieces of `scores` (piece → score), with its total score.
function segmentations(word, scores) {
  const out = [];
  const walk = (at, pieces, score) => {
    if (at === word.length) {
      out.push({ tokens: pieces, score });
      return;
    }
    for (let end = at + 1; end <= word.length; end++) {
      const piece = word.slice(at, end);
      if (scores.has(piece)) walk(end, [...pieces, piece], score + scores.get(piece));
    }
  };
  walk(0, [], 0);
  return out;
}

// The chi-square statistic of `counts` (key → count) against `probs` (key → probability), bins
// expecting fewer than 5 pooled, with its degrees of freedom.
function chiSquare(counts, probs, total) {
  let stat = 0;
  let bins = 0;
  let pooledExpected = 0;
  let pooledObserved = 0;
  for (const [key, p] of probs) {
    const expected = p * total;
    const observed = counts.get(key) ?? 0;
    if (expected < 5) {
      pooledExpected += expected;
      pooledObserved += observed;
      continue;
    }
    stat += (observed - expected) ** 2 / expected;
    bins++;
  }
  if (pooledExpected > 0) {
    stat += (pooledObserved - pooledExpected) ** 2 / pooledExpected;
    bins++;
  }
  return { stat, df: bins - 1 };
}

// The chi-square value exceeded with probability 0.001 (Wilson–Hilferty).
function chiSquareBound(df) {
  const z = 3.0902;
  const a = 2 / (9 * df);
  return df * (1 - a + z * Math.sqrt(a)) ** 3;
}

for (const name of ['model_sentencepiece_unigram.model', 'model_sentencepiece_unigram_bytes.model']) {
  test(`encodeNBest gives SentencePiece's n best, in order, with its float scores, on ${name}`, async () => {
    const tokenizer = await Tokenizer.fromSentencePiece(readFileSync(join(data, name)));
    try {
      let checked = 0;
      for (const c of nbestGoldens.models[name]) {
        const results = tokenizer.encodeNBest(c.text, c.n, { addSpecialTokens: false });
        assert.equal(results.length, c.nbests.length, `${JSON.stringify(c.text)} n=${c.n}`);
        results.forEach((r, i) => {
          const where = `${JSON.stringify(c.text)} #${i}: SentencePiece ${JSON.stringify(c.nbests[i].pieces)}, tokvec ${JSON.stringify(r.tokens)}`;
          assert.deepEqual(Array.from(r.ids), c.nbests[i].ids, where);
          assert.deepEqual(r.tokens, c.nbests[i].pieces, where);
          assert.equal(r.score, c.nbests[i].score, where);
          checked++;
        });
      }
      assert.ok(checked >= 50, `${checked} segmentations compared`);
      // With special tokens, as encode: the BOS piece first.
      const [best] = tokenizer.encodeNBest('tokenization', 3);
      assert.deepEqual(Array.from(best.ids), Array.from(tokenizer.encode('tokenization').ids));
    } finally {
      tokenizer.dispose();
    }
  });
}

test('encodeNBest on a tokenizer.json Unigram: the best combinations of each word\'s segmentations', async () => {
  const tokenizer = await Tokenizer.fromJSON(unigramJson);
  const scores = new Map(JSON.parse(unigramJson).model.vocab);
  try {
    const words = ['tokenization', 'transformer'];
    // Every segmentation of the text: one per word, scores summed.
    let all = [{ tokens: [], score: 0 }];
    for (const word of words) {
      const next = [];
      for (const a of all) for (const b of segmentations(word, scores)) next.push({ tokens: [...a.tokens, ...b.tokens], score: a.score + b.score });
      all = next;
    }
    all.sort((a, b) => b.score - a.score);
    const n = 25;
    assert.ok(all.length > n, `${all.length} segmentations`);
    const results = tokenizer.encodeNBest(words.join(' '), n);
    assert.equal(results.length, n);
    assert.deepEqual(results[0].tokens, tokenizer.encode(words.join(' ')).tokens);
    const seen = new Set();
    results.forEach((r, i) => {
      assert.ok(Math.abs(r.score - all[i].score) < 1e-9, `#${i}: score ${r.score}, expected ${all[i].score}`);
      const key = r.tokens.join(' ');
      assert.ok(!seen.has(key), `#${i} repeats ${key}`);
      seen.add(key);
      const match = all.find((s) => s.tokens.join(' ') === key);
      assert.ok(match && Math.abs(match.score - r.score) < 1e-9, `#${i}: ${key} is a segmentation with that score`);
    });
  } finally {
    tokenizer.dispose();
  }
});

const pieceScores = (name) => new Map(modelGoldens.suites.find((s) => s.model === name).pieces
  .filter(([, , type]) => type === 1).map(([piece, score]) => [piece, score]));

const samplingCases = [
  ['tokenizer.json Unigram', () => Tokenizer.fromJSON(unigramJson), new Map(JSON.parse(unigramJson).model.vocab), 'tokenization'],
  ['SentencePiece .model', () => Tokenizer.fromSentencePiece(readFileSync(join(data, 'model_sentencepiece_unigram.model'))),
    pieceScores('model_sentencepiece_unigram.model'), 'state-of-the-art'],
];

for (const [kind, load, scores, word] of samplingCases) {
  test(`sampling draws segmentations with probability ∝ exp(alpha · score) (${kind}, "${word}")`, async () => {
    const tokenizer = await load();
    try {
      const all = segmentations(word, scores);
      assert.ok(all.length >= 6, `${all.length} segmentations of ${word}`);
      for (const [alpha, draws] of [[0.3, 3000], [1, 3000]]) {
        const logits = all.map((s) => alpha * s.score);
        const top = Math.max(...logits);
        const z = logits.reduce((sum, l) => sum + Math.exp(l - top), 0);
        const probs = new Map(all.map((s, i) => [s.tokens.join(' '), Math.exp(logits[i] - top) / z]));
        const counts = new Map();
        for (let seed = 0; seed < draws; seed++) {
          const e = tokenizer.encode(word, { addSpecialTokens: false, sample: { alpha, seed } });
          const key = e.tokens.join(' ');
          assert.ok(probs.has(key), `seed ${seed}: ${key} is not a segmentation of ${word} into pieces`);
          assert.equal(e.tokens.join(''), word);
          e.ids.forEach((id, k) => assert.equal(tokenizer.idToToken(id), e.tokens[k]));
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        const { stat, df } = chiSquare(counts, probs, draws);
        assert.ok(df >= 1, `alpha ${alpha}: ${df} degrees of freedom`);
        assert.ok(stat < chiSquareBound(df), `alpha ${alpha}: chi-square ${stat.toFixed(1)} over ${df} df, bound ${chiSquareBound(df).toFixed(1)}`);
      }
      // Among the n best: probability ∝ exp(alpha · score) over those n only.
      const n = 4;
      const best = tokenizer.encodeNBest(word, n, { addSpecialTokens: false });
      const alpha = 0.5;
      const weights = best.map((b) => Math.exp(alpha * (b.score - best[0].score)));
      const sum = weights.reduce((a, b) => a + b, 0);
      const probs = new Map(best.map((b, i) => [b.tokens.join(' '), weights[i] / sum]));
      const counts = new Map();
      const draws = 2000;
      for (let seed = 0; seed < draws; seed++) {
        const key = tokenizer.encode(word, { addSpecialTokens: false, sample: { alpha, nbestSize: n, seed } }).tokens.join(' ');
        assert.ok(probs.has(key), `nbestSize ${n}: ${key} is not among the ${n} best`);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const { stat, df } = chiSquare(counts, probs, draws);
      assert.ok(stat < chiSquareBound(df), `nbestSize ${n}: chi-square ${stat.toFixed(1)} over ${df} df`);
    } finally {
      tokenizer.dispose();
    }
  });
}

test('sampling with a large alpha gives the best segmentation (or one within rounding of it); nbestSize 1 always does', async () => {
  const tokenizer = await Tokenizer.fromJSON(unigramJson);
  const scores = new Map(JSON.parse(unigramJson).model.vocab);
  try {
    const text = 'tokenization transformer unbelievable state-of-the-art';
    const best = tokenizer.encode(text).tokens;
    const score = (tokens) => tokens.reduce((sum, t) => sum + scores.get(t), 0);
    const counts = new Map();
    for (let seed = 0; seed < 200; seed++) {
      const drawn = tokenizer.encode(text, { sample: { alpha: 1000, seed } }).tokens;
      // This vocabulary has pieces whose scores differ by 1e-6 or less (tied counts in training):
      // at alpha 1000 those stay near-even, anything 0.02 worse has odds below e^-20.
      assert.ok(score(drawn) > score(best) - 0.02, `seed ${seed}: ${drawn.join(' ')} scores ${score(drawn)}, best ${score(best)}`);
      counts.set(drawn.join(' '), (counts.get(drawn.join(' ')) ?? 0) + 1);
      assert.deepEqual(tokenizer.encode(text, { sample: { alpha: 0.01, nbestSize: 1, seed } }).tokens, best);
    }
    const [mostFrequent] = [...counts].sort((a, b) => b[1] - a[1])[0];
    assert.equal(mostFrequent, best.join(' '));
  } finally {
    tokenizer.dispose();
  }
});

test('the same seed gives the same draws; other seeds give others', async () => {
  const tokenizer = await Tokenizer.fromSentencePiece(readFileSync(join(data, 'model_sentencepiece_unigram.model')));
  try {
    const text = 'The quick brown fox jumps over the lazy dog, state-of-the-art tokenization.';
    const draw = (seed) => Array.from(tokenizer.encode(text, { sample: { alpha: 0.2, seed } }).ids).join(',');
    const first = draw(12345);
    assert.equal(draw(12345), first);
    assert.equal(draw(2 ** 53 - 1), draw(2 ** 53 - 1));
    const others = new Set([1, 2, 3, 4, 5].map(draw));
    assert.ok(others.size >= 4, `${others.size} distinct draws from 5 seeds`);
    // encodeBatch uses the seed for every input: a text drawn twice comes out the same.
    const batch = tokenizer.encodeBatch([text, text], { sample: { alpha: 0.2, seed: 12345 } });
    const n = batch.lengths[0];
    assert.equal(Array.from(batch.ids.subarray(0, n)).join(','), first);
    assert.equal(Array.from(batch.ids.subarray(n)).join(','), first);
  } finally {
    tokenizer.dispose();
  }
});

test('n-best and sampling name the model type when it is not Unigram, and bad options', async () => {
  const words = await Tokenizer.wordLevel({ corpus: 'the dog chased the cat' });
  const unigram = await Tokenizer.fromJSON(unigramJson);
  try {
    assert.throws(() => words.encodeNBest('the dog', 2),
      exactly('unsupported', 'encodeNBest: n-best needs a Unigram model; this one is WordLevel'));
    assert.throws(() => words.encode('the dog', { sample: { alpha: 0.1, seed: 1 } }),
      exactly('unsupported', 'encode: sample needs a Unigram model; this one is WordLevel'));
    assert.deepEqual(Array.from(words.encode('the dog').ids), Array.from(words.encodeIds('the dog')), 'still usable');
    assert.throws(() => unigram.encodeNBest('a', 0),
      exactly('invalid_argument', 'Tokenizer.encodeNBest: n: expected a whole number from 1 to 1024, got 0'));
    assert.throws(() => unigram.encodeNBest('a', 1025),
      exactly('invalid_argument', 'Tokenizer.encodeNBest: n: expected a whole number from 1 to 1024, got 1025'));
    assert.throws(() => unigram.encode('a', { sample: { alpha: -1 } }),
      exactly('invalid_argument', 'Tokenizer.encode: sample.alpha: expected a finite number >= 0, got -1'));
    assert.throws(() => unigram.encode('a', { sample: { seed: 1 } }),
      exactly('invalid_argument', 'Tokenizer.encode: sample.alpha: expected a finite number >= 0, got undefined'));
    assert.throws(() => unigram.encode('a', { sample: { alpha: 0.1, nbestSize: 2000 } }),
      exactly('invalid_argument', 'Tokenizer.encode: sample.nbestSize: expected a whole number from -1 to 1024, got 2000'));
    assert.throws(() => unigram.encode('a', { sample: { alpha: 0.1, seed: -1 } }),
      exactly('invalid_argument', 'Tokenizer.encode: sample.seed: expected a whole number from 0 to 2^53 - 1, got -1'));
    assert.throws(() => unigram.encodeBatch(['a'], { sample: { alpha: 0.1, temperature: 1 } }),
      exactly('invalid_argument', 'Tokenizer.encodeBatch: sample: unknown option "temperature" (expected one of alpha, nbestSize, seed)'));
    assert.equal(unigram.encodeNBest('', 3).length, 1, 'empty text: one empty segmentation');
  } finally {
    words.dispose();
    unigram.dispose();
  }
});
