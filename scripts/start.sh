#!/usr/bin/env bash
# npm start: install what is missing, build the wasm module, serve the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh --wasm
exec node scripts/serve.mjs
