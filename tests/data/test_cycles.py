"""CSP cycles: the model, the rules that check cycle files, the helpers that order cycles, and the bundled cycles."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from att_univ.core.problems import Problem
from att_univ.data.cycles import cycle_span, cycles_of, default_cycle, previous_cycle
from att_univ.data.dataset import Dataset
from att_univ.data.loader import load_dataset
from att_univ.data.rules.cycles import CYCLE_RULES
from att_univ.data.rules.general import RULES
from tests.conftest import DATA, FIXTURES, run_cli
from tests.support.datasets import load_ok

REPORT_FIXTURE = FIXTURES / "report"


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return load_ok(DATA)


@pytest.fixture
def fixture_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(REPORT_FIXTURE, target)
    return target


def _problems(root: Path) -> list[Problem]:
    """Every problem the loader finds, the rules across records (cycle rules included) among them."""
    return list(load_dataset(root).problems)


def _codes(root: Path) -> list[str]:
    return sorted({p.code for p in _problems(root)})


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- the bundled cycles ----------------------------------------------------------------------


def test_the_bundled_cycles_are_csp1_to_csp11(bundled: Dataset) -> None:
    cycles = cycles_of(bundled)
    assert [c.id for c in cycles] == [f"csp{n}" for n in range(1, 12)]
    assert [c.number for c in cycles] == list(range(1, 12))
    assert not [p for rule in CYCLE_RULES for p in rule(bundled)]


def test_csp9_as_the_reference_gives_it(bundled: Dataset) -> None:
    csp9 = {c.id: c for c in cycles_of(bundled)}["csp9"]
    assert (csp9.conference.start, csp9.conference.end) == (dt.date(2023, 8, 21), dt.date(2023, 8, 25))
    assert csp9.conference.venue is not None and csp9.conference.venue["en"] == "Geneva"
    assert csp9.president is not None and csp9.president.state == "KOR"
    assert csp9.president.caveat is not None and "transliterated back from the Arabic" in csp9.president.caveat["en"]
    assert [(o.state, o.appointed) for o in csp9.wgtu_co_chairs] == [("KOR", None), ("DEU", dt.date(2022, 11, 24))]
    assert [o.name["en"] for o in csp9.wgtu_co_chairs if o.name] == ["Yoon Seong-mi", "Thomas Göbel"]
    assert [m.date for m in csp9.meetings] == [dt.date(2023, 2, 15), dt.date(2023, 5, 10)]
    assert all(m.format == "in-person-streamed" for m in csp9.meetings)
    assert len(csp9.recommendations) == 3
    assert csp9.report is not None
    # The number in the symbol is not in the reference: unknown, not invented.
    assert csp9.report.symbol is None
    assert csp9.report.symbol_pattern == "ATT/CSP9.WGTU/2023/CHAIR/<no>/Conf.Rep"
    assert csp9.report.date == dt.date(2023, 7, 21)
    # Every narrative passage is written in the four report languages.
    passages = [*csp9.background, *csp9.appointment, *csp9.intersessional, *csp9.recommendations]
    passages += [p for m in csp9.meetings for p in m.points]
    passages += [d.text for a in csp9.annexes for d in a.decisions] + [p for a in csp9.annexes for p in a.paragraphs]
    assert passages and all(set(p) == {"en", "fr", "es", "ar"} for p in passages)


def test_officers_that_are_not_known_are_left_empty(bundled: Dataset) -> None:
    cycles = {c.id: c for c in cycles_of(bundled)}
    assert all(not c.vice_presidents for c in cycles.values())
    assert [c.id for c in cycles.values() if c.wgtu_co_chairs] == ["csp9"]
    csp6 = cycles["csp6"]
    assert csp6.president is not None and csp6.president.caveat is not None
    assert "Unconfirmed" in csp6.president.caveat["en"]
    assert csp6.conference.format == "written-procedure" and csp6.conference.venue is None
    assert [c.id for c in cycles.values() if c.president and c.president.caveat] == ["csp6", "csp9"]
    assert cycles["csp11"].conference.theme == {"en": "Universalization as a Priority"}
    presidents = {c.id: c.president.state for c in cycles.values() if c.president}
    assert presidents == {
        "csp1": "MEX",
        "csp2": "NGA",
        "csp3": "FIN",
        "csp4": "JPN",
        "csp5": "LVA",
        "csp6": "ARG",
        "csp7": "SLE",
        "csp8": "DEU",
        "csp9": "KOR",
        "csp10": "ROU",
        "csp11": "ARG",
    }


def test_every_cycle_cites_sources_the_dataset_describes(bundled: Dataset) -> None:
    from att_univ.documents.report import cited_sources

    for cycle in cycles_of(bundled):
        cited = cited_sources(bundled, cycle)
        assert cited and all(line.id in bundled.meta.sources for line in cited)
    assert not [p for rule in RULES for p in rule(bundled) if p.code == "unknown-source"]


# --- ordering ----------------------------------------------------------------------------------


def test_previous_cycle_span_and_default(bundled: Dataset) -> None:
    cycles = cycles_of(bundled)
    by_id = {c.id: c for c in cycles}
    previous = previous_cycle(cycles, by_id["csp9"])
    assert previous is not None and previous.id == "csp8"
    assert previous_cycle(cycles, by_id["csp1"]) is None
    assert cycle_span(cycles, by_id["csp9"]) == (dt.date(2022, 8, 26), dt.date(2023, 8, 25))
    assert cycle_span(cycles, by_id["csp1"]) == (None, dt.date(2015, 8, 27))
    assert default_cycle(cycles, dt.date(2023, 5, 1)).id == "csp9"  # type: ignore[union-attr]
    assert default_cycle(cycles, dt.date(2023, 8, 25)).id == "csp9"  # type: ignore[union-attr]
    assert default_cycle(cycles, dt.date(2023, 8, 26)).id == "csp10"  # type: ignore[union-attr]
    # After the last Conference recorded, the latest cycle.
    assert default_cycle(cycles, bundled.meta.as_of).id == "csp11"  # type: ignore[union-attr]
    assert default_cycle([], bundled.meta.as_of) is None


# --- the model ----------------------------------------------------------------------------------


def test_the_fixture_cycles_pass_every_rule(fixture_copy: Path) -> None:
    assert _problems(fixture_copy) == []


def test_narrative_needs_its_english_text(fixture_copy: Path) -> None:
    _edit(fixture_copy / "cycles" / "csp9.yaml", "  - en: Work between the meetings.", "  - fr: Travaux entre les réunions.")
    problems = _problems(fixture_copy)
    assert [p.code for p in problems] == ["invalid-value"]
    assert "English text (en)" in problems[0].message


def test_an_unknown_language_is_refused(fixture_copy: Path) -> None:
    _edit(fixture_copy / "cycles" / "csp9.yaml", "    ar: اعتماد المقترح (المرفق ألف).", "    de: Den Vorschlag annehmen.")
    assert _codes(fixture_copy) == ["invalid-value"]


# --- the rules ---------------------------------------------------------------------------------


def test_an_officer_of_an_unknown_state(fixture_copy: Path) -> None:
    _edit(fixture_copy / "cycles" / "csp9.yaml", "  - state: DEU\n    name: {en: Thomas", "  - state: ZZZ\n    name: {en: Thomas")
    problems = _problems(fixture_copy)
    assert [p.code for p in problems] == ["unknown-state"]
    assert problems[0].path.endswith("cycles/csp9.yaml")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    regional_group: african\n", ""),  # a Vice-President without a group
        ("    regional_group: african", "    regional_group: asean"),  # not a UN regional group
        ("    regional_group: african", "    regional_group: no-regional-group"),  # the region of states in none
        ("    regional_group: african", "    regional_group: asia-pacific"),  # Nigeria is not in it
    ],
    ids=["missing", "not-a-un-group", "no-group", "not-a-member"],
)
def test_a_vice_president_stands_for_a_un_regional_group(fixture_copy: Path, old: str, new: str) -> None:
    if "asean" in new:
        (fixture_copy / "regions" / "asean.yaml").write_text(
            "slug: asean\nname: ASEAN\nscheme: organisation\nsources: [fixture]\nmembers: [IDN, KHM, PHL]\n", encoding="utf-8"
        )
    _edit(fixture_copy / "cycles" / "csp9.yaml", old, new)
    assert _codes(fixture_copy) == ["cycle-regional-group"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("  - date: 2023-02-15\n", "  - date: 2022-08-26\n"),  # the day the previous Conference closed
        ("  - date: 2023-05-10\n", "  - date: 2023-08-26\n"),  # after this Conference closed
        ("    appointed: 2022-11-24", "    appointed: 2022-01-10"),
        ("  date: 2023-07-21\n  symbol_pattern", "  date: 2023-09-01\n  symbol_pattern"),
        ("  end: 2023-08-25\n  venue: {en: Geneva, fr", "  end: 2023-08-20\n  venue: {en: Geneva, fr"),
    ],
    ids=["meeting-on-previous-close", "meeting-after-close", "appointed-before-cycle", "report-after-close", "ends-before-start"],
)
def test_dates_fall_inside_the_cycle(fixture_copy: Path, old: str, new: str) -> None:
    _edit(fixture_copy / "cycles" / "csp9.yaml", old, new)
    problems = _problems(fixture_copy)
    assert [p.code for p in problems] == ["cycle-date"]


def test_the_first_cycle_has_no_lower_bound(fixture_copy: Path) -> None:
    (fixture_copy / "cycles" / "csp8.yaml").unlink()
    _edit(fixture_copy / "plans" / "fixture-african.yaml", "cycle: csp8", "cycle: csp9")
    _edit(fixture_copy / "cycles" / "csp9.yaml", "  - date: 2023-02-15\n", "  - date: 2015-02-15\n")
    assert _problems(fixture_copy) == []


def test_cycle_numbers_are_unique_and_in_order(fixture_copy: Path) -> None:
    _edit(fixture_copy / "cycles" / "csp8.yaml", "number: 8", "number: 9")
    assert _codes(fixture_copy) == ["cycle-number"]
    _edit(fixture_copy / "cycles" / "csp8.yaml", "number: 9", "number: 10")
    problems = _problems(fixture_copy)
    assert "cycle-number" in [p.code for p in problems]


def test_a_plan_names_its_cycle_by_id(fixture_copy: Path) -> None:
    _edit(fixture_copy / "plans" / "fixture-african.yaml", "cycle: csp8", "cycle: csp7")
    problems = _problems(fixture_copy)
    assert [p.code for p in problems] == ["unknown-cycle"]
    assert problems[0].path.endswith("plans/fixture-african.yaml")
    # A name such as CSP9 is no id: the schema refuses it.
    _edit(fixture_copy / "plans" / "fixture-african.yaml", "cycle: csp7", "cycle: CSP9")
    assert _codes(fixture_copy) == ["invalid-value"]


def test_plan_cycles_are_checked_only_when_the_dataset_has_cycles(fixture_copy: Path) -> None:
    shutil.rmtree(fixture_copy / "cycles")
    _edit(fixture_copy / "plans" / "fixture-african.yaml", "cycle: csp8", "cycle: csp7")
    assert _problems(fixture_copy) == []


def test_validate_reports_cycle_problems_with_their_position(fixture_copy: Path) -> None:
    _edit(fixture_copy / "cycles" / "csp9.yaml", "  - date: 2023-05-10\n", "  - date: 2023-08-26\n")
    result = run_cli("validate", "--data", str(fixture_copy))
    assert result.exit_code == 1
    expected = (
        f"{fixture_copy}/cycles/csp9.yaml:46:11: error[cycle-date]: date is outside the cycle: it must fall after 2022-08-26 "
    )
    assert result.stdout.startswith(expected)


def test_presidency_actors_agree_with_their_cycle(dataset_copy: Path) -> None:
    from tests.conftest import run_cli

    actor = dataset_copy / "actors" / "csp9-presidency.yaml"
    actor.write_text(actor.read_text(encoding="utf-8").replace("state: KOR", "state: DEU"), encoding="utf-8")
    other = dataset_copy / "actors" / "csp8-presidency.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("cycle: csp8", "cycle: csp99"), encoding="utf-8")

    result = run_cli("validate", "--data", str(dataset_copy))

    assert result.exit_code == 1
    codes = sorted(line.split("error[")[1].split("]")[0] for line in result.stdout.splitlines())
    assert codes == ["actor-cycle", "unknown-cycle"]
    assert "data/actors/csp9-presidency.yaml" in result.stdout
