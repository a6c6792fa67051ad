"""`attu signals`: the public readiness signals of every state not yet party, side by side."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from att_univ.cli import app
from att_univ.cli.common import (
    Audience,
    AudienceOption,
    DataOption,
    OutOption,
    VerboseOption,
    emit,
    mark_restricted,
    open_for_audience,
)


class SignalsFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


@app.command()
def signals(
    region: Annotated[str | None, typer.Option("--region", help="Only states of this region (slug).", show_default=False)] = None,
    fmt: Annotated[SignalsFormat, typer.Option("--format", "-f", help="table, json, csv or markdown.")] = SignalsFormat.table,
    audience: AudienceOption = Audience.public,
    out: OutOption = None,
    data: DataOption = None,
    verbose: VerboseOption = False,
) -> None:
    """One row per state not yet party: signature, General Assembly votes, trend, groups, process, engagements, support."""
    from att_univ.cli.plans import _members
    from att_univ.outreach.signals import state_signals
    from att_univ.views.signals import signals_text

    _, view = open_for_audience(data, audience.value, verbose=verbose)
    day = view.meta.as_of
    members, region_name = _members(view, region, day)
    rows = state_signals(view, day, members=members)
    text = signals_text(rows, fmt.value, day=day, region=region_name)
    emit(mark_restricted(text, audience.value, fmt.value), out=out)
