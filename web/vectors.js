// The demo's "From tokens to vectors" view: the walk from text to a sentence vector, each step with
// its array's shape — token ids, rows of an embedding matrix (batch, seq, dim), plus sinusoidal
// position encodings, mean pooling over the real (unpadded) tokens — then the "bank" lesson (a
// static vector is the same in every sentence) and one-hot × matrix = row lookup. The matrix is
// the GloVe 50k subset; a lowercased word-level tokenizer over its words makes ids equal rows.
// Both live in the vectors' Web Worker (web/glove.js); positionalEncoding is plain JavaScript.
import { positionalEncoding } from 'tokvec';
import { loadGlove, wordsFile } from './glove.js';
import { registerView, saveState } from './router.js';
import { $ } from './dom.js';

const svgNs = 'http://www.w3.org/2000/svg';
const section = $('vectors');
const defaults = {
  text: 'the bank raised interest rates\nwe walked along the river bank',
  a: 'she deposited the money at the bank',
  b: 'we sat on the river bank and watched the water',
  word: 'bank',
};

let model = null;  // the worker's Embeddings and Tokenizer: x.call(method, …args)
let tokenizer = null;

const dot = (a, b) => a.reduce((s, x, i) => s + x * b[i], 0);
const cosine = (a, b) => dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
const fmt = (x) => x.toFixed(4);

function el(name, text, className) {
  const e = document.createElement(name);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

// A vector as a strip of coloured cells (blue negative, red positive), its values in the title.
function strip(values, label) {
  let largest = 0;
  for (const x of values) largest = Math.max(largest, Math.abs(x));
  const chart = document.createElementNS(svgNs, 'svg');
  chart.setAttribute('viewBox', `0 0 ${values.length} 1`);
  chart.setAttribute('preserveAspectRatio', 'none');
  chart.setAttribute('class', 'strip');
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-label', `${label}: ${values.length} values`);
  values.forEach((x, i) => {
    const t = largest ? Math.abs(x) / largest : 0;
    const [r, g, b] = x < 0 ? [47, 111, 219] : [201, 42, 42];
    const mix = (c) => Math.round(255 + (c - 255) * t);
    const rect = document.createElementNS(svgNs, 'rect');
    for (const [k, v] of Object.entries({ x: i, y: 0, width: 1, height: 1, fill: `rgb(${mix(r)},${mix(g)},${mix(b)})` })) rect.setAttribute(k, String(v));
    chart.append(rect);
  });
  return chart;
}

// Tokens of one sentence: the ids of words the vectors know, and the words they lack.
async function tokenize(sentence) {
  const { ids, tokens, offsets } = await tokenizer.call('encode', sentence);
  const known = [];
  const unknown = [];
  ids.forEach((id, i) => {
    if (id < model.rows) known.push({ id, token: tokens[i] });
    else unknown.push(sentence.slice(offsets[2 * i], offsets[2 * i + 1]));
  });
  return { known, unknown };
}

async function sentenceVectors(sentences, positions) {
  const tokenized = await Promise.all(sentences.map(tokenize));
  const batch = sentences.length;
  const seq = Math.max(1, ...tokenized.map((t) => t.known.length));
  const dim = model.dim;
  // Shorter sentences are padded with id 0 up to seq; a mask keeps padding out of the mean.
  const ids = new Uint32Array(batch * seq);
  const mask = new Uint8Array(batch * seq);
  tokenized.forEach((t, b) => t.known.forEach(({ id }, s) => {
    ids[b * seq + s] = id;
    mask[b * seq + s] = 1;
  }));
  const rows = await model.call('lookup', ids, { batch, seqLen: seq });
  const pe = positionalEncoding(seq, dim);
  const summed = rows.slice();
  if (positions) for (let b = 0; b < batch; b++) for (let i = 0; i < seq * dim; i++) summed[b * seq * dim + i] += pe[i];
  const pooled = new Float32Array(batch * dim);
  for (let b = 0; b < batch; b++) {
    let n = 0;
    for (let s = 0; s < seq; s++) {
      if (!mask[b * seq + s]) continue;
      n++;
      for (let j = 0; j < dim; j++) pooled[b * dim + j] += summed[(b * seq + s) * dim + j];
    }
    for (let j = 0; j < dim; j++) pooled[b * dim + j] /= Math.max(n, 1);
  }
  return { tokenized, batch, seq, dim, ids, mask, rows, pe, summed, pooled };
}

function step(name, title, shape, ...content) {
  const li = el('li');
  li.dataset.step = name;
  li.dataset.shape = shape.join(',');
  const h = el('h4', `${title} `);
  h.append(el('code', `shape (${shape.join(', ')})`, 'shape'));
  li.append(h, ...content);
  return li;
}

async function renderSteps(current) {
  const sentences = $('vectors-text').value.split('\n').map((s) => s.trim()).filter(Boolean);
  const positions = $('vectors-positions').checked;
  saveState('vectors', { text: $('vectors-text').value });
  if (sentences.length === 0) {
    $('vectors-steps').replaceChildren(el('li', 'Type a sentence.'));
    return;
  }
  const r = await sentenceVectors(sentences, positions);
  if (!current()) return;
  const { batch, seq, dim } = r;
  const idList = el('div');
  r.tokenized.forEach((t, b) => {
    const line = el('p', `sentence ${b + 1}: `, 'ids');
    line.append(t.known.map(({ id, token }) => `${token} → ${id}`).join(', ') || '(no known words)');
    if (t.unknown.length) line.append(el('span', ` — not in the 50,000 words, left out: ${t.unknown.join(', ')}`, 'note'));
    idList.append(line);
  });
  const matrix = (array, label) => {
    const box = el('div', undefined, 'matrix');
    for (let b = 0; b < batch; b++) {
      for (let s = 0; s < seq; s++) {
        const row = el('div', undefined, 'matrix-row');
        const padded = !r.mask[b * seq + s];
        row.append(el('span', padded ? `${b + 1}.${s + 1} (pad)` : `${b + 1}.${s + 1} ${r.tokenized[b].known[s].token}`, 'row-label'));
        row.append(strip(padded ? new Float32Array(dim) : array.subarray((b * seq + s) * dim, (b * seq + s + 1) * dim), `${label}, sentence ${b + 1}, position ${s + 1}`));
        box.append(row);
      }
    }
    return box;
  };
  const peBox = el('div', undefined, 'matrix');
  for (let s = 0; s < seq; s++) {
    const row = el('div', undefined, 'matrix-row');
    row.append(el('span', `position ${s}`, 'row-label'), strip(r.pe.subarray(s * dim, (s + 1) * dim), `position encoding ${s}`));
    peBox.append(row);
  }
  const pooledBox = el('div', undefined, 'matrix');
  for (let b = 0; b < batch; b++) {
    const row = el('div', undefined, 'matrix-row');
    row.append(el('span', `sentence ${b + 1}`, 'row-label'), strip(r.pooled.subarray(b * dim, (b + 1) * dim), `sentence ${b + 1} vector`));
    pooledBox.append(row);
  }
  const steps = [
    step('ids', 'Token ids (padded to the longest sentence)', [batch, seq], idList),
    step('lookup', 'Rows of the embedding matrix: each id picks its row', [batch, seq, dim], matrix(r.rows, 'embedding')),
    step('positions', 'Sinusoidal position encodings, PE(pos, 2i) = sin(pos / 10000^(2i/dim)), PE(pos, 2i+1) = cos(…)', [seq, dim], peBox),
    step('sum', positions ? 'Rows + position encodings (added to every sentence of the batch)' : 'Rows (position encodings off)', [batch, seq, dim], matrix(r.summed, 'sum')),
    step('pooled', 'Mean over each sentence\'s real tokens (padding masked out): one vector per sentence', [batch, dim], pooledBox),
  ];
  if (batch >= 2) {
    const p = (b) => r.pooled.subarray(b * dim, (b + 1) * dim);
    const out = el('p', `cos(sentence 1, sentence 2) = ${fmt(cosine(p(0), p(1)))}`, 'stats');
    out.id = 'vectors-cosine';
    steps.at(-1).append(out);
  }
  $('vectors-steps').replaceChildren(...steps);
}

// The same word in two sentences: as a static vector it is one row, whatever the sentence.
async function renderBank(current) {
  const a = $('bank-a').value;
  const b = $('bank-b').value;
  const word = $('bank-word').value.trim().toLowerCase();
  const out = $('bank-result');
  const row = await model.call('indexOf', word);
  const result = [];
  const add = (term, value, key) => {
    const dt = el('dt', term);
    const dd = el('dd', value);
    if (key) dd.dataset.key = key;
    result.push(dt, dd);
  };
  const [{ known: ta }, { known: tb }] = await Promise.all([tokenize(a), tokenize(b)]);
  const posA = ta.findIndex((t) => t.id === row);
  const posB = tb.findIndex((t) => t.id === row);
  if (row < 0 || posA < 0 || posB < 0) {
    if (current()) out.replaceChildren(el('dd', `“${word}” must be a known word in both sentences.`));
    return;
  }
  const v = await model.call('vector', row);
  const peA = positionalEncoding(posA + 1, model.dim).subarray(posA * model.dim);
  const peB = positionalEncoding(posB + 1, model.dim).subarray(posB * model.dim);
  const withA = v.map((x, i) => x + peA[i]);
  const withB = v.map((x, i) => x + peB[i]);
  const r = await sentenceVectors([a, b], false);
  const others = ['money', 'river'];
  const similarities = await Promise.all(others.map((w) => model.call('similarity', word, w)));
  if (!current()) return;
  const dim = model.dim;
  add(`“${word}” in sentence 1 vs in sentence 2, static vectors`, `cos = ${fmt(cosine(v, v))}: one row, id ${row}, whatever the context`, 'static');
  add(`… plus position encodings (positions ${posA} and ${posB})`, `cos = ${fmt(cosine(withA, withB))}: they now differ only by where the word sits`, 'positions');
  add('the two sentences, mean-pooled', `cos = ${fmt(cosine(r.pooled.subarray(0, dim), r.pooled.subarray(dim)))}`, 'sentences');
  others.forEach((other, i) => add(`“${word}” ~ “${other}”`, `cos = ${fmt(similarities[i])}`));
  add('Why', 'A static embedding cannot tell the money bank from the river bank; a transformer\'s attention mixes in the neighbouring words so the two vectors move apart.');
  out.replaceChildren(...result);
}

// A toy vocabulary (the first sentence's words), its GloVe rows as a small matrix, and the
// product of a one-hot row vector with it: every row but one is multiplied by zero.
async function renderOneHot(current) {
  const first = $('vectors-text').value.split('\n').map((s) => s.trim()).find(Boolean) ?? '';
  const known = (await tokenize(first)).known.filter((t, i, all) => all.findIndex((u) => u.id === t.id) === i);
  const vocab = known.map((t) => t.token);
  // The matrix: the vocabulary's rows (token id = row), looked up as one sequence.
  const matrix = vocab.length ? await model.call('lookup', known.map((t) => t.id)) : new Float32Array(0);
  if (!current()) return;
  const select = $('onehot-word');
  const previous = select.value;
  select.replaceChildren(...vocab.map((w) => {
    const o = el('option', w);
    o.value = w;
    return o;
  }));
  if (vocab.includes(previous)) select.value = previous;
  const out = $('onehot-result');
  if (vocab.length === 0) {
    out.replaceChildren(el('p', 'The first sentence has no known words.'));
    return;
  }
  const k = vocab.indexOf(select.value);
  const E = vocab.map((_, i) => matrix.subarray(i * model.dim, (i + 1) * model.dim));
  const oneHot = vocab.map((_, i) => (i === k ? 1 : 0));
  const product = new Float32Array(model.dim);
  for (let i = 0; i < vocab.length; i++) for (let j = 0; j < model.dim; j++) product[j] += oneHot[i] * E[i][j];
  const difference = Math.max(...product.map((x, j) => Math.abs(x - E[k][j])));
  const shown = 6;
  const table = el('table', undefined, 'onehot');
  const caption = el('caption', `one-hot (1 × ${vocab.length}) × E (${vocab.length} × ${model.dim}) = row ${k} of E`);
  const head = el('tr');
  head.append(el('th', 'word'), el('th', 'one-hot'));
  for (let j = 0; j < shown; j++) head.append(el('th', `E[·, ${j}]`));
  head.append(el('th', '…'));
  head.querySelectorAll('th').forEach((th) => th.setAttribute('scope', 'col'));
  const rows = vocab.map((w, i) => {
    const tr = el('tr', undefined, i === k ? 'picked' : '');
    const th = el('th', w);
    th.scope = 'row';
    tr.append(th, el('td', String(oneHot[i])));
    for (let j = 0; j < shown; j++) tr.append(el('td', E[i][j].toFixed(3)));
    tr.append(el('td', '…'));
    return tr;
  });
  const sum = el('tr', undefined, 'product');
  const th = el('th', 'product');
  th.scope = 'row';
  sum.append(th, el('td', ''));
  for (let j = 0; j < shown; j++) sum.append(el('td', product[j].toFixed(3)));
  sum.append(el('td', '…'));
  table.append(caption, head, ...rows, sum);
  const check = el('p', `The product equals row ${k} (“${vocab[k]}”) in all ${model.dim} columns: largest difference ${difference}. An embedding layer skips the multiplication and reads the row.`, 'stats');
  check.id = 'onehot-check';
  out.replaceChildren(table, check);
}

// Each view shows only its latest run's answer (the worker answers asynchronously); a failure is
// shown in the status line.
function guarded(view) {
  let generation = 0;
  return async () => {
    const mine = ++generation;
    const current = () => mine === generation;
    try {
      await view(current);
    } catch (err) {
      if (current()) $('vectors-status').textContent = `Error: ${err.message}`;
    }
  };
}

const runSteps = guarded(renderSteps);
const runOneHot = guarded(renderOneHot);
const runBank = guarded(renderBank);

async function load() {
  const status = $('vectors-status');
  let remote;
  ({ model, remote } = await loadGlove(({ loaded, total }) => {
    status.textContent = `Loading the word vectors… ${(loaded / 1e6).toFixed(1)}${total ? ` of ${(total / 1e6).toFixed(1)}` : ''} MB`;
  }));
  tokenizer = await remote.create('Tokenizer.wordLevel', { vocab: wordsFile, lowercase: true });
  status.textContent = `Embedding matrix E: ${model.rows.toLocaleString('en')} rows × ${model.dim} columns (GloVe 6B, ${model.storage}).`;
  $('vectors-tools').disabled = false;
  $('vectors-text').addEventListener('input', () => Promise.all([runSteps(), runOneHot()]));
  $('vectors-positions').addEventListener('change', runSteps);
  for (const id of ['bank-a', 'bank-b', 'bank-word']) $(id).addEventListener('input', runBank);
  $('onehot-word').addEventListener('change', runOneHot);
  await Promise.all([runSteps(), runOneHot(), runBank()]);
  section.dataset.state = 'ready';
}

$('vectors-text').value = defaults.text;
$('bank-a').value = defaults.a;
$('bank-b').value = defaults.b;
$('bank-word').value = defaults.word;

registerView('vectors', {
  section,
  shown(params, { first }) {
    if (params.has('text')) $('vectors-text').value = params.get('text');
    if (first) {
      load().catch((err) => {
        section.dataset.state = 'failed';
        $('vectors-status').textContent = `Could not load the word vectors: ${err.message}`;
      });
    } else if (model) {
      runSteps();
      runOneHot();
    }
  },
});
