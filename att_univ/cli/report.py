"""`attu report`: the WGTU co-chairs' draft report to a Conference of States Parties.

Figures come from the dataset, narrative from `data/cycles/<id>.yaml`, the layout and the
words from `templates/report.<lang>.<md|html>.j2`. Public by default: the dataset is
projected for the audience before anything is computed, and the confidentiality guard
checks every file written for the public or partners.
"""

from __future__ import annotations

import datetime as dt
import difflib
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from att_univ.cli import app
from att_univ.cli.common import Audience, DataOption, OutOption, VerboseOption, emit, note, open_dataset
from att_univ.core.errors import UsageError

if TYPE_CHECKING:
    from att_univ.data.dataset import Dataset
    from att_univ.data.models.cycle import Cycle


class ReportFormat(StrEnum):
    markdown = "markdown"
    html = "html"


_DIFF_LINES = 40  # enough of a diff to see what changed, short enough for a CI log


@app.command()
def report(
    cycle_id: Annotated[
        str | None,
        typer.Option(
            "--cycle",
            help="The cycle (id, such as csp9). Default: the cycle whose Conference closes next after the dataset's "
            "as-of date, else the latest.",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Count joiners after this date, YYYY-MM-DD. Default: the close of the previous Conference.",
            show_default=False,
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            help="The cut-off date of the figures, YYYY-MM-DD. Default: the draft report's date in the cycle file, "
            "else the Conference's opening, and never after the dataset's as-of date.",
            show_default=False,
        ),
    ] = None,
    audience: Annotated[
        Audience,
        typer.Option(
            "--audience",
            help="public (default): publishable; partners: adds what partners may see; restricted: adds the WGTU annex "
            "(tiers, plan progress, support advice) and marks every page.",
        ),
    ] = Audience.public,
    lang: Annotated[str, typer.Option("--lang", help="Language of the report: en, fr, es or ar.")] = "en",
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="markdown or html.")] = ReportFormat.markdown,
    check: Annotated[
        bool,
        typer.Option("--check", help="With --out: render again and fail (exit 1) if the file differs; writes nothing."),
    ] = False,
    templates: Annotated[
        Path | None,
        typer.Option("--templates", help="A directory of templates to use before the bundled ones.", show_default=False),
    ] = None,
    out: OutOption = None,
    data: DataOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Draft the WGTU co-chairs' report to a CSP: figures from the dataset, narrative from the cycle file, charts."""
    from att_univ.data.cycles import cycles_of
    from att_univ.data.guard import guard_for
    from att_univ.data.outputs import is_stdout
    from att_univ.documents.languages import text_direction
    from att_univ.documents.report import build_report_view, default_dates
    from att_univ.views import report as report_output

    out = None if is_stdout(out) else out  # `--out -`: the terminal, and no chart files
    if check and out is None:
        raise UsageError("--check compares the report with a file: give it with --out")
    text_direction(lang)  # refuses an unknown language before any work
    full = open_dataset(data, verbose=verbose)
    cycles = cycles_of(full)
    chosen = _cycle(cycles, cycle_id, full)
    default_since, default_until = default_dates(cycles, chosen, full.meta.as_of)
    since_day = _date("--since", since) if since is not None else default_since
    until_day = _date("--until", until) if until is not None else default_until
    if until_day > full.meta.as_of:
        raise UsageError(
            f"--until: {until_day.isoformat()} is after the dataset's as-of date ({full.meta.as_of.isoformat()}); "
            "attu cannot vouch for later dates"
        )
    if since_day is not None and since_day >= until_day:
        raise UsageError(f"the report would cover nothing: --since {since_day.isoformat()} is not before --until {until_day}")
    view = build_report_view(full.for_audience(audience.value), chosen, since=since_day, until=until_day, lang=lang)
    rendered = report_output.render_report(view, fmt.value, out=out, templates=templates)
    guard = guard_for(full, audience.value) if audience is not Audience.restricted else None
    if guard is not None:
        for text in (rendered.text, *rendered.charts.values()):
            guard.check(text)
    if check:
        assert out is not None
        _check({out: rendered.text, **rendered.charts})
        return
    emit(rendered.text, guard=guard, out=out)
    for path, svg in rendered.charts.items():
        emit(svg, guard=guard, out=path)
    if out is None and fmt is ReportFormat.markdown:
        note("attu: charts: give --out FILE to write the map and the timeline as SVG beside the report, or use --format html")


def _cycle(cycles: list[Cycle], wanted: str | None, dataset: Dataset) -> Cycle:
    from att_univ.data.cycles import default_cycle

    if not cycles:
        raise UsageError("the dataset has no cycle: add one as cycles/<id>.yaml (attu schema cycle describes the file)")
    if wanted is None:
        chosen = default_cycle(cycles, dataset.meta.as_of)
        assert chosen is not None
        return chosen
    for cycle in cycles:
        if cycle.id == wanted.strip().lower():
            return cycle
    raise UsageError(f"--cycle: no cycle {wanted!r}; the dataset has {', '.join(c.id for c in cycles)}")


def _date(option: str, text: str) -> dt.date:
    from att_univ.core.dates import option_date

    return option_date(option, text)


def _check(expected: dict[Path, str]) -> None:
    """Compare each file with what attu would write; exit 1 with a short diff if any differs."""
    stale = []
    for path, text in expected.items():
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        stale.append(path)
        if current is None:
            note(f"attu: {path} is missing")
            continue
        diff = list(difflib.unified_diff(current.splitlines(), text.splitlines(), str(path), "attu report", lineterm="", n=1))
        changed = sum(1 for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---"))
        note(f"attu: {path} differs from a fresh rendering ({changed} lines changed):")
        note("\n".join(diff[:_DIFF_LINES]) + ("\n..." if len(diff) > _DIFF_LINES else ""))
    if stale:
        note("attu: run the same command without --check to update the report, then review and commit the diff")
        raise typer.Exit(1)
    note(f"attu: {', '.join(str(p) for p in expected)} up to date")
