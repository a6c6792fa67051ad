"""Offers of support: programmes, funds and assistance that can meet states' declared needs."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from att_univ.data.models.common import ISO3, Name, OptionalSources, Sensitive, Slug, Text, Unconfirmed
from att_univ.data.models.state import NeedCategory

Programme = Literal["vtf", "sponsorship", "assistance-database", "eu-outreach", "bilateral", "other"]


class Resource(Sensitive):
    """A resource on offer (file `data/resources/<id>.yaml`), matched against states' needs."""

    id: Slug
    name: Name
    programme: Programme
    provider: Name | None = Field(default=None, description="Who offers it, in words.")
    provider_actor: Slug | None = Field(default=None, description="Who offers it (actor id).")
    categories: Annotated[tuple[NeedCategory, ...], Field(min_length=1)] = Field(
        description="The needs it can meet, in the categories of the ATT assistance database."
    )
    regions: tuple[Slug, ...] = Field(default=(), description="Only for states in these regions; none means anywhere.")
    states: tuple[ISO3, ...] = Field(default=(), description="Only for these states; none means any state.")
    available_from: dt.date | None = None
    available_until: dt.date | None = Field(default=None, description="Last day it is on offer.")
    summary: Text | None = None
    sources: OptionalSources = ()
    unconfirmed: Unconfirmed = ()

    def available_on(self, day: dt.date) -> bool:
        """Whether the resource is on offer on this day."""
        return (self.available_from is None or self.available_from <= day) and (
            self.available_until is None or day <= self.available_until
        )
