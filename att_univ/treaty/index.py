"""The treaty index: the plain data that `status` and `timeline` need, built once from a validated dataset.

Everything here is standard-library data (named tuples, tuples, dates), so the index can be
cached (`att_univ.treaty.cache`) and used without importing pydantic or ruamel. Named tuples rather
than dataclasses: `attu status` answers from this index in a few tens of milliseconds, and
importing `dataclasses` (with `inspect`) and building each class would take a quarter of that. It is public by
construction: it holds the depositary's treaty facts, region memberships and the dataset's
sources, never a `Sensitive` part; plus the restricted strings the confidentiality guard must
keep out of public output.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from att_univ.data.dataset import Dataset
    from att_univ.data.guard import Guard

# The UN regional group "region" of the states in none: listed last, after the real groups.
CATCH_ALL_REGIONS = frozenset({"no-regional-group"})


class StateFacts(NamedTuple):
    """One state's treaty record as dates, with the sources that attest it."""

    iso3: str
    name: str
    un_member: bool
    signed: dt.date | None
    deposited: dt.date | None
    instrument: str | None
    in_force_from: dt.date | None  # as recorded, else by Art. 22 (see treaty.in_force_from)
    renounced: dt.date | None  # communication that it does not intend to become a party
    sources: tuple[str, ...]  # of its treaty facts, in order of first citation


class RegionFacts(NamedTuple):
    """A region and its members as `(iso3, since, until)`; `until` is the first day outside."""

    slug: str
    name: str
    scheme: str
    members: tuple[tuple[str, dt.date | None, dt.date | None], ...]

    def members_on(self, day: dt.date) -> frozenset[str]:
        """ISO3 codes of the states that were members on this day (as `Region.members_on`)."""
        return frozenset(code for code, since, until in self.members if member_on(since, until, day))

    @property
    def catch_all(self) -> bool:
        """Whether this is the region of states that belong to no group of its scheme."""
        return self.slug in CATCH_ALL_REGIONS


class SourceFacts(NamedTuple):
    """A source as `dataset.yaml` describes it."""

    id: str
    title: str
    publisher: str | None
    url: str | None
    date: dt.date | None


class TreatyIndex(NamedTuple):
    """The dataset, reduced to what status and timeline need."""

    title: str
    as_of: dt.date
    sources: Mapping[str, SourceFacts]
    states: tuple[StateFacts, ...]  # in name order, accents and case ignored
    regions: tuple[RegionFacts, ...]  # in the order they are shown: by scheme, name, catch-all last
    public_secrets: tuple[tuple[str, str], ...] = ()  # (normalised text, field) the public may not see
    reconciled_on: dt.date | None = None  # when the dataset last agreed with the depositary's page
    reconciled_source: str | None = None  # that page, by its source id
    reconciled_page_as_at: dt.date | None = None  # that page's own "status as at" date

    def region(self, slug: str) -> RegionFacts | None:
        """A region by slug."""
        return next((r for r in self.regions if r.slug == slug), None)

    def regions_in(self, scheme: str) -> tuple[RegionFacts, ...]:
        """The regions of one scheme, in display order."""
        return tuple(r for r in self.regions if r.scheme == scheme)


def member_on(since: dt.date | None, until: dt.date | None, day: dt.date) -> bool:
    """Whether a membership from `since` until (not including) `until` covers the day."""
    return (since is None or since <= day) and (until is None or day < until)


def build_index(dataset: Dataset) -> TreatyIndex:
    """The treaty index of a full, validated dataset (restricted view: the guard needs its secrets)."""
    from att_univ.core.treaty_rules import in_force_from
    from att_univ.data.dataset import Dataset
    from att_univ.data.guard import guard_for

    states = []
    for state in sorted(dataset.states.values(), key=lambda s: (Dataset.sort_key(s.name), s.iso3)):
        treaty = state.treaty
        facts = [treaty.signature, treaty.deposit, treaty.entry_into_force, treaty.intent_not_to_become_party]
        cited = tuple(dict.fromkeys(source for fact in facts if fact is not None for source in fact.sources))
        states.append(
            StateFacts(
                iso3=state.iso3,
                name=state.name,
                un_member=state.un_member,
                signed=treaty.signature.date if treaty.signature else None,
                deposited=treaty.deposit.date if treaty.deposit else None,
                instrument=treaty.deposit.instrument if treaty.deposit else None,
                in_force_from=in_force_from(treaty),
                renounced=treaty.intent_not_to_become_party.date if treaty.intent_not_to_become_party else None,
                sources=cited,
            )
        )
    regions = [
        RegionFacts(
            slug=region.slug,
            name=region.name,
            scheme=region.scheme,
            members=tuple((m.state, m.since, m.until) for m in region.members),
        )
        for region in dataset.regions.values()
    ]
    regions.sort(key=lambda r: (r.scheme, r.catch_all, Dataset.sort_key(r.name), r.slug))
    sources = {
        key: SourceFacts(key, source.title, source.publisher, source.url, source.date)
        for key, source in dataset.meta.sources.items()
    }
    secrets = tuple((secret.normalised, secret.field) for secret in guard_for(dataset, "public").secrets)
    reconciled = dataset.meta.reconciled
    return TreatyIndex(
        title=dataset.meta.title,
        as_of=dataset.meta.as_of,
        sources=sources,
        states=tuple(states),
        regions=tuple(regions),
        public_secrets=secrets,
        reconciled_on=reconciled.reconciled_on if reconciled else None,
        reconciled_source=reconciled.source if reconciled else None,
        reconciled_page_as_at=reconciled.status_as_at if reconciled else None,
    )


def public_guard(index: TreatyIndex) -> Guard:
    """The confidentiality guard for public output, rebuilt from the index (no pydantic needed)."""
    from att_univ.data.guard import Guard, Secret

    return Guard("public", tuple(Secret(text, where) for text, where in index.public_secrets))
