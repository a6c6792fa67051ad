"""Tiers: the edge cases CSP9 named, the ranking rules, properties that must always hold, and `attu tiers`."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from att_univ.core.treaty_rules import status_on
from att_univ.core.wording import RESTRICTED_ADVICE_NOTICE
from att_univ.data.dataset import Dataset
from att_univ.data.models import State
from att_univ.data.models.common import Dated
from att_univ.data.models.state import PROCESS_STAGES, ProcessStep, Treaty
from att_univ.outreach.tiers import (
    FLAG_PENDING,
    FLAG_RENOUNCED,
    FLAG_STALE,
    assess_state,
    assign_tiers,
    long_date,
)
from tests.conftest import DATA, run_cli
from tests.support.datasets import AS_OF, SOURCES, WGTU, load_ok, make_dataset, make_state


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return load_ok(DATA)


@pytest.fixture(scope="module")
def fixture() -> Dataset:
    return load_ok(WGTU)


def tier_of(state: State, day: dt.date, **options: int) -> int:
    return assess_state(state, day, **options).tier


# --- the bundled dataset: real counts and the cases CSP9's approach must decide ----------------


def test_real_dataset_counts(bundled: Dataset) -> None:
    assignments = assign_tiers(bundled, AS_OF)
    assert len(assignments) == 197 - 117
    assert Counter(a.tier for a in assignments) == {1: 25, 2: 1, 3: 54}


def test_parties_are_never_tiered(bundled: Dataset) -> None:
    tiered = {a.iso3 for a in assign_tiers(bundled, dt.date(2023, 2, 15))}
    parties = {code for code, s in bundled.states.items() if status_on(s.treaty, dt.date(2023, 2, 15)) == "party"}
    assert len(parties) == 113
    assert not tiered & parties
    assert len(tiered) == 197 - 113


def test_united_states_stays_in_tier_one_flagged_and_last(bundled: Dataset) -> None:
    assignments = [a for a in assign_tiers(bundled, AS_OF) if a.tier == 1]
    usa = assignments[-1]
    assert usa.iso3 == "USA"
    assert usa.rank == 25
    assert usa.flags == (FLAG_RENOUNCED,)
    assert any("does not intend to become a party" in r and "18 July 2019" in r for r in usa.reasons)
    # Before its 2019 communication it was an ordinary signatory, ranked by signature date.
    before = {a.iso3: a for a in assign_tiers(bundled, dt.date(2019, 1, 1))}
    assert before["USA"].flags == ()
    assert before["USA"].rank < 25


def test_ecuador_is_tier_two_with_its_instrument_pending(bundled: Dataset) -> None:
    ecuador = next(a for a in assign_tiers(bundled, AS_OF) if a.iso3 == "ECU")
    assert (ecuador.tier, ecuador.rank, ecuador.flags) == (2, 1, (FLAG_PENDING,))
    assert ecuador.stage == "complete"
    assert any("instrument of accession has not been deposited" in r for r in ecuador.reasons)
    # Before its National Assembly's vote, nothing put it in tier 2.
    earlier = next(a for a in assign_tiers(bundled, dt.date(2025, 12, 1)) if a.iso3 == "ECU")
    assert earlier.tier == 3


def test_gambia_was_tier_three_before_its_deposit(bundled: Dataset) -> None:
    gambia = next(a for a in assign_tiers(bundled, dt.date(2023, 6, 1)) if a.iso3 == "GMB")
    assert gambia.tier == 3
    assert gambia.stage == "intention-declared"
    assert "Latest domestic step: declared its intention to join, on 15 February 2023." in gambia.reasons
    assert "GMB" not in {a.iso3 for a in assign_tiers(bundled, AS_OF)}


def test_comoros_is_a_signatory_in_tier_one(bundled: Dataset) -> None:
    comoros = next(a for a in assign_tiers(bundled, AS_OF) if a.iso3 == "COM")
    assert comoros.tier == 1
    assert comoros.reasons[0] == "Signed on 26 September 2013 and has not yet ratified."
    # Its declared intention is the furthest process among signatories: it ranks first.
    assert comoros.rank == 1


# --- the fixture: readiness, staleness and ranking ------------------------------------------


def test_fixture_tiers_and_ranks(fixture: Dataset) -> None:
    order = [(a.tier, a.rank, a.iso3) for a in assign_tiers(fixture, AS_OF)]
    assert order == [
        (1, 1, "XSA"),  # furthest process (legal review), then readiness
        (1, 2, "XSB"),
        (1, 3, "XRN"),  # said it will not become a party: last
        (2, 1, "XPD"),  # process complete, instrument pending
        (2, 2, "XNT"),  # near-term assessment
        (3, 1, "XVD"),  # legislation
        (3, 2, "XLR"),  # legal review
        (3, 3, "XNO"),  # nothing: by name
        (3, 4, "XSP"),
        (3, 5, "XST"),  # stale near-term assessment counts as none
    ]


def test_a_stale_assessment_is_flagged_and_does_not_count(fixture: Dataset) -> None:
    stale = next(a for a in assign_tiers(fixture, AS_OF) if a.iso3 == "XST")
    assert stale.tier == 3
    assert stale.flags == (FLAG_STALE,)
    assert stale.readiness is None
    assert any("more than 365 days old" in r for r in stale.reasons)
    fresh = next(a for a in assign_tiers(fixture, AS_OF, stale_after_days=500) if a.iso3 == "XST")
    assert (fresh.tier, fresh.flags, fresh.readiness) == (2, (), "near-term")


def test_staleness_boundary() -> None:
    assessed = dt.date(2025, 1, 1)
    state = make_state(readiness=(("near-term", assessed),))
    assert tier_of(state, assessed + dt.timedelta(days=365)) == 2
    assert tier_of(state, assessed + dt.timedelta(days=366)) == 3
    assert FLAG_STALE in assess_state(state, assessed + dt.timedelta(days=366)).flags


def test_the_latest_assessment_counts(fixture: Dataset) -> None:
    neartown = fixture.states["XNT"]
    assert tier_of(neartown, dt.date(2025, 5, 31)) == 3  # only the long-term assessment of 2022 then
    assert tier_of(neartown, dt.date(2025, 6, 1)) == 2


def test_the_stage_threshold_for_tier_two() -> None:
    day = dt.date(2025, 1, 1)
    for stage in PROCESS_STAGES:
        state = make_state(steps=((stage, dt.date(2024, 1, 1)),))
        expected = 2 if PROCESS_STAGES.index(stage) >= PROCESS_STAGES.index("parliament-submitted") else 3
        assert tier_of(state, day) == expected, stage


def test_a_process_that_went_back_counts_its_latest_step() -> None:
    state = make_state(steps=(("parliament-submitted", dt.date(2022, 1, 1)), ("under-consideration", dt.date(2024, 1, 1))))
    assert tier_of(state, dt.date(2023, 1, 1)) == 2
    assert tier_of(state, dt.date(2025, 1, 1)) == 3


def test_facts_after_the_day_are_ignored() -> None:
    state = make_state(steps=(("complete", dt.date(2025, 1, 1)),), readiness=(("near-term", dt.date(2025, 1, 1)),))
    early = assess_state(state, dt.date(2024, 12, 31))
    assert (early.tier, early.stage, early.readiness) == (3, None, None)


def test_a_party_cannot_be_assessed() -> None:
    state = make_state(deposited=dt.date(2020, 1, 1))
    with pytest.raises(ValueError, match="parties are not tiered"):
        assess_state(state, dt.date(2021, 1, 1))


def test_long_date() -> None:
    assert long_date(dt.date(2026, 2, 3)) == "3 February 2026"
    assert long_date(dt.date(2013, 12, 31)) == "31 December 2013"


# --- properties -----------------------------------------------------------------------------

DAYS = st.dates(dt.date(2013, 1, 1), AS_OF)
SIGNATURES = st.dates(dt.date(2013, 6, 3), dt.date(2014, 12, 23))
STEPS = st.lists(st.tuples(st.sampled_from(PROCESS_STAGES), DAYS), max_size=3)
ASSESSMENTS = st.lists(st.tuples(st.sampled_from(["near-term", "medium-term", "long-term", "unknown"]), DAYS), max_size=2)


@st.composite
def states(draw: st.DrawFn, iso3: str = "XAA") -> State:
    signed = draw(st.none() | SIGNATURES)
    deposited = draw(st.none() | st.dates(signed or dt.date(2013, 6, 3), AS_OF))
    renounced = draw(st.none() | st.dates(signed, AS_OF)) if signed and not deposited else None
    return make_state(
        iso3,
        signed=signed,
        deposited=deposited,
        renounced=renounced,
        steps=tuple(draw(STEPS)),
        readiness=tuple(draw(ASSESSMENTS)),
    )


@st.composite
def datasets(draw: st.DrawFn) -> list[State]:
    count = draw(st.integers(0, 8))
    return [draw(states(f"X{chr(65 + i)}A")) for i in range(count)]


@settings(max_examples=150, deadline=None)
@given(datasets(), DAYS)
def test_every_non_party_has_exactly_one_tier_and_parties_none(members: list[State], day: dt.date) -> None:
    assignments = assign_tiers(make_dataset(members), day)
    codes = [a.iso3 for a in assignments]
    non_parties = {s.iso3 for s in members if status_on(s.treaty, day) != "party"}
    assert len(codes) == len(set(codes))
    assert set(codes) == non_parties
    for tier in (1, 2, 3):
        assert [a.rank for a in assignments if a.tier == tier] == list(range(1, sum(a.tier == tier for a in assignments) + 1))
    assert all(a.tier == 1 for a in assignments if a.status == "signatory")
    assert all(a.reasons for a in assignments)


@settings(max_examples=150, deadline=None)
@given(datasets(), DAYS, st.randoms(use_true_random=False))
def test_order_does_not_depend_on_file_order(members: list[State], day: dt.date, shuffler: random.Random) -> None:
    shuffled = list(members)
    shuffler.shuffle(shuffled)
    assert assign_tiers(make_dataset(members), day) == assign_tiers(make_dataset(shuffled), day)


@settings(max_examples=300, deadline=None)
@given(states(), DAYS, st.sampled_from(PROCESS_STAGES), st.integers(0, 400))
def test_advancing_a_process_never_lowers_priority(state: State, day: dt.date, stage: str, later: int) -> None:
    if status_on(state.treaty, day) == "party":
        return
    current = assess_state(state, day)
    if current.stage is not None and PROCESS_STAGES.index(stage) < PROCESS_STAGES.index(current.stage):
        return  # not an advance
    last = max((s.date for s in state.process if s.date <= day), default=dt.date(2013, 1, 1))
    step_day = min(last + dt.timedelta(days=later), day)
    if any(s.date == step_day for s in state.process):
        return  # same-day steps: the furthest counts, already covered
    advanced = state.model_copy(update={"process": (*state.process, ProcessStep(stage=stage, date=step_day))})  # type: ignore[arg-type]
    assert assess_state(advanced, day).tier <= current.tier


@settings(max_examples=200, deadline=None)
@given(states(), DAYS)
def test_signing_never_lowers_priority(state: State, day: dt.date) -> None:
    if state.treaty.signature is not None or status_on(state.treaty, day) == "party" or day < dt.date(2013, 6, 3):
        return
    signed = state.model_copy(update={"treaty": Treaty(signature=Dated(date=dt.date(2013, 6, 3), sources=SOURCES))})
    assert assess_state(signed, day).tier == 1 <= assess_state(state, day).tier


# --- the command --------------------------------------------------------------------------


def test_tiers_table_says_restricted_first() -> None:
    result = run_cli("tiers", "--data", str(DATA))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == RESTRICTED_ADVICE_NOTICE
    assert "Tiers: 80 states not yet party, as at 3 February 2026" in result.stdout
    assert "Tier 2: Ready to join soon (1)" in result.stdout


def test_tiers_json_is_a_list_of_objects() -> None:
    result = run_cli("tiers", "--data", str(DATA), "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert len(rows) == 80
    assert {"iso3", "name", "tier", "rank", "reasons", "flags", "sensitivity"} <= set(rows[0])
    assert all(row["sensitivity"] == "restricted" for row in rows)
    ecuador = next(row for row in rows if row["iso3"] == "ECU")
    assert (ecuador["tier"], ecuador["flags"]) == (2, ["instrument-pending"])
    assert RESTRICTED_ADVICE_NOTICE in result.stderr


def test_tiers_markdown() -> None:
    result = run_cli("tiers", "--data", str(DATA), "--format", "markdown", "--region", "asia-pacific", "--full")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == RESTRICTED_ADVICE_NOTICE
    assert "# Tiers: 41 states not yet party in Asia-Pacific Group, as at 3 February 2026" in lines
    assert "## Tier 1: Signatories (10)" in lines
    assert "| 10 | Singapore | SGP |  | Signed on 5 December 2014 and has not yet ratified." in result.stdout


def test_region_ranks_are_within_the_region() -> None:
    result = run_cli("tiers", "--data", str(DATA), "--format", "json", "--region", "asean")
    rows = json.loads(result.stdout)
    tier_one = [row for row in rows if row["tier"] == 1]
    assert [row["rank"] for row in tier_one] == list(range(1, len(tier_one) + 1))
    assert {row["iso3"] for row in tier_one} == {"KHM", "MYS", "SGP", "THA"}


def test_as_of_an_earlier_date() -> None:
    rows = json.loads(run_cli("tiers", "--data", str(DATA), "--format", "json", "--as-of", "2023-06-01").stdout)
    gambia = next(row for row in rows if row["iso3"] == "GMB")
    assert gambia["tier"] == 3


def test_explain() -> None:
    result = run_cli("tiers", "--data", str(DATA), "--explain", "usa")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == RESTRICTED_ADVICE_NOTICE
    assert (
        "United States of America (USA) as at 3 February 2026: tier 1, signatories; rank 25 of 25 in the tier." in result.stdout
    )
    assert "Flags: intent-not-to-become-party" in result.stdout
    assert "Order inside tier 1:" in result.stdout


def test_explain_a_party() -> None:
    result = run_cli("tiers", "--data", str(DATA), "--explain", "Gambia")
    assert result.exit_code == 0
    assert result.stdout == "Gambia has been a State Party since 13 June 2024: parties are not tiered.\n"


def test_stale_after_option() -> None:
    rows = json.loads(run_cli("tiers", "--data", str(WGTU), "--format", "json", "--stale-after", "500").stdout)
    assert next(row for row in rows if row["iso3"] == "XST")["tier"] == 2


@pytest.mark.parametrize("audience", ["public", "partners"])
def test_a_wider_audience_is_refused(audience: str) -> None:
    result = run_cli("tiers", "--data", str(WGTU), "--audience", audience)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"--audience restricted only, not for {audience}" in result.stderr
    assert "CANARY" not in result.stderr


def test_restricted_audience_is_accepted_and_shows_restricted_facts() -> None:
    result = run_cli("tiers", "--data", str(WGTU), "--audience", "restricted", "--explain", "XSA")
    assert result.exit_code == 0
    assert "Assessed on 1 October 2025 as able to join in the near term." in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--region", "asia-pacfic"), "did you mean asia-pacific"),
        (("--as-of", "2026-13-01"), "--as-of: 2026-13-01 is not a date: there is no month 13"),
        (("--as-of", "2026-02-04"), "after the dataset's as-of date"),
        (("--explain", "Atlantis"), "no state 'Atlantis'"),
        (("--stale-after", "-1"), "-1"),
    ],
)
def test_usage_errors(args: tuple[str, ...], message: str) -> None:
    result = run_cli("tiers", "--data", str(DATA), *args)
    assert result.exit_code == 2
    assert message in result.stderr
