"""CSP cycles in order: which came before, the span of a cycle, the cycle to report on by default.

A cycle runs from the close of the previous Conference (exclusive) to the close of its own
(inclusive): the WGTU meets in between, and the co-chairs report to the Conference that
closes the cycle. The first cycle has no previous Conference and no lower bound.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from att_univ.data.dataset import Dataset
from att_univ.data.models.cycle import Cycle

CYCLES = "cycles"


def cycles_of(dataset: Dataset) -> list[Cycle]:
    """The dataset's cycles in order (by number, then Conference start)."""
    found = (c for c in dataset.records.get(CYCLES, {}).values() if isinstance(c, Cycle))
    return sorted(found, key=lambda c: (c.number, c.conference.start, c.id))


def previous_cycle(cycles: Iterable[Cycle], cycle: Cycle) -> Cycle | None:
    """The cycle with the highest number below this one's, if the dataset has one."""
    earlier = [c for c in cycles if c.number < cycle.number]
    return max(earlier, key=lambda c: (c.number, c.conference.start), default=None)


def cycle_span(cycles: Iterable[Cycle], cycle: Cycle) -> tuple[dt.date | None, dt.date]:
    """(close of the previous Conference or None, close of this one): a cycle's dates fall after the first, up to the second."""
    previous = previous_cycle(cycles, cycle)
    return (previous.conference.end if previous is not None else None, cycle.conference.end)


def default_cycle(cycles: Iterable[Cycle], day: dt.date) -> Cycle | None:
    """The cycle whose Conference is the next to close on or after `day`; else the latest cycle."""
    ordered = sorted(cycles, key=lambda c: (c.conference.end, c.number))
    upcoming = [c for c in ordered if c.conference.end >= day]
    if upcoming:
        return upcoming[0]
    return ordered[-1] if ordered else None
