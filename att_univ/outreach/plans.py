"""A multi-year plan as it stands on a date: per focus region, people, tiered states with their
next support step, year-by-year milestones, and progress since the baseline.

Pure: the view is plain data built from the dataset and two dates (the baseline and the
plan's as-of date), so templates only lay it out. Progress compares the dataset read at the
baseline date with the dataset read at the as-of date (or the period's end, if earlier):
states that joined, states that moved tier, domestic steps dated after the baseline. It is
a reconstruction from what the dataset knows today, not a record of what was known then.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from att_univ.core.treaty_rules import status_on
from att_univ.data.dataset import Dataset
from att_univ.data.models.localized import FALLBACK_LANGUAGE, Passage, fallbacks, in_language
from att_univ.data.models.plan import Plan
from att_univ.outreach.support import Advice, advise
from att_univ.outreach.tiers import (
    DEFAULT_STALE_AFTER_DAYS,
    FLAG_WORDS,
    STAGE_WORDS,
    TIER_LABELS,
    TIERS,
    TierAssignment,
    assign_tiers,
    long_date,
    rank,
)


@dataclass(frozen=True)
class Person:
    """A facilitator or champion: the actor id, and its name where the dataset has one."""

    id: str
    name: str
    state: str | None = None  # the state whose role it is (a Vice-President, a State Party as champion), if any


@dataclass(frozen=True)
class StateLine:
    """A tiered state in a region's plan, with its next support step."""

    iso3: str
    name: str
    tier: int
    rank: int
    reasons: tuple[str, ...]
    flags: tuple[str, ...]
    flag_words: tuple[str, ...]
    next_step: str
    next_step_key: str
    next_reason: str
    programme: str | None
    approach: bool
    status: str = "non-signatory"  # as the depositary counts it on the as-of date
    signed_on: dt.date | None = None
    stage: str | None = None  # the latest domestic step on the as-of date


@dataclass(frozen=True)
class TierGroup:
    """The states of one tier in a region, in rank order."""

    tier: int
    label: str
    states: tuple[StateLine, ...]


@dataclass(frozen=True)
class MilestoneLine:
    """A milestone as the plan states it."""

    text: Passage
    due: dt.date | None


@dataclass(frozen=True)
class Year:
    """One year of the period, where it stands on the as-of date, and its milestones."""

    number: int
    start: dt.date
    end: dt.date
    state: str  # ended, under way, to come (on the as-of date)
    milestones: tuple[MilestoneLine, ...]


@dataclass(frozen=True)
class Change:
    """One change since the baseline, in a sentence, and the facts the sentence is made of (for other languages)."""

    iso3: str
    name: str
    text: str
    date: dt.date | None = None
    instrument: str | None = None  # joined: the instrument deposited
    tier_then: int | None = None  # moved: the tier at the baseline and now
    tier_now: int | None = None
    stage: str | None = None  # advanced: the domestic step taken


@dataclass(frozen=True)
class Progress:
    """What changed in a region between the baseline and the date progress is measured to."""

    since: dt.date
    until: dt.date
    parties_then: int
    parties_now: int
    tiers_then: tuple[int, int, int]
    tiers_now: tuple[int, int, int]
    joined: tuple[Change, ...]
    moved: tuple[Change, ...]
    advanced: tuple[Change, ...]


@dataclass(frozen=True)
class RegionPlan:
    """One focus region of the plan."""

    slug: str
    name: str
    note: Passage | None
    facilitators: tuple[Person, ...]
    champions: tuple[Person, ...]
    members: int
    parties: int
    tiers: tuple[TierGroup, ...]
    years: tuple[Year, ...]
    progress: Progress | None  # None when the baseline is after the as-of date


@dataclass(frozen=True)
class Fact:
    """A background fact of the plan."""

    text: Passage
    date: dt.date | None


@dataclass(frozen=True)
class PlanSource:
    """A source the plan cites: its title, and its address where the dataset has one."""

    title: str
    url: str | None


@dataclass(frozen=True)
class PlanView:
    """Everything a plan template shows, as plain data."""

    id: str
    lang: str  # the language the plan's text is wanted in; passages not written in it are in English, marked
    title: Passage
    cycle: str | None
    presidency: Passage | None
    example: bool
    example_note: Passage | None
    start: dt.date
    end: dt.date
    years: int
    baseline: dt.date
    as_of: dt.date
    stale_after_days: int
    objectives: tuple[Passage, ...]
    background: tuple[Fact, ...]
    sources: tuple[PlanSource, ...]
    regions: tuple[RegionPlan, ...]


def plans_of(dataset: Dataset) -> dict[str, Plan]:
    """The dataset's plans by id."""
    return {key: plan for key, plan in dataset.records.get("plans", {}).items() if isinstance(plan, Plan)}


def default_plan(plans: Mapping[str, Plan]) -> Plan | None:
    """The plan to show when none is named: the one whose period starts last (then by id)."""
    return max(plans.values(), key=lambda p: (p.period.start, p.id), default=None)


def choose_plan(plans: Mapping[str, Plan], plan_id: str | None, region: str | None) -> Plan:
    """The plan asked for (default: `default_plan`), checked to have `region` as a focus region; a usage error if not."""
    from att_univ.core.errors import UsageError

    if not plans:
        raise UsageError("the dataset has no plan: add one as plans/<id>.yaml (attu schema plan describes the file)")
    if plan_id is None:
        chosen = default_plan(plans)
        assert chosen is not None
    elif plan_id in plans:
        chosen = plans[plan_id]
    else:
        raise UsageError(f"--plan: no plan {plan_id!r}; the dataset has {', '.join(sorted(plans))}")
    focus = [f.region for f in chosen.focus_regions]
    if region is not None and region not in focus:
        raise UsageError(f"--region: {region!r} is not a focus region of plan {chosen.id}; its focus regions: {', '.join(focus)}")
    return chosen


def build_plan_view(
    dataset: Dataset,
    plan: Plan,
    as_of: dt.date,
    *,
    regions: Collection[str] | None = None,
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS,
    lang: str = FALLBACK_LANGUAGE,
) -> PlanView:
    """The plan on `as_of`, for all its focus regions or only those named, its text in `lang` where written in it."""
    now = assign_tiers(dataset, as_of, stale_after_days=stale_after_days)
    advice = {a.iso3: a for a in advise(dataset, as_of, assignments=now)}
    until = min(as_of, plan.period.end)
    then = assign_tiers(dataset, plan.baseline, stale_after_days=stale_after_days) if plan.baseline <= until else None
    later = now if until == as_of else assign_tiers(dataset, until, stale_after_days=stale_after_days)
    focus = [f for f in plan.focus_regions if regions is None or f.region in regions]
    region_plans = []
    for entry in focus:
        region = dataset.regions.get(entry.region)
        members = region.members_on(as_of) if region is not None else frozenset()
        in_region = rank(a for a in now if a.iso3 in members)
        progress = None
        if then is not None:
            compared = members | (region.members_on(plan.baseline) if region is not None else frozenset())
            progress = _progress(dataset, compared, plan.baseline, until, then, later)
        region_plans.append(
            RegionPlan(
                slug=entry.region,
                name=region.name if region is not None else entry.region,
                note=in_language(entry.note, lang) if entry.note else None,
                facilitators=_people(dataset, entry.facilitators),
                champions=_people(dataset, entry.champions),
                members=len(members),
                parties=sum(status_on(dataset.states[c].treaty, as_of) == "party" for c in members if c in dataset.states),
                tiers=_tier_groups(in_region, advice),
                years=_years(plan, entry.region, as_of, lang),
                progress=progress,
            )
        )
    sources = dataset.meta.sources
    return PlanView(
        id=plan.id,
        lang=lang,
        title=in_language(plan.title, lang),
        cycle=plan.cycle.upper() if plan.cycle else None,  # cycle ids are the CSP's abbreviation in lower case
        presidency=in_language(plan.presidency, lang) if plan.presidency else None,
        example=plan.example,
        example_note=in_language(plan.example_note, lang) if plan.example_note else None,
        start=plan.period.start,
        end=plan.period.end,
        years=plan.period.years,
        baseline=plan.baseline,
        as_of=as_of,
        stale_after_days=stale_after_days,
        objectives=tuple(in_language(o, lang) for o in plan.objectives),
        background=tuple(Fact(in_language(b.text, lang), b.date) for b in plan.background),
        sources=tuple(
            PlanSource(sources[s].title, sources[s].url) if s in sources else PlanSource(s, None) for s in plan.sources
        ),
        regions=tuple(region_plans),
    )


def _people(dataset: Dataset, ids: Iterable[str]) -> tuple[Person, ...]:
    # Actors are another kind of record; where none is loaded, the id is all there is to show.
    actors = dataset.records.get("actors", {})
    people = []
    for actor_id in ids:
        actor = actors.get(actor_id)
        people.append(Person(actor_id, str(getattr(actor, "name", None) or actor_id), getattr(actor, "state", None)))
    return tuple(people)


def _tier_groups(assignments: list[TierAssignment], advice: Mapping[str, Advice]) -> tuple[TierGroup, ...]:
    groups = []
    for tier in TIERS:
        lines = []
        for a in assignments:
            if a.tier != tier:
                continue
            step = advice[a.iso3]
            lines.append(
                StateLine(
                    iso3=a.iso3,
                    name=a.name,
                    tier=a.tier,
                    rank=a.rank,
                    reasons=a.reasons,
                    flags=a.flags,
                    flag_words=tuple(FLAG_WORDS[f] for f in a.flags),
                    next_step=step.step.label,
                    next_step_key=step.step.key,
                    next_reason=step.reason,
                    programme=step.programme,
                    approach=step.approach,
                    status=a.status,
                    signed_on=a.signed_on,
                    stage=a.stage,
                )
            )
        groups.append(TierGroup(tier, TIER_LABELS[tier], tuple(lines)))
    return tuple(groups)


def _years(plan: Plan, region: str, as_of: dt.date, lang: str) -> tuple[Year, ...]:
    years = []
    for number in range(1, plan.period.years + 1):
        start, end = plan.period.year_start(number), plan.period.year_end(number)
        state = "ended" if end < as_of else ("to come" if start > as_of else "under way")
        milestones = tuple(
            MilestoneLine(in_language(m.text, lang), m.due)
            for m in plan.milestones
            if m.year == number and m.region in (None, region)
        )
        years.append(Year(number, start, end, state, milestones))
    return tuple(years)


def _progress(
    dataset: Dataset,
    members: frozenset[str],
    since: dt.date,
    until: dt.date,
    then: list[TierAssignment],
    now: list[TierAssignment],
) -> Progress:
    tier_then = {a.iso3: a.tier for a in then if a.iso3 in members}
    tier_now = {a.iso3: a.tier for a in now if a.iso3 in members}
    states = sorted((dataset.states[c] for c in members if c in dataset.states), key=lambda s: Dataset.sort_key(s.name))
    joined, moved, advanced = [], [], []
    for state in states:
        deposit = state.treaty.deposit
        if state.iso3 in tier_then and state.iso3 not in tier_now and deposit is not None:
            joined.append(
                Change(
                    state.iso3,
                    state.name,
                    f"deposited its instrument of {deposit.instrument} on {long_date(deposit.date)}.",
                    deposit.date,
                    instrument=deposit.instrument,
                )
            )
        elif state.iso3 in tier_then and state.iso3 in tier_now and tier_then[state.iso3] != tier_now[state.iso3]:
            moved.append(
                Change(
                    state.iso3,
                    state.name,
                    f"moved from tier {tier_then[state.iso3]} to tier {tier_now[state.iso3]}.",
                    tier_then=tier_then[state.iso3],
                    tier_now=tier_now[state.iso3],
                )
            )
        for step in sorted(state.process, key=lambda s: s.date):
            if since < step.date <= until:
                text = f"{STAGE_WORDS[step.stage]}, on {long_date(step.date)}."
                advanced.append(Change(state.iso3, state.name, text, step.date, stage=step.stage))
    counts_then, counts_now = Counter(tier_then.values()), Counter(tier_now.values())
    parties_then = sum(status_on(s.treaty, since) == "party" for s in states)
    parties_now = sum(status_on(s.treaty, until) == "party" for s in states)
    return Progress(
        since=since,
        until=until,
        parties_then=parties_then,
        parties_now=parties_now,
        tiers_then=(counts_then[1], counts_then[2], counts_then[3]),
        tiers_now=(counts_now[1], counts_now[2], counts_now[3]),
        joined=tuple(joined),
        moved=tuple(moved),
        advanced=tuple(advanced),
    )


def untranslated(view: PlanView) -> list[str]:
    """For `attu plan --check`: each passage of the plan printed in English for want of a translation, with its place."""
    return fallbacks(view, f"plans/{view.id}.yaml")
