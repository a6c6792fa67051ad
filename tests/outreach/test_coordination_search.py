"""The coordinator's searches (overlaps, gaps, overdue follow-ups) against the obvious ones.

The obvious searches compare every engagement with every other; they were `attu coordinate`'s
own until the log grew to thousands of engagements. They stay here, only here, as the oracle:
on small random logs the fast searches must find exactly what they find, in the same order and
with the same words.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from hypothesis import example, given, settings
from hypothesis import strategies as st

from att_univ.data.dataset import Dataset
from att_univ.data.models.actor import Actor
from att_univ.data.models.engagement import Engagement
from att_univ.data.models.plan import Plan
from att_univ.data.rules.coordination import actors_of
from att_univ.outreach.coordination import (
    Gap,
    OverdueFollowUp,
    Overlap,
    _end,
    _join,
    _months_between,
    _ref,
    _state_name,
    _when,
    active_plans,
    find_gaps,
    find_overdue,
    find_overlaps,
    months_before,
)
from att_univ.outreach.tiers import DEFAULT_STALE_AFTER_DAYS, TIER_LABELS, assign_tiers, long_date
from tests.support.datasets import COORD, load_ok

FIXTURE = load_ok(COORD)
STATES = (*sorted(FIXTURE.states), "XZZ")  # and one the dataset does not know
ACTORS = (*sorted(actors_of(FIXTURE)), "nobody")
FIRST_DAY = dt.date(2025, 9, 1)


# --- the oracle: every pair compared -----------------------------------------------------------


def pairwise_overlaps(
    dataset: Dataset, engagements: Sequence[Engagement], actors: Mapping[str, Actor], as_of: dt.date, window_days: int
) -> list[Overlap]:
    start, end = as_of - dt.timedelta(days=window_days), as_of + dt.timedelta(days=window_days)
    near = [e for e in engagements if e.actors and e.states and e.date <= end and _end(e) >= start]
    found = []
    for index, first in enumerate(near):
        for second in near[index + 1 :]:
            shared = sorted(set(first.states) & set(second.states))
            if not shared or set(first.actors) & set(second.actors):
                continue
            if first.id in second.references or second.id in first.references:
                continue
            apart = max(0, (second.date - _end(first)).days, (first.date - _end(second)).days)
            if apart > window_days:
                continue
            names = tuple(_state_name(dataset, code) for code in shared)
            a, b = _ref(first, actors, as_of), _ref(second, actors, as_of)
            when = "on the same days" if apart == 0 else f"{apart} day{'s' * (apart != 1)} apart"
            why = (
                f"{_join(a.actors)} and {_join(b.actors)} both engage {_join(names)} {when} "
                f"({_when(a)}: {a.title}; {_when(b)}: {b.title}), and neither record refers to the other. "
                "Agree who leads, or add the earlier engagement to the later one's references."
            )
            found.append(Overlap(tuple(shared), names, a, b, apart, why))
    return found


def pairwise_gaps(
    dataset: Dataset,
    engagements: Sequence[Engagement],
    actors: Mapping[str, Actor],
    plans: Sequence[Plan],
    as_of: dt.date,
    gap_since: dt.date,
) -> list[Gap]:
    members: dict[str, list[str]] = {}
    focus_of: dict[str, list[str]] = {}
    for plan in plans:
        for focus in plan.focus_regions:
            region = dataset.regions.get(focus.region)
            if region is None:
                continue
            for code in sorted(region.members_on(as_of)):
                names = members.setdefault(code, [])
                if region.name not in names:
                    names.append(region.name)
                    focus_of.setdefault(code, []).append(f"{region.name} (plan {plan.id})")
    if not members:
        return []
    tiered = [
        a
        for a in assign_tiers(dataset, as_of, stale_after_days=DEFAULT_STALE_AFTER_DAYS)
        if a.iso3 in members and a.tier in (1, 2)
    ]
    months = _months_between(gap_since, as_of)
    gaps = []
    for assignment in tiered:
        with_state = [e for e in engagements if assignment.iso3 in e.states]
        past = [e for e in with_state if e.date <= as_of]
        last = max(past, key=lambda e: (_end(e), e.id), default=None)
        if last is not None and _end(last) >= gap_since:
            continue
        upcoming = [e for e in with_state if e.date > as_of]
        planned = min(upcoming, key=lambda e: (e.date, e.id), default=None)
        last_ref = _ref(last, actors, as_of) if last is not None else None
        planned_ref = _ref(planned, actors, as_of) if planned is not None else None
        label = TIER_LABELS[assignment.tier].lower()
        why = f"Tier {assignment.tier} ({label}) in the focus region {_join(focus_of[assignment.iso3])}. "
        if last_ref is None:
            why += "No engagement with it is recorded."
        else:
            why += (
                f"The last engagement with it was on {_when(last_ref)} ({last_ref.title}, by {_join(last_ref.actors)}): "
                f"none in the {months} since {long_date(gap_since)}."
            )
        if planned_ref is not None:
            why += f" One is planned for {long_date(planned_ref.date)} ({planned_ref.title})."
        regions = tuple(members[assignment.iso3])
        gaps.append(Gap(assignment.iso3, assignment.name, assignment.tier, regions, last_ref, planned_ref, why))
    return gaps


def pairwise_overdue(
    dataset: Dataset, engagements: Sequence[Engagement], actors: Mapping[str, Actor], as_of: dt.date
) -> list[OverdueFollowUp]:
    def followed_up(engagement: Engagement, engagements: Iterable[Engagement]) -> bool:
        for other in engagements:
            if other.id == engagement.id or other.date > as_of or other.date < engagement.date:
                continue
            if engagement.id in other.references:
                return True
            same_people = set(other.actors) & set(engagement.actors) and set(other.states) & set(engagement.states)
            if same_people and other.date > engagement.date:
                return True
        return False

    found = []
    for engagement in engagements:
        due = engagement.follow_up
        if due is None or due >= as_of or followed_up(engagement, engagements):
            continue
        ref = _ref(engagement, actors, as_of)
        days = (as_of - due).days
        states = _join([_state_name(dataset, code) for code in engagement.states]) or "no state named"
        why = (
            f"Follow-up was due on {long_date(due)}, {days} day{'s' * (days != 1)} before {long_date(as_of)}, after "
            f"{ref.title} ({_when(ref)}, by {_join(ref.actors) or 'no actor named'}, with {states}). No later engagement "
            "refers to it, and none by the same actor with the same state is recorded since."
        )
        found.append(OverdueFollowUp(ref, due, days, engagement.states, why))
    return sorted(found, key=lambda f: (f.due, f.engagement.id))


# --- small random logs -------------------------------------------------------------------------


ROW = st.tuples(
    st.integers(0, 100),  # days after FIRST_DAY
    st.one_of(st.none(), st.integers(0, 40)),  # days it lasts
    st.one_of(st.none(), st.integers(0, 90)),  # days until the follow-up is due
    st.lists(st.sampled_from(ACTORS), max_size=2, unique=True),
    st.lists(st.sampled_from(STATES), max_size=3, unique=True),
    st.lists(st.integers(0, 13), max_size=2),  # engagements it refers to, by position
)


def as_log(rows: list[tuple]) -> list[Engagement]:
    """Engagements e00, e01, ... from drawn rows, referring to one another by position."""
    log = []
    for index, (offset, length, due, actors, states, references) in enumerate(rows):
        day = FIRST_DAY + dt.timedelta(days=offset)
        fields = {
            "id": f"e{index:02d}",
            "kind": "meeting",
            "title": f"Meeting {index}",
            "date": day,
            "end_date": None if length is None else day + dt.timedelta(days=length),
            "actors": tuple(actors),
            "states": tuple(states),
            "references": tuple(f"e{other:02d}" for other in references if other != index),
            "follow_up": None if due is None else day + dt.timedelta(days=due),
        }
        log.append(Engagement.model_validate(fields))
    return log


# Up to 14 engagements over three months, among a few states and actors, some long, some referring to others.
LOGS = st.lists(ROW, max_size=14).map(as_log)


def with_log(engagements: list[Engagement]) -> Dataset:
    return dataclasses.replace(FIXTURE, records={**FIXTURE.records, "engagements": {e.id: e for e in engagements}})


SEARCH = dict(
    log=LOGS,
    as_of=st.dates(FIRST_DAY, FIRST_DAY + dt.timedelta(days=120)),
    window=st.integers(1, 40),
)


@settings(max_examples=250, deadline=None)
@given(**SEARCH)
def test_the_fast_overlap_search_finds_exactly_the_pairs_every_pair_compared_finds(
    log: list[Engagement], as_of: dt.date, window: int
) -> None:
    dataset, actors = with_log(log), actors_of(FIXTURE)
    ordered = sorted(log, key=lambda e: (e.date, e.id))
    expected = pairwise_overlaps(dataset, ordered, actors, as_of, window)
    assert find_overlaps(dataset, ordered, actors, as_of, window) == expected


@settings(max_examples=200, deadline=None)
@given(**SEARCH, gap_months=st.integers(1, 8))
# Signa's last engagement is the one that ended last (1 September to 11 October), not the one that started last.
@example(
    log=as_log([(0, 40, None, ["ngo"], ["XSA"], []), (10, None, None, ["unrc"], ["XSA"], [])]),
    as_of=dt.date(2025, 11, 15),
    window=30,
    gap_months=1,
)
def test_gaps_and_overdue_follow_ups_match_the_log_searched_for_each(
    log: list[Engagement], as_of: dt.date, window: int, gap_months: int
) -> None:
    dataset, actors = with_log(log), actors_of(FIXTURE)
    ordered = sorted(log, key=lambda e: (e.date, e.id))
    plans, since = active_plans(dataset, as_of), months_before(as_of, gap_months)
    gaps = pairwise_gaps(dataset, ordered, actors, plans, as_of, since)
    overdue = pairwise_overdue(dataset, ordered, actors, as_of)
    assert find_gaps(dataset, ordered, actors, plans, as_of, since) == gaps
    assert find_overdue(dataset, ordered, actors, as_of) == overdue


def test_the_oracle_and_the_fast_search_agree_on_a_log_read_by_hand() -> None:
    """Two engagements of different actors with Signa on the same day, one with a follow-up due and not made."""
    near = FIRST_DAY + dt.timedelta(days=10)
    log = [
        Engagement.model_validate(
            {"id": "a", "kind": "meeting", "title": "A", "date": near, "actors": ("ngo",), "states": ("XSA",), "follow_up": near}
        ),
        Engagement.model_validate(
            {"id": "b", "kind": "call", "title": "B", "date": near, "actors": ("unrc",), "states": ("XSA", "XSC")}
        ),
    ]
    dataset, actors = with_log(log), actors_of(FIXTURE)
    as_of = near + dt.timedelta(days=5)
    assert [(o.first.id, o.second.id) for o in find_overlaps(dataset, log, actors, as_of, 10)] == [("a", "b")]
    assert [f.engagement.id for f in find_overdue(dataset, log, actors, as_of)] == ["a"]
    assert pairwise_overlaps(dataset, log, actors, as_of, 10) == find_overlaps(dataset, log, actors, as_of, 10)
