"""Who works on universalization: ATT office-holders and bodies, regional champions, and the
entities outside the treaty that CSP9 asked the WGTU to coordinate with.

An actor file says what the actor is and where it works. Officers' names and a cycle's dates
are not repeated here: a Presidency or Vice-President names its cycle (`cycle: csp9`) and the
cycle's own file holds the rest, so each fact has one home.
"""

from __future__ import annotations

import datetime as dt
import typing
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from att_univ.data.models.common import ISO3, Name, OptionalSources, Sensitive, Slug, Text, Unconfirmed
from att_univ.data.models.meta import Url

ActorKind = Literal[
    "presidency",
    "vice-president",
    "champion",
    "secretariat",
    "att-body",
    "un-entity",
    "regional-organisation",
    "civil-society",
    "academia",
    "industry",
    "state",
]
ACTOR_KINDS: tuple[str, ...] = typing.get_args(ActorKind)
CYCLE_KINDS = frozenset({"presidency", "vice-president"})  # tied to one CSP cycle
STATE_KINDS = frozenset({"presidency", "vice-president", "champion", "state"})  # a State acts

# ISO 639 codes, not names: a code is not prose, so the confidentiality guard need not treat
# "French" in any output as a possible leak of a restricted champion's offer.
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]

OfferKind = Literal["accession-experience", "language", "legal-drafting", "training", "hosting", "other"]


class Offer(Sensitive):
    """What a champion offers states of its region: its own experience of joining, a language, training."""

    kind: OfferKind
    summary: Text
    sources: OptionalSources = ()


class Pairing(Sensitive):
    """A state not yet party that a champion accompanies, from a date."""

    state: ISO3
    since: dt.date = Field(description="When the pairing was agreed; the state must not have been a party then.")
    until: dt.date | None = Field(default=None, description="First day the pairing no longer held.")
    note: Text | None = None
    sources: OptionalSources = ()

    def on(self, day: dt.date) -> bool:
        """Whether the pairing held on this day."""
        return self.since <= day and (self.until is None or day < self.until)


class Actor(Sensitive):
    """An actor (file `data/actors/<id>.yaml`): what it is, where it works, and what it offers."""

    id: Slug
    name: Name
    short_name: Name | None = Field(default=None, description="The short form people use, e.g. UNODA.")
    kind: ActorKind
    cycle: Slug | None = Field(
        default=None, description="For a Presidency or Vice-President: the CSP cycle (e.g. csp9), described in cycles/."
    )
    state: ISO3 | None = Field(
        default=None, description="The State that holds the office, volunteered as champion, or acts (ISO3)."
    )
    organisation: Slug | None = Field(
        default=None, description="For a regional organisation: the region (scheme organisation) that lists its members."
    )
    part_of: Slug | None = Field(default=None, description="The actor this one belongs to (actor id).")
    regions: tuple[Slug, ...] = Field(default=(), description="Regions it works in; none means worldwide or not stated.")
    since: dt.date | None = Field(
        default=None, description="When it took up the role; for a champion, when it was recorded as one."
    )
    until: dt.date | None = Field(default=None, description="First day it no longer held the role.")
    languages: tuple[Language, ...] = Field(default=(), description="Languages it can work in (ISO 639 codes).")
    offers: tuple[Offer, ...] = ()
    paired_states: tuple[Pairing, ...] = ()
    url: Url | None = None
    summary: Text | None = None
    sources: OptionalSources = ()
    unconfirmed: Unconfirmed = ()

    def active_on(self, day: dt.date) -> bool:
        """Whether the actor held its role on this day (no dates: always)."""
        return (self.since is None or self.since <= day) and (self.until is None or day < self.until)
