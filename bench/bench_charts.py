"""Time the SVG charts in-process: the world map for all 197 states, and the States Parties timeline.

Run from the repository root: .venv/bin/python bench/bench_charts.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from att_univ.documents.charts import OKABE_ITO, Category, timeline_svg, world_map_svg  # noqa: E402

STATES_FILE = REPO / "tests" / "fixtures" / "att_states_iso3.txt"
CATEGORIES = (
    Category("party", "States Parties", OKABE_ITO["blue"]),
    Category("signatory", "Signatories", OKABE_ITO["orange"], "hatch"),
    Category("none", "Not yet joined", OKABE_ITO["sky_blue"], "dots"),
)


def main() -> None:
    """Print first-call and median timings in milliseconds, with output sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs

    states = [line for line in STATES_FILE.read_text().splitlines() if not line.startswith("#")]
    keys = [category.key for category in CATEGORIES]
    status = {iso3: keys[i % len(keys)] for i, iso3 in enumerate(states)}
    report(
        f"world_map_svg, {len(status)} states",
        lambda: world_map_svg(status, categories=CATEGORIES, title="ATT status", disclaimer="Disclaimer."),
        runs,
    )

    deposits = [(date(2013, 7, 2) + timedelta(days=36 * i), i + 1) for i in range(117)]
    in_force = [(max(day + timedelta(days=90), date(2014, 12, 24)), count) for day, count in deposits]
    report(
        f"timeline_svg, {len(deposits)} + {len(in_force)} points",
        lambda: timeline_svg(deposits, series_label="Parties", title="States Parties", extra_series={"In force": in_force}),
        runs,
    )


def report(name: str, render: Callable[[], str], runs: int) -> None:
    """Time one first call (cold caches) and then runs more calls."""
    first, svg = timed(render)
    timings = [timed(render)[0] for _ in range(runs)]
    print(
        f"{name}: first call {first:.1f} ms, median {statistics.median(timings):.1f} ms, "
        f"min {min(timings):.1f} ms over {runs} runs; {len(svg.encode()) / 1024:.0f} KiB of SVG"
    )


def timed(render: Callable[[], str]) -> tuple[float, str]:
    start = time.perf_counter()
    svg = render()
    return (time.perf_counter() - start) * 1000, svg


if __name__ == "__main__":
    main()
