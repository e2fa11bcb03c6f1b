// Word2Vec.train through the JS API: determinism, the three kinds of sentences giving the same
// vectors, quality on real English (the King James Bible and WordNet glosses of the prose parity
// corpus), word2vec text/binary round trips through the loaders, progress, cancellation without
// leaks, the errors bad options and sentences produce, and "songs as tokens" on Debian's package
// dependencies (scripts/build_packages_dataset.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { Embeddings, TokvecError, Word2Vec, init } from 'tokvec';
import { initTraining } from '../../bindings/core.js';
import { ensureCorpora, loadCorpus, wordSentences } from '../helpers/corpora.js';
import { isError } from '../helpers/errors.js';
import { ensurePackagesDataset } from '../../scripts/build_packages_dataset.mjs';

ensureCorpora();
const prose = wordSentences(loadCorpus('prose', { maxBytes: 1 << 20 }));
const small = prose.slice(0, 1500);
const fast = { dim: 24, epochs: 2, minCount: 3 };

const bytesEqual = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

test('the same seed gives bit-identical vectors; another seed gives others', async () => {
  const a = await Word2Vec.train(small, { ...fast, seed: 7 });
  const b = await Word2Vec.train(small, { ...fast, seed: 7 });
  const c = await Word2Vec.train(small, { ...fast, seed: 8 });
  assert.ok(a instanceof Embeddings);
  assert.deepEqual(a.words, b.words);
  assert.ok(bytesEqual(a.toBinary(), b.toBinary()));
  assert.deepEqual(a.words, c.words);
  assert.ok(!bytesEqual(a.toBinary(), c.toBinary()));
  for (const m of [a, b, c]) m.dispose();
});

test('text, token arrays and id arrays of one corpus give the same vectors', async () => {
  const tokens = small.map((s) => s.split(' '));
  const idOf = new Map();
  const ids = tokens.map((s) => Uint32Array.from(s, (w) => (idOf.has(w) ? idOf.get(w) : (idOf.set(w, idOf.size), idOf.size - 1))));
  const fromText = await Word2Vec.train(small, { ...fast, model: 'cbow' });
  const fromTokens = await Word2Vec.train(tokens, { ...fast, model: 'cbow' });
  const fromIds = await Word2Vec.train(ids.map((s, i) => (i % 2 ? Array.from(s) : s)), { ...fast, model: 'cbow' });
  assert.deepEqual(fromTokens.words, fromText.words);
  assert.deepEqual(fromIds.words, fromText.words.map((w) => String(idOf.get(w))));
  // Vocabulary order is by count, then first appearance, so rows line up across the three.
  assert.ok(bytesEqual(fromTokens.toBinary(), fromText.toBinary()));
  for (let row = 0; row < fromText.rows; row += 97) assert.deepEqual(fromIds.vector(row), fromText.vector(row));
  for (const m of [fromText, fromTokens, fromIds]) m.dispose();
});

test('on real English, related words are nearer than unrelated ones', async () => {
  // About 180,000 tokens; the vocabulary is in frequency order, so "the" is row 0.
  const m = await Word2Vec.train(prose, { dim: 50, epochs: 3, minCount: 5, seed: 1 });
  assert.equal(m.words[0], 'the');
  const related = [['day', 'night'], ['father', 'son'], ['silver', 'gold'], ['heaven', 'earth'], ['brother', 'sister'], ['man', 'woman']];
  const unrelated = [['day', 'silver'], ['father', 'night'], ['gold', 'sister'], ['heaven', 'woman'], ['brother', 'earth'], ['man', 'gold']];
  // Small-corpus vectors share a strong common direction, so cosines run high; ranks (1 + how
  // many words are nearer to a than b is, among 3,440) tell related from unrelated robustly.
  const median = (pairs) => {
    const ranks = pairs.map(([a, b]) => m.rank(a, b)).sort((x, y) => x - y);
    return (ranks[2] + ranks[3]) / 2;
  };
  const near = median(related);
  const far = median(unrelated);
  assert.ok(near <= 60 && far >= 200, `median rank: related ${near}, unrelated ${far}`);
  assert.ok(m.rank('father', 'son') <= 10, `rank of son from father: ${m.rank('father', 'son')}`);
  m.dispose();
});

test('toText and toBinary read back through the word2vec loaders exactly', async () => {
  const m = await Word2Vec.train(small, fast);
  const text = m.toText();
  assert.match(text, new RegExp(`^${m.rows} ${m.dim}\n${m.words[0]} `));
  const fromText = await Embeddings.fromText(text, { format: 'word2vec' });
  const fromBinary = await Embeddings.fromWord2VecBinary(m.toBinary());
  for (const copy of [fromText, fromBinary]) {
    assert.deepEqual(copy.words, m.words);
    for (let row = 0; row < m.rows; row++) assert.deepEqual(copy.vector(row), m.vector(row));
    copy.dispose();
  }
  m.dispose();
});

test('toText refuses words the format cannot hold, naming the row', async () => {
  const m = await Word2Vec.train([['new york', 'boston'], ['boston', 'new york']], { dim: 4, minCount: 1 });
  assert.throws(() => m.toText(), isError('invalid_argument', /^toText: row 0: the word "new york" is empty or holds whitespace/));
  assert.throws(() => m.toBinary(), isError('invalid_argument', /^toBinary: row 0: /));
  m.dispose();
  const unlabelled = await Embeddings.fromArray([1, 2], 2);
  assert.throws(() => unlabelled.toText(), isError('invalid_argument', /^toText: these embeddings have no words/));
  unlabelled.dispose();
});

test('progress is monotone and ends at fraction 1 in the last epoch', async () => {
  const seen = [];
  const m = await Word2Vec.train(prose.slice(0, 6000), { dim: 16, epochs: 3, minCount: 2, onProgress: (p) => seen.push(p) });
  assert.ok(seen.length >= 2, `${seen.length} progress calls`);
  for (let i = 1; i < seen.length; i++) {
    assert.ok(seen[i].wordsProcessed > seen[i - 1].wordsProcessed);
    assert.ok(seen[i].fraction > seen[i - 1].fraction);
    assert.ok(seen[i].epoch >= seen[i - 1].epoch);
  }
  const last = seen.at(-1);
  assert.equal(last.fraction, 1);
  assert.equal(last.epoch, 2);
  assert.ok(last.loss > 0 && last.loss < seen[0].loss, `loss ${seen[0].loss} → ${last.loss}`);
  m.dispose();
});

test('snapshotEvery: a copy of the vectors every N words that changes as training goes; the last is the trained vectors, and watching changes nothing learned', async () => {
  const sentences = prose.slice(0, 3000);
  const options = { dim: 16, epochs: 3, minCount: 2, seed: 3 };
  const every = 10000;
  const reports = [];
  const m = await Word2Vec.train(sentences, { ...options, snapshotEvery: every, onProgress: (p) => reports.push(p) });
  const snapshots = reports.filter((p) => p.snapshot);
  const total = reports.at(-1).wordsProcessed;
  assert.ok(total > 5 * every, `${total} words processed`);
  // A report carries one when it passed a multiple of `every` (a slice stops there, or at the end
  // of the sentence under way), and the last report does.
  reports.forEach((p, i) => {
    const crossed = Math.floor(p.wordsProcessed / every) > Math.floor((i ? reports[i - 1].wordsProcessed : 0) / every);
    assert.equal(Boolean(p.snapshot), crossed || i === reports.length - 1, `report ${i} at ${p.wordsProcessed} words`);
  });
  assert.ok(snapshots.length >= 6, `${snapshots.length} snapshots`);
  for (const p of snapshots.slice(0, -1)) assert.ok(p.wordsProcessed % every < 200, `a snapshot at ${p.wordsProcessed} words`);
  const first = snapshots[0].snapshot;
  const firstCopy = first.vectors.slice();
  for (const { snapshot } of snapshots) {
    assert.ok(snapshot.vectors instanceof Float32Array);
    assert.equal(snapshot.vectors.length, m.rows * m.dim);
    assert.equal(snapshot.dim, m.dim);
    assert.equal(snapshot.words, first.words, 'one words array for the whole training');
  }
  assert.deepEqual(first.words, m.words);
  for (let i = 1; i < snapshots.length; i++) {
    assert.ok(!bytesEqual(snapshots[i].snapshot.vectors, snapshots[i - 1].snapshot.vectors), `snapshot ${i} equals snapshot ${i - 1}`);
  }
  // Snapshots are the receiver's copies: training on did not write into the first one.
  assert.ok(bytesEqual(first.vectors, firstCopy));
  const trained = m.lookup(Uint32Array.from({ length: m.rows }, (_, i) => i));
  assert.ok(bytesEqual(snapshots.at(-1).snapshot.vectors, trained), 'the last snapshot is the trained vectors');
  assert.ok(!bytesEqual(first.vectors, trained));
  // A snapshot is Embeddings-ready; early in training a word's neighbours are not yet its final ones.
  const early = await Embeddings.fromArray(first.vectors, first.dim, { words: first.words });
  assert.equal(early.rows, m.rows);
  const word = m.words[50];
  assert.notDeepEqual(early.mostSimilar(word, { topN: 10 }).map((n) => n.word), m.mostSimilar(word, { topN: 10 }).map((n) => n.word));
  early.dispose();
  const unwatched = await Word2Vec.train(sentences, options);
  assert.ok(bytesEqual(unwatched.toBinary(), m.toBinary()));
  unwatched.dispose();
  m.dispose();
  await assert.rejects(Word2Vec.train(small, { snapshotEvery: 1000 }), isError('invalid_argument', /^Word2Vec\.train: snapshotEvery needs onProgress, which receives the snapshots$/));
  await assert.rejects(Word2Vec.train(small, { snapshotEvery: 2.5, onProgress() {} }), isError('invalid_argument', /^Word2Vec\.train: snapshotEvery: expected a whole number from 0 to 4294967295, got 2\.5$/));
});

test('aborting rejects with the signal reason and frees the trainer', async () => {
  const core = await init();
  const run = async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    let calls = 0;
    const training = Word2Vec.train(prose.slice(0, 6000), {
      dim: 16, minCount: 2, signal: controller.signal, onProgress: () => ++calls === 1 && controller.abort(reason),
    });
    await assert.rejects(training, (e) => e === reason);
    assert.equal(calls, 1);
  };
  await run();
  // The trainer lives in the training module: its heap must not grow either.
  const train = await initTraining();
  const baseline = core.module.heapInUse();
  const trainBaseline = train.module.heapInUse();
  for (let i = 0; i < 3; i++) await run();
  assert.equal(core.module.heapInUse(), baseline);
  assert.equal(train.module.heapInUse(), trainBaseline);
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(Word2Vec.train(small, { signal: controller.signal }), (e) => e.name === 'AbortError');
  assert.equal(core.module.heapInUse(), baseline);
  assert.equal(train.module.heapInUse(), trainBaseline);
});

test('bad options and sentences are errors naming them', async () => {
  const core = await init();
  await assert.rejects(Word2Vec.train(small, { dim: 0 }), isError('invalid_argument', /^word2vec: dim must be from 1 to 65536, got 0$/));
  await assert.rejects(Word2Vec.train(small, { window: -1 }), isError('invalid_argument', /^Word2Vec\.train: window: expected a whole number from 0 to 4294967295, got -1$/));
  await assert.rejects(Word2Vec.train(small, { window: 0 }), isError('invalid_argument', /^word2vec: window must be from 1 to 10000, got 0$/));
  await assert.rejects(Word2Vec.train(small, { negative: 0 }), isError('invalid_argument', /^word2vec: negative must be from 1/));
  await assert.rejects(Word2Vec.train(small, { epochs: 0 }), isError('invalid_argument', /^word2vec: epochs must be from 1/));
  await assert.rejects(Word2Vec.train(small, { sample: 2 }), isError('invalid_argument', /^Word2Vec\.train: sample: expected a number from 0 to 1, got 2$/));
  await assert.rejects(Word2Vec.train(small, { lr: 0 }), isError('invalid_argument', /^Word2Vec\.train: lr: expected a number above 0/));
  await assert.rejects(Word2Vec.train(small, { model: 'glove' }), isError('invalid_argument', /^Word2Vec\.train: model must be one of skipgram, cbow, got glove$/));
  await assert.rejects(Word2Vec.train(small, { dims: 5 }), isError('invalid_argument', /^Word2Vec\.train: unknown option "dims"/));
  await assert.rejects(Word2Vec.train(small, { onProgress: 1 }), isError('invalid_argument', /onProgress must be a function/));
  await assert.rejects(Word2Vec.train([], {}), isError('invalid_argument', /^word2vec: the sentences hold no tokens$/));
  await assert.rejects(Word2Vec.train(['  ', ''], {}), isError('invalid_argument', /^word2vec: the sentences hold no tokens$/));
  await assert.rejects(Word2Vec.train(['a b a'], { minCount: 3 }),
    isError('invalid_argument', /^word2vec: no token occurs minCount \(3\) times; the most frequent, "a", occurs 2 times in 3 tokens: lower minCount$/));
  await assert.rejects(Word2Vec.train('a b'), isError('invalid_argument', /^Word2Vec\.train: sentences must be an array/));
  await assert.rejects(Word2Vec.train([1, 2]), isError('invalid_argument', /^Word2Vec\.train: sentences\[0\] must be a string, an array of tokens or an array of ids, got number$/));
  await assert.rejects(Word2Vec.train(['a', ['b']]), isError('invalid_argument', /^Word2Vec\.train: sentences\[1\] is an array, expected a string like sentences\[0\]$/));
  await assert.rejects(Word2Vec.train([['a'], ['b', 3]]), isError('invalid_argument', /^Word2Vec\.train: sentences\[1\]\[1\] is number, expected a token string$/));
  await assert.rejects(Word2Vec.train([[1, -2]]), isError('invalid_argument', /^Word2Vec\.train: sentences\[0\]\[1\] = -2 is not an id/));
  await assert.rejects(Word2Vec.train([['a', '']], { minCount: 1 }), isError('invalid_argument', /^word2vec: sentence 0: token 1 is empty$/));
  // Failures leave nothing behind, in the core or in the training module.
  const train = await initTraining();
  const baseline = core.module.heapInUse();
  const trainBaseline = train.module.heapInUse();
  await assert.rejects(Word2Vec.train(['a b a'], { minCount: 3 }), TokvecError);
  await assert.rejects(Word2Vec.train([['a', '']], { minCount: 1 }), TokvecError);
  assert.equal(core.module.heapInUse(), baseline);
  assert.equal(train.module.heapInUse(), trainBaseline);
});

test('songs as tokens: on Debian\'s Depends lines as playlists, packages land near the packages used with them', async () => {
  const file = ensurePackagesDataset();
  const playlists = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => line.split(' '));
  const m = await Word2Vec.train(playlists, { dim: 32, window: 10, epochs: 2, minCount: 5, seed: 1 });
  const near = (name) => m.mostSimilar(name, { topN: 10 }).map((n) => n.word);
  const count = (list, test) => list.filter(test).length;
  // Qt's modules are needed together, and so are Python's scientific libraries.
  const qt = near('libqt5core5a');
  assert.ok(count(qt, (w) => w.startsWith('libqt5')) >= 5, `libqt5core5a: ${qt.join(', ')}`);
  const python = near('python3');
  assert.ok(count(python, (w) => w.startsWith('python3-')) >= 5, `python3: ${python.join(', ')}`);
  // A TLS library sits among crypto, authentication and security libraries.
  const security = new Set(['libssl3', 'libgnutls30', 'libnettle8', 'libhogweed6', 'libgcrypt20', 'libgpg-error0', 'libsodium23',
    'libkrb5-3', 'libk5crypto3', 'libgssapi-krb5-2', 'libcrypt1', 'libldap-2.5-0', 'libsasl2-2', 'libpam0g', 'libwrap0',
    'libp11-kit0', 'libtasn1-6', 'libidn2-0', 'libcap2', 'libaudit1', 'libkeyutils1']);
  for (const tls of ['libssl3', 'libgnutls30']) {
    const list = near(tls);
    assert.ok(count(list, (w) => security.has(w)) >= 2, `${tls}: ${list.join(', ')}`);
  }
  assert.ok(m.similarity('libqt5core5a', 'libqt5gui5') > m.similarity('libqt5core5a', 'python3-numpy') + 0.2);
  m.dispose();
});
