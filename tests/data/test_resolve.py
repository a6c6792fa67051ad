"""One resolver for states: codes, names and depositary spellings, forgiving of case and accents, strict on blanks."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from att_univ.core.errors import ExitCode, UsageError
from att_univ.data.dataset import Dataset
from att_univ.data.resolve import resolve_state
from tests.conftest import DATA, run_cli
from tests.support.datasets import load_ok


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_ok(DATA)


def _spellings() -> list[tuple[str, str]]:
    # Read with PyYAML, not attu's loader: the expectation comes from the file itself.
    table = yaml.safe_load((DATA / "depositary-names.yaml").read_text(encoding="utf-8"))["names"]
    return sorted(table.items())


@pytest.mark.parametrize(("spelling", "iso3"), _spellings())
def test_every_depositary_spelling_past_and_present_finds_its_state(dataset: Dataset, spelling: str, iso3: str) -> None:
    assert resolve_state(dataset, spelling).iso3 == iso3
    assert resolve_state(dataset, spelling.upper()).iso3 == iso3


@pytest.mark.parametrize(
    ("query", "iso3"),
    [
        ("swz", "SWZ"),
        ("Swaziland", "SWZ"),
        ("  eswatini ", "SWZ"),
        ("cote d'ivoire", "CIV"),
        ("Cote d\u2019Ivoire", "CIV"),
        ("TURKEY", "TUR"),
        ("turkiye", "TUR"),
        ("GM", "GMB"),
        ("Gambia", "GMB"),
        ("Bolivia", "BOL"),
    ],
)
def test_codes_names_and_old_names_without_case_or_accents(dataset: Dataset, query: str, iso3: str) -> None:
    assert resolve_state(dataset, query).iso3 == iso3


@pytest.mark.parametrize("blank", ["", " ", "\t\n"])
def test_blank_is_a_usage_error_not_the_first_state(dataset: Dataset, blank: str) -> None:
    with pytest.raises(UsageError) as caught:
        resolve_state(dataset, blank, "--state")
    assert caught.value.exit_code == ExitCode.USAGE
    assert caught.value.message.startswith("--state: no state given")


def test_several_matches_are_listed(dataset: Dataset) -> None:
    with pytest.raises(UsageError, match=r"'korea' matches 2 states: Democratic People's Republic of Korea \(PRK\) or "):
        resolve_state(dataset, "korea")


def test_nothing_found_suggests_the_nearest(dataset: Dataset) -> None:
    with pytest.raises(UsageError, match=r"no state 'Swazilnd'; did you mean Eswatini \(SWZ\)"):
        resolve_state(dataset, "Swazilnd")


# Every command and option that takes a state, with the words that put the state in place.
STATE_COMMANDS = [
    ("show", "{s}"),
    ("tiers", "--explain", "{s}"),
    ("support", "{s}"),
    ("history", "{s}"),
    ("engagements", "--state", "{s}"),
    ("record", "signature", "{s}", "2026-01-15", "-s", "untc-status-2026"),
    ("record", "deposit", "{s}", "2026-01-15", "-i", "ratification", "-s", "untc-status-2026"),
    ("record", "process", "{s}", "legislation", "2026-01-15"),
    ("record", "engagement", "x-visit", "--date", "2026-01-15", "--kind", "visit", "--title", "T", "--state", "{s}"),
]


@pytest.mark.parametrize("args", STATE_COMMANDS, ids=lambda a: " ".join(a[:2]))
@pytest.mark.parametrize("blank", ["", "  "])
def test_every_command_refuses_a_blank_state(linked_copy: Path, args: tuple[str, ...], blank: str) -> None:
    result = run_cli(*(a.format(s=blank) for a in args), "--data", str(linked_copy))
    assert result.exit_code == 2, result.output
    assert "no state given" in result.stderr
    assert not (linked_copy / "engagements" / "x-visit.yaml").exists()


@pytest.mark.parametrize("args", STATE_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_every_command_suggests_the_same_way(linked_copy: Path, args: tuple[str, ...]) -> None:
    result = run_cli(*(a.format(s="Swazilnd") for a in args), "--data", str(linked_copy))
    assert result.exit_code == 2, result.output
    assert "no state 'Swazilnd'; did you mean Eswatini (SWZ)" in result.stderr


def test_show_finds_eswatini_by_its_old_name() -> None:
    result = run_cli("show", "Swaziland", "--data", str(DATA))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Eswatini (SWZ)")


def test_tiers_explain_takes_a_depositary_spelling() -> None:
    result = run_cli("tiers", "--explain", "swaziland", "--data", str(DATA))
    assert result.exit_code == 0, result.stderr
    assert "Eswatini" in result.stdout
