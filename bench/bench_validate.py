"""`attu validate` and `attu show`, cold and warm: the real dataset, and synthetic datasets up to every possible ISO3 code.

    .venv/bin/python bench/bench_validate.py [--quick]

Cold: the dataset cache removed before each run (every file parsed, every rule run). Warm:
nothing changed since the last run (files known by size, mtime, ctime and inode; the
cross-record problems reused). ISO 3166 alpha-3 codes are three capital letters, so 17,576
states is the most a dataset can hold (the issue's 20,000 cannot exist). The time per state
should stay flat as the dataset grows.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import DATA, MAX_STATES, synthetic_dataset
from timing import ATTU, time_command


def clear_cache(root: Path) -> None:
    """Make the next run a cold one (the dataset cache lives in the dataset; the user's copy is keyed by path)."""
    shutil.rmtree(root / ".attu-cache", ignore_errors=True)


def row(label: str, root: Path, records: int, runs: int) -> str:
    """One line of the table: validate cold and warm, show warm; ms and µs per record."""
    validate = [ATTU, "validate", "--data", str(root)]
    cold = []
    for _ in range(runs):
        clear_cache(root)
        cold.append(time_command(validate, runs=1))
    cold_ms = sorted(cold)[len(cold) // 2]
    time_command(validate, runs=1)  # fill the cache
    warm_ms = time_command(validate, runs=runs)
    show_ms = time_command([ATTU, "show", "gmb" if label.startswith("real") else "aaa", "--data", str(root)], runs=runs)
    per = 1000 / records
    cells = [f"{ms:,.0f} | {ms * per:,.0f}" for ms in (cold_ms, warm_ms, show_ms)]
    return f"| {label} | {' | '.join(cells)} |"


def main() -> None:
    quick = "--quick" in sys.argv
    runs = 3 if quick else 5
    print("| dataset | validate cold ms | µs/state | validate warm ms | µs/state | show warm ms | µs/state |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as directory:
        real = Path(directory) / "data"
        shutil.copytree(DATA, real, ignore=shutil.ignore_patterns(".attu-cache"))
        print(row("real dataset (197 states, 274 files)", real, 197, runs), flush=True)
    for size in (1_000, 5_000) if quick else (1_000, 5_000, MAX_STATES):
        with tempfile.TemporaryDirectory() as directory:
            root = synthetic_dataset(Path(directory), size)
            print(row(f"{size:,} synthetic states", root, size, 3), flush=True)


if __name__ == "__main__":
    main()
