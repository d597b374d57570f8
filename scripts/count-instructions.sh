#!/usr/bin/env bash
# Instructions per item of one sluice-bench benchmark, counted by callgrind: repeatable on a
# noisy machine where wall-clock figures are not.
# Usage: scripts/count-instructions.sh "parse → Event, 250" [suite: json (default) or filters]
set -euo pipefail
# Hash seeds differ per process unless fixed: setup work then differs between the two counts.
export SWIFT_DETERMINISTIC_HASHING=1
filter=${1:?benchmark name filter}
suite=${2:-json}
source_bin=${BENCH_BIN:-.build/release/sluice-bench}
# valgrind 3.19 cannot read the DWARF of a binary this size: count on a copy without debug info.
bin=$(mktemp)
trap 'rm -f "$bin"' EXIT
strip --strip-debug -o "$bin" "$source_bin"
count() {
  SLUICE_BENCH_PASSES=$1 valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$suite" 1 "$filter" 2>&1 \
    | awk '/Collected :/ {print $4}'
}
items=$(SLUICE_BENCH_PASSES=1 "$bin" "$suite" 1 "$filter" | sed -n 's/.* passes of \([0-9]*\) items.*/\1/p' | head -n1)
one=$(count 1)
three=$(count 3)
echo "$filter: $(( (three - one) / (2 * items) )) instructions per item"
