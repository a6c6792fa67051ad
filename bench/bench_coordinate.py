"""`attu coordinate` on synthetic engagement logs of 1,000 to 100,000 engagements.

    .venv/bin/python bench/bench_coordinate.py [--runs 3] [--sizes 1000,10000,100000] [--quick]

For each size, whole processes (start-up, loading, the search, the table) in the three cases a
coordinator meets, each with its time per engagement:

- first run: nothing cached (a fresh clone on a new machine): every file is parsed and validated;
- after a change: one engagement edited since the last run, the monthly check after a new
  record: one file parsed and validated, the others' records read from the cache, the
  cross-record rules run again over the whole dataset;
- unchanged: nothing edited since the last run, so the recorded answer is printed.

Then the search alone (`coordinate()` on the loaded dataset, in this process): what grew with
the square of the log when it compared pairs.
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


def whole_process(root: Path, environment: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak resident MiB of one `attu coordinate` on root.

    CPU time is shown beside wall time because on a shared machine the wall time measures the
    neighbours as much as attu.
    """
    start = time.perf_counter()
    process = subprocess.Popen([ATTU, "coordinate", "--data", str(root)], stdout=subprocess.DEVNULL, env=environment)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"attu coordinate exited {os.waitstatus_to_exitcode(status)} on {root}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # KiB on Linux


def edit_one_engagement(root: Path, round_: int) -> None:
    """Change one engagement's title, as recording a correction does, and let the edit settle (attu trusts
    a file's stat only once it is two seconds old, as git does)."""
    path = min((root / "engagements").glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    lines = [f"title: Edited title, round {round_}" if line.startswith("title:") else line for line in text.splitlines()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    time.sleep(2.1)


def search_ms(root: Path, runs: int) -> tuple[float, int]:
    """Median CPU milliseconds of the search alone on the dataset at root, and how many findings it made.

    Measured in a process of its own: the loaded dataset would otherwise stay in this one, whose
    size every later `attu` process would then show as its peak (a child starts as a copy of it).
    """
    done = subprocess.run(
        [sys.executable, __file__, "--search-in", str(root), "--runs", str(runs)], capture_output=True, text=True, check=True
    )
    milliseconds, findings = done.stdout.split()
    return float(milliseconds), int(findings)


def _search_here(root: Path, runs: int) -> tuple[float, int]:
    from att_univ.data.loader import load_dataset
    from att_univ.outreach.coordination import coordinate

    dataset = load_dataset(root).dataset
    assert dataset is not None
    timings = []
    for _ in range(runs):
        start = time.process_time()
        found = coordinate(dataset, dataset.meta.as_of)
        timings.append((time.process_time() - start) * 1000)
    return statistics.median(timings), len(found.overlaps) + len(found.gaps) + len(found.overdue)


def _cell(seconds: float, size: int) -> str:
    return f"{seconds:>6.2f} s ({1e6 * seconds / size:>4.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--quick", action="store_true", help="one run, up to 10,000 engagements")
    parser.add_argument("--search-in", type=Path, help=argparse.SUPPRESS)  # search_ms's own process
    options, _ = parser.parse_known_args()
    if options.search_in is not None:
        milliseconds, findings = _search_here(options.search_in, options.runs)
        print(milliseconds, findings)
        return
    runs = 1 if options.quick else options.runs
    sizes = [1_000, 10_000] if options.quick else [int(size) for size in options.sizes.split(",") if size]
    print("attu coordinate on synthetic engagement logs: whole processes, CPU (user + system) and wall;")
    print(f"after a change and unchanged: medians of {runs}; µs per engagement in brackets\n")
    print(
        f"{'engagements':>11}  {'first run, cpu':>18}  {'after a change, cpu':>19}  {'  wall':>18}  "
        f"{'unchanged, cpu':>18}  {'  wall':>18}  {'peak':>8}  {'search alone':>17}  {'findings':>8}"
    )
    for size in sizes:
        with tempfile.TemporaryDirectory() as directory:
            root = synthetic_engagements(Path(directory), size)
            environment = {**os.environ, "XDG_CACHE_HOME": str(Path(directory) / "cache")}  # nothing cached yet
            _, first, peak = whole_process(root, environment)
            changed, changed_wall, unchanged, unchanged_wall = [], [], [], []
            for round_ in range(runs):
                edit_one_engagement(root, round_)
                wall, cpu, used = whole_process(root, environment)
                changed.append(cpu)
                changed_wall.append(wall)
                peak = max(peak, used)
                wall, cpu, _ = whole_process(root, environment)
                unchanged.append(cpu)
                unchanged_wall.append(wall)
            search, findings = search_ms(root, runs)
            print(
                f"{size:>11,}  {_cell(first, size)}  {_cell(statistics.median(changed), size):>19}  "
                f"{_cell(statistics.median(changed_wall), size)}  {_cell(statistics.median(unchanged), size)}  "
                f"{_cell(statistics.median(unchanged_wall), size)}  {peak:>4.0f} MiB  "
                f"{search:>6.0f} ms ({1000 * search / size:>4.1f})  {findings:>8,}",
                flush=True,
            )
    print("\nsearch alone: coordinate() on the loaded dataset, CPU ms (µs per engagement), in this process")


if __name__ == "__main__":
    main()
