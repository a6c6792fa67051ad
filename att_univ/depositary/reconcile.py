"""Compare the dataset with the depositary's status page: explain every difference, overwrite nothing.

The UN Secretary-General is the treaty's depositary, so the UNTC status page is the authority on
who signed, ratified, accepted, approved or acceded, and when. `reconcile` takes a parsed page and a
dataset and returns a `Reconciliation`: findings state by state, each with a severity, the line of
the page and of the dataset file, what the page says and what the dataset says, and the edits that
`attu reconcile --apply` would make. Pure: no I/O, no clock.

Severity: a missing participant or a differing date or instrument is an error; a note or
declaration that the dataset lacks is a warning; a difference the dataset explains (a recorded
`depositary_exceptions` entry, or a domestic process that is complete while the deposit is not yet
on the page) is information only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING, Literal

from att_univ.core.errors import AttuError
from att_univ.core.wording import MONTHS, long_date

if TYPE_CHECKING:
    from att_univ.data.dataset import Dataset
    from att_univ.data.models import DatasetMeta, State
    from att_univ.data.models.common import Dated
    from att_univ.data.yamlio import Location
    from att_univ.depositary.page import EndNote, Participant, StatusPage, Totals

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
EditField = Literal["signature", "deposit", "provisional_application"]

# Page-level findings that make the page unfit to edit the dataset from.
BLOCKING_CODES = frozenset({"unknown-participant", "unknown-state", "duplicate-participant", "totals-disagree"})

# The depositary's wording for a signatory that will not ratify (the United States, 2019).
_INTENT_NOTE = re.compile(r"does not intend to become a party", re.IGNORECASE)
_COMMUNICATION_DATE = re.compile(r"communication received on (\d{1,2}) ([A-Z][a-z]+) (\d{4})")


@dataclass(frozen=True)
class TreatyEdit:
    """One change that makes a state's treaty record agree with the page (what `--apply` writes)."""

    iso3: str
    field: EditField
    date: dt.date
    instrument: str | None = None  # for a deposit: ratification, acceptance, approval or accession


@dataclass(frozen=True)
class Finding:
    """One difference between the page and the dataset, or a fact about the comparison."""

    code: str
    severity: Severity
    message: str
    iso3: str | None = None
    state: str | None = None  # the dataset's name of the state, or the page's spelling if unknown
    page_line: int | None = None
    expected: str | None = None  # what the page says (the authority)
    found: str | None = None  # what the dataset says
    file: str | None = None  # the dataset file to look at, with its line
    file_line: int | None = None
    explained_by: str | None = None  # the reason recorded in the dataset for this difference
    edits: tuple[TreatyEdit, ...] = ()

    @property
    def is_discrepancy(self) -> bool:
        """Whether the finding is a discrepancy (error or warning), not just information."""
        return self.severity != "info"


@dataclass(frozen=True)
class Reconciliation:
    """The outcome of comparing one status page with the dataset."""

    source_name: str
    source_format: str
    mtdsg_no: str | None
    as_of: dt.date | None
    as_of_line: int | None
    stated_totals: Totals | None
    stated_totals_line: int | None
    computed_totals: Totals
    dataset_totals: Totals  # the dataset counted on the page's date (or its own as-of date)
    counted_on: dt.date
    participants: int
    findings: tuple[Finding, ...]

    def count(self, severity: Severity) -> int:
        """How many findings have this severity."""
        return sum(1 for finding in self.findings if finding.severity == severity)

    @property
    def agrees(self) -> bool:
        """True when nothing but information was found: the exit code is then 0."""
        return not any(finding.is_discrepancy for finding in self.findings)

    @property
    def totals_agree(self) -> bool | None:
        """Whether the page's stated totals match its rows; None when it states none."""
        return None if self.stated_totals is None else self.stated_totals == self.computed_totals

    @property
    def blocking(self) -> tuple[Finding, ...]:
        """Findings that make the page unfit to edit the dataset from (unknown names, bad totals)."""
        return tuple(finding for finding in self.findings if finding.code in BLOCKING_CODES)

    @property
    def edits(self) -> tuple[TreatyEdit, ...]:
        """Every edit the unexplained findings propose, in finding order."""
        return tuple(edit for finding in self.findings if finding.is_discrepancy for edit in finding.edits)


def last_reconciled(meta: DatasetMeta) -> str | None:
    """One line for `attu status`: which depositary page the dataset last agreed with, and when."""
    reconciled = meta.reconciled
    if reconciled is None:
        return None
    return (
        f"reconciled against the UNTC status page as at {long_date(reconciled.status_as_at)}"
        f" (source {reconciled.source}), on {long_date(reconciled.reconciled_on)}"
    )


def reconcile(page: StatusPage, dataset: Dataset) -> Reconciliation:
    """Compare every participant of the page with the dataset's states; explain each difference."""
    from att_univ.data.spellings import match_participant, spelling_table
    from att_univ.depositary.page import Totals

    if dataset.depositary_names is None:
        raise AttuError(
            f"{dataset.root / 'depositary-names.yaml'}: the dataset has no table of the depositary's spellings, "
            "so the page's participants cannot be matched to states"
        )
    table = spelling_table(dataset.depositary_names)
    counted_on = page.as_of or dataset.meta.as_of
    findings = list(_page_findings(page, dataset.meta.as_of))

    rows: dict[str, Participant] = {}
    for row in page.participants:
        code = match_participant(row.name, table)
        if code is None:
            findings.append(_unknown_participant(row))
        elif code not in dataset.states:
            message = f"the page lists {row.name!r}, which depositary-names.yaml gives as {code}, a state with no file"
            findings.append(Finding("unknown-state", "error", message, code, row.name, row.line))
        elif code in rows:
            message = f"the page lists {dataset.states[code].name} twice (first at line {rows[code].line})"
            findings.append(Finding("duplicate-participant", "error", message, code, row.name, row.line))
        else:
            rows[code] = row
    for iso3, state in dataset.states.items():
        findings.extend(_StateComparison(state, rows.get(iso3), page, dataset).findings())
    findings = _fold_unmatched_into_unknown(findings, dataset)

    dataset_totals = Totals(
        signatories=sum(1 for s in dataset.states.values() if s.treaty.signature and s.treaty.signature.date <= counted_on),
        parties=sum(1 for s in dataset.states.values() if s.treaty.deposit and s.treaty.deposit.date <= counted_on),
    )
    return Reconciliation(
        source_name=page.source_name,
        source_format=page.source_format,
        mtdsg_no=page.mtdsg_no,
        as_of=page.as_of,
        as_of_line=page.as_of_line,
        stated_totals=page.stated_totals,
        stated_totals_line=page.stated_totals_line,
        computed_totals=page.computed_totals,
        dataset_totals=dataset_totals,
        counted_on=counted_on,
        participants=len(page.participants),
        findings=tuple(sorted(findings, key=lambda f: _order(f, dataset))),
    )


def _order(finding: Finding, dataset: Dataset) -> tuple[int, str, int, int]:
    # Findings about the page come first, in page order; then state by state, alphabetically.
    if finding.iso3 is None or finding.iso3 not in dataset.states:
        return (0, "", finding.page_line or 0, 0)
    return (1, dataset.sort_key(dataset.states[finding.iso3].name), _code_order().get(finding.code, 99), 0)


def _page_findings(page: StatusPage, dataset_as_of: dt.date) -> Iterator[Finding]:
    computed = page.computed_totals
    if page.stated_totals is None:
        yield Finding("totals-missing", "warning", "the page states no totals, so its rows cannot be checked against them")
    elif page.stated_totals != computed:
        stated = page.stated_totals
        message = f"the page states {_totals(stated)} but its rows hold {_totals(computed)}: is the saved page complete?"
        yield Finding(
            "totals-disagree",
            "error",
            message,
            page_line=page.stated_totals_line,
            expected=_totals(stated),
            found=_totals(computed),
        )
    if page.as_of is None:
        yield Finding("as-of-missing", "warning", "the page states no 'status as at' date")
    elif page.as_of < dataset_as_of:
        message = (
            f"the page is as at {long_date(page.as_of)}, older than the dataset (as of {long_date(dataset_as_of)}): "
            "facts dated after the page are reported as information"
        )
        yield Finding("older-page", "info", message, page_line=page.as_of_line)
    if page.source_format == "xml":
        message = "the chapter XML carries no declarations or end notes, so they were not compared"
        yield Finding("notes-not-compared", "info", message)


def _fold_unmatched_into_unknown(findings: list[Finding], dataset: Dataset) -> list[Finding]:
    """With unknown spellings on the page, a state without a row may be one of them: say so once, guess nothing."""
    unknown = [finding for finding in findings if finding.code == "unknown-participant"]
    unmatched = [f for f in findings if f.code == "participant-not-on-page" and f.is_discrepancy]
    if not unknown or not unmatched:
        return findings
    names = ", ".join(f"{finding.state} ({finding.iso3})" for finding in unmatched)
    suffix = f"; the dataset's participants without a matched row on this page: {names}"
    kept = [finding for finding in findings if finding not in unmatched and finding not in unknown]
    return kept + [replace(finding, message=finding.message + suffix) for finding in unknown]


def _unknown_participant(row: Participant) -> Finding:
    message = (
        f"the page lists {row.name!r}, a spelling that depositary-names.yaml does not know; "
        "if it is a state's new name, add it there with the state's ISO3 code"
    )
    return Finding("unknown-participant", "error", message, state=row.name, page_line=row.line, expected=row.name)


def _totals(totals: Totals) -> str:
    return f"{totals.signatories} signatories and {totals.parties} parties"


# State findings that are information only, never a discrepancy, in the order the report lists them.
STATE_INFO_CODES = ("after-page-date", "awaiting-deposit", "name-differs", "exception-unused")


@cache
def _code_order() -> dict[str, int]:
    """The order of a state's findings in the report: the explainable findings (as the model lists them), then information."""
    from att_univ.data.models.state import DEPOSITARY_FINDINGS

    return {code: index for index, code in enumerate((*DEPOSITARY_FINDINGS, *STATE_INFO_CODES))}


_FACT_WORDS = {"signature": "signature", "deposit": "deposit", "provisional_application": "provisional application"}


@dataclass
class _StateComparison:
    """The findings for one state: its dataset record against its row of the page (if any)."""

    state: State
    row: Participant | None
    page: StatusPage
    dataset: Dataset
    found: list[Finding] = field(default_factory=list)

    @property
    def day(self) -> dt.date | None:
        return self.page.as_of

    def findings(self) -> list[Finding]:
        if self.row is None:
            self._compare_absent_row()
        else:
            self._compare_row(self.row)
        self._note_awaiting_deposit()
        return self._apply_exceptions()

    # --- building findings ---------------------------------------------------------------------

    def add(
        self,
        code: str,
        severity: Severity,
        message: str,
        location: Location = ("treaty",),
        *,
        expected: str | None = None,
        found: str | None = None,
        page_line: int | None = None,
        edits: tuple[TreatyEdit, ...] = (),
    ) -> None:
        assert code in _code_order() and (severity == "info") == (code in STATE_INFO_CODES), code
        iso3 = self.state.iso3
        path, line, _ = self.dataset.locate("states", iso3, location, prefer_key=True)
        if page_line is None and self.row is not None:
            page_line = self.row.line
        self.found.append(
            Finding(code, severity, message, iso3, self.state.name, page_line, expected, found, path, line, edits=edits)
        )

    def after_page_date(self, what: str, day: dt.date, location: Location) -> bool:
        """Report a fact dated after the page as information; True if it was."""
        if self.day is None or day <= self.day:
            return False
        message = f"the dataset's {what} ({long_date(day)}) is later than the page's date ({long_date(self.day)})"
        self.add("after-page-date", "info", message, location, found=day.isoformat())
        return True

    # --- no row on the page ----------------------------------------------------------------------

    def _compare_absent_row(self) -> None:
        treaty = self.state.treaty
        on_page_date: list[str] = []
        for name in ("signature", "deposit"):
            fact: Dated | None = getattr(treaty, name)
            if fact is not None and not self.after_page_date(_FACT_WORDS[name], fact.date, ("treaty", name)):
                on_page_date.append(f"{_FACT_WORDS[name]} of {long_date(fact.date)}")
        if on_page_date:
            message = f"the dataset records a {' and a '.join(on_page_date)}, but the page has no row for {self.state.name}"
            self.add("participant-not-on-page", "error", message, ("treaty",), found="; ".join(on_page_date))

    def _note_awaiting_deposit(self) -> None:
        """A domestic process recorded as complete, with no deposit yet: explained, not a discrepancy."""
        if self.state.treaty.deposit is not None or (self.row is not None and self.row.deposit is not None):
            return
        steps = sorted(self.state.process, key=lambda step: step.date)
        if not steps or steps[-1].stage != "complete":
            return
        where = f"the page as at {long_date(self.day)}" if self.day else "the page"
        message = (
            f"domestic process complete on {long_date(steps[-1].date)}; {where} shows no deposit yet, "
            "and the dataset records none"
        )
        index = self.state.process.index(steps[-1])
        self.add("awaiting-deposit", "info", message, ("process", index))

    # --- a row on the page ---------------------------------------------------------------------

    def _compare_row(self, row: Participant) -> None:
        treaty = self.state.treaty
        if treaty.signature is None and treaty.deposit is None:
            self._participant_missing(row)
        else:
            self._compare_signature(row)
            self._compare_deposit(row)
        if self.page.has_provisional_application_column and not (
            treaty.signature is None and treaty.deposit is None and row.provisional_application is not None
        ):
            self._compare_provisional_application(row)
        self._compare_name(row)
        if self.page.source_format == "html":
            self._compare_notes(row)

    def _participant_missing(self, row: Participant) -> None:
        iso3 = self.state.iso3
        page_facts: list[str] = []
        edits: list[TreatyEdit] = []
        if row.signature is not None:
            page_facts.append(f"signature on {long_date(row.signature)}")
            edits.append(TreatyEdit(iso3, "signature", row.signature))
        if row.deposit is not None and row.instrument is not None:
            page_facts.append(f"{row.instrument.value} deposited on {long_date(row.deposit)}")
            edits.append(TreatyEdit(iso3, "deposit", row.deposit, row.instrument.value))
        if row.provisional_application is not None:
            page_facts.append(f"provisional application from {long_date(row.provisional_application)}")
            edits.append(TreatyEdit(iso3, "provisional_application", row.provisional_application))
        if not edits:
            return
        message = (
            f"the page lists {self.state.name} as a participant ({'; '.join(page_facts)}), "
            "but the dataset records no signature or deposit"
        )
        self.add("participant-missing", "error", message, expected="; ".join(page_facts), edits=tuple(edits))

    def _compare_dated(self, name: EditField, page_day: dt.date | None, fact: Dated | None, *, instrument: str | None) -> bool:
        """Compare one dated fact; True when both sides hold the same date (or neither holds one)."""
        what = _FACT_WORDS[name]
        code = name.replace("_", "-")
        location = ("treaty", name)
        data_day = fact.date if fact is not None else None
        if page_day == data_day:
            return True
        edit = (TreatyEdit(self.state.iso3, name, page_day, instrument),) if page_day is not None else ()
        if data_day is None:
            assert page_day is not None
            message = f"the page gives a {what} on {long_date(page_day)}; the dataset records none"
            self.add(f"{code}-missing", "error", message, location, expected=page_day.isoformat(), edits=edit)
        elif page_day is None:
            if not self.after_page_date(what, data_day, location):
                message = f"the dataset records a {what} on {long_date(data_day)}; the page gives none"
                self.add(f"{code}-not-on-page", "error", message, location, found=data_day.isoformat())
        else:
            message = f"{what} date differs: the page gives {long_date(page_day)}, the dataset {long_date(data_day)}"
            self.add(
                f"{code}-differs",
                "error",
                message,
                (*location, "date"),
                expected=page_day.isoformat(),
                found=data_day.isoformat(),
                edits=edit,
            )
        return False

    def _compare_signature(self, row: Participant) -> None:
        self._compare_dated("signature", row.signature, self.state.treaty.signature, instrument=None)

    def _compare_deposit(self, row: Participant) -> None:
        deposit = self.state.treaty.deposit
        page_instrument = row.instrument.value if row.instrument is not None else None
        same_day = self._compare_dated("deposit", row.deposit, deposit, instrument=page_instrument)
        if same_day and deposit is not None and row.deposit is not None and page_instrument != deposit.instrument:
            marker = f" (marked {row.deposit_marker!r})" if row.deposit_marker else " (no mark)"
            message = f"instrument differs: the page gives {page_instrument}{marker}, the dataset {deposit.instrument}"
            edit = TreatyEdit(self.state.iso3, "deposit", row.deposit, page_instrument)
            self.add(
                "instrument-differs",
                "error",
                message,
                ("treaty", "deposit", "instrument"),
                expected=page_instrument,
                found=deposit.instrument,
                edits=(edit,),
            )

    def _compare_provisional_application(self, row: Participant) -> None:
        self._compare_dated(
            "provisional_application", row.provisional_application, self.state.treaty.provisional_application, instrument=None
        )

    def _compare_name(self, row: Participant) -> None:
        from att_univ.data.spellings import normalise_name

        recorded = self.state.treaty.depositary_name or self.state.name
        if normalise_name(row.name) != normalise_name(recorded):
            message = f"the page prints the name as {row.name!r}; the dataset's depositary name is {recorded!r}"
            self.add("name-differs", "info", message, ("treaty", "depositary_name"), expected=row.name, found=recorded)

    def _compare_notes(self, row: Participant) -> None:
        treaty = self.state.treaty
        intent_notes = [note for note in row.end_notes if _INTENT_NOTE.search(note.text)]
        other_notes = [note for note in row.end_notes if note not in intent_notes]
        page_items = [(f"declarations section (line {row.declaration.line})", row.declaration.line)] if row.declaration else []
        page_items += [(f"end note {note.mark} (line {note.line})", note.line) for note in other_notes]
        recorded = len(treaty.declarations)
        if len(page_items) > recorded:
            message = (
                f"the page has {len(page_items)} declaration(s) or note(s) for {self.state.name} "
                f"({', '.join(text for text, _ in page_items)}); the dataset records {recorded}"
            )
            self.add(
                "declaration-missing",
                "warning",
                message,
                ("treaty", "declarations"),
                expected=str(len(page_items)),
                found=str(recorded),
                page_line=page_items[recorded][1],
            )
        elif recorded > len(page_items):
            message = f"the dataset records {recorded} declaration(s) for {self.state.name}; the page shows {len(page_items)}"
            self.add(
                "declaration-not-on-page",
                "warning",
                message,
                ("treaty", "declarations"),
                expected=str(len(page_items)),
                found=str(recorded),
            )
        self._compare_intent(intent_notes)
        known_marks = {note.mark for note in self.page.end_notes}
        for mark in row.footnotes:
            if mark not in known_marks:
                message = f"the row carries footnote {mark}, which no end note of the page explains"
                self.add("footnote-unexplained", "warning", message, expected=mark)

    def _compare_intent(self, intent_notes: list[EndNote]) -> None:
        intent = self.state.treaty.intent_not_to_become_party
        location = ("treaty", "intent_not_to_become_party")
        if not intent_notes:
            if intent is not None and not self.after_page_date("communication of intent", intent.date, location):
                message = "the dataset records a communication that the state will not become a party; the page has no such note"
                self.add("intent-not-on-page", "warning", message, location, found=intent.date.isoformat())
            return
        note = intent_notes[0]
        received = _communication_date(note.text)
        shown = f" received on {long_date(received)}" if received else ""
        if intent is None:
            message = (
                f"end note {note.mark} records a communication{shown} that the state does not intend to become a party; "
                "the dataset does not record it"
            )
            expected = received.isoformat() if received else None
            self.add("intent-missing", "warning", message, location, expected=expected, page_line=note.line)
        elif received is not None and received != intent.date:
            message = (
                f"date of the communication of intent differs: end note {note.mark} gives {long_date(received)}, "
                f"the dataset {long_date(intent.date)}"
            )
            self.add(
                "intent-differs",
                "error",
                message,
                (*location, "date"),
                expected=received.isoformat(),
                found=intent.date.isoformat(),
                page_line=note.line,
            )

    # --- explained differences -------------------------------------------------------------------

    def _apply_exceptions(self) -> list[Finding]:
        exceptions = self.state.treaty.depositary_exceptions
        if not exceptions:
            return self.found
        reasons: Mapping[str, str] = {exception.finding: exception.reason for exception in exceptions}
        result = []
        for finding in self.found:
            reason = reasons.get(finding.code) if finding.is_discrepancy else None
            if reason is None:
                result.append(finding)
            else:
                result.append(replace(finding, severity="info", explained_by=reason, edits=()))
        codes = {finding.code for finding in self.found}
        for index, exception in enumerate(exceptions):
            if exception.finding not in codes:
                path, line, _ = self.dataset.locate("states", self.state.iso3, ("treaty", "depositary_exceptions", index))
                message = (
                    f"the dataset explains a {exception.finding} difference that this page does not show; "
                    "the exception may no longer be needed"
                )
                result.append(
                    Finding(
                        "exception-unused", "info", message, self.state.iso3, self.state.name, None, file=path, file_line=line
                    )
                )
        return result


def _communication_date(text: str) -> dt.date | None:
    match = _COMMUNICATION_DATE.search(text)
    if match is None or match.group(2) not in MONTHS:
        return None
    day, month, year = match.groups()
    try:
        return dt.date(int(year), MONTHS.index(month) + 1, int(day))
    except ValueError:
        return None
