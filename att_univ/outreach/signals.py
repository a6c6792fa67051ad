"""`attu signals`: the public readiness signals of every state not yet party, side by side.

One row per state: signature, the adoption and latest General Assembly votes, the trend
between them, the UN development groups, and, where the audience may see them, the latest
domestic step, engagements in the last twelve months and the support received. Pure: the
dataset comes already projected for its audience (so what it may not see is absent), the
date is a parameter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from att_univ.core.treaty_rules import status_on
from att_univ.data.dataset import Dataset
from att_univ.data.votes import (
    CAST_WORDS,
    GROUP_ABBREVIATIONS,
    adoption_of,
    group_keys,
    latest_resolution,
    records_by_state,
    trend,
)
from att_univ.outreach.tiers import latest_step

ENGAGEMENT_WINDOW_DAYS = 365
SUPPORT_WORDS = {
    "vtf": "VTF",
    "sponsorship": "Sponsorship",
    "assistance-database": "assistance database",
    "eu-outreach": "EU outreach",
    "other": "other",
}


@dataclass(frozen=True)
class VoteSignal:
    """A state's vote on one resolution, as a signal shows it."""

    symbol: str
    date: dt.date
    vote: str  # yes, no, abstain, absent

    @property
    def words(self) -> str:
        """`in favour`, `against`, `abstained`, `did not vote`."""
        return CAST_WORDS[self.vote]


@dataclass(frozen=True)
class Signals:
    """The signals of one state not yet party, as one audience may see them."""

    iso3: str
    name: str
    status: str  # signatory or non-signatory
    signed_on: dt.date | None
    adoption: VoteSignal | None
    latest: VoteSignal | None
    trend: str | None
    groups: tuple[str, ...]  # ldc, lldc, sids
    stage: str | None  # None when none is recorded, or the audience may not see it
    stage_date: dt.date | None
    engagements: int  # in the twelve months up to the day, as far as the audience may see them
    support: tuple[str, ...]  # "VTF granted 2024-03-01", oldest first


def state_signals(dataset: Dataset, day: dt.date, *, members: Iterable[str] | None = None) -> list[Signals]:
    """The signals of every state not party on the day (of `members` only, when given), by name."""
    wanted = set(members) if members is not None else None
    records = records_by_state(vote for vote in dataset.votes.values() if vote.date <= day)
    since = day - dt.timedelta(days=ENGAGEMENT_WINDOW_DAYS)
    engaged: dict[str, int] = {}
    for engagement in dataset.engagements.values():
        if since < engagement.date <= day:
            for iso3 in set(engagement.states):
                engaged[iso3] = engaged.get(iso3, 0) + 1
    rows = []
    for iso3, state in dataset.states.items():
        status = status_on(state.treaty, day)
        if status == "party" or (wanted is not None and iso3 not in wanted):
            continue
        record = records.get(iso3, [])
        adoption, latest = adoption_of(record), latest_resolution(record)
        step = latest_step(state, day)
        signature = state.treaty.signature
        rows.append(
            Signals(
                iso3=iso3,
                name=state.name,
                status=status,
                signed_on=signature.date if signature is not None and status == "signatory" else None,
                adoption=VoteSignal(adoption.vote.symbol, adoption.vote.date, adoption.cast.vote) if adoption else None,
                latest=VoteSignal(latest.vote.symbol, latest.vote.date, latest.cast.vote) if latest else None,
                trend=trend(record),
                groups=tuple(group_keys(state.development_groups)),
                stage=step.stage if step is not None else None,
                stage_date=step.date if step is not None else None,
                engagements=engaged.get(iso3, 0),
                support=tuple(
                    f"{SUPPORT_WORDS[item.programme]} {item.status} {item.date.isoformat()}"
                    for item in sorted(state.support, key=lambda s: s.date)
                    if item.date <= day
                ),
            )
        )
    return sorted(rows, key=lambda row: (Dataset.sort_key(row.name), row.iso3))


def group_labels(groups: Iterable[str]) -> str:
    """`LDC, SIDS`."""
    return ", ".join(GROUP_ABBREVIATIONS[key] for key in groups)
