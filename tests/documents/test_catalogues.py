"""The report's message catalogues: complete, not fuzzy, in step with the templates, and `make translations` idempotent."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from att_univ.documents.languages import REPORT_LANGUAGES, catalogue_path, catalogue_problems, template_messages, translations
from tests.conftest import REPO

TEMPLATES = REPO / "templates"
MAPPING = REPO / "babel.cfg"
TRANSLATED = tuple(lang for lang in REPORT_LANGUAGES if lang != "en")


@pytest.fixture(scope="module")
def used() -> set[str]:
    return template_messages(TEMPLATES, MAPPING)


def test_the_templates_have_sentences_to_translate(used: set[str]) -> None:
    assert len(used) > 150
    assert "Arms Trade Treaty" in used and "States that joined since %(csp)s" in used


@pytest.mark.parametrize("lang", TRANSLATED)
def test_each_shipped_catalogue_is_complete_and_not_fuzzy(lang: str, used: set[str]) -> None:
    assert catalogue_problems(catalogue_path(lang, TEMPLATES), lang, used) == []


def _doctor(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / "messages.po"
    text = catalogue_path("fr", TEMPLATES).read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_missing_translation_fails(tmp_path: Path, used: set[str]) -> None:
    path = _doctor(tmp_path, 'msgstr "Traité sur le commerce des armes"', 'msgstr ""')
    assert any("no translation of 'Arms Trade Treaty'" in p for p in catalogue_problems(path, "fr", used))


def test_a_fuzzy_translation_fails(tmp_path: Path, used: set[str]) -> None:
    path = _doctor(tmp_path, 'msgid "Arms Trade Treaty"', '#, fuzzy\nmsgid "Arms Trade Treaty"')
    assert any("fuzzy translation of 'Arms Trade Treaty'" in p for p in catalogue_problems(path, "fr", used))


def test_a_message_the_catalogue_lacks_fails(tmp_path: Path, used: set[str]) -> None:
    path = _doctor(tmp_path, 'msgid "Arms Trade Treaty"\nmsgstr "Traité sur le commerce des armes"\n', "")
    problems = catalogue_problems(path, "fr", used)
    assert problems == [f"{path}: the templates use 'Arms Trade Treaty', which the catalogue lacks"]


def test_a_translation_that_drops_a_placeholders_format_fails(tmp_path: Path, used: set[str]) -> None:
    path = _doctor(tmp_path, 'msgstr "Remarque : %(note)s"', 'msgstr "Remarque : %(remarque)s"')
    assert any("remarque" in p for p in catalogue_problems(path, "fr", used))


def test_arabic_has_six_plural_forms_and_russian_three() -> None:
    arabic = translations("ar")
    forms = [
        arabic.ngettext("%(num)s state deposited an instrument on or before %(until)s: %(names)s.", "", n)
        for n in (0, 1, 2, 3, 11, 100)
    ]
    assert "nplurals=6;" in catalogue_path("ar", TEMPLATES).read_text(encoding="utf-8")
    # Zero, one, two and three to ten read differently; 11 to 99 and 100 take the same singular noun
    # (they differ only in case endings, which UN Arabic does not write).
    assert len(set(forms[:4])) == 4 and forms[4] == forms[5]
    assert "دولتان" in forms[2] and "%(num)s دول " in forms[3] and "%(num)s دولة " in forms[4]
    russian = translations("ru")
    msg = "%(num)s state deposited an instrument on or before %(until)s: %(names)s."
    assert [russian.ngettext(msg, "", n).split()[1] for n in (1, 2, 5, 21, 113)] == [
        "государство",
        "государства",
        "государств",
        "государство",
        "государств",
    ]
    assert translations("zh").ngettext(msg, "", 2) == translations("zh").ngettext(msg, "", 1)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_make_translations_leaves_the_tree_unchanged(tmp_path: Path) -> None:
    # On a copy of what make translations reads and writes, so the suite never edits the worktree.
    copy = tmp_path / "repo"
    shutil.copytree(TEMPLATES, copy / "templates", ignore=shutil.ignore_patterns("*.mo"))
    shutil.copytree(REPO / "att_univ", copy / "att_univ", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(MAPPING, copy / "babel.cfg")
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy(REPO / name, copy / name)
    (copy / "installed").touch()  # newer than pyproject.toml: make does not reinstall
    before = {p.relative_to(copy): p.read_bytes() for p in (copy / "templates" / "locale").rglob("*") if p.is_file()}
    bin_dir = REPO / ".venv" / "bin"
    result = subprocess.run(
        ["make", "--no-print-directory", "STAMP=installed", f"BIN={bin_dir}", "translations"],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    after = {p.relative_to(copy): p.read_bytes() for p in (copy / "templates" / "locale").rglob("*") if p.is_file()}
    assert after == before
