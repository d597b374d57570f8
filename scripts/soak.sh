#!/usr/bin/env bash
# Soak test of the release binary: scripts/soak.sh MINUTES [--rate N] [--out DIR]
# (see scripts/soak.py; writes DIR/soak.csv and DIR/soak.svg, exits 1 if memory or fds grow)
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 scripts/soak.py "$@"
