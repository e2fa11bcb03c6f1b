#!/usr/bin/env bash
# npm test: install what is missing, build both targets, then run every suite: the native core
# (ctest), the type declarations (tsc), the package and the real-browser page (node --test).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
bash scripts/setup.sh
bash scripts/build.sh --native --wasm

echo "== native core under ASan + UBSan (ctest)"
# Any report fails its test: UBSan is built not to recover, ASan stops at the first error, and
# LeakSanitizer checks each test process at exit.
ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build/native --output-on-failure -j"$(nproc)"

echo "== SIMD kernels against their scalar reference (wasm, Node)"
# The native suite runs only the scalar kernels; this runs the simd128 ones where they exist.
source scripts/env.sh
em++ -std=c++20 -O2 -msimd128 -sSINGLE_FILE=1 -Isrc src/kernels/kernels.cc tests/native/wasm/kernels_wasm_check.cc \
  -o build/kernels_wasm_check.cjs
node build/kernels_wasm_check.cjs

echo "== type declarations (tsc --strict)"
npx tsc -p tests/types/tsconfig.json

echo "== package and browser (node --test)"
node --test --test-concurrency=1 tests/node/*.test.js tests/hostile/*.test.js tests/browser/*.test.js

echo "npm test: done in $(( $(date +%s) - started )) s"
