"""Time rendering the CSP9 report in the six UN languages and three formats, in one process (dataset loaded once).

Markdown and HTML in CPU time; Word (.docx) in wall time, since most of it is `rsvg-convert` drawing
the charts in child processes, which CPU time of this process does not count. Also the cost of
compiling a language's message catalogue from its .po file, which attu does when it first needs the
language (docs/translations.md). Run from the repository root:
.venv/bin/python bench/bench_languages.py [--runs N]
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LANGUAGES = ("en", "fr", "es", "ar", "zh", "ru")


def _median_ms(action, runs: int) -> float:  # type: ignore[no-untyped-def]
    timings = []
    for _ in range(runs):
        start = time.process_time()  # CPU time: the shared machine's load inflates wall times several-fold
        action()
        timings.append((time.process_time() - start) * 1000)
    return statistics.median(timings)


def _median_wall_ms(action, runs: int) -> float:  # type: ignore[no-untyped-def]
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def main() -> None:
    """Print, per language, the catalogue compile time and the median render time of each format, in CPU milliseconds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs

    from att_univ.data.cycles import cycles_of
    from att_univ.data.loader import load_dataset
    from att_univ.documents import languages
    from att_univ.documents.report import build_report_view, default_dates
    from att_univ.views.report import render_report, render_report_docx

    loaded = load_dataset(Path(__file__).resolve().parent.parent / "data").dataset
    assert loaded is not None
    dataset = loaded.for_audience("public")
    cycle = {c.id: c for c in cycles_of(dataset)}["csp9"]
    since, until = default_dates(cycles_of(dataset), cycle, dataset.meta.as_of)

    def compile_catalogue(lang: str) -> None:
        languages.translations.cache_clear()
        languages.translations(lang)

    out = Path(tempfile.mkdtemp()) / "report.docx"
    print(f"{'language':<9} {'catalogue':>10} {'markdown':>10} {'html':>10} {'docx (wall)':>12}")
    total = word_total = 0.0
    for lang in LANGUAGES:
        compiled = _median_ms(functools.partial(compile_catalogue, lang), runs)
        view = build_report_view(dataset, cycle, since=since, until=until, lang=lang)
        render_report(view, "markdown")  # the first rendering compiles the templates
        markdown = _median_ms(functools.partial(render_report, view, "markdown"), runs)
        html = _median_ms(functools.partial(render_report, view, "html"), runs)
        word = _median_wall_ms(functools.partial(render_report_docx, view, out), runs)
        total += markdown + html
        word_total += word
        print(f"{lang:<9} {compiled:8.1f} ms {markdown:7.1f} ms {html:7.1f} ms {word:9.0f} ms")
    print(f"all six languages, Markdown and HTML: {total:.0f} ms CPU; Word: {word_total:.0f} ms wall")


if __name__ == "__main__":
    main()
