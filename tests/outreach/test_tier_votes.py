"""Tier reasons from General Assembly votes: dated facts that never change a tier or exclude a state."""

from __future__ import annotations

import datetime as dt

from att_univ.data.models.vote import StateVote, Totals, Vote
from att_univ.outreach.tiers import assess_state, assign_tiers
from tests.conftest import DATA
from tests.support.datasets import load_ok, make_state

DAY = dt.date(2026, 2, 3)
ADOPTION = dt.date(2013, 4, 2)
LATER = [dt.date(2013 + n, 12, 5) for n in range(9)]  # nine later resolutions, as in 2013-2021


def _vote(symbol: str, day: dt.date, subject: str, casts: dict[str, str]) -> Vote:
    totals = {kind: sum(1 for c in casts.values() if c == kind) for kind in ("yes", "no", "abstain", "absent")}
    return Vote(
        id=symbol.lower().replace("/", "-").replace(" ", "-"),
        symbol=symbol,
        body="plenary",
        subject=subject,  # type: ignore[arg-type]
        date=day,
        totals=Totals(**totals),
        sources=("fixture",),
        votes=tuple(StateVote(state=s, vote=c, name_as_recorded=s) for s, c in casts.items()),  # type: ignore[arg-type]
    )


def _votes(adoption: dict[str, str], later: list[dict[str, str]]) -> list[Vote]:
    votes = [_vote("A/RES/67/234 B", ADOPTION, "adoption", adoption)]
    votes += [_vote(f"A/RES/{68 + i}/1", day, "treaty", casts) for i, (day, casts) in enumerate(zip(LATER, later, strict=True))]
    return votes


def _reasons(iso3: str, votes: list[Vote]) -> tuple[str, ...]:
    return assess_state(make_state(iso3), DAY, votes=votes).reasons


def test_a_state_that_voted_for_everything() -> None:
    votes = _votes({"XAA": "yes"}, [{"XAA": "yes"}] * 9)
    assert (
        "In the General Assembly: voted for the treaty's adoption on 2 April 2013 and for every ATT resolution since; "
        "the latest was A/RES/76/1 on 5 December 2021."
    ) in _reasons("XAA", votes)


def test_a_state_that_always_abstained() -> None:
    votes = _votes({"XAB": "abstain"}, [{"XAB": "abstain"}] * 9)
    reasons = _reasons("XAB", votes)
    expected = "In the General Assembly: abstained on the treaty's adoption on 2 April 2013 and on every ATT resolution since"
    assert any(r.startswith(expected) for r in reasons)
    # The rule never excludes: the state keeps its tier 3 place in the outreach.
    assert assess_state(make_state("XAB"), DAY, votes=votes).tier == assess_state(make_state("XAB"), DAY).tier == 3


def test_abstained_on_seven_of_nine() -> None:
    later = [{"XAC": "abstain"}] * 7 + [{"XAC": "yes"}] * 2
    assert any(
        "abstained on the treaty's adoption on 2 April 2013 and on 7 of the 9 later resolutions; voted for 2 of the others" in r
        for r in _reasons("XAC", _votes({"XAC": "abstain"}, later))
    )


def test_a_state_absent_for_arrears_is_not_said_to_abstain() -> None:
    votes = _votes({"XAD": "absent"}, [{"XAD": "yes"}] * 9)
    reason = next(r for r in _reasons("XAD", votes) if r.startswith("In the General Assembly"))
    assert reason.startswith("In the General Assembly: did not vote on the treaty's adoption on 2 April 2013;")
    assert "of the 9 later resolutions it voted for 9" in reason
    assert "abstained" not in reason
    assert "Not voting (absent, or barred for arrears) is not an abstention." in reason


def test_votes_after_the_day_are_not_used() -> None:
    votes = _votes({"XAE": "yes"}, [{"XAE": "yes"}] * 9)
    reasons = assess_state(make_state("XAE"), dt.date(2013, 1, 1), votes=votes).reasons
    assert not any(r.startswith("In the General Assembly") for r in reasons)


def test_the_real_dataset_gives_every_voting_state_a_reason_and_changes_no_tier() -> None:
    dataset = load_ok(DATA)
    with_votes = {a.iso3: a for a in assign_tiers(dataset, DAY)}
    without = {iso3: assess_state(dataset.states[iso3], DAY) for iso3 in with_votes}
    for iso3, assignment in with_votes.items():
        assert assignment.tier == without[iso3].tier
        voted = any(iso3 in {v.state for v in vote.votes} for vote in dataset.votes.values())
        assert voted == any(r.startswith("In the General Assembly") for r in assignment.reasons), iso3
    belarus = next(r for r in with_votes["BLR"].reasons if r.startswith("In the General Assembly"))
    assert belarus == (
        "In the General Assembly: abstained on the treaty's adoption on 2 April 2013 and on every ATT resolution since; "
        "the latest was A/RES/76/50 on 6 December 2021."
    )
