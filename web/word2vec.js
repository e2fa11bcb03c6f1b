// The demo's "Train word2vec" view: the package's Word2Vec.train (skip-gram, negative sampling)
// in a Web Worker on a bundled corpus (Genesis, KJV, when the build made it; the demo's sample
// corpus) or the person's text, lowercased and split into words in the worker; live progress
// and loss, a few chosen words' neighbours redrawn from snapshots of the vectors as it trains
// (Word2Vec.train's snapshotEvery), cancel, then nearest neighbours in the trained vectors.
import { Remote } from './remote.js';
import { registerView, saveState } from './router.js';
import { sampleCorpus } from './sample.js';
import { demoManifest } from './tokenizers.js';
import { $, option } from './dom.js';

const svgNs = 'http://www.w3.org/2000/svg';
const section = $('word2vec');
let worker = null;
let running = null;
let model = null;
let nnGeneration = 0;

// Words between snapshots: Genesis (38,000 words) at 5 epochs gives about twenty.
const snapshotEvery = 10000;
const maxWatched = 4;
const watchedWords = () => [...new Set($('w2v-watch').value.toLowerCase().split(/[\s,]+/).filter(Boolean))].slice(0, maxWatched);

// The corpus as the worker takes it: it fetches the file (or takes the text) and splits each line
// into lowercased words itself, so the page never holds tens of thousands of strings.
async function sentences() {
  const name = $('w2v-corpus').value;
  if (name === 'sample') return { $sentences: { text: sampleCorpus } };
  if (name === 'text') return { $sentences: { text: $('w2v-text').value } };
  const { corpora } = await demoManifest();
  const corpus = corpora.find((c) => c.name === name);
  return { $sentences: { url: new URL(`data/${corpus.file}`, import.meta.url).href, split: corpus.split } };
}

// Loss after each slice, drawn as a line over the share of training done.
function drawLoss(points) {
  const width = 600;
  const height = 120;
  const top = Math.max(...points.map((p) => p.loss), 1e-9);
  const chart = document.createElementNS(svgNs, 'svg');
  chart.setAttribute('viewBox', `0 0 ${width} ${height}`);
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-label', `Loss from ${points[0].loss.toFixed(3)} to ${points.at(-1).loss.toFixed(3)} over ${points.length} reports`);
  const line = document.createElementNS(svgNs, 'polyline');
  line.setAttribute('points', points.map((p) => `${(p.fraction * width).toFixed(1)},${(height - 4 - (p.loss / top) * (height - 8)).toFixed(1)}`).join(' '));
  line.setAttribute('fill', 'none');
  line.setAttribute('stroke', 'currentColor');
  line.setAttribute('stroke-width', '2');
  chart.append(line);
  $('w2v-loss').replaceChildren(chart);
}

// One neighbour in a list: the word and its cosine similarity.
function neighbourItem({ word, score }) {
  const li = document.createElement('li');
  const name = document.createElement('span');
  name.className = 'word';
  name.textContent = word;
  const value = document.createElement('span');
  value.className = 'score';
  value.textContent = score.toFixed(3);
  li.append(name, value);
  return li;
}

async function showNeighbours() {
  if (!model) return;
  const mine = ++nnGeneration;
  const word = $('w2v-word').value.trim().toLowerCase();
  saveState('word2vec', { word, watch: $('w2v-watch').value });
  const message = $('w2v-message');
  const row = word ? await model.call('indexOf', word) : -1;
  const results = row >= 0 ? await model.call('mostSimilar', word, { topN: 10 }) : [];
  if (mine !== nnGeneration) return;
  message.textContent = !word ? 'Type a word.' : row < 0 ? `“${word}” is not among the ${model.rows.toLocaleString('en')} trained words.` : `Closest to “${word}” by cosine similarity:`;
  $('w2v-list').replaceChildren(...results.map(neighbourItem));
  section.dataset.neighbours = word;
}

// Snapshots arrive faster than a busy worker may answer for them: only the latest waiting one is
// drawn, each by the package as a user would — Embeddings.fromArray on the snapshot, in the worker,
// then mostSimilar for each watched word.
let waiting = null;  // { snapshot, fraction, run }
let drawing = false;
let watchedRun = null;  // the training whose snapshots are drawn; null after a cancel

function watch(snapshot, fraction, run) {
  waiting = { snapshot, fraction, run };
  if (!drawing) drawSnapshots();
}

async function drawSnapshots() {
  drawing = true;
  try {
    while (waiting) {
      const { snapshot, fraction, run } = waiting;
      waiting = null;
      if (run !== watchedRun) continue;  // a newer training started, or this one was cancelled
      const words = watchedWords();
      const vectors = await worker.create('Embeddings.fromArray', snapshot.vectors, snapshot.dim, { words: snapshot.words });
      let lists;
      try {
        // The snapshot names its words: only those it has are looked up, in one round of calls.
        lists = await Promise.all(words.map((w) => (snapshot.words.includes(w) ? vectors.call('mostSimilar', w, { topN: 5 }) : null)));
      } finally {
        vectors.dispose();
      }
      if (run !== watchedRun) continue;
      showWatched(words, lists, fraction);
    }
  } catch (err) {
    $('w2v-watch-status').textContent = `Error: ${err.message}`;
  } finally {
    drawing = false;
  }
}

function showWatched(words, lists, fraction) {
  $('w2v-watched').replaceChildren(...words.map((word, i) => {
    const box = document.createElement('div');
    box.dataset.word = word;
    const h = document.createElement('h4');
    h.textContent = word;
    box.append(h);
    if (!lists[i]) {
      const p = document.createElement('p');
      p.className = 'note';
      p.textContent = 'not in the vocabulary';
      box.append(p);
      return box;
    }
    const ol = document.createElement('ol');
    ol.setAttribute('aria-label', `Nearest to “${word}”`);
    ol.append(...lists[i].map(neighbourItem));
    box.append(ol);
    return box;
  }));
  $('w2v-watch-status').textContent = fraction >= 1 ? 'After training:' : `After ${(100 * fraction).toFixed(0)}% of training:`;
  section.dataset.watched = String(Number(section.dataset.watched ?? 0) + 1);
  section.dataset.watchedFraction = fraction.toFixed(4);
}

async function train() {
  running?.abort();
  const controller = new AbortController();
  running = controller;
  watchedRun = controller;
  delete section.dataset.state;
  delete section.dataset.watched;
  delete section.dataset.watchedFraction;
  $('w2v-watched').replaceChildren();
  $('w2v-watch-status').textContent = '';
  const progress = $('w2v-progress');
  const status = $('w2v-status');
  progress.value = 0;
  $('w2v-cancel').disabled = false;
  worker ??= new Remote();
  const start = performance.now();
  const points = [];
  try {
    const corpus = await sentences();
    status.textContent = 'Reading the corpus…';
    const options = {
      dim: Number($('w2v-dim').value), window: Number($('w2v-window').value), epochs: Number($('w2v-epochs').value),
      minCount: Number($('w2v-min-count').value), seed: 1,
    };
    const trained = await worker.create('Word2Vec.train', corpus, {
      ...options,
      signal: controller.signal,
      snapshotEvery,
      onProgress({ epoch, fraction, loss, snapshot }) {
        if (snapshot) watch(snapshot, fraction, controller);
        progress.value = fraction;
        points.push({ fraction, loss });
        status.textContent = `Epoch ${epoch + 1} of ${options.epochs}: ${(100 * fraction).toFixed(0)}% done, loss ${loss.toFixed(3)}`;
        if (points.length > 1) drawLoss(points);
      },
    });
    // Marked so a test can tell training from drawing its results.
    performance.mark('tokvec:word2vec-trained');
    model?.dispose();
    model = trained;
    progress.value = 1;
    status.textContent = `Trained ${model.rows.toLocaleString('en')} words × ${model.dim} dimensions in ${((performance.now() - start) / 1000).toFixed(1)} s` +
      (points.length ? `; final loss ${points.at(-1).loss.toFixed(3)}.` : '.');
    section.dataset.state = 'trained';
    await showNeighbours();
  } catch (err) {
    status.textContent = err.name === 'AbortError' ? 'Training cancelled.' : `Error: ${err.message}`;
    section.dataset.state = err.name === 'AbortError' ? 'cancelled' : 'failed';
    if (watchedRun === controller) watchedRun = null;
  } finally {
    if (running === controller) {
      running = null;
      $('w2v-cancel').disabled = true;
    }
  }
}

$('w2v-start').addEventListener('click', train);
$('w2v-cancel').addEventListener('click', () => running?.abort());
$('w2v-word').addEventListener('input', showNeighbours);
$('w2v-watch').addEventListener('input', () => saveState('word2vec', { word: $('w2v-word').value, watch: $('w2v-watch').value }));
$('w2v-text').addEventListener('input', () => {
  $('w2v-corpus').value = 'text';
});
// A bundled corpus suggests words it knows (a playlist corpus has package names, not words).
const sampleWords = { example: 'dog', watch: 'dog cat tokenizer' };
async function suggestWords() {
  const { corpora } = await demoManifest();
  const name = $('w2v-corpus').value;
  const corpus = name === 'sample' ? sampleWords : corpora.find((c) => c.name === name);
  if (corpus?.example) $('w2v-word').value = corpus.example;
  if (corpus?.watch) $('w2v-watch').value = corpus.watch;
}
$('w2v-corpus').addEventListener('change', suggestWords);

const { corpora } = await demoManifest();
$('w2v-corpus').replaceChildren(
  ...corpora.map((c) => option(c.name, c.label)),
  option('sample', 'The demo\'s sample corpus (8 lines)'),
  option('text', 'Your text'),
);
// The page's default words are Genesis's; without it the first corpus suggests its own.
if (corpora[0]?.name !== 'kjv-genesis') await suggestWords();
registerView('word2vec', {
  section,
  shown(params) {
    if (params.has('word')) $('w2v-word').value = params.get('word');
    if (params.has('watch')) $('w2v-watch').value = params.get('watch');
    saveState('word2vec', { word: $('w2v-word').value, watch: $('w2v-watch').value });
    showNeighbours();
  },
});
