// The npm package's size budget and contents: what `npm pack` would publish is exactly the two
// core wasm modules (SIMD and scalar) and their shared Emscripten glue, the same for the training
// module, the JS bindings (ES module and CommonJS entry) and their type declarations (plus the
// files npm always adds), and the code a host downloads — one of the core .wasm files + its .mjs +
// all of the bindings' JS and declarations — is at most 300 KiB once gzipped, with either module.
// The training module is not part of it: it is fetched only by the first train call.
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
    .filter((name) => /\.(js|cjs|d\.ts|d\.cts)$/.test(name))
    .map((name) => `bindings/${name}`);
}

// gzip -9 of each file on its own: what a server sends each file as.
function gzippedSize(path) {
  return gzipSync(readFileSync(join(root, path)), { level: 9 }).length;
}

const modules = ['dist/tokvec_core.wasm', 'dist/tokvec_core_nosimd.wasm'];
const trainFiles = ['dist/tokvec_train.mjs', 'dist/tokvec_train.wasm', 'dist/tokvec_train_nosimd.wasm'];
const haveModule = [...modules, 'dist/tokvec_core.mjs', ...trainFiles].every((path) => existsSync(join(root, path)));

test('npm pack publishes the bindings, the core and training modules (two builds each) and their glue, and nothing else', { skip: !haveModule && 'dist/ is not built (npm run build)' }, () => {
  const expected = [
    ...bindingFiles(),
    'dist/tokvec_core.mjs',
    ...modules,
    ...trainFiles,
    'package.json',
    'README.md',
    ...readdirSync(root).filter((name) => /^LICEN[CS]E/i.test(name)),
  ].sort();
  assert.deepEqual(packedFiles(), expected);
});

// Marked todo while issue 7 is open: with training moved to its own module and the Unicode tables
// compacted the core is still over (358,804 bytes with the SIMD module, 354,294 with the scalar
// one, on 2026-11-22). The message lists each file.
test('either core wasm module with its glue, the bindings and their declarations is at most 300 KiB gzipped', {
  skip: !haveModule && 'dist/ is not built (npm run build)',
  todo: 'issue 7: the package is still over its 300 KiB budget',
}, () => {
  const packed = packedFiles();
  const common = packed.filter((path) => /\.(mjs|js|cjs|d\.ts|d\.cts)$/.test(path) && !trainFiles.includes(path));
  assert.ok(common.includes('dist/tokvec_core.mjs'));
  for (const wasm of modules) {
    assert.ok(packed.includes(wasm), `${wasm} is not packed`);
    const sizes = [wasm, ...common].map((path) => [path, gzippedSize(path)]);
    const total = sizes.reduce((sum, [, size]) => sum + size, 0);
    const detail = sizes.map(([path, size]) => `${path} ${size}`).join(', ');
    assert.ok(total <= budgetBytes, `with ${wasm} the package is ${total} bytes gzipped, budget ${budgetBytes} (${detail})`);
  }
});

// Every path package.json "exports" names must be in the package: a subpath that resolves to a file
// npm did not pack works in this checkout and fails for every installed user.
test('every target of package.json "exports" is a file npm packs', { skip: !haveModule && 'dist/ is not built (npm run build)' }, () => {
  const { exports } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const targets = [];
  const collect = (value) => {
    if (typeof value === 'string') targets.push(value.replace(/^\.\//, ''));
    else Object.values(value).forEach(collect);
  };
  collect(exports);
  const packed = packedFiles();
  assert.ok(targets.includes('bindings/word2vec_worker.js'));
  for (const target of targets) {
    const pattern = new RegExp(`^${target.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}$`);
    assert.ok(packed.some((path) => pattern.test(path)), `exports target ${target} is not in the package`);
  }
});
