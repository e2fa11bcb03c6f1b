// One way to open the demo in a real browser for the browser tests: the repository's static
// server on a free port, Debian's Chromium driven by playwright-core, and a page that records
// its errors and every request it makes. Screenshots go to test-results/ (git-ignored).
import { mkdir } from 'node:fs/promises';
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
