"""`attu coordinate` on synthetic engagement logs of 1,000 to 100,000 engagements.

    .venv/bin/python bench/bench_coordinate.py [--runs 3] [--sizes 1000,10000,100000] [--quick]

For each size: the whole process (start-up, loading and validating every file, the search,
the table), and the search alone (`coordinate()` on the loaded dataset, in this process), each
with its time per engagement. The search is what grows with the log's square when it compares
pairs; loading grows linearly and is the cache's business (issue #14).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import synthetic_engagements
from timing import ATTU, time_command


def search_ms(root: Path, runs: int) -> tuple[float, int]:
    """Median milliseconds of the search alone on the dataset at root, and how many findings it made."""
    from att_univ.data.loader import load_dataset
    from att_univ.outreach.coordination import coordinate

    dataset = load_dataset(root).dataset
    assert dataset is not None
    as_of = dataset.meta.as_of
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        found = coordinate(dataset, as_of)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), len(found.overlaps) + len(found.gaps) + len(found.overdue)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--quick", action="store_true", help="one run, up to 10,000 engagements")
    options, _ = parser.parse_known_args()
    runs = 1 if options.quick else options.runs
    sizes = [1_000, 10_000] if options.quick else [int(size) for size in options.sizes.split(",") if size]
    print(
        f"{'engagements':>11}  {'attu coordinate':>15}  {'(cpu)':>8}  {'per engagement':>14}  "
        f"{'search':>9}  {'per engagement':>14}  findings"
    )
    for size in sizes:
        with tempfile.TemporaryDirectory() as directory:
            root = synthetic_engagements(Path(directory), size)
            whole_runs = runs if size < 100_000 else 1
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            whole = time_command([ATTU, "coordinate", "--data", str(root)], runs=whole_runs)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / whole_runs
            search, findings = search_ms(root, runs)
            print(
                f"{size:>11,}  {whole / 1000:>13.2f} s  {cpu:>6.2f} s  {1000 * whole / size:>11.0f} µs  "
                f"{search:>6.0f} ms  {1000 * search / size:>11.1f} µs  {findings:>8,}",
                flush=True,
            )
    print("(wall-clock medians, cpu = user + system time of the process; whole processes load and validate every file)")


if __name__ == "__main__":
    main()
