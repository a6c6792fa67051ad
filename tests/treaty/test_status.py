"""`attu status`: counts checked against the reference table, breakdowns, filters, formats, the US flag."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from att_univ.treaty.status import SCHEMES, treaty_status
from tests.conftest import run_cli
from tests.support.golden import assert_golden
from tests.support.status_reference import expected_counts, reference

COUNT_KEYS = ("parties", "in_force", "signatories", "non_signatories", "states")
AS_OF = dt.date(2026, 2, 3)

pytest_plugins = ["tests.support.status_fixtures"]  # data_copy, in_data_copy, real_index, private_copy


def totals_of(report) -> dict[str, int]:  # type: ignore[no-untyped-def]
    counts = report.totals
    return {
        "parties": counts.parties,
        "in_force": counts.in_force,
        "signatories": counts.signatories,
        "non_signatories": counts.non_signatories,
        "states": counts.states,
    }


# --- counts at dates, against the reference table ----------------------------------------------

DATES = [
    dt.date(2000, 1, 1),
    dt.date(2013, 6, 2),  # the day before the treaty opened for signature
    dt.date(2013, 6, 3),
    dt.date(2014, 4, 2),  # 18 deposits at one ceremony
    dt.date(2014, 12, 23),  # the day before entry into force: parties, none in force
    dt.date(2014, 12, 24),
    dt.date(2019, 7, 17),
    dt.date(2019, 7, 18),
    dt.date(2023, 2, 15),
    dt.date(2024, 6, 13),
    dt.date(2025, 9, 5),
    AS_OF,
    dt.date(2040, 1, 1),
]


@pytest.mark.parametrize("day", DATES, ids=str)
def test_counts_match_the_reference_table(real_index, day: dt.date) -> None:  # type: ignore[no-untyped-def]
    assert totals_of(treaty_status(real_index, day)) == expected_counts(day)


@settings(max_examples=60, deadline=None)
@given(day=st.dates(min_value=dt.date(2012, 1, 1), max_value=dt.date(2027, 12, 31)))
def test_counts_match_the_reference_table_on_any_day(real_index, day: dt.date) -> None:  # type: ignore[no-untyped-def]
    assert totals_of(treaty_status(real_index, day)) == expected_counts(day)


def test_the_figures_the_wgtu_was_given() -> None:
    # Independent anchors: 113 States Parties on 15 February 2023 (WGTU, CSP9 cycle); 117 and 25 at the as-of date.
    assert expected_counts(dt.date(2023, 2, 15))["parties"] == 113
    assert expected_counts(AS_OF) == {"parties": 117, "in_force": 117, "signatories": 25, "non_signatories": 55, "states": 197}


def test_before_the_treaty_opened_everything_is_zero(real_index) -> None:  # type: ignore[no-untyped-def]
    report = treaty_status(real_index, dt.date(2013, 6, 2))
    assert totals_of(report) == {"parties": 0, "in_force": 0, "signatories": 0, "non_signatories": 197, "states": 197}
    assert all(row.counts.parties == row.counts.signatories == 0 for row in report.by_region)
    assert report.recent == ()


def test_a_dataset_turned_into_its_index_gives_the_same_report(real_index, data_copy) -> None:  # type: ignore[no-untyped-def]
    from att_univ.data.loader import load_dataset

    dataset = load_dataset(data_copy).dataset
    assert treaty_status(dataset, AS_OF) == treaty_status(real_index, AS_OF)


# --- breakdowns ----------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", [s for s in SCHEMES if s != "organisation"])
@pytest.mark.parametrize("day", [dt.date(2014, 12, 24), dt.date(2023, 2, 15), AS_OF], ids=str)
def test_rows_of_a_partition_add_up_to_the_total(real_index, scheme: str, day: dt.date) -> None:  # type: ignore[no-untyped-def]
    report = treaty_status(real_index, day, by_scheme=scheme)
    assert not report.overlapping
    for key in (*COUNT_KEYS, "intent_not_to_become_party", "joined_recently"):
        rows = sum(getattr(row.counts, key) for row in report.by_region)
        rows += getattr(report.unassigned, key) if report.unassigned else 0
        assert rows == getattr(report.totals, key), key


def test_un_groups_match_the_reference_groups(real_index) -> None:  # type: ignore[no-untyped-def]
    report = treaty_status(real_index, dt.date(2023, 2, 15))
    groups = {row.slug: row.counts for row in report.by_region}
    for slug in ("african", "asia-pacific", "eastern-european", "latin-american-caribbean", "western-european-others"):
        codes = [c for c, r in reference().items() if r["un_regional_group"] == slug]
        expected = expected_counts(dt.date(2023, 2, 15), codes)
        got = groups[slug]
        assert (got.parties, got.in_force, got.signatories, got.non_signatories, got.states) == tuple(
            expected[k] for k in COUNT_KEYS
        )
    assert groups["no-regional-group"].states == 3  # Holy See, Cook Islands, Niue
    assert [row.slug for row in report.by_region][-1] == "no-regional-group"


def test_m49_regions_match_the_reference_table(real_index) -> None:  # type: ignore[no-untyped-def]
    report = treaty_status(real_index, AS_OF, by_scheme="m49-region")
    by_name = {row.name: row.counts for row in report.by_region}
    for continent in ("Africa", "Americas", "Asia", "Europe", "Oceania"):
        codes = [c for c, r in reference().items() if r["m49_region"] == continent]
        assert by_name[continent].parties == expected_counts(AS_OF, codes)["parties"], continent
        assert by_name[continent].states == len(codes)


def test_organisations_overlap_and_say_so(real_index) -> None:  # type: ignore[no-untyped-def]
    report = treaty_status(real_index, AS_OF, by_scheme="organisation")
    assert report.overlapping
    rows = {row.slug: row.counts for row in report.by_region}
    assert rows["eu"].states == 27 and rows["eu"].parties == 27
    assert report.unassigned is not None and report.unassigned.states > 0


def test_recent_changes_are_the_deposits_of_the_twelve_months_before(real_index) -> None:  # type: ignore[no-untyped-def]
    report = treaty_status(real_index, AS_OF)
    start = dt.date(2025, 2, 4)
    expected = sorted(
        c for c, r in reference().items() if r["deposit_date"] and start <= dt.date.fromisoformat(r["deposit_date"]) <= AS_OF
    )
    assert sorted(c.iso3 for c in report.recent if c.event == "deposit") == expected == ["VUT"]
    assert report.totals.joined_recently == 1


# --- the United States -------------------------------------------------------------------------


def test_the_united_states_is_a_signatory_flagged_after_its_communication(real_index) -> None:  # type: ignore[no-untyped-def]
    before = {s.iso3: s for s in treaty_status(real_index, dt.date(2019, 7, 17)).states}["USA"]
    after = {s.iso3: s for s in treaty_status(real_index, dt.date(2019, 7, 18)).states}["USA"]
    assert before.status == after.status == "signatory"
    assert before.renounced is None and after.renounced == dt.date(2019, 7, 18)
    assert treaty_status(real_index, AS_OF).totals.intent_not_to_become_party == 1


def test_the_flag_shows_wherever_the_united_states_is_listed(in_data_copy) -> None:  # type: ignore[no-untyped-def]
    table = " ".join(run_cli("status", "--data", str(in_data_copy)).stdout.split())  # lines are wrapped
    assert "United States of America†" in table
    assert "† United States of America: signed on 25 September 2013; on 18 July 2019 the depositary" in table
    markdown = run_cli("status", "--data", str(in_data_copy), "--format", "markdown").stdout
    assert "United States of America†" in markdown and "\n† United States of America" in markdown
    data = json.loads(run_cli("status", "--data", str(in_data_copy), "--format", "json").stdout)
    usa = next(s for s in data["states"] if s["iso3"] == "USA")
    assert usa["status"] == "signatory"
    assert usa["intent_not_to_become_party"] is True and usa["intent_not_to_become_party_date"] == "2019-07-18"
    rows = list(csv.DictReader(io.StringIO(run_cli("status", "--data", str(in_data_copy), "-f", "csv").stdout)))
    usa_row = next(r for r in rows if r["iso3"] == "USA")
    assert (usa_row["intent_not_to_become_party"], usa_row["intent_not_to_become_party_date"]) == ("yes", "2019-07-18")
    early = run_cli("status", "--data", str(in_data_copy), "--as-of", "2016-01-01").stdout
    assert "†" not in early


# --- the command line ------------------------------------------------------------------------------


def test_headline_footer_and_default_date(in_data_copy) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("status", "--data", str(in_data_copy))
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "As at 3 February 2026: 117 States Parties (117 in force), 25 signatories, 55 states outside the\ntreaty; 197 states.\n"
    )
    assert "Dataset: data (States that can join the Arms Trade Treaty" in result.stdout
    assert "as at 3 February 2026." in result.stdout
    assert "Treaty facts from: Status of the Arms Trade Treaty (MTDSG chapter XXVI-8)" in result.stdout
    assert result.stderr.startswith("attu: warning: the dataset's as-of date is 3 February 2026")  # old: says so


def test_a_date_after_the_dataset_gives_a_note(in_data_copy) -> None:  # type: ignore[no-untyped-def]
    later = run_cli("status", "--data", str(in_data_copy), "--as-of", "2027-01-01", "-f", "json")
    assert later.exit_code == 0
    assert "the dataset only knows events up to 3 February 2026" in later.stderr
    assert json.loads(later.stdout)["totals"] == json.loads(run_cli("status", "--data", str(in_data_copy), "-f", "json").stdout)[
        "totals"
    ] | {"joined_last_12_months": 0}


def test_early_dates_are_explained(in_data_copy) -> None:  # type: ignore[no-untyped-def]
    before = run_cli("status", "--data", str(in_data_copy), "--as-of", "2013-01-01").stdout
    assert "0 States Parties (0 in force), 0 signatories, 197 states outside the treaty" in before
    assert "The treaty opened for signature on 3 June 2013." in before
    assert (
        "entered into force on 24 December 2014" in run_cli("status", "--data", str(in_data_copy), "--as-of", "2014-06-01").stdout
    )


@pytest.mark.parametrize(
    ("day", "members", "parties"),
    [("2025-01-28", 15, 15), ("2025-01-29", 12, 12)],  # Burkina Faso, Mali and Niger left ECOWAS on 29 January 2025
)
def test_region_membership_is_taken_on_the_date(in_data_copy, day: str, members: int, parties: int) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(run_cli("status", "--data", str(in_data_copy), "--region", "ECOWAS", "--as-of", day, "-f", "json").stdout)
    assert data["region"]["slug"] == "ecowas"
    assert data["totals"]["states"] == members == len(data["states"])
    assert data["totals"]["parties"] == parties
    codes = {s["iso3"] for s in data["states"]}
    assert ("BFA" in codes) is (members == 15)
    assert {k: data["totals"][k] for k in COUNT_KEYS} == expected_counts(dt.date.fromisoformat(day), codes)
    assert data["totals"]["joined_last_12_months"] == 1  # Gambia, 13 June 2024


def test_region_filter_with_an_m49_area(in_data_copy) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(run_cli("status", "--data", str(in_data_copy), "--region", "oceania", "-f", "json").stdout)
    codes = [c for c, r in reference().items() if r["m49_region"] == "Oceania"]
    assert {k: data["totals"][k] for k in COUNT_KEYS} == expected_counts(AS_OF, codes)
    # Australia and New Zealand sit with Western Europe; Cook Islands and Niue are in no group.
    assert list(data["by_region"]) == ["asia-pacific", "western-european-others", "no-regional-group"]


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--region", "ecowa", "unknown region 'ecowa'; did you mean 'ecowas'? (regions: africa, african,"),
        ("--by", "organization", "unknown scheme 'organization'; did you mean 'organisation'? (schemes: m49-intermediate-region"),
        ("--as-of", "2023-02-30", "--as-of: 2023-02-30 is not a date: February 2023 has 28 days"),
    ],
)
def test_bad_options_are_usage_errors(in_data_copy, option: str, value: str, message: str) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("status", "--data", str(in_data_copy), option, value)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"attu: {message}")


def test_an_unknown_format_is_a_usage_error(in_data_copy) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("status", "--data", str(in_data_copy), "--format", "xml")
    assert result.exit_code == 2
    assert "'xml' is not one of 'table', 'json', 'csv', 'markdown'" in result.stderr


def test_json_keeps_its_documented_keys(in_data_copy) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(run_cli("status", "--data", str(in_data_copy), "--format", "json").stdout)
    assert list(data) == [
        "format",
        "as_of",
        "dataset",
        "region",
        "by",
        "overlapping",
        "totals",
        "by_region",
        "unassigned",
        "recent_changes",
        "states",
    ]
    assert data["format"] == "attu.status/1" and data["as_of"] == "2026-02-03"
    counts = [
        "parties",
        "in_force",
        "signatories",
        "non_signatories",
        "states",
        "party_share",
        "intent_not_to_become_party",
        "joined_last_12_months",
    ]
    assert list(data["totals"]) == counts
    assert all(list(row) == ["name", *counts] for row in data["by_region"].values())
    assert list(data["dataset"]) == ["title", "as_of", "reconciled_on", "reconciled_against", "sources"]
    assert list(data["dataset"]["sources"][0]) == ["id", "title", "publisher", "url", "date", "states"]
    assert list(data["recent_changes"]) == ["from", "to", "changes"]
    assert list(data["recent_changes"]["changes"][0]) == ["date", "iso3", "name", "event", "instrument"]
    assert list(data["states"][0]) == [
        "iso3",
        "name",
        "un_member",
        "status",
        "signature_date",
        "deposit_date",
        "instrument",
        "entry_into_force_date",
        "in_force",
        "intent_not_to_become_party",
        "intent_not_to_become_party_date",
        "regions",
    ]
    assert {s["status"] for s in data["states"]} == {"party", "signatory", "non-signatory"}
    assert len(data["states"]) == 197 and sum(r["states"] for r in data["by_region"].values()) == 197


def test_csv_has_one_row_per_state(in_data_copy) -> None:  # type: ignore[no-untyped-def]
    rows = list(
        csv.DictReader(io.StringIO(run_cli("status", "--data", str(in_data_copy), "-f", "csv", "--as-of", "2023-02-15").stdout))
    )
    assert len(rows) == 197
    assert sum(r["status"] == "party" for r in rows) == 113
    ecuador = next(r for r in rows if r["iso3"] == "ECU")
    assert (ecuador["status"], ecuador["deposit_date"], ecuador["regions"]) == ("non-signatory", "", "latin-american-caribbean")


def test_markdown_escapes_and_tabulates(in_data_copy) -> None:  # type: ignore[no-untyped-def]
    text = run_cli("status", "--data", str(in_data_copy), "-f", "markdown").stdout
    assert text.startswith("## Arms Trade Treaty: status as at 3 February 2026\n")
    assert "| UN regional group | States | Parties | Share |" in text
    assert "| All states | 197 | 117 | 59% | 117 | 25 | 55 | 1 |" in text
    assert "Lao People's Democratic Republic" in text  # an apostrophe needs no escape; markup characters do
    assert "Bolivia (Plurinational State of)" in text


GOLDEN_CASES = {
    "table.txt": [],
    "json.json": ["--format", "json"],
    "csv.csv": ["--format", "csv"],
    "markdown.md": ["--format", "markdown"],
    "as-of-2014-12-23.txt": ["--as-of", "2014-12-23"],
    "ecowas-2025-01-28.txt": ["--region", "ecowas", "--as-of", "2025-01-28"],
    "by-organisation.txt": ["--by", "organisation"],
    "by-m49-intermediate-region.md": ["--by", "m49-intermediate-region", "-f", "markdown"],
}


@pytest.mark.parametrize("name", GOLDEN_CASES)
def test_golden_outputs(in_data_copy, name: str) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("status", "--data", "data", *GOLDEN_CASES[name])
    assert result.exit_code == 0, result.stderr
    assert_golden(f"status/{name}", result.stdout)


def test_the_terminal_table_has_the_same_content(real_index) -> None:  # type: ignore[no-untyped-def]
    from att_univ.views.status import status_output

    common = dict(as_of=None, region=None, by="un-regional-group", fmt="table", dataset_label="data")
    rich = status_output(real_index, terminal=True, **common).text  # type: ignore[arg-type]
    plain = status_output(real_index, terminal=False, **common).text  # type: ignore[arg-type]
    for line in (
        "African Group",
        "All states",
        "Joined in the 12 months to 3 February 2026 (1): Vanuatu",
        "United States of America†",
    ):
        assert line in " ".join(rich.split()) and line in " ".join(plain.split())
    assert "\x1b[" not in rich  # tests run without a terminal: rich adds no colour codes


class _Terminal:
    """Stands in for stdout at a terminal."""

    def __init__(self, stream) -> None:  # type: ignore[no-untyped-def]
        self._stream = stream

    def isatty(self) -> bool:
        return True

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self._stream, name)


@pytest.mark.parametrize("no_color", [False, True])
def test_colour_at_a_terminal_only_without_no_color(real_index, monkeypatch, no_color: bool) -> None:  # type: ignore[no-untyped-def]
    import sys

    from att_univ.views.status import status_output

    monkeypatch.setattr(sys, "stdout", _Terminal(sys.stdout))
    monkeypatch.setenv("COLUMNS", "130")
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    common = dict(as_of=None, region=None, by="un-regional-group", fmt="table", dataset_label="data")
    text = status_output(real_index, terminal=True, **common).text  # type: ignore[arg-type]
    assert ("\x1b[" in text) is not no_color
    assert "┃" in text and "All states" in text and "Signatories" in text  # words carry the meaning; colour adds


def test_a_narrow_terminal_gets_one_line_per_region(real_index, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sys

    from att_univ.views.status import status_output

    monkeypatch.setattr(sys, "stdout", _Terminal(sys.stdout))
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    common = dict(as_of=None, region=None, by="un-regional-group", fmt="table", dataset_label="data")
    text = " ".join(status_output(real_index, terminal=True, **common).text.split())  # type: ignore[arg-type]
    assert "African Group: 31 of 54 states party (57%), 31 in force; 10 signatories; 13 outside; 0 joined in 12 months" in text
    assert "Eastern European Group: 18 of 23 states party (78%), 18 in force; 1 signatory;" in text
    assert "┃" not in text
