"""The bundled dataset says exactly what the reference tables say, no more and no less."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter

import pytest

from att_univ.core.treaty_rules import status_on
from att_univ.data.dataset import Dataset
from att_univ.data.loader import load_dataset
from tests.conftest import DATA, FIXTURES

REFERENCE = FIXTURES / "reference"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    result = load_dataset(DATA)
    assert result.ok, [str(p) for p in result.problems]
    assert result.dataset is not None
    return result.dataset


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with (REFERENCE / "att-status.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def test_every_state_that_can_join_has_one_file(dataset: Dataset, rows: list[dict[str, str]]) -> None:
    assert len(dataset.states) == 197 == len(rows)
    assert set(dataset.states) == {row["iso3"] for row in rows}
    assert sum(state.un_member for state in dataset.states.values()) == 193


def test_treaty_facts_match_the_reference_row_by_row(dataset: Dataset, rows: list[dict[str, str]]) -> None:
    for row in rows:
        treaty = dataset.states[row["iso3"]].treaty
        assert dataset.states[row["iso3"]].name == row["name"]
        assert (treaty.signature.date if treaty.signature else None) == _date(row["signature_date"]), row["iso3"]
        assert (treaty.deposit.date if treaty.deposit else None) == _date(row["deposit_date"]), row["iso3"]
        assert (treaty.deposit.instrument if treaty.deposit else "") == row["instrument"], row["iso3"]
        eif = treaty.entry_into_force.date if treaty.entry_into_force else None
        assert eif == _date(row["entry_into_force_date"]), row["iso3"]


@pytest.mark.parametrize(
    ("day", "parties", "signatories"),
    [
        (dt.date(2026, 2, 3), 117, 25),  # the depositary's page of 3 February 2026
        (dt.date(2023, 2, 15), 113, None),  # what the WGTU was told at its first CSP9-cycle meeting
    ],
)
def test_counts_as_the_depositary_counts(
    dataset: Dataset, rows: list[dict[str, str]], day: dt.date, parties: int, signatories: int | None
) -> None:
    counted = Counter(status_on(state.treaty, day) for state in dataset.states.values())
    expected_parties = sum(1 for r in rows if r["deposit_date"] and r["deposit_date"] <= day.isoformat())
    assert counted["party"] == parties == expected_parties
    if signatories is not None:
        assert counted["signatory"] == signatories
        assert counted["non-signatory"] == 197 - parties - signatories == 55


def test_uncertain_facts_say_so(dataset: Dataset) -> None:
    for iso3 in ("NIU", "VCT", "WSM"):
        deposit = dataset.states[iso3].treaty.deposit
        assert deposit is not None and deposit.caveat, iso3
    assert sum(1 for s in dataset.states.values() if s.treaty.deposit and s.treaty.deposit.caveat) == 3


def test_special_cases_are_recorded(dataset: Dataset) -> None:
    usa = dataset.states["USA"].treaty
    assert usa.signature is not None and usa.deposit is None
    assert usa.intent_not_to_become_party is not None
    assert usa.intent_not_to_become_party.date == dt.date(2019, 7, 18)
    ecuador = dataset.states["ECU"]
    assert ecuador.treaty.signature is None and ecuador.treaty.deposit is None
    assert [step.stage for step in ecuador.process] == ["parliament-approved", "complete"]
    assert all(step.sensitivity == "public" and step.sources for step in ecuador.process)
    scopes = {code: [d.kind for d in dataset.states[code].treaty.declarations] for code in ("DNK", "NZL", "CHN")}
    assert scopes == {
        "DNK": ["territorial-scope"],
        "NZL": ["interpretative-declarations", "territorial-scope"],
        "CHN": ["territorial-scope"],
    }
    declared = {code for code, s in dataset.states.items() if s.treaty.declarations}
    assert {"BEL", "KAZ", "LIE", "CHE"} <= declared
    provisional = [code for code, s in dataset.states.items() if s.treaty.provisional_application]
    assert len(provisional) == 22


def test_entry_into_force_basis_follows_the_sources(dataset: Dataset, rows: list[dict[str, str]]) -> None:
    from_unts = {r["iso3"] for r in rows if "EIF matches UNTS date of effect" in r["source_notes"]}
    assert len(from_unts) == 12
    for code, state in dataset.states.items():
        eif = state.treaty.entry_into_force
        if eif is not None:
            assert (eif.basis == "unts-date-of-effect") == (code in from_unts), code


def test_un_regional_groups_come_from_the_reference(dataset: Dataset) -> None:
    with (REFERENCE / "un-regional-groups.csv").open(encoding="utf-8") as handle:
        expected = {row["iso3"]: row["un_regional_group"] for row in csv.DictReader(handle)}
    for code, group in expected.items():
        region = dataset.un_group_of(code)
        assert region is not None
        assert region.slug == ("no-regional-group" if group == "none" else group), code


def test_date_aware_organisations(dataset: Dataset) -> None:
    ecowas = dataset.regions["ecowas"]
    assert {"BFA", "MLI", "NER"} <= ecowas.members_on(dt.date(2025, 1, 28))
    assert not {"BFA", "MLI", "NER"} & ecowas.members_on(dt.date(2025, 1, 29))
    assert len(ecowas.members_on(dt.date(2025, 1, 29))) == 12
    asean = dataset.regions["asean"]
    assert len(asean.members_on(dt.date(2025, 10, 25))) == 10
    assert len(asean.members_on(dt.date(2025, 10, 26))) == 11
    assert len(dataset.regions["eu"].members_on(dt.date(2026, 2, 3))) == 27


def test_every_cited_source_is_described(dataset: Dataset) -> None:
    assert "untc-status-2026" in dataset.meta.sources
    assert dataset.meta.as_of == dt.date(2026, 2, 3)
