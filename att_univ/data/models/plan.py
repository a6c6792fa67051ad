"""Multi-year universalization plans (CSP9, Annex A): period, focus regions, people, objectives.

The plan's narrative (title, objectives, notes, milestones, background) is English text, or text
per language as cycle files write theirs (`data/models/localized.py`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field

from att_univ.data.models.common import OptionalSources, Record, Sensitive, Slug, Unconfirmed
from att_univ.data.models.localized import TranslatableName, TranslatableText

DEFAULT_YEARS = 3  # CSP9: "initially three years for chosen regions, then assessment"


class Period(Record):
    """When the plan runs: from its start, for a number of whole years."""

    start: dt.date
    years: Annotated[int, Field(ge=1, le=10)] = DEFAULT_YEARS

    def year_start(self, year: int) -> dt.date:
        """First day of the plan's year `year` (1-based)."""
        return _add_years(self.start, year - 1)

    def year_end(self, year: int) -> dt.date:
        """Last day of the plan's year `year` (1-based)."""
        return _add_years(self.start, year) - dt.timedelta(days=1)

    @property
    def end(self) -> dt.date:
        """The period's last day."""
        return self.year_end(self.years)


class FocusRegion(Record):
    """A region the plan focuses on, with its facilitators and champions (actor ids)."""

    region: Slug
    facilitators: tuple[Slug, ...] = Field(default=(), description="Vice-Presidents acting as regional facilitators (actor ids).")
    champions: tuple[Slug, ...] = Field(default=(), description="States Parties volunteering as regional champions (actor ids).")
    note: TranslatableText | None = None


class Milestone(Record):
    """What the plan means to achieve in one of its years; for one focus region or for all."""

    year: Annotated[int, Field(ge=1, le=10)]
    text: TranslatableText
    region: Slug | None = Field(default=None, description="A focus region; none means every focus region.")
    due: dt.date | None = None
    sources: OptionalSources = ()


class Background(Record):
    """A fact the plan builds on (an earlier workshop, a translation), with its sources."""

    text: TranslatableText
    date: dt.date | None = None
    sources: OptionalSources = ()


class Plan(Sensitive):
    """A multi-year universalization plan (file `data/plans/<id>.yaml`)."""

    id: Slug
    title: TranslatableName = Field(description="The title: English text, or text per language ({en: ..., fr: ...}).")
    cycle: Slug | None = Field(default=None, description="The CSP cycle that adopted the plan: a cycle id such as csp9.")
    presidency: TranslatableText | None = Field(default=None, description="The CSP Presidency that leads the plan.")
    period: Period
    baseline: dt.date = Field(description="The date progress is measured from.")
    focus_regions: Annotated[tuple[FocusRegion, ...], Field(min_length=1)]
    objectives: tuple[TranslatableText, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    background: tuple[Background, ...] = ()
    example: bool = Field(default=False, description="True for a sample of the format, not an adopted plan.")
    example_note: TranslatableText | None = Field(default=None, description="Which parts of an example are illustrative.")
    sources: OptionalSources = ()
    unconfirmed: Unconfirmed = ()


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)
