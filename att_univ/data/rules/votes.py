"""Cross-record rules for General Assembly votes, appended to the rules of `att_univ.data.rules.general`.

| code | rule |
|---|---|
| `vote-totals` | each kind of vote (yes, no, abstain, absent) adds up to its stated total: absent is not abstain |
| `unknown-state` | every state that voted has a file in states/ |
| `vote-duplicate` | a state votes once per file |
| `vote-date` | a month-only date is the month's first day; no vote is after the dataset's as-of date |
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from att_univ.core.problems import Problem
from att_univ.data.dataset import Dataset
from att_univ.data.models.vote import VOTE_CASTS
from att_univ.data.rules import Rule


def vote_totals(dataset: Dataset) -> Iterator[Problem]:
    """The states' votes add up to the totals the record states, kind by kind."""
    for key, vote in dataset.votes.items():
        counted: Counter[str] = Counter(v.vote for v in vote.votes)
        for cast in VOTE_CASTS:
            stated = getattr(vote.totals, cast)
            if counted[cast] != stated:
                yield dataset.problem(
                    "votes",
                    key,
                    ("totals", cast),
                    "vote-totals",
                    f"{counted[cast]} states are recorded as {cast} but the total says {stated}",
                )


def vote_states(dataset: Dataset) -> Iterator[Problem]:
    """Every state that voted exists, and votes once."""
    for key, vote in dataset.votes.items():
        seen: set[str] = set()
        for index, cast in enumerate(vote.votes):
            if not dataset.exists("states", cast.state):
                yield dataset.problem(
                    "votes", key, ("votes", index, "state"), "unknown-state", "not a state of the dataset (no file in states/)"
                )
            if cast.state in seen:
                yield dataset.problem(
                    "votes", key, ("votes", index, "state"), "vote-duplicate", "this state already has a vote in this file"
                )
            seen.add(cast.state)


def vote_dates(dataset: Dataset) -> Iterator[Problem]:
    """A month-only date is the month's first day; nothing is later than the dataset's as-of date."""
    as_of = dataset.meta.as_of
    for key, vote in dataset.votes.items():
        if vote.date_precision == "month" and vote.date.day != 1:
            yield dataset.problem(
                "votes", key, ("date",), "vote-date", "a date known only to the month is written as its first day"
            )
        if vote.date > as_of:
            yield dataset.problem(
                "votes",
                key,
                ("date",),
                "vote-date",
                f"date is after the dataset's as-of date ({as_of.isoformat()} in dataset.yaml)",
            )


VOTE_RULES: tuple[Rule, ...] = (vote_totals, vote_states, vote_dates)
