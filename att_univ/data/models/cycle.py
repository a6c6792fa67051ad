"""A CSP cycle (file `data/cycles/<id>.yaml`): the Conference, its officers, the WGTU's meetings and proposals.

The one source of truth for officers (President, Vice-Presidents, WGTU co-chairs): actor
files name the roles a state holds, cycle files name the people and their dates. Narrative
text is kept per language (`en` always, `fr`, `es`, `ar`, `ru`, `zh` where written), so
a report in Arabic can say what was discussed in Arabic; a report falls back to English,
and says so, where a language is missing.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from att_univ.data.models.common import ISO3, Name, OptionalSources, Record, Slug, Sources
from att_univ.data.models.localized import Language, Localized, LocalizedName

ConferenceFormat = Literal["in-person", "hybrid", "written-procedure"]
MeetingFormat = Literal["in-person", "in-person-streamed", "hybrid", "virtual"]
Honorific = Literal["ambassador"]


class Conference(Record):
    """The Conference of States Parties that closes the cycle."""

    start: dt.date
    end: dt.date
    venue: LocalizedName | None = Field(default=None, description="The city, per language; none for a written procedure.")
    format: ConferenceFormat = "in-person"
    theme: Localized | None = None
    sources: Sources


class Officer(Record):
    """A President, Vice-President or WGTU co-chair: the state, and the person where known."""

    state: ISO3
    name: LocalizedName | None = Field(default=None, description="Leave empty when not known; never guess.")
    honorific: Honorific | None = None
    regional_group: Slug | None = Field(default=None, description="Vice-Presidents: the UN regional group they represent.")
    role: Localized | None = Field(default=None, description="What else the person is, e.g. President of CSP8.")
    appointed: dt.date | None = None
    caveat: Localized | None = Field(default=None, description="Why a fact about the officer is uncertain.")
    sources: OptionalSources = ()


class Meeting(Record):
    """A WGTU meeting of the cycle and the points discussed."""

    date: dt.date
    format: MeetingFormat
    points: tuple[Localized, ...] = ()
    sources: OptionalSources = ()


class DraftReport(Record):
    """The co-chairs' draft report to the Conference, as issued."""

    date: dt.date | None = Field(default=None, description="Date of issue; the default cut-off of `attu report`.")
    symbol: Name | None = Field(default=None, description="The full document symbol, where known.")
    symbol_pattern: Name | None = Field(
        default=None, description="The symbol with its unknown part written <no>, where only that much is known."
    )
    original_language: Language | None = None
    sources: OptionalSources = ()


class Decision(Record):
    """A decision proposed to the Conference: to endorse, or to take note of."""

    kind: Literal["endorse", "take-note"]
    text: Localized


class Annex(Record):
    """An annex of the draft report, such as a proposal with the decisions it asks for."""

    label: Annotated[str, Field(pattern=r"^[A-Z]$")]
    title: Localized
    paragraphs: tuple[Localized, ...] = ()
    decisions: tuple[Decision, ...] = ()
    sources: OptionalSources = ()


class Cycle(Record):
    """One CSP cycle, from the close of the previous Conference to the close of this one."""

    id: Slug = Field(description="The Conference's abbreviation in lower case, such as csp9.")
    number: Annotated[int, Field(ge=1, le=99)]
    conference: Conference
    president: Officer | None = None
    vice_presidents: tuple[Officer, ...] = ()
    wgtu_co_chairs: tuple[Officer, ...] = ()
    report: DraftReport | None = None
    background: tuple[Localized, ...] = ()
    appointment: tuple[Localized, ...] = Field(default=(), description="How the co-chairs came to be appointed.")
    meetings: tuple[Meeting, ...] = ()
    intersessional: tuple[Localized, ...] = ()
    recommendations: tuple[Localized, ...] = ()
    annexes: tuple[Annex, ...] = ()
    sources: Sources
