"""`attu reconcile`: keep the dataset true to the depositary's status page."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from att_univ.cli import app
from att_univ.cli.common import (
    Audience,
    AudienceOption,
    DataOption,
    OutOption,
    VerboseOption,
    check_outputs,
    emit,
    open_for_audience,
)
from att_univ.core.errors import ExitCode


class ReconcileFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command()
def reconcile(
    source: Annotated[
        Path,
        typer.Argument(
            help="The UNTC status page of the treaty (chapter XXVI-8) saved from a browser as HTML, or the chapter XML.",
            show_default=False,
        ),
    ],
    fmt: Annotated[ReconcileFormat, typer.Option("--format", "-f", help="text, markdown, or json.")] = ReconcileFormat.text,
    apply: Annotated[
        bool,
        typer.Option(
            "--apply",
            help="Write the dates and instruments the page gives into the state files (validated first; comments kept), "
            "and record the reconciliation in dataset.yaml when nothing else differs.",
        ),
    ] = False,
    on: Annotated[
        str | None,
        typer.Option("--on", help="With --apply: the date of the reconciliation to record, YYYY-MM-DD. Default: today."),
    ] = None,
    audience: AudienceOption = Audience.public,
    data: DataOption = None,
    out: OutOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Compare the dataset with the depositary's status page; exit 1 if anything differs."""
    import datetime as dt

    from att_univ.core.errors import UsageError
    from att_univ.depositary.page import read_status_file
    from att_univ.depositary.reconcile import reconcile as compare
    from att_univ.views.reconcile import render_reconciliation

    try:
        today = dt.date.fromisoformat(on) if on is not None else dt.date.today()
    except ValueError:
        raise UsageError(f"--on {on!r}: expected a date written as YYYY-MM-DD") from None
    if on is not None and not apply:
        raise UsageError("--on is the date recorded by --apply; use it with --apply")
    page = read_status_file(source)
    full, view = open_for_audience(data, audience.value, verbose=verbose)
    result = compare(page, view)
    check_outputs(render_reconciliation(result, None, fmt.value))  # refuse before writing anything
    if not apply:
        emit(render_reconciliation(result, None, fmt.value), out=out)
        if not result.agrees:
            raise typer.Exit(int(ExitCode.INVALID_DATA))
        return

    from att_univ.depositary.apply import apply_reconciliation

    applied = apply_reconciliation(page, full, compare(page, full), today=today)
    emit(render_reconciliation(result, applied, fmt.value), out=out)
    if applied.problems or applied.remaining is None or not applied.remaining.agrees:
        raise typer.Exit(int(ExitCode.INVALID_DATA))
