"""Time Word output: the CSP9 report as .docx in each report language, beside the Markdown it is built from.

In process (the view built once, as `attu report` builds it): the Markdown alone, the .docx
whole, and within it the two charts drawn as PNG by rsvg-convert. Then one whole process,
start-up included, as a user meets it.

Run from the repository root: .venv/bin/python bench/bench_docx.py [--runs N] [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timing import ATTU, REPO, time_command


def _median_ms(work: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def main() -> None:
    """Print the median time of each step per language, in milliseconds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="one run of each")
    options = parser.parse_args()
    runs = 1 if options.quick else options.runs

    from att_univ.data.cycles import cycles_of
    from att_univ.data.loader import load_dataset
    from att_univ.documents import docx
    from att_univ.documents.languages import REPORT_LANGUAGES
    from att_univ.documents.report import build_report_view, report_period
    from att_univ.views.report import render_report, render_report_docx

    dataset = load_dataset(REPO / "data").dataset
    assert dataset is not None
    chosen, since, until = report_period(cycles_of(dataset), "csp9", None, None, dataset.meta.as_of)
    public = dataset.for_audience("public")
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "r.docx"
        print(f"{'CSP9 report, public':<24} {'markdown':>10} {'docx':>10} {'of which charts':>16}   (median of {runs}, ms)")
        for lang in REPORT_LANGUAGES:
            view = build_report_view(public, chosen, since=since, until=until, lang=lang)
            markdown = _median_ms(lambda view=view: render_report(view, "markdown", out=out), runs)
            word = _median_ms(lambda view=view: render_report_docx(view, out), runs)
            svgs = list(render_report(view, "markdown", out=out).charts.values())
            charts = _median_ms(lambda svgs=svgs: [docx.svg_to_png(svg) for svg in svgs], runs)
            print(f"{lang:<24} {markdown:>10.0f} {word:>10.0f} {charts:>16.0f}")
        process = time_command(
            [ATTU, "report", "--data", str(REPO / "data"), "--cycle", "csp9", "--format", "docx", "--out", str(out)],
            runs=runs,
        )
        print(f"\nattu report --cycle csp9 --format docx (whole process, en): {process:.0f} ms")


if __name__ == "__main__":
    main()
