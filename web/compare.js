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
  $('compare-tokens').replaceChildren();
  $('compare-status').textContent = `Tokenizing with ${entries.length} tokenizers…`;
  let done = 0;
  // All requested at once, so the worker fetches the next file while it parses one.
  const loads = entries.map((e) => tokenizerFor(e.name));
  loads.forEach((p) => p.catch(() => {}));
  for (const [i, e] of entries.entries()) {
    let t;
    try {
      t = await loads[i];
    } catch (err) {
      if (mine !== generation) return;
      rows[i].lastChild.textContent = `unavailable: ${err.message}`;
      continue;
    }
    if (mine !== generation) return;
    let encoding;
    try {
      encoding = await t.tokenizer.call('encode', text, options);
    } catch (err) {
      if (mine !== generation) return;
      rows[i].lastChild.textContent = `could not tokenize: ${err.message}`;
      continue;
    }
    if (mine !== generation) return;
    const { perToken } = countStats(text, encoding.ids.length);
    const count = cell(String(encoding.ids.length));
    count.className = 'count';
    rows[i].replaceChildren(cell(e.label, true), count, cell(perToken), cell(t.tokenizer.vocabSize.toLocaleString('en')));
    const panel = document.createElement('div');
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
    $('compare-tokens').append(panel);
    done++;
  }
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
