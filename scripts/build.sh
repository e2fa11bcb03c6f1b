#!/usr/bin/env bash
# Builds what the package and the demo need: the wasm module in dist/. `--native` also builds the
# native library and its GoogleTest suite in build/native, under ASan + UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
jobs=$(nproc)

# Two wasm modules: with SIMD (dist/tokvec_core.wasm) and without (dist/tokvec_core_nosimd.wasm)
# for engines that lack it. -msimd128 lets the compiler vectorise any loop, so every object differs
# and the second build recompiles everything. Both share one JS glue: the build checks that the
# second module's glue is the first one's but for the file name (npm ships only the first). The
# training module (dist/tokvec_train{,_nosimd}.wasm, loaded on the first train call) likewise.
build_wasm() {
  emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/wasm -j"$jobs"
  emcmake cmake -S . -B build/wasm-nosimd -DCMAKE_BUILD_TYPE=Release -DTOKVEC_SIMD=OFF \
    -DTOKVEC_WASM_NAME=tokvec_core_nosimd -DTOKVEC_TRAIN_WASM_NAME=tokvec_train_nosimd >/dev/null
  cmake --build build/wasm-nosimd -j"$jobs"
  for name in tokvec_core tokvec_train; do
    if ! sed "s/${name}_nosimd\\.wasm/${name}.wasm/g" "dist/${name}_nosimd.mjs" | cmp -s - "dist/${name}.mjs"; then
      echo "build.sh: dist/${name}_nosimd.mjs differs from dist/${name}.mjs; the two modules cannot share one glue" >&2
      exit 1
    fi
  done
  node scripts/build_demo_data.mjs
}

# The native build exists for the test suite, so it is built with AddressSanitizer + UBSan (at -O1,
# see CMakeLists.txt): npm test then runs the suite under both for about the cost of one plain
# build (docs/fuzzing.md). Benchmarks and the package use the wasm build only.
build_native() {
  cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release -DTOKVEC_SANITIZE=ON >/dev/null
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
