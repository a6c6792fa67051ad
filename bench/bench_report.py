"""Time `attu report` as a user meets it: whole processes on the bundled dataset, start-up included.

Run from the repository root: .venv/bin/python bench/bench_report.py [--runs N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import ATTU, REPO, time_command


def main() -> None:
    """Print the median wall time of each report variant, in milliseconds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    data = str(REPO / "data")
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        variants = {
            "markdown, public, en (stdout)": ["--cycle", "csp9"],
            "markdown, public, en, with the two SVG files": ["--cycle", "csp9", "--out", str(out / "r.md")],
            "html, public, ar (charts inline)": [
                "--cycle",
                "csp9",
                "--lang",
                "ar",
                "--format",
                "html",
                "--out",
                str(out / "r.html"),
            ],
            "html, restricted, fr (with the WGTU annex)": [
                "--cycle",
                "csp9",
                "--lang",
                "fr",
                "--format",
                "html",
                "--audience",
                "restricted",
                "--out",
                str(out / "x.html"),
            ],
            "--check of the committed report": [
                "--cycle",
                "csp9",
                "--out",
                str(REPO / "reports" / "csp9-report.en.md"),
                "--check",
            ],
        }
        for label, arguments in variants.items():
            milliseconds = time_command([ATTU, "report", "--data", data, *arguments], runs=runs)
            print(f"{label:<50} {milliseconds:7.0f} ms")


if __name__ == "__main__":
    main()
