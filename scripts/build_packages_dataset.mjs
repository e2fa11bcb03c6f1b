#!/usr/bin/env node
// "Songs as tokens" from Debian: every binary package's Depends line is a playlist, the packages
// it names are the songs. Packages that are needed together (a TLS library and the other crypto
// libraries, Qt's modules, a language runtime and its extensions) share many playlists, which is
// exactly the co-occurrence word2vec learns from.
//
// Reads apt's package lists (/var/lib/apt/lists/*_Packages, plain or compressed: apt-helper
// cat-file decompresses them; runs `apt-get update` first when there are none), and writes
// .cache/packages/playlists.txt: one playlist per line, package names separated by spaces.
//   * A package listed in several lists (bookworm, -updates, -security) counts once, from the
//     first list in sorted order that has it.
//   * Of alternatives "a | b" the first is kept (the one apt installs by default); version
//     constraints and architecture qualifiers (":any") are dropped; a name appears once per line.
//   * Playlists of fewer than 2 packages are left out. Lines are in the order of package names.
//
// Usage: node scripts/build_packages_dataset.mjs [--out FILE] [--force]
// As a module: ensurePackagesDataset() → the file's path (building it when missing).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const defaultOut = path.join(root, '.cache', 'packages', 'playlists.txt');
const listsDir = '/var/lib/apt/lists';
const apt = (args) => execFileSync(args[0], args.slice(1), { encoding: 'utf8', maxBuffer: 1 << 30 });

function packageLists() {
  if (!fs.existsSync(listsDir)) return [];
  return fs.readdirSync(listsDir).filter((f) => /_Packages(\.(lz4|gz|xz|zst|bz2))?$/.test(f)).sort().map((f) => path.join(listsDir, f));
}

function listsOrUpdate() {
  let lists = packageLists();
  if (lists.length === 0) {
    const sudo = process.getuid && process.getuid() !== 0 ? ['sudo'] : [];
    const r = spawnSync(sudo[0] ?? 'apt-get', [...(sudo.length ? ['apt-get'] : []), 'update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`build_packages_dataset: apt-get update failed (exit ${r.status})`);
    lists = packageLists();
  }
  if (lists.length === 0) throw new Error(`build_packages_dataset: no *_Packages lists in ${listsDir}, even after apt-get update`);
  return lists;
}

// Package → its Depends packages, from one list's text.
function* stanzas(text) {
  for (const block of text.split('\n\n')) {
    const name = /^Package: (\S+)$/m.exec(block)?.[1];
    if (!name) continue;
    const depends = /^Depends: (.*)$/m.exec(block)?.[1] ?? '';
    yield [name, depends];
  }
}

export function playlistOf(depends) {
  const out = [];
  for (const clause of depends.split(',')) {
    const first = clause.split('|')[0].trim().split(/[\s(]/)[0].replace(/:\w+$/, '');
    if (first && !out.includes(first)) out.push(first);
  }
  return out;
}

export function buildPackagesDataset(out = defaultOut) {
  const byPackage = new Map();
  for (const file of listsOrUpdate()) {
    const text = apt(['/usr/lib/apt/apt-helper', 'cat-file', file]);
    for (const [name, depends] of stanzas(text)) if (!byPackage.has(name)) byPackage.set(name, depends);
  }
  const lines = [];
  for (const name of [...byPackage.keys()].sort()) {
    const playlist = playlistOf(byPackage.get(name));
    if (playlist.length >= 2) lines.push(playlist.join(' '));
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${lines.join('\n')}\n`);
  return { out, packages: byPackage.size, playlists: lines.length };
}

/** The dataset's path, building it first when it is missing. */
export function ensurePackagesDataset(out = defaultOut) {
  if (!fs.existsSync(out)) buildPackagesDataset(out);
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out');
  const out = at >= 0 ? path.resolve(args[at + 1]) : defaultOut;
  if (args.includes('--force') || !fs.existsSync(out)) {
    const r = buildPackagesDataset(out);
    console.log(`build_packages_dataset: ${r.playlists} playlists from ${r.packages} packages → ${path.relative(process.cwd(), r.out)}`);
  } else {
    console.log(`build_packages_dataset: ${path.relative(process.cwd(), out)} exists (--force rebuilds it)`);
  }
}
