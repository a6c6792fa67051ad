"""Time `attu site` on the bundled dataset: the whole website, all 197 states, four languages.

Reports the median wall time of the whole process (start-up, loading, building, guarding, writing),
the number of files and pages, the total size, and the largest pages: the largest with a map, and
the largest without one (the target is under 200 KB for pages without a map).

Run from the repository root: .venv/bin/python bench/bench_site.py [--runs N] [--quick]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.timing import ATTU, time_command  # noqa: E402


def main() -> None:
    """Print the median build time and the sizes of what was built."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one run")
    options = parser.parse_args()
    runs = 1 if options.quick else options.runs
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "site"
        command = [ATTU, "site", "--data", str(REPO / "data"), "--out", str(out), "--lang", "en,fr,es,ar"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        median = time_command(command, runs=runs, cwd=REPO)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / runs
        files = [p for p in out.rglob("*") if p.is_file()]
        pages = [p for p in files if p.suffix == ".html"]
        with_map = [p for p in pages if '<figure class="map">' in p.read_text(encoding="utf-8")]
        without_map = [p for p in pages if p not in with_map]
        total = sum(p.stat().st_size for p in files)
        # CPU time too: on a shared machine the wall time says more about the neighbours than about attu.
        print(f"attu site, 4 languages: median {median / 1000:.2f} s wall, {cpu:.2f} s CPU per run, over {runs} runs")
        print(f"{len(files)} files, {len(pages)} pages ({len(with_map)} with a map), {total / 1e6:.1f} MB in all")
        for label, group in (("with a map", with_map), ("without a map", without_map)):
            largest = max(group, key=lambda p: p.stat().st_size)
            print(f"largest page {label}: {largest.relative_to(out)}, {largest.stat().st_size / 1000:.0f} KB")


if __name__ == "__main__":
    main()
