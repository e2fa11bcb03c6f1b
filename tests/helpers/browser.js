// What the real-browser tests share. One way to open the demo: the repository's static server on
// a free port, Debian's Chromium driven by playwright-core, and a page that records its errors and
// every request it makes; screenshots go to test-results/ (git-ignored). And for pages other than
// the demo: Chromium, a loopback static server over chosen folders and in-memory pages with
// optional response headers (a Content-Security-Policy, say), and a page that records problems.
import { createServer } from 'node:http';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { chromium } from 'playwright-core';

import { startServer } from '../../scripts/serve.mjs';

export const shots = new URL('../../test-results/', import.meta.url);
export const shot = (name) => new URL(name, shots).pathname;

// Resolves to { url, page, problems, requests, close }; `hash` opens a deep link.
export async function openDemo({ hash = '', viewport = { width: 1000, height: 800 }, initScript } = {}) {
  const { server, url } = await startServer({ port: 0 });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
  const page = await browser.newPage({ viewport });
  const problems = [];
  const requests = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => msg.type() === 'error' && problems.push(`console error: ${msg.text()}`));
  page.on('request', (request) => requests.push(request.url()));
  if (initScript) await page.addInitScript(initScript);
  await mkdir(shots, { recursive: true });
  await page.goto(url + hash);
  const close = async () => {
    await browser.close();
    server.close();
  };
  return { url, page, problems, requests, close };
}

// Replaces a field's text the way a person does: select all, type.
export async function typeInto(page, selector, text) {
  await page.fill(selector, '');
  await page.type(selector, text);
}

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

/**
 * Serves `pages` ({ '/path': text }) and the files under `dirs` ({ '/prefix/': folder }) on
 * 127.0.0.1 at a free port, every response with `headers`. Resolves to { server, origin }.
 */
export function startStatic({ pages = {}, dirs = {}, headers = {} } = {}) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const send = (status, type, body) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-cache', ...headers });
      res.end(body);
    };
    if (Object.hasOwn(pages, path)) return send(200, types[extname(path)] ?? types['.html'], pages[path]);
    const prefix = Object.keys(dirs).find((p) => path.startsWith(p));
    if (prefix) {
      const base = normalize(dirs[prefix]);
      const file = normalize(join(base, path.slice(prefix.length)));
      if (file === base || file.startsWith(base.endsWith(sep) ? base : base + sep)) {
        try {
          if ((await stat(file)).isFile()) return send(200, types[extname(file)] ?? 'application/octet-stream', await readFile(file));
        } catch {
          // Falls through to 404.
        }
      }
    }
    send(404, 'text/plain', 'not found');
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${server.address().port}` }));
  });
}

/** A new page that records page errors, console errors and failed requests into `problems`. */
export async function watchedPage(browser, problems) {
  const page = await browser.newPage();
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => msg.type() === 'error' && problems.push(`console error: ${msg.text()}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  return page;
}
