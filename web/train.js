// The demo's "Train a tokenizer" view: byte-level BPE trained by the package's Tokenizer.train in
// a Web Worker, on a bundled corpus (Genesis, KJV, when the build made it; the demo's sample
// corpus) or the person's own text, with a progress bar and cancel; then the merges learned, in
// order, and one text tokenized with the first k merges for a few k.
import { Remote } from './remote.js';
import { registerView, saveState } from './router.js';
import { sampleCorpus } from './sample.js';
import { countStats, demoManifest, tokenSpans } from './tokenizers.js';
import { $, acceptFileDrop, option } from './dom.js';

const section = $('train');
const defaultSample = 'In the beginning the tokenizer learned the commonest pairs first.';
let worker = null;
let running = null;  // the AbortController of the training under way
let trained = null;  // { json, merges, base }
let sizesGeneration = 0;

async function fillCorpora() {
  // Playlists of package names are word2vec's corpus, not prose to learn subwords from.
  const corpora = (await demoManifest()).corpora.filter((c) => c.split !== 'spaces');
  $('train-corpus').replaceChildren(
    ...corpora.map((c) => option(c.name, c.label)),
    option('sample', 'The demo\'s sample corpus (8 lines)'),
    option('text', 'Your text or file'),
  );
  return corpora;
}

// The corpus as the worker takes it: a file's lines fetched there, or the lines themselves.
async function corpusTexts() {
  const name = $('train-corpus').value;
  if (name === 'sample') return sampleCorpus.split('\n').filter(Boolean);
  if (name === 'text') return $('train-text').value.split('\n').filter(Boolean);
  const { corpora } = await demoManifest();
  const corpus = corpora.find((c) => c.name === name);
  return { $lines: new URL(`data/${corpus.file}`, import.meta.url).href };
}

// A merge as HuggingFace writes it: "a b" (older files) or ["a", "b"].
const pair = (merge) => (Array.isArray(merge) ? merge : merge.split(' '));

// Byte-level tokens spell a space "Ġ" and a newline "Ċ"; shown as they are, in a monospace list.
function showMerges(merges) {
  const items = merges.map(([a, b], i) => {
    const li = document.createElement('li');
    li.textContent = `${a} + ${b} → ${a}${b}`;
    li.dataset.merge = String(i);
    return li;
  });
  $('train-merges').replaceChildren(...items);
}

// The vocabulary sizes the sample is shown at: the smallest the slider allows, about a third of
// the trained size, and the trained size.
function sizesFor(vocabSize, base) {
  const third = Math.round(vocabSize / 3 / 50) * 50;
  return [...new Set([300, third, vocabSize])].filter((s) => s > base && s <= vocabSize).sort((a, b) => a - b);
}

// tokenizer.json cut to its first `size` ids: the first size − base merges and the tokens they
// make (a BPE trainer gives merge i's token the id base + i).
function truncated(json, merges, base, size) {
  const vocab = Object.fromEntries(Object.entries(json.model.vocab).filter(([, id]) => id < size));
  return { ...json, model: { ...json.model, vocab, merges: json.model.merges.slice(0, size - base) } };
}

async function showSizes() {
  if (!trained) return;
  const mine = ++sizesGeneration;
  const text = $('train-sample').value;
  saveState('train', { text });
  const { json, merges, base, vocabSize } = trained;
  const shown = { shows: 'source', special: new Set(), byteLevel: true };
  const blocks = [];
  for (const size of sizesFor(vocabSize, base)) {
    const tokenizer = await worker.create('Tokenizer.fromJSON', truncated(json, merges, base, size));
    const encoding = await tokenizer.call('encode', text, { addSpecialTokens: false });
    tokenizer.dispose();
    if (mine !== sizesGeneration) return;
    const { perToken } = countStats(text, encoding.ids.length);
    const h = document.createElement('h4');
    h.textContent = `${size.toLocaleString('en')} ids (${size - base} merges): ${encoding.ids.length} tokens, ${perToken} characters per token`;
    const tokens = document.createElement('div');
    tokens.className = 'tokens';
    tokens.setAttribute('role', 'group');
    tokens.setAttribute('aria-label', `Tokens with ${size} ids`);
    tokens.append(...tokenSpans(shown, text, encoding));
    const block = document.createElement('div');
    block.dataset.size = String(size);
    block.dataset.count = String(encoding.ids.length);
    block.append(h, tokens);
    blocks.push(block);
  }
  $('train-sizes').replaceChildren(...blocks);
  section.dataset.sizes = 'shown';
}

async function train() {
  running?.abort();
  const controller = new AbortController();
  running = controller;
  delete section.dataset.state;
  delete section.dataset.sizes;
  const vocabSize = Number($('train-vocab').value);
  const progress = $('train-progress');
  const status = $('train-status');
  progress.value = 0;
  status.textContent = 'Reading the corpus…';
  $('train-cancel').disabled = false;
  worker ??= new Remote();
  const start = performance.now();
  try {
    const tokenizer = await worker.create('Tokenizer.train', await corpusTexts(), {
      model: 'bpe',
      vocabSize,
      signal: controller.signal,
      onProgress({ phase, fraction, texts, merges }) {
        progress.value = fraction;
        status.textContent = phase === 'count' ? `Counting words… ${texts.toLocaleString('en')} texts read` : `Merging… ${merges.toLocaleString('en')} merges learned`;
      },
    });
    // Marked so a test can tell training from drawing its results.
    performance.mark('tokvec:trained');
    const json = await tokenizer.call('toJSON');
    tokenizer.dispose();
    const merges = json.model.merges.map(pair);
    const size = Object.keys(json.model.vocab).length;
    trained = { json, merges, base: size - merges.length, vocabSize: size };
    progress.value = 1;
    status.textContent = `Learned ${merges.length.toLocaleString('en')} merges in ${((performance.now() - start) / 1000).toFixed(1)} s: ${size.toLocaleString('en')} ids (${size - merges.length} bytes and special tokens to start from).`;
    showMerges(merges);
    section.dataset.state = 'trained';
    await showSizes();
  } catch (err) {
    status.textContent = err.name === 'AbortError' ? 'Training cancelled.' : `Error: ${err.message}`;
    section.dataset.state = err.name === 'AbortError' ? 'cancelled' : 'failed';
  } finally {
    if (running === controller) {
      running = null;
      $('train-cancel').disabled = true;
    }
  }
}

$('train-vocab').addEventListener('input', () => {
  $('train-vocab-value').textContent = $('train-vocab').value;
});
$('train-start').addEventListener('click', train);
$('train-cancel').addEventListener('click', () => running?.abort());
$('train-sample').addEventListener('input', showSizes);
// A text file chosen or dropped anywhere on the view becomes the corpus.
async function useTextFile(file) {
  $('train-text').value = await file.text();
  $('train-corpus').value = 'text';
  $('train-status').textContent = `Corpus: ${file.name} (${$('train-text').value.split('\n').filter(Boolean).length.toLocaleString('en')} lines). Press Train.`;
}
$('train-file').addEventListener('change', (event) => {
  const [file] = event.target.files;
  if (file) useTextFile(file);
});
acceptFileDrop(section, useTextFile);
$('train-text').addEventListener('input', () => {
  $('train-corpus').value = 'text';
});

$('train-sample').value = defaultSample;
await fillCorpora();
registerView('train', {
  section,
  shown(params) {
    if (params.has('text')) $('train-sample').value = params.get('text');
    saveState('train', { text: $('train-sample').value });
    showSizes();
  },
});
