"""`attu report`: the computed parts, the CSP9 facts, golden files per audience × language × format,
canaries that must stay out of public and partners outputs, hostile text, charts, --check, and errors."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from att_univ.data.cycles import cycles_of
from att_univ.data.dataset import Dataset
from att_univ.documents.report import (
    build_report_view,
    counts_on,
    default_dates,
    distribution_by_group,
    joined_between,
    localised_names,
    parties_per_year,
    signatories_not_party,
)
from att_univ.views.report import chart_paths, render_report
from tests.conftest import DATA, FIXTURES, REPO, run_cli
from tests.support.datasets import load_ok
from tests.support.golden import assert_golden

FIXTURE = FIXTURES / "report"
LANGUAGES = ("en", "fr", "es", "ar", "zh", "ru")
AUDIENCES = ("public", "partners", "restricted")
FORMATS = ("markdown", "html")
SUFFIX = {"markdown": "md", "html": "html"}
COMMITTED = REPO / "reports" / "csp9-report.en.md"

# Canary strings in every restricted field of the fixture (Comoros, a plan, an engagement).
RESTRICTED_CANARIES = (
    "CANARY-PROCESS-SUMMARY",
    "CANARY-READINESS-RATIONALE",
    "CANARY-CHALLENGE-SUMMARY",
    "CANARY-NEED-SUMMARY",
    "CANARY-SUPPORT-SUMMARY",
    "CANARY-CONTACT-NAME",
    "CANARY-CONTACT-ROLE",
    "CANARY-CONTACT-ORGANISATION",
    "canary.contact@example.org",
    "555 0199",
    "CANARY-RESTRICTED-NOTE",
    "CANARY-ENGAGEMENT-TITLE",
    "CANARY-ENGAGEMENT-SUMMARY",
    "CANARY-PLAN-TITLE",
    "CANARY-PLAN-NOTE",
    "CANARY-PLAN-OBJECTIVE",
)
PARTNERS_CANARIES = ("PARTNERS-CANARY-NOTE", "PARTNERS-CANARY-STEP")
_SVG = re.compile(r"<svg\b.*?</svg>\n?", re.DOTALL)


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return load_ok(DATA)


@pytest.fixture(scope="module")
def fixture() -> Dataset:
    return load_ok(FIXTURE)


def _cycle(dataset: Dataset, cycle_id: str):  # type: ignore[no-untyped-def]
    return {c.id: c for c in cycles_of(dataset)}[cycle_id]


def _render(dataset: Dataset, audience: str, lang: str, fmt: str, out: Path | None = None) -> tuple[str, dict[Path, str]]:
    cycle = _cycle(dataset, "csp9")
    since, until = default_dates(cycles_of(dataset), cycle, dataset.meta.as_of)
    view = build_report_view(dataset.for_audience(audience), cycle, since=since, until=until, lang=lang)
    rendered = render_report(view, fmt, out=out)
    return rendered.text, dict(rendered.charts)


def _without_svg(text: str) -> str:
    """Inline SVG replaced by its title and a hash: the charts have golden files of their own in tests/golden/charts."""

    def placeholder(match: re.Match[str]) -> str:
        svg = match.group(0)
        title = re.search(r"<title>(.*?)</title>", svg, re.DOTALL)
        digest = hashlib.sha256(svg.encode()).hexdigest()[:16]
        return f"<svg><!-- {title.group(1) if title else ''} sha256:{digest} --></svg>\n"

    return _SVG.sub(placeholder, text)


# --- the CSP9 report's facts, from the bundled dataset ---------------------------------------------


def test_csp9_defaults_are_the_close_of_csp8_and_the_report_date(bundled: Dataset) -> None:
    cycles = cycles_of(bundled)
    assert default_dates(cycles, _cycle(bundled, "csp9"), bundled.meta.as_of) == (dt.date(2022, 8, 26), dt.date(2023, 7, 21))
    # Without a report date: the Conference's opening, never after the dataset's date.
    assert default_dates(cycles, _cycle(bundled, "csp10"), bundled.meta.as_of) == (dt.date(2023, 8, 25), dt.date(2024, 8, 19))
    assert default_dates(cycles, _cycle(bundled, "csp10"), dt.date(2024, 1, 31))[1] == dt.date(2024, 1, 31)
    assert default_dates(cycles, _cycle(bundled, "csp1"), bundled.meta.as_of) == (None, dt.date(2015, 8, 24))


def test_gabon_and_andorra_joined_since_csp8_bringing_the_parties_to_113(bundled: Dataset) -> None:
    names = localised_names(bundled.states.values(), "en")
    joined = joined_between(bundled, dt.date(2022, 8, 26), dt.date(2023, 7, 21), names)
    assert [(j.state.iso3, j.date, j.instrument) for j in joined] == [
        ("GAB", dt.date(2022, 9, 21), "acceptance"),
        ("AND", dt.date(2022, 12, 2), "ratification"),
    ]
    states = list(bundled.states.values())
    assert counts_on(states, dt.date(2022, 8, 26)).parties == 111
    now = counts_on(states, dt.date(2023, 7, 21))
    assert (now.parties, now.signatories, now.signatories_not_party, now.non_signatories, now.states) == (113, 130, 28, 56, 197)
    assert counts_on(states, bundled.meta.as_of).parties == 117


def test_the_csp9_report_says_so(bundled: Dataset) -> None:
    result = run_cli("report", "--cycle", "csp9", "--data", str(DATA))
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "As at 21 July 2023, 113 of the 197 states that can join the treaty were States Parties" in text
    assert "2 states deposited an instrument after 26 August 2022 and on or before 21 July 2023: Gabon and Andorra." in text
    assert "| Gabon | 21 September 2022 | acceptance | 20 December 2022 |" in text
    assert "| Andorra | 2 December 2022 | ratification | 2 March 2023 |" in text
    assert "### First meeting, 15 February 2023" in text and "### Second meeting, 10 May 2023" in text
    assert text.count("On that day the treaty had 113 States Parties") == 2
    assert "| States Parties | 111 | 113 | +2 |" in text
    assert "ATT/CSP9.WGTU/2023/CHAIR/…/Conf.Rep (number not recorded)" in text
    assert "charts: give --out FILE" in result.stderr


def test_the_us_communication_is_flagged_among_signatories(bundled: Dataset) -> None:
    names = localised_names(bundled.states.values(), "en")
    signatories = signatories_not_party(bundled, dt.date(2023, 7, 21), names)
    assert len(signatories) == 28
    flagged = [(s.state.iso3, s.renounced_on) for s in signatories if s.renounced_on]
    assert flagged == [("USA", dt.date(2019, 7, 18))]
    # Before the depositary received it, nothing to flag.
    earlier = signatories_not_party(bundled, dt.date(2019, 7, 17), names)
    assert not [s for s in earlier if s.renounced_on]


def test_regional_distribution_adds_up(bundled: Dataset) -> None:
    rows = distribution_by_group(bundled, dt.date(2022, 8, 26), dt.date(2023, 7, 21))
    assert [r.slug for r in rows][-1] == "no-regional-group"
    assert sum(r.members for r in rows) == 197
    assert sum(r.parties_now for r in rows) == 113 and sum(r.parties_then or 0 for r in rows) == 111
    changes = {r.slug: r.change for r in rows if r.change}
    assert changes == {"african": 1, "western-european-others": 1}  # Gabon, Andorra


def test_parties_per_year_is_a_running_total(bundled: Dataset) -> None:
    years = parties_per_year(bundled.states.values(), dt.date(2023, 7, 21))
    assert years[0].year == 2013 and years[-1].year == 2023 and years[-1].partial
    assert sum(y.joined for y in years) == years[-1].total == 113
    assert [(y.year, y.total) for y in years if y.year in (2014, 2022)] == [(2014, 61), (2022, 113)]
    assert not parties_per_year(bundled.states.values(), dt.date(2023, 12, 31))[-1].partial


def test_the_committed_report_is_current() -> None:
    result = run_cli("report", "--cycle", "csp9", "--out", str(COMMITTED), "--check", "--data", str(DATA))
    assert result.exit_code == 0, result.stderr
    assert "up to date" in result.stderr


# --- golden files: every audience × language × format, on the fixture ---------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_golden(fixture: Dataset, audience: str, lang: str, fmt: str) -> None:
    text, _ = _render(fixture, audience, lang, fmt, out=Path("report.md") if fmt == "markdown" else None)
    assert_golden(f"report/csp9.{audience}.{lang}.{SUFFIX[fmt]}", _without_svg(text))


# --- confidentiality --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("audience", ("public", "partners"))
def test_no_canary_reaches_public_or_partners(tmp_path: Path, audience: str, lang: str) -> None:
    for fmt in FORMATS:
        out = tmp_path / f"report.{SUFFIX[fmt]}"
        result = run_cli(
            "report",
            "--data",
            str(FIXTURE),
            "--cycle",
            "csp9",
            "--audience",
            audience,
            "--lang",
            lang,
            "--format",
            fmt,
            "--out",
            str(out),
        )
        assert result.exit_code == 0, result.stderr
    written = {path.name: path.read_text(encoding="utf-8") for path in tmp_path.iterdir()}
    assert sorted(written) == ["report-map.svg", "report-timeline.svg", "report.html", "report.md"]
    for name, text in written.items():
        leaked = [c for c in RESTRICTED_CANARIES if c.casefold() in text.casefold()]
        assert not leaked, f"{name} carries {leaked}"
        if audience == "public":
            assert not [c for c in PARTNERS_CANARIES if c in text], name
    # Partners see what is theirs to see; the public does not.
    if audience == "partners":
        assert "PARTNERS-CANARY-STEP" in written["report.md"]


def test_the_canaries_are_real_the_restricted_report_shows_them(fixture: Dataset) -> None:
    text, _ = _render(fixture, "restricted", "en", "markdown")
    assert "CANARY-PROCESS-SUMMARY" in text and "CANARY-PLAN-TITLE" in text and "PARTNERS-CANARY-STEP" in text
    assert "Restricted annex for the WGTU" in text


def test_the_guard_stops_a_public_report_that_would_leak(monkeypatch: pytest.MonkeyPatch) -> None:
    import att_univ.documents.report

    original = att_univ.documents.report.build_report_view

    def leaky(dataset: Dataset, cycle, **options):  # type: ignore[no-untyped-def]
        # A bug that builds the public view from the full dataset: the restricted steps and notes come along.
        view = original(load_ok(FIXTURE), cycle, **options)
        return dataclasses.replace(view, audience=dataset.audience, annex=None)

    monkeypatch.setattr(att_univ.documents.report, "build_report_view", leaky)
    for audience in ("public", "partners"):
        result = run_cli("report", "--data", str(FIXTURE), "--cycle", "csp9", "--audience", audience)
        assert result.exit_code == 4, result.stderr
        assert f"refused: this {audience} output would contain restricted information (states/COM: " in result.stderr
        assert "CANARY" not in result.stderr and result.stdout == ""


def test_public_and_partners_reports_have_no_annex_and_no_tiers(fixture: Dataset) -> None:
    for audience in ("public", "partners"):
        text, _ = _render(fixture, audience, "en", "markdown")
        assert "Restricted annex" not in text and "Tier 1" not in text and "RESTRICTED" not in text


# --- marks on every page ----------------------------------------------------------------------------


def test_restricted_markdown_is_marked_at_top_bottom_and_on_each_annex_section(fixture: Dataset) -> None:
    text, _ = _render(fixture, "restricted", "en", "markdown")
    notice = "**RESTRICTED — for the WGTU only: tiers, readiness and support advice are not for public discussion (CSP9).**"
    lines = text.strip().splitlines()
    assert lines[0] == notice and lines[-1] == notice
    annex = text[text.index("## Restricted annex") :]
    sections = annex.split("\n### ")
    assert len(sections) == 4 and all(notice in section for section in sections)


def test_restricted_html_repeats_its_mark_on_every_printed_page(fixture: Dataset) -> None:
    for lang in LANGUAGES:
        text, _ = _render(fixture, "restricted", lang, "html")
        assert text.startswith("<!-- ")
        # Browsers repeat a table's header and footer rows on every printed page.
        assert '<thead><tr><td><header class="audience-mark" role="note">' in text
        assert '<tfoot><tr><td><footer class="audience-mark" role="note">' in text
        assert "@page" in text and "table-header-group" in text


def test_partners_output_is_marked_not_for_publication(fixture: Dataset) -> None:
    text, _ = _render(fixture, "partners", "en", "markdown")
    assert text.startswith("**FOR PARTNERS") and text.rstrip().endswith("not for publication.**")
    public, _ = _render(fixture, "public", "en", "markdown")
    assert not public.startswith("**")


def test_an_edited_template_cannot_drop_the_restricted_mark(tmp_path: Path) -> None:
    original = (REPO / "templates" / "report.html.j2").read_text(encoding="utf-8")
    edited = original.replace('<footer class="audience-mark" role="note">{{ notice }}</footer>', "")
    edited = edited.replace('<p class="audience-mark">{{ notice }}</p>', "")
    (tmp_path / "report.html.j2").write_text(edited, encoding="utf-8")
    result = run_cli(
        "report",
        "--data",
        str(FIXTURE),
        "--cycle",
        "csp9",
        "--audience",
        "restricted",
        "--format",
        "html",
        "--templates",
        str(tmp_path),
    )
    assert result.exit_code == 1
    assert "must show the audience notice" in result.stderr


# --- hostile text renders literally ---------------------------------------------------------------


def test_hostile_text_in_a_public_note_renders_literally_in_markdown(fixture: Dataset) -> None:
    text, _ = _render(fixture, "public", "en", "markdown")
    row = next(line for line in text.splitlines() if line.startswith("| Comoros |"))
    # Three cells, whatever the note holds: no pipe or newline escapes its cell.
    assert len(re.findall(r"(?<!\\)\|", row)) == 4
    escaped_forms = (
        "\\| in a cell",
        "\\<b\\>bold\\</b\\>",
        "\\<!-- hidden comment --\\>",
        "\\<script\\>",
        "\\[click me\\](",
        "\\<https://evil.example/y\\>",
        "\\*stars\\*",
        "\\`tick\\`",
        "\\&amp;",
    )
    for escaped in escaped_forms:
        assert escaped in row, escaped
    assert "@\u2060octocat" in row and "@octocat" not in text
    assert not re.search(r"(?<!\\)<", text)  # no raw HTML anywhere: every < is escaped
    assert "@\u2060ATT-team" in text and "\\[friends\\](javascript:alert(1))" in text


def test_hostile_text_in_a_public_note_renders_literally_in_html(fixture: Dataset) -> None:
    for lang in LANGUAGES:
        text, _ = _render(fixture, "public", lang, "html")
        assert "<b>bold</b>" not in text and "<script>alert(1)</script>" not in text and "<!-- hidden" not in text
        assert "&lt;b&gt;bold&lt;/b&gt;" in text and "&lt;!-- hidden comment --&gt;" in text
        assert "&lt;i&gt;and&lt;/i&gt;" in text and 'href="javascript' not in text


def test_officers_narrative_is_escaped_too(fixture: Dataset) -> None:
    text, _ = _render(fixture, "public", "en", "markdown")
    assert "A point with a \\| pipe, a \\<tag\\> and an @\u2060mention" in text


# --- languages ---------------------------------------------------------------------------------------


def test_country_names_dates_and_numbers_follow_the_language(fixture: Dataset) -> None:
    texts = {lang: _render(fixture, "public", lang, "markdown")[0] for lang in LANGUAGES}
    assert "Republic of Korea" in texts["en"]  # the UN name, not CLDR's "South Korea"
    assert "Allemagne" in texts["fr"] and "21 juillet 2023" in texts["fr"]
    assert "Alemania" in texts["es"] and "21 de julio de 2023" in texts["es"]
    assert "ألمانيا" in texts["ar"] and "21 يوليو 2023" in texts["ar"]
    assert "le Gabon et l'Andorre" in texts["fr"] and "el Gabón y Andorra" in texts["es"]  # UNTERM articles
    assert "République de Corée" in texts["fr"] and "Corée du Sud" not in texts["fr"]  # UN names, not CLDR


def test_narrative_missing_in_a_language_falls_back_to_english_and_says_so(fixture: Dataset) -> None:
    fr, _ = _render(fixture, "public", "fr", "markdown")
    assert "The background, in English and Arabic only. *(disponible en anglais seulement)*" in fr
    assert "Le seul point de la deuxième réunion." in fr
    ar, _ = _render(fixture, "public", "ar", "markdown")
    assert "المعلومات الأساسية، بالإنكليزية والعربية فقط." in ar
    assert "A second point, in English only. *(متاح بالإنكليزية فقط)*" in ar
    html, _ = _render(fixture, "public", "ar", "html")
    assert '<span lang="en" dir="ltr">A second point, in English only.</span>' in html


def test_arabic_is_right_to_left(fixture: Dataset, tmp_path: Path) -> None:
    html, _ = _render(fixture, "public", "ar", "html")
    assert '<html lang="ar" dir="rtl">' in html
    _, charts = _render(fixture, "public", "ar", "markdown", out=tmp_path / "r.md")
    for svg in charts.values():
        assert 'direction="rtl"' in svg.split("\n", 1)[0]
    english, _ = _render(fixture, "public", "en", "html")
    assert '<html lang="en" dir="ltr">' in english


def test_arabic_lists_are_in_arabic_alphabetical_order(bundled: Dataset) -> None:
    names = list(localised_names(bundled.states.values(), "ar").values())
    # The article is not counted: الأرجنتين (Argentina) comes under أ, before بلجيكا (Belgium).
    assert names.index("الأرجنتين") < names.index("بلجيكا") < names.index("الجزائر") < names.index("زامبيا")


# --- charts ---------------------------------------------------------------------------------------------


def test_markdown_with_out_writes_the_charts_beside_it_and_links_them(fixture: Dataset, tmp_path: Path) -> None:
    out = tmp_path / "csp9.en.md"
    result = run_cli("report", "--data", str(FIXTURE), "--cycle", "csp9", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    map_path, timeline_path = chart_paths(out)
    assert (map_path.name, timeline_path.name) == ("csp9.en-map.svg", "csp9.en-timeline.svg")
    text = out.read_text(encoding="utf-8")
    assert "](csp9.en-map.svg)" in text and "](csp9.en-timeline.svg)" in text
    assert "```mermaid\nxychart-beta\n" in text and "bar [2, 3, 3, 4, 4, 4, 4, 4, 4, 7, 7]" in text
    world = ET.fromstring(map_path.read_text(encoding="utf-8"))
    ns = "{http://www.w3.org/2000/svg}"
    categories = {e.attrib["data-iso3"]: e.attrib.get("data-category") for e in world.iter() if "data-iso3" in e.attrib}
    assert categories["GAB"] == "party" and categories["COM"] == "signatory" and categories["IDN"] == "non-signatory"
    assert categories.get("FRA") is None  # not in the fixture: drawn in the neutral fill
    legend = {e.attrib["data-category"]: e.attrib["data-count"] for e in world.iter(f"{ns}g") if "data-count" in e.attrib}
    assert legend == {"party": "7", "signatory": "3", "non-signatory": "3"}
    timeline = timeline_path.read_text(encoding="utf-8")
    ET.fromstring(timeline)
    assert "States Parties (instrument deposited): 7 (2023-03-02)" not in timeline  # parties count from deposits
    assert "States Parties (instrument deposited): 7 (2022-12-02)" in timeline


def test_html_embeds_both_charts(fixture: Dataset) -> None:
    html, charts = _render(fixture, "public", "en", "html")
    assert charts == {}
    assert html.count("<svg ") == 2 and "The Arms Trade Treaty on 21 July 2023: States Parties and signatories" in html


# --- --check --------------------------------------------------------------------------------------------


def test_check_passes_on_a_fresh_report_and_fails_on_a_stale_one(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    args = ("report", "--data", str(FIXTURE), "--cycle", "csp9", "--out", str(out))
    missing = run_cli(*args, "--check")
    assert missing.exit_code == 1 and "is missing" in missing.stderr and not out.exists()
    assert run_cli(*args).exit_code == 0
    assert run_cli(*args, "--check").exit_code == 0
    out.write_text(out.read_text(encoding="utf-8").replace("Gabon and Andorra", "Gabon"), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    stale = run_cli(*args, "--check")
    assert stale.exit_code == 1
    assert "differs from a fresh rendering (2 lines changed)" in stale.stderr
    assert "-5. 2 states deposited an instrument after 26 August 2022 and on or before 21 July 2023: Gabon." in stale.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # --check never writes


def test_check_compares_the_charts_too(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    args = ("report", "--data", str(FIXTURE), "--cycle", "csp9", "--out", str(out))
    assert run_cli(*args).exit_code == 0
    chart_paths(out)[0].unlink()
    result = run_cli(*args, "--check")
    assert result.exit_code == 1 and "report-map.svg is missing" in result.stderr


# --- usage ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--cycle", "csp99"), "--cycle: no cycle 'csp99'; the dataset has csp8, csp9"),
        (("--cycle", "csp9", "--until", "2026-03-01"), "after the dataset's as-of date"),
        (("--cycle", "csp9", "--until", "21/07/2023"), "--until: '21/07/2023' is not a date written as YYYY-MM-DD"),
        (("--cycle", "csp9", "--since", "2023-07-21"), "the report would cover nothing"),
        (("--cycle", "csp9", "--lang", "xx"), "unknown language 'xx'"),
        (("--cycle", "csp9", "--lang", "de"), "no message catalogue for 'de'"),
        (("--cycle", "csp9", "--check"), "--check compares the report with a file: give it with --out"),
    ],
)
def test_usage_errors(args: tuple[str, ...], message: str) -> None:
    result = run_cli("report", "--data", str(FIXTURE), *args)
    assert result.exit_code == 2, result.stderr
    assert message in result.stderr


def test_without_cycle_the_report_is_on_the_cycle_closing_next_else_the_latest() -> None:
    result = run_cli("report", "--data", str(FIXTURE))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "# Arms Trade Treaty: Ninth Conference of States Parties (CSP9)"


def test_locale_filters_come_from_cldr(tmp_path: Path) -> None:
    from att_univ.documents.languages import format_day, format_list, format_percent
    from att_univ.documents.templating import render_template, template_values

    assert format_day(dt.date(2023, 1, 1), "fr") == "1er janvier 2023"
    assert format_day(dt.date(2023, 1, 2), "fr") == "2 janvier 2023"
    assert format_percent(0.527, "en_GB") == "53%" and format_percent(0.527, "fr").replace("\u00a0", " ") == "53 %"
    assert format_list(["Gabon", "Andorra", "Malawi"], "en_GB") == "Gabon, Andorra and Malawi"
    assert format_list(["Gabon", "Andorre"], "fr") == "Gabon et Andorre"
    strings = '{% set word = "States Parties" %}{% macro on(day) %}on {{ day | date }}{% endmacro %}'
    (tmp_path / "t.strings.j2").write_text(strings)
    values = template_values("t.strings.j2", templates=tmp_path, locale="en_GB")
    assert values["word"] == "States Parties" and str(values["on"](dt.date(2023, 7, 21))) == "on 21 July 2023"
    (tmp_path / "t.md.j2").write_text("{{ items | join_list }} {{ share | percent }}")
    assert render_template("t.md.j2", {"items": ["a", "b"], "share": 0.5}, templates=tmp_path, locale="es") == "a y b 50\u00a0%"


def test_a_since_of_ones_own_is_named_by_its_date() -> None:
    result = run_cli("report", "--data", str(FIXTURE), "--cycle", "csp9", "--since", "2022-10-01", "--until", "2023-06-30")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "| Figures as at | 30 June 2023, compared with 1 October 2022 |" in text
    assert "### States that joined after 1 October 2022" in text and "CSP8, 26 August 2022" not in text
    assert "1 state deposited an instrument after 1 October 2022 and on or before 30 June 2023: Andorra." in text
