#!/usr/bin/env python3
"""Chaos, long form (issue #12): a tailed log file -> file output while a writer appends, the log is
renamed away as logrotate does, and sluice is killed with SIGKILL at random moments and restarted.

    scripts/chaos/tail-kill.py [--lines 200000] [--kills 10] [--rotate-every 20000] [--rate 20000]

The writer appends numbered JSON lines to logs/app.log at --rate lines/s and every --rotate-every
lines renames it to app.log.N (the next append makes a new app.log). sluice (the release binary)
tails logs/app.log* (the renamed files keep their inode, so their sincedb position) into one NDJSON
file and is killed --kills times at random moments (0.3-1.5 s apart), then started again. When the
writer is done, sluice is left to catch up and stopped with SIGTERM. Every line must be in the
output at least once; the script prints the duplicates (lines read again after a kill: acknowledged
since the last sincedb save, at most `sincedb_write_interval` = 1 s, plus those in flight) and exits
1 if any line is missing. SLUICE_NO_BUILD=1 uses the release binary as it is.
"""
import argparse, json, os, random, signal, subprocess, tempfile, threading, time

from chaos_common import ROOT, SLUICE, finish


def count_lines(path, total):
    counts = [0] * total
    try:
        with open(path, "rb") as f:
            for line in f:
                try:
                    counts[json.loads(line)["seq"]] += 1
                except ValueError:
                    pass  # a line cut short by a kill in the middle of a write (the next run ends it)
    except FileNotFoundError:
        pass
    return counts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--rotate-every", type=int, default=20_000)
    parser.add_argument("--rate", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=None)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    if not os.environ.get("SLUICE_NO_BUILD"):
        subprocess.run(["swift", "build", "-c", "release", "--product", "sluice"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="sluice-chaos-tail-")
    logs = os.path.join(work, "logs")
    os.makedirs(logs)
    output = os.path.join(work, "out.ndjson")
    config = (
        f'input {{ file {{ path => "{logs}/app.log*" start_position => "beginning" sincedb_path => "{work}/sincedb" '
        f'stat_interval => "50 ms" discover_interval => 2 codec => "json" }} }} '
        f'output {{ file {{ path => "{output}" }} }}')

    def start():
        return subprocess.Popen([SLUICE, "--path.data", os.path.join(work, "data"), "--api.enabled", "false", "-e", config],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    state = {"done": False, "rotations": 0}

    def writer():
        chunk = max(1, options.rate // 100)  # every 10 ms
        written = 0
        since_rotation = 0
        current = os.path.join(logs, "app.log")
        next_tick = time.monotonic()
        while written < options.lines:
            n = min(chunk, options.lines - written, options.rotate_every - since_rotation)
            with open(current, "a") as f:
                f.write("".join(f'{{"seq":{s},"pad":"{"x" * 40}"}}\n' for s in range(written, written + n)))
            written += n
            since_rotation += n
            if since_rotation == options.rotate_every and written < options.lines:
                state["rotations"] += 1
                os.rename(current, os.path.join(logs, f"app.log.{state['rotations']}"))
                since_rotation = 0
            next_tick += 0.01
            time.sleep(max(0, next_tick - time.monotonic()))
        state["done"] = True

    sluice = start()
    thread = threading.Thread(target=writer)
    started = time.monotonic()
    thread.start()
    kills = 0
    while kills < options.kills and not state["done"]:
        time.sleep(rng.uniform(0.3, 1.5))
        sluice.send_signal(signal.SIGKILL)
        sluice.wait()
        kills += 1
        sluice = start()
    thread.join()
    # Let the last run catch up (60 s at most), then stop it gracefully.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and 0 in count_lines(output, options.lines):
        time.sleep(0.5)
    seconds = time.monotonic() - started
    sluice.send_signal(signal.SIGTERM)
    status = sluice.wait(timeout=60)
    counts = count_lines(output, options.lines)
    finish("chaos_tail_kill", counts, status, work, lines=options.lines, kills=kills, rotations=state["rotations"],
           rate_per_s=options.rate, seconds=round(seconds, 1))

if __name__ == "__main__":
    main()
