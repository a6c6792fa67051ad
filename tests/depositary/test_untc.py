"""Tests for the UNTC status page parser and the depositary names table."""

from __future__ import annotations

import contextlib
import csv
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from att_univ.data.spellings import match_participant
from att_univ.depositary.page import (
    Instrument,
    StatusPage,
    Totals,
    UntcParseError,
    parse_status_file,
    parse_status_page,
)
from tests.support.untc_pages import PAGE_PATH, PAGE_TEXT, REFERENCE_CSV, names_table, read_page_text, replace_in_row, row_block

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "untc"
XML_PATH = FIXTURES / "XXVI-8.en.synthetic.xml"
# shared/reference/att-status.csv as at 2026-02-03: the independent reference for the page's rows.
STATES_WITH_DECLARATIONS = {"Belgium", "China", "Kazakhstan", "Liechtenstein", "New Zealand", "Switzerland"}
PROVISIONAL_APPLICATION_NOTE = re.compile(r"Art\.23 provisional application (\d{4}-\d{2}-\d{2})")


@pytest.fixture(scope="module")
def page_text() -> str:
    return read_page_text()


@pytest.fixture(scope="module")
def page() -> StatusPage:
    return parse_status_file(PAGE_PATH)


@pytest.fixture(scope="module")
def names() -> dict[str, str]:
    return names_table()


@pytest.fixture(scope="module")
def reference_rows() -> list[dict[str, str]]:
    with REFERENCE_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def optional_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def parse_text(text: str) -> StatusPage:
    return parse_status_page(text, "mutated.html")


# --- the real page ------------------------------------------------------------------------------


def test_real_page_counts_match_its_stated_totals_and_date(page: StatusPage) -> None:
    assert page.source_format == "html"
    assert page.mtdsg_no == "XXVI-8"
    assert page.as_of == date(2026, 2, 3)
    assert page.stated_totals == Totals(signatories=130, parties=117)
    assert page.computed_totals == Totals(signatories=130, parties=117)
    assert page.totals_agree is True
    assert len(page.participants) == 142
    assert page.has_provisional_application_column


def test_header_facts_and_rows_cite_their_source_lines(page: StatusPage, page_text: str) -> None:
    lines = page_text.split("\n")
    assert page.as_of_line == 763 and "STATUS AS AT : 03-02-2026" in lines[762]
    assert page.stated_totals_line == 860 and "Signatories :" in lines[859]
    assert page.participants[0].name == "Afghanistan" and page.participants[0].line == 972
    for row in page.participants:
        assert row.name in lines[row.line - 1], row
    for note in page.end_notes:
        assert f"<a name='{note.mark}'>" in lines[note.line - 1]


def test_every_participant_maps_to_a_distinct_iso3(page: StatusPage, names: dict[str, str]) -> None:
    unknown = [row.name for row in page.participants if match_participant(row.name, names) is None]
    assert unknown == []
    codes = [match_participant(row.name, names) for row in page.participants]
    assert len(set(codes)) == len(codes)


def test_odd_spellings_are_kept_as_printed(page: StatusPage, names: dict[str, str]) -> None:
    printed = {row.name for row in page.participants}
    for spelling, code in [
        ("Bahamas (The)", "BHS"),
        ("Czech Republic", "CZE"),
        ("Côte d'Ivoire", "CIV"),
        ("Netherlands (Kingdom of the)", "NLD"),
        ("St. Kitts and Nevis", "KNA"),
        ("St. Lucia", "LCA"),
        ("St. Vincent and the Grenadines", "VCT"),
        ("Türkiye", "TUR"),
    ]:
        assert spelling in printed
        assert match_participant(spelling, names) == code


def test_every_reference_row_agrees_with_the_page(
    page: StatusPage, names: dict[str, str], reference_rows: list[dict[str, str]]
) -> None:
    by_code = {match_participant(row.name, names): row for row in page.participants}
    for reference in reference_rows:
        row = by_code.pop(reference["iso3"], None)
        if not reference["signature_date"] and not reference["deposit_date"]:
            assert row is None, f"{reference['name']} has no signature or deposit but is on the page"
            continue
        assert row is not None, f"{reference['name']} is missing from the page"
        assert row.signature == optional_date(reference["signature_date"]), reference["name"]
        assert row.deposit == optional_date(reference["deposit_date"]), reference["name"]
        expected_instrument = Instrument(reference["instrument"]) if reference["instrument"] else None
        assert row.instrument == expected_instrument, reference["name"]
    assert by_code == {}, "page rows without a reference row"


def test_provisional_application_agrees_with_the_reference(
    page: StatusPage, names: dict[str, str], reference_rows: list[dict[str, str]]
) -> None:
    expected = {}
    for reference in reference_rows:
        note = PROVISIONAL_APPLICATION_NOTE.search(reference["source_notes"])
        if note:
            expected[reference["iso3"]] = date.fromisoformat(note.group(1))
    parsed = {
        match_participant(row.name, names): row.provisional_application
        for row in page.participants
        if row.provisional_application is not None
    }
    assert len(expected) == 22
    assert parsed == expected


def test_ecuador_is_not_on_the_page(page: StatusPage, names: dict[str, str]) -> None:
    assert all(match_participant(row.name, names) != "ECU" for row in page.participants)


def test_instrument_markers(page: StatusPage) -> None:
    assert page.participant("Afghanistan").deposit_marker == "a"
    assert page.participant("Denmark").instrument is Instrument.APPROVAL
    assert page.participant("Japan").instrument is Instrument.ACCEPTANCE
    assert page.participant("Gabon").instrument is Instrument.ACCEPTANCE
    assert page.participant("Albania").instrument is Instrument.RATIFICATION
    assert page.participant("Angola").instrument is None


def test_united_states_row_carries_its_2019_communication(page: StatusPage) -> None:
    united_states = page.participant("United States of America")
    assert united_states.signature == date(2013, 9, 25)
    assert united_states.deposit is None
    assert united_states.footnotes == ("3",)
    (note,) = united_states.end_notes
    assert "communication received on 18 July 2019" in note.text
    assert "does not intend to become a party" in note.text


def test_territorial_end_notes(page: StatusPage) -> None:
    denmark = page.participant("Denmark")
    assert denmark.footnotes == ("1",)
    assert "Faroe Islands and Greenland" in denmark.end_notes[0].text
    new_zealand = page.participant("New Zealand")
    assert new_zealand.footnotes == ("2",)
    assert "Tokelau" in new_zealand.end_notes[0].text
    assert page.unresolved_footnotes() == ()


def test_declarations_are_attached_to_the_rows_that_link_them(page: StatusPage) -> None:
    assert {declaration.participant for declaration in page.declarations} == STATES_WITH_DECLARATIONS
    linked = {row.name for row in page.participants if row.links_declaration}
    attached = {row.name for row in page.participants if row.declaration is not None}
    assert linked == attached == STATES_WITH_DECLARATIONS
    belgium = page.participant("Belgium").declaration
    assert belgium.text.splitlines()[:2] == ["7 June 2013", "Declaration:"]
    assert "Walloon Region" in belgium.text
    assert "Belgium" not in belgium.text, "the invisible repeat of the name is dropped"
    assert page.participant("New Zealand").declaration.footnotes == ("2",)
    assert "Hong Kong" in page.participant("China").declaration.text


# --- mutated copies of the page -----------------------------------------------------------------


def differing_rows(before: StatusPage, after: StatusPage) -> list[tuple[object, object]]:
    pairs = zip(before.participants, after.participants, strict=True)
    return [(old, new) for old, new in pairs if old != new]


def test_a_changed_date_changes_exactly_that_field(page: StatusPage, page_text: str) -> None:
    mutated = parse_text(replace_in_row(page_text, "Albania", "19 Mar\t 2014", "20 Mar\t 2014"))
    ((old, new),) = differing_rows(page, mutated)
    assert new == replace(old, deposit=date(2014, 3, 20))
    assert mutated.computed_totals == page.computed_totals


def test_a_removed_row_is_missing_and_totals_disagree(page: StatusPage, page_text: str) -> None:
    mutated = parse_text(page_text.replace(row_block(page_text, "Angola"), "", 1))
    assert [row.name for row in mutated.participants] == [row.name for row in page.participants if row.name != "Angola"]
    assert mutated.stated_totals == Totals(signatories=130, parties=117)
    assert mutated.computed_totals == Totals(signatories=129, parties=117)
    assert mutated.totals_agree is False


def test_a_new_accession_row_is_read(page: StatusPage, page_text: str, names: dict[str, str]) -> None:
    after = row_block(page_text, "Dominican Republic")
    new_row = (
        '\t<tr class="trBWhite">\r\n\t\t<td>Ecuador<br></td>\r\n\t\t<td>&nbsp;</td>\r\n'
        "\t\t<td>&nbsp;</td>\r\n\t\t<td>12 Feb\t 2026 a<br></td>\r\n\t</tr>\r\n"
    )
    mutated = parse_text(page_text.replace(after, after + new_row, 1))
    ecuador = mutated.participant("Ecuador")
    assert ecuador.deposit == date(2026, 2, 12)
    assert ecuador.instrument is Instrument.ACCESSION
    assert ecuador.signature is None
    assert match_participant(ecuador.name, names) == "ECU"
    assert ecuador.line == page.participant("El Salvador").line
    assert mutated.computed_totals == Totals(signatories=130, parties=118)
    assert mutated.totals_agree is False
    assert len(mutated.participants) == len(page.participants) + 1


def test_an_unknown_spelling_parses_but_does_not_match(page_text: str, names: dict[str, str]) -> None:
    mutated = parse_text(replace_in_row(page_text, "Türkiye", "Türkiye", "Turkiye"))
    unknown = [row.name for row in mutated.participants if match_participant(row.name, names) is None]
    assert unknown == ["Turkiye"]


@pytest.mark.parametrize(
    ("cut_before", "message"),
    [
        ("<td>Malaysia<br></td>", "ends inside the participant table"),
        ('<div id="divAll"', "ends before </html>"),
        ("<body", "no participant table found"),
    ],
)
def test_a_truncated_page_is_a_parse_error(page_text: str, cut_before: str, message: str) -> None:
    truncated = page_text[: page_text.index(cut_before)]
    with pytest.raises(UntcParseError, match=message) as raised:
        parse_text(truncated)
    if raised.value.line is not None:
        assert raised.value.line == truncated.count("\n") + 1


def test_unrelated_html_is_a_parse_error() -> None:
    unrelated = "<!DOCTYPE html>\n<html><body><h1>Weather</h1>\n<table><tr><td>Sunny</td></tr></table></body></html>\n"
    with pytest.raises(UntcParseError, match=r"no participant table found: is this the UNTC status page"):
        parse_text(unrelated)


@pytest.mark.parametrize("text", ["", "   \r\n\t"])
def test_an_empty_file_is_a_parse_error(text: str) -> None:
    with pytest.raises(UntcParseError, match="empty"):
        parse_text(text)


def test_an_impossible_date_names_its_line(page: StatusPage, page_text: str) -> None:
    mutated = replace_in_row(page_text, "Greece", "29 Feb\t 2016", "30 Feb\t 2016")
    expected = r"deposit date '30 Feb 2016' of 'Greece' is not a date"
    with pytest.raises(UntcParseError, match=expected) as raised:
        parse_text(mutated)
    assert raised.value.line == page.participant("Greece").line + 3


def test_an_unknown_instrument_mark_names_its_line(page: StatusPage, page_text: str) -> None:
    mutated = replace_in_row(page_text, "Gambia", "13 Jun\t 2024 a", "13 Jun\t 2024 d")
    with pytest.raises(UntcParseError, match=r"unknown instrument mark 'd'.*'Gambia'") as raised:
        parse_text(mutated)
    assert raised.value.line == page.participant("Gambia").line + 3
    assert str(raised.value).startswith(f"line {raised.value.line}: ")


def test_a_row_with_a_missing_cell_is_a_parse_error(page: StatusPage, page_text: str) -> None:
    mutated = replace_in_row(page_text, "Bahrain", "\t\t<td>&nbsp;</td>\r\n", "")
    with pytest.raises(UntcParseError, match="has 3 cells where the header has 4") as raised:
        parse_text(mutated)
    assert raised.value.line == page.participant("Bahrain").line - 1


def test_markup_that_html_parser_rejects_is_a_parse_error(page_text: str) -> None:
    with pytest.raises(UntcParseError, match="cannot be read"):
        parse_text(page_text.replace("<body", "<![foo[ x ]]><body", 1))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(min_value=0, max_value=len(PAGE_TEXT)), st.integers(min_value=0, max_value=len(PAGE_TEXT)))
def test_any_cut_of_the_page_parses_or_raises_the_typed_error(start: int, end: int) -> None:
    start, end = sorted((start, end))
    for text in (PAGE_TEXT[:start], PAGE_TEXT[:start] + PAGE_TEXT[end:]):
        with contextlib.suppress(UntcParseError):
            parse_text(text)


MARKUP_PIECES = [*"<>!/[]-?&#;='\" \n\rabtdrxl01", "<td>", "</table>", "<?xml "]


@settings(max_examples=300, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(MARKUP_PIECES)).map("".join))
def test_arbitrary_markup_parses_or_raises_the_typed_error(text: str) -> None:
    with contextlib.suppress(UntcParseError):
        parse_text(text)


# --- the chapter XML ------------------------------------------------------------------------------


def test_synthetic_chapter_xml(names: dict[str, str]) -> None:
    xml_page = parse_status_file(XML_PATH)
    lines = XML_PATH.read_bytes().decode("iso-8859-1").split("\n")
    assert xml_page.source_format == "xml"
    assert xml_page.stated_totals == Totals(signatories=130, parties=113)
    assert xml_page.computed_totals == Totals(signatories=7, parties=6)
    assert xml_page.totals_agree is False
    assert [row.name for row in xml_page.participants][4] == "Côte d'Ivoire"
    denmark = xml_page.participant("Denmark")
    assert denmark.footnotes == ("1",)
    assert denmark.instrument is Instrument.APPROVAL
    assert denmark.provisional_application == date(2014, 4, 2)
    assert xml_page.participant("Japan").instrument is Instrument.ACCEPTANCE
    assert xml_page.participant("Afghanistan").instrument is Instrument.ACCESSION
    assert xml_page.participant("United States of America").footnotes == ("3",)
    for row in xml_page.participants:
        assert row.name.split("'")[0] in lines[row.line - 1]
        assert match_participant(row.name, names) is not None


def xml_document(rows: str, status: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n<Document><Treaty>'
        f"<Header><ExternalData>{status}</ExternalData></Header>\n"
        "<Participants><Table><TGroup><Thead><Row><Entry>Participant</Entry><Entry>Signature</Entry>"
        "<Entry>Approval(AA), Acceptance(A), Accession(a), Ratification</Entry></Row></Thead>\n"
        f"<Tbody><Rows>\n{rows}\n</Rows></Tbody></TGroup></Table></Participants></Treaty></Document>\n"
    )


def test_xml_superscript_as_element_and_status_as_sentence() -> None:
    text = xml_document(
        "<Row><Entry>Denmark<superscript>1</superscript></Entry><Entry>3 Jun 2013</Entry><Entry/></Row>",
        status="<Status>Signatories : 1. Parties : 0</Status>",
    )
    xml_page = parse_status_page(text, "inline.xml")
    assert not xml_page.has_provisional_application_column
    (denmark,) = xml_page.participants
    assert (denmark.name, denmark.footnotes, denmark.line) == ("Denmark", ("1",), 5)
    assert xml_page.stated_totals == Totals(signatories=1, parties=0)
    assert xml_page.totals_agree is True


def test_truncated_xml_is_a_parse_error() -> None:
    text = XML_PATH.read_bytes().decode("iso-8859-1")
    truncated = text[: text.index("<Row><Entry>Japan")]
    with pytest.raises(UntcParseError, match="malformed or cut short") as raised:
        parse_status_page(truncated, "truncated.xml")
    assert raised.value.line == truncated.count("\n") + 1


def test_xml_without_participants_is_a_parse_error() -> None:
    with pytest.raises(UntcParseError, match="no <Participants> table found"):
        parse_status_page('<?xml version="1.0"?>\n<Document><Treaty/></Document>', "other.xml")


def test_xml_without_rows_is_a_parse_error() -> None:
    with pytest.raises(UntcParseError, match="header but no rows"):
        parse_status_page(xml_document(""), "empty.xml")


def test_a_file_in_the_wrong_encoding_is_a_parse_error(tmp_path: Path) -> None:
    text = read_page_text()
    latin1_html = tmp_path / "page.html"
    latin1_html.write_bytes(text.encode("utf-8").replace("Côte".encode(), "Côte".encode("latin-1")))
    with pytest.raises(UntcParseError, match="not valid utf-8") as raised:
        parse_status_file(latin1_html)
    assert raised.value.line == text[: text.index("Côte")].count("\n") + 1


# --- the depositary names table --------------------------------------------------------------------
