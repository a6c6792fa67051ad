"""`attu timeline`: one point per change, counts checked against the reference table, every format."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json

import pytest

from att_univ.treaty.status import treaty_status
from att_univ.treaty.timeline import treaty_timeline
from tests.conftest import run_cli
from tests.support.golden import assert_golden
from tests.support.status_reference import US_INTENT_NOT_TO_BECOME_PARTY, event_dates, expected_counts, reference

pytest_plugins = ["tests.support.status_fixtures"]  # data_copy, in_data_copy, real_index, private_copy


def test_one_point_per_day_on_which_something_changed(real_index) -> None:  # type: ignore[no-untyped-def]
    points = treaty_timeline(real_index)
    assert [p.date for p in points] == sorted(event_dates())
    assert points[0].date == dt.date(2013, 6, 3)


def test_every_point_matches_the_reference_table(real_index) -> None:  # type: ignore[no-untyped-def]
    for point in treaty_timeline(real_index):
        expected = expected_counts(point.date)
        assert (point.parties, point.in_force, point.signatories) == (
            expected["parties"],
            expected["in_force"],
            expected["signatories"],
        ), point.date


def test_the_changes_of_a_day_are_the_states_that_changed(real_index) -> None:  # type: ignore[no-untyped-def]
    by_day = {p.date: p for p in treaty_timeline(real_index)}
    ceremony = by_day[dt.date(2014, 4, 2)]
    deposited = sorted(c for c, r in reference().items() if r["deposit_date"] == "2014-04-02")
    assert sorted(e.iso3 for e in ceremony.events if e.event == "deposit") == deposited and len(deposited) == 18
    in_force = by_day[dt.date(2014, 12, 24)]
    assert sum(e.event == "entry-into-force" for e in in_force.events) == in_force.in_force == 61
    intent = by_day[US_INTENT_NOT_TO_BECOME_PARTY]
    assert [(e.iso3, e.event) for e in intent.events] == [("USA", "intent-not-to-become-party")]
    assert intent.signatories == by_day[max(d for d in by_day if d < US_INTENT_NOT_TO_BECOME_PARTY)].signatories


def test_series_invariants(real_index) -> None:  # type: ignore[no-untyped-def]
    points = treaty_timeline(real_index)
    for before, after in itertools.pairwise(points):
        assert before.parties <= after.parties and before.in_force <= after.in_force
    assert all(p.in_force <= p.parties for p in points)
    last = treaty_status(real_index, real_index.as_of).totals
    assert (points[-1].parties, points[-1].in_force, points[-1].signatories) == (last.parties, last.in_force, last.signatories)


def test_json_is_a_list_of_points(in_data_copy) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(run_cli("timeline", "--data", str(in_data_copy), "--format", "json").stdout)
    assert isinstance(data, list) and len(data) == len(event_dates())
    assert list(data[0]) == ["date", "parties", "in_force", "signatories", "changes"]
    assert list(data[0]["changes"][0]) == ["iso3", "name", "event", "instrument"]
    gambia = next(p for p in data if p["date"] == "2024-06-13")
    assert gambia["changes"] == [{"iso3": "GMB", "name": "Gambia", "event": "deposit", "instrument": "accession"}]


def test_csv_has_one_row_per_point(in_data_copy) -> None:  # type: ignore[no-untyped-def]
    rows = list(csv.DictReader(io.StringIO(run_cli("timeline", "--data", str(in_data_copy), "-f", "csv").stdout)))
    assert len(rows) == len(event_dates())
    assert set(rows[0]) == {
        "date",
        "parties",
        "in_force",
        "signatories",
        "signed",
        "deposited",
        "entered_into_force",
        "intent_not_to_become_party",
    }
    assert rows[0]["signed"].split(";")[:2] == ["ALB", "ATG"]  # 67 signatures on 3 June 2013, by name
    last = rows[-1]
    assert (last["date"], last["parties"], last["in_force"], last["entered_into_force"]) == ("2025-12-04", "117", "117", "VUT")


@pytest.mark.parametrize(
    ("name", "args"), [("table.txt", []), ("markdown.md", ["-f", "markdown"]), ("json.json", ["-f", "json"])]
)
def test_golden_outputs(in_data_copy, name: str, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("timeline", "--data", "data", *args)
    assert result.exit_code == 0, result.stderr
    assert_golden(f"timeline/{name}", result.stdout)
