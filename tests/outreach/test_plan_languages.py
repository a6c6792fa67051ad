"""`attu plan --lang`: the plan in the six UN languages (golden files), UN names, marked English, translated data text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from att_univ.core.wording import RESTRICTED_ADVICE_NOTICE
from att_univ.data.loader import load_dataset
from att_univ.documents.languages import REPORT_LANGUAGES, state_name, translations
from tests.conftest import DATA, run_cli
from tests.support.datasets import WGTU, load_ok
from tests.support.golden import assert_golden

SUFFIX = {"markdown": "md", "html": "html"}
PLAN = (WGTU / "plans" / "fixture-plan.yaml").read_text(encoding="utf-8")
# Three Latin-script words in a row make a sentence in English; acronyms, symbols and names do not.
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[\s,;:()]+[A-Za-z][A-Za-z'’-]*){2,}")


def _marker(lang: str) -> str:
    return str(translations(lang).gettext("(available in English only)"))


@pytest.mark.parametrize("lang", REPORT_LANGUAGES)
@pytest.mark.parametrize("fmt", ("markdown", "html"))
def test_plan_in_each_language_matches_golden(lang: str, fmt: str) -> None:
    result = run_cli("plan", "--data", str(WGTU), "--format", fmt, "--lang", lang)
    assert result.exit_code == 0, result.stderr
    # English is the plan without --lang, whose golden files tests/outreach/test_plan.py also reads.
    assert_golden(f"plan/fixture.{SUFFIX[fmt]}" if lang == "en" else f"plan/fixture.{lang}.{SUFFIX[fmt]}", result.stdout)


@pytest.mark.parametrize("lang", ("ar", "zh", "ru"))
def test_no_english_sentence_is_left_unmarked(lang: str) -> None:
    text = run_cli("plan", "--data", str(WGTU), "--format", "markdown", "--lang", lang).stdout
    marker = _marker(lang)
    body = text[: text.index("\n## " + str(translations(lang).gettext("Sources")))]  # citations keep their own language
    unmarked = [
        line
        for line in body.splitlines()
        if _LATIN_RUN.search(re.sub(r"`[^`]*`|attu [a-z]+ --[a-z]+( [a-z]+)?", "", line)) and marker not in line
    ]
    assert unmarked == []


@pytest.mark.parametrize("lang", ("fr", "es", "ar", "zh", "ru"))
def test_the_first_line_is_the_restricted_notice_in_the_language(lang: str) -> None:
    notice = str(translations(lang).gettext(RESTRICTED_ADVICE_NOTICE))
    assert notice != RESTRICTED_ADVICE_NOTICE
    for fmt in ("markdown", "html"):
        first = run_cli("plan", "--data", str(WGTU), "--format", fmt, "--lang", lang).stdout.splitlines()[0]
        assert notice in first, fmt


def test_plurals_follow_each_languages_rules(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(WGTU, root)
    periods = {}
    for years in (1, 2, 3, 5):
        without_milestones = re.sub(r"milestones:\n(  .*\n)*", "", PLAN)
        edited = without_milestones.replace("  start: 2023-08-25\n", f"  start: 2023-08-25\n  years: {years}\n")
        (root / "plans" / "fixture-plan.yaml").write_text(edited, encoding="utf-8")
        for lang in ("ar", "ru"):
            result = run_cli("plan", "--data", str(root), "--plan", "fixture-plan", "--format", "markdown", "--lang", lang)
            assert result.exit_code == 0, result.stderr
            text = result.stdout
            label = str(translations(lang).gettext("Period"))
            row = next(line for line in text.splitlines() if line.startswith(f"| {label} |"))
            periods[lang, years] = row[row.rindex("(") :]
    # Arabic: one, two (dual), few (3 to 10); Russian: one, few, many.
    assert [periods["ar", y] for y in (1, 2, 3, 5)] == ["(سنة واحدة) |", "(سنتان) |", "(3 سنوات) |", "(5 سنوات) |"]
    assert [periods["ru", y] for y in (1, 2, 3, 5)] == ["(1 год) |", "(2 года) |", "(3 года) |", "(5 лет) |"]


def test_state_names_are_the_un_names_on_the_bundled_dataset() -> None:
    bundled = load_ok(DATA)
    for lang in ("fr", "ar"):
        result = run_cli("plan", "--data", str(DATA), "--format", "markdown", "--lang", lang)
        assert result.exit_code == 0, result.stderr
        rows = re.findall(r"^\| \d+ \| ([^|]+?) \|", result.stdout, re.MULTILINE)
        assert len(rows) > 20
        un_names = {state_name(s, lang) for s in bundled.states.values()}
        english = {s.name for s in bundled.states.values()} - un_names

        def named(row: str, names: set[str]) -> bool:
            return any(row == name or row.startswith(f"{name} (") for name in names)

        assert len([row for row in rows if named(row, un_names)]) > 20
        assert [row for row in rows if named(row, english) and not named(row, un_names)] == []


def test_table_format_is_english_only() -> None:
    result = run_cli("plan", "--data", str(WGTU), "--lang", "fr")
    assert result.exit_code == 2
    assert "--format table is in English only" in result.stderr


@pytest.mark.parametrize(("lang", "message"), [("de", "no message catalogue for 'de'"), ("xx", "unknown language 'xx'")])
def test_an_unknown_language_is_a_usage_error(lang: str, message: str) -> None:
    result = run_cli("plan", "--data", str(WGTU), "--format", "markdown", "--lang", lang)
    assert result.exit_code == 2
    assert message in result.stderr


# --- translations of the plan's own text -------------------------------------------------------------

TRANSLATED = PLAN.replace(
    "title: Fixture plan <with> *markup* & an @mention\n",
    "title:\n  en: Fixture plan <with> *markup* & an @mention\n  fr: Plan de démonstration\n",
).replace(
    "  - Focus first on signatories.\n",
    "  - en: Focus first on signatories.\n    fr: Se concentrer d'abord sur les signataires.\n",
)


def test_a_plan_may_carry_translations(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(WGTU, root)
    (root / "plans" / "fixture-plan.yaml").write_text(TRANSLATED, encoding="utf-8")
    assert load_dataset(root).problems == []
    french = run_cli("plan", "--data", str(root), "--format", "markdown", "--lang", "fr").stdout
    assert "# Plan de démonstration\n" in french
    assert "1. Se concentrer d'abord sur les signataires.\n" in french
    assert f"2. Approach interested states before they apply. *{_marker('fr')}*\n" in french
    english = run_cli("plan", "--data", str(root), "--format", "markdown").stdout
    assert english == run_cli("plan", "--data", str(WGTU), "--format", "markdown").stdout
    spanish = run_cli("plan", "--data", str(root), "--format", "html", "--lang", "es").stdout
    assert '<h1><span lang="en" dir="ltr">Fixture plan &lt;with&gt; *markup* &amp; an @mention</span>' in spanish


def test_check_lists_exactly_what_is_not_translated(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(WGTU, root)
    (root / "plans" / "fixture-plan.yaml").write_text(TRANSLATED, encoding="utf-8")
    result = run_cli("plan", "--data", str(root), "--lang", "fr", "--check")  # any format: nothing is rendered
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    listed = [line.strip() for line in result.stderr.splitlines() if line.startswith("  ")]
    assert "plans/fixture-plan.yaml.objectives[1]: Approach interested states before they apply." in listed
    assert not any(".title:" in line or "objectives[0]" in line for line in listed)
    assert "plans/fixture-plan.yaml.regions[0].years[1].milestones[0].text: A milestone for the organisation only." in listed
    assert f"attu: {len(listed)} passages of plan fixture-plan are not yet in fr" in result.stderr
    english = run_cli("plan", "--data", str(root), "--check", "--format", "markdown")
    assert "every passage is in en" in english.stderr


def test_a_translation_in_another_language_is_a_located_problem(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(WGTU, root)
    german = TRANSLATED.replace("  fr: Plan de démonstration", "  de: Demo")
    (root / "plans" / "fixture-plan.yaml").write_text(german, encoding="utf-8")
    found = load_dataset(root).problems
    assert [(Path(p.path).name, p.line, p.column, p.code) for p in found] == [("fixture-plan.yaml", 4, 7, "invalid-value")]
    assert found[0].message.startswith("title.de: ")
    result = run_cli("validate", "--data", str(root))
    assert result.exit_code == 1
    assert "fixture-plan.yaml:4:7: error[invalid-value]: title.de" in result.stdout + result.stderr
