"""`att_univ.depositary.reconcile`: the real page against the bundled dataset, and mutated copies of the page."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from att_univ.data.dataset import Dataset
from att_univ.data.loader import load_dataset
from att_univ.data.models.state import DEPOSITARY_FINDINGS
from att_univ.depositary.page import StatusPage, Totals, parse_status_file, parse_status_page
from att_univ.depositary.reconcile import Finding, Reconciliation, TreatyEdit, last_reconciled, long_date, reconcile
from tests.conftest import DATA
from tests.support.untc_pages import (
    PAGE_PATH,
    PAGE_TEXT,
    replace_in_row,
    row_block,
    with_new_accession_of_ecuador,
    with_status_as_at,
    with_totals,
)


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    loaded = load_dataset(DATA)
    assert loaded.ok and loaded.dataset is not None
    return loaded.dataset


@pytest.fixture(scope="module")
def page() -> StatusPage:
    return parse_status_file(PAGE_PATH)


@pytest.fixture(scope="module")
def clean(page: StatusPage, dataset: Dataset) -> Reconciliation:
    return reconcile(page, dataset)


# --- helpers that mutate the saved page as the depositary would -------------------------------------


def check(text: str, dataset: Dataset) -> Reconciliation:
    return reconcile(parse_status_page(text, "mutated.html"), dataset)


def discrepancies(result: Reconciliation) -> list[Finding]:
    return [finding for finding in result.findings if finding.is_discrepancy]


def only_discrepancy(result: Reconciliation) -> Finding:
    (finding,) = discrepancies(result)
    return finding


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# --- the real page ---------------------------------------------------------------------------------


def test_the_real_page_agrees_with_the_bundled_dataset(clean: Reconciliation) -> None:
    assert discrepancies(clean) == []
    assert clean.agrees
    assert clean.as_of == dt.date(2026, 2, 3)
    assert clean.participants == 142


def test_the_page_totals_are_confirmed_from_its_rows(clean: Reconciliation) -> None:
    assert clean.stated_totals == Totals(signatories=130, parties=117)
    assert clean.computed_totals == Totals(signatories=130, parties=117)
    assert clean.totals_agree is True
    assert clean.dataset_totals == Totals(signatories=130, parties=117)
    assert clean.stated_totals_line == 860


def test_ecuador_is_an_explained_exception(clean: Reconciliation) -> None:
    (finding,) = clean.findings
    assert (finding.code, finding.severity, finding.iso3) == ("awaiting-deposit", "info", "ECU")
    assert "domestic process complete on 23 January 2026" in finding.message
    assert finding.file == "data/states/ecu.yaml" or finding.file.endswith("data/states/ecu.yaml")
    assert finding.edits == ()


def test_the_real_notes_and_declarations_are_all_recorded(page: StatusPage, clean: Reconciliation) -> None:
    # The United States' 2019 communication, Denmark's and New Zealand's territorial notes and the six
    # declarations are on the page; none is reported as missing, so each is recorded in the dataset.
    assert len(page.end_notes) == 3 and len(page.declarations) == 6
    assert not [f for f in clean.findings if f.code.startswith(("declaration", "intent", "footnote"))]


def test_no_edits_are_proposed_for_the_real_page(clean: Reconciliation) -> None:
    assert clean.edits == ()
    assert clean.blocking == ()


# --- one mutation, one finding ---------------------------------------------------------------------


def test_a_changed_deposit_date(dataset: Dataset, page: StatusPage) -> None:
    result = check(replace_in_row(PAGE_TEXT, "Albania", "19 Mar\t 2014", "20 Mar\t 2014"), dataset)
    finding = only_discrepancy(result)
    assert (finding.code, finding.severity, finding.iso3) == ("deposit-differs", "error", "ALB")
    assert (finding.expected, finding.found) == ("2014-03-20", "2014-03-19")
    assert finding.page_line == page.participant("Albania").line
    assert finding.message == "deposit date differs: the page gives 20 March 2014, the dataset 19 March 2014"
    assert finding.file_line == 27  # `date:` of the deposit in states/alb.yaml
    assert finding.edits == (TreatyEdit("ALB", "deposit", dt.date(2014, 3, 20), "ratification"),)


def test_a_changed_signature_date(dataset: Dataset) -> None:
    finding = only_discrepancy(check(replace_in_row(PAGE_TEXT, "Angola", "24 Sep\t 2013", "25 Sep\t 2013"), dataset))
    assert (finding.code, finding.iso3, finding.expected, finding.found) == (
        "signature-differs",
        "AGO",
        "2013-09-25",
        "2013-09-24",
    )


def test_a_removed_row(dataset: Dataset, page: StatusPage) -> None:
    text = with_totals(PAGE_TEXT.replace(row_block(PAGE_TEXT, "Angola"), "", 1), 129, 117)
    finding = only_discrepancy(check(text, dataset))
    assert (finding.code, finding.severity, finding.iso3) == ("participant-not-on-page", "error", "AGO")
    assert finding.page_line is None
    assert finding.message == "the dataset records a signature of 24 September 2013, but the page has no row for Angola"
    assert finding.edits == ()  # removing a fact needs a person


def test_a_removed_row_without_new_totals_is_also_a_totals_error(dataset: Dataset) -> None:
    result = check(PAGE_TEXT.replace(row_block(PAGE_TEXT, "Angola"), "", 1), dataset)
    assert sorted(f.code for f in discrepancies(result)) == ["participant-not-on-page", "totals-disagree"]
    totals = next(f for f in result.findings if f.code == "totals-disagree")
    assert (totals.expected, totals.found, totals.page_line) == (
        "130 signatories and 117 parties",
        "129 signatories and 117 parties",
        860,
    )
    assert result.blocking == (totals,)


def test_a_new_accession(dataset: Dataset) -> None:
    text = with_new_accession_of_ecuador(PAGE_TEXT)
    result = check(text, dataset)
    finding = only_discrepancy(result)
    assert (finding.code, finding.severity, finding.iso3) == ("participant-missing", "error", "ECU")
    assert finding.page_line == line_of(text, "<td>Ecuador<br></td>")
    assert "accession deposited on 12 February 2026" in finding.message
    assert finding.edits == (TreatyEdit("ECU", "deposit", dt.date(2026, 2, 12), "accession"),)
    assert [f.code for f in result.findings] == ["participant-missing"]  # no longer "awaiting deposit"


def test_an_unknown_spelling_is_an_error_that_names_it(dataset: Dataset) -> None:
    text = replace_in_row(PAGE_TEXT, "Türkiye", "Türkiye", "Turkiye")
    result = check(text, dataset)
    finding = only_discrepancy(result)
    assert (finding.code, finding.severity, finding.iso3, finding.state) == ("unknown-participant", "error", None, "Turkiye")
    assert finding.message.startswith("the page lists 'Turkiye', a spelling that depositary-names.yaml does not know")
    # No guess: the states left without a row are named, and none is matched to the spelling.
    assert finding.message.endswith("the dataset's participants without a matched row on this page: Türkiye (TUR)")
    assert finding.page_line == line_of(text, "<td>Turkiye<br></td>")
    assert result.blocking == (finding,)


def test_a_changed_instrument_marker(dataset: Dataset) -> None:
    finding = only_discrepancy(check(replace_in_row(PAGE_TEXT, "Japan", "9 May\t 2014 A<br>", "9 May\t 2014 AA<br>"), dataset))
    assert (finding.code, finding.iso3, finding.expected, finding.found) == (
        "instrument-differs",
        "JPN",
        "approval",
        "acceptance",
    )
    assert "marked 'AA'" in finding.message
    assert finding.edits == (TreatyEdit("JPN", "deposit", dt.date(2014, 5, 9), "approval"),)


def test_a_ratification_shown_as_accession(dataset: Dataset) -> None:
    finding = only_discrepancy(check(replace_in_row(PAGE_TEXT, "Vanuatu", "5 Sep\t 2025 <br>", "5 Sep\t 2025 a<br>"), dataset))
    assert (finding.code, finding.expected, finding.found) == ("instrument-differs", "accession", "ratification")


def test_a_footnote_without_an_end_note(dataset: Dataset) -> None:
    mark = "<td>Albania <SUP><A onclick='ShowNoteAll()' href='#9' class='noteIndex'>9</A> </SUP><br></td>"
    text = PAGE_TEXT.replace("<td>Albania<br></td>", mark, 1)
    finding = only_discrepancy(check(text, dataset))
    assert (finding.code, finding.severity, finding.iso3, finding.expected) == ("footnote-unexplained", "warning", "ALB", "9")


def test_a_new_end_note_the_dataset_lacks(dataset: Dataset) -> None:
    mark = "<td>Albania <SUP><A onclick='ShowNoteAll()' href='#4' class='noteIndex'>4</A> </SUP><br></td>"
    note = (
        "<div class=\"divNotesAll\"><a name='4'>4</a> Upon its Ratification of the Treaty, the Government of Albania "
        "notified the Secretary-General of the following: (a territorial note).</div>\n"
    )
    anchor = '<div id="ctl00_ctl00_ContentPlaceHolder1_ContentPlaceHolderInnerPage_dgNotesAll_ctl04_divNote"></div>'
    text = PAGE_TEXT.replace("<td>Albania<br></td>", mark, 1).replace(anchor, note + anchor, 1)
    finding = only_discrepancy(check(text, dataset))
    assert (finding.code, finding.severity, finding.iso3) == ("declaration-missing", "warning", "ALB")
    assert finding.page_line == line_of(text, "<a name='4'>")
    assert (finding.expected, finding.found) == ("1", "0")


def test_the_united_states_note_removed_from_the_page(dataset: Dataset) -> None:
    mark = "<td>United States of America <SUP><A onclick='ShowNoteAll()' href='#3' class='noteIndex'>3</A> </SUP><br></td>"
    assert mark in PAGE_TEXT
    text = PAGE_TEXT.replace(mark, "<td>United States of America<br></td>", 1)
    finding = only_discrepancy(check(text, dataset))
    assert (finding.code, finding.severity, finding.iso3) == ("intent-not-on-page", "warning", "USA")


def test_the_united_states_communication_with_another_date(dataset: Dataset) -> None:
    text = PAGE_TEXT.replace("communication received on 18 July 2019", "communication received on 19 July 2019", 1)
    finding = only_discrepancy(check(text, dataset))
    assert (finding.code, finding.severity, finding.expected, finding.found) == (
        "intent-differs",
        "error",
        "2019-07-19",
        "2019-07-18",
    )
    assert finding.page_line == line_of(text, "<a name='3'>")


def test_a_changed_provisional_application_date(dataset: Dataset) -> None:
    text = replace_in_row(PAGE_TEXT, "Germany", "2 Apr\t 2014 n", "3 Apr\t 2014 n")
    finding = only_discrepancy(check(text, dataset))
    assert (finding.code, finding.iso3, finding.expected, finding.found) == (
        "provisional-application-differs",
        "DEU",
        "2014-04-03",
        "2014-04-02",
    )
    assert finding.edits == (TreatyEdit("DEU", "provisional_application", dt.date(2014, 4, 3)),)


def test_a_new_declaration_of_provisional_application(dataset: Dataset) -> None:
    text = replace_in_row(PAGE_TEXT, "Albania", "<td>&nbsp;</td>", "<td> &nbsp;1 Feb\t 2026 n<br></td>")
    finding = only_discrepancy(check(text, dataset))
    assert (finding.code, finding.iso3, finding.expected, finding.found) == (
        "provisional-application-missing",
        "ALB",
        "2026-02-01",
        None,
    )


def test_a_declaration_removed_from_the_page(dataset: Dataset, page: StatusPage) -> None:
    belgium = page.participant("Belgium").declaration
    assert belgium is not None
    text = PAGE_TEXT.replace("<td><a href='#EndDec'>Belgium</a>", "<td>Belgium", 1)
    lines = text.split("\n")
    # Drop the Belgian entry of the declarations section (its heading and its text).
    heading = belgium.line - 1
    assert "heading-two" in lines[heading]
    end = next(i for i in range(heading + 1, len(lines)) if "heading-two" in lines[i])
    text = "\n".join(lines[:heading] + lines[end:])
    finding = only_discrepancy(check(text, dataset))
    assert (finding.code, finding.severity, finding.iso3, finding.expected, finding.found) == (
        "declaration-not-on-page",
        "warning",
        "BEL",
        "0",
        "1",
    )


def test_an_older_spelling_is_information(dataset: Dataset) -> None:
    result = check(replace_in_row(PAGE_TEXT, "Czech Republic", "Czech Republic", "Czechia"), dataset)
    assert result.agrees
    finding = next(f for f in result.findings if f.code == "name-differs")
    assert (finding.iso3, finding.expected, finding.found) == ("CZE", "Czechia", "Czech Republic")


def test_an_older_page_reports_later_facts_as_information(dataset: Dataset) -> None:
    text = replace_in_row(PAGE_TEXT, "Vanuatu", " &nbsp;5 Sep\t 2025 <br>", "&nbsp;")
    text = with_totals(with_status_as_at(text, dt.date(2025, 6, 1)), 130, 116)
    result = check(text, dataset)
    assert result.agrees, discrepancies(result)
    codes = {(f.code, f.iso3) for f in result.findings}
    assert ("older-page", None) in codes
    assert ("after-page-date", "VUT") in codes
    assert result.dataset_totals == Totals(signatories=130, parties=116)


def test_the_page_without_totals_or_date(dataset: Dataset) -> None:
    text = PAGE_TEXT.replace("STATUS AS AT : 03-02-2026", "", 1)
    text = re.sub(r"Signatories :\s*\d+", "", text, count=1)
    result = check(text, dataset)
    assert sorted(f.code for f in discrepancies(result)) == ["as-of-missing", "totals-missing"]
    assert {f.severity for f in discrepancies(result)} == {"warning"}


# --- exceptions recorded in the dataset ------------------------------------------------------------


@pytest.fixture
def dataset_with_albania_exception(tmp_path: Path) -> Dataset:
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    path = root / "states" / "alb.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "  depositary_exceptions:\n"
        + "    - finding: deposit-differs\n"
        + "      reason: The depositary's date is a known misprint; the instrument is dated 19 March 2014.\n"
        + "      sources: [unts-52373]\n",
        encoding="utf-8",
    )
    loaded = load_dataset(root)
    assert loaded.ok, loaded.problems
    assert loaded.dataset is not None
    return loaded.dataset


def test_a_recorded_exception_turns_the_difference_into_information(dataset_with_albania_exception: Dataset) -> None:
    result = check(replace_in_row(PAGE_TEXT, "Albania", "19 Mar\t 2014", "20 Mar\t 2014"), dataset_with_albania_exception)
    assert result.agrees
    finding = next(f for f in result.findings if f.iso3 == "ALB")
    assert (finding.code, finding.severity) == ("deposit-differs", "info")
    assert finding.explained_by is not None and "known misprint" in finding.explained_by
    assert finding.edits == () and result.edits == ()


def test_an_exception_the_page_no_longer_needs(dataset_with_albania_exception: Dataset, page: StatusPage) -> None:
    result = reconcile(page, dataset_with_albania_exception)
    assert result.agrees
    finding = next(f for f in result.findings if f.iso3 == "ALB")
    assert (finding.code, finding.severity) == ("exception-unused", "info")
    assert finding.file is not None and finding.file.endswith("states/alb.yaml")


def test_every_state_finding_can_be_explained() -> None:
    # A DepositaryException may name exactly the discrepancies reconcile can find for a state.
    # Every code a state's finding can carry is either one the model lets a file explain, or information.
    import re

    from att_univ.depositary import reconcile as module
    from att_univ.depositary.reconcile import STATE_INFO_CODES

    assert not set(STATE_INFO_CODES) & set(DEPOSITARY_FINDINGS)
    source = Path(module.__file__).read_text(encoding="utf-8")
    state_codes = set(
        re.findall(
            r'"((?:participant|signature|deposit|instrument|provisional-application|declaration|intent|footnote)-[a-z-]+)"',
            source,
        )
    )
    assert state_codes and state_codes <= set(DEPOSITARY_FINDINGS), state_codes - set(DEPOSITARY_FINDINGS)


# --- small pure pieces -----------------------------------------------------------------------------


def test_long_date() -> None:
    assert long_date(dt.date(2026, 2, 3)) == "3 February 2026"


def test_last_reconciled(dataset: Dataset) -> None:
    meta = dataset.meta
    assert meta.reconciled is not None
    assert last_reconciled(meta) == (
        f"reconciled against the UNTC status page as at 3 February 2026 (source untc-status-2026), "
        f"on {long_date(meta.reconciled.reconciled_on)}"
    )
    assert last_reconciled(meta.model_copy(update={"reconciled": None})) is None


# --- a property: whatever rows disappear, exactly those states are reported ------------------------

ROW_NAMES = [row.name for row in parse_status_file(PAGE_PATH).participants]


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sets(st.sampled_from([name for name in ROW_NAMES if "<" not in name]), min_size=1, max_size=4))
def test_removed_rows_are_reported_exactly(removed: set[str]) -> None:
    page, dataset = _page_and_dataset()
    rows = tuple(row for row in page.participants if row.name not in removed)
    kept = replace(page, participants=rows)
    kept = replace(kept, stated_totals=kept.computed_totals)
    result = reconcile(kept, dataset)
    reported = {finding.state for finding in discrepancies(result)}
    assert reported == {dataset.states[code].name for code in _codes(removed, dataset)}
    assert {finding.code for finding in discrepancies(result)} == {"participant-not-on-page"}


@cache
def _page_and_dataset() -> tuple[StatusPage, Dataset]:
    dataset = load_dataset(DATA, checks=False).dataset
    assert dataset is not None
    return parse_status_file(PAGE_PATH), dataset


def _codes(names: set[str], dataset: Dataset) -> set[str]:
    from att_univ.data.spellings import match_participant, spelling_table

    assert dataset.depositary_names is not None
    table = spelling_table(dataset.depositary_names)
    return {code for code in (match_participant(name, table) for name in names) if code is not None}
