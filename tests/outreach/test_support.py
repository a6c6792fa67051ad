"""Support advice: the step sequence, who to approach before they apply, needs matched with offers."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from att_univ.core.wording import RESTRICTED_ADVICE_NOTICE
from att_univ.data.dataset import Dataset
from att_univ.data.models.state import PROCESS_STAGES, Need, ProcessStep, Support
from att_univ.outreach.support import STEPS, advise, match_needs, next_step, to_approach
from att_univ.outreach.tiers import assess_state
from tests.conftest import DATA, FIXTURES, run_cli
from tests.support.datasets import WGTU, load_ok, make_dataset, make_state

DAY = dt.date(2026, 2, 3)
REFERENCE = FIXTURES / "reference"
STEP_ORDER = [step.key for step in STEPS]


@pytest.fixture(scope="module")
def fixture() -> Dataset:
    return load_ok(WGTU)


def step_for(state, day=DAY):  # type: ignore[no-untyped-def]
    step, reason = next_step(state, assess_state(state, day), day)
    return step.key, reason


def with_support(state, *records: tuple[str, str, dt.date]):  # type: ignore[no-untyped-def]
    support = tuple(Support(programme=p, status=s, date=d) for p, s, d in records)  # type: ignore[arg-type]
    return state.model_copy(update={"support": support})


# --- the sequence --------------------------------------------------------------------------


def test_nothing_known_starts_with_awareness_and_sponsorship() -> None:
    key, reason = step_for(make_state())
    assert key == "awareness"
    assert "sponsorship for its delegates" in reason


def test_sponsorship_had_leads_to_the_legal_gap_review() -> None:
    state = with_support(make_state(), ("sponsorship", "completed", dt.date(2024, 1, 1)))
    assert step_for(state)[0] == "legal-gap-review"
    declined = with_support(make_state(), ("sponsorship", "declined", dt.date(2024, 1, 1)))
    key, reason = step_for(declined)
    assert key == "awareness"
    assert "Sponsorship Programme: declined on 1 January 2024." in reason


def test_a_signatory_has_shown_commitment_already() -> None:
    key, reason = step_for(make_state(signed=dt.date(2013, 9, 25)))
    assert key == "legal-gap-review"
    assert reason.startswith("It signed on 25 September 2013 and no domestic step is recorded since")


@pytest.mark.parametrize(
    ("stage", "expected"),
    [
        ("intention-declared", "legal-gap-review"),
        ("under-consideration", "legal-gap-review"),
        ("legal-review", "vtf-application"),
        ("legislation", "vtf-application"),
        ("executive-approval", "approval"),
        ("parliament-submitted", "approval"),
        ("parliament-approved", "approval"),
        ("complete", "deposit"),
    ],
)
def test_each_stage_has_its_next_step(stage: str, expected: str) -> None:
    state = make_state(steps=((stage, dt.date(2025, 1, 1)),))
    assert step_for(state)[0] == expected


def test_a_vtf_application_made_moves_on_to_legislation() -> None:
    state = make_state(steps=(("legal-review", dt.date(2025, 1, 1)),))
    for status in ("applied", "granted", "completed"):
        key, reason = step_for(with_support(state, ("vtf", status, dt.date(2025, 2, 1))))
        assert key == "legislation", status
        assert f"its VTF project ({status} on 1 February 2025)" in reason


def test_a_declined_or_considered_vtf_application_is_still_to_make() -> None:
    state = make_state(steps=(("legislation", dt.date(2025, 1, 1)),))
    key, reason = step_for(with_support(state, ("vtf", "declined", dt.date(2025, 2, 1))))
    assert key == "vtf-application"
    assert "Its application of 1 February 2025 was declined" in reason
    key, reason = step_for(with_support(state, ("vtf", "considering", dt.date(2025, 2, 1))))
    assert key == "vtf-application"
    assert "considering an application since 1 February 2025" in reason


def test_deposit_names_the_instrument() -> None:
    key, reason = step_for(make_state(signed=dt.date(2013, 9, 25), steps=(("complete", dt.date(2025, 1, 1)),)))
    assert key == "deposit"
    assert "instrument of ratification" in reason


def test_ecuador_is_advised_to_deposit() -> None:
    ecuador = next(a for a in advise(load_ok(DATA), DAY) if a.iso3 == "ECU")
    assert ecuador.step.key == "deposit"
    assert ecuador.reason == (
        "Its domestic process was completed on 23 January 2026: what remains is to deposit the instrument of "
        "accession with the UN Secretary-General. In the General Assembly it abstained on the treaty's adoption "
        "(2 April 2013) and abstained on the latest ATT resolution (6 December 2021)."
    )


def test_a_state_that_will_not_join_is_not_pressed() -> None:
    state = make_state(signed=dt.date(2013, 9, 25), renounced=dt.date(2019, 7, 18))
    advice = advise(make_dataset([state]), DAY)[0]
    assert advice.step.key == "awareness"
    assert advice.programme is None
    assert advice.approach is False
    assert "without pressing for an application" in advice.reason


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PROCESS_STAGES), st.dates(dt.date(2020, 1, 1), dt.date(2025, 1, 1))), max_size=3))
def test_the_next_step_never_goes_back_as_a_process_advances(steps: list[tuple[str, dt.date]]) -> None:
    # Steps sorted so that each is at least as far along as the one before, each on a later day.
    ordered = sorted(steps, key=lambda s: PROCESS_STAGES.index(s[0]))
    days = sorted({d for _, d in steps})
    if len(days) != len(ordered):
        return
    state = make_state()
    previous = STEP_ORDER.index(step_for(state)[0])
    for (stage, _), day in zip(ordered, days, strict=True):
        state = state.model_copy(update={"process": (*state.process, ProcessStep(stage=stage, date=day))})  # type: ignore[arg-type]
        current = STEP_ORDER.index(step_for(state)[0])
        assert current >= previous
        previous = current


# --- who to approach, and offers ------------------------------------------------------------


def test_states_to_approach(fixture: Dataset) -> None:
    advice = advise(fixture, DAY)
    approach = {a.iso3: a.programme for a in to_approach(advice)}
    assert approach == {
        "XNT": "sponsorship",  # near-term assessment shows interest; nothing else recorded
        "XVD": "vtf",  # VTF application declined: help with a new one
        "XLR": "vtf",  # legal review, only considering an application
        "XSP": "sponsorship",  # declared needs and challenges
        "XST": "sponsorship",  # an assessment, stale but of interest
    }
    by_code = {a.iso3: a for a in advice}
    assert by_code["XNO"].programme == "sponsorship" and not by_code["XNO"].approach  # no sign of interest
    assert by_code["XSA"].step.key == "legislation"  # VTF granted


def test_needs_are_matched_with_offers(fixture: Dataset) -> None:
    resources = list(fixture.records["resources"].values())
    legalia = match_needs(fixture, fixture.states["XLR"], resources, DAY)  # type: ignore[arg-type]
    assert [(m.category, [r.id for r in m.resources]) for m in legalia] == [
        ("legal-review", ["fixture-vtf", "legal-aid"]),  # legal-aid: XLR is in fixture-org
        ("stockpile-management", []),
    ]
    sponsoria = match_needs(fixture, fixture.states["XSP"], resources, DAY)  # type: ignore[arg-type]
    assert [r.id for r in sponsoria[0].resources] == ["meetings"]  # 'expired' ended in 2024
    earlier = match_needs(fixture, fixture.states["XSP"], resources, dt.date(2024, 6, 1))  # type: ignore[arg-type]
    assert [r.id for r in earlier[0].resources] == ["expired", "meetings"]
    vtfdecl = fixture.states["XVD"].model_copy(update={"needs": fixture.states["XLR"].needs[:1]})
    assert [r.id for r in match_needs(fixture, vtfdecl, resources, DAY)[0].resources] == ["fixture-vtf", "legal-aid"]
    neartown = fixture.states["XNT"].model_copy(update={"needs": (Need(category="legal-review", summary="A review."),)})
    # XNT joined fixture-org on 2024-01-01: legal-aid is offered to it from then on only.
    assert [r.id for r in match_needs(fixture, neartown, resources, dt.date(2023, 12, 31))[0].resources] == ["fixture-vtf"]
    assert [r.id for r in match_needs(fixture, neartown, resources, dt.date(2024, 1, 1))[0].resources] == [
        "fixture-vtf",
        "legal-aid",
    ]


def test_a_need_declared_later_is_not_shown(fixture: Dataset) -> None:
    resources = list(fixture.records["resources"].values())
    assert [m.category for m in match_needs(fixture, fixture.states["XLR"], resources, dt.date(2025, 1, 1))] == [  # type: ignore[arg-type]
        "stockpile-management"
    ]


# --- the command --------------------------------------------------------------------------


def test_support_lists_states_to_approach() -> None:
    result = run_cli("support", "--data", str(WGTU))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == RESTRICTED_ADVICE_NOTICE
    for name in ("Neartown", "Vtfdecl", "Legalia", "Sponsoria", "Staleland"):
        assert name in result.stdout
    assert "Nobodia" not in result.stdout and "Signatoria" not in result.stdout


def test_support_on_the_real_dataset_is_honest() -> None:
    # No state of the bundled dataset has recorded needs or an unfunded step; what is left to approach
    # are the signatories that are Least Developed Countries or Small Island Developing States, none
    # with a sponsored delegate recorded: the Sponsorship Programme first (computed from the reference).
    with open(REFERENCE / "att-status.csv", encoding="utf-8", newline="") as handle:
        signatories = {r["iso3"] for r in csv.DictReader(handle) if r["signature_date"] and not r["deposit_date"]}
    with open(REFERENCE / "un-development-groups.csv", encoding="utf-8", newline="") as handle:
        ldc_or_sids = {r["iso3"] for r in csv.DictReader(handle) if "yes" in (r["ldc"], r["sids"])}
    approached = json.loads(run_cli("support", "--data", str(DATA), "--format", "json").stdout)
    assert {row["iso3"] for row in approached} == signatories & ldc_or_sids
    assert {row["programme"] for row in approached} == {"sponsorship"}
    everyone = json.loads(run_cli("support", "--data", str(DATA), "--all", "--format", "json").stdout)
    assert len(everyone) == 80
    assert _count_steps(everyone) == {"legal-gap-review": 24, "awareness": 55, "deposit": 1}


def _count_steps(rows: list[dict[str, object]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[str(row["next_step"])] = counts.get(str(row["next_step"]), 0) + 1
    return counts


def test_support_for_one_state() -> None:
    result = run_cli("support", "XLR", "--data", str(WGTU))
    assert result.exit_code == 0
    out = result.stdout
    assert out.splitlines()[0] == RESTRICTED_ADVICE_NOTICE
    assert "Next step: Voluntary Trust Fund project application." in out
    assert "Approach it about the Voluntary Trust Fund before it applies." in out
    assert "- Sponsorship Programme: completed on 1 August 2024." in out
    assert "Offers: Fixture Voluntary Trust Fund (fixture-vtf), Legal drafting assistance (legal-aid)." in out


def test_support_json() -> None:
    rows = json.loads(run_cli("support", "--data", str(WGTU), "--format", "json").stdout)
    assert [row["iso3"] for row in rows] == ["XNT", "XVD", "XLR", "XSP", "XST"]
    assert rows[2]["needs"][0] == {
        "category": "legal-review",
        "summary": "Needs a review of its arms export law.",
        "offers": ["fixture-vtf", "legal-aid"],
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--audience", "public"), "restricted only"),
        (("Atlantis",), "no state 'Atlantis'"),
        (("GMB", "--data", str(DATA)), "is not a state to advise on"),
    ],
)
def test_support_usage_errors(args: tuple[str, ...], message: str) -> None:
    result = run_cli("support", "--data", str(WGTU), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def _with_groups(state, **groups):  # type: ignore[no-untyped-def]
    from att_univ.data.models.state import DevelopmentGroups

    flags = {"ldc": False, "lldc": False, "sids": False, **groups}
    return state.model_copy(update={"development_groups": DevelopmentGroups(**flags, sources=("fixture",))})


def test_a_sids_signatory_without_a_sponsored_delegate_is_offered_sponsorship_first() -> None:
    state = _with_groups(make_state("XSI", signed=dt.date(2013, 9, 25)), sids=True)
    advice = advise(make_dataset([state]), DAY)[0]
    assert advice.step.key == "legal-gap-review"
    assert advice.programme == "sponsorship" and advice.approach
    assert "As a Small Island Developing State, it is among the first candidates" in advice.reason
    assert "No sponsored delegate is recorded: offer the Sponsorship Programme first." in advice.reason
    # Once a delegate has been sponsored, the advice goes back to the step itself.
    sponsored = state.model_copy(
        update={"support": (Support(programme="sponsorship", status="completed", date=dt.date(2024, 8, 1)),)}
    )
    again = advise(make_dataset([sponsored]), DAY)[0]
    assert again.programme is None and not again.approach
    assert "No sponsored delegate" not in again.reason


def test_an_ldc_is_named_as_one_and_its_votes_are_given() -> None:
    from att_univ.data.models.vote import StateVote, Totals, Vote

    state = _with_groups(make_state("XLD"), ldc=True, lldc=True)
    adoption = Vote(
        id="a-res-67-234-b",
        symbol="A/RES/67/234 B",
        body="plenary",
        subject="adoption",
        date=dt.date(2013, 4, 2),
        totals=Totals(yes=1, no=0, abstain=0, absent=0),
        sources=("fixture",),
        votes=(StateVote(state="XLD", vote="yes", name_as_recorded="XLD"),),
    )
    dataset = make_dataset([state])
    dataset = Dataset(root=dataset.root, meta=dataset.meta, records={**dataset.records, "votes": {adoption.id: adoption}})
    advice = advise(dataset, DAY)[0]
    assert "As a Least Developed Country and Landlocked Developing Country, it is among the first candidates" in advice.reason
    assert "In the General Assembly it voted for the treaty's adoption (2 April 2013)." in advice.reason
    # A non-signatory with no step recorded shows no interest yet: named, but not approached.
    assert advice.step.key == "awareness" and advice.programme == "sponsorship" and not advice.approach


def test_a_state_that_will_not_join_gets_no_group_push() -> None:
    state = _with_groups(make_state(signed=dt.date(2013, 9, 25), renounced=dt.date(2019, 7, 18)), sids=True)
    advice = advise(make_dataset([state]), DAY)[0]
    assert advice.programme is None and "Sponsorship Programme first" not in advice.reason
