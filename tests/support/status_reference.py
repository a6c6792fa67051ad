"""Expectations for the status, show and timeline tests, computed from the reference tables alone.

The expected counts come from tests/fixtures/reference/*.csv (copies of the project's
reference tables), never from attu's own code. Also: restricted canaries to plant in a copy.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from tests.conftest import FIXTURES

REFERENCE = FIXTURES / "reference"
US_INTENT_NOT_TO_BECOME_PARTY = dt.date(2019, 7, 18)  # reference README: the depositary's end note


@cache
def reference() -> dict[str, dict[str, str]]:
    """The reference status table by ISO3 code, with each state's UN group and M49 areas merged in."""
    with open(REFERENCE / "att-status.csv", encoding="utf-8", newline="") as handle:
        rows = {row["iso3"]: dict(row) for row in csv.DictReader(handle)}
    with open(REFERENCE / "m49-regions.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            rows[row["iso3"]].update(
                m49_region=row["m49_region"], m49_subregion=row["m49_subregion"], un_regional_group=row["un_regional_group"]
            )
    return rows


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def expected_status(row: dict[str, str], day: dt.date) -> str:
    """Party once deposited, else signatory once signed, else non-signatory: the depositary's count."""
    deposit, signature = _date(row["deposit_date"]), _date(row["signature_date"])
    if deposit and deposit <= day:
        return "party"
    if signature and signature <= day:
        return "signatory"
    return "non-signatory"


def expected_counts(day: dt.date, codes: Iterable[str] | None = None) -> dict[str, int]:
    """Totals at `day` for the given states (default: all 197), from the reference table alone."""
    rows = reference()
    chosen = list(rows) if codes is None else list(codes)
    counts = {"parties": 0, "in_force": 0, "signatories": 0, "non_signatories": 0, "states": len(chosen)}
    for code in chosen:
        row = rows[code]
        status = expected_status(row, day)
        key = {"party": "parties", "signatory": "signatories", "non-signatory": "non_signatories"}[status]
        counts[key] += 1
        eif = _date(row["entry_into_force_date"])
        if status == "party" and eif and eif <= day:
            counts["in_force"] += 1
    return counts


def event_dates() -> set[dt.date]:
    """Every day on which the reference table records a signature, deposit or entry into force."""
    days = {US_INTENT_NOT_TO_BECOME_PARTY}
    for row in reference().values():
        for column in ("signature_date", "deposit_date", "entry_into_force_date"):
            if row[column]:
                days.add(dt.date.fromisoformat(row[column]))
    return days


CANARY = "CANARY-7f3a restricted"
PARTNERS_CANARY = "PARTNERS-91bc shared"

CANARY_STATE = """
process:
  - stage: legal-review
    date: 2023-01-10
    summary: {canary} legal review of the national control list.
    sources: [wgtu-csp9-report]
readiness:
  - level: near-term
    assessed_on: 2023-03-01
    rationale: {canary} readiness rationale.
contacts:
  - name: {canary} Person
    role: Focal point
    email: focal.point@example.org
needs:
  - category: training
    summary: {partners} training of customs officers.
    sensitivity: partners
"""

CANARY_ENGAGEMENT = """id: visit-2023-{which}
date: 2023-05-04
kind: visit
title: {canary} visit to the capital
states: [{state}]
summary: {canary} engagement summary.
sensitivity: {sensitivity}
"""


def add_canaries(data: Path) -> None:
    """Restricted and partners-only text in a signatory's file (Angola) and two engagements with it."""
    state = data / "states" / "ago.yaml"
    state.write_text(
        state.read_text(encoding="utf-8") + CANARY_STATE.format(canary=CANARY, partners=PARTNERS_CANARY), encoding="utf-8"
    )
    engagements = data / "engagements"
    engagements.mkdir(exist_ok=True)
    (engagements / "visit-2023-restricted.yaml").write_text(
        CANARY_ENGAGEMENT.format(which="restricted", canary=CANARY, state="AGO", sensitivity="restricted"), encoding="utf-8"
    )
    (engagements / "visit-2023-public.yaml").write_text(
        CANARY_ENGAGEMENT.format(which="public", canary="Public", state="AGO", sensitivity="public"), encoding="utf-8"
    )
