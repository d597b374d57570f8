#!/usr/bin/env python3
"""Chaos, long form (issue #12): beats -> file output while sluice is killed with SIGKILL at random
moments and restarted.

    scripts/chaos/beats-kill.py [--events 200000] [--kills 10] [--window 1000]

A pylogbeat client (a Lumberjack client nobody on the team wrote; `pip install pylogbeat`) sends
numbered events in windows and, like Filebeat, sends a window again when its ACK does not come.
sluice (the release binary) is killed --kills times at random moments and started again on the same
port. At the end every number must be in the output at least once; the script prints how many
events were written more than once (the duplicate rate) and exits 1 if any is missing.
SLUICE_NO_BUILD=1 uses the release binary as it is. The short form of this test runs in CI: Tests/SluiceEndToEndTests/BeatsCrashTests.swift.
"""
import argparse, json, os, random, signal, subprocess, tempfile, threading, time

from chaos_common import ROOT, SLUICE, finish, free_port


def main():
    import logging, pylogbeat
    logging.disable(logging.ERROR)  # pylogbeat logs every refused connection
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--window", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=None)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    if not os.environ.get("SLUICE_NO_BUILD"):
        subprocess.run(["swift", "build", "-c", "release", "--product", "sluice"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="sluice-chaos-")
    port = free_port()
    output = os.path.join(work, "out.ndjson")
    config = f'input {{ beats {{ host => "127.0.0.1" port => {port} }} }} output {{ file {{ path => "{output}" }} }}'

    def start():
        return subprocess.Popen([SLUICE, "--path.data", os.path.join(work, "data"), "--api.enabled", "false", "-e", config],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    sent = {"windows": 0, "resends": 0, "done": False}

    def client():
        beat = None
        windows = (options.events + options.window - 1) // options.window
        for w in range(windows):
            first = w * options.window
            events = [{"message": f"e{n}", "seq": n} for n in range(first, min(first + options.window, options.events))]
            while True:
                try:
                    if beat is None:
                        beat = pylogbeat.PyLogBeatClient("127.0.0.1", port, ssl_enable=False, timeout=5)
                        beat.connect()
                    beat.send(events)
                    sent["windows"] += 1
                    break
                except Exception:
                    sent["resends"] += 1
                    try:
                        beat.close()
                    except Exception:
                        pass
                    beat = None
                    time.sleep(0.05)
        sent["done"] = True

    sluice = start()
    thread = threading.Thread(target=client)
    started = time.monotonic()
    thread.start()
    kills = 0
    while kills < options.kills and not sent["done"]:
        time.sleep(rng.uniform(0.3, 1.5))
        if sent["done"]:
            break
        sluice.send_signal(signal.SIGKILL)
        sluice.wait()
        kills += 1
        sluice = start()
    thread.join()
    seconds = time.monotonic() - started
    sluice.send_signal(signal.SIGTERM)
    status = sluice.wait(timeout=60)
    counts = [0] * options.events
    with open(output, "rb") as f:
        for line in f:
            try:
                counts[json.loads(line)["seq"]] += 1
            except ValueError:
                pass  # a line cut short by a kill in the middle of a write (the next run ends it)
    finish("chaos_beats_kill", counts, status, work, events=options.events, kills=kills, window=options.window,
           resent_windows=sent["resends"], seconds=round(seconds, 1))

if __name__ == "__main__":
    main()
