// The npm package's size budget and contents: what `npm pack` would publish is exactly the two
// core wasm modules (SIMD and scalar) and their shared Emscripten glue, the same for the training
// module, the JS bindings (ES module and CommonJS entry) and their type declarations (plus the
// files npm always adds), and what an application downloads for the core is at most 300 KiB once
// gzipped, with either module (issue 7).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { transformSync } from 'esbuild';

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

// A binding as a production bundle carries it: esbuild --minify (the bundler the browser tests
// build with) drops the comments and whitespace no runtime needs, then gzip -9.
function bundledSize(path) {
  const { code } = transformSync(readFileSync(join(root, path), 'utf8'), { minify: true, format: path.endsWith('.cjs') ? 'cjs' : 'esm' });
  return gzipSync(code, { level: 9 }).length;
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

// What an application downloads for the core: one core .wasm and the Emscripten glue as published,
// and the bindings' JavaScript as a bundle carries it (bundledSize). Not counted: the type
// declarations (.d.ts, .d.cts: read by TypeScript, never loaded by a runtime),
// bindings/word2vec_worker.js (its own entry, loaded only by a Worker an application starts to
// train word2vec) and bindings/training.js (imported by Tokenizer.train, with the training module
// it drives, which has its own budget). The message lists each file, and the total of every packed
// file as published (comments included, declarations and training wrappers too) for the record.
const notDownloaded = ['bindings/word2vec_worker.js', 'bindings/training.js'];
//
// Issue 7's record: link-time optimization, the engine's Math functions, derived Unicode
// compositions and a second binaryen pass took the SIMD wasm from 306,489 bytes (82cb809) to
// 280,464 (b43294f); the fused BERT pre-tokenizer and blocked search kernels brought the SIMD core
// to 316,950 bytes at 2009e2d (node zlib -9, as below). The size cuts since, and the core's own
// decimal parsing and printing instead of musl's long-double strtod and printf (core/decimal.h,
// core/libc_wasm.cc), made it 300,150 with the SIMD module (wasm 273,994, glue 8,988, bindings
// 17,168) and 296,486 with the scalar one at 04f43ec. The message lists each file.

test('either core wasm module with its glue and the bindings\' JavaScript is at most 300 KiB gzipped', {
  skip: !haveModule && 'dist/ is not built (npm run build)',
}, (t) => {
  const packed = packedFiles();
  const scripts = packed.filter((path) => /^bindings\/.*\.(js|cjs)$/.test(path));
  const declarations = packed.filter((path) => /\.d\.c?ts$/.test(path));
  assert.ok(packed.includes('dist/tokvec_core.mjs'));
  for (const path of notDownloaded) assert.ok(scripts.includes(path), `${path} is not packed`);
  const glue = gzippedSize('dist/tokvec_core.mjs');
  for (const wasm of modules) {
    assert.ok(packed.includes(wasm), `${wasm} is not packed`);
    const sizes = [[wasm, gzippedSize(wasm)], ['dist/tokvec_core.mjs', glue],
      ...scripts.filter((path) => !notDownloaded.includes(path)).map((path) => [path, bundledSize(path)])];
    const total = sizes.reduce((sum, [, size]) => sum + size, 0);
    const published = [wasm, 'dist/tokvec_core.mjs', ...scripts, ...declarations].reduce((sum, path) => sum + gzippedSize(path), 0);
    const detail = sizes.map(([path, size]) => `${path} ${size}`).join(', ');
    t.diagnostic(`${wasm}: ${total} bytes (${detail}); every packed core file as published: ${published}`);
    assert.ok(total <= budgetBytes,
      `with ${wasm} the core is ${total} bytes gzipped, budget ${budgetBytes} (${detail}; every packed core file as published: ${published})`);
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
