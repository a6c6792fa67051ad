"""The CSP report's view model: the computed parts from the dataset, the narrative from the cycle file.

Pure: a function of a dataset already projected for its audience, a cycle and two dates; no
Jinja, no I/O, no clock. The templates `templates/report.<format>.j2` lay it out.

Dates: `since` is the close of the previous Conference (exclusive: a deposit on that day was
counted at that Conference) and `until` the cut-off (inclusive). Counts are the depositary's:
a state is a party once its instrument is deposited (`att_univ.core.treaty_rules.status_on`).

The restricted annex (tiers, plan progress, support advice) is built only when the dataset
is the restricted one: a public or partners dataset cannot produce it.

Small counting functions here overlap with `attu status` (being written alongside):
`counts_on`, `joined_between`, `distribution_by_group`, `signatories_not_party`,
`parties_per_year`. They can share one home once both exist.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from att_univ.core.errors import UsageError
from att_univ.core.treaty_rules import STATUSES, entry_into_force_for, in_force_on, renounced_on, status_on
from att_univ.data.cycles import cycles_of, default_cycle, previous_cycle
from att_univ.data.dataset import Dataset
from att_univ.data.models.cycle import Cycle, Officer
from att_univ.data.models.localized import Passage, excerpt, fallbacks, in_language
from att_univ.data.models.plan import Plan
from att_univ.data.models.state import State
from att_univ.documents.languages import ENGLISH, language_of, name_in_sentence, sort_key, state_name, text_direction
from att_univ.outreach.plans import PlanView, build_plan_view, plans_of

UN_GROUP_SCHEME = "un-regional-group"
NO_GROUP = "no-regional-group"  # listed last: Holy See, Cook Islands, Niue


# --- the view --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StateRef:
    """A state as the report names it, in the report's language."""

    iso3: str
    name: str


@dataclass(frozen=True)
class StatusCounts:
    """How the depositary counted the states on a day."""

    day: dt.date
    states: int
    parties: int
    signatories: int  # every state that had signed, parties included, as the depositary lists them
    signatories_not_party: int
    non_signatories: int  # neither signed nor deposited
    in_force: int  # parties for which the treaty was already in force (Art. 22: 90 days after the deposit)


@dataclass(frozen=True)
class Joining:
    """A state that deposited its instrument, with the state's notes up to the cut-off."""

    state: StateRef
    date: dt.date
    instrument: str
    entry_into_force: dt.date
    notes: tuple[Passage, ...] = ()


@dataclass(frozen=True)
class GroupRow:
    """States Parties of one UN regional group at the close of the previous Conference and at the cut-off."""

    slug: str
    name: str
    members: int
    parties_then: int | None
    parties_now: int
    change: int | None
    share_now: float  # parties / members, 0 to 1


@dataclass(frozen=True)
class Signatory:
    """A signatory that has not deposited an instrument."""

    state: StateRef
    signed: dt.date
    renounced_on: dt.date | None  # the day the depositary received its communication that it will not become a party
    notes: tuple[Passage, ...] = ()


@dataclass(frozen=True)
class YearTotal:
    """Deposits in one year, and the States Parties at its end (or at the cut-off, for the last year)."""

    year: int
    joined: int
    total: int
    partial: bool  # the year runs only to the cut-off


@dataclass(frozen=True)
class DomesticStep:
    """A step towards joining recorded in the cycle (only steps the audience may see)."""

    state: StateRef
    date: dt.date
    stage: str
    instrument: str | None
    summary: Passage | None


@dataclass(frozen=True)
class FocusRegion:
    """Participation in a focus region of a multi-year plan, from its baseline to the cut-off."""

    plan_id: str
    plan_title: Passage
    slug: str
    name: str
    baseline: dt.date
    measured: bool  # False when the baseline is after the cut-off
    members: int
    parties_at_baseline: int | None
    parties_now: int
    signatories_at_baseline: int | None
    signatories_now: int
    joined: tuple[Joining, ...]


@dataclass(frozen=True)
class OfficerLine:
    """An officer as the report names them; the name is empty when the dataset does not know it."""

    state: StateRef
    name: str | None
    honorific: str | None
    regional_group: str | None
    role: Passage | None
    appointed: dt.date | None
    caveat: Passage | None


@dataclass(frozen=True)
class MeetingLine:
    """A WGTU meeting, the points discussed, and the States Parties on its day."""

    number: int
    date: dt.date
    format: str
    points: tuple[Passage, ...]
    parties: int


@dataclass(frozen=True)
class AnnexView:
    """An annex of the draft report: the proposal and the decisions it asks the Conference for."""

    label: str
    title: Passage
    paragraphs: tuple[Passage, ...]
    endorse: tuple[Passage, ...]
    take_note: tuple[Passage, ...]


@dataclass(frozen=True)
class ConferenceRef:
    """Another Conference, as the report refers to it."""

    id: str
    number: int
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class CycleView:
    """The cycle's facts and narrative in the report's language."""

    id: str
    number: int
    start: dt.date
    end: dt.date
    venue: Passage | None
    format: str
    theme: Passage | None
    president: OfficerLine | None
    vice_presidents: tuple[OfficerLine, ...]
    co_chairs: tuple[OfficerLine, ...]
    report_date: dt.date | None
    symbol: str | None
    symbol_pattern: str | None
    original_language: str | None
    background: tuple[Passage, ...]
    appointment: tuple[Passage, ...]
    meetings: tuple[MeetingLine, ...]
    intersessional: tuple[Passage, ...]
    recommendations: tuple[Passage, ...]
    annexes: tuple[AnnexView, ...]
    previous: ConferenceRef | None


@dataclass(frozen=True)
class SourceLine:
    """A source the cycle's facts cite."""

    id: str
    title: str
    publisher: str | None
    url: str | None
    date: dt.date | None


@dataclass(frozen=True)
class Charts:
    """What the map and the timeline draw."""

    status_by_iso3: Mapping[str, str]
    parties: tuple[tuple[dt.date, int], ...]
    in_force: tuple[tuple[dt.date, int], ...]


@dataclass(frozen=True)
class TierLine:
    """A state not yet party in the restricted annex: tier, rank, flags and next support step."""

    tier: int
    rank: int
    state: StateRef
    flags: tuple[str, ...]
    next_step: str
    programme: str | None
    approach: bool


@dataclass(frozen=True)
class WgtuAnnex:
    """The restricted annex for the WGTU: tiers on the cut-off, plan progress, support advice."""

    tier_counts: tuple[int, int, int]
    tiers: tuple[TierLine, ...]
    plans: tuple[PlanView, ...]


@dataclass(frozen=True)
class ReportView:
    """Everything a report template shows, as plain data."""

    audience: str
    lang: str
    direction: str
    cycle: CycleView
    since: dt.date | None
    until: dt.date
    as_of: dt.date
    counts_then: StatusCounts | None
    counts_now: StatusCounts
    joined: tuple[Joining, ...]
    groups: tuple[GroupRow, ...]
    signatories: tuple[Signatory, ...]
    years: tuple[YearTotal, ...]
    steps: tuple[DomesticStep, ...]
    focus: tuple[FocusRegion, ...]
    charts: Charts
    sources: tuple[SourceLine, ...]
    names: Mapping[str, str]  # ISO3 → the state's name in the report's language
    names_in_sentence: Mapping[str, str]  # ISO3 → the name as a sentence writes it, with its article ("le Gabon")
    annex: WgtuAnnex | None


# --- computed parts ------------------------------------------------------------------------------


def counts_on(states: Sequence[State], day: dt.date) -> StatusCounts:
    """Parties, signatories and non-signatories on a day, and parties with the treaty in force."""
    statuses = Counter(status_on(s.treaty, day) for s in states)
    return StatusCounts(
        day=day,
        states=len(states),
        parties=statuses["party"],
        signatories=sum(1 for s in states if s.treaty.signature is not None and s.treaty.signature.date <= day),
        signatories_not_party=statuses["signatory"],
        non_signatories=statuses["non-signatory"],
        in_force=sum(1 for s in states if in_force_on(s.treaty, day)),
    )


def joined_between(
    dataset: Dataset, after: dt.date | None, until: dt.date, names: Mapping[str, str], lang: str = ENGLISH
) -> list[Joining]:
    """States whose instrument was deposited after `after` (None: ever) and on or before `until`, in date order."""
    joined = []
    for state in dataset.states.values():
        deposit = state.treaty.deposit
        if deposit is not None and (after is None or deposit.date > after) and deposit.date <= until:
            eif = state.treaty.entry_into_force
            joined.append(
                Joining(
                    state=_ref(state, names),
                    date=deposit.date,
                    instrument=deposit.instrument,
                    entry_into_force=eif.date if eif is not None else entry_into_force_for(deposit.date),
                    notes=notes_until(state, until, lang),
                )
            )
    rank = _rank(names)
    return sorted(joined, key=lambda j: (j.date, rank[j.state.iso3]))


def distribution_by_group(dataset: Dataset, then: dt.date | None, now: dt.date) -> list[GroupRow]:
    """States Parties per UN regional group on two days, with the change; the states in no group last."""
    rows = []
    for region in sorted(dataset.regions_in(UN_GROUP_SCHEME), key=lambda r: (r.slug == NO_GROUP, r.slug)):
        members_now = [dataset.states[c] for c in region.members_on(now) if c in dataset.states]
        parties_now = sum(status_on(s.treaty, now) == "party" for s in members_now)
        parties_then = None
        if then is not None:
            members_then = [dataset.states[c] for c in region.members_on(then) if c in dataset.states]
            parties_then = sum(status_on(s.treaty, then) == "party" for s in members_then)
        rows.append(
            GroupRow(
                slug=region.slug,
                name=region.name,
                members=len(members_now),
                parties_then=parties_then,
                parties_now=parties_now,
                change=None if parties_then is None else parties_now - parties_then,
                share_now=parties_now / len(members_now) if members_now else 0.0,
            )
        )
    return rows


def signatories_not_party(dataset: Dataset, day: dt.date, names: Mapping[str, str], lang: str = ENGLISH) -> list[Signatory]:
    """Signatories still to ratify on a day, by name; a signatory that said it will not become a party is flagged."""
    found = []
    for state in dataset.states.values():
        treaty = state.treaty
        if status_on(treaty, day) == "signatory" and treaty.signature is not None:
            intent = treaty.intent_not_to_become_party
            renounced = intent.date if intent is not None and renounced_on(treaty, day) else None
            found.append(Signatory(_ref(state, names), treaty.signature.date, renounced, notes_until(state, day, lang)))
    rank = _rank(names)
    return sorted(found, key=lambda s: rank[s.state.iso3])


def parties_per_year(states: Iterable[State], until: dt.date) -> list[YearTotal]:
    """Deposits per year from the first deposit to the cut-off, with the running total of States Parties."""
    deposits = Counter(s.treaty.deposit.date.year for s in states if s.treaty.deposit and s.treaty.deposit.date <= until)
    if not deposits:
        return []
    totals, running = [], 0
    for year in range(min(deposits), until.year + 1):
        running += deposits[year]
        totals.append(YearTotal(year, deposits[year], running, partial=year == until.year and until != dt.date(year, 12, 31)))
    return totals


def cumulative(days: Iterable[dt.date]) -> tuple[tuple[dt.date, int], ...]:
    """A running count over dated events: one point per day on which the count changed."""
    counts = Counter(days)
    points, running = [], 0
    for day in sorted(counts):
        running += counts[day]
        points.append((day, running))
    return tuple(points)


def steps_between(
    dataset: Dataset, after: dt.date | None, until: dt.date, names: Mapping[str, str], lang: str = ENGLISH
) -> list[DomesticStep]:
    """Domestic steps towards joining dated in the cycle, as far as the dataset (projected) shows them."""
    steps = [
        DomesticStep(
            _ref(state, names), step.date, step.stage, step.instrument, passage(step.summary, lang) if step.summary else None
        )
        for state in dataset.states.values()
        for step in state.process
        if (after is None or step.date > after) and step.date <= until
    ]
    rank = _rank(names)
    return sorted(steps, key=lambda s: (s.date, rank[s.state.iso3], s.stage))


def notes_until(state: State, day: dt.date, lang: str = ENGLISH) -> tuple[Passage, ...]:
    """The state's notes dated on or before the day, in the language where written in it (undated notes cannot be
    placed in time, so they are left out)."""
    return tuple(
        passage(note.text, lang)
        for note in sorted(state.notes, key=lambda n: n.date or dt.date.min)
        if note.date and note.date <= day
    )


def plans_for_cycle(dataset: Dataset, cycle: Cycle, since: dt.date | None, until: dt.date) -> list[Plan]:
    """Plans adopted in the cycle, or under way during it (period started by the cut-off and not ended before `since`)."""
    chosen = []
    for plan in plans_of(dataset).values():
        under_way = plan.period.start <= until and (since is None or plan.period.end > since)
        if plan.cycle == cycle.id or under_way:
            chosen.append(plan)
    return sorted(chosen, key=lambda p: (p.period.start, p.id))


def focus_participation(
    dataset: Dataset, plans: Sequence[Plan], until: dt.date, names: Mapping[str, str], lang: str = ENGLISH
) -> list[FocusRegion]:
    """For each focus region of the plans: States Parties and signatories at the baseline and at the cut-off, and who joined."""
    rows = []
    for plan in plans:
        measured = plan.baseline <= until
        for focus in plan.focus_regions:
            region = dataset.regions.get(focus.region)
            if region is None:
                continue
            members = [dataset.states[c] for c in sorted(region.members_on(until)) if c in dataset.states]
            codes = {s.iso3 for s in members}
            rows.append(
                FocusRegion(
                    plan_id=plan.id,
                    plan_title=in_language(plan.title, language_of(lang)),
                    slug=region.slug,
                    name=region.name,
                    baseline=plan.baseline,
                    measured=measured,
                    members=len(members),
                    parties_at_baseline=_count(members, plan.baseline, "party") if measured else None,
                    parties_now=_count(members, until, "party"),
                    signatories_at_baseline=_count(members, plan.baseline, "signatory") if measured else None,
                    signatories_now=_count(members, until, "signatory"),
                    joined=tuple(j for j in joined_between(dataset, plan.baseline, until, names, lang) if j.state.iso3 in codes)
                    if measured
                    else (),
                )
            )
    return rows


def _count(states: Iterable[State], day: dt.date, status: str) -> int:
    return sum(status_on(s.treaty, day) == status for s in states)


def _rank(names: Mapping[str, str]) -> dict[str, int]:
    """Each state's place in `names`, which lists states in the report language's alphabetical order."""
    return {code: index for index, code in enumerate(names)}


def localised_names(states: Iterable[State], lang: str) -> dict[str, str]:
    """ISO3 → the state's name in the language, in that language's alphabetical order."""
    named = [(s.iso3, state_name(s, lang)) for s in states]
    return dict(sorted(named, key=lambda item: (sort_key(item[1], lang), item[0])))


def _ref(state: State, names: Mapping[str, str]) -> StateRef:
    return StateRef(state.iso3, names[state.iso3])


# --- the cycle in the report's language ------------------------------------------------------------


def passage(text: str | Mapping[Any, str], lang: str) -> Passage:
    """The text in the language, or its English original marked as a fallback."""
    return in_language(text, language_of(lang))


def _officer(officer: Officer, lang: str, names: Mapping[str, str]) -> OfficerLine:
    person = None if officer.name is None else passage(officer.name, lang).text  # names fall back silently
    return OfficerLine(
        state=StateRef(officer.state, names.get(officer.state, officer.state)),
        name=person,
        honorific=officer.honorific,
        regional_group=officer.regional_group,
        role=passage(officer.role, lang) if officer.role else None,
        appointed=officer.appointed,
        caveat=passage(officer.caveat, lang) if officer.caveat else None,
    )


def cycle_view(dataset: Dataset, cycle: Cycle, lang: str, names: Mapping[str, str]) -> CycleView:
    """The cycle's facts, officers and narrative, each passage in the language or in English."""
    previous = previous_cycle(cycles_of(dataset), cycle)
    states = dataset.states
    conference = cycle.conference
    report = cycle.report
    meetings = tuple(
        MeetingLine(
            number=index,
            date=meeting.date,
            format=meeting.format,
            points=tuple(passage(p, lang) for p in meeting.points),
            parties=_count(states.values(), meeting.date, "party"),
        )
        for index, meeting in enumerate(sorted(cycle.meetings, key=lambda m: m.date), start=1)
    )
    annexes = tuple(
        AnnexView(
            label=annex.label,
            title=passage(annex.title, lang),
            paragraphs=tuple(passage(p, lang) for p in annex.paragraphs),
            endorse=tuple(passage(d.text, lang) for d in annex.decisions if d.kind == "endorse"),
            take_note=tuple(passage(d.text, lang) for d in annex.decisions if d.kind == "take-note"),
        )
        for annex in cycle.annexes
    )
    return CycleView(
        id=cycle.id,
        number=cycle.number,
        start=conference.start,
        end=conference.end,
        venue=passage(conference.venue, lang) if conference.venue else None,
        format=conference.format,
        theme=passage(conference.theme, lang) if conference.theme else None,
        president=_officer(cycle.president, lang, names) if cycle.president else None,
        vice_presidents=tuple(_officer(o, lang, names) for o in cycle.vice_presidents),
        co_chairs=tuple(_officer(o, lang, names) for o in cycle.wgtu_co_chairs),
        report_date=report.date if report else None,
        symbol=report.symbol if report else None,
        symbol_pattern=report.symbol_pattern if report else None,
        original_language=report.original_language if report else None,
        background=tuple(passage(p, lang) for p in cycle.background),
        appointment=tuple(passage(p, lang) for p in cycle.appointment),
        meetings=meetings,
        intersessional=tuple(passage(p, lang) for p in cycle.intersessional),
        recommendations=tuple(passage(p, lang) for p in cycle.recommendations),
        annexes=annexes,
        previous=None
        if previous is None
        else ConferenceRef(previous.id, previous.number, previous.conference.start, previous.conference.end),
    )


def cited_sources(dataset: Dataset, cycle: Cycle) -> tuple[SourceLine, ...]:
    """The sources the cycle file cites, in the order first cited."""
    known = dataset.meta.sources
    lines = []
    for source_id in dict.fromkeys(_source_ids(cycle)):
        source = known.get(source_id)
        if source is not None:
            lines.append(SourceLine(source_id, source.title, source.publisher, source.url, source.date))
    return tuple(lines)


def _source_ids(value: Any) -> Iterable[str]:
    from att_univ.data.models.walk import leaves

    return (leaf.value for leaf in leaves(value) if leaf.field == "sources" and isinstance(leaf.path[-1], int))


# --- the restricted annex ---------------------------------------------------------------------------


def wgtu_annex(
    dataset: Dataset, plans: Sequence[Plan], until: dt.date, names: Mapping[str, str], lang: str = ENGLISH
) -> WgtuAnnex:
    """Tiers and support advice on the cut-off, and the progress of the cycle's plans (restricted dataset only)."""
    from att_univ.outreach.support import advise
    from att_univ.outreach.tiers import assign_tiers

    if dataset.audience != "restricted":
        raise ValueError(f"the WGTU annex draws on restricted information; this dataset is for {dataset.audience}")
    assignments = assign_tiers(dataset, until)
    advice = {a.iso3: a for a in advise(dataset, until, assignments=assignments)}
    tiers = tuple(
        TierLine(
            tier=a.tier,
            rank=a.rank,
            state=StateRef(a.iso3, names[a.iso3]),
            flags=a.flags,
            next_step=advice[a.iso3].step.key,
            programme=advice[a.iso3].programme,
            approach=advice[a.iso3].approach,
        )
        for a in assignments
    )
    counts = Counter(a.tier for a in assignments)
    views = tuple(build_plan_view(dataset, plan, until, lang=language_of(lang)) for plan in plans)
    return WgtuAnnex(tier_counts=(counts[1], counts[2], counts[3]), tiers=tiers, plans=views)


# --- the whole report -----------------------------------------------------------------------------


def default_dates(cycles: Sequence[Cycle], cycle: Cycle, as_of: dt.date) -> tuple[dt.date | None, dt.date]:
    """`since`: the close of the previous Conference; `until`: the draft report's date, else the Conference's
    opening (a report is drafted before its Conference), never after the dataset's as-of date."""
    previous = previous_cycle(cycles, cycle)
    report_date = cycle.report.date if cycle.report is not None else None
    until = min(as_of, report_date or cycle.conference.start)
    return (previous.conference.end if previous is not None else None), until


def report_period(
    cycles: Sequence[Cycle], wanted: str | None, since: dt.date | None, until: dt.date | None, as_of: dt.date
) -> tuple[Cycle, dt.date | None, dt.date]:
    """The cycle asked for (default: `default_cycle`) and the period its report covers; a usage error if impossible."""
    if not cycles:
        raise UsageError("the dataset has no cycle: add one as cycles/<id>.yaml (attu schema cycle describes the file)")
    if wanted is None:
        chosen = default_cycle(cycles, as_of)
        assert chosen is not None
    else:
        found = [cycle for cycle in cycles if cycle.id == wanted.strip().lower()]
        if not found:
            raise UsageError(f"--cycle: no cycle {wanted!r}; the dataset has {', '.join(c.id for c in cycles)}")
        chosen = found[0]
    default_since, default_until = default_dates(cycles, chosen, as_of)
    since = default_since if since is None else since
    until = default_until if until is None else until
    if until > as_of:
        raise UsageError(
            f"--until: {until.isoformat()} is after the dataset's as-of date ({as_of.isoformat()}); "
            "attu cannot vouch for later dates"
        )
    if since is not None and since >= until:
        raise UsageError(f"the report would cover nothing: --since {since.isoformat()} is not before --until {until}")
    return chosen, since, until


def build_report_view(dataset: Dataset, cycle: Cycle, *, since: dt.date | None, until: dt.date, lang: str) -> ReportView:
    """The report on a cycle from `since` (exclusive) to `until`, for the dataset's audience, in a language."""
    if since is not None and since >= until:
        raise ValueError(f"since ({since.isoformat()}) must be before until ({until.isoformat()})")
    states = list(dataset.states.values())
    names = localised_names(states, lang)
    plans = plans_for_cycle(dataset, cycle, since, until)
    status_by_iso3 = {s.iso3: status_on(s.treaty, until) for s in states}
    assert set(status_by_iso3.values()) <= set(STATUSES)
    parties_points = cumulative(s.treaty.deposit.date for s in states if s.treaty.deposit and s.treaty.deposit.date <= until)
    in_force_points = cumulative(d for d in (_in_force_from(s) for s in states) if d is not None and d <= until)
    return ReportView(
        audience=dataset.audience,
        lang=language_of(lang),
        direction=text_direction(lang),
        cycle=cycle_view(dataset, cycle, lang, names),
        since=since,
        until=until,
        as_of=dataset.meta.as_of,
        counts_then=counts_on(states, since) if since is not None else None,
        counts_now=counts_on(states, until),
        joined=tuple(joined_between(dataset, since, until, names, lang)),
        groups=tuple(distribution_by_group(dataset, since, until)),
        signatories=tuple(signatories_not_party(dataset, until, names, lang)),
        years=tuple(parties_per_year(states, until)),
        steps=tuple(steps_between(dataset, since, until, names, lang)),
        focus=tuple(focus_participation(dataset, plans, until, names, lang)),
        charts=Charts(status_by_iso3, parties_points, in_force_points),
        sources=cited_sources(dataset, cycle),
        names=names,
        names_in_sentence={s.iso3: name_in_sentence(s, lang) for s in states},
        annex=wgtu_annex(dataset, plans, until, names, lang) if dataset.audience == "restricted" else None,
    )


def _in_force_from(state: State) -> dt.date | None:
    eif = state.treaty.entry_into_force
    if eif is not None:
        return eif.date
    deposit = state.treaty.deposit
    return entry_into_force_for(deposit.date) if deposit is not None else None


# --- what is not yet in the report's language -------------------------------------------------------


def untranslated(view: ReportView) -> list[str]:
    """For `attu report --check`: each passage the report prints in English (and marks so), with where it comes from.

    Cycle passages carry their translations in the cycle file; notes, process steps and plan titles
    are written in English only, so in another language each of them is listed too.
    """
    if view.lang == ENGLISH:
        return []
    found = fallbacks(view.cycle, f"cycles/{view.cycle.id}.yaml")
    for joining in view.joined:
        found.extend(f"states/{joining.state.iso3.lower()}.yaml notes: {excerpt(n.text)}" for n in joining.notes if n.fallback)
    for signatory in view.signatories:
        found.extend(
            f"states/{signatory.state.iso3.lower()}.yaml notes: {excerpt(n.text)}" for n in signatory.notes if n.fallback
        )
    for step in view.steps:
        if step.summary and step.summary.fallback:
            summary = excerpt(step.summary.text)
            found.append(f"states/{step.state.iso3.lower()}.yaml process {step.date.isoformat()}: {summary}")
    for plan_id, title in dict.fromkeys((f.plan_id, f.plan_title) for f in view.focus):
        if title.fallback:
            found.append(f"plans/{plan_id}.yaml title: {excerpt(title.text)}")
    return found
