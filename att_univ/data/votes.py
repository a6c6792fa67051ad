"""A state's General Assembly voting record on the treaty, and the plain facts drawn from it.

Shared by `attu show`, `attu tiers --explain`, `attu support` and `attu signals`. Pure: the
votes are passed in. Every sentence is a dated fact; none ranks or excludes a state. An
`absent` vote is said as "did not vote" (absent, not voting or barred for arrears), never
as an abstention. The rule table is in docs/signals.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from att_univ.core.wording import MONTHS, long_date
from att_univ.data.models.state import DevelopmentGroups
from att_univ.data.models.vote import StateVote, Vote

# What a state did, as a verb phrase and as the preposition that repeats it ("and for every ...").
CAST_VERBS = {"yes": "voted for", "no": "voted against", "abstain": "abstained on", "absent": "did not vote on"}
CAST_REPEATS = {"yes": "for", "no": "against", "abstain": "on", "absent": "on"}
CAST_WORDS = {"yes": "in favour", "no": "against", "abstain": "abstained", "absent": "did not vote"}
# How far towards the treaty a vote is, for the trend; `absent` says nothing and is left out.
_LEANING = {"no": 0, "abstain": 1, "yes": 2}
GROUP_WORDS = {
    "ldc": "Least Developed Country",
    "lldc": "Landlocked Developing Country",
    "sids": "Small Island Developing State",
}
GROUP_ABBREVIATIONS = {"ldc": "LDC", "lldc": "LLDC", "sids": "SIDS"}


@dataclass(frozen=True)
class CastVote:
    """One state's vote on one recorded vote."""

    vote: Vote
    cast: StateVote


def voting_record(votes: Iterable[Vote], iso3: str) -> list[CastVote]:
    """The state's votes, oldest first (a state not in a record, not yet a member say, has none there)."""
    record = []
    for vote in sorted(votes, key=lambda v: (v.date, v.symbol)):
        cast = next((item for item in vote.votes if item.state == iso3), None)
        if cast is not None:
            record.append(CastVote(vote, cast))
    return record


def records_by_state(votes: Iterable[Vote]) -> dict[str, list[CastVote]]:
    """Every state's voting record at once, oldest first: one pass over the votes, for commands that list many states."""
    records: dict[str, list[CastVote]] = {}
    for vote in sorted(votes, key=lambda v: (v.date, v.symbol)):
        for cast in vote.votes:
            records.setdefault(cast.state, []).append(CastVote(vote, cast))
    return records


def vote_date(vote: Vote) -> str:
    """`2 April 2013`, or `November 2015` when only the month is known."""
    if vote.date_precision == "month":
        return f"{MONTHS[vote.date.month - 1]} {vote.date.year}"
    return long_date(vote.date)


def vote_line(item: CastVote) -> str:
    """One line of a voting record: `A/RES/67/234 B (adoption of the treaty), plenary: in favour`."""
    vote = item.vote
    what = {"adoption": " (adoption of the treaty)", "towards-a-treaty": " (towards an arms trade treaty)"}.get(vote.subject, "")
    body = "First Committee" if vote.body == "first-committee" else "plenary"
    return f"{vote.symbol}{what}, {body}: {CAST_WORDS[item.cast.vote]}"


def adoption_of(record: list[CastVote]) -> CastVote | None:
    """The state's vote on the adoption of the treaty, if it has one."""
    return next((item for item in record if item.vote.subject == "adoption"), None)


def later_resolutions(record: list[CastVote]) -> list[CastVote]:
    """Its votes on the Assembly's ATT resolutions after the adoption (plenary only: committee drafts are not resolutions)."""
    adoption = adoption_of(record)
    return [
        item
        for item in record
        if item.vote.body == "plenary"
        and item.vote.subject == "treaty"
        and (adoption is None or item.vote.date > adoption.vote.date)
    ]


def latest_resolution(record: list[CastVote]) -> CastVote | None:
    """Its vote on the latest plenary resolution recorded."""
    plenary = [item for item in record if item.vote.body == "plenary"]
    return plenary[-1] if plenary else None


def record_sentence(record: list[CastVote]) -> str | None:
    """The voting record as one dated fact: "Voted for the treaty's adoption on 2 April 2013 and for every ATT resolution since"""
    adoption = adoption_of(record)
    later = later_resolutions(record)
    if adoption is None and not later:
        return None
    counts: Counter[str] = Counter(item.cast.vote for item in later)
    total = len(later)
    if adoption is None:
        sentence = f"Of the {total} ATT resolutions it could vote on, it {_tally(counts)}"
    else:
        cast = adoption.cast.vote
        sentence = f"{CAST_VERBS[cast].capitalize()} the treaty's adoption on {vote_date(adoption.vote)}"
        same = counts.pop(cast, 0)
        if total and same == total:
            sentence += f" and {CAST_REPEATS[cast]} every ATT resolution since"
        elif same:
            sentence += f" and {CAST_REPEATS[cast]} {same} of the {total} later resolutions; {_tally(counts)} of the others"
        elif total:
            sentence += f"; of the {total} later resolutions it {_tally(counts)}"
    latest = later[-1] if later else None
    if latest is not None:
        sentence += f"; the latest was {latest.vote.symbol} on {vote_date(latest.vote)}"
    sentence += "."
    if any(item.cast.vote == "absent" for item in ([adoption] if adoption else []) + later):
        sentence += " Not voting (absent, or barred for arrears) is not an abstention."
    return sentence


def short_record(record: list[CastVote]) -> str | None:
    """The adoption vote and the latest resolution's, in a clause: for support advice and tables."""
    adoption, latest = adoption_of(record), latest_resolution(record)
    parts = []
    if adoption is not None:
        parts.append(f"{CAST_VERBS[adoption.cast.vote]} the treaty's adoption ({vote_date(adoption.vote)})")
    if latest is not None and latest is not adoption:
        parts.append(f"{CAST_VERBS[latest.cast.vote]} the latest ATT resolution ({vote_date(latest.vote)})")
    return " and ".join(parts) if parts else None


def trend(record: list[CastVote]) -> str | None:
    """`towards the treaty`, `away from the treaty` or `steady`: the first vote cast from the adoption on against the latest.

    Absences are left out (they say nothing of a position); None when fewer than two votes were cast.
    """
    adoption = adoption_of(record)
    since = ([adoption] if adoption else []) + later_resolutions(record)
    cast = [item for item in since if item.cast.vote != "absent"]
    if len(cast) < 2:
        return None
    before, after = _LEANING[cast[0].cast.vote], _LEANING[cast[-1].cast.vote]
    return "towards the treaty" if after > before else "away from the treaty" if after < before else "steady"


def group_keys(groups: DevelopmentGroups | None) -> list[str]:
    """The development groups the state belongs to: `ldc`, `lldc`, `sids`."""
    if groups is None:
        return []
    return [key for key in ("ldc", "lldc", "sids") if getattr(groups, key)]


def _tally(counts: Counter[str]) -> str:
    parts = [f"{CAST_VERBS[cast]} {counts[cast]}" for cast in ("yes", "no", "abstain", "absent") if counts.get(cast)]
    return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
