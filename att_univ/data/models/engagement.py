"""Outreach engagements: one record per meeting, workshop, letter, visit or assistance activity."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from att_univ.data.models.common import ISO3, Name, OptionalSources, Sensitive, Slug, Text, Unconfirmed

EngagementKind = Literal["meeting", "workshop", "letter", "visit", "call", "assistance", "translation", "statement", "event"]


class Engagement(Sensitive):
    """An engagement with one or more states (file `data/engagements/<id>.yaml`)."""

    id: Slug
    date: dt.date
    end_date: dt.date | None = None
    kind: EngagementKind
    status: Literal["held", "announced"] = Field(
        default="held",
        description="held, or only announced (planned) as far as the sources say; an announced one lists no participants.",
    )
    title: Name
    place: Name | None = Field(default=None, description="Where it took place, e.g. Jakarta, Indonesia.")
    actors: tuple[Slug, ...] = Field(default=(), description="Who engaged (actor ids).")
    states: tuple[ISO3, ...] = Field(default=(), description="The states engaged.")
    regions: tuple[Slug, ...] = Field(default=(), description="Regions the engagement addressed.")
    summary: Text | None = None
    outcome: Text | None = None
    follow_up: dt.date | None = Field(default=None, description="When a follow-up is due.")
    references: tuple[Slug, ...] = Field(default=(), description="Related engagements (ids).")
    sources: OptionalSources = ()
    unconfirmed: Unconfirmed = ()
