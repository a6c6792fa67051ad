"""`attu status`, `attu show`, `attu timeline`: the state of the treaty, one state, and the treaty over time.

`status` and `timeline` are also answered by `att_univ.launcher` without typer when the
cached index is current; both paths call the same `*_output` functions, so they print the
same bytes. Options added here must be added to `launcher.OPTIONS` too (a test checks).
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from att_univ.cli import app
from att_univ.cli.common import (
    Audience,
    AudienceOption,
    DataOption,
    OutOption,
    RevOption,
    VerboseOption,
    emit,
    mark_restricted,
    note,
    open_dataset,
    open_dataset_at,
    open_for_audience,
)
from att_univ.cli.completion import complete_region, complete_state

if TYPE_CHECKING:
    from att_univ.data.discovery import Located
    from att_univ.treaty.index import TreatyIndex


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class ShowFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


FormatOption = Annotated[
    TableFormat,
    typer.Option("--format", "-f", help="table (for people; plain text when piped), json, csv or markdown."),
]


@app.command()
def status(
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="The date to count at, YYYY-MM-DD. Default: the dataset's as-of date.", show_default=False),
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            help="Only the states that were members of this region on the date: a UN group, an M49 region, "
            "or an organisation such as ecowas or asean.",
            show_default=False,
            autocompletion=complete_region,
        ),
    ] = None,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            help="Break down by un-regional-group, m49-region, m49-subregion, m49-intermediate-region or organisation.",
        ),
    ] = "un-regional-group",
    fmt: FormatOption = TableFormat.table,
    rev: RevOption = None,
    data: DataOption = None,
    verbose: VerboseOption = False,
    out: OutOption = None,
) -> None:
    """How many States Parties, signatories and states outside the treaty, by region, at any date."""
    from att_univ.treaty.index import public_guard
    from att_univ.views.status import dataset_label, status_output

    located, index = open_index(data, verbose=verbose) if rev is None else open_index_at(rev, data, verbose=verbose)
    output = status_output(
        index,
        as_of=as_of,
        region=region,
        by=by,
        fmt=fmt.value,
        terminal=out is None and sys.stdout.isatty(),
        dataset_label=dataset_label(located.root) + (f" at revision {rev}" if rev else ""),
    )
    for message in output.notes:
        note(message)
    if rev is None:  # a past revision is old by design
        import datetime as dt

        from att_univ.views.status import stale_dataset_note

        stale = stale_dataset_note(index.as_of, dt.date.today())  # the clock is read here, not in services
        if stale:
            note(stale)
    emit(output.text, guard=public_guard(index), out=out)


@app.command()
def timeline(
    fmt: FormatOption = TableFormat.table,
    rev: RevOption = None,
    data: DataOption = None,
    verbose: VerboseOption = False,
    out: OutOption = None,
) -> None:
    """States Parties (by deposit and by entry into force) and signatories after every change, for charts and reports."""
    from att_univ.treaty.index import public_guard
    from att_univ.views.status import dataset_label
    from att_univ.views.timeline import timeline_output

    located, index = open_index(data, verbose=verbose) if rev is None else open_index_at(rev, data, verbose=verbose)
    output = timeline_output(
        index, fmt=fmt.value, terminal=out is None and sys.stdout.isatty(), dataset_label=dataset_label(located.root)
    )
    emit(output.text, guard=public_guard(index), out=out)


@app.command()
def show(
    state: Annotated[
        str,
        typer.Argument(
            help="An ISO3 code (GMB), a name (Gambia) or a depositary spelling (Swaziland), in any case.",
            autocompletion=complete_state,
        ),
    ],
    audience: AudienceOption = Audience.public,
    fmt: Annotated[ShowFormat, typer.Option("--format", "-f", help="table, json or markdown.")] = ShowFormat.table,
    data: DataOption = None,
    verbose: VerboseOption = False,
    out: OutOption = None,
) -> None:
    """One state's profile: treaty facts with sources, regions, process, support, engagements."""
    from att_univ.data.resolve import resolve_state
    from att_univ.treaty.profile import state_profile
    from att_univ.views.profile import profile_text

    full, view = open_for_audience(data, audience.value, verbose=verbose)
    profile = state_profile(view, resolve_state(view, state), full.meta.as_of)
    text = mark_restricted(profile_text(profile, fmt.value), audience.value, fmt.value)
    emit(text, out=out)


def open_index_at(rev: str, data: Path | None, *, verbose: bool = False) -> tuple[Located, TreatyIndex]:
    """The treaty index of the dataset as it was at a git revision (read from git's objects, not cached)."""
    from att_univ.data.discovery import find_dataset
    from att_univ.treaty.index import build_index

    return find_dataset(data), build_index(open_dataset_at(rev, data, verbose=verbose))


def open_index(data: Path | None, *, verbose: bool = False) -> tuple[Located, TreatyIndex]:
    """The treaty index: from the cache when current, else from the validated dataset (then cached)."""
    from att_univ.data.discovery import find_dataset
    from att_univ.data.keys import RECIPIENTS_FILE, public_view_only
    from att_univ.treaty.cache import fingerprint, read_index, record_folders, write_index
    from att_univ.treaty.index import build_index

    located = find_dataset(data)
    if verbose:
        note(f"attu: using dataset {located.root} ({located.how})")
    index = read_index(located.root)
    if index is not None:
        if verbose:
            note("attu: treaty index read from the cache")
        return located, index
    folders = record_folders()
    key = fingerprint(located.root, folders)  # before reading: a file changed meanwhile makes the next run read again
    if (located.root / RECIPIENTS_FILE).exists():
        # Protected values are encrypted at rest: status reads the public view, decrypting nothing, and its
        # index (at rest too) holds no restricted string for the guard to look for: it shows public facts only.
        with public_view_only():
            dataset = open_dataset(located.root)
    else:
        dataset = open_dataset(located.root)
    index = build_index(dataset)
    written = write_index(located.root, index, folders, key)
    if verbose:
        note(f"attu: dataset validated; treaty index cached in {written}" if written else "attu: could not cache the index")
    return located, index
