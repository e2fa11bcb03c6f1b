// tokvec where JavaScript runs in a browser (issue 7), each in Debian's Chromium: an app bundled
// by Vite and one bundled by esbuild (each importing 'tokvec' from a node_modules link to this
// repository, built into a temporary folder), a plain <script type="module"> from a static
// server, a dedicated Web Worker, and a page under a strict Content-Security-Policy (script-src
// 'self' 'wasm-unsafe-eval', no 'unsafe-eval'). Every app tokenizes the same text with the real
// cl100k_base rank file, and the ids must be OpenAI tiktoken's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

import { root } from '../helpers/references.js';
import { launchChromium, startStatic, watchedPage } from '../helpers/browser.js';

const require = createRequire(import.meta.url);
const text = 'Tokens to vectors: naïve café, 🙂 emoji, and code `x => x * 2`.';
const expectedIds = Array.from(require('tiktoken').get_encoding('cl100k_base').encode(text));
const ranksDir = join(root, 'node_modules', 'gpt-tokenizer', 'data');

// The app every runtime runs; `from` is how it names the package. It reports through `report`.
const appSource = (from, report) => `
import { Tokenizer, init } from '${from}';
const text = ${JSON.stringify(text)};
try {
  const info = await init();
  const ranks = new Uint8Array(await (await fetch('/data/cl100k_base.tiktoken')).arrayBuffer());
  const tokenizer = await Tokenizer.fromEncoding('cl100k_base', ranks);
  const ids = Array.from(tokenizer.encode(text).ids);
  ${report}({ ids, decoded: tokenizer.decode(ids), simd: info.simd });
  tokenizer.dispose();
} catch (err) {
  ${report}({ error: String(err && err.stack || err) });
}
`;
const pageReport = '((r) => { window.tokvecResult = r; })';
const head = '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">';

let browser, work;
const servers = [];

before(async () => {
  browser = await launchChromium();
  work = await mkdtemp(join(tmpdir(), 'tokvec-runtimes-'));
});

after(async () => {
  await browser?.close();
  servers.forEach((s) => s.close());
  if (work) await rm(work, { recursive: true, force: true });
});

async function serve(options) {
  const { server, origin } = await startStatic(options);
  servers.push(server);
  return origin;
}

// Opens `path`, waits for the app's report, and returns it with what went wrong on the way.
async function run(origin, path) {
  const problems = [];
  const requests = [];
  const page = await watchedPage(browser, problems);
  page.on('request', (request) => requests.push(new URL(request.url()).pathname));
  await page.goto(origin + path);
  await page.waitForFunction(() => window.tokvecResult !== undefined, null, { timeout: 30000 });
  const result = await page.evaluate(() => window.tokvecResult);
  const evalBlocked = await page.evaluate(() => window.evalBlocked);
  await page.close();
  return { result, problems, requests, evalBlocked };
}

function assertTokenized({ result, problems }) {
  assert.equal(result.error, undefined, result.error);
  assert.deepEqual(result.ids, expectedIds);
  assert.equal(result.decoded, text);
  assert.equal(result.simd, true);
  assert.deepEqual(problems, []);
}

// A temporary app folder whose node_modules/tokvec links to this repository, as an installed
// package would sit there.
async function appFolder(name) {
  const dir = join(work, name);
  await mkdir(join(dir, 'node_modules'), { recursive: true });
  await symlink(root, join(dir, 'node_modules', 'tokvec'), 'dir');
  return dir;
}

test('a Vite build emits the SIMD wasm as an asset and the app tokenizes in Chromium', async () => {
  const { build } = await import('vite');
  const dir = await appFolder('vite');
  await writeFile(join(dir, 'index.html'), head + '<script type="module" src="./main.js"></script>');
  await writeFile(join(dir, 'main.js'), appSource('tokvec', pageReport));
  await build({ root: dir, configFile: false, logLevel: 'silent', build: { outDir: join(dir, 'dist'), target: 'es2022' } });
  const origin = await serve({ dirs: { '/data/': ranksDir, '/': join(dir, 'dist') } });
  const outcome = await run(origin, '/index.html');
  assertTokenized(outcome);
  const wasm = outcome.requests.filter((p) => p.endsWith('.wasm'));
  assert.equal(wasm.length, 1, `wasm requests: ${wasm.join(', ')}`);
  assert.match(wasm[0], /^\/assets\/tokvec_core-[\w-]+\.wasm$/);
});

test('an esbuild bundle with the wasm imported as a file tokenizes in Chromium', async () => {
  const esbuild = await import('esbuild');
  const dir = await appFolder('esbuild');
  // esbuild does not follow new URL(…, import.meta.url): the app imports the module's file and
  // hands its URL to init(), as the README shows.
  const main = `import wasmUrl from 'tokvec/dist/tokvec_core.wasm';\nimport { init as start } from 'tokvec';\n` +
    `await start({ wasm: new URL(wasmUrl, import.meta.url) });\n${appSource('tokvec', pageReport)}`;
  await writeFile(join(dir, 'main.js'), main);
  await esbuild.build({
    entryPoints: [join(dir, 'main.js')], bundle: true, format: 'esm', platform: 'browser', target: 'es2022',
    outdir: join(dir, 'out'), loader: { '.wasm': 'file' }, logLevel: 'silent',
  });
  const origin = await serve({
    pages: { '/index.html': head + '<script type="module" src="/main.js"></script>' },
    dirs: { '/data/': ranksDir, '/': join(dir, 'out') },
  });
  const outcome = await run(origin, '/index.html');
  assert.equal(outcome.result.error, undefined, outcome.result.error);
  assert.deepEqual(outcome.result.ids, expectedIds);
  assert.equal(outcome.result.simd, null);  // the caller's module
  assert.deepEqual(outcome.problems, []);
  assert.deepEqual(outcome.requests.filter((p) => p.endsWith('.wasm')).map((p) => p.replace(/-\w+\.wasm$/, '.wasm')), ['/tokvec_core.wasm']);
});

// The package's own files, served as a static site serves node_modules/tokvec.
const packageDirs = { '/data/': ranksDir, '/tokvec/bindings/': join(root, 'bindings'), '/tokvec/dist/': join(root, 'dist') };

test('a plain <script type="module"> from a static server tokenizes', async () => {
  const origin = await serve({
    pages: { '/index.html': `${head}<script type="module">${appSource('/tokvec/bindings/tokvec.js', pageReport)}</script>` },
    dirs: packageDirs,
  });
  const outcome = await run(origin, '/index.html');
  assertTokenized(outcome);
  assert.ok(outcome.requests.includes('/tokvec/dist/tokvec_core.wasm'));
});

test('a dedicated module Worker tokenizes and posts the ids back', async () => {
  const origin = await serve({
    pages: {
      '/worker.js': appSource('/tokvec/bindings/tokvec.js', 'postMessage'),
      '/index.html': head + '<script type="module">' +
        "new Worker('/worker.js', { type: 'module' }).onmessage = (e) => { window.tokvecResult = e.data; };</script>",
    },
    dirs: packageDirs,
  });
  assertTokenized(await run(origin, '/index.html'));
});

test('Tokenizer.train runs in a dedicated Worker (issue 6) and learns what it learns in Node', async () => {
  const texts = Array.from({ length: 200 }, (_, i) => `${text} line ${i} of the worker's corpus\n`);
  const worker = `
import { Tokenizer } from '/tokvec/bindings/tokvec.js';
try {
  let progress = 0;
  const tok = await Tokenizer.train(${JSON.stringify(texts)}, { vocabSize: 400, onProgress: (p) => { progress = p.fraction; } });
  postMessage({ json: JSON.stringify(tok), progress });
} catch (err) {
  postMessage({ error: String(err && err.stack || err) });
}`;
  const origin = await serve({
    pages: {
      '/train.js': worker,
      '/index.html': head + '<script type="module">' +
        "new Worker('/train.js', { type: 'module' }).onmessage = (e) => { window.tokvecResult = e.data; };</script>",
    },
    dirs: packageDirs,
  });
  const { result, problems } = await run(origin, '/index.html');
  assert.equal(result.error, undefined, result.error);
  assert.deepEqual(problems, []);
  assert.equal(result.progress, 1);
  const { Tokenizer } = await import('tokvec');
  const here = await Tokenizer.train(texts, { vocabSize: 400 });
  assert.deepEqual(JSON.parse(result.json), here.toJSON());
  here.dispose();
});

test("a page under script-src 'self' 'wasm-unsafe-eval' (no unsafe-eval) tokenizes", async () => {
  const origin = await serve({
    pages: {
      '/probe.js': "try { eval('0'); window.evalBlocked = false; } catch { window.evalBlocked = true; }",
      '/app.js': appSource('/tokvec/bindings/tokvec.js', pageReport),
      '/index.html': head + '<script src="/probe.js"></script><script type="module" src="/app.js"></script>',
    },
    dirs: packageDirs,
    headers: { 'Content-Security-Policy': "script-src 'self' 'wasm-unsafe-eval'" },
  });
  const outcome = await run(origin, '/index.html');
  // The probe's eval is refused, so the policy is in force; the refusal may be logged.
  assert.equal(outcome.evalBlocked, true, 'the policy is not in force: eval ran');
  assertTokenized({ ...outcome, problems: outcome.problems.filter((p) => !/Refused to evaluate a string/.test(p)) });
});
