"""Time `attu signals` for every state not yet party on the real dataset, warm (after a first run).

    .venv/bin/python bench/bench_signals.py [--runs 15] [--quick]

Whole-process medians (subprocess, stdout discarded), after one untimed run so that the operating
system's file cache is warm. The target is under 200 ms for all states. `attu tiers` and
`attu validate`, which read the same dataset, are timed alongside to show what signals adds.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import ATTU, REPO, time_command

DATA = str(REPO / "data")
TARGET_MS = 200


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="3 runs each")
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs
    commands = {
        "attu signals (table)": [ATTU, "signals", "--data", DATA],
        "attu signals --format json": [ATTU, "signals", "--data", DATA, "--format", "json"],
        "attu signals --format csv": [ATTU, "signals", "--data", DATA, "--format", "csv"],
        "attu signals --audience restricted": [ATTU, "signals", "--data", DATA, "--audience", "restricted"],
        "attu tiers (same dataset, for comparison)": [ATTU, "tiers", "--data", DATA],
        "attu validate (same dataset, for comparison)": [ATTU, "validate", "--data", DATA],
    }
    print("| command | median ms |")
    print("|---|---:|")
    for label, command in commands.items():
        time_command(command, runs=1)  # warm the file cache
        print(f"| {label} | {time_command(command, runs=runs):.0f} |", flush=True)
    print(f"\nTarget for attu signals: under {TARGET_MS} ms, warm.")


if __name__ == "__main__":
    main()
