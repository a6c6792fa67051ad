"""Tiers of the CSP9 stepped approach: signatories, then states ready to join soon, then all others.

Pure: the tier of a state is a function of the dataset and a date, and every assignment
carries the plain sentences that explain it. Tiers use all information, restricted parts
included (domestic process, readiness), which is why every output of them is restricted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from att_univ.core.treaty_rules import renounced_on, status_on
from att_univ.core.wording import long_date
from att_univ.data.dataset import Dataset
from att_univ.data.models.state import PROCESS_STAGES, ProcessStep, Readiness, State
from att_univ.data.models.vote import Vote
from att_univ.data.votes import CastVote, record_sentence, records_by_state, voting_record

TIERS = (1, 2, 3)
TIER_LABELS = {
    1: "Signatories",
    2: "Ready to join soon",
    3: "All other states not yet party",
}
# "Far enough along" for tier 2: the decision to join is formally before the body that approves
# it (or further). Earlier stages (legal review, legislation) can take years.
TIER2_STAGE = "parliament-submitted"
DEFAULT_STALE_AFTER_DAYS = 365

FLAG_RENOUNCED = "intent-not-to-become-party"
FLAG_PENDING = "instrument-pending"
FLAG_STALE = "stale-assessment"
FLAG_WORDS = {
    FLAG_RENOUNCED: "said it does not intend to become a party",
    FLAG_PENDING: "instrument not yet deposited",
    FLAG_STALE: "readiness assessment out of date",
}

STAGE_WORDS = {
    "intention-declared": "declared its intention to join",
    "under-consideration": "joining under consideration",
    "legal-review": "legal review under way",
    "legislation": "legislation being prepared",
    "executive-approval": "approved by the government",
    "parliament-submitted": "submitted to parliament",
    "parliament-approved": "approved by parliament",
    "complete": "domestic process complete",
}
READINESS_WORDS = {
    "near-term": "in the near term",
    "medium-term": "in the medium term",
    "long-term": "in the long term",
}
_READINESS_ORDER = {"near-term": 0, "medium-term": 1, "long-term": 2}

# How states are ordered inside each tier; shown by `attu tiers --explain` and the README.
RANKING_RULES = {
    1: "furthest domestic process first, then readiness (near term first), then earliest signature, then name; "
    "a signatory that said it will not become a party comes last",
    2: "furthest domestic process first, then readiness (near term first), then name",
    3: "furthest domestic process first, then readiness (near term first), then name",
}

VOTES_REASON = "In the General Assembly:"  # the reason a state's voting record gives


@dataclass(frozen=True)
class TierAssignment:
    """One state not yet party: its tier, its place in the tier, and why."""

    iso3: str
    name: str
    tier: int  # 1, 2 or 3
    rank: int  # 1-based, within the tier
    reasons: tuple[str, ...]
    flags: tuple[str, ...] = ()
    status: str = "non-signatory"  # as the depositary counts it on the day
    stage: str | None = None  # the latest domestic step on the day
    readiness: str | None = None  # the current (not stale) readiness level
    signed_on: dt.date | None = None


def assign_tiers(dataset: Dataset, day: dt.date, *, stale_after_days: int = DEFAULT_STALE_AFTER_DAYS) -> list[TierAssignment]:
    """Every state not party on `day`, with its tier and rank, in tier then rank order."""
    records = records_by_state(vote for vote in dataset.votes.values() if vote.date <= day)
    unranked = [
        assess_state(state, day, stale_after_days=stale_after_days, record=records.get(state.iso3, []))
        for state in dataset.states.values()
        if status_on(state.treaty, day) != "party"
    ]
    return rank(unranked)


def assess_state(
    state: State,
    day: dt.date,
    *,
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS,
    votes: Sequence[Vote] = (),
    record: Sequence[CastVote] | None = None,
) -> TierAssignment:
    """The tier of one state not yet party, with its reasons (rank 0: not ranked yet).

    Its General Assembly votes (up to the day) add a reason, a dated fact; they never change
    the tier or exclude a state (docs/signals.md). `record` is its voting record when already built.
    """
    status = status_on(state.treaty, day)
    if status == "party":
        raise ValueError(f"{state.iso3} is a party on {day.isoformat()}: parties are not tiered")
    step = latest_step(state, day)
    assessment = latest_assessment(state, day)
    stale = assessment is not None and is_stale(assessment, day, stale_after_days)
    readiness = assessment.level if assessment is not None and not stale else None
    reasons: list[str] = []
    flags: list[str] = []

    signature = state.treaty.signature
    if status == "signatory" and signature is not None:
        intent = state.treaty.intent_not_to_become_party
        renounced = intent is not None and renounced_on(state.treaty, day)
        reasons.append(f"Signed on {long_date(signature.date)} and has not {'' if renounced else 'yet '}ratified.")
        if intent is not None and renounced:
            flags.append(FLAG_RENOUNCED)
            reasons.append(
                f"On {long_date(intent.date)} the depositary received its communication that it does not intend "
                "to become a party. The depositary still lists the signature, so it stays in tier 1, ranked last: "
                "the stepped approach excludes no one."
            )
    else:
        reasons.append("Not a signatory: it would join by accession.")
    if record is None:
        record = voting_record((v for v in votes if v.date <= day), state.iso3)
    voted = record_sentence(list(record))
    if voted is not None:
        reasons.append(f"{VOTES_REASON} {voted[0].lower()}{voted[1:]}")

    reasons.append(
        f"Latest domestic step: {STAGE_WORDS[step.stage]}, on {long_date(step.date)}."
        if step is not None
        else "No domestic step towards joining is recorded."
    )
    if assessment is not None:
        reasons.append(_readiness_sentence(assessment, day, stale, stale_after_days))
        if stale:
            flags.append(FLAG_STALE)
    if step is not None and step.stage == "complete":
        flags.append(FLAG_PENDING)
        instrument = step.instrument or ("ratification" if status == "signatory" else "accession")
        reasons.append(f"The instrument of {instrument} has not been deposited: the deposit is the remaining step.")

    far_enough = step is not None and stage_index(step.stage) >= stage_index(TIER2_STAGE)
    if status == "signatory":
        tier = 1
    elif far_enough or readiness == "near-term":
        tier = 2
        reasons.append(
            f"Tier 2, ready to join soon: its domestic process has reached '{STAGE_WORDS[TIER2_STAGE]}' or beyond."
            if far_enough
            else "Tier 2, ready to join soon: the current assessment is that it can join in the near term."
        )
    else:
        tier = 3
        reasons.append(
            f"Tier 3: no domestic step at '{STAGE_WORDS[TIER2_STAGE]}' or beyond and no current near-term "
            "assessment is recorded; it remains in the outreach (no state is excluded)."
        )
    return TierAssignment(
        iso3=state.iso3,
        name=state.name,
        tier=tier,
        rank=0,
        reasons=tuple(reasons),
        flags=tuple(flags),
        status=status,
        stage=step.stage if step is not None else None,
        readiness=readiness,
        signed_on=signature.date if status == "signatory" and signature is not None else None,
    )


def rank(assignments: Iterable[TierAssignment]) -> list[TierAssignment]:
    """Order by tier and the tier's ranking rule, numbering ranks from 1 within each tier."""
    ordered = sorted(assignments, key=_order_key)
    counters = dict.fromkeys(TIERS, 0)
    ranked = []
    for assignment in ordered:
        counters[assignment.tier] += 1
        ranked.append(replace(assignment, rank=counters[assignment.tier]))
    return ranked


def latest_step(state: State, day: dt.date) -> ProcessStep | None:
    """The state's most recent domestic step on or before the day (a process can go back: the latest counts)."""
    steps = [step for step in state.process if step.date <= day]
    return max(steps, key=lambda step: (step.date, stage_index(step.stage)), default=None)


def latest_assessment(state: State, day: dt.date) -> Readiness | None:
    """The state's most recent readiness assessment on or before the day."""
    assessments = [item for item in state.readiness if item.assessed_on <= day]
    return max(assessments, key=lambda item: item.assessed_on, default=None)


def is_stale(assessment: Readiness, day: dt.date, stale_after_days: int) -> bool:
    """Whether an assessment is older than `stale_after_days` on the day."""
    return (day - assessment.assessed_on).days > stale_after_days


def stage_index(stage: str) -> int:
    """How far along a domestic process stage is (0 = intention declared)."""
    return PROCESS_STAGES.index(stage)


def _readiness_sentence(assessment: Readiness, day: dt.date, stale: bool, stale_after_days: int) -> str:
    when = long_date(assessment.assessed_on)
    if stale:
        level = assessment.level.replace("-", " ")
        return (
            f"Its latest readiness assessment ({level}, {when}) is more than {stale_after_days} days old on "
            f"{long_date(day)}: flagged as stale, it does not count towards the tier until it is renewed."
        )
    if assessment.level in READINESS_WORDS:
        return f"Assessed on {when} as able to join {READINESS_WORDS[assessment.level]}."
    return f"Assessed on {when}; how soon it could join is not known."


def _order_key(assignment: TierAssignment) -> tuple[object, ...]:
    advancement = -stage_index(assignment.stage) if assignment.stage is not None else 1
    readiness = _READINESS_ORDER.get(assignment.readiness or "", 3)
    name = Dataset.sort_key(assignment.name)
    if assignment.tier == 1:
        renounced = FLAG_RENOUNCED in assignment.flags
        signed = assignment.signed_on or dt.date.max
        return (1, renounced, advancement, readiness, signed, name, assignment.iso3)
    return (assignment.tier, advancement, readiness, name, assignment.iso3)
