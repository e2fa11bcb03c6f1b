// The demo site as a whole in a real browser: a shared link reopens the view, tokenizer and text
// it names; every view is reached by keyboard and its controls have accessible names; the page
// fits a 390-px phone screen in light and dark schemes; and nothing is fetched from another origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { openDemo, shot } from '../helpers/browser.js';

const link = new URLSearchParams({ view: 'tokenize', tokenizer: 'gpt2', text: 'Shared link: 12.0*50=600 🙂' });
let demo, page, problems, requests, url;

before(async () => {
  ({ page, problems, requests, url, ...demo } = await openDemo({ hash: `#${link}` }));
  await page.waitForSelector('body[data-ready="true"]');
});

after(() => demo?.close());

test('a deep link opens its view with its tokenizer and text', async () => {
  assert.equal(await page.inputValue('#tokenizer'), 'gpt2');
  assert.equal(await page.inputValue('#text'), link.get('text'));
  assert.equal(await page.isVisible('#tokenize'), true);
  assert.equal(await page.isVisible('#compare'), false);
  assert.equal(await page.textContent('#stats'), `${await page.$$eval('#tokens .token', (e) => e.length)} tokens · 26 characters · ${(26 / (await page.$$eval('#tokens .token', (e) => e.length))).toFixed(2)} characters per token`);
  assert.equal(await page.getAttribute('nav a[aria-current="page"]', 'data-view'), 'tokenize');
  // The page's own Content-Security-Policy: no eval of any kind but WebAssembly compilation.
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src '));
  assert.ok(scriptSrc.includes("'wasm-unsafe-eval'") && !/'unsafe-eval'|'unsafe-inline'/.test(scriptSrc), scriptSrc);
  assert.match(csp, /(^|; )connect-src 'self'(;|$)/);
});

test('changing the text or the tokenizer rewrites the link; opening the new link restores it', async () => {
  await page.selectOption('#tokenizer', 'o200k');
  await page.fill('#text', 'changed & shared');
  await page.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get('text') === 'changed & shared');
  const hash = await page.evaluate(() => location.hash);
  assert.equal(new URLSearchParams(hash.slice(1)).get('tokenizer'), 'o200k');
  // A fresh load of the link, as a person it was sent to would open it.
  await page.goto('about:blank');
  await page.goto(url + hash);
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.inputValue('#tokenizer'), 'o200k');
  assert.equal(await page.inputValue('#text'), 'changed & shared');
  assert.match(await page.textContent('#stats'), /^\d+ tokens · 16 characters/);
});

test('a link to the compare view opens it with its text', async () => {
  await page.goto(`${url}#view=compare&text=${encodeURIComponent('linked text')}`);
  // Rows fill in as tokenizers load; the byte baseline is among the first.
  await page.waitForSelector('#compare-table tr[data-tokenizer="byte"] .count');
  assert.equal(await page.inputValue('#compare-text'), 'linked text');
  assert.equal(await page.textContent('#compare-table tr[data-tokenizer="byte"] .count'), '11');
  assert.equal(await page.isVisible('#tokenize'), false);
});

test('every view is reached from the nav by keyboard, and its controls have accessible names', async () => {
  await page.goto(`${url}#view=tokenize`);
  await page.waitForSelector('body[data-ready="true"]');
  const named = {
    tokenize: [['combobox', 'Tokenizer'], ['textbox', 'Text'], ['checkbox', /Add special tokens/], ['button', 'Play'], ['button', 'Next token'], ['button', /own tokenizer file/]],
    compare: [['textbox', 'Text'], ['table', 'Token counts'], ['button', 'Back to the stress text']],
    vectors: [['textbox', 'Sentences, one per line (a batch)'], ['checkbox', /position encodings/], ['combobox', 'Word']],
    embeddings: [['textbox', 'Word'], ['combobox', 'Show'], ['button', /load your own vectors/], ['button', 'Zoom in'], ['button', 'Zoom out'], ['button', 'Whole map']],
    train: [['combobox', 'Corpus'], ['slider', 'Vocabulary size'], ['button', 'Train'], ['button', 'Cancel'], ['textbox', 'Text']],
    word2vec: [['combobox', 'Corpus'], ['combobox', 'Dimensions'], ['combobox', 'Epochs'], ['button', 'Train'], ['textbox', 'Word'], ['textbox', 'Words to watch (up to 4)']],
  };
  for (const [view, controls] of Object.entries(named)) {
    // Tab from the top of the page to the view's link, then Enter.
    await page.evaluate(() => document.activeElement?.blur());
    await page.locator('h1').click();
    let found = false;
    for (let i = 0; i < 8 && !found; i++) {
      await page.keyboard.press('Tab');
      found = await page.evaluate((v) => document.activeElement?.dataset?.view === v, view);
    }
    assert.ok(found, `Tab reaches the ${view} link`);
    await page.keyboard.press('Enter');
    await page.waitForFunction((v) => !document.getElementById(v).hidden, view);
    const section = page.locator(`#${view}`);
    for (const [role, name] of controls) {
      assert.equal(await section.getByRole(role, { name, exact: typeof name === 'string' }).count(), 1, `${view}: ${role} "${name}"`);
    }
    // Every form control in the view has a name in the accessibility tree.
    const unnamed = await section.evaluate((s) => [...s.querySelectorAll('input, select, textarea, button')]
      .filter((e) => !e.labels?.length && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby') && !e.textContent.trim())
      .map((e) => e.id || e.outerHTML.slice(0, 60)));
    assert.deepEqual(unnamed, []);
    assert.match(await section.ariaSnapshot(), new RegExp(`heading "${await page.textContent(`#${view} h2`)}"`));
  }
});

test('at 390 px wide every view fits without horizontal scrolling, in light and dark schemes', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const view of ['tokenize', 'compare', 'vectors', 'embeddings', 'train', 'word2vec']) {
    // A hash change, not a reload: what the earlier tests loaded stays loaded.
    await page.evaluate((v) => (location.hash = `view=${v}`), view);
    await page.waitForFunction((v) => {
      const s = document.getElementById(v);
      const ready = { tokenize: document.body.dataset.ready, compare: s.dataset.ready, train: true, word2vec: true };
      return !s.hidden && (ready[v] ?? s.dataset.state === 'ready');
    }, view, { timeout: 30000 });
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${view} (${scheme}) is ${overflow} px wider than the viewport`);
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(background, scheme === 'dark' ? 'rgb(23, 24, 26)' : 'rgb(251, 251, 250)');
      await page.screenshot({ path: shot(`demo-${view}-390-${scheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1000, height: 800 });
});

test('tokenizers a build lacks (their files come only from ../shared/data) are listed as unavailable, and the rest work', async () => {
  // The build's manifest as a build without ../shared/data writes it: each optional tokenizer missing.
  const { optionalFiles } = await import('../../scripts/build_demo_data.mjs');
  const manifest = JSON.parse(await readFile(new URL('../../web/data/manifest.json', import.meta.url), 'utf8'));
  const missing = optionalFiles.map(([source, name, , label]) => ({ name: name.split('.')[0], label, needs: `../shared/data/tokenizers/${source}` }));
  // The page as loaded: what this build found is offered and enabled, what it lacked disabled.
  const enabled = await page.$$eval('#tokenizer option:not([disabled])', (els) => els.map((o) => o.value));
  for (const t of manifest.tokenizers) assert.ok(enabled.includes(t.name), `${t.name} is offered`);
  assert.deepEqual(await page.$$eval('#tokenizer option[disabled]', (els) => els.map((o) => o.value)), manifest.missing.map((m) => m.name));
  const lacking = { ...manifest, tokenizers: [], missing };
  await page.route('**/web/data/manifest.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(lacking) }));
  try {
    await page.goto('about:blank');
    await page.goto(`${url}#view=tokenize&tokenizer=phi3&text=ok`);
    await page.waitForSelector('body[data-ready="true"]');
    const options = await page.$$eval('#tokenizer option', (els) => els.map((o) => ({ value: o.value, disabled: o.disabled, label: o.textContent, group: o.parentElement.label })));
    const off = options.filter((o) => o.disabled);
    assert.deepEqual(off.map((o) => o.value), ['phi3', 't5', 'bert-base-cased']);
    for (const o of off) {
      assert.equal(o.group, 'Not in this build');
      assert.match(o.label, / — unavailable: the build needs \.\.\/shared\/data\/tokenizers\/\S+$/);
    }
    // The link named an unavailable tokenizer: the page stays on one that works.
    const picked = await page.inputValue('#tokenizer');
    assert.ok(!off.some((o) => o.value === picked), picked);
    assert.match(await page.textContent('#stats'), /^\d+ tokens · 2 characters/);
    await page.evaluate(() => (location.hash = 'view=compare&text=ok'));
    await page.waitForSelector('#compare[data-ready="true"]');
    const rows = await page.$$eval('#compare-table tbody tr', (trs) => trs.map((tr) => tr.dataset.tokenizer));
    assert.ok(!rows.some((r) => ['phi3', 't5', 'bert-base-cased'].includes(r)), rows.join(', '));
    assert.equal(await page.$$eval('#compare-table tbody tr .count', (els) => els.length), rows.length, 'every available tokenizer counted');
    assert.match(await page.textContent('#compare-status'), /Not in this build: Phi-3 mini .*, T5 .*, BERT cased .*\(their files were not found when it was made\)\.$/);
  } finally {
    await page.unroute('**/web/data/manifest.json');
  }
  assert.deepEqual(problems, []);
});

test('no request went to any other origin', () => {
  const origin = new URL(url).origin;
  const elsewhere = requests.filter((r) => !r.startsWith('data:') && new URL(r).origin !== origin);
  assert.deepEqual(elsewhere, []);
  for (const file of ['glove-50k.npy', 'cl100k_base.tiktoken', 'llama3.tokenizer.json']) {
    assert.ok(requests.some((r) => r.endsWith(`/web/data/${file}`)), `${file} was loaded from this origin`);
  }
  assert.deepEqual(problems, []);
});
