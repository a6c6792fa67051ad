"""`attu signals` as a table, JSON, CSV or Markdown: one row per state not yet party."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from att_univ.core.wording import counted, long_date
from att_univ.outreach.signals import Signals, VoteSignal, group_labels
from att_univ.outreach.tiers import STAGE_WORDS

SIGNALS_FORMATS = ("table", "json", "csv", "markdown")
HEADERS = (
    "State",
    "ISO3",
    "Signed",
    "Adoption (2 April 2013)",
    "Latest ATT resolution",
    "Trend",
    "Groups",
    "Domestic process",
    "Engagements (12 months)",
    "Support received",
)


def signals_text(rows: Sequence[Signals], fmt: str, *, day: dt.date, region: str | None = None) -> str:
    """The signals in one of SIGNALS_FORMATS."""
    if fmt == "json":
        from att_univ.core.formats import json_text

        return json_text({"as_of": day, "region": region, "states": [signals_data(row) for row in rows]})
    if fmt == "csv":
        from att_univ.core.formats import csv_text

        return csv_text(CSV_HEADERS, (_csv_row(row) for row in rows))
    cells = [_cells(row) for row in rows]
    where = f" in {region}" if region else ""
    title = f"Readiness signals of the {counted(len(rows), 'state')} not yet party{where}, as at {long_date(day)}"
    if fmt == "markdown":
        from att_univ.core.formats import markdown_escape, markdown_table

        return f"# {markdown_escape(title)}\n\n{markdown_table(HEADERS, cells, align='llllllllrl')}\n{_NOTE}\n"
    from att_univ.views.plain_table import plain_table

    return f"{title}\n\n{plain_table(HEADERS, cells, align='llllllllrl')}\n{_NOTE}\n"


_NOTE = (
    "Votes: the General Assembly's recorded votes (UN Digital Library); 'did not vote' is absent, not voting or barred "
    "for arrears, never an abstention. Trend: the first vote cast from the adoption on against the latest. "
    "Groups: LDC, LLDC, SIDS (UN M49). Signals inform outreach; none excludes a state."
)


def signals_data(row: Signals) -> dict[str, Any]:
    """One state's signals as JSON-ready data."""
    return {
        "iso3": row.iso3,
        "name": row.name,
        "status": row.status,
        "signed_on": row.signed_on,
        "adoption_vote": _vote_data(row.adoption),
        "latest_vote": _vote_data(row.latest),
        "trend": row.trend,
        "development_groups": list(row.groups),
        "process_stage": row.stage,
        "process_stage_date": row.stage_date,
        "engagements_12_months": row.engagements,
        "support": list(row.support),
    }


CSV_HEADERS = (
    "iso3",
    "name",
    "status",
    "signed_on",
    "adoption_vote",
    "latest_resolution",
    "latest_vote",
    "latest_vote_date",
    "trend",
    "development_groups",
    "process_stage",
    "process_stage_date",
    "engagements_12_months",
    "support",
)


def _csv_row(row: Signals) -> list[Any]:
    latest = row.latest
    return [
        row.iso3,
        row.name,
        row.status,
        row.signed_on,
        row.adoption.vote if row.adoption else None,
        latest.symbol if latest else None,
        latest.vote if latest else None,
        latest.date if latest else None,
        row.trend,
        ";".join(row.groups),
        row.stage,
        row.stage_date,
        row.engagements,
        "; ".join(row.support),
    ]


def _cells(row: Signals) -> list[Any]:
    latest = f"{row.latest.words} ({row.latest.date.year})" if row.latest else ""
    stage = f"{STAGE_WORDS[row.stage]} ({row.stage_date.isoformat()})" if row.stage and row.stage_date else ""
    return [
        row.name,
        row.iso3,
        row.signed_on.isoformat() if row.signed_on else "",
        row.adoption.words if row.adoption else "",
        latest,
        row.trend or "",
        group_labels(row.groups),
        stage,
        row.engagements,
        "; ".join(row.support),
    ]


def _vote_data(vote: VoteSignal | None) -> dict[str, Any] | None:
    if vote is None:
        return None
    return {"resolution": vote.symbol, "date": vote.date, "vote": vote.vote}
