"""General Assembly votes and development groups in the dataset, checked against the reference tables.

Expectations come from tests/fixtures/reference (copies of ../shared/reference), not from attu.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from att_univ.data.loader import load_dataset
from tests.conftest import DATA, FIXTURES, replace_file, run_cli
from tests.support.datasets import load_ok

REFERENCE = FIXTURES / "reference"


def _reference_votes() -> dict[str, list[dict[str, str]]]:
    by_symbol: dict[str, list[dict[str, str]]] = {}
    with open(REFERENCE / "unga-att-votes.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            by_symbol.setdefault(row["resolution"], []).append(row)
    return by_symbol


@pytest.fixture(scope="module")
def dataset():  # type: ignore[no-untyped-def]
    return load_ok(DATA)


def test_one_file_per_resolution_with_every_recorded_vote(dataset) -> None:  # type: ignore[no-untyped-def]
    reference = _reference_votes()
    by_symbol = {vote.symbol: vote for vote in dataset.votes.values()}
    assert set(by_symbol) == set(reference)
    for symbol, rows in reference.items():
        vote = by_symbol[symbol]
        assert {(v.state, v.vote, v.name_as_recorded) for v in vote.votes} == {
            (r["iso3"], r["vote"], r["name_as_recorded"]) for r in rows
        }
        counted = Counter(r["vote"] for r in rows)
        assert (vote.totals.yes, vote.totals.no, vote.totals.abstain, vote.totals.absent) == (
            counted["yes"],
            counted["no"],
            counted["abstain"],
            counted["absent"],
        )
        assert vote.date.isoformat().startswith(rows[0]["date"])
        if rows[0]["record"].startswith("https://"):
            assert vote.record == rows[0]["record"]


def test_the_adoption_of_2_april_2013(dataset) -> None:  # type: ignore[no-untyped-def]
    adoption = dataset.votes["a-res-67-234-b"]
    assert adoption.subject == "adoption"
    assert adoption.date.isoformat() == "2013-04-02"
    assert (adoption.totals.yes, adoption.totals.no, adoption.totals.abstain) == (154, 3, 23)
    # The three votes against, per the UN press release GA/11354.
    assert sorted(v.state for v in adoption.votes if v.vote == "no") == ["IRN", "PRK", "SYR"]
    assert sum(v.vote == "abstain" for v in adoption.votes) == 23
    assert [v.subject for v in dataset.votes.values()].count("adoption") == 1


def test_development_groups_match_the_reference(dataset) -> None:  # type: ignore[no-untyped-def]
    with open(REFERENCE / "un-development-groups.csv", encoding="utf-8", newline="") as handle:
        rows = {row["iso3"]: row for row in csv.DictReader(handle)}
    assert set(rows) == set(dataset.states)
    for iso3, row in rows.items():
        groups = dataset.states[iso3].development_groups
        assert groups is not None, iso3
        assert (groups.ldc, groups.lldc, groups.sids) == tuple(row[k] == "yes" for k in ("ldc", "lldc", "sids"))
        assert groups.sources == ("un-m49-development-groups",)
    assert "un-m49-development-groups" in dataset.meta.sources


def test_development_groups_sit_just_before_the_treaty() -> None:
    text = (DATA / "states" / "ago.yaml").read_text(encoding="utf-8")
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()]
    assert keys.index("development_groups") + 1 == keys.index("treaty")


def _edit(data: Path, name: str, old: str, new: str) -> None:
    path = data / "votes" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    replace_file(path, text.replace(old, new, 1))


def test_totals_that_do_not_add_up_are_located(linked_copy: Path) -> None:
    _edit(
        linked_copy, "a-res-67-234-b.yaml", "totals: {'yes': 154, 'no': 3, abstain: 23", "totals: {yes: 154, no: 3, abstain: 24"
    )
    result = run_cli("validate", "--data", str(linked_copy))
    assert result.exit_code == 1
    assert (
        "data/votes/a-res-67-234-b.yaml:8:36: error[vote-totals]: 23 states are recorded as abstain but the total says 24"
        in result.stdout
    )


def test_an_absent_state_is_not_an_abstention(linked_copy: Path) -> None:
    # Recording an absent state (Armenia, 2013) as abstaining breaks both totals: the kinds are kept apart.
    _edit(linked_copy, "a-res-67-234-b.yaml", "{state: ARM, vote: absent,", "{state: ARM, vote: abstain,")
    result = run_cli("validate", "--data", str(linked_copy))
    assert result.exit_code == 1
    assert "24 states are recorded as abstain but the total says 23" in result.stdout
    assert "12 states are recorded as absent but the total says 13" in result.stdout


def test_every_voting_state_exists_and_votes_once(linked_copy: Path) -> None:
    _edit(linked_copy, "a-res-76-50.yaml", "{state: AFG,", "{state: XKX,")
    _edit(linked_copy, "a-res-75-64.yaml", "{state: AGO,", "{state: AFG,")
    problems = load_dataset(linked_copy).problems
    codes = {(Path(p.path).name, p.code) for p in problems}
    assert ("a-res-76-50.yaml", "unknown-state") in codes
    assert ("a-res-75-64.yaml", "vote-duplicate") in codes


def test_a_month_only_date_is_the_first_of_the_month(linked_copy: Path) -> None:
    _edit(linked_copy, "a-c-1-70-l-54.yaml", "date: 2015-11-01", "date: 2015-11-04")
    result = run_cli("validate", "--data", str(linked_copy))
    assert result.exit_code == 1
    assert "data/votes/a-c-1-70-l-54.yaml:6:7: error[vote-date]" in result.stdout
