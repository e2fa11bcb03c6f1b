// The page's views and its URL hash: "#view=compare&text=…" (URLSearchParams syntax) names the
// view shown and that view's state (tokenizer, text), so a link reopens what its sender saw.
// Views register here; the hash is rewritten (without a history entry) as their state changes.
const views = new Map();
let current = null;
const opened = new Set();

const hashParams = () => new URLSearchParams(location.hash.slice(1));

// view: { section, shown(params, { first }) } — shown runs each time the view is opened or the
// hash changes while it is open; params are the hash's other keys; first is true the first time.
export function registerView(name, view) {
  views.set(name, view);
  if (name === requestedView()) show();
}

// The nav's links name every view; an unknown or missing name opens the first.
function requestedView() {
  const names = [...document.querySelectorAll('nav a[data-view]')].map((a) => a.dataset.view);
  const name = hashParams().get('view');
  return names.includes(name) ? name : names[0];
}

function show() {
  const params = hashParams();
  const name = requestedView();
  const view = views.get(name);
  if (!view) return;  // its module has not registered yet; registerView shows it
  for (const [other, v] of views) v.section.hidden = other !== name;
  for (const link of document.querySelectorAll('nav a[data-view]')) {
    if (link.dataset.view === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const first = !opened.has(name);
  opened.add(name);
  current = name;
  params.delete('view');
  view.shown(params, { first });
}

// The open view's state into the hash; keys with empty values are left out.
export function saveState(name, state) {
  if (current !== name) return;
  const params = new URLSearchParams({ view: name });
  for (const [key, value] of Object.entries(state)) if (value) params.set(key, value);
  const hash = `#${params}`;
  if (hash !== location.hash) history.replaceState(null, '', hash);
}

addEventListener('hashchange', show);
