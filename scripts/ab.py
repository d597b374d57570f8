#!/usr/bin/env python3
"""Interleaved A/B runs of two commands, for a VM whose speed swings 2x within minutes.

    scripts/ab.py ROUNDS BIN_A BIN_B -- ARGS...

Runs `BIN_A ARGS` and `BIN_B ARGS` ROUNDS times each, alternating which goes first (A B, B A,
...), and prints for each the median and minimum CPU seconds (user + system, from wait4) and the
median wall time. Example (a build before and after a change, 1 GB read -> null):

    GB_FILE=/tmp/gb/w1-4m.log scripts/ab.py 6 /tmp/sluice-before .build/release/sluice -- \\
        -f /tmp/gb/read-null.conf --api.enabled false --path.data /tmp/gb/data -w 2
"""
import os, statistics, subprocess, sys, time


def main():
    if len(sys.argv) < 5 or sys.argv[4] != "--":
        sys.exit(__doc__)
    rounds, a, b, args = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[5:]
    cpu = {a: [], b: []}
    wall = {a: [], b: []}
    for r in range(rounds):
        for binary in ((a, b) if r % 2 == 0 else (b, a)):
            start = time.monotonic()
            process = subprocess.Popen([binary] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(process.pid, 0)
            wall[binary].append(time.monotonic() - start)
            cpu[binary].append(usage.ru_utime + usage.ru_stime)
            if os.waitstatus_to_exitcode(status) != 0:
                sys.exit(f"{binary} exited with {os.waitstatus_to_exitcode(status)}")
    for binary in (a, b):
        print(f"{binary}: CPU s median {statistics.median(cpu[binary]):.3f} min {min(cpu[binary]):.3f}, "
              f"wall median {statistics.median(wall[binary]):.3f} s, CPU s {[round(x, 2) for x in cpu[binary]]}")


if __name__ == "__main__":
    main()
