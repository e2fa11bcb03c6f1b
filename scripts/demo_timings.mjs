// Measures the demo in Debian's Chromium: the page's own load (DOMContentLoaded and load events)
// and, on a fresh page each, how long every default dataset takes from navigation until the view
// shows it (each tokenizer in the Tokenize view, the GloVe vectors in the Embeddings view, each
// training corpus in the Train word2vec view up to its first progress report). Prints
// a Markdown table; the median of RUNS (default 3) runs per row.
//
// Usage: node scripts/demo_timings.mjs   (after npm run build)
import { readFile, stat } from 'node:fs/promises';

import { openDemo } from '../tests/helpers/browser.js';

const runs = Number(process.env.RUNS) || 3;
const tokenizers = ['word', 'character', 'byte', 'gpt2', 'cl100k', 'o200k', 'llama3', 'mistral', 'bert-uncased', 'phi3', 't5', 'bert-base-cased'];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Milliseconds from the navigation's start (the page's time origin) until `ready` matches.
async function time(hash, ready) {
  const demo = await openDemo({ hash });
  try {
    const handle = await demo.page.waitForFunction((sel) => document.querySelector(sel) && performance.now(), ready, { timeout: 60000, polling: 10 });
    const ms = await handle.jsonValue();
    const nav = await demo.page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0];
      return { dom: n.domContentLoadedEventEnd, load: n.loadEventEnd };
    });
    return { ms, ...nav, problems: demo.problems };
  } finally {
    await demo.close();
  }
}

const rows = [];
const page = [];
for (let i = 0; i < runs; i++) page.push(await time('#view=tokenize&tokenizer=byte&text=a', 'body[data-ready="true"]'));
rows.push(['page: DOMContentLoaded', median(page.map((r) => r.dom))], ['page: load event', median(page.map((r) => r.load))]);
for (const name of tokenizers) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const r = await time(`#view=tokenize&tokenizer=${name}&text=${encodeURIComponent('Hello, world!')}`, 'body[data-ready="true"]');
    if (r.problems.length) throw new Error(`${name}: ${r.problems.join('; ')}`);
    results.push(r.ms);
  }
  rows.push([`tokenizer ${name}: navigation → tokens shown`, median(results)]);
}
const glove = [];
for (let i = 0; i < runs; i++) glove.push((await time('#view=embeddings', '#embeddings[data-state="ready"]')).ms);
rows.push(['GloVe 50k × 100 (10 MB): navigation → view ready', median(glove)]);

// The training corpora: from pressing Train until the first progress report, which is the corpus
// fetched and split into sentences in the worker, the vocabulary built and one ~50 ms slice trained.
async function corpusTime(name) {
  const demo = await openDemo({ hash: '#view=word2vec' });
  try {
    const { page } = demo;
    await page.waitForFunction((n) => [...document.querySelectorAll('#w2v-corpus option')].some((o) => o.value === n), name);
    await page.selectOption('#w2v-corpus', name);
    await page.selectOption('#w2v-epochs', '1');
    const start = await page.evaluate(() => {
      const at = performance.now();
      document.querySelector('#w2v-start').click();
      return at;
    });
    const handle = await page.waitForFunction(() => /^(Epoch|Trained)/.test(document.querySelector('#w2v-status').textContent) && performance.now(), null, { timeout: 60000, polling: 10 });
    const ms = (await handle.jsonValue()) - start;
    if (demo.problems.length) throw new Error(`${name}: ${demo.problems.join('; ')}`);
    return ms;
  } finally {
    await demo.close();
  }
}
const { corpora } = JSON.parse(await readFile(new URL('../web/data/manifest.json', import.meta.url), 'utf8'));
for (const corpus of corpora) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await corpusTime(corpus.name));
  const { size } = await stat(new URL(`../web/data/${corpus.file}`, import.meta.url));
  rows.push([`corpus ${corpus.file} (${(size / 1e6).toFixed(1)} MB): Train word2vec → first progress report`, median(results)]);
}

console.log(`| what | ms (median of ${runs}) |\n| --- | ---: |`);
for (const [what, ms] of rows) console.log(`| ${what} | ${Math.round(ms)} |`);
