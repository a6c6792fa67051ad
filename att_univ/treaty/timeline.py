"""The treaty over time: one point per day on which the depositary's record changed.

Pure: no I/O, no clock; works on the compact treaty index like `att_univ.treaty.status`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING, NamedTuple

from att_univ.treaty.index import TreatyIndex

if TYPE_CHECKING:
    from att_univ.data.dataset import Dataset

EVENTS = ("signature", "deposit", "entry-into-force", "intent-not-to-become-party")


class Event(NamedTuple):
    """One state's change on a day."""

    iso3: str
    name: str
    event: str  # one of EVENTS
    instrument: str | None = None  # for deposits


class TimelinePoint(NamedTuple):
    """The counts at the end of a day on which something changed, and what changed."""

    date: dt.date
    parties: int  # instruments deposited so far
    in_force: int  # states for which the treaty is in force
    signatories: int  # signed and not (yet) deposited
    events: tuple[Event, ...]  # by kind of event, then by name


def treaty_timeline(dataset: TreatyIndex | Dataset) -> tuple[TimelinePoint, ...]:
    """States Parties (by deposit and by entry into force) and signatories after every change, oldest first."""
    if isinstance(dataset, TreatyIndex):
        index = dataset
    else:
        from att_univ.treaty.index import build_index

        index = build_index(dataset)
    by_day: dict[dt.date, list[Event]] = defaultdict(list)
    for state in index.states:  # in name order: events of a day stay in name order
        for when, kind, instrument in (
            (state.signed, "signature", None),
            (state.deposited, "deposit", state.instrument),
            (state.in_force_from if state.deposited is not None else None, "entry-into-force", None),
            (state.renounced, "intent-not-to-become-party", None),
        ):
            if when is not None:
                by_day[when].append(Event(state.iso3, state.name, kind, instrument))

    signed_on = {state.iso3: state.signed for state in index.states}
    points = []
    deposited = in_force = signed_only = 0
    for day in sorted(by_day):
        events = sorted(by_day[day], key=lambda e: EVENTS.index(e.event))
        for change in events:
            if change.event == "signature":
                signed_only += 1
            elif change.event == "deposit":
                deposited += 1
                signed = signed_on[change.iso3]
                if signed is not None and signed <= day:  # a signatory no more: now a party
                    signed_only -= 1
            elif change.event == "entry-into-force":
                in_force += 1
        points.append(TimelinePoint(day, deposited, in_force, signed_only, tuple(events)))
    return tuple(points)
