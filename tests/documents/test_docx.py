"""Word output: the CSP9 report and the plan as .docx, opened with python-docx and checked against the dataset.

Expectations come from the dataset's YAML files (read with PyYAML, not attu's loader) and from
the Markdown attu renders for the same report, since the .docx is built from that Markdown.
One .docx is converted to PDF by LibreOffice, to show that an office suite opens it.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn

from att_univ.core.errors import RefusedError
from att_univ.core.wording import RESTRICTED_ADVICE_NOTICE
from att_univ.documents import docx as word
from tests.conftest import DATA, run_cli

CSP8_CLOSE = dt.date(2022, 8, 26)
CSP9_CUTOFF = dt.date(2023, 7, 21)
ARABIC = re.compile("[\u0600-\u06ff]")
MONTHS = ("January", "February", "March", "April", "May", "June", "July")
MONTHS += ("August", "September", "October", "November", "December")
NEEDS_RSVG = pytest.mark.skipif(shutil.which("rsvg-convert") is None and not os.environ.get("CI"), reason="no rsvg-convert")


def _long(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The CSP9 report in English for the public and in Arabic for the WGTU, as .docx and as Markdown."""
    folder = tmp_path_factory.mktemp("docx")
    files = {}
    for key, args in {
        "en": ["--lang", "en"],
        "ar": ["--lang", "ar", "--audience", "restricted"],
    }.items():
        for fmt, suffix in (("docx", "docx"), ("markdown", "md")):
            out = folder / f"{key}.{suffix}"
            result = run_cli("report", "--cycle", "csp9", *args, "--format", fmt, "--out", str(out))
            assert result.exit_code == 0, result.stderr
            files[f"{key}.{suffix}"] = out
    return files


def _body_paragraphs(document: Any) -> list[Any]:
    return list(document.paragraphs)


def _numbers(document: Any) -> list[tuple[int, str]]:
    """The number Word shows before each numbered paragraph, computed from numbering.xml as Word does."""
    numbering = document.part.numbering_part.element
    starts = {}
    for num in numbering.findall(qn("w:num")):
        override = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        starts[num.get(qn("w:numId"))] = int(override.get(qn("w:val"))) if override is not None else 1
    counters: dict[str, int] = {}
    shown = []
    for paragraph in document.paragraphs:
        num_id = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num_id is None:
            continue
        key = num_id.get(qn("w:val"))
        counters[key] = counters.get(key, starts[key] - 1) + 1
        shown.append((counters[key], paragraph.text))
    return shown


def _markdown_numbers(markdown: str) -> list[tuple[int, str]]:
    return [(int(m.group(1)), m.group(2)) for m in re.finditer(r"^(\d+)\. (.*)$", markdown, re.M)]


@NEEDS_RSVG
def test_headings_are_the_markdowns_in_order(rendered: dict[str, Path]) -> None:
    markdown = rendered["en.md"].read_text(encoding="utf-8")
    expected = [(len(m.group(1)), m.group(2).replace("*", "")) for m in re.finditer(r"^(#+) (.*)$", markdown, re.M)]
    document = Document(str(rendered["en.docx"]))
    headings = [(int(p.style.name.split()[-1]), p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == expected
    assert headings[0] == (1, "Arms Trade Treaty: Ninth Conference of States Parties (CSP9)")
    assert (2, "I. Introduction") in headings


@NEEDS_RSVG
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_paragraphs_are_numbered_by_word_as_the_report_numbers_them(rendered: dict[str, Path], lang: str) -> None:
    markdown = rendered[f"{lang}.md"].read_text(encoding="utf-8")
    expected = _markdown_numbers(markdown)
    shown = _numbers(Document(str(rendered[f"{lang}.docx"])))
    assert [n for n, _ in shown] == [n for n, _ in expected]
    assert [text[:40] for _, text in shown] == [re.sub(r"[*`]", "", text)[:40] for _, text in expected]
    numbers = [n for n, _ in shown]
    assert numbers[:5] == [1, 2, 3, 4, 5]  # the body runs on across headings
    assert 1 in numbers[5:]  # and Annex A starts again at 1


def _states() -> list[dict[str, Any]]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((DATA / "states").glob("*.yaml"))]


def _table_with(document: Any, header: str) -> Any:
    return next(t for t in document.tables if t.rows[0].cells[0].text == header and len(t.columns) == 4)


@NEEDS_RSVG
def test_table_of_states_that_joined_holds_the_datasets_deposits(rendered: dict[str, Path]) -> None:
    joined = sorted(
        (s["treaty"]["deposit"]["date"], s["name"], s["treaty"]["deposit"]["instrument"])
        for s in _states()
        if (s.get("treaty") or {}).get("deposit") and CSP8_CLOSE < s["treaty"]["deposit"]["date"] <= CSP9_CUTOFF
    )
    assert joined, "the dataset should record states joining between CSP8 and the CSP9 report"
    document = Document(str(rendered["en.docx"]))
    table = _table_with(document, "State")
    assert [c.text for c in table.rows[0].cells] == ["State", "Deposited on", "Instrument", "Treaty in force for the state from"]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [(r[1], r[0], r[2]) for r in rows] == [(_long(d), name, instrument) for d, name, instrument in joined]
    header = table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
    assert header is not None, "the header row repeats on each page"


@NEEDS_RSVG
def test_signatories_table_lists_every_signatory_not_yet_party(rendered: dict[str, Path]) -> None:
    expected = sorted(
        s["name"]
        for s in _states()
        if (t := s.get("treaty") or {}).get("signature")
        and t["signature"]["date"] <= CSP9_CUTOFF
        and not (t.get("deposit") and t["deposit"]["date"] <= CSP9_CUTOFF)
    )
    document = Document(str(rendered["en.docx"]))
    table = next(t for t in document.tables if [c.text for c in t.rows[0].cells] == ["State", "Signed on", "Remarks"])
    assert sorted(row.cells[0].text for row in table.rows[1:]) == expected


@NEEDS_RSVG
def test_the_audience_mark_is_in_every_pages_header_and_footer(rendered: dict[str, Path]) -> None:
    document = Document(str(rendered["ar.docx"]))
    markdown = rendered["ar.md"].read_text(encoding="utf-8")
    notice = markdown.splitlines()[0].strip("*")
    assert notice.startswith("مقيَّد")
    for section in document.sections:
        assert notice in [p.text for p in section.header.paragraphs]
        assert notice in [p.text for p in section.footer.paragraphs]
        assert not section.different_first_page_header_footer
    assert notice not in [p.text for p in document.paragraphs], "the mark is in the header and footer, not the body"
    public = Document(str(rendered["en.docx"]))
    assert all("RESTRICTED" not in p.text for p in public.sections[0].header.paragraphs)
    assert "ATT/CSP9.WGTU/2023/CHAIR/…/Conf.Rep" in [p.text for p in public.sections[0].header.paragraphs]


@NEEDS_RSVG
def test_the_first_page_gives_symbol_date_and_original_language(rendered: dict[str, Path]) -> None:
    lines = [p.text for p in Document(str(rendered["en.docx"])).paragraphs[:3]]
    assert lines == ["ATT/CSP9.WGTU/2023/CHAIR/…/Conf.Rep", "21 July 2023", "Original: English"]
    arabic = [p.text for p in Document(str(rendered["ar.docx"])).paragraphs[:3]]
    assert arabic[2] == "الأصل: الإنجليزية"


@NEEDS_RSVG
def test_arabic_is_right_to_left_paragraphs_runs_tables_and_section(rendered: dict[str, Path]) -> None:
    document = Document(str(rendered["ar.docx"]))
    body = document.element.body
    paragraphs = list(body.iter(qn("w:p")))
    assert paragraphs and all(p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None for p in paragraphs)
    tables = list(body.iter(qn("w:tbl")))
    assert tables and all(t.find(f"{qn('w:tblPr')}/{qn('w:bidiVisual')}") is not None for t in tables)
    arabic_runs = [r for r in body.iter(qn("w:r")) if ARABIC.search("".join(t.text or "" for t in r.iter(qn("w:t"))))]
    assert arabic_runs and all(r.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is not None for r in arabic_runs)
    assert body.find(f"{qn('w:sectPr')}/{qn('w:bidi')}") is not None
    english = Document(str(rendered["en.docx"])).element.body
    assert not list(english.iter(qn("w:bidi"))), "left-to-right documents carry no right-to-left settings"


@NEEDS_RSVG
def test_charts_are_pictures_with_their_titles_as_descriptions(rendered: dict[str, Path]) -> None:
    document = Document(str(rendered["en.docx"]))
    pictures = document.inline_shapes
    assert len(pictures) == 2  # the timeline where the Markdown has its diagram, and the map
    descriptions = [shape._inline.docPr.get("descr") for shape in pictures]
    assert "The Arms Trade Treaty on 21 July 2023: States Parties and signatories" in descriptions
    with zipfile.ZipFile(rendered["en.docx"]) as package:
        images = [n for n in package.namelist() if n.startswith("word/media/")]
        assert len(images) == 2 and all(package.read(n)[:8] == b"\x89PNG\r\n\x1a\n" for n in images)
        document_xml = package.read("word/document.xml").decode()
    # "Charts as SVG files: [map](…)": in Word, links to the charts drawn in the document itself.
    assert 'w:anchor="figure_1"' in document_xml and 'w:name="figure_1"' in document_xml


def test_links_become_hyperlinks_and_fonts_have_alternatives() -> None:
    paper = word.WorkingPaper(
        markdown="# Sources\n\n- [UNTC status](https://treaties.un.org/status)\n- Control Arms: https://controlarms.org/csp/.\n",
        lang="fr",
        rtl=False,
        notice="",
    )
    payload = word.docx_bytes(paper)
    document = Document(io.BytesIO(payload))
    targets = {rel.target_ref for rel in document.part.rels.values() if rel.reltype.endswith("/hyperlink")}
    assert targets == {"https://treaties.un.org/status", "https://controlarms.org/csp/"}
    assert [p.text for p in document.paragraphs if p.text] == [
        "Sources",
        "UNTC status",
        "Control Arms: https://controlarms.org/csp/.",
    ]
    with zipfile.ZipFile(io.BytesIO(payload)) as package:
        fonts = package.read("word/fontTable.xml").decode()
        styles = package.read("word/styles.xml").decode()
    alternatives = {"Times New Roman": "Liberation Serif", "Simplified Arabic": "Noto Naskh Arabic"}
    alternatives["SimSun"] = "Noto Serif CJK SC"
    for font, alternative in alternatives.items():
        assert re.search(rf'w:name="{font}">\s*<w:altName w:val="{alternative}"', fonts), font
    assert 'w:ascii="Times New Roman"' in styles and 'w:cs="Simplified Arabic"' in styles and 'w:val="fr-FR"' in styles
    assert "Calibri" not in styles.split("<w:docDefaults>")[1].split("</w:docDefaults>")[0]


def test_the_same_paper_gives_the_same_bytes() -> None:
    paper = word.WorkingPaper(markdown="# A\n\n1. One.\n\n2. Two.\n", lang="en", rtl=False, notice="RESTRICTED")
    assert word.docx_bytes(paper) == word.docx_bytes(paper)


def test_without_rsvg_convert_word_output_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(word.shutil, "which", lambda name: None)
    with pytest.raises(RefusedError, match="librsvg2-bin"):
        word.svg_to_png("<svg xmlns='http://www.w3.org/2000/svg'/>")


def test_a_plan_as_docx_is_restricted_on_every_page(tmp_path: Path) -> None:
    out = tmp_path / "plan.docx"
    result = run_cli("plan", "--format", "docx", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert RESTRICTED_ADVICE_NOTICE in result.stderr
    document = Document(str(out))
    assert RESTRICTED_ADVICE_NOTICE in [p.text for p in document.sections[0].header.paragraphs]
    assert RESTRICTED_ADVICE_NOTICE in [p.text for p in document.sections[0].footer.paragraphs]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Universalization plan of the CSP9 cycle: Asia-Pacific (example of the format)"]
    assert [n for n, _ in _numbers(document)] == [1, 2, 3, 4, 5, 6]  # the objectives
    progress = next(t for t in document.tables if t.rows[0].cells[1].text == "25 August 2023")
    assert progress.rows[1].cells[0].text == "States Parties"


def test_a_plan_as_docx_in_arabic_is_right_to_left_in_the_catalogues_words(tmp_path: Path) -> None:
    from att_univ.documents.languages import translations

    out = tmp_path / "plan.docx"
    result = run_cli("plan", "--format", "docx", "--lang", "ar", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    arabic = translations("ar")
    notice = arabic.gettext(RESTRICTED_ADVICE_NOTICE)
    document = Document(str(out))
    for section in document.sections:
        assert notice in [p.text for p in section.header.paragraphs]
        assert notice in [p.text for p in section.footer.paragraphs]
    assert [p.text for p in document.paragraphs[:2]][1] == "الأصل: الإنجليزية"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert arabic.gettext("Objectives") in headings and arabic.gettext("Asia-Pacific Group") in headings
    body = document.element.body
    assert all(p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None for p in body.iter(qn("w:p")))
    tables = list(body.iter(qn("w:tbl")))
    assert tables and all(t.find(f"{qn('w:tblPr')}/{qn('w:bidiVisual')}") is not None for t in tables)
    tier_one = next(t for t in document.tables if t.rows[0].cells[0].text == arabic.gettext("Rank"))
    assert [c.text for c in tier_one.rows[0].cells] == [
        arabic.gettext(h) for h in ("Rank", "State", "Treaty status", "Next support step")
    ]
    un_arabic = {str(states["names"]["ar"]) for states in _state_files()}
    named = [row.cells[1].text for row in tier_one.rows[1:]]  # the UN's Arabic names, from the state files (then any flag)
    assert named and all(any(cell == n or cell.startswith(f"{n} (") for n in un_arabic) for cell in named), named


def _state_files() -> list[dict[str, Any]]:
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((DATA / "states").glob("*.yaml"))]


def test_docx_is_not_written_to_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from att_univ.cli.common import write_word_file
    from att_univ.core.errors import UsageError

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    with pytest.raises(UsageError, match=r"--out FILE\.docx"):
        write_word_file(lambda target: pytest.fail("nothing is rendered"), None, check=False)


@NEEDS_RSVG
def test_libreoffice_opens_the_report(rendered: dict[str, Path], tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install LibreOffice Writer (.ci/run: libreoffice-writer) to check the .docx opens")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer)")
    profile = tmp_path / "profile"  # a profile of its own, so that a running LibreOffice or another test does not interfere
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(rendered["ar.docx"]),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    pdf = tmp_path / "ar.pdf"
    assert result.returncode == 0 and pdf.is_file(), result.stderr
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", content)) >= 5  # a real document, pages and all


@NEEDS_RSVG
def test_check_finds_a_docx_current_and_then_stale(rendered: dict[str, Path], tmp_path: Path) -> None:
    copy = tmp_path / "en.docx"
    copy.write_bytes(rendered["en.docx"].read_bytes())
    current = run_cli("report", "--cycle", "csp9", "--format", "docx", "--out", str(copy), "--check")
    assert current.exit_code == 0, current.stderr
    stale = run_cli("report", "--cycle", "csp9", "--format", "docx", "--out", str(copy), "--check", "--until", "2023-06-01")
    assert stale.exit_code == 1 and "differs from a fresh rendering" in stale.stderr
    assert copy.read_bytes() == rendered["en.docx"].read_bytes(), "--check writes nothing"
