#!/usr/bin/env bash
# Installs what tokvec needs to build, test and serve — only what is missing, so it is safe to
# rerun and quick when everything is there. Debian packages via apt-get (as root), npm packages
# via `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
have() { command -v "$1" >/dev/null 2>&1; }
have em++ || missing+=(emscripten)
have cmake || missing+=(cmake)
have g++ || missing+=(g++)
have make || missing+=(make)
have bzip2 || missing+=(bzip2)
[ -f /usr/include/nlohmann/json.hpp ] || missing+=(nlohmann-json3-dev)
[ -f /usr/include/gtest/gtest.h ] || missing+=(libgtest-dev)
[ -f /usr/share/unicode/UnicodeData.txt ] || missing+=(unicode-data)   # Unicode tests and table generator
have chromium || missing+=(chromium)                                   # the real-browser tests
have fasttext || missing+=(fasttext)                                   # the word2vec bench's reference
[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || missing+=(fonts-noto-color-emoji)  # emoji in page screenshots
have bible || missing+=(bible-kjv)                                     # the demo's training corpus (Genesis, KJV)
[ -d /usr/lib/python3/dist-packages/sentencepiece ] || missing+=(python3-sentencepiece)  # reference of scripts/gen_sentencepiece_*.py

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm ci only when the lock file changed since the last install. A node_modules that is a link
# belongs to another checkout: npm ci would empty it through the link, so leave it alone.
if [ -L node_modules ]; then
  echo "setup: node_modules is a link; not running npm ci"
elif [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
