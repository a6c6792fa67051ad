"""Support advice: the next step for each state not yet party, and offers that meet its needs.

CSP9 asked for support-oriented advice instead of waiting for applications: the Secretariat
approaches interested states about the Voluntary Trust Fund (VTF) and the Sponsorship
Programme before they apply. The steps follow the sequence seen in VTF practice: awareness
and participation in meetings, legal gap review, a VTF project, legislation, domestic
approval, deposit. Pure: no I/O, the date is a parameter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from att_univ.data.dataset import Dataset
from att_univ.data.models.resource import Resource
from att_univ.data.models.state import State, Support
from att_univ.data.models.vote import Vote
from att_univ.data.votes import GROUP_WORDS, CastVote, group_keys, records_by_state, short_record, voting_record
from att_univ.outreach.tiers import (
    DEFAULT_STALE_AFTER_DAYS,
    FLAG_RENOUNCED,
    STAGE_WORDS,
    TierAssignment,
    assign_tiers,
    latest_step,
    long_date,
    stage_index,
)


@dataclass(frozen=True)
class Step:
    """One step of the support sequence, and the ATT programme that funds it, if one does."""

    key: str
    label: str
    programme: str | None = None


STEPS: tuple[Step, ...] = (
    Step("awareness", "Awareness and participation in ATT meetings (Sponsorship Programme)", "sponsorship"),
    Step("legal-gap-review", "Legal gap review: national law against the treaty"),
    Step("vtf-application", "Voluntary Trust Fund project application", "vtf"),
    Step("legislation", "Legislation: control list, national authority, licensing"),
    Step("approval", "Domestic approval: government and parliament"),
    Step("deposit", "Deposit of the instrument with the UN Secretary-General"),
)
STEP_BY_KEY = {step.key: step for step in STEPS}
APPLICATION_PROGRAMMES = ("vtf", "sponsorship")  # the ones a state applies to, and CSP9 asked to advise on

PROGRAMME_WORDS = {
    "vtf": "Voluntary Trust Fund",
    "sponsorship": "Sponsorship Programme",
    "assistance-database": "ATT assistance database",
    "eu-outreach": "EU ATT Outreach Project",
    "bilateral": "bilateral assistance",
    "other": "other support",
}
STATUS_WORDS = {
    "considering": "considering an application",
    "applied": "applied",
    "granted": "granted",
    "completed": "completed",
    "declined": "declined",
}
_MADE = ("applied", "granted", "completed")  # an application exists


@dataclass(frozen=True)
class ResourceRef:
    """An offer as advice shows it."""

    id: str
    name: str
    programme: str


@dataclass(frozen=True)
class NeedMatch:
    """A need the state declared, and the offers recorded that can meet it."""

    category: str
    summary: str
    resources: tuple[ResourceRef, ...]


@dataclass(frozen=True)
class Advice:
    """The next support step for one state, why, and what it has had so far."""

    iso3: str
    name: str
    tier: int
    rank: int
    step: Step
    programme: str | None  # the programme to advise on (none for a state that said it will not join)
    reason: str
    approach: bool  # its next step is a VTF or Sponsorship application it has not made, and it is interested
    history: tuple[str, ...] = ()
    needs: tuple[NeedMatch, ...] = ()


def advise(
    dataset: Dataset,
    day: dt.date,
    *,
    assignments: Sequence[TierAssignment] | None = None,
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS,
) -> list[Advice]:
    """Advice for every tiered state (or those given), in tier and rank order."""
    if assignments is None:
        assignments = assign_tiers(dataset, day, stale_after_days=stale_after_days)
    resources = [r for r in dataset.records.get("resources", {}).values() if isinstance(r, Resource)]
    records = records_by_state(vote for vote in dataset.votes.values() if vote.date <= day)
    return [advise_state(dataset, dataset.states[a.iso3], a, day, resources, record=records.get(a.iso3, [])) for a in assignments]


def advise_state(
    dataset: Dataset,
    state: State,
    assignment: TierAssignment,
    day: dt.date,
    resources: Iterable[Resource] = (),
    votes: Sequence[Vote] = (),
    *,
    record: Sequence[CastVote] | None = None,
) -> Advice:
    """The next step for one state, from its process stage, the support it has had, its groups and votes."""
    step, reason = next_step(state, assignment, day)
    renounced = FLAG_RENOUNCED in assignment.flags
    programme = None if renounced else step.programme
    if not renounced:
        if record is None:
            record = voting_record((v for v in votes if v.date <= day), state.iso3)
        programme, why = _signals_advice(state, step, programme, day, list(record))
        reason = " ".join([reason, *why])
    return Advice(
        iso3=state.iso3,
        name=state.name,
        tier=assignment.tier,
        rank=assignment.rank,
        step=step,
        programme=programme,
        reason=reason,
        approach=programme in APPLICATION_PROGRAMMES and interested(state, assignment, day),
        history=tuple(support_history(state, day)),
        needs=tuple(match_needs(dataset, state, resources, day)),
    )


def next_step(state: State, assignment: TierAssignment, day: dt.date) -> tuple[Step, str]:
    """The first step of the sequence the state has not done yet, with the reason in a sentence."""
    support = [item for item in state.support if item.date <= day]
    current = latest_step(state, day)
    stage = stage_index(current.stage) if current is not None else -1
    vtf = _latest(support, "vtf")
    sponsorship = _latest(support, "sponsorship")
    vtf_made = any(s.programme == "vtf" and s.status in _MADE for s in support)
    sponsored = any(s.programme == "sponsorship" and s.status in _MADE for s in support)
    where = f"its latest domestic step is '{STAGE_WORDS[current.stage]}' ({long_date(current.date)})" if current else ""

    if FLAG_RENOUNCED in assignment.flags:
        return STEP_BY_KEY["awareness"], (
            "It told the depositary that it does not intend to become a party: keep it informed and invite it to "
            "ATT meetings, without pressing for an application."
        )
    if current is not None and current.stage == "complete":
        instrument = current.instrument or ("ratification" if assignment.status == "signatory" else "accession")
        return STEP_BY_KEY["deposit"], (
            f"Its domestic process was completed on {long_date(current.date)}: what remains is to deposit the "
            f"instrument of {instrument} with the UN Secretary-General."
        )
    if stage >= stage_index("executive-approval"):
        return STEP_BY_KEY["approval"], f"{_sentence(where)}: support it through the remaining approvals."
    if stage >= stage_index("legal-review") or vtf_made:
        if not vtf_made:
            return STEP_BY_KEY["vtf-application"], _vtf_reason(where, vtf)
        project = f"its VTF project ({STATUS_WORDS[vtf.status]} on {long_date(vtf.date)})" if vtf else "its VTF project"
        return STEP_BY_KEY["legislation"], (
            f"With {project}, the next step is the law itself: control list, national authority and licensing."
        )
    if assignment.status == "signatory" or current is not None or sponsored:
        if current is not None:
            basis = _sentence(where)
        elif assignment.status == "signatory" and assignment.signed_on is not None:
            basis = f"It signed on {long_date(assignment.signed_on)} and no domestic step is recorded since"
        else:
            basis = "It has taken part in ATT meetings with sponsorship"
        return STEP_BY_KEY["legal-gap-review"], (
            f"{basis}: a review of national law against the treaty shows what joining requires, and can be "
            "funded as a VTF project."
        )
    reason = (
        f"{_awareness_basis(state, assignment, day)}: outreach comes first, with information on the treaty and "
        "sponsorship for its delegates to attend ATT meetings."
    )
    if sponsorship is not None:
        reason += f" Sponsorship Programme: {STATUS_WORDS[sponsorship.status]} on {long_date(sponsorship.date)}."
    return STEP_BY_KEY["awareness"], reason


def interested(state: State, assignment: TierAssignment, day: dt.date) -> bool:
    """Whether the state has shown interest, CSP9's 'interested states'.

    A signature, a domestic step, declared needs or challenges, support, or an assessment that it
    could join in the near or medium term; never a state that said it will not become a party.
    """
    if FLAG_RENOUNCED in assignment.flags:
        return False
    if assignment.status == "signatory":
        return True
    dated = [step.date for step in state.process] + [item.date for item in state.support]
    undated = [need.date for need in state.needs] + [challenge.date for challenge in state.challenges]
    return (
        any(date <= day for date in dated)
        or any(date is None or date <= day for date in undated)
        or any(item.assessed_on <= day and item.level in ("near-term", "medium-term") for item in state.readiness)
    )


def support_history(state: State, day: dt.date) -> list[str]:
    """The support the state has applied for or had, oldest first, as sentences."""
    return [
        f"{PROGRAMME_WORDS[item.programme]}: {STATUS_WORDS[item.status]} on {long_date(item.date)}."
        for item in sorted(state.support, key=lambda s: s.date)
        if item.date <= day
    ]


def match_needs(dataset: Dataset, state: State, resources: Iterable[Resource], day: dt.date) -> list[NeedMatch]:
    """Each need the state declared (by the day), with the offers available to it that cover its category."""
    available = [r for r in resources if r.available_on(day) and offered_to(dataset, r, state.iso3, day)]
    matches = []
    for need in state.needs:
        if need.date is not None and need.date > day:
            continue
        fitting = sorted((r for r in available if need.category in r.categories), key=lambda r: r.id)
        matches.append(NeedMatch(need.category, need.summary, tuple(ResourceRef(r.id, r.name, r.programme) for r in fitting)))
    return matches


def offered_to(dataset: Dataset, resource: Resource, iso3: str, day: dt.date) -> bool:
    """Whether a resource is open to the state: no limits, or the state (or one of its regions) is named."""
    if resource.states and iso3 not in resource.states:
        return False
    if not resource.regions:
        return True
    return any(slug in dataset.regions and iso3 in dataset.regions[slug].members_on(day) for slug in resource.regions)


def to_approach(advice: Iterable[Advice]) -> list[Advice]:
    """States whose next step is a VTF or Sponsorship application they have not made: approach them first."""
    return [item for item in advice if item.approach]


def _awareness_basis(state: State, assignment: TierAssignment, day: dt.date) -> str:
    if assignment.readiness in ("near-term", "medium-term"):
        when = "in the near term" if assignment.readiness == "near-term" else "in the medium term"
        return f"It is assessed as able to join {when}, but no domestic step or support is recorded"
    declared = [need.date for need in state.needs] + [challenge.date for challenge in state.challenges]
    if any(date is None or date <= day for date in declared):
        return "It has told of needs or obstacles, but no domestic step or support is recorded"
    return "No domestic step or support is recorded"


def _signals_advice(
    state: State, step: Step, programme: str | None, day: dt.date, record: list[CastVote]
) -> tuple[str | None, list[str]]:
    """The programme to advise on and the sentences saying why, from the development groups and the votes.

    A Least Developed Country or Small Island Developing State that has not yet had a delegate
    sponsored is a candidate for the Sponsorship Programme first, while its next step is still
    awareness or the legal gap review: taking part in ATT meetings comes before a VTF project.
    """
    why = []
    groups = group_keys(state.development_groups)
    if groups:
        named = " and ".join(GROUP_WORDS[key] for key in groups)
        why.append(f"As a {named}, it is among the first candidates for VTF and Sponsorship Programme support.")
        sponsored = any(s.programme == "sponsorship" and s.status in _MADE and s.date <= day for s in state.support)
        if ({"ldc", "sids"} & set(groups)) and not sponsored and step.key in ("awareness", "legal-gap-review"):
            programme = "sponsorship"
            why.append("No sponsored delegate is recorded: offer the Sponsorship Programme first.")
    voted = short_record(record)
    if voted is not None:
        why.append(f"In the General Assembly it {voted}.")
    return programme, why


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _latest(support: Sequence[Support], programme: str) -> Support | None:
    return max((s for s in support if s.programme == programme), key=lambda s: s.date, default=None)


def _vtf_reason(where: str, vtf: Support | None) -> str:
    reason = f"{_sentence(where)} and it has not applied to the Voluntary Trust Fund: a VTF project can fund the legislation"
    reason += " and institutions that joining calls for. Advise it before it applies."
    if vtf is not None and vtf.status == "declined":
        reason += f" Its application of {long_date(vtf.date)} was declined: help it prepare a new one."
    elif vtf is not None and vtf.status == "considering":
        reason += f" It has been considering an application since {long_date(vtf.date)}."
    return reason
