#!/usr/bin/env bash
# Builds what the package and the demo need: the wasm module in dist/. `--native` also builds the
# native library and its GoogleTest suite in build/native.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
jobs=$(nproc)

# Two wasm modules: with SIMD (dist/tokvec_core.wasm) and without (dist/tokvec_core_nosimd.wasm)
# for engines that lack it. -msimd128 lets the compiler vectorise any loop, so every object differs
# and the second build recompiles everything. Both share one JS glue: the build checks that the
# second module's glue is the first one's but for the file name (npm ships only the first).
build_wasm() {
  emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/wasm -j"$jobs"
  emcmake cmake -S . -B build/wasm-nosimd -DCMAKE_BUILD_TYPE=Release -DTOKVEC_SIMD=OFF \
    -DTOKVEC_WASM_NAME=tokvec_core_nosimd >/dev/null
  cmake --build build/wasm-nosimd -j"$jobs"
  if ! sed 's/tokvec_core_nosimd\.wasm/tokvec_core.wasm/g' dist/tokvec_core_nosimd.mjs | cmp -s - dist/tokvec_core.mjs; then
    echo "build.sh: dist/tokvec_core_nosimd.mjs differs from dist/tokvec_core.mjs; the two modules cannot share one glue" >&2
    exit 1
  fi
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
