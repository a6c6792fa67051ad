"""Plans: the view (progress since the baseline, years, people), rendered plans (golden files),
the rules that check plan and resource files, and `attu plan`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest

from att_univ.core.problems import Problem
from att_univ.core.wording import RESTRICTED_ADVICE_NOTICE
from att_univ.data.dataset import Dataset
from att_univ.data.loader import load_dataset
from att_univ.data.models.plan import Period
from att_univ.data.rules.plans import PLAN_RULES
from att_univ.outreach.plans import build_plan_view, default_plan, plans_of
from tests.conftest import DATA, run_cli
from tests.support.datasets import WGTU, load_ok
from tests.support.golden import assert_golden

AS_OF = dt.date(2026, 2, 3)


@pytest.fixture(scope="module")
def fixture() -> Dataset:
    return load_ok(WGTU)


# --- the view ------------------------------------------------------------------------------


def test_the_latest_plan_is_the_default(fixture: Dataset) -> None:
    plans = plans_of(fixture)
    assert sorted(plans) == ["fixture-plan", "older-plan"]
    chosen = default_plan(plans)
    assert chosen is not None and chosen.id == "fixture-plan"
    assert default_plan({}) is None


def test_progress_since_the_baseline(fixture: Dataset) -> None:
    view = build_plan_view(fixture, plans_of(fixture)["fixture-plan"], AS_OF)
    org = view.regions[0]
    assert (org.slug, org.name, org.members, org.parties) == ("fixture-org", "Fixture Organisation", 5, 1)
    progress = org.progress
    assert progress is not None
    assert (progress.since, progress.until) == (dt.date(2023, 8, 25), AS_OF)
    assert [(c.iso3, c.text) for c in progress.joined] == [("XPA", "deposited its instrument of accession on 13 June 2024.")]
    # Neartown joined the organisation after the baseline; it is compared all the same.
    assert [(c.iso3, c.text) for c in progress.moved] == [("XNT", "moved from tier 3 to tier 2.")]
    assert [(c.iso3, c.date) for c in progress.advanced] == [
        ("XLR", dt.date(2025, 2, 1)),
        ("XPA", dt.date(2023, 11, 20)),
        ("XSA", dt.date(2024, 3, 1)),
        ("XVD", dt.date(2025, 3, 1)),
    ]
    assert (progress.parties_then, progress.parties_now) == (0, 1)
    assert progress.tiers_then == (1, 0, 4)
    assert progress.tiers_now == (1, 1, 2)


def test_tiered_states_carry_their_next_step(fixture: Dataset) -> None:
    view = build_plan_view(fixture, plans_of(fixture)["fixture-plan"], AS_OF)
    group = view.regions[1]
    assert group.slug == "fixture-group"
    tiers = {t.tier: [(s.iso3, s.rank, s.next_step_key) for s in t.states] for t in group.tiers}
    assert tiers[2] == [("XPD", 1, "deposit"), ("XNT", 2, "awareness")]
    org_tier_three = [(s.iso3, s.rank) for s in view.regions[0].tiers[2].states]
    assert org_tier_three == [("XVD", 1), ("XLR", 2)]  # ranks within the region


def test_people_and_years(fixture: Dataset) -> None:
    view = build_plan_view(fixture, plans_of(fixture)["fixture-plan"], AS_OF)
    org, group = view.regions
    assert [p.id for p in org.champions] == ["champion-one", "champion-two"]
    assert [(y.number, y.start, y.end, y.state) for y in org.years] == [
        (1, dt.date(2023, 8, 25), dt.date(2024, 8, 24), "ended"),
        (2, dt.date(2024, 8, 25), dt.date(2025, 8, 24), "ended"),
        (3, dt.date(2025, 8, 25), dt.date(2026, 8, 24), "under way"),
    ]
    assert [m.text.text for m in org.years[1].milestones] == ["A milestone for the organisation only."]
    assert group.years[1].milestones == ()


def test_actor_names_are_shown_when_actors_exist(fixture: Dataset) -> None:
    @dataclasses.dataclass(frozen=True)
    class Actor:
        id: str
        name: str

    records = {**fixture.records, "actors": {"vp-fixture": Actor("vp-fixture", "Vice-President of the Fixture")}}
    view = build_plan_view(dataclasses.replace(fixture, records=records), plans_of(fixture)["fixture-plan"], AS_OF)
    assert [p.name for p in view.regions[0].facilitators] == ["Vice-President of the Fixture"]


def test_progress_stops_at_the_end_of_the_period(fixture: Dataset) -> None:
    view = build_plan_view(fixture, plans_of(fixture)["older-plan"], AS_OF)
    progress = view.regions[0].progress
    assert progress is not None
    assert progress.until == dt.date(2021, 12, 31)
    assert [y.state for y in view.regions[0].years] == ["ended", "ended"]


def test_no_progress_before_the_baseline(fixture: Dataset) -> None:
    view = build_plan_view(fixture, plans_of(fixture)["fixture-plan"], dt.date(2023, 1, 1))
    assert all(region.progress is None for region in view.regions)
    assert [y.state for y in view.regions[0].years] == ["to come", "to come", "to come"]


def test_period_years() -> None:
    period = Period(start=dt.date(2024, 2, 29), years=3)
    assert period.year_end(1) == dt.date(2025, 2, 27)
    assert period.year_start(2) == dt.date(2025, 2, 28)
    assert period.end == dt.date(2027, 2, 27)
    assert Period(start=dt.date(2023, 8, 25)).years == 3


# --- rendered plans -------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "golden"), [("markdown", "fixture.md"), ("html", "fixture.html"), ("table", "fixture.txt")])
def test_rendered_plan_matches_golden(fmt: str, golden: str) -> None:
    result = run_cli("plan", "--data", str(WGTU), "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert_golden(f"plan/{golden}", result.stdout)


def test_every_format_says_restricted_on_its_first_line() -> None:
    for fmt in ("markdown", "html", "table"):
        first = run_cli("plan", "--data", str(WGTU), "--format", fmt).stdout.splitlines()[0]
        assert RESTRICTED_ADVICE_NOTICE in first, fmt


def test_dataset_text_is_escaped() -> None:
    markdown = run_cli("plan", "--data", str(WGTU), "--format", "markdown").stdout
    assert "# Fixture plan \\<with\\> \\*markup\\* \\& an @\u2060mention" in markdown
    html = run_cli("plan", "--data", str(WGTU), "--format", "html").stdout
    assert "<h1>Fixture plan &lt;with&gt; *markup* &amp; an @mention</h1>" in html
    assert "<with>" not in html


def test_the_bundled_plan_runs_out_of_the_box(tmp_path: Path) -> None:
    result = run_cli("plan", "--data", str(DATA), "--region", "asia-pacific")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == RESTRICTED_ADVICE_NOTICE
    assert "Universalization plan of the CSP9 cycle: Asia-Pacific (example of the format)" in result.stdout
    assert "Progress from 25 August 2023 to 3 February 2026: States Parties 13 → 14; joined: Vanuatu" in result.stdout
    out = tmp_path / "plan.html"
    written = run_cli("plan", "--data", str(DATA), "--format", "html", "--out", str(out))
    assert written.exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert html.startswith(f"<!-- {RESTRICTED_ADVICE_NOTICE} -->\n<!DOCTYPE html>")
    assert "Khmer and Myanmar (Burmese)" in html
    assert "Example of the format." in html


def test_a_custom_template_directory_is_used_first(tmp_path: Path) -> None:
    (tmp_path / "plan.md.j2").write_text("Plan {{ plan.id }} with {{ plan.regions | length }} regions.\n", encoding="utf-8")
    result = run_cli("plan", "--data", str(WGTU), "--format", "markdown", "--templates", str(tmp_path))
    assert result.stdout == f"{RESTRICTED_ADVICE_NOTICE}\n\nPlan fixture-plan with 2 regions.\n"
    html = run_cli("plan", "--data", str(WGTU), "--format", "html", "--templates", str(tmp_path))
    assert "<h1>" in html.stdout  # the bundled HTML template is still there


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--audience", "public"), "A plan draws on restricted information"),
        (("--audience", "partners"), "not for partners"),
        (
            ("--region", "other-org"),
            "'other-org' is not a focus region of plan fixture-plan; its focus regions: fixture-org, fixture-group",
        ),
        (("--plan", "nope"), "no plan 'nope'; the dataset has fixture-plan, older-plan"),
        (("--templates", "/nonexistent/templates", "--format", "markdown"), "no directory at"),
    ],
)
def test_plan_usage_errors(args: tuple[str, ...], message: str) -> None:
    result = run_cli("plan", "--data", str(WGTU), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""
    assert "CANARY" not in result.stderr


def test_a_dataset_without_plans(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(WGTU, root)
    shutil.rmtree(root / "plans")
    result = run_cli("plan", "--data", str(root))
    assert result.exit_code == 2
    assert "the dataset has no plan" in result.stderr


# --- rules for plan and resource files ------------------------------------------------------


def problems_with(tmp_path: Path, edits: dict[str, str]) -> list[Problem]:
    root = tmp_path / "data"
    shutil.copytree(WGTU, root)
    for name, text in edits.items():
        (root / name).write_text(text, encoding="utf-8")
    return load_dataset(root).problems


PLAN = (WGTU / "plans" / "fixture-plan.yaml").read_text(encoding="utf-8")


def test_the_fixture_and_the_bundled_dataset_are_valid() -> None:
    assert load_dataset(WGTU).problems == []
    assert load_dataset(DATA).problems == []


@pytest.mark.parametrize(
    ("old", "new", "code", "line"),
    [
        ("  - region: fixture-group\n", "  - region: atlantis\n", "unknown-region", 13),
        ("  - region: fixture-group\n", "  - region: fixture-org\n", "plan-duplicate-region", 13),
        ("    region: fixture-org\n    text: A milestone", "    region: other-org\n    text: A milestone", "plan-milestone", 21),
        ("  - year: 3\n", "  - year: 4\n", "plan-milestone", 24),
        ("    due: 2025-03-01\n", "    due: 2024-03-01\n", "plan-milestone", 23),
        ("baseline: 2023-08-25\n", "baseline: 2026-08-25\n", "plan-period", 7),
        ("example_note: Everything here is fictional.\n", "", "plan-example", 29),
    ],
)
def test_plan_rules(tmp_path: Path, old: str, new: str, code: str, line: int) -> None:
    assert old in PLAN
    found = problems_with(tmp_path, {"plans/fixture-plan.yaml": PLAN.replace(old, new)})
    assert [(p.code, p.line, p.severity) for p in found] == [(code, line, "error")]
    assert found[0].path.endswith("plans/fixture-plan.yaml")


def test_a_baseline_after_the_dataset_date_is_a_warning(tmp_path: Path) -> None:
    edited = PLAN.replace("baseline: 2023-08-25\n", "baseline: 2026-03-01\n")
    found = problems_with(tmp_path, {"plans/fixture-plan.yaml": edited})
    assert [(p.code, p.severity) for p in found] == [("plan-baseline", "warning")]
    assert load_dataset(tmp_path / "data").ok


def test_actors_are_checked_only_when_actors_are_records(fixture: Dataset) -> None:
    assert [p for rule in PLAN_RULES for p in rule(fixture)] == []
    with_actors = dataclasses.replace(fixture, records={**fixture.records, "actors": {"champion-one": object()}})
    found = [p for rule in PLAN_RULES for p in rule(with_actors)]
    assert [(p.code, p.line) for p in found] == [("unknown-actor", 10), ("unknown-actor", 11)]


def test_resource_rules(tmp_path: Path) -> None:
    resource = (
        "id: legal-aid\nname: Help\nprogramme: bilateral\ncategories: [legislation]\n"
        "regions: [atlantis]\nstates: [XXX]\navailable_from: 2025-01-01\navailable_until: 2024-01-01\n"
    )
    found = problems_with(tmp_path, {"resources/legal-aid.yaml": resource})
    assert [(p.code, p.line) for p in found] == [("unknown-region", 5), ("unknown-state", 6), ("resource-dates", 8)]


def test_a_resource_must_cover_a_need(tmp_path: Path) -> None:
    found = problems_with(tmp_path, {"resources/legal-aid.yaml": "id: legal-aid\nname: Help\nprogramme: other\ncategories: []\n"})
    assert [(p.code, p.line) for p in found] == [("invalid-value", 4)]


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_a_plan_before_its_baseline_says_progress_cannot_be_measured(fmt: str) -> None:
    result = run_cli("plan", "--data", str(WGTU), "--format", fmt, "--as-of", "2023-01-01")
    assert result.exit_code == 0
    assert "Progress cannot be measured yet: the baseline (25 August 2023) is after 1 January 2023." in result.stdout
