"""Time what a person feels at every command: `attu status` on its fast path, `attu --version`, one Tab of completion.

    .venv/bin/python bench/bench_startup.py [--runs 21] [--source DIR]

`--source DIR` times another source tree of attu (for example `git archive main | tar -x -C DIR`)
with this virtual environment, so that a change can be measured before and after on one machine
in one sitting. Every figure is the median wall time of whole processes, stdout piped, on a copy
of the bundled dataset whose cached index is current (the state `attu status` leaves it in).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import REPO, time_command

LAUNCH = "import sys; sys.argv[0] = 'attu'; from att_univ.launcher import main; main()"


def main() -> int:
    """Print a Markdown table of median times, in milliseconds."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--quick", action="store_true", help="7 runs")
    parser.add_argument("--source", type=Path, default=REPO, help="the attu source tree to time (default: this one)")
    options = parser.parse_args()
    runs = 7 if options.quick else options.runs
    source = options.source.resolve()
    env = {"PYTHONPATH": str(source), "COLUMNS": "120"}
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "data"
        shutil.copytree(source / "data", data, ignore=shutil.ignore_patterns(".attu-cache"))
        attu = [sys.executable, "-c", LAUNCH]
        # From the scratch directory: `python -c` puts the current directory first on sys.path.
        subprocess.run(
            [*attu, "status", "--data", str(data)], env={**os.environ, **env}, cwd=scratch, capture_output=True, check=True
        )
        cases = {
            "attu status (fast path, cache current)": ([*attu, "status", "--data", str(data)], {}, 0),
            "attu status --format json": ([*attu, "status", "--format", "json", "--data", str(data)], {}, 0),
            "attu --version": ([*attu, "--version"], {}, 0),
            "Tab after `attu show Sw` (bash)": (
                attu,
                {"_ATTU_COMPLETE": "complete_bash", "COMP_WORDS": "attu show Sw", "COMP_CWORD": "2", "ATTU_DATA": str(data)},
                0,
            ),
        }
        print(f"source: {source}\n\n| command | median ms ({runs} runs) |\n|---|---:|")
        for label, (command, extra, expect) in cases.items():
            try:
                median = time_command(command, runs=runs, env={**env, **extra}, cwd=Path(scratch), expect=expect)
            except SystemExit as failure:  # e.g. --version on a tree without it
                print(f"| {label} | n/a ({str(failure)[:60]}) |")
                continue
            print(f"| {label} | {median:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
