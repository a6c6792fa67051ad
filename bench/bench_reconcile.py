"""Time `attu reconcile` on the full saved UNTC page, whole process included (start-up, parse, load, compare).

Run: .venv/bin/python bench/bench_reconcile.py [runs]
Prints the median, fastest and slowest wall-clock time of each command, in milliseconds.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ATTU = Path(sys.executable).with_name("attu")
PAGE = REPO / "tests" / "fixtures" / "untc" / "untc_att_20260203.html"
DATA = REPO / "data"

COMMANDS = {
    "python -c pass (floor)": [sys.executable, "-c", "pass"],
    "attu reconcile (text)": [str(ATTU), "reconcile", str(PAGE), "--data", str(DATA)],
    "attu reconcile --format json": [str(ATTU), "reconcile", str(PAGE), "--data", str(DATA), "--format", "json"],
}


def time_command(command: list[str], runs: int) -> list[float]:
    """Wall-clock milliseconds of each run; a failing command stops the bench."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        completed = subprocess.run(command, capture_output=True, check=False)
        timings.append((time.perf_counter() - started) * 1000)
        if completed.returncode != 0:
            sys.exit(f"{' '.join(command)} exited {completed.returncode}: {completed.stderr.decode()}")
    return timings


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    time_command(COMMANDS["attu reconcile (text)"], 2)  # warm the file cache and bytecode
    print(f"{'command':<32} {'median':>8} {'fastest':>8} {'slowest':>8}  ({runs} runs, ms)")
    for name, command in COMMANDS.items():
        timings = time_command(command, runs)
        print(f"{name:<32} {statistics.median(timings):8.0f} {min(timings):8.0f} {max(timings):8.0f}")


if __name__ == "__main__":
    main()
