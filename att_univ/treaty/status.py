"""The state of the treaty on a day, as the depositary counts it: totals, regions, states, recent changes.

Pure: no I/O, no clock. It works on the compact treaty index (`att_univ.treaty.index`), so that a
cached index answers without pydantic; a `Dataset` is turned into its index first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from att_univ.core.errors import UsageError
from att_univ.core.treaty_rules import renounced_from, status_from
from att_univ.core.wording import one_year_before
from att_univ.treaty.index import RegionFacts, StateFacts, TreatyIndex

if TYPE_CHECKING:
    from att_univ.data.dataset import Dataset

SCHEME_LABELS = {
    "un-regional-group": "UN regional group",
    "m49-region": "Region (UN M49)",
    "m49-subregion": "Sub-region (UN M49)",
    "m49-intermediate-region": "Intermediate region (UN M49)",
    "organisation": "Regional organisation",
}
SCHEMES = tuple(SCHEME_LABELS)  # the same as models.region.SCHEMES, without importing pydantic
DEFAULT_SCHEME = "un-regional-group"
# Schemes whose regions may overlap, so that their rows do not add up to the total.
OVERLAPPING_SCHEMES = frozenset({"organisation"})


class Counts(NamedTuple):
    """How many states of a set are parties, in force, signatories and outside the treaty."""

    states: int = 0
    parties: int = 0
    in_force: int = 0
    signatories: int = 0  # signed, not (yet) deposited: as the depositary counts them
    non_signatories: int = 0
    intent_not_to_become_party: int = 0  # signatories that said they will not become a party
    joined_recently: int = 0  # deposited in the 12 months up to the day

    @property
    def party_share(self) -> float | None:
        """Parties as a share of the states (None for an empty set)."""
        return self.parties / self.states if self.states else None


class StateStatus(NamedTuple):
    """One state on the day."""

    iso3: str
    name: str
    un_member: bool
    status: str  # party | signatory | non-signatory
    signed: dt.date | None
    deposited: dt.date | None
    instrument: str | None
    in_force_from: dt.date | None  # known only once deposited
    in_force: bool
    renounced: dt.date | None  # set when it had said, by the day, that it will not become a party
    joined_recently: bool
    regions: tuple[str, ...]  # slugs of its regions in the breakdown's scheme


class RegionStatus(NamedTuple):
    """One row of the breakdown."""

    slug: str
    name: str
    counts: Counts


class Change(NamedTuple):
    """Something the depositary recorded in the 12 months up to the day."""

    date: dt.date
    iso3: str
    name: str
    event: str  # deposit | signature | intent-not-to-become-party
    instrument: str | None = None


class SourceUse(NamedTuple):
    """A source cited by the treaty facts counted, and by how many states."""

    id: str
    title: str
    publisher: str | None
    url: str | None
    date: dt.date | None
    states: int


class RegionRef(NamedTuple):
    """The region a report is limited to."""

    slug: str
    name: str
    scheme: str


class StatusReport(NamedTuple):
    """The state of the treaty on a day, for all states or one region's members on that day."""

    as_of: dt.date
    dataset_title: str
    dataset_as_of: dt.date
    reconciled_on: dt.date | None
    reconciled_source: str | None
    reconciled_page_as_at: dt.date | None
    sources: tuple[SourceUse, ...]  # most cited first
    region: RegionRef | None
    scheme: str
    overlapping: bool
    totals: Counts
    by_region: tuple[RegionStatus, ...]
    unassigned: Counts | None  # states of the report in no region of the scheme
    states: tuple[StateStatus, ...]  # in name order
    recent_since: dt.date  # first day of the 12 months up to as_of
    recent: tuple[Change, ...]  # oldest first

    @property
    def beyond_dataset(self) -> bool:
        """Whether the day is later than the newest date the dataset vouches for."""
        return self.as_of > self.dataset_as_of


def treaty_status(
    dataset: TreatyIndex | Dataset, day: dt.date, region: str | None = None, by_scheme: str = DEFAULT_SCHEME
) -> StatusReport:
    """Count parties, signatories and non-signatories on `day`, overall and by region of `by_scheme`."""
    index = dataset if isinstance(dataset, TreatyIndex) else _index_of(dataset)
    if by_scheme not in SCHEMES:
        raise UsageError(_unknown("scheme", by_scheme, SCHEMES))
    selected = index.states
    region_ref = None
    if region is not None:
        found = index.region(region.strip().casefold())
        if found is None:
            raise UsageError(_unknown("region", region, [r.slug for r in index.regions]))
        members = found.members_on(day)
        selected = tuple(s for s in index.states if s.iso3 in members)
        region_ref = RegionRef(found.slug, found.name, found.scheme)

    recent_since = one_year_before(day) + dt.timedelta(days=1)
    scheme_regions = index.regions_in(by_scheme)
    memberships = {r.slug: r.members_on(day) for r in scheme_regions}
    states = tuple(_state_status(s, day, recent_since, scheme_regions, memberships) for s in selected)

    by_region = []
    for scheme_region in scheme_regions:
        rows = [s for s in states if scheme_region.slug in s.regions]
        if rows or region is None:
            by_region.append(RegionStatus(scheme_region.slug, scheme_region.name, _count(rows)))
    outside = [s for s in states if not s.regions]
    return StatusReport(
        as_of=day,
        dataset_title=index.title,
        dataset_as_of=index.as_of,
        reconciled_on=index.reconciled_on,
        reconciled_source=index.reconciled_source,
        reconciled_page_as_at=index.reconciled_page_as_at,
        sources=_sources(index, selected),
        region=region_ref,
        scheme=by_scheme,
        overlapping=by_scheme in OVERLAPPING_SCHEMES,
        totals=_count(states),
        by_region=tuple(by_region),
        unassigned=_count(outside) if outside else None,
        states=states,
        recent_since=recent_since,
        recent=_changes(selected, recent_since, day),
    )


def _index_of(dataset: Dataset) -> TreatyIndex:
    from att_univ.treaty.index import build_index

    return build_index(dataset)


def _state_status(
    state: StateFacts,
    day: dt.date,
    recent_since: dt.date,
    scheme_regions: Iterable[RegionFacts],
    memberships: dict[str, frozenset[str]],
) -> StateStatus:
    status = status_from(state.signed, state.deposited, day)
    party = status == "party"
    return StateStatus(
        iso3=state.iso3,
        name=state.name,
        un_member=state.un_member,
        status=status,
        signed=state.signed if state.signed is not None and state.signed <= day else None,
        deposited=state.deposited if party else None,
        instrument=state.instrument if party else None,
        in_force_from=state.in_force_from if party else None,
        in_force=party and state.in_force_from is not None and state.in_force_from <= day,
        renounced=state.renounced if status == "signatory" and renounced_from(state.renounced, day) else None,
        joined_recently=party and state.deposited is not None and state.deposited >= recent_since,
        regions=tuple(r.slug for r in scheme_regions if state.iso3 in memberships[r.slug]),
    )


def _count(states: Iterable[StateStatus]) -> Counts:
    states_n = parties = in_force = signatories = renounced = recent = 0
    for state in states:
        states_n += 1
        if state.status == "party":
            parties += 1
            in_force += state.in_force
            recent += state.joined_recently
        elif state.status == "signatory":
            signatories += 1
            renounced += state.renounced is not None
    return Counts(
        states=states_n,
        parties=parties,
        in_force=in_force,
        signatories=signatories,
        non_signatories=states_n - parties - signatories,
        intent_not_to_become_party=renounced,
        joined_recently=recent,
    )


def _changes(states: Iterable[StateFacts], since: dt.date, day: dt.date) -> tuple[Change, ...]:
    changes = []
    for state in states:
        for when, event, instrument in (
            (state.signed, "signature", None),
            (state.deposited, "deposit", state.instrument),
            (state.renounced, "intent-not-to-become-party", None),
        ):
            if when is not None and since <= when <= day:
                changes.append(Change(when, state.iso3, state.name, event, instrument))
    # States come in name order, and the sort is stable: by date, then by name.
    return tuple(sorted(changes, key=lambda c: c.date))


def _sources(index: TreatyIndex, states: Iterable[StateFacts]) -> tuple[SourceUse, ...]:
    cited: dict[str, int] = {}
    for state in states:
        for source_id in state.sources:
            cited[source_id] = cited.get(source_id, 0) + 1
    uses = []
    for key, number in sorted(cited.items(), key=lambda item: (-item[1], item[0])):
        source = index.sources.get(key)
        if source is not None:
            uses.append(SourceUse(key, source.title, source.publisher, source.url, source.date, number))
    return tuple(uses)


def _unknown(what: str, value: str, choices: Iterable[str]) -> str:
    import difflib

    options = sorted(choices)
    close = difflib.get_close_matches(value.casefold(), options, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown {what} {value!r}{hint} ({what}s: {', '.join(options)})"
