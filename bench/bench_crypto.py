"""What encryption at rest costs: `attu status` (public) before and after `attu encrypt`, and loading the
full restricted view of a dataset holding 1,000 protected values.

    .venv/bin/python bench/bench_crypto.py [--runs 7] [--quick]

On a copy of the bundled dataset in a temporary directory, with 500 restricted notes planted
in its states (a text and a date each: 1,000 protected values), in clear, then encrypted with
`attu encrypt --demo` (the bundled dataset's demo key, which attu then uses). Figures are the
median of whole-process runs (start-up included) and, for the loader alone, of in-process loads.
Prints a Markdown table (docs/performance.md records one).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import ATTU, REPO, time_command

NOTES = 500


def plant(root: Path) -> int:
    """Add restricted notes (text and date) to the first states; the number of protected values planted."""
    planted = 0
    states = sorted((root / "states").glob("*.yaml"))
    per_state = -(-NOTES // len(states))
    notes = 0
    for path in states:
        if notes >= NOTES:
            break
        text = path.read_text(encoding="utf-8")
        if "\nnotes:" in text:
            continue
        count = min(per_state, NOTES - notes)
        lines = [
            f"  - text: Restricted sample note {i} on {path.stem}.\n    date: 2025-0{1 + i % 9}-1{i % 9}\n" for i in range(count)
        ]
        path.write_text(text + "notes:\n" + "".join(lines), encoding="utf-8")
        notes += count
        planted += 2 * count
    return planted


def load_time(root: Path, env: dict[str, str], runs: int) -> float:
    """Median ms of `load_dataset` in a fresh interpreter each run, cache warm (what every command pays)."""
    code = (
        "import time; from pathlib import Path; from att_univ.data.loader import load_dataset\n"
        f"load_dataset(Path({str(root)!r}))\n"
        f"start = time.perf_counter(); result = load_dataset(Path({str(root)!r})); elapsed = time.perf_counter() - start\n"
        "assert result.ok, result.problems[:3]; print(elapsed * 1000, result.dataset.audience)\n"
    )
    timings = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", code], env={**os.environ, **env}, capture_output=True, text=True, check=True)
        timings.append(float(done.stdout.split()[0]))
    return statistics.median(timings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="3 runs each")
    options = parser.parse_args()
    runs = 3 if options.quick else options.runs
    with tempfile.TemporaryDirectory() as temporary:
        base = Path(temporary)
        env_list = {"HOME": str(base / "home"), "XDG_CACHE_HOME": str(base / "cache")}
        os.environ.pop("ATTU_IDENTITY", None)  # only the demo key: what a fresh machine has
        plain = base / "plain" / "data"
        shutil.copytree(REPO / "data", plain, ignore=shutil.ignore_patterns(".attu-cache"))
        planted = plant(plain)
        sealed = base / "sealed" / "data"
        shutil.copytree(plain, sealed)
        started = time.perf_counter()
        subprocess.run(
            [ATTU, "encrypt", "--demo", "--data", str(sealed)], env={**os.environ, **env_list}, check=True, capture_output=True
        )
        encrypt_ms = (time.perf_counter() - started) * 1000
        rows = []
        for label, root in (("in clear", plain), ("encrypted", sealed)):
            status = [ATTU, "status", "--data", str(root)]
            subprocess.run(status, env={**os.environ, **env_list}, check=True, capture_output=True)  # warm the caches
            warm = time_command(status, runs=runs, env=env_list)
            cold = statistics.median(_cold(status, root, env_list) for _ in range(runs))
            show = time_command([ATTU, "show", "GMB", "--audience", "restricted", "--data", str(root)], runs=runs, env=env_list)
            load = load_time(root, env_list, runs)
            rows.append((label, warm, cold, show, load))
        print(f"{planted:,} protected values planted; `attu encrypt --demo` took {encrypt_ms:,.0f} ms\n")
        print("| dataset | status warm ms | status cold ms | show --audience restricted ms | load restricted view ms |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for label, warm, cold, show, load in rows:
            print(f"| {label} | {warm:,.0f} | {cold:,.0f} | {show:,.0f} | {load:,.0f} |")
    return 0


def _cold(command: list[str], root: Path, env: dict[str, str]) -> float:
    shutil.rmtree(root / ".attu-cache", ignore_errors=True)
    return time_command(command, runs=1, env=env)


if __name__ == "__main__":
    sys.exit(main())
