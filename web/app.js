// The demo's Tokenize view: a text, a tokenizer (built in, or a file the person drops in), the
// tokens drawn as coloured spans with their details, the ids, and the ids decoded back one at a
// time through the package's streaming decoder. Imports the package exactly as a user would.
import { available, countStats, entry, tokenizerFor, tokenizerFromFile, tokenSpans } from './tokenizers.js';
import { registerView, saveState } from './router.js';

const $ = (id) => document.getElementById(id);
const textBox = $('text');
const picker = $('tokenizer');
const defaultText = 'Who is Dawg? The dog chased the cat 🙂 and scored 12.0*50=600.';

function option(e) {
  const o = document.createElement('option');
  o.value = e.name;
  o.textContent = e.label;
  return o;
}

// The picker's options, grouped as the entries are.
async function fillPicker() {
  const groups = new Map();
  for (const e of await available()) {
    if (!groups.has(e.group)) {
      const g = document.createElement('optgroup');
      g.label = e.group;
      groups.set(e.group, g);
    }
    groups.get(e.group).append(option(e));
  }
  picker.replaceChildren(...groups.values());
}

let shown = null;  // what the spans, ids and stream show: { t, ids }

async function render() {
  const name = picker.value;
  const text = textBox.value;
  const addSpecialTokens = $('add-special').checked;
  saveState('tokenize', { tokenizer: name, text });
  $('stats').textContent = 'Loading the tokenizer…';
  const t = await tokenizerFor(name);
  if (name !== picker.value || text !== textBox.value || addSpecialTokens !== $('add-special').checked) return;  // a newer render is on its way
  // Special tokens typed into the text are shown as what they are, for every tokenizer.
  const encoding = t.tokenizer.encode(text, { addSpecialTokens, allowedSpecial: 'all' });
  const { ids } = encoding;
  $('tokens').replaceChildren(...tokenSpans(t, text, encoding));
  const { characters, perToken } = countStats(text, ids.length);
  $('stats').textContent = `${ids.length} tokens · ${characters} characters · ${perToken} characters per token`;
  $('ids').textContent = `[${ids.join(', ')}]`;
  $('vocab').textContent = `Vocabulary: ${t.tokenizer.vocabSize.toLocaleString('en')} ids.`;
  $('token-details').textContent = '';
  shown = { t, ids };
  resetStream();
  document.body.dataset.ready = 'true';
}

function schedule() {
  render().catch((err) => {
    $('stats').textContent = `Error: ${err.message}`;
  });
}

// Hover and focus show a token's details in one place, so they work by keyboard too.
function showDetails(event) {
  const span = event.target.closest?.('.token');
  if (span) $('token-details').textContent = span.getAttribute('aria-label');
}
$('tokens').addEventListener('focusin', showDetails);
$('tokens').addEventListener('mouseover', showDetails);

// Streaming decode: one id per tick through tokenizer.decoder(); each step's returned text is
// appended, and a step that completes no character is listed as held back.
let stream = null;  // { decoder, next, timer }

function resetStream() {
  if (stream) {
    clearTimeout(stream.timer);
    stream.decoder.dispose();
  }
  stream = null;
  $('stream-text').textContent = '';
  $('stream-log').replaceChildren();
  $('stream-status').textContent = shown ? `${shown.ids.length} ids to decode.` : '';
  $('stream-play').textContent = 'Play';
  delete $('stream-text').dataset.done;
}

function step() {
  if (!shown) return false;
  if (!stream || stream.next >= shown.ids.length) {
    const finished = stream && stream.next >= shown.ids.length;
    resetStream();
    if (finished) return false;
    stream = { decoder: shown.t.tokenizer.decoder(), next: 0, timer: 0 };
  }
  const id = shown.ids[stream.next++];
  const piece = stream.decoder.push(id);
  $('stream-text').append(piece);
  const li = document.createElement('li');
  li.textContent = piece === '' ? `${id} → (held back: not a whole character yet)` : `${id} → ${JSON.stringify(piece)}`;
  $('stream-log').append(li);
  li.scrollIntoView?.({ block: 'nearest' });
  const done = stream.next === shown.ids.length;
  if (done) {
    $('stream-text').append(stream.decoder.flush());
    $('stream-text').dataset.done = 'true';
    $('stream-play').textContent = 'Play again';
  }
  $('stream-status').textContent = `${stream.next} of ${shown.ids.length} ids decoded.`;
  return !done;
}

function play() {
  if (stream?.timer) {  // pause
    clearTimeout(stream.timer);
    stream.timer = 0;
    $('stream-play').textContent = 'Play';
    return;
  }
  if (stream && stream.next >= shown.ids.length) resetStream();
  const tick = () => {
    if (step()) {
      stream.timer = setTimeout(tick, Number($('stream-speed').value));
      $('stream-play').textContent = 'Pause';
    } else if (stream) {
      stream.timer = 0;
    }
  };
  tick();
}
$('stream-play').addEventListener('click', play);
$('stream-step').addEventListener('click', () => {
  if (stream?.timer) play();  // pauses
  step();
});

// A file the person chose or dropped becomes a picker entry.
async function useFile(file) {
  const message = $('file-message');
  message.textContent = `Reading ${file.name}…`;
  try {
    const e = await tokenizerFromFile(file);
    let group = [...picker.querySelectorAll('optgroup')].find((g) => g.label === e.group);
    if (!group) {
      group = document.createElement('optgroup');
      group.label = e.group;
      picker.append(group);
    }
    picker.querySelector(`option[value="${CSS.escape(e.name)}"]`)?.remove();
    group.append(option(e));
    picker.value = e.name;
    message.textContent = `Loaded ${e.label}.`;
    schedule();
  } catch (err) {
    message.textContent = `Could not use ${file.name}: ${err.message}`;
  }
}
$('tokenizer-file').addEventListener('change', (event) => {
  const [file] = event.target.files;
  if (file) useFile(file);
});
const section = $('tokenize');
section.addEventListener('dragover', (event) => {
  if (![...event.dataTransfer.types].includes('Files')) return;
  event.preventDefault();
  section.classList.add('dragging');
});
section.addEventListener('dragleave', () => section.classList.remove('dragging'));
section.addEventListener('drop', (event) => {
  const [file] = event.dataTransfer.files;
  if (!file) return;
  event.preventDefault();
  section.classList.remove('dragging');
  useFile(file);
});

textBox.addEventListener('input', schedule);
picker.addEventListener('change', schedule);
$('add-special').addEventListener('change', schedule);

await fillPicker();
textBox.value = defaultText;
registerView('tokenize', {
  section,
  shown(params, { first }) {
    const name = params.get('tokenizer');
    if (name && entry(name)) picker.value = name;
    if (params.has('text')) textBox.value = params.get('text');
    if (first || params.has('text') || name) schedule();
    else saveState('tokenize', { tokenizer: picker.value, text: textBox.value });
  },
});
