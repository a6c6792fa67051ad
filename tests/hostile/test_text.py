"""Items 9, 10 and 13: hostile text from the data or a page never reaches a terminal, a
spreadsheet or a pull request as it was written, and a huge page is refused quickly."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from att_univ.core.formats import csv_text
from tests.conftest import DATA, run_cli
from tests.support.untc_pages import ECUADOR_ROW, PAGE_TEXT, row_block

HOSTILE = ("\x1b", "\u202e", "\x00", "\x07", "\u200b")


@pytest.mark.parametrize(
    ("escape", "code"),
    [
        ("\\e[2J", "control-character"),
        ("\\u202e", "invisible-character"),
        ("\\0", "control-character"),
        ("\\x9b", "control-character"),
    ],
)
def test_item09_escaped_control_characters_are_refused_where_they_are(small_data: Path, escape: str, code: str) -> None:
    state = small_data / "states" / "gmb.yaml"
    text = state.read_text()
    assert "name: Gambia\n" in text
    state.write_text(text.replace("name: Gambia\n", f'name: "Gambia{escape}"\n'))
    line = text[: text.index("name: Gambia")].count("\n") + 1
    result = run_cli("validate", "--data", str(small_data))
    assert result.exit_code == 1, result.output
    assert f"states/gmb.yaml:{line}:7: error[{code}]" in result.stdout
    for args in (("status", "--by", "un-regional-group"), ("timeline",), ("show", "GMB")):
        shown = run_cli(*args, "--data", str(small_data))
        assert shown.exit_code == 1, (args, shown.output)
        assert not any(character in shown.output for character in HOSTILE), args


def test_item09_escaped_characters_in_keys_are_refused(small_data: Path) -> None:
    state = small_data / "states" / "gmb.yaml"
    state.write_text(state.read_text() + '"note\\u202e": x\n')
    result = run_cli("validate", "--data", str(small_data))
    assert result.exit_code == 1
    assert "error[invisible-character]" in result.stdout


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_item09_page_text_is_neutralised_in_reconcile(tmp_path: Path, fmt: str) -> None:
    hostile_row = ECUADOR_ROW.replace("Ecuador", "Evil&#27;[2J&#x202e;land&#7;")
    after = row_block(PAGE_TEXT, "Dominican Republic")
    page = tmp_path / "page.html"
    page.write_text(PAGE_TEXT.replace(after, after + hostile_row, 1))
    result = run_cli("reconcile", str(page), "--data", str(DATA), "--format", fmt)
    assert result.exit_code == 1, result.output
    assert "Evil" in result.stdout
    assert not any(character in result.stdout for character in HOSTILE)
    assert not any(character in result.stdout for character in ("\\u001b", "\\u202e", "\\u0007"))


FORMULAS = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("formula", FORMULAS)
def test_item10_csv_cells_never_start_a_formula(formula: str) -> None:
    text = csv_text(["title"], [[formula], ["plain"], [-5]])
    cells = [row[0] for row in csv.reader(io.StringIO(text, newline=""))]
    assert cells == ["title", "'" + formula.replace("\r", "\n"), "plain", "-5"]


def test_item10_engagements_and_export_csv_are_neutralised(small_data: Path, tmp_path: Path) -> None:
    result = run_cli(
        "record",
        "engagement",
        "2026-01-call",
        "--date",
        "2026-01-10",
        "--kind",
        "call",
        "--title",
        '=HYPERLINK("http://evil.example","click")',
        "--sensitivity",
        "public",
        "--data",
        str(small_data),
    )
    assert result.exit_code == 0, result.output
    listed = run_cli("engagements", "--format", "csv", "--data", str(small_data))
    assert listed.exit_code == 0, listed.output
    assert "'=HYPERLINK" in listed.stdout
    assert not any(cell.startswith("=") for row in csv.reader(io.StringIO(listed.stdout)) for cell in row)
    out = tmp_path / "export"
    exported = run_cli("export", "--format", "csv", "--out", str(out), "--data", str(small_data))
    assert exported.exit_code == 0, exported.output
    for table in out.glob("*.csv"):
        for row in csv.reader(io.StringIO(table.read_text())):
            assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in row), table
    assert "'=HYPERLINK" in (out / "engagements.csv").read_text()
    assert "OWASP" in (out / "README.md").read_text()


def test_item13_a_huge_page_is_refused_unread(tmp_path: Path) -> None:
    page = tmp_path / "huge.html"
    with page.open("w") as handle:
        handle.write(PAGE_TEXT)
        for _ in range(60):
            handle.write("<tr><td>x</td></tr>" * 50_000)
    result = run_cli("reconcile", str(page), "--data", str(DATA))
    assert result.exit_code == 1, result.output
    assert "is not that page" in result.stderr


def test_item13_too_many_elements_stop_the_parse(tmp_path: Path) -> None:
    page = tmp_path / "dense.html"
    page.write_text(PAGE_TEXT.replace("</body>", "<b>" * 150_000 + "</body>", 1))
    assert page.stat().st_size < 4_000_000
    result = run_cli("reconcile", str(page), "--data", str(DATA))
    assert result.exit_code == 1, result.output
    assert "HTML elements" in result.stderr
