#!/usr/bin/env bash
# Runs every libFuzzer target built by the `fuzz` preset for N seconds each,
# starting from its seed corpus; new inputs go to build/fuzz/corpus-NAME/.
set -euo pipefail
seconds=${1:-60}
cd "$(dirname "$0")/.."
for bin in build/fuzz/fuzz/fuzz_*; do
  name=${bin##*/fuzz_}
  mkdir -p "build/fuzz/corpus-$name"
  echo "== $name for ${seconds}s"
  "$bin" -max_total_time="$seconds" -print_final_stats=1 \
    "build/fuzz/corpus-$name" "fuzz/corpus/$name"
done
