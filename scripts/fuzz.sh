#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (clang-14, -fsanitize=fuzzer,address,undefined) into
# build/fuzz and runs one of them for a while:
#   scripts/fuzz.sh TARGET SECONDS [more libFuzzer flags]      e.g. scripts/fuzz.sh npy 600
#   scripts/fuzz.sh --list
# TARGET is a file tests/fuzz/TARGET_fuzz.cc. The run starts from the committed seeds in
# tests/fuzz/corpus/TARGET (read only) and grows a scratch corpus outside the tree, in
# $TOKVEC_FUZZ_WORK/TARGET (default /tmp/tokvec-fuzz), where crash-*, leak-*, timeout-* and oom-*
# reproducers land too. Ends with the figures: executions, exec/s, coverage, corpus size.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = --list ]; then
  ls tests/fuzz/*_fuzz.cc | sed 's|.*/||; s|_fuzz.cc$||'
  exit 0
fi
target=${1:?usage: scripts/fuzz.sh TARGET SECONDS [libFuzzer flags] (or --list)}
seconds=${2:?usage: scripts/fuzz.sh TARGET SECONDS [libFuzzer flags]}
shift 2
[ -f "tests/fuzz/${target}_fuzz.cc" ] || { echo "fuzz.sh: no target tests/fuzz/${target}_fuzz.cc (see --list)" >&2; exit 2; }

# clang-14 and its runtime libraries (libFuzzer, ASan, UBSan) come with Emscripten's dependencies;
# install them when missing.
if ! command -v clang++-14 >/dev/null 2>&1 || ! ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq clang-14 libclang-rt-14-dev >/dev/null
fi

# -O1 -g: fast enough to fuzz, and stack traces that name lines. Two runs may start at once: the
# lock lets one build while the other waits.
mkdir -p build
(
  flock 9
  cmake -S . -B build/fuzz -DTOKVEC_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" >/dev/null
  cmake --build build/fuzz -j"$(nproc)" --target "${target}_fuzz"
) 9>build/fuzz.lock

# Inputs longer than a real file's interesting part only slow the search down: loaders get room
# for a whole small fixture, round trips a paragraph of text.
case "$target" in
  tokenizer_json|sentencepiece_model) max_len=16384 ;;
  roundtrip_*) max_len=1024 ;;
  *) max_len=4096 ;;
esac

work=${TOKVEC_FUZZ_WORK:-/tmp/tokvec-fuzz}/$target
mkdir -p "$work/corpus"
log="$work/log.txt"
echo "fuzz.sh: $target for $seconds s; corpus $work/corpus, log $log"
status=0
build/fuzz/"${target}_fuzz" "$work/corpus" "tests/fuzz/corpus/$target" \
  -max_total_time="$seconds" -max_len="$max_len" -rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=10 \
  -artifact_prefix="$work/" -print_final_stats=1 "$@" >"$log" 2>&1 || status=$?

# The last status line holds the coverage; the final stats hold the totals.
grep -E '^#[0-9]+' "$log" | tail -n 1 || true
grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" || true
echo "corpus: $(ls "$work/corpus" | wc -l) files"
artifacts=$(ls "$work" | grep -E '^(crash|leak|timeout|oom|slow-unit)-' || true)
if [ "$status" -ne 0 ] || [ -n "$artifacts" ]; then
  echo "fuzz.sh: $target found a problem (exit $status); reproducers in $work:" >&2
  echo "$artifacts" >&2
  grep -E 'ERROR|runtime error|invariant broken|SUMMARY' "$log" | head -n 5 >&2 || true
  exit 1
fi
