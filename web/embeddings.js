// The demo's Embeddings view: GloVe word vectors loaded through the package as a user would, and
// gensim-style queries on them — nearest neighbours, analogies (a − b + c), similarity, the word
// that doesn't match, a PCA map of words and their neighbours, and a word's raw vector. The
// vectors live in a Web Worker (web/glove.js), so queries are asynchronous: each view shows only
// its latest query's answer. Every word is put on the page as text (textContent or SVG text
// nodes), never as HTML.
import { loadGlove } from './glove.js';
import { registerView } from './router.js';
import { $ } from './dom.js';

const svgNs = 'http://www.w3.org/2000/svg';
const section = $('embeddings');

// Group colours, legible on the light and the dark background alike.
const palette = ['#2f6fdb', '#d9480f', '#2b8a3e', '#ae3ec9', '#c92a2a', '#0b7285', '#a0780b', '#5c7cfa'];

let model = null;  // the worker's Embeddings: model.call(method, …args)

function svg(name, attributes = {}) {
  const el = document.createElementNS(svgNs, name);
  for (const [key, value] of Object.entries(attributes)) el.setAttribute(key, String(value));
  return el;
}

// GloVe 6B is uncased.
const normalizeWord = (text) => text.trim().toLowerCase();
const splitWords = (text) => [...new Set(text.split(/[\s,]+/).map(normalizeWord).filter(Boolean))];
const formatScore = (score) => score.toFixed(3);

// The words the vectors have, and a message naming those they lack (null when none).
async function lookUp(words) {
  const rows = await Promise.all(words.map((w) => model.call('indexOf', w)));
  const known = words.filter((_, i) => rows[i] >= 0);
  const unknown = words.filter((_, i) => rows[i] < 0);
  if (unknown.length === 0) return { known, missing: null };
  const quoted = unknown.map((w) => `“${w}”`).join(', ');
  return { known, missing: `${quoted} ${unknown.length === 1 ? 'is' : 'are'} not among the ${model.rows.toLocaleString('en')} words.` };
}

// One result row: the word (a button that looks it up), its score and a bar as long as the score.
function resultItem(word, score) {
  const li = document.createElement('li');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'word';
  button.textContent = word;
  button.title = `Show the neighbours of “${word}”`;
  button.addEventListener('click', () => {
    $('nn-word').value = word;
    runs.get(showNeighbours)();
    $('nn-word').focus();
  });
  const value = document.createElement('span');
  value.className = 'score';
  value.textContent = formatScore(score);
  const bar = document.createElement('meter');
  bar.min = 0;
  bar.max = 1;
  bar.value = Math.max(0, score);
  bar.setAttribute('aria-hidden', 'true');
  li.append(button, value, bar);
  return li;
}

function showList(list, message, text, results) {
  message.textContent = text;
  list.replaceChildren(...results.map((n) => resultItem(n.word, n.score)));
}

async function showNeighbours(current) {
  const word = normalizeWord($('nn-word').value);
  const list = $('nn-list');
  const message = $('nn-message');
  const problem = word ? (await lookUp([word])).missing : 'Type a word.';
  if (!current()) return;
  if (problem) {
    showList(list, message, problem, []);
    showVector(null);
    return;
  }
  const topN = Number($('nn-count').value);
  const start = performance.now();
  const results = await model.call('mostSimilar', word, { topN });
  const ms = performance.now() - start;
  const vector = await model.call('vector', word);
  if (!current()) return;
  showList(list, message, `Closest to “${word}” by cosine similarity (searched ${model.rows.toLocaleString('en')} words in ${ms.toFixed(1)} ms):`, results);
  showVector(word, vector);
}

// The raw vector as a strip of cells: blue below zero, red above, white at zero.
function showVector(word, v) {
  const strip = $('heat');
  const caption = $('heat-caption');
  if (word === null) {
    strip.replaceChildren();
    caption.textContent = '';
    return;
  }
  let norm = 0;
  let largest = 0;
  for (const x of v) {
    norm += x * x;
    largest = Math.max(largest, Math.abs(x));
  }
  const cell = 6;
  const height = 36;
  const chart = svg('svg', { viewBox: `0 0 ${v.length * cell} ${height}`, preserveAspectRatio: 'none', 'aria-hidden': 'true' });
  v.forEach((x, i) => {
    const t = largest ? Math.abs(x) / largest : 0;
    // White fading to a full hue as |x| grows.
    const [r, g, b] = x < 0 ? [47, 111, 219] : [201, 42, 42];
    const mix = (c) => Math.round(255 + (c - 255) * t);
    const rect = svg('rect', { x: i * cell, y: 0, width: cell, height, fill: `rgb(${mix(r)},${mix(g)},${mix(b)})` });
    const title = svg('title');
    title.textContent = `dimension ${i}: ${x.toFixed(4)}`;
    rect.append(title);
    chart.append(rect);
  });
  strip.replaceChildren(chart);
  caption.textContent = `“${word}”: ${v.length} values from ${Math.min(...v).toFixed(2)} to ${Math.max(...v).toFixed(2)}, length ${Math.sqrt(norm).toFixed(2)}. Blue is negative, red positive; hover a cell for its value.`;
}

async function showAnalogy(current) {
  const [a, b, c] = ['analogy-a', 'analogy-b', 'analogy-c'].map((id) => normalizeWord($(id).value));
  const list = $('analogy-list');
  const message = $('analogy-message');
  const problem = a && b && c ? (await lookUp([a, b, c])).missing : 'Fill in all three words.';
  if (!current()) return;
  if (problem) {
    showList(list, message, problem, []);
    return;
  }
  const results = await model.call('mostSimilar', { positive: [a, c], negative: [b] }, { topN: 5 });
  if (!current()) return;
  showList(list, message, `${a} − ${b} + ${c} ≈ (cosine, the three words left out)`, results);
}

async function showSimilarity(current) {
  const a = normalizeWord($('similarity-a').value);
  const b = normalizeWord($('similarity-b').value);
  const out = $('similarity-result');
  const problem = a && b ? (await lookUp([a, b])).missing : 'Type two words.';
  const text = problem ?? `cos(${a}, ${b}) = ${formatScore(await model.call('similarity', a, b))}`;
  if (current()) out.textContent = text;
}

async function showOddOneOut(current) {
  const words = splitWords($('odd-words').value);
  const out = $('odd-result');
  const { known, missing: unknown } = await lookUp(words);
  if (!current()) return;
  if (known.length < 2) {
    out.textContent = unknown ?? 'Type at least two words.';
    return;
  }
  const odd = await model.call('doesntMatch', known);
  if (current()) out.textContent = `“${odd}” doesn't match the others.` + (unknown ? ` (Left out: ${unknown})` : '');
}

// Chosen words plus each one's nearest neighbours, projected together onto their first two
// principal components. A word is drawn once: a chosen word in its own group, a neighbour of
// several in the first.
async function showMap(current) {
  const typed = splitWords($('pca-words').value);
  const chosen = typed.slice(0, palette.length);
  const dropped = typed.length > chosen.length ? ` Only the first ${palette.length} words are drawn.` : '';
  const message = $('pca-message');
  const plot = $('pca-plot');
  const legend = $('pca-legend');
  const { known, missing: unknown } = await lookUp(chosen);
  if (!current()) return;
  if (known.length === 0) {
    map = null;
    message.textContent = unknown ?? 'Type one or more words.';
    plot.replaceChildren();
    legend.replaceChildren();
    return;
  }
  const each = Number($('pca-neighbours').value);
  const points = [];
  const seen = new Set(known);
  const neighbourLists = await Promise.all(known.map((word) => (each ? model.call('mostSimilar', word, { topN: each }) : [])));
  known.forEach((word, group) => {
    points.push({ word, group, chosen: true });
    for (const { word: w } of neighbourLists[group]) {
      if (seen.has(w)) continue;
      seen.add(w);
      points.push({ word: w, group, chosen: false });
    }
  });
  if (points.length < 2) {
    map = null;
    message.textContent = 'A map needs at least two words: add a word or some neighbours.';
    plot.replaceChildren();
    legend.replaceChildren();
    return;
  }
  const { coords, explained } = await model.call('project', points.map((p) => p.word), { components: 2 });
  if (!current()) return;
  const share = explained.reduce((s, x) => s + x, 0);
  message.textContent = `${points.length} words; the two axes hold ${(100 * share).toFixed(0)}% of their variance.` + (unknown ? ` (Left out: ${unknown})` : '') + dropped;

  legend.replaceChildren(...known.map((word, group) => {
    const li = document.createElement('li');
    const swatch = svg('svg', { viewBox: '0 0 10 10', width: 12, height: 12, 'aria-hidden': 'true' });
    swatch.append(svg('circle', { cx: 5, cy: 5, r: 5, fill: palette[group] }));
    li.append(swatch, document.createTextNode(word));
    return li;
  }));

  const xs = points.map((_, i) => coords[2 * i]);
  const ys = points.map((_, i) => coords[2 * i + 1]);
  map = { points, xs, ys, known, full: extent(xs, ys) };
  map.domain = map.full;
  drawMap();
}

// The map's data-space window: its x and y ranges.
function extent(xs, ys) {
  const range = (values) => {
    const min = Math.min(...values);
    return [min, Math.max(...values) - min || 1];
  };
  const [x0, w] = range(xs);
  const [y0, h] = range(ys);
  return { x0, y0, w, h };
}

// Zoom works in data space: points spread apart and labels keep their size and are placed again.
// factor < 1 zooms in; (cx, cy) is the data point that stays where it is: by default the point last
// hovered or focused, else the middle of the window.
function zoomMap(factor, cx, cy) {
  if (!map) return;
  const d = map.domain;
  const w = Math.min(map.full.w, d.w * factor);
  const h = Math.min(map.full.h, d.h * factor);
  if (factor >= 1 && w === map.full.w && h === map.full.h) {
    map.domain = map.full;
  } else {
    const anchor = map.anchor;
    const x = cx ?? (anchor === undefined ? d.x0 + d.w / 2 : map.xs[anchor]);
    const y = cy ?? (anchor === undefined ? d.y0 + d.h / 2 : map.ys[anchor]);
    // Kept within the whole map, so zooming out always comes back to it.
    const within = (v, lo, span, full) => Math.min(Math.max(v, lo), lo + full - span);
    map.domain = {
      x0: within(x - ((x - d.x0) * w) / d.w, map.full.x0, w, map.full.w),
      y0: within(y - ((y - d.y0) * h) / d.h, map.full.y0, h, map.full.h),
      w, h,
    };
  }
  drawMap();
}

let map = null;  // { points, xs, ys, known, full, domain, toData, anchor: a point's index }

function drawMap() {
  const plot = $('pca-plot');
  const { points, xs, ys, known, domain } = map;
  const zoom = map.full.w / domain.w;
  $('pca-zoom-level').textContent = zoom > 1.001 ? `zoomed ×${zoom.toFixed(1)}` : '';
  $('pca-zoom-reset').disabled = zoom <= 1.001;
  plot.dataset.zoom = zoom.toFixed(2);
  // The drawing is as many units wide as the box is pixels, so labels keep their size on a phone.
  const width = Math.max(300, Math.min(900, plot.clientWidth || 640));
  const height = Math.round(width * (width < 500 ? 0.9 : 0.6));
  const pad = 48;
  const scale = (min, span, lo, hi) => (v) => lo + ((v - min) / span) * (hi - lo);
  const sx = scale(domain.x0, domain.w, pad / 2, width - 2 * pad);  // labels sit to the right: room there
  const sy = scale(domain.y0, domain.h, height - pad / 2, pad / 2);  // larger values up
  map.toData = (px, py) => [domain.x0 + ((px - pad / 2) / (width - 2.5 * pad)) * domain.w, domain.y0 + ((height - pad / 2 - py) / (height - pad)) * domain.h];
  // Points outside the window (zoomed in) are left out.
  const inside = (i) => sx(xs[i]) >= 0 && sx(xs[i]) <= width && sy(ys[i]) >= 0 && sy(ys[i]) <= height;
  // A group of focusable points (an 'img' role would hide them from assistive technology).
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'group', 'aria-labelledby': 'pca-title pca-message' });
  if (sx(0) >= 0 && sx(0) <= width) chart.append(svg('line', { class: 'axis', x1: sx(0), y1: pad / 4, x2: sx(0), y2: height - pad / 4 }));
  if (sy(0) >= 0 && sy(0) <= height) chart.append(svg('line', { class: 'axis', x1: pad / 4, y1: sy(0), x2: width - pad / 4, y2: sy(0) }));
  // Labels are placed greedily, chosen words first: right of the point, else left, above or
  // below, whichever overlaps no point and no label placed so far; a label with no free place is drawn faint
  // (its point's hover title still names it).
  const placed = points.filter((_, i) => inside(i)).map((p) => {
    const i = points.indexOf(p);
    const r = p.chosen ? 7 : 4.5;
    return { x: sx(xs[i]) - r, y: sy(ys[i]) - r, w: 2 * r, h: 2 * r };
  });
  const overlaps = (box) => placed.some((b) => box.x < b.x + b.w && b.x < box.x + box.w && box.y < b.y + b.h && b.y < box.y + box.h);
  const order = points.map((_, i) => i).filter(inside).sort((a, b) => points[b].chosen - points[a].chosen);
  const labels = new Array(points.length);
  for (const i of order) {
    const p = points[i];
    const x = sx(xs[i]);
    const y = sy(ys[i]);
    const w = p.word.length * (p.chosen ? 9 : 7.5) + 2;
    const h = p.chosen ? 16 : 14;
    const spots = [[x + 9, y - h / 2], [x - 9 - w, y - h / 2], [x - w / 2, y - 8 - h], [x - w / 2, y + 8]];
    const free = spots.map(([bx, by]) => ({ x: bx, y: by, w, h }))
      .find((box) => box.x >= 2 && box.x + w <= width - 2 && box.y >= 2 && box.y + h <= height - 2 && !overlaps(box));
    const box = free ?? { x: spots[0][0], y: spots[0][1], w, h };
    placed.push(box);
    labels[i] = { x: box.x, y: box.y + h - 3, crowded: !free };
  }
  // Chosen words are drawn last, over their neighbours.
  const drawOrder = [...order.filter((i) => !points[i].chosen), ...order.filter((i) => points[i].chosen)];
  for (const i of drawOrder) {
    const p = points[i];
    const x = sx(xs[i]);
    const y = sy(ys[i]);
    const description = `${p.word} · group “${known[p.group]}” · (${xs[i].toFixed(2)}, ${ys[i].toFixed(2)})`;
    const g = svg('g', {
      class: p.chosen ? 'point chosen' : 'point', tabindex: 0, role: 'img', 'aria-label': description,
      'data-word': p.word, 'data-group': known[p.group],
    });
    g.append(svg('circle', { cx: x, cy: y, r: p.chosen ? 7 : 4.5, fill: palette[p.group] }));
    const label = svg('text', { x: labels[i].x, y: labels[i].y, class: labels[i].crowded ? 'crowded' : 'label' });
    label.textContent = p.word;
    const title = svg('title');
    title.textContent = description;
    g.append(title, label);
    chart.append(g);
  }
  plot.replaceChildren(chart);
  plot.dataset.shown = String(order.length);
}


const views = [
  [['nn-word', 'nn-count'], showNeighbours],
  [['analogy-a', 'analogy-b', 'analogy-c'], showAnalogy],
  [['similarity-a', 'similarity-b'], showSimilarity],
  [['odd-words'], showOddOneOut],
  [['pca-words', 'pca-neighbours'], showMap],
];

// Queries take milliseconds, so views follow every keystroke. A view is passed current(), true
// while no later run of it has started: an answer that comes back late is dropped. A failure is
// shown, not lost.
const runs = new Map();
function guarded(view, messageId) {
  let generation = 0;
  const run = async () => {
    const mine = ++generation;
    const current = () => mine === generation;
    try {
      await view(current);
    } catch (err) {
      if (current()) $(messageId).textContent = `Error: ${err.message}`;
    }
  };
  runs.set(view, run);
  return run;
}

async function load() {
  const status = $('vec-status');
  const progress = $('vec-progress');
  let ms;
  ({ model, ms } = await loadGlove(({ loaded, total }) => {
    if (total) progress.value = loaded / total;
    status.textContent = `Loading the word vectors… ${(loaded / 1e6).toFixed(1)}${total ? ` of ${(total / 1e6).toFixed(1)}` : ''} MB`;
  }));
  progress.value = 1;
  $('vec-loading').hidden = true;
  section.dataset.loadMs = ms.toFixed(0);
  glove = { model, status: `${model.rows.toLocaleString('en')} words × ${model.dim} dimensions (${model.storage}, ${(model.bytes / 1e6).toFixed(1)} MB) loaded in ${ms.toFixed(0)} ms.` };
  status.textContent = glove.status;
  $('vec-tools').disabled = false;
  $('vec-file').disabled = false;
  const messages = ['nn-message', 'analogy-message', 'similarity-result', 'odd-result', 'pca-message'];
  views.forEach(([ids, view], i) => {
    const run = guarded(view, messages[i]);
    for (const id of ids) $(id).addEventListener(id.endsWith('count') || id.endsWith('neighbours') ? 'change' : 'input', run);
    $(ids[0]).form.addEventListener('submit', (event) => {
      event.preventDefault();
      run();
    });
    run();
  });
  // The map is drawn at the box's width: redraw it when that changes.
  let drawn = $('pca-plot').clientWidth;
  new ResizeObserver(() => {
    const width = $('pca-plot').clientWidth;
    if (width !== drawn) {
      drawn = width;
      if (map) drawMap();
      else runs.get(showMap)();
    }
  }).observe($('pca-plot'));
  section.dataset.state = 'ready';
}

// Every view again, on the vectors now in use.
const rerun = () => Promise.all([...runs.values()].map((run) => run()));

// A file the person chose: the package's loadEmbeddings tells the format by content, in the
// vectors' worker. A safetensors tensor has no words: chosen together with its tokenizer.json (or
// any tokenizer file), row i is labelled with the tokenizer's token i. The views then query it;
// "Back to GloVe" returns to the default.
let glove = null;
async function useVectorsFile(file, tokenizerFile) {
  const status = $('vec-status');
  const progress = $('vec-progress');
  $('vec-loading').hidden = false;
  progress.value = 0;
  section.dataset.state = 'loading';
  const start = performance.now();
  let tokenizer = null;
  try {
    const { remote } = await loadGlove();
    if (tokenizerFile) {
      status.textContent = `Reading ${tokenizerFile.name}…`;
      tokenizer = await remote.create('loadTokenizer', tokenizerFile);
    }
    const loaded = await remote.create('loadEmbeddings', file, {
      onProgress({ loaded, total }) {
        if (total) progress.value = loaded / total;
        status.textContent = `Reading ${file.name}… ${(loaded / 1e6).toFixed(1)}${total ? ` of ${(total / 1e6).toFixed(1)}` : ''} MB`;
      },
      ...(tokenizer ? { tokenizer: { $handle: tokenizer.handle } } : {}),
    });
    if (!loaded.hasWords) {
      loaded.dispose();
      throw new Error('its rows have no words, and these views look words up; a safetensors file takes its tokenizer.json: choose both files together');
    }
    if (model !== glove.model) model.dispose();
    model = loaded;
    const labels = tokenizerFile ? ` labelled by ${tokenizerFile.name}'s tokens` : '';
    status.textContent = `${file.name}: ${model.rows.toLocaleString('en')} words × ${model.dim} dimensions (${model.storage})${labels} loaded in ${(performance.now() - start).toFixed(0)} ms.`;
    $('vec-glove').hidden = false;
  } catch (err) {
    status.textContent = `Could not use ${file.name}: ${err.message}`;
  } finally {
    tokenizer?.dispose();
  }
  $('vec-loading').hidden = true;
  await rerun();
  section.dataset.state = 'ready';
}
$('vec-file').addEventListener('change', (event) => {
  const files = [...event.target.files];
  if (files.length === 0) return;
  if (files.length > 2) {
    $('vec-status').textContent = `Choose one vectors file, or a .safetensors file and its tokenizer.json; got ${files.length} files.`;
    return;
  }
  // Of two files, the .safetensors one holds the vectors and the other labels its rows.
  const vectors = files.length === 2 ? files.find((f) => /\.safetensors$/i.test(f.name)) : files[0];
  if (!vectors) {
    $('vec-status').textContent = `Of two files, one must be a .safetensors file (the other its tokenizer): got ${files.map((f) => f.name).join(' and ')}.`;
    return;
  }
  useVectorsFile(vectors, files.find((f) => f !== vectors));
});
$('vec-glove').addEventListener('click', async () => {
  if (model !== glove.model) model.dispose();
  model = glove.model;
  $('vec-status').textContent = glove.status;
  $('vec-glove').hidden = true;
  $('vec-file').value = '';
  await rerun();
});

// Zoom: buttons (around the middle) for keyboard and touch, the wheel around the pointer.
$('pca-zoom-in').addEventListener('click', () => zoomMap(1 / 1.5));
$('pca-zoom-out').addEventListener('click', () => zoomMap(1.5));
$('pca-zoom-reset').addEventListener('click', () => zoomMap(Infinity));
const anchorAt = (event) => {
  const word = event.target.closest?.('.point')?.dataset.word;
  if (map && word !== undefined) map.anchor = map.points.findIndex((p) => p.word === word);
};
$('pca-plot').addEventListener('mouseover', anchorAt);
$('pca-plot').addEventListener('focusin', anchorAt);
$('pca-plot').addEventListener('wheel', (event) => {
  const chart = $('pca-plot').querySelector('svg');
  if (!map || !chart) return;
  event.preventDefault();
  const box = chart.getBoundingClientRect();
  const units = chart.viewBox.baseVal.width / box.width;
  const [x, y] = map.toData((event.clientX - box.left) * units, (event.clientY - box.top) * units);
  zoomMap(event.deltaY < 0 ? 1 / 1.25 : 1.25, x, y);
}, { passive: false });

// The vectors load when the view is first opened.
registerView('embeddings', {
  section,
  shown(params, { first }) {
    if (!first) return;
    load().catch((err) => {
      section.dataset.state = 'failed';
      $('vec-status').textContent = `Could not load the word vectors: ${err.message}`;
    });
  },
});
