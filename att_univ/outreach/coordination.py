"""What a coordinator needs to see each month: overlapping outreach, gaps, overdue follow-ups,
and champions without a state to accompany.

Pure: a function of the dataset and dates passed in. Each finding carries the sentence that
explains it, so people can check the reasoning instead of trusting a flag. Engagements dated
after the as-of date are planned ones; overlaps look at them too, since duplication is best
avoided before it happens.
"""

from __future__ import annotations

import calendar
import datetime as dt
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from att_univ.core.treaty_rules import status_on
from att_univ.data.dataset import Dataset
from att_univ.data.models.actor import Actor
from att_univ.data.models.engagement import Engagement
from att_univ.data.models.localized import english
from att_univ.data.models.plan import Plan
from att_univ.data.rules.coordination import actors_of
from att_univ.outreach.plans import plans_of
from att_univ.outreach.tiers import DEFAULT_STALE_AFTER_DAYS, TIER_LABELS, assign_tiers, long_date

DEFAULT_WINDOW_DAYS = 30
DEFAULT_GAP_MONTHS = 6
GAP_TIERS = (1, 2)  # the tiers CSP9 asked the WGTU to focus on


@dataclass(frozen=True)
class EngagementRef:
    """An engagement as findings cite it."""

    id: str
    date: dt.date
    end_date: dt.date | None
    title: str
    actors: tuple[str, ...]  # names
    planned: bool  # dated after the as-of date


@dataclass(frozen=True)
class Overlap:
    """Two engagements of the same state(s) close in time by actors who did not refer to each other."""

    states: tuple[str, ...]  # ISO3
    state_names: tuple[str, ...]
    first: EngagementRef
    second: EngagementRef
    days_apart: int
    why: str


@dataclass(frozen=True)
class Gap:
    """A tier 1 or tier 2 state of a focus region that nobody has engaged for too long."""

    iso3: str
    name: str
    tier: int
    regions: tuple[str, ...]  # region names
    last: EngagementRef | None
    planned: EngagementRef | None
    why: str


@dataclass(frozen=True)
class OverdueFollowUp:
    """An engagement whose follow-up date has passed with no later engagement following it up."""

    engagement: EngagementRef
    due: dt.date
    days_overdue: int
    states: tuple[str, ...]  # ISO3
    why: str


@dataclass(frozen=True)
class UnpairedChampion:
    """A champion with no state not yet party to accompany on the date."""

    id: str
    name: str
    regions: tuple[str, ...]  # region names
    why: str


@dataclass(frozen=True)
class PlanRef:
    """A plan whose focus regions the gaps are looked for in."""

    id: str
    title: str
    example: bool
    regions: tuple[str, ...]  # region names


@dataclass(frozen=True)
class Coordination:
    """Everything `attu coordinate` reports, for one date."""

    as_of: dt.date
    window_days: int
    window_start: dt.date
    window_end: dt.date
    gap_months: int
    gap_since: dt.date
    plans: tuple[PlanRef, ...]
    overlaps: tuple[Overlap, ...]
    gaps: tuple[Gap, ...]
    overdue: tuple[OverdueFollowUp, ...]
    unpaired: tuple[UnpairedChampion, ...]


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (the month's last day where that month is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last_day))


def active_plans(dataset: Dataset, day: dt.date) -> list[Plan]:
    """Plans whose period includes the day, in id order."""
    return [p for _, p in sorted(plans_of(dataset).items()) if p.period.start <= day <= p.period.end]


def coordinate(
    dataset: Dataset,
    as_of: dt.date,
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
    gap_months: int = DEFAULT_GAP_MONTHS,
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS,
) -> Coordination:
    """Every finding on `as_of`: overlaps within `window_days`, gaps of `gap_months`, overdue follow-ups, unpaired champions."""
    actors = actors_of(dataset)
    window_start = as_of - dt.timedelta(days=window_days)
    window_end = as_of + dt.timedelta(days=window_days)
    gap_since = months_before(as_of, gap_months)
    plans = active_plans(dataset, as_of)
    region_names = {slug: region.name for slug, region in dataset.regions.items()}
    plan_refs = tuple(
        PlanRef(p.id, english(p.title), p.example, tuple(region_names.get(f.region, f.region) for f in p.focus_regions))
        for p in plans
    )
    engagements = sorted(dataset.engagements.values(), key=lambda e: (e.date, e.id))
    return Coordination(
        as_of=as_of,
        window_days=window_days,
        window_start=window_start,
        window_end=window_end,
        gap_months=gap_months,
        gap_since=gap_since,
        plans=plan_refs,
        overlaps=tuple(find_overlaps(dataset, engagements, actors, as_of, window_days)),
        gaps=tuple(find_gaps(dataset, engagements, actors, plans, as_of, gap_since, stale_after_days)),
        overdue=tuple(find_overdue(dataset, engagements, actors, as_of)),
        unpaired=tuple(find_unpaired(dataset, actors, as_of)),
    )


def find_overlaps(
    dataset: Dataset, engagements: Sequence[Engagement], actors: Mapping[str, Actor], as_of: dt.date, window_days: int
) -> list[Overlap]:
    """Pairs of engagements in the review window that share a state, no actor and no reference, within `window_days`.

    In (date, id) order a later engagement never starts earlier, so the ones close enough to an
    engagement are, in each state it names, a run of those after it that start at most
    `window_days` after it ends: each state's engagements are listed once, in that order, and a
    binary search finds the run. Only pairs in such runs are compared, so the time grows with the
    log times its logarithm, plus the pairs that are in fact close in time, not with the log's square.
    """
    start, end = as_of - dt.timedelta(days=window_days), as_of + dt.timedelta(days=window_days)
    near = sorted(
        (e for e in engagements if e.actors and e.states and e.date <= end and _end(e) >= start), key=lambda e: (e.date, e.id)
    )
    positions: dict[str, list[int]] = {}  # per state, positions in `near`: ascending, and so are their dates
    for position, engagement in enumerate(near):
        for code in set(engagement.states):
            positions.setdefault(code, []).append(position)
    starts = {code: [near[p].date for p in run] for code, run in positions.items()}
    reach = dt.timedelta(days=window_days)
    found = []
    for index, first in enumerate(near):
        latest_start = _end(first) + reach
        close: set[int] = set()
        for code in set(first.states):
            run = positions[code]
            close.update(run[bisect_right(run, index) : bisect_right(starts[code], latest_start)])
        for other in sorted(close):
            second = near[other]
            shared = sorted(set(first.states) & set(second.states))
            if set(first.actors) & set(second.actors):
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


def find_gaps(
    dataset: Dataset,
    engagements: Sequence[Engagement],
    actors: Mapping[str, Actor],
    plans: Sequence[Plan],
    as_of: dt.date,
    gap_since: dt.date,
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS,
) -> list[Gap]:
    """Tier 1 and 2 states of the active plans' focus regions with no engagement since `gap_since`."""
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
        a for a in assign_tiers(dataset, as_of, stale_after_days=stale_after_days) if a.iso3 in members and a.tier in GAP_TIERS
    ]
    months = _months_between(gap_since, as_of)
    latest, next_planned = _last_and_next(engagements, {a.iso3 for a in tiered}, as_of)
    gaps = []
    for assignment in tiered:
        last = latest.get(assignment.iso3)
        if last is not None and _end(last) >= gap_since:
            continue
        planned = next_planned.get(assignment.iso3)
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


def find_overdue(
    dataset: Dataset, engagements: Sequence[Engagement], actors: Mapping[str, Actor], as_of: dt.date
) -> list[OverdueFollowUp]:
    """Engagements whose follow-up date is before `as_of` and that no later engagement followed up."""
    followed_up = _follow_ups(engagements, as_of)
    found = []
    for engagement in engagements:
        due = engagement.follow_up
        if due is None or due >= as_of or followed_up(engagement):
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


def find_unpaired(dataset: Dataset, actors: Mapping[str, Actor], as_of: dt.date) -> list[UnpairedChampion]:
    """Champions active on `as_of` with no pairing that holds on the day with a state not yet party."""
    found = []
    for actor in sorted(actors.values(), key=lambda a: (Dataset.sort_key(a.name), a.id)):
        if actor.kind != "champion" or not actor.active_on(as_of):
            continue
        reasons = []
        active = False
        for pairing in actor.paired_states:
            name = _state_name(dataset, pairing.state)
            state = dataset.states.get(pairing.state)
            deposit = state.treaty.deposit if state is not None else None
            if pairing.since > as_of:
                reasons.append(f"its pairing with {name} starts only on {long_date(pairing.since)}")
            elif pairing.until is not None and pairing.until <= as_of:
                reasons.append(f"its pairing with {name} ended on {long_date(pairing.until)}")
            elif state is not None and deposit is not None and status_on(state.treaty, as_of) == "party":
                reasons.append(f"{name}, its paired state, became a State Party on {long_date(deposit.date)}")
            else:
                active = True
        if active:
            continue
        regions = tuple(_region_name(dataset, slug) for slug in actor.regions)
        recorded = f"Recorded as a champion for {_join(regions)}" + (
            f" since {long_date(actor.since)}" if actor.since is not None else ""
        )
        detail = "; ".join(reasons) if reasons else "no state is paired with it"
        why = f"{recorded}; {detail}. Pair it with a state of its region that is not yet party."
        found.append(UnpairedChampion(actor.id, actor.name, regions, why))
    return found


def _last_and_next(
    engagements: Iterable[Engagement], states: set[str], as_of: dt.date
) -> tuple[dict[str, Engagement], dict[str, Engagement]]:
    """For each of the states: its last engagement held by `as_of` (the one ending last) and its next planned one."""
    latest: dict[str, Engagement] = {}
    planned: dict[str, Engagement] = {}
    for engagement in engagements:
        for code in states.intersection(engagement.states):
            if engagement.date <= as_of:
                held = latest.get(code)
                if held is None or (_end(engagement), engagement.id) > (_end(held), held.id):
                    latest[code] = engagement
            else:
                soonest = planned.get(code)
                if soonest is None or (engagement.date, engagement.id) < (soonest.date, soonest.id):
                    planned[code] = engagement
    return latest, planned


def _follow_ups(engagements: Iterable[Engagement], as_of: dt.date) -> Callable[[Engagement], bool]:
    """Whether an engagement was followed up by `as_of`: a later one (or one on the same day) refers to it, or the
    same actor met the same state on a later day.

    One pass keeps, for each engagement referred to and for each actor and state, the latest day
    by `as_of` that happened; the question is then a lookup, not a search of the log.
    """
    referred: dict[str, dt.date] = {}  # engagement id → latest day another engagement referring to it was held
    together: dict[tuple[str, str], dt.date] = {}  # (actor, state) → latest day an engagement joined them
    for other in engagements:
        if other.date > as_of:
            continue
        for key in other.references:
            if key != other.id and (key not in referred or referred[key] < other.date):
                referred[key] = other.date
        for actor in other.actors:
            for code in other.states:
                if together.get((actor, code), dt.date.min) < other.date:
                    together[(actor, code)] = other.date

    def followed_up(engagement: Engagement) -> bool:
        latest_reference = referred.get(engagement.id)
        if latest_reference is not None and latest_reference >= engagement.date:
            return True
        return any(
            together.get((actor, code), dt.date.min) > engagement.date
            for actor in engagement.actors
            for code in engagement.states
        )

    return followed_up


def _months_between(start: dt.date, end: dt.date) -> str:
    count = (end.year - start.year) * 12 + end.month - start.month
    return f"{count} month{'s' * (count != 1)}"


def _end(engagement: Engagement) -> dt.date:
    return engagement.end_date or engagement.date


def _ref(engagement: Engagement, actors: Mapping[str, Actor], as_of: dt.date) -> EngagementRef:
    names = tuple(actor_label(actors[a]) if a in actors else a for a in engagement.actors)
    return EngagementRef(engagement.id, engagement.date, engagement.end_date, engagement.title, names, engagement.date > as_of)


def actor_label(actor: Actor) -> str:
    """The name people use for an actor: its short name where it has one."""
    return actor.short_name or actor.name


def _when(ref: EngagementRef) -> str:
    text = long_date(ref.date)
    if ref.end_date is not None and ref.end_date != ref.date:
        text += f" to {long_date(ref.end_date)}"
    return text + (" (planned)" if ref.planned else "")


def _state_name(dataset: Dataset, code: str) -> str:
    state = dataset.states.get(code)
    return state.name if state is not None else code


def _region_name(dataset: Dataset, slug: str) -> str:
    region = dataset.regions.get(slug)
    return region.name if region is not None else slug


def _join(items: Iterable[str]) -> str:
    """Items as English lists them: a, b and c."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
