"""One output convention: --format table/json/csv/markdown on every listing, tables as wide as the terminal, compact tiers."""

from __future__ import annotations

import csv
import io
import json

import pytest
import typer.main

from att_univ.cli import app
from att_univ.views.terminal import PIPED_WIDTH, output_width
from tests.conftest import DATA, run_cli
from tests.support.datasets import COORD
from tests.support.golden import assert_golden

# The commands that list things: each must offer the four formats.
LISTINGS = ("status", "timeline", "tiers", "support", "engagements", "coordinate", "champions")


@pytest.mark.parametrize("command", LISTINGS)
def test_every_listing_offers_the_four_formats(command: str) -> None:
    click_command = typer.main.get_command(app).commands[command]  # type: ignore[attr-defined]
    option = next(p for p in click_command.params if "--format" in p.opts)
    assert {"table", "json", "csv", "markdown"} <= set(option.type.choices)


@pytest.mark.parametrize(
    ("args", "first"),
    [
        (("tiers",), "iso3,name,tier,rank,flags,reasons,status,stage,readiness,as_of,sensitivity"),
        (("support", "--all"), "iso3,name,tier,rank,next_step,next_step_label,programme,reason,approach,as_of,sensitivity"),
        (("coordinate",), "finding,States,Why,Tier,State,ISO3,Due,Days overdue,Engagement,Champion,Regions,as_of"),
        (("champions", "--audience", "restricted"), "region,region_name,Champion,State,Since,Offers,Paired states,"),
    ],
)
def test_csv_where_it_was_refused(args: tuple[str, ...], first: str) -> None:
    data = COORD if args[0] == "champions" else DATA  # the bundled dataset has no champion yet
    result = run_cli(*args, "--format", "csv", "--data", str(data))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith(first)
    assert list(csv.reader(io.StringIO(result.stdout)))[1:]  # rows, readable by a CSV reader


def test_tiers_csv_has_one_row_per_state_like_json() -> None:
    as_csv = run_cli("tiers", "--format", "csv", "--data", str(DATA)).stdout
    as_json = json.loads(run_cli("tiers", "--format", "json", "--data", str(DATA)).stdout)
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    assert [(r["iso3"], int(r["tier"]), int(r["rank"])) for r in rows] == [(j["iso3"], j["tier"], j["rank"]) for j in as_json]


def test_tiers_groups_states_that_share_their_reasons() -> None:
    result = run_cli("tiers", "--data", str(DATA))
    assert result.exit_code == 0
    reasons = json.loads(run_cli("tiers", "--format", "json", "--data", str(DATA)).stdout)
    # A state's voting record is its own, so it is left out of what states share (--full shows it).
    common = [[reason for reason in r["reasons"] if not reason.startswith("In the General Assembly:")] for r in reasons]
    shared = max(sum(mine == other for other in common) for mine in common)
    assert shared > 50  # the reason the issue saw repeated 54 times
    assert f"│ {shared} states: " in result.stdout
    full = run_cli("tiers", "--full", "--data", str(DATA)).stdout
    accession = "Not a signatory: it would join by accession."
    assert full.count(accession) >= shared
    assert result.stdout.count(accession) <= full.count(accession) - shared + 1
    assert len(result.stdout.splitlines()) < len(full.splitlines()) / 2
    assert_golden("tiers/compact.txt", result.stdout)


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "csv"])
def test_tier_option_keeps_one_tier(fmt: str) -> None:
    result = run_cli("tiers", "--tier", "2", "--format", fmt, "--data", str(DATA))
    assert result.exit_code == 0, result.stderr
    assert "Tier 1" not in result.stdout and "Tier 3" not in result.stdout
    if fmt == "json":
        assert {row["tier"] for row in json.loads(result.stdout)} == {2}


def test_tier_option_refuses_a_tier_that_does_not_exist() -> None:
    assert run_cli("tiers", "--tier", "4", "--data", str(DATA)).exit_code == 2


def test_tables_take_the_width_of_columns_when_piped() -> None:
    narrow = run_cli("tiers", "--tier", "1", "--data", str(DATA), env={"COLUMNS": "70"}).stdout
    wide = run_cli("tiers", "--tier", "1", "--data", str(DATA), env={"COLUMNS": "200"}).stdout
    table = [line for line in narrow.splitlines() if line.startswith(("┃", "│"))]
    assert table and max(len(line) for line in table) == 70
    assert max(len(line) for line in wide.splitlines() if line.startswith("│")) > 120


def test_width_without_columns_or_terminal_is_the_piped_default() -> None:
    assert output_width({}) in (PIPED_WIDTH, None) or output_width({}) > 0
    assert output_width({"COLUMNS": "93"}) == 93
