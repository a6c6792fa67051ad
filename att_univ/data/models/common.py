"""Building blocks shared by every record: strict configuration, codes, sensitivity."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ISO3 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
ISO2 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
M49 = Annotated[str, StringConstraints(pattern=r"^[0-9]{3}$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
SourceId = Slug
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Email = Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=200)]
Sources = Annotated[tuple[SourceId, ...], Field(min_length=1)]
OptionalSources = tuple[SourceId, ...]
# Passages of a record's own text, quoted exactly, that the sources it cites do not attest: kept because they are
# believed true, and marked so that nobody takes them as sourced (rule `unconfirmed-passage` checks each quote).
Unconfirmed = Annotated[
    tuple[Text, ...],
    Field(description="Passages of this record's text, quoted exactly, that its sources do not attest: they are unconfirmed."),
]

Sensitivity = Literal["public", "partners", "restricted"]
Audience = Sensitivity
SENSITIVITY_RANK: dict[str, int] = {"public": 0, "partners": 1, "restricted": 2}

Instrument = Literal["ratification", "acceptance", "approval", "accession"]


def visible_to(sensitivity: str, audience: str) -> bool:
    """Whether information of this sensitivity may be shown to this audience."""
    return SENSITIVITY_RANK[sensitivity] <= SENSITIVITY_RANK[audience]


class Record(BaseModel):
    """Every dataset model: unknown keys refused, no type coercion, immutable."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Sensitive(Record):
    """Information about a state's own process or people: restricted unless marked otherwise.

    The audience projection (`att_univ.data.audience`) drops any `Sensitive` value that its
    audience may not see, so commands never have to remember to.
    """

    sensitivity: Sensitivity = "restricted"


class Dated(Record):
    """A fact with a date and the sources that attest it."""

    date: dt.date
    sources: Sources
    caveat: Text | None = Field(default=None, description="Why the fact is uncertain, if it is.")
