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

    from att_univ.core.dates import parse_date
    from att_univ.core.errors import UsageError
    from att_univ.depositary.page import read_status_file
    from att_univ.depositary.reconcile import reconcile as compare
    from att_univ.views.reconcile import render_reconciliation

    today = parse_date(on, "--on") if on is not None else dt.date.today()
    if on is not None and not apply:
        raise UsageError("--on is the date recorded by --apply; use it with --apply")
    page = read_status_file(source)
    if not apply:
        full, view = open_for_audience(data, audience.value, verbose=verbose)
        result = compare(page, view)
        check_outputs(render_reconciliation(result, None, fmt.value))  # refuse before writing anything
        emit(render_reconciliation(result, None, fmt.value), out=out)
        if not result.agrees:
            raise typer.Exit(int(ExitCode.INVALID_DATA))
        return

    from att_univ.data.discovery import find_dataset
    from att_univ.data.outputs import dataset_lock
    from att_univ.depositary.apply import apply_reconciliation

    # Read, compare and write under the dataset's lock: a concurrent `attu record` waits, or is waited for,
    # and the files are read as they are once the lock is held, so no update is lost.
    with dataset_lock(find_dataset(data).root):
        full, view = open_for_audience(data, audience.value, verbose=verbose)
        result = compare(page, view)
        check_outputs(render_reconciliation(result, None, fmt.value))  # refuse before writing anything
        applied = apply_reconciliation(page, full, compare(page, full), today=today)
    emit(render_reconciliation(result, applied, fmt.value), out=out)
    if applied.problems or applied.remaining is None or not applied.remaining.agrees:
        raise typer.Exit(int(ExitCode.INVALID_DATA))
