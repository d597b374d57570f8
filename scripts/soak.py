#!/usr/bin/env python3
"""Soak test (issue #12): the release binary under a steady load for MINUTES, sampled as it runs.

    scripts/soak.sh MINUTES [--rate 1000] [--out docs/soak]

Load: beats windows (2048 events, replayed by `sluice-bench beats-replay`) and lines appended to a
tailed log file (with a logrotate-style rename every 5 minutes), each at RATE events/s, through
json + date into daily NDJSON files and the elasticsearch output (the test bulk server,
counting). Every 5 s: resident memory, open file descriptors, queue depth, events out.

Writes OUT/soak.csv and OUT/soak.svg (memory, file descriptors and throughput over time) and prints
the verdict: growth of RSS and fds after warm-up (the first fifth), which should stay under 10%.
"""
import argparse, json, os, shutil, socket, subprocess, sys, tempfile, threading, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# SLUICE_BIN / SLUICE_BENCH_BIN: other binaries (say, copies, so that a long soak can run while
# the tree is rebuilt).
SLUICE = os.environ.get("SLUICE_BIN", os.path.join(ROOT, ".build/release/sluice"))
BENCH = os.environ.get("SLUICE_BENCH_BIN", os.path.join(ROOT, ".build/release/sluice-bench"))

PIPELINE = """
input {
  beats { host => "127.0.0.1" port => %(beats)d }
  file { path => "%(logs)s/*.log" mode => "tail" start_position => "beginning" sincedb_path => "%(work)s/sincedb" stat_interval => "100 ms" }
}
filter {
  json { source => "message" remove_field => ["[event][original]"] }
  date { match => ["timestamp", "ISO8601"] }
}
output {
  file { path => "%(work)s/out/choreoai-logs-%%{+YYYY.MM.dd}.ndjson" }
  elasticsearch { hosts => ["http://127.0.0.1:%(es)d"] index => "soak-%%{+YYYY.MM.dd}" }
}
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, process, what):
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"{what} did not listen on {port}")
            time.sleep(0.05)


def metric(text, name):
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            total += float(line.rsplit(" ", 1)[1])
    return total


def sample(pid, api):
    with open(f"/proc/{pid}/status") as f:
        rss = next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmRSS:"))
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    text = urllib.request.urlopen(f"http://127.0.0.1:{api}/metrics", timeout=5).read().decode()
    return rss, fds, metric(text, "sluice_queue_events"), metric(text, "sluice_events_out_total")


def file_writer(logs, rate, stop, gen_lines):
    """Appends `rate` lines per second to app.log; renames it away every 5 minutes (logrotate)."""
    path = os.path.join(logs, "app.log")
    index, rotated, last_rotation = 0, 0, time.monotonic()
    while not stop.is_set():
        second = time.monotonic()
        with open(path, "a") as f:
            for _ in range(rate):
                f.write(gen_lines[index % len(gen_lines)])
                index += 1
        if time.monotonic() - last_rotation > 300:
            rotated += 1
            os.rename(path, os.path.join(logs, f"app.log.{rotated}"))  # not matched by *.log: let go
            last_rotation = time.monotonic()
        stop.wait(max(0, 1 - (time.monotonic() - second)))
    return index


def beats_sender(port, rate, stop):
    """One window (2048 events) every 2048/rate seconds."""
    interval = 2048 / rate
    while not stop.is_set():
        started = time.monotonic()
        subprocess.run([BENCH, "beats-replay", str(port), "1", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        stop.wait(max(0, interval - (time.monotonic() - started)))


def svg(samples, path):
    """Three stacked line charts: RSS (MiB), open fds, events out per second."""
    width, height, pad = 900, 600, 60
    series = [
        ("resident memory (MiB)", [s["rss"] / 2**20 for s in samples], "#1f77b4"),
        ("open file descriptors", [s["fds"] for s in samples], "#2ca02c"),
        ("events out per second", [s["rate"] for s in samples], "#d62728"),
    ]
    times = [s["t"] / 60 for s in samples]
    t_max = max(times) or 1
    panel = (height - pad) / len(series)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>']
    for k, (title, values, color) in enumerate(series):
        top = 20 + k * panel
        bottom = top + panel - 40
        v_max = max(values) * 1.1 or 1
        points = " ".join(f"{pad + (t / t_max) * (width - 2 * pad):.1f},{bottom - (v / v_max) * (bottom - top):.1f}"
                          for t, v in zip(times, values))
        out.append(f'<text x="{pad}" y="{top - 4}" font-weight="bold">{title}</text>')
        out.append(f'<line x1="{pad}" y1="{bottom}" x2="{width - pad}" y2="{bottom}" stroke="#999"/>')
        out.append(f'<line x1="{pad}" y1="{top}" x2="{pad}" y2="{bottom}" stroke="#999"/>')
        out.append(f'<text x="{pad - 6}" y="{top + 10}" text-anchor="end">{v_max:.0f}</text>')
        out.append(f'<text x="{pad - 6}" y="{bottom}" text-anchor="end">0</text>')
        out.append(f'<polyline fill="none" stroke="{color}" stroke-width="1.5" points="{points}"/>')
    out.append(f'<text x="{width / 2}" y="{height - 10}" text-anchor="middle">minutes (0 to {t_max:.0f})</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def growth(values):
    """Change from the mean after warm-up (second fifth) to the mean of the last fifth, in %."""
    n = len(values)
    fifth = max(1, n // 5)
    early = values[fifth:2 * fifth] or values[:1]
    late = values[-fifth:]
    base = sum(early) / len(early)
    return (sum(late) / len(late) - base) / base * 100 if base else 0.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("minutes", type=float)
    parser.add_argument("--rate", type=int, default=1000, help="events per second per input")
    parser.add_argument("--out", default=os.path.join(ROOT, "docs/soak"))
    options = parser.parse_args()
    subprocess.run(["swift", "build", "-c", "release", "--product", "sluice"], cwd=ROOT, check=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "sluice-bench"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="sluice-soak-")
    logs = os.path.join(work, "logs")
    os.makedirs(logs)
    gen = os.path.join(work, "gen.log")
    subprocess.run([os.path.join(ROOT, "../shared/tools/gen-logs"), "20000", gen], check=True, stdout=subprocess.DEVNULL)
    with open(gen) as f:
        gen_lines = f.readlines()
    es_port, beats_port, api_port = free_port(), free_port(), free_port()
    bulk = subprocess.Popen([BENCH, "bulk-server", str(es_port), "count-only"], stdout=subprocess.PIPE, text=True)
    bulk.stdout.readline()
    config = os.path.join(work, "soak.conf")
    with open(config, "w") as f:
        f.write(PIPELINE % {"beats": beats_port, "logs": logs, "work": work, "es": es_port})
    sluice = subprocess.Popen([SLUICE, "-f", config, "--api.http.port", str(api_port), "--path.data", os.path.join(work, "data")],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "sluice.log"), "w"))
    wait_for_port(beats_port, sluice, "sluice (beats)")
    wait_for_port(api_port, sluice, "sluice (API)")
    stop = threading.Event()
    threads = [threading.Thread(target=file_writer, args=(logs, options.rate, stop, gen_lines)),
               threading.Thread(target=beats_sender, args=(beats_port, options.rate, stop))]
    for thread in threads:
        thread.start()
    samples, start = [], time.monotonic()
    previous_out, previous_t = 0.0, 0.0
    try:
        while time.monotonic() - start < options.minutes * 60:
            time.sleep(5)
            rss, fds, queued, out = sample(sluice.pid, api_port)
            t = time.monotonic() - start
            samples.append({"t": t, "rss": rss, "fds": fds, "queue": queued, "out": out,
                            "rate": (out - previous_out) / (t - previous_t)})
            previous_out, previous_t = out, t
            print(f"{t / 60:6.1f} min  RSS {rss / 2**20:6.1f} MiB  fds {fds:4d}  queue {queued:6.0f}  out {out:12.0f}", flush=True)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        sluice.terminate()
        status = sluice.wait(timeout=60)
        bulk.terminate()
        bulk.wait(timeout=30)
    os.makedirs(options.out, exist_ok=True)
    with open(os.path.join(options.out, "soak.csv"), "w") as f:
        f.write("seconds,rss_bytes,open_fds,queue_events,events_out,events_out_per_second\n")
        for s in samples:
            f.write(f"{s['t']:.1f},{s['rss']},{s['fds']},{s['queue']:.0f},{s['out']:.0f},{s['rate']:.1f}\n")
    svg(samples, os.path.join(options.out, "soak.svg"))
    rss_growth = growth([s["rss"] for s in samples])
    fd_growth = growth([s["fds"] for s in samples])
    verdict = {"minutes": options.minutes, "rate_per_input": options.rate, "samples": len(samples),
               "rss_mib_start": round(samples[len(samples) // 5]["rss"] / 2**20, 1) if samples else None,
               "rss_mib_end": round(samples[-1]["rss"] / 2**20, 1) if samples else None,
               "rss_growth_percent": round(rss_growth, 1), "fd_growth_percent": round(fd_growth, 1),
               "events_out": samples[-1]["out"] if samples else 0, "exit_status": status,
               "flat": abs(rss_growth) < 10 and abs(fd_growth) < 10 and status == 0}
    print(json.dumps({"soak": verdict}))
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if verdict["flat"] else 1)


if __name__ == "__main__":
    main()
