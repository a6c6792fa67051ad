"""The CSP report in the six UN languages: no unmarked English in Arabic, Chinese and Russian, and UN names throughout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from att_univ.data.dataset import Dataset
from att_univ.documents.languages import everyday_name, state_name, translations
from tests.conftest import DATA, REPO
from tests.support.datasets import load_ok

GOLDEN = REPO / "tests" / "golden" / "report"
NON_LATIN = ("ar", "zh", "ru")
# Three Latin-script words in a row make a sentence (or a title) in English; acronyms, symbols and names do not.
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[\s,;:()]+[A-Za-z][A-Za-z'’-]*){2,}")
_CODE = re.compile(r"```.*?```|`[^`]*`", re.DOTALL)
_URL = re.compile(r"\]\([^)]*\)|https?://\S+|javascript:\S+")
_TAG = re.compile(r"<[^>]+>")
_SVG = re.compile(r"<svg>.*?</svg>", re.DOTALL)
_STYLE = re.compile(r"<style>.*?</style>|<head>.*?</head>", re.DOTALL)


def _marker(lang: str) -> str:
    return str(translations(lang).gettext("(available in English only)"))


def _unmarked_latin_lines(text: str, lang: str) -> list[str]:
    marker = _marker(lang)
    # In HTML a passage left in English is a span in lang="en" followed by the marker: drop those first.
    marked = re.compile(r'<span lang="en" dir="ltr">.*?</span> <em>' + re.escape(marker) + "</em>", re.DOTALL)
    text = marked.sub("", _STYLE.sub("", _SVG.sub("", _CODE.sub("", text))))
    found = []
    for line in text.split("\n"):
        if line.startswith(("## ", "<h2>")) and _translated_heading("Sources", lang) in line:
            break  # citations are given in the language the source is written in
        plain = _URL.sub("", _TAG.sub(" ", line))
        if "Conf.Rep" in plain or marker in line:
            continue
        if _LATIN_RUN.search(plain):
            found.append(line)
    return found


def _translated_heading(msgid: str, lang: str) -> str:
    return str(translations(lang).gettext(msgid))


@pytest.mark.parametrize("lang", NON_LATIN)
@pytest.mark.parametrize("suffix", ("md", "html"))
@pytest.mark.parametrize("audience", ("public", "partners", "restricted"))
def test_no_latin_script_sentence_is_left_unmarked(lang: str, suffix: str, audience: str) -> None:
    text = (GOLDEN / f"csp9.{audience}.{lang}.{suffix}").read_text(encoding="utf-8")
    assert _unmarked_latin_lines(text, lang) == []


def test_the_latin_check_catches_an_unmarked_sentence() -> None:
    assert _unmarked_latin_lines("2. The background, in English only.\n", "ar") == ["2. The background, in English only."]
    assert _unmarked_latin_lines("2. The background, in English only. *(متاح بالإنكليزية فقط)*\n", "ar") == []
    assert _unmarked_latin_lines("3. Договор ATT/CSP9 и WGTU, CSP8.\n", "ru") == []


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return load_ok(DATA)


@pytest.mark.parametrize("lang", ("fr", "es", "ar", "zh", "ru"))
def test_every_country_name_printed_is_the_un_name(bundled: Dataset, lang: str) -> None:
    from att_univ.documents.report import build_report_view, cycles_of, default_dates
    from att_univ.views.report import render_report

    cycle = {c.id: c for c in cycles_of(bundled)}["csp9"]
    since, until = default_dates(cycles_of(bundled), cycle, bundled.meta.as_of)
    view = build_report_view(bundled.for_audience("restricted"), cycle, since=since, until=until, lang=lang)
    text = render_report(view, "markdown").text
    printed = 0
    for state in bundled.states.values():
        un = state_name(state, lang)
        assert state.names is not None and un == getattr(state.names, lang)
        # Every state in a table row of the report is named as the UN names it.
        if re.search(rf"^\| (\d+ \| )?{re.escape(un)} \|", text, re.MULTILINE):
            printed += 1
        everyday = everyday_name(state, lang)
        if everyday and everyday != un and everyday not in un:
            assert not re.search(rf"(?<!\w){re.escape(everyday)}(?!\w)", text), (
                f"{state.iso3}: CLDR's {everyday!r} printed, not the UN's {un!r}"
            )
    table_names = re.findall(r"^\| (?:\d+ \| )?([^|\d][^|]*?) \| \d", text, re.MULTILINE)
    un_names = {state_name(s, lang) for s in bundled.states.values()}
    states_in_tables = [n for n in table_names if n in un_names]
    assert printed >= 28 and states_in_tables


def test_check_lists_what_is_not_yet_translated(tmp_path: Path) -> None:
    from tests.conftest import FIXTURES, run_cli

    out = tmp_path / "report.md"
    args = ("report", "--data", str(FIXTURES / "report"), "--cycle", "csp9", "--lang", "ru", "--out", str(out))
    assert run_cli(*args).exit_code == 0
    result = run_cli(*args, "--check")
    assert result.exit_code == 0, result.stderr
    assert "passages are not yet in ru" in result.stderr
    assert "cycles/csp9.yaml.background[0]: The background, in English and Arabic only." in result.stderr
    english = run_cli("report", "--data", str(FIXTURES / "report"), "--cycle", "csp9", "--out", str(tmp_path / "en.md"))
    assert english.exit_code == 0
    assert (
        "not yet in"
        not in run_cli(
            "report", "--data", str(FIXTURES / "report"), "--cycle", "csp9", "--out", str(tmp_path / "en.md"), "--check"
        ).stderr
    )


@pytest.mark.parametrize("lang", ("en", "fr", "es", "ar", "zh", "ru"))
def test_html_sources_are_links_when_the_dataset_has_a_url(lang: str) -> None:
    html = (GOLDEN / f"csp9.public.{lang}.html").read_text(encoding="utf-8")
    sources = html[html.rindex("<h2>") :]
    assert '<a href="https://example.org/report"><cite>A fictional draft report of the WGTU co-chairs</cite></a>' in sources
    assert "<li><cite>Facts copied from the bundled dataset, or made up for attu&#39;s tests</cite></li>" in sources


def test_state_notes_and_step_summaries_may_carry_translations(tmp_path: Path) -> None:
    """A note or a step summary written in French is printed in the French report, unmarked, and no longer listed."""
    import shutil

    from tests.conftest import FIXTURES, run_cli

    root = tmp_path / "data"
    shutil.copytree(FIXTURES / "report", root)
    usa = root / "states" / "usa.yaml"
    note = "  - text: The President of the United States announced on 26 April 2019 that the country would not ratify the treaty."
    note += "\n"
    text = usa.read_text(encoding="utf-8")
    assert note in text
    french_note = "Le 26 avril 2019, le Président des États-Unis a annoncé que le pays ne ratifierait pas le Traité."
    usa.write_text(
        text.replace(note, f"  - text:\n      en: {note.split(': ', 1)[1].strip()}\n      fr: {french_note}\n"), encoding="utf-8"
    )
    gmb = root / "states" / "gmb.yaml"
    summary = "    summary: Told the first WGTU meeting of the CSP9 cycle that it was about to ratify the treaty.\n"
    text = gmb.read_text(encoding="utf-8")
    assert summary in text
    french_summary = "A indiqué à la première réunion du WGTU du cycle de la CSP9 qu'elle allait ratifier le Traité."
    gmb.write_text(
        text.replace(summary, f"    summary:\n      en: {summary.split(': ', 1)[1].strip()}\n      fr: {french_summary}\n"),
        encoding="utf-8",
    )
    out = tmp_path / "report.md"
    args = ("report", "--data", str(root), "--cycle", "csp9", "--lang", "fr", "--out", str(out))
    assert run_cli(*args).exit_code == 0
    report = out.read_text(encoding="utf-8")
    marker = _marker("fr")
    for french in (french_note, french_summary):
        line = next(line for line in report.splitlines() if french.replace("'", "\\'") in line or french in line)
        assert marker not in line, line
    listed = run_cli(*args, "--check").stderr
    assert "states/usa.yaml notes" not in listed and "states/gmb.yaml process" not in listed
    assert "states/com.yaml process 2023-02-15" in listed  # still in English only
    english = run_cli("report", "--data", str(root), "--cycle", "csp9", "--out", str(tmp_path / "en.md"))
    assert english.exit_code == 0
    assert "announced on 26 April 2019" in (tmp_path / "en.md").read_text(encoding="utf-8")
