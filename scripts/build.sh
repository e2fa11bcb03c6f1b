#!/usr/bin/env bash
# Builds what the package and the demo need: the wasm module in dist/. `--native` also builds the
# native library and its GoogleTest suite in build/native.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
jobs=$(nproc)

build_wasm() {
  emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/wasm -j"$jobs"
  node scripts/build_demo_data.mjs
}

build_native() {
  cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/native -j"$jobs"
}

for arg in "$@"; do
  case "$arg" in
    --native) build_native ;;
    --wasm) build_wasm ;;
    *) echo "build.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done
[ $# -gt 0 ] || build_wasm
