"""The table of the depositary's spellings: complete, exact, and validated with the dataset."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from att_univ.data.spellings import match_participant, normalise_name
from tests.conftest import FIXTURES, replace_file, run_cli, snapshot
from tests.support.untc_pages import names_table

REFERENCE_CSV = FIXTURES / "reference" / "att-status.csv"


@pytest.fixture(scope="module")
def names() -> dict[str, str]:
    return names_table()


def test_names_table_covers_every_state_that_can_join(names: dict[str, str]) -> None:
    with REFERENCE_CSV.open(encoding="utf-8", newline="") as handle:
        reference_rows = list(csv.DictReader(handle))
    assert set(names.values()) == {reference["iso3"] for reference in reference_rows}
    assert len(reference_rows) == 197
    for reference in reference_rows:
        assert match_participant(reference["name"], names) == reference["iso3"]


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Tu\u0308rkiye", "TUR"),  # decomposed ü
        ("United States of America<superscript>3</superscript>", "USA"),
        ("Denmark <sup>1</sup>", "DNK"),
        ("New Zealand 2", "NZL"),
        ("Denmark1,2", "DNK"),
        ("  St.\u00a0Lucia\t", "LCA"),
        ("Bolivia (Plurinational State of)", "BOL"),
        ("Côte d'Ivoire", "CIV"),
        ("Türkiye", "TUR"),
        ("Turkiye", None),
        ("turkey", None),
        ("Bahamas The", None),
        ("Bolivia", None),
        ("Cote d'Ivoire", None),
        ("Atlantis", None),
    ],
)
def test_match_participant_normalises_only_whitespace_marks_and_nfc(
    names: dict[str, str], printed: str, expected: str | None
) -> None:
    assert match_participant(printed, names) == expected


def test_normalise_name() -> None:
    assert normalise_name(" Côte\u00a0 d'Ivoire <superscript>4, 5</superscript> ") == "Côte d'Ivoire"


def test_the_table_keeps_its_provenance_comments() -> None:
    text = (Path(__file__).resolve().parent.parent.parent / "data" / "depositary-names.yaml").read_text(encoding="utf-8")
    assert "  Bahamas (The): BHS  # UNTC status page of XXVI-8 as at 2026-02-03\n" in text
    assert "  Swaziland: SWZ  # earlier UN short name, for older saved pages\n" in text


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # Lines are counted from the line of `old`: 0 is that line, 1 the next.
        # Two spellings that are one name once normalised may not lead to two states.
        ("  Turkey: TUR", "  Turkey: TUR\n  Turkey <sup>1</sup>: TKM", "1:3: error[spelling-conflict]:"),
        # The later of two alike spellings is reported; Türkiye comes after the inserted line.
        ("  Turkey: TUR", "  Turkey: TUR\n  Tu\u0308rkiye: TUR", "4:3: warning[duplicate-spelling]:"),
        ("  Turkey: TUR", "  Turkey: tur", "0:11: error[invalid-value]:"),
        ("  Turkey: TUR", "  Turkey: XTR", "0:11: error[unknown-state]:"),
        ("names:", "spellings:", "0:1: error[unknown-field]:"),
        ("  Turkey: TUR", "  Turkey: [TUR", "1:3: error[yaml-syntax]:"),
    ],
)
def test_a_bad_names_table_is_located(linked_copy: Path, old: str, new: str, expected: str) -> None:
    path = linked_copy / "depositary-names.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    old_line = text[: text.index(old)].count("\n") + 1
    replace_file(path, text.replace(old, new, 1))
    before = snapshot(linked_copy)
    offset, rest = expected.split(":", 1)
    wanted = f"data/depositary-names.yaml:{old_line + int(offset)}:{rest}"

    result = run_cli("validate", "--data", str(linked_copy))

    assert any(line.startswith(wanted) for line in result.stdout.splitlines()), (wanted, result.stdout)
    assert result.exit_code == (0 if "warning" in expected else 1)
    assert snapshot(linked_copy) == before


def test_a_depositary_name_must_be_in_the_table(linked_copy: Path) -> None:
    path = linked_copy / "states" / "lca.yaml"
    replace_file(path, path.read_text(encoding="utf-8").replace("depositary_name: St. Lucia", "depositary_name: Sta. Lucia"))
    result = run_cli("validate", "--data", str(linked_copy))
    assert result.exit_code == 1
    assert "data/states/lca.yaml:32:20: error[depositary-name]: this name is not listed for LCA" in result.stdout


def test_every_state_needs_a_spelling(linked_copy: Path) -> None:
    path = linked_copy / "depositary-names.yaml"
    replace_file(path, path.read_text(encoding="utf-8").replace("  Tuvalu: TUV\n", ""))
    result = run_cli("validate", "--data", str(linked_copy))
    assert result.exit_code == 1
    assert "data/states/tuv.yaml:2:7: error[depositary-name]: no spelling in depositary-names.yaml" in result.stdout


def test_the_table_validates_on_its_own() -> None:
    result = run_cli("validate", str(Path(__file__).resolve().parent.parent.parent / "data" / "depositary-names.yaml"))
    assert result.exit_code == 0, result.stdout
