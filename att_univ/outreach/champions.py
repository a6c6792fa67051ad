"""The regional network CSP9 proposed, as it stands on a date: per region, its facilitators
(Vice-Presidents), its champions (States Parties that volunteered), the states each champion
accompanies, and when each was last in contact.

Pure: built from whatever dataset it is given, so for a public audience it is built from the
public view and shows only what that audience may see. An actor that a plan names but that
the dataset given does not hold (hidden from the audience) is left out, not shown as an id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from att_univ.core.treaty_rules import status_on
from att_univ.data.dataset import Dataset
from att_univ.data.models.actor import Actor
from att_univ.data.models.engagement import Engagement
from att_univ.data.models.region import Region
from att_univ.data.rules.coordination import actors_of
from att_univ.outreach.coordination import active_plans, actor_label


@dataclass(frozen=True)
class Contact:
    """The latest engagement that counts as contact."""

    id: str
    date: dt.date
    title: str
    actors: tuple[str, ...]  # names


@dataclass(frozen=True)
class Facilitator:
    """A regional facilitator named by an active plan."""

    id: str
    name: str
    kind: str
    state: str | None  # ISO3
    state_name: str | None
    plans: tuple[str, ...]
    last_contact: Contact | None  # its latest engagement in the region


@dataclass(frozen=True)
class PairedState:
    """A state a champion accompanies."""

    iso3: str
    name: str
    status: str  # as the depositary counts it on the date
    since: dt.date
    last_contact: Contact | None  # the latest engagement with the state, by anyone


@dataclass(frozen=True)
class Champion:
    """A State Party that volunteered as champion for the region."""

    id: str
    name: str
    state: str | None
    state_name: str | None
    since: dt.date | None
    languages: tuple[str, ...]
    offers: tuple[tuple[str, str], ...]  # (kind, summary)
    paired: tuple[PairedState, ...]
    last_contact: Contact | None  # its latest engagement in the region


@dataclass(frozen=True)
class RegionNetwork:
    """One region's network."""

    slug: str
    name: str
    plans: tuple[str, ...]  # active plans with the region as a focus region
    facilitators: tuple[Facilitator, ...]
    champions: tuple[Champion, ...]


def network(dataset: Dataset, day: dt.date, *, regions: Collection[str] | None = None) -> tuple[RegionNetwork, ...]:
    """The network on `day` for the regions named, or else for every focus region and every champion's region."""
    actors = actors_of(dataset)
    plans = active_plans(dataset, day)
    champions = [a for a in actors.values() if a.kind == "champion" and a.active_on(day)]
    if regions is None:
        wanted = {f.region for p in plans for f in p.focus_regions} | {slug for a in champions for slug in a.regions}
    else:
        wanted = set(regions)
    engagements = sorted((e for e in dataset.engagements.values() if e.date <= day), key=lambda e: (e.date, e.id))
    result = []
    for slug in wanted:
        region = dataset.regions.get(slug)
        if region is None:
            continue
        focus = [(p.id, f) for p in plans for f in p.focus_regions if f.region == slug]
        facilitator_plans: dict[str, list[str]] = {}
        champion_ids: list[str] = []
        for plan_id, entry in focus:
            for actor_id in entry.facilitators:
                facilitator_plans.setdefault(actor_id, []).append(plan_id)
            champion_ids.extend(entry.champions)
        champion_ids.extend(a.id for a in champions if slug in a.regions)
        facilitators = tuple(
            _facilitator(dataset, actors[i], tuple(ids), region, engagements, actors)
            for i, ids in facilitator_plans.items()
            if i in actors
        )
        chosen = sorted({i for i in champion_ids if i in actors}, key=lambda i: (Dataset.sort_key(actors[i].name), i))
        result.append(
            RegionNetwork(
                slug=slug,
                name=region.name,
                plans=tuple(dict.fromkeys(plan_id for plan_id, _ in focus)),
                facilitators=facilitators,
                champions=tuple(_champion(dataset, actors[i], region, day, engagements, actors) for i in chosen),
            )
        )
    return tuple(sorted(result, key=lambda r: (Dataset.sort_key(r.name), r.slug)))


def _facilitator(
    dataset: Dataset,
    actor: Actor,
    plans: tuple[str, ...],
    region: Region,
    engagements: Sequence[Engagement],
    actors: Mapping[str, Actor],
) -> Facilitator:
    return Facilitator(
        id=actor.id,
        name=actor.name,
        kind=actor.kind,
        state=actor.state,
        state_name=_state_name(dataset, actor.state),
        plans=plans,
        last_contact=_latest(
            (e for e in engagements if actor.id in e.actors and _in_region(e, region)),
            actors,
        ),
    )


def _champion(
    dataset: Dataset,
    actor: Actor,
    region: Region,
    day: dt.date,
    engagements: Sequence[Engagement],
    actors: Mapping[str, Actor],
) -> Champion:
    paired = []
    for pairing in actor.paired_states:
        if not pairing.on(day):
            continue
        state = dataset.states.get(pairing.state)
        paired.append(
            PairedState(
                iso3=pairing.state,
                name=state.name if state is not None else pairing.state,
                status=status_on(state.treaty, day) if state is not None else "unknown",
                since=pairing.since,
                last_contact=_latest((e for e in engagements if pairing.state in e.states), actors),
            )
        )
    return Champion(
        id=actor.id,
        name=actor.name,
        state=actor.state,
        state_name=_state_name(dataset, actor.state),
        since=actor.since,
        languages=actor.languages,
        offers=tuple((offer.kind, offer.summary) for offer in actor.offers),
        paired=tuple(sorted(paired, key=lambda p: Dataset.sort_key(p.name))),
        last_contact=_latest((e for e in engagements if actor.id in e.actors and _in_region(e, region)), actors),
    )


def _in_region(engagement: Engagement, region: Region) -> bool:
    if region.slug in engagement.regions:
        return True
    members = region.members_on(engagement.date)
    return any(code in members for code in engagement.states)


def _latest(engagements: Iterable[Engagement], actors: Mapping[str, Actor]) -> Contact | None:
    last = max(engagements, key=lambda e: (e.end_date or e.date, e.id), default=None)
    if last is None:
        return None
    names = tuple(actor_label(actors[a]) for a in last.actors if a in actors)  # hidden actors stay hidden
    return Contact(last.id, last.end_date or last.date, last.title, names)


def _state_name(dataset: Dataset, code: str | None) -> str | None:
    if code is None:
        return None
    state = dataset.states.get(code)
    return state.name if state is not None else code
