"""`attu timeline` as tables, Markdown, JSON (a list of points) and CSV (one row per point)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from att_univ.core.errors import UsageError
from att_univ.core.wording import counted, joined, long_date, wrap
from att_univ.treaty.index import TreatyIndex
from att_univ.treaty.timeline import Event, TimelinePoint, treaty_timeline
from att_univ.views.status import FORMATS, WRAP, Output

HEADERS = ("Date", "Parties", "In force", "Signatories", "What changed")
CSV_HEADERS = (
    "date",
    "parties",
    "in_force",
    "signatories",
    "signed",
    "deposited",
    "entered_into_force",
    "intent_not_to_become_party",
)
TITLE = "The Arms Trade Treaty over time"
MAX_NAMED = 4  # longer lists are counted: the JSON and CSV name every state
VERBS = {
    "signature": "signed",
    "deposit": "joined",
    "entry-into-force": "in force for",
    "intent-not-to-become-party": "said it will not become a party",
}


def timeline_output(index: TreatyIndex, *, fmt: str, terminal: bool, dataset_label: str) -> Output:
    """Everything `attu timeline` prints, computed from the treaty index."""
    if fmt not in FORMATS:
        raise UsageError(f"--format: choose from {', '.join(FORMATS)}")
    points = treaty_timeline(index)
    if fmt == "json":
        from att_univ.core.formats import json_text

        return Output(json_text([_point_data(p) for p in points]))
    if fmt == "csv":
        from att_univ.core.formats import csv_text

        return Output(csv_text(CSV_HEADERS, [_csv_row(p) for p in points]))
    rows = [[p.date.isoformat(), p.parties, p.in_force, p.signatories, summary(p.events)] for p in points]
    title = f"{TITLE}: {headline(points)}"
    source = (
        f"Dataset: {dataset_label}, as at {long_date(index.as_of)}. "
        "Parties are counted by deposit, as the depositary counts them; signatories have signed and not yet deposited."
    )
    if fmt == "markdown":
        from att_univ.core.formats import markdown_escape, markdown_table

        table = markdown_table(HEADERS, rows, align="lrrrl")
        return Output(f"## {TITLE}\n\n{markdown_escape(headline(points))}\n\n{table}\n*{markdown_escape(source)}*\n")
    if terminal:
        from att_univ.views.terminal import Column, render_lines, render_table

        columns = [Column("Date"), *(Column(h, justify="right") for h in HEADERS[1:4]), Column("What changed")]
        text = render_lines([(title, "bold")]) + render_table(columns, rows) + render_lines([(source, "dim")])
        return Output(text)
    from att_univ.views.plain_table import plain_table

    title_lines, source_lines = "\n".join(wrap(title, WRAP)), "\n".join(wrap(source, WRAP))
    return Output(f"{title_lines}\n\n{plain_table(HEADERS, rows, align='lrrrl')}\n{source_lines}\n")


def headline(points: Sequence[TimelinePoint]) -> str:
    """One sentence about the whole series."""
    if not points:
        return "the dataset records no signature or deposit."
    last = points[-1]
    return (
        f"{counted(len(points), 'day')} on which the depositary's record changed, "
        f"from {long_date(points[0].date)} to {long_date(last.date)}; then {last.parties} States Parties "
        f"({last.in_force} in force) and {counted(last.signatories, 'signatory', 'signatories')}."
    )


def summary(events: Sequence[Event]) -> str:
    """What changed on a day, in words: names when few, a count when many."""
    parts = []
    for kind, verb in VERBS.items():
        of_kind = [e for e in events if e.event == kind]
        if not of_kind:
            continue
        if len(of_kind) > MAX_NAMED:
            parts.append(f"{verb}: {counted(len(of_kind), 'state')}")
            continue
        names = [f"{e.name} ({e.instrument})" if e.instrument else e.name for e in of_kind]
        parts.append(f"{verb}: {joined(names)}")
    return "; ".join(parts)


def _point_data(point: TimelinePoint) -> dict[str, Any]:
    return {
        "date": point.date,
        "parties": point.parties,
        "in_force": point.in_force,
        "signatories": point.signatories,
        "changes": [{"iso3": e.iso3, "name": e.name, "event": e.event, "instrument": e.instrument} for e in point.events],
    }


def _csv_row(point: TimelinePoint) -> list[Any]:
    def codes(kind: str) -> str:
        return ";".join(e.iso3 for e in point.events if e.event == kind)

    return [point.date, point.parties, point.in_force, point.signatories, *(codes(kind) for kind in VERBS)]
