"""What the chaos scripts share: paths, a free port, and the verdict over per-number counts."""
import json, os, shutil, socket, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SLUICE = os.path.join(ROOT, ".build/release/sluice")
BENCH = os.path.join(ROOT, ".build/release/sluice-bench")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def finish(name, counts, status, work, **figures):
    """Prints one JSON line {name: figures + missing/duplicates}, keeps `work` when something is
    missing (and says which), and exits 1 unless every number arrived and sluice exited 0."""
    missing = sum(1 for c in counts if c == 0)
    duplicates = sum(c - 1 for c in counts if c > 1)
    result = dict(figures, missing=missing, duplicates=duplicates,
                  duplicate_rate_percent=round(duplicates / max(1, len(counts)) * 100, 2), final_exit_status=status)
    if "kills" in figures:
        result["duplicates_per_kill"] = round(duplicates / max(1, figures["kills"]))
    print(json.dumps({name: result}))
    if missing:
        print("first missing:", [i for i, c in enumerate(counts) if c == 0][:20], "work dir kept:", work)
    else:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if missing == 0 and status == 0 else 1)
