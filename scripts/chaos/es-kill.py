#!/usr/bin/env python3
"""Chaos, long form (issue #12): file input -> elasticsearch output against a test cluster that
fails in turns, while sluice is killed with SIGKILL at random moments and restarted.

    scripts/chaos/es-kill.py [--lines 500000] [--kills 10]

`sluice-bench bulk-server PORT chaos dump=FILE` (a separate process) cycles every 400 ms
through: answering normally, 503 for whole requests, 429 for a third of the items, dropping
connections (resets), and answering only after 800 ms (past the output's 500 ms timeout, so what
it indexed is sent again; a timeout or a reset marks the host dead until the health check, every
`resurrect_delay` = 0.5 s here, finds it answering). sluice (the release binary) reads --lines numbered lines (read mode,
sincedb, batches of 500) into the elasticsearch output and is killed --kills times 0.3-1.5 s apart, then left to
finish (`exit_after_read`). Every line must be indexed or in the dead-letter file at least once;
the script prints the duplicates and exits 1 if any line is missing.
SLUICE_NO_BUILD=1 uses the release binaries as they are.
"""
import argparse, glob, json, os, random, signal, subprocess, sys, tempfile, time

from chaos_common import BENCH, ROOT, SLUICE, finish, free_port


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=500_000)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=None)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    if not os.environ.get("SLUICE_NO_BUILD"):
        for product in ("sluice", "sluice-bench"):
            subprocess.run(["swift", "build", "-c", "release", "--product", product], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="sluice-chaos-es-")
    source = os.path.join(work, "in.log")
    with open(source, "w") as f:
        for n in range(options.lines):
            f.write(f'{{"seq":{n},"timestamp":"2024-01-15T10:00:00Z","level":"INFO"}}\n')
    port = free_port()
    dump = os.path.join(work, "indexed.ndjson")
    server = subprocess.Popen([BENCH, "bulk-server", str(port), "chaos", f"dump={dump}"], stdout=subprocess.PIPE, text=True)
    server.stdout.readline()  # listening
    config = (
        f'input {{ file {{ path => "{source}" mode => "read" exit_after_read => true sincedb_path => "{work}/sincedb" }} }} '
        f'filter {{ json {{ source => "message" remove_field => ["message", "event", "log", "host", "@version"] }} }} '
        f'output {{ elasticsearch {{ hosts => ["http://127.0.0.1:{port}"] index => "chaos" timeout => 0.5 resurrect_delay => 0.5 '
        f'retry_initial_interval => 0.05 retry_max_interval => 0.5 }} }}')

    def start():
        return subprocess.Popen([SLUICE, "--path.data", os.path.join(work, "data"), "--api.enabled", "false", "-b", "500", "-e", config],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    started = time.monotonic()
    sluice = start()
    kills = 0
    while kills < options.kills:
        time.sleep(rng.uniform(0.3, 1.5))
        if sluice.poll() is not None:
            break  # finished before this kill
        sluice.send_signal(signal.SIGKILL)
        sluice.wait()
        kills += 1
        sluice = start()
    try:
        status = sluice.wait(timeout=900)
    except subprocess.TimeoutExpired:
        sluice.kill()
        server.kill()
        sys.exit(f"the last run did not finish in 15 minutes; work dir kept: {work}")
    seconds = time.monotonic() - started
    server.send_signal(signal.SIGTERM)
    tail = server.communicate(timeout=60)[0]
    counts = [0] * options.lines
    with open(dump) as f:
        for line in f:
            counts[json.loads(line)["seq"]] += 1
    dead = 0
    for path in glob.glob(os.path.join(work, "data", "dead_letter_queue", "**", "*.ndjson"), recursive=True):
        with open(path) as f:
            for line in f:
                record = json.loads(line)
                seq = record.get("event", record).get("seq")
                if isinstance(seq, int):
                    counts[seq] += 1
                    dead += 1
    finish("chaos_es_kill", counts, status, work, lines=options.lines, kills=kills, dead_lettered=dead,
           seconds=round(seconds, 1), server=tail.strip().splitlines()[-1])

if __name__ == "__main__":
    main()
