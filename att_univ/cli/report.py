"""`attu report`: the WGTU co-chairs' draft report to a Conference of States Parties.

Figures come from the dataset, narrative from `data/cycles/<id>.yaml`, the layout and the
words from `templates/report.<md|html>.j2` and the language's message catalogue. Public by default: the dataset is
projected for the audience before anything is computed, and the confidentiality guard
checks every file written for the public or partners.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from att_univ.cli import app
from att_univ.cli.common import (
    Audience,
    DataOption,
    LangOption,
    OutOption,
    VerboseOption,
    check_outputs,
    emit,
    note,
    open_for_audience,
    write_word_file,
)
from att_univ.cli.completion import complete_cycle
from att_univ.core.errors import UsageError


class ReportFormat(StrEnum):
    markdown = "markdown"
    html = "html"
    docx = "docx"


@app.command()
def report(
    cycle_id: Annotated[
        str | None,
        typer.Option(
            "--cycle",
            help="The cycle (id, such as csp9). Default: the cycle whose Conference closes next after the dataset's "
            "as-of date, else the latest.",
            show_default=False,
            autocompletion=complete_cycle,
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
    lang: LangOption = "en",
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="markdown, html or docx (Word).")] = ReportFormat.markdown,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="With --out: render again and fail (exit 1) if the file differs; writes nothing. Also lists the passages "
            "not yet translated into --lang.",
        ),
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
    from att_univ.data.outputs import is_stdout
    from att_univ.documents.languages import check_language
    from att_univ.documents.report import build_report_view, report_period, untranslated
    from att_univ.views import report as report_output

    given_out = out
    out = None if is_stdout(out) else out  # `--out -`: the terminal, and no chart files
    if check and out is None:
        raise UsageError("--check compares the report with a file: give it with --out")
    check_language(lang)  # refuses a language without a catalogue before any work
    since_day = _date("--since", since) if since is not None else None
    until_day = _date("--until", until) if until is not None else None
    full, visible = open_for_audience(data, audience.value, verbose=verbose)
    chosen, since_day, until_day = report_period(cycles_of(full), cycle_id, since_day, until_day, full.meta.as_of)
    view = build_report_view(visible, chosen, since=since_day, until=until_day, lang=lang)
    if fmt is ReportFormat.docx:
        word = report_output.render_report_docx
        write_word_file(lambda target: word(view, target, templates=templates), given_out, check=check)
        return
    rendered = report_output.render_report(view, fmt.value, out=out, templates=templates)
    files = {out: rendered.text, **rendered.charts} if out is not None else {}
    check_outputs(rendered.text, *rendered.charts.values())  # every file before any is written
    if check:
        missing = untranslated(view)
        if missing:
            note(f"attu: {len(missing)} passages are not yet in {lang}; the report prints them in English, marked:")
            for line in missing:
                note(f"  {line}")
        stale = report_output.stale_files(files)
        for message in stale:
            note(message)
        if stale:
            note("attu: run the same command without --check to update the report, then review and commit the diff")
            raise typer.Exit(1)
        note(f"attu: {', '.join(str(p) for p in files)} up to date")
        return
    emit(rendered.text, out=out)
    for path, svg in rendered.charts.items():
        emit(svg, out=path)
    if out is None and fmt is ReportFormat.markdown:
        note("attu: charts: give --out FILE to write the map and the timeline as SVG beside the report, or use --format html")


def _date(option: str, text: str) -> dt.date:
    from att_univ.core.dates import parse_date

    return parse_date(text, option)
