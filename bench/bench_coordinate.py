"""`attu coordinate` on synthetic engagement logs of 1,000 to 100,000 engagements.

    .venv/bin/python bench/bench_coordinate.py [--runs 3] [--sizes 1000,10000,100000] [--quick]

For each size: the whole process (start-up, loading and validating every file, the search,
the table), and the search alone (`coordinate()` on the loaded dataset, in this process), each
with its time per engagement. The search is what grows with the log's square when it compares
pairs; loading grows linearly and is the cache's business (issue #14).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import synthetic_engagements
from timing import ATTU


def whole_process(root: Path, runs: int) -> tuple[float, float, float]:
    """Median wall seconds, median CPU seconds (user + system) and peak resident MiB of `attu coordinate` on root.

    CPU time is shown beside wall time because on a shared machine the wall time measures the
    neighbours as much as attu.
    """
    walls, cpus, peaks = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen([ATTU, "coordinate", "--data", str(root)], stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        walls.append(time.perf_counter() - start)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            raise SystemExit(f"attu coordinate exited {process.returncode} on {root}")
        cpus.append(usage.ru_utime + usage.ru_stime)
        peaks.append(usage.ru_maxrss / 1024)  # KiB on Linux
    return statistics.median(walls), statistics.median(cpus), max(peaks)


def search_ms(root: Path, runs: int) -> tuple[float, int]:
    """Median CPU milliseconds of the search alone on the dataset at root, and how many findings it made."""
    from att_univ.data.loader import load_dataset
    from att_univ.outreach.coordination import coordinate

    dataset = load_dataset(root).dataset
    assert dataset is not None
    as_of = dataset.meta.as_of
    timings = []
    for _ in range(runs):
        start = time.process_time()
        found = coordinate(dataset, as_of)
        timings.append((time.process_time() - start) * 1000)
    return statistics.median(timings), len(found.overlaps) + len(found.gaps) + len(found.overdue)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--quick", action="store_true", help="one run, up to 10,000 engagements")
    options, _ = parser.parse_known_args()
    runs = 1 if options.quick else options.runs
    sizes = [1_000, 10_000] if options.quick else [int(size) for size in options.sizes.split(",") if size]
    print("attu coordinate on synthetic engagement logs (medians; µs per engagement in brackets)\n")
    print(f"{'engagements':>11}  {'wall':>14}  {'cpu':>14}  {'peak':>8}  {'search (cpu)':>16}  {'findings':>8}")
    for size in sizes:
        with tempfile.TemporaryDirectory() as directory:
            root = synthetic_engagements(Path(directory), size)
            wall, cpu, peak = whole_process(root, runs if size < 100_000 else 1)
            search, findings = search_ms(root, runs)
            print(
                f"{size:>11,}  {wall:>5.1f} s ({1e6 * wall / size:>4.0f})  {cpu:>5.1f} s ({1e6 * cpu / size:>4.0f})  "
                f"{peak:>4.0f} MiB  {search:>5.0f} ms ({1000 * search / size:>5.1f})  {findings:>8,}",
                flush=True,
            )
    print("\nwall and cpu: whole processes, which load and validate every file; search alone: coordinate() in this process")


if __name__ == "__main__":
    main()
