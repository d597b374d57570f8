#!/usr/bin/env bash
# Fuzzes one target of sluice-fuzz with libFuzzer (and AddressSanitizer) for SECONDS seconds.
#   scripts/fuzz.sh json|config|lumberjack|date|template|grok|dissect|kv|csv|xml [SECONDS=60]
# The corpus grows in .build-fuzz/corpus/TARGET (seeded from fixtures/fuzz/TARGET). A crash is
# written to .build-fuzz/crash-TARGET-*: copy it into fixtures/fuzz/TARGET/ to keep it as a
# regression test (the test suite replays that folder), then fix the bug.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?usage: scripts/fuzz.sh TARGET [SECONDS]}"
seconds="${2:-60}"
swift build --scratch-path .build-fuzz -c debug --product sluice-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -parse-as-library >&2
mkdir -p ".build-fuzz/corpus/$target"
SLUICE_FUZZ_TARGET="$target" .build-fuzz/debug/sluice-fuzz \
  -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix=".build-fuzz/crash-$target-" -print_final_stats=1 \
  ".build-fuzz/corpus/$target" "fixtures/fuzz/$target"
