"""Selecting engagements from the log: by state, actor, region and date, newest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from att_univ.data.dataset import Dataset
from att_univ.data.models.engagement import Engagement


@dataclass(frozen=True)
class EngagementFilter:
    """What to keep; None keeps everything."""

    state: str | None = None  # ISO3
    actor: str | None = None  # actor id
    region: str | None = None  # region slug
    since: dt.date | None = None


def select(dataset: Dataset, wanted: EngagementFilter) -> list[Engagement]:
    """The engagements that match, newest first (then by id)."""
    region = dataset.regions.get(wanted.region) if wanted.region is not None else None
    found = []
    for engagement in dataset.engagements.values():
        if wanted.state is not None and wanted.state not in engagement.states:
            continue
        if wanted.actor is not None and wanted.actor not in engagement.actors:
            continue
        if wanted.since is not None and (engagement.end_date or engagement.date) < wanted.since:
            continue
        if wanted.region is not None and wanted.region not in engagement.regions:
            # A state counts as in the region if it was a member on the engagement's day.
            members = region.members_on(engagement.date) if region is not None else frozenset()
            if not any(code in members for code in engagement.states):
                continue
        found.append(engagement)
    return sorted(found, key=lambda e: (e.date, e.id), reverse=True)
