// The demo page: imports the package exactly as a user would.
import { Tokenizer } from 'tokvec';
import { sampleCorpus } from './sample.js';

const $ = (id) => document.getElementById(id);
const textBox = $('text');
const picker = $('tokenizer');

// The page's own copies of real tokenizer files (scripts/build_demo_data.mjs puts them there).
async function data(name) {
  const response = await fetch(new URL(`data/${name}`, import.meta.url));
  if (!response.ok) throw new Error(`could not load ${name} (${response.status})`);
  return new Uint8Array(await response.arrayBuffer());
}

// Language-model tokens are spelled in the model's own alphabet ("Ġhello", "▁hello"); for those
// the page shows the text each token covers instead.
const showsSource = new Set(['gpt2', 'cl100k', 'o200k', 'llama3', 'mistral']);

// Built once each, on first use.
const factories = {
  word: () => Tokenizer.wordLevel({ corpus: sampleCorpus }),
  'word-lower': () => Tokenizer.wordLevel({ corpus: sampleCorpus, lowercase: true }),
  character: () => Tokenizer.characterLevel({ corpus: sampleCorpus }),
  byte: () => Tokenizer.byteLevel(),
  gpt2: async () => Tokenizer.fromEncoding('r50k_base', await data('r50k_base.tiktoken')),
  cl100k: async () => Tokenizer.fromEncoding('cl100k_base', await data('cl100k_base.tiktoken')),
  o200k: async () => Tokenizer.fromEncoding('o200k_base', await data('o200k_base.tiktoken')),
  llama3: async () => Tokenizer.fromJSON(await data('llama3.tokenizer.json')),
  mistral: async () => Tokenizer.fromJSON(await data('mistral.tokenizer.json')),
};
const tokenizers = new Map();

function tokenizerFor(name) {
  if (!tokenizers.has(name)) tokenizers.set(name, factories[name]());
  return tokenizers.get(name);
}

// Whitespace drawn visibly inside token spans; the real character follows so lines still break.
function appendVisible(parent, token) {
  const marks = { ' ': '·', '\n': '↵\n', '\t': '→', '\r': '␍' };
  let plain = '';
  const flush = () => {
    if (plain) parent.append(plain);
    plain = '';
  };
  for (const ch of token) {
    if (ch in marks) {
      flush();
      const ws = document.createElement('span');
      ws.className = 'ws';
      ws.textContent = marks[ch];
      parent.append(ws);
    } else {
      plain += ch;
    }
  }
  flush();
}

async function render() {
  const name = picker.value;
  const text = textBox.value;
  const addSpecialTokens = $('add-special').checked;
  if (!tokenizers.has(name)) $('stats').textContent = 'Loading the tokenizer…';
  const tokenizer = await tokenizerFor(name);
  if (name !== picker.value || text !== textBox.value) return;  // a newer render is on its way
  // Special tokens typed into the text are shown as what they are, for every tokenizer.
  const { ids, tokens, offsets } = tokenizer.encode(text, { addSpecialTokens, allowedSpecial: 'all' });
  const special = new Set(Object.values(tokenizer.specialTokens));
  const box = $('tokens');
  // Text no token covers (the spaces a word-level tokenizer drops) is shown plain between spans.
  const nodes = [];
  let covered = 0;
  tokens.forEach((token, i) => {
    const span = document.createElement('span');
    span.className = `token t${i % 6}` + (token === '[UNK]' ? ' unknown' : '') + (special.has(ids[i]) ? ' special' : '');
    span.tabIndex = 0;
    const start = offsets[2 * i], end = offsets[2 * i + 1];
    if (start > covered) nodes.push(document.createTextNode(text.slice(covered, start)));
    // A token that only continues a character the previous token began shows as "⋯".
    const shown = !showsSource.has(name) || special.has(ids[i]) || end === start ? token
      : start >= covered ? text.slice(start, end) : '⋯';
    covered = Math.max(covered, end);
    span.title = `id ${ids[i]} · token ${JSON.stringify(token)} · text ${JSON.stringify(text.slice(start, end))} · offsets [${start}, ${end})`;
    span.dataset.id = String(ids[i]);
    appendVisible(span, shown);
    nodes.push(span);
  });
  if (covered < text.length) nodes.push(document.createTextNode(text.slice(covered)));
  box.replaceChildren(...nodes);
  const characters = [...text].length;
  const perToken = ids.length ? (characters / ids.length).toFixed(2) : '–';
  $('stats').textContent = `${ids.length} tokens · ${characters} characters · ${perToken} characters per token`;
  $('ids').textContent = `[${ids.join(', ')}]`;
  $('vocab').textContent = `Vocabulary: ${tokenizer.vocabSize.toLocaleString('en')} ids.`;
  document.body.dataset.ready = 'true';
}

function schedule() {
  render().catch((err) => {
    $('stats').textContent = `Error: ${err.message}`;
  });
}

textBox.value = 'Who is Dawg? The dog chased the cat 🙂 and scored 12.0*50=600.';
textBox.addEventListener('input', schedule);
picker.addEventListener('change', schedule);
$('add-special').addEventListener('change', schedule);
schedule();
