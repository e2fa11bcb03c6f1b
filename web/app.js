// The demo page: imports the package exactly as a user would.
import { Tokenizer } from 'tokvec';
import { sampleCorpus } from './sample.js';

const $ = (id) => document.getElementById(id);
const textBox = $('text');
const picker = $('tokenizer');

// Built once each, on first use.
const factories = {
  word: () => Tokenizer.wordLevel({ corpus: sampleCorpus }),
  'word-lower': () => Tokenizer.wordLevel({ corpus: sampleCorpus, lowercase: true }),
  character: () => Tokenizer.characterLevel({ corpus: sampleCorpus }),
  byte: () => Tokenizer.byteLevel(),
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
  const tokenizer = await tokenizerFor(name);
  if (name !== picker.value || text !== textBox.value) return;  // a newer render is on its way
  const { ids, tokens, offsets } = tokenizer.encode(text);
  const box = $('tokens');
  // Text no token covers (the spaces a word-level tokenizer drops) is shown plain between spans.
  const nodes = [];
  let covered = 0;
  tokens.forEach((token, i) => {
    const span = document.createElement('span');
    span.className = `token t${i % 6}` + (token === '[UNK]' ? ' unknown' : '');
    span.tabIndex = 0;
    const start = offsets[2 * i], end = offsets[2 * i + 1];
    if (start > covered) nodes.push(document.createTextNode(text.slice(covered, start)));
    covered = Math.max(covered, end);
    span.title = `id ${ids[i]} · token ${JSON.stringify(token)} · text ${JSON.stringify(text.slice(start, end))} · offsets [${start}, ${end})`;
    span.dataset.id = String(ids[i]);
    appendVisible(span, token);
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
schedule();
