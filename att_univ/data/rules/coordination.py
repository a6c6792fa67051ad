"""Cross-record rules for actors and engagements, appended to the rules of `att_univ.data.rules.general`.

References use the codes other rules use for the same fault (`unknown-actor`, `unknown-state`,
`unknown-region`); plans' facilitators and champions are already checked by
`att_univ.data.rules.plans.plan_actors`, so only what that rule cannot know (the actor's kind) is
checked here. Dates in engagements may lie after the dataset's as-of date: an engagement on a
later day is a planned one, which is what a coordinator most needs to see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from att_univ.core.problems import Problem
from att_univ.core.treaty_rules import status_on
from att_univ.data.dataset import Dataset
from att_univ.data.models.actor import CYCLE_KINDS, STATE_KINDS, Actor
from att_univ.data.models.common import SENSITIVITY_RANK
from att_univ.data.models.engagement import Engagement
from att_univ.data.rules import Rule

ACTORS = "actors"


def actors_of(dataset: Dataset) -> dict[str, Actor]:
    """The dataset's actors by id."""
    return {key: actor for key, actor in dataset.records.get(ACTORS, {}).items() if isinstance(actor, Actor)}


def _engagements(dataset: Dataset) -> Iterator[tuple[str, Engagement]]:
    yield from dataset.engagements.items()


def actor_fields(dataset: Dataset) -> Iterator[Problem]:
    """Each kind of actor carries what it needs: a cycle and a State for officers, a State, date and region for champions."""
    for key, actor in actors_of(dataset).items():

        def fault(field: str, message: str, key: str = key) -> Problem:
            return dataset.problem(ACTORS, key, (field,), "actor-fields", message, prefer_key=True)

        if actor.kind in CYCLE_KINDS and actor.cycle is None:
            yield fault("kind", f"a {actor.kind} actor names its CSP cycle (cycle: csp9, for instance)")
        if actor.kind not in CYCLE_KINDS and actor.cycle is not None:
            yield fault("cycle", "only a presidency or vice-president actor belongs to a CSP cycle")
        if actor.kind in STATE_KINDS and actor.state is None:
            yield fault("kind", f"a {actor.kind} actor names its State (state: ISO3 code)")
        if actor.kind == "champion" and actor.since is None:
            yield fault("kind", "a champion needs `since`: the day it was recorded as champion")
        if actor.kind == "champion" and not actor.regions:
            yield fault("kind", "a champion names the region(s) it volunteered for")
        if actor.kind != "champion" and actor.paired_states:
            yield fault("paired_states", "only a champion is paired with states")
        if actor.kind == "regional-organisation" and actor.organisation is None:
            yield fault("kind", "a regional organisation names the region listing its members (organisation: slug)")
        if actor.kind != "regional-organisation" and actor.organisation is not None:
            yield fault("organisation", "only a regional organisation names an organisation region")
        if actor.since is not None and actor.until is not None and actor.until <= actor.since:
            yield dataset.problem(ACTORS, key, ("until",), "actor-dates", "until is not after since")


def actor_references(dataset: Dataset) -> Iterator[Problem]:
    """An actor names existing states, regions and actors."""
    actors = actors_of(dataset)
    for key, actor in actors.items():
        if actor.state is not None and not dataset.exists("states", actor.state):
            yield dataset.problem(ACTORS, key, ("state",), "unknown-state", "not a state of the dataset (no file in states/)")
        for index, slug in enumerate(actor.regions):
            if not dataset.exists("regions", slug):
                yield dataset.problem(ACTORS, key, ("regions", index), "unknown-region", "region has no file in regions/")
        if actor.organisation is not None:
            region = dataset.regions.get(actor.organisation)
            if region is None and not dataset.exists("regions", actor.organisation):
                yield dataset.problem(ACTORS, key, ("organisation",), "unknown-region", "region has no file in regions/")
            elif region is not None and region.scheme != "organisation":
                yield dataset.problem(ACTORS, key, ("organisation",), "actor-fields", "the region is not of scheme organisation")
        if actor.part_of is not None and actor.part_of not in actors and not dataset.exists(ACTORS, actor.part_of):
            yield dataset.problem(ACTORS, key, ("part_of",), "unknown-actor", "actor id has no file in actors/")
        if actor.part_of == actor.id:
            yield dataset.problem(ACTORS, key, ("part_of",), "actor-fields", "an actor cannot be part of itself")
        for index, pairing in enumerate(actor.paired_states):
            if not dataset.exists("states", pairing.state):
                yield dataset.problem(
                    ACTORS,
                    key,
                    ("paired_states", index, "state"),
                    "unknown-state",
                    "not a state of the dataset (no file in states/)",
                )


def champions_are_parties(dataset: Dataset) -> Iterator[Problem]:
    """A champion is a State Party on the day it is recorded as champion (CSP9: States Parties volunteer)."""
    for key, actor in actors_of(dataset).items():
        if actor.kind != "champion" or actor.state is None or actor.since is None:
            continue
        state = dataset.states.get(actor.state)
        if state is not None and status_on(state.treaty, actor.since) != "party":
            yield dataset.problem(
                ACTORS,
                key,
                ("since",),
                "champion-not-party",
                "a champion must be a State Party on the day it is recorded as champion; its State had not deposited "
                "an instrument by then",
            )


def pairings_are_with_non_parties(dataset: Dataset) -> Iterator[Problem]:
    """A champion is paired with a state not yet party on the day the pairing starts, and not with its own State."""
    for key, actor in actors_of(dataset).items():
        for index, pairing in enumerate(actor.paired_states):
            where = ("paired_states", index)
            state = dataset.states.get(pairing.state)
            if state is not None and status_on(state.treaty, pairing.since) == "party":
                yield dataset.problem(
                    ACTORS,
                    key,
                    (*where, "state"),
                    "pairing-party",
                    "paired state was already a State Party when the pairing started; pair champions with states not yet party",
                )
            if pairing.state == actor.state:
                yield dataset.problem(ACTORS, key, (*where, "state"), "pairing-party", "a champion is not paired with itself")
            if pairing.until is not None and pairing.until <= pairing.since:
                yield dataset.problem(ACTORS, key, (*where, "until"), "pairing-dates", "until is not after since")
            if actor.since is not None and pairing.since < actor.since:
                yield dataset.problem(
                    ACTORS,
                    key,
                    (*where, "since"),
                    "pairing-dates",
                    "pairing starts before the actor was recorded as champion",
                )


def engagement_references(dataset: Dataset) -> Iterator[Problem]:
    """An engagement names existing actors and engagements (states and regions: see `known_states`, `known_regions`)."""
    actors = dataset.records.get(ACTORS)
    for key, engagement in _engagements(dataset):
        if actors is not None:
            for index, actor_id in enumerate(engagement.actors):
                if actor_id not in actors and not dataset.exists(ACTORS, actor_id):
                    yield dataset.problem(
                        "engagements", key, ("actors", index), "unknown-actor", "actor id has no file in actors/"
                    )
        for index, other in enumerate(engagement.references):
            if other == key:
                yield dataset.problem(
                    "engagements",
                    key,
                    ("references", index),
                    "unknown-engagement",
                    "an engagement does not refer to itself",
                )
            elif not dataset.exists("engagements", other):
                yield dataset.problem(
                    "engagements",
                    key,
                    ("references", index),
                    "unknown-engagement",
                    "engagement id has no file in engagements/",
                )


def engagement_dates(dataset: Dataset) -> Iterator[Problem]:
    """An engagement ends, and its follow-up falls due, on or after the day it starts."""
    for key, engagement in _engagements(dataset):
        checks: list[tuple[str, dt.date | None]] = [("end_date", engagement.end_date), ("follow_up", engagement.follow_up)]
        for field, value in checks:
            if value is not None and value < engagement.date:
                yield dataset.problem(
                    "engagements", key, (field,), "engagement-dates", f"{field} is before the engagement's date"
                )


def plan_actor_kinds(dataset: Dataset) -> Iterator[Problem]:
    """A plan's champions are champion actors; its facilitators are Vice-Presidents (as CSP9 proposed)."""
    actors = actors_of(dataset)
    for key, plan in dataset.records.get("plans", {}).items():
        for index, focus in enumerate(getattr(plan, "focus_regions", ())):
            for position, actor_id in enumerate(focus.champions):
                actor = actors.get(actor_id)
                if actor is not None and actor.kind != "champion":
                    yield dataset.problem(
                        "plans",
                        key,
                        ("focus_regions", index, "champions", position),
                        "actor-kind",
                        f"listed as champion, but the actor is of kind {actor.kind}",
                    )
            for position, actor_id in enumerate(focus.facilitators):
                actor = actors.get(actor_id)
                if actor is not None and actor.kind not in ("vice-president", "presidency"):
                    yield dataset.problem(
                        "plans",
                        key,
                        ("focus_regions", index, "facilitators", position),
                        "actor-kind",
                        f"regional facilitators are Vice-Presidents; this actor is of kind {actor.kind}",
                        severity="warning",
                    )


def sensitivity_matches(dataset: Dataset) -> Iterator[Problem]:
    """A record names only actors and engagements at least as open as itself, so no audience sees an id it may not."""
    actors = actors_of(dataset)
    engagements = dataset.engagements

    def more_restricted(referenced: Any, than: str) -> bool:
        level = getattr(referenced, "sensitivity", None)
        return level is not None and SENSITIVITY_RANK[level] > SENSITIVITY_RANK[than]

    def mismatch(folder: str, key: str, location: tuple[Any, ...], what: str, own: str, other: Any) -> Problem:
        return dataset.problem(
            folder,
            key,
            location,
            "sensitivity-mismatch",
            f"this {what} is {own} but names one that is {other.sensitivity}: whoever may see it would learn the id; "
            "make this record as restricted as the one it names, or that one as open as this",
        )

    for key, engagement in _engagements(dataset):
        own = engagement.sensitivity
        for index, actor_id in enumerate(engagement.actors):
            if more_restricted(actors.get(actor_id), own):
                yield mismatch("engagements", key, ("actors", index), "engagement", own, actors[actor_id])
        for index, other in enumerate(engagement.references):
            if more_restricted(engagements.get(other), own):
                yield mismatch("engagements", key, ("references", index), "engagement", own, engagements[other])
    for key, actor in actors.items():
        if actor.part_of is not None and more_restricted(actors.get(actor.part_of), actor.sensitivity):
            yield mismatch(ACTORS, key, ("part_of",), "actor", actor.sensitivity, actors[actor.part_of])
    for key, plan in dataset.records.get("plans", {}).items():
        own = getattr(plan, "sensitivity", "restricted")
        for index, focus in enumerate(getattr(plan, "focus_regions", ())):
            for role in ("facilitators", "champions"):
                for position, actor_id in enumerate(getattr(focus, role)):
                    if more_restricted(actors.get(actor_id), own):
                        yield mismatch("plans", key, ("focus_regions", index, role, position), "plan", own, actors[actor_id])


COORDINATION_RULES: tuple[Rule, ...] = (
    actor_fields,
    actor_references,
    champions_are_parties,
    pairings_are_with_non_parties,
    engagement_references,
    engagement_dates,
    plan_actor_kinds,
    sensitivity_matches,
)
