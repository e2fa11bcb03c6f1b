// The demo's Compare view: one text through every tokenizer the page has, a table of token counts
// and each tokenizer's spans, one above the other. The default is the stress text of sample.js.
import { available, countStats, tokenizerFor, tokenSpans, unavailable } from './tokenizers.js';
import { registerView, saveState } from './router.js';
import { stressText } from './sample.js';
import { $ } from './dom.js';

const textBox = $('compare-text');
const options = { addSpecialTokens: false, allowedSpecial: 'all' };
let generation = 0;

function cell(text, header = false) {
  const el = document.createElement(header ? 'th' : 'td');
  if (header) el.scope = 'row';
  el.textContent = text;
  return el;
}

// A row and a panel per tokenizer, filled in as each tokenizer's result comes back from the
// worker, so the fast ones show while Llama 3's file is still being parsed.
async function render() {
  const text = textBox.value;
  const mine = ++generation;
  saveState('compare', { text });
  const entries = await available();
  if (mine !== generation) return;
  const rows = entries.map((e) => {
    const tr = document.createElement('tr');
    tr.dataset.tokenizer = e.name;
    const waiting = cell('loading…');
    waiting.colSpan = 3;
    tr.append(cell(e.label, true), waiting);
    return tr;
  });
  $('compare-table').tBodies[0].replaceChildren(...rows);
  // One panel slot per tokenizer, in table order, filled when its answer comes.
  const panels = entries.map(() => Object.assign(document.createElement('div'), { hidden: true }));
  $('compare-tokens').replaceChildren(...panels);
  $('compare-status').textContent = `Tokenizing with ${entries.length} tokenizers…`;
  // All requested at once, and each row filled as its own answer arrives: the worker fetches the
  // next file while it parses one, and a slow tokenizer (Llama 3's 9 MB file) holds up only its row.
  const results = await Promise.all(entries.map(async (e, i) => {
    let t;
    try {
      t = await tokenizerFor(e.name);
    } catch (err) {
      if (mine === generation) rows[i].lastChild.textContent = `unavailable: ${err.message}`;
      return false;
    }
    if (mine !== generation) return false;
    let encoding;
    try {
      encoding = await t.tokenizer.call('encode', text, options);
    } catch (err) {
      if (mine === generation) rows[i].lastChild.textContent = `could not tokenize: ${err.message}`;
      return false;
    }
    if (mine !== generation) return false;
    const { perToken } = countStats(text, encoding.ids.length);
    const count = cell(String(encoding.ids.length));
    count.className = 'count';
    rows[i].replaceChildren(cell(e.label, true), count, cell(perToken), cell(t.tokenizer.vocabSize.toLocaleString('en')));
    const panel = panels[i];
    panel.className = 'panel';
    panel.dataset.tokenizer = e.name;
    const title = document.createElement('h3');
    title.textContent = `${e.label}: ${encoding.ids.length} tokens`;
    const tokens = document.createElement('div');
    tokens.className = 'tokens';
    tokens.setAttribute('role', 'group');
    tokens.setAttribute('aria-label', `${e.label} tokens`);
    tokens.append(...tokenSpans(t, text, encoding));
    panel.append(title, tokens);
    panel.hidden = false;
    return true;
  }));
  if (mine !== generation) return;
  const done = results.filter(Boolean).length;
  const missing = await unavailable();
  if (mine !== generation) return;
  $('compare-status').textContent = `${[...text].length} characters through ${done} tokenizers.` +
    (missing.length ? ` Not in this build: ${missing.map((m) => m.label).join(', ')} (their files were not found when it was made).` : '');
  $('compare').dataset.ready = 'true';
}

function schedule() {
  delete $('compare').dataset.ready;
  render().catch((err) => {
    $('compare-status').textContent = `Error: ${err.message}`;
  });
}

textBox.value = stressText;
textBox.addEventListener('input', schedule);
$('compare-reset').addEventListener('click', () => {
  textBox.value = stressText;
  schedule();
});

registerView('compare', {
  section: $('compare'),
  shown(params, { first }) {
    if (params.has('text')) textBox.value = params.get('text');
    if (first || params.has('text')) schedule();
    else saveState('compare', { text: textBox.value });
  },
});
