"""Read the depositary's status page of the Arms Trade Treaty (UN Treaty Collection, MTDSG XXVI-8).

Two shapes of the same record are understood:

* the saved HTML status page (``ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-8...``): participant
  table, "STATUS AS AT" date, stated totals, declarations and end notes;
* the MTDSG chapter XML (``XXVI-8.en.xml``): its participant table
  (``Treaty/Participants/Table/TGroup/{Thead,Tbody/Rows}/Row/Entry``) and its ``Status`` header.

Only the standard library is used. Anything that is not such a page raises :class:`UntcParseError`.

Line numbers are 1-based and count "\n" only, as grep and editors do. The saved page has lone
carriage returns inside a few lines, so read it with :func:`parse_status_file` (or decode the bytes
yourself) rather than through universal-newline text mode, which would shift every later line.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal
from xml.etree import ElementTree


class UntcParseError(ValueError):
    """The text is not a UNTC status page that this module can read."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message, line)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return self.message if self.line is None else f"line {self.line}: {self.message}"


class Instrument(StrEnum):
    """The kind of instrument a state deposited to become a party."""

    RATIFICATION = "ratification"
    ACCEPTANCE = "acceptance"
    APPROVAL = "approval"
    ACCESSION = "accession"


# The legend of the deposit column: "Approval(AA), Acceptance(A), Accession(a), Ratification".
INSTRUMENT_BY_MARKER: dict[str, Instrument] = {
    "": Instrument.RATIFICATION,
    "A": Instrument.ACCEPTANCE,
    "AA": Instrument.APPROVAL,
    "a": Instrument.ACCESSION,
}
# The legend of the Art. 23 column: "Provisional application under article 23(n)".
PROVISIONAL_APPLICATION_MARKERS = frozenset({"", "n"})

_MONTHS = {
    name: number
    for number, name in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1)
}
_CELL_DATE = re.compile(r"(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})(?: ([A-Za-z]{1,2}))?")
_STATUS_AS_AT = re.compile(r"STATUS AS AT\s*:\s*(\d{1,2})-(\d{1,2})-(\d{4})", re.IGNORECASE)
_STATED_SIGNATORIES = re.compile(r"Signatories\s*:\s*(\d+)")
_STATED_PARTIES = re.compile(r"Parties\s*:\s*(\d+)")
_MTDSG_NO = re.compile(r"mtdsg_no=([A-Za-z]+-[0-9A-Za-z-]+)")
# The chapter XML keeps footnote marks as escaped markup inside the participant's text.
_INLINE_SUPERSCRIPT = re.compile(r"<superscript>(.*?)</superscript>", re.IGNORECASE | re.DOTALL)
_MARK_SEPARATORS = re.compile(r"[\s,]+")


@dataclass(frozen=True)
class EndNote:
    """A numbered end note of the page, e.g. the United States' 2019 communication."""

    mark: str
    text: str
    line: int


@dataclass(frozen=True)
class Declaration:
    """One participant's entry in the page's "Declarations and Reservations" section."""

    participant: str
    footnotes: tuple[str, ...]
    text: str
    line: int


@dataclass(frozen=True)
class Participant:
    """One row of the participant table, with the notes and declaration the page links to it."""

    name: str  # as printed, whitespace collapsed, footnote marks moved to `footnotes`
    footnotes: tuple[str, ...]
    signature: date | None
    provisional_application: date | None  # Art. 23 declaration ("n" column), if the page has one
    deposit: date | None
    deposit_marker: str  # "", "A", "AA" or "a" as printed after the deposit date
    instrument: Instrument | None
    line: int  # line of the cell that prints the participant's name
    links_declaration: bool = False  # the name links to the page's declarations section
    declaration: Declaration | None = None
    end_notes: tuple[EndNote, ...] = ()


@dataclass(frozen=True)
class Totals:
    """A count of signatories and parties."""

    signatories: int
    parties: int


@dataclass(frozen=True)
class StatusPage:
    """Everything read from one status page; `stated_totals` is the page's claim, not a check."""

    source_name: str
    source_format: Literal["html", "xml"]
    mtdsg_no: str | None
    as_of: date | None
    as_of_line: int | None
    stated_totals: Totals | None
    stated_totals_line: int | None
    has_provisional_application_column: bool
    participants: tuple[Participant, ...]
    declarations: tuple[Declaration, ...] = ()
    end_notes: tuple[EndNote, ...] = ()

    @property
    def computed_totals(self) -> Totals:
        """Count signatories (a signature date) and parties (a deposit date) from the rows."""
        return Totals(
            signatories=sum(1 for row in self.participants if row.signature is not None),
            parties=sum(1 for row in self.participants if row.deposit is not None),
        )

    @property
    def totals_agree(self) -> bool | None:
        """Whether the rows add up to the stated totals; None when the page states none."""
        return None if self.stated_totals is None else self.stated_totals == self.computed_totals

    def participant(self, name: str) -> Participant | None:
        """Return the row printed with exactly this name, if any."""
        return next((row for row in self.participants if row.name == name), None)

    def unresolved_footnotes(self) -> tuple[tuple[Participant, str], ...]:
        """Footnote marks on rows that no end note of the page explains."""
        known = {note.mark for note in self.end_notes}
        return tuple((row, mark) for row in self.participants for mark in row.footnotes if mark not in known)


def parse_status_page(text: str, source_name: str) -> StatusPage:
    """Parse the UNTC status page (HTML) or chapter XML of XXVI-8 into a StatusPage."""
    if not text.strip():
        raise UntcParseError("the file is empty: expected the UNTC status page of chapter XXVI-8")
    if _looks_like_xml(text):
        return _parse_chapter_xml(text, source_name)
    return _parse_status_html(text, source_name)


def parse_status_file(path: Path) -> StatusPage:
    """Read a saved status page from disk, honouring the XML's declared encoding."""
    return parse_status_page(_decode(path.read_bytes()), path.name)


def read_status_file(path: Path) -> StatusPage:
    """A saved status page, or an error naming the file and line (exit 1): nothing to compare with."""
    from att_univ.core.errors import AttuError

    try:
        return parse_status_file(path)
    except UntcParseError as error:
        where = f"{path}:{error.line}" if error.line is not None else str(path)
        raise AttuError(f"{where}: {error.message}; nothing was compared or written") from None
    except OSError as error:
        raise AttuError(f"{path}: cannot read the file ({error.strerror or error})") from None


# --- shared row model -------------------------------------------------------------------------


@dataclass
class _Cell:
    line: int
    parts: list[str] = field(default_factory=list)
    marks: list[str] = field(default_factory=list)
    links_declaration: bool = False
    closed: bool = False

    @property
    def text(self) -> str:
        return _collapse_whitespace("".join(self.parts))


@dataclass
class _Row:
    line: int
    cells: list[_Cell] = field(default_factory=list)


@dataclass(frozen=True)
class _Columns:
    participant: int
    signature: int
    deposit: int
    provisional_application: int | None
    count: int


def _collapse_whitespace(text: str) -> str:
    return " ".join(text.split())


def _split_marks(raw: str) -> list[str]:
    return [mark for mark in _MARK_SEPARATORS.split(raw) if mark]


def _find_columns(header: _Row) -> _Columns:
    titles = [cell.text.lower() for cell in header.cells]
    found: dict[str, int] = {}
    for index, title in enumerate(titles):
        if title.startswith("participant"):
            found["participant"] = index
        elif title.startswith("signature"):
            found["signature"] = index
        elif "provisional application" in title:
            found["provisional_application"] = index
        elif "ratification" in title or "accession" in title:
            found["deposit"] = index
    missing = [name for name in ("participant", "signature", "deposit") if name not in found]
    if missing:
        raise UntcParseError(f"the participant table has no {' or '.join(missing)} column (columns: {titles})", header.line)
    return _Columns(
        participant=found["participant"],
        signature=found["signature"],
        deposit=found["deposit"],
        provisional_application=found.get("provisional_application"),
        count=len(titles),
    )


def _read_cell_date(cell: _Cell, column: str, participant: str) -> tuple[date | None, str]:
    """Read "3 Jun 2013 AA" as (date, "AA"); an empty cell is (None, "")."""
    text = cell.text
    if not text:
        return None, ""
    match = _CELL_DATE.fullmatch(text)
    if match is None or match.group(2) not in _MONTHS:
        raise UntcParseError(f"cannot read the {column} date {text!r} of {participant!r}", cell.line)
    day, month, year, marker = match.groups()
    try:
        return date(int(year), _MONTHS[month], int(day)), marker or ""
    except ValueError as error:
        message = f"the {column} date {text!r} of {participant!r} is not a date: {error}"
        raise UntcParseError(message, cell.line) from None


def _participant_from_row(row: _Row, columns: _Columns) -> Participant:
    if len(row.cells) != columns.count:
        raise UntcParseError(f"a participant row has {len(row.cells)} cells where the header has {columns.count}", row.line)
    name_cell = row.cells[columns.participant]
    name = name_cell.text
    if not name:
        raise UntcParseError("a participant row has no participant name", name_cell.line)
    signature, signature_marker = _read_cell_date(row.cells[columns.signature], "signature", name)
    if signature_marker:
        raise UntcParseError(
            f"unexpected mark {signature_marker!r} after the signature date of {name!r}",
            row.cells[columns.signature].line,
        )
    provisional = _read_provisional_application(row, columns, name)
    deposit, deposit_marker = _read_cell_date(row.cells[columns.deposit], "deposit", name)
    if deposit_marker not in INSTRUMENT_BY_MARKER:
        raise UntcParseError(
            f"unknown instrument mark {deposit_marker!r} after the deposit date of {name!r}"
            " (known: none = ratification, A, AA, a)",
            row.cells[columns.deposit].line,
        )
    return Participant(
        name=name,
        footnotes=tuple(name_cell.marks),
        signature=signature,
        provisional_application=provisional,
        deposit=deposit,
        deposit_marker=deposit_marker if deposit else "",
        instrument=INSTRUMENT_BY_MARKER[deposit_marker] if deposit else None,
        line=name_cell.line,
        links_declaration=name_cell.links_declaration,
    )


def _read_provisional_application(row: _Row, columns: _Columns, name: str) -> date | None:
    if columns.provisional_application is None:
        return None
    cell = row.cells[columns.provisional_application]
    applied, marker = _read_cell_date(cell, "provisional application", name)
    if marker not in PROVISIONAL_APPLICATION_MARKERS:
        message = f"unexpected mark {marker!r} after the provisional application date of {name!r}"
        raise UntcParseError(message, cell.line)
    return applied


def _link_notes_and_declarations(
    participants: Iterable[Participant], declarations: tuple[Declaration, ...], end_notes: tuple[EndNote, ...]
) -> tuple[Participant, ...]:
    notes_by_mark = {note.mark: note for note in end_notes}
    declaration_by_name = {declaration.participant: declaration for declaration in declarations}
    return tuple(
        replace(
            row,
            declaration=declaration_by_name.get(row.name),
            end_notes=tuple(notes_by_mark[mark] for mark in row.footnotes if mark in notes_by_mark),
        )
        for row in participants
    )


@dataclass(frozen=True)
class _PageParts:
    """What either format yields before rows become Participants."""

    format: Literal["html", "xml"]
    header: _Row
    body: list[_Row]
    mtdsg_no: str | None = None
    as_of: tuple[date, int] | None = None
    stated_totals: tuple[Totals, int] | None = None
    declarations: tuple[Declaration, ...] = ()
    end_notes: tuple[EndNote, ...] = ()


def _assemble(parts: _PageParts, source_name: str) -> StatusPage:
    columns = _find_columns(parts.header)
    if not parts.body:
        raise UntcParseError("the participant table has a header but no rows", parts.header.line)
    rows = (_participant_from_row(row, columns) for row in parts.body)
    return StatusPage(
        source_name=source_name,
        source_format=parts.format,
        mtdsg_no=parts.mtdsg_no,
        as_of=parts.as_of[0] if parts.as_of else None,
        as_of_line=parts.as_of[1] if parts.as_of else None,
        stated_totals=parts.stated_totals[0] if parts.stated_totals else None,
        stated_totals_line=parts.stated_totals[1] if parts.stated_totals else None,
        has_provisional_application_column=columns.provisional_application is not None,
        participants=_link_notes_and_declarations(rows, parts.declarations, parts.end_notes),
        declarations=parts.declarations,
        end_notes=parts.end_notes,
    )


def _read_status_as_at(text: str, first_line: int) -> tuple[date, int] | None:
    match = _STATUS_AS_AT.search(text)
    if match is None:
        return None
    line = first_line + text.count("\n", 0, match.start())
    day, month, year = (int(group) for group in match.groups())
    try:
        # UNTC prints the status date day first: "03-02-2026" is 3 February 2026.
        return date(year, month, day), line
    except ValueError:
        raise UntcParseError(f"the 'STATUS AS AT' date {match.group(0)!r} is not a date", line) from None


def _read_stated_totals(text: str, first_line: int) -> tuple[Totals, int] | None:
    signatories = _STATED_SIGNATORIES.search(text)
    parties = _STATED_PARTIES.search(text)
    if signatories is None or parties is None:
        return None
    line = first_line + text.count("\n", 0, signatories.start())
    return Totals(signatories=int(signatories.group(1)), parties=int(parties.group(1))), line


# --- HTML status page -------------------------------------------------------------------------


@dataclass
class _Capture:
    """Text of a declaration heading, declaration text or end note, gathered while parsing."""

    kind: str
    line: int
    div_depth: int
    parts: list[str] = field(default_factory=list)
    marks: list[str] = field(default_factory=list)
    anchor_name: str | None = None

    @property
    def text(self) -> str:
        lines = (_collapse_whitespace(line) for line in "".join(self.parts).splitlines())
        return "\n".join(line for line in lines if line)


# Classes the UNTC page gives to the divs holding declarations and end notes.
_CAPTURE_KIND_BY_CLASS = {
    "heading-two": "declaration-heading",
    "content-two": "declaration-text",
    "divNotesAll": "end-note",
}
_MARK_TAGS = frozenset({"sup", "superscript"})
_RAW_TEXT_TAGS = frozenset({"script", "style"})


class _StatusHtmlParser(HTMLParser):
    """Collects tables, header facts, declarations and end notes in one pass over the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open_tables: list[list[_Row]] = []
        self.closed_tables: list[list[_Row]] = []
        self.captures: list[_Capture] = []
        self.mtdsg_no: str | None = None
        self.as_of: tuple[date, int] | None = None
        self.stated_totals: tuple[Totals, int] | None = None
        self.saw_html_end = False
        self._capture: _Capture | None = None
        self._div_depth = 0
        self._mark_buffer: list[str] | None = None
        self._in_raw_text = False
        self._in_invisible_paragraph = False
        self._in_note_anchor = False

    # The page nests layout tables; text always belongs to the innermost open cell.
    def _current_cell(self) -> _Cell | None:
        if not self.open_tables or not self.open_tables[-1] or not self.open_tables[-1][-1].cells:
            return None
        cell = self.open_tables[-1][-1].cells[-1]
        return None if cell.closed else cell

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        line = self.getpos()[0]
        self._note_mtdsg_no(attributes)
        if tag in _RAW_TEXT_TAGS:
            self._in_raw_text = True
        elif tag == "table":
            self.open_tables.append([])
        elif tag == "tr" and self.open_tables:
            self.open_tables[-1].append(_Row(line))
        elif tag in ("td", "th") and self.open_tables:
            self._start_cell(line)
        elif tag in _MARK_TAGS:
            self._mark_buffer = []
        elif tag == "a":
            self._start_anchor(attributes)
        elif tag == "br":
            self._add_text("\n")
        elif tag == "p" and "invisible" in attributes.get("class", "").split():
            # The declarations repeat each participant's name in an invisible paragraph.
            self._in_invisible_paragraph = True
        elif tag == "div":
            self._start_div(attributes, line)

    def handle_endtag(self, tag: str) -> None:
        if tag in _RAW_TEXT_TAGS:
            self._in_raw_text = False
        elif tag == "table" and self.open_tables:
            self.closed_tables.append(self.open_tables.pop())
        elif tag in ("td", "th"):
            cell = self._current_cell()
            if cell is not None:
                cell.closed = True
        elif tag in _MARK_TAGS:
            self._end_marks()
        elif tag == "a":
            self._in_note_anchor = False
        elif tag == "p":
            self._end_paragraph()
        elif tag == "div":
            self._end_div()
        elif tag == "html":
            self.saw_html_end = True

    def handle_data(self, data: str) -> None:
        if self._in_raw_text or self._in_invisible_paragraph or self._in_note_anchor:
            return
        self._note_header_facts(data)
        if self._mark_buffer is not None:
            self._mark_buffer.append(data)
        else:
            self._add_text(data)

    def _note_mtdsg_no(self, attributes: dict[str, str]) -> None:
        if self.mtdsg_no is not None:
            return
        for value in attributes.values():
            match = _MTDSG_NO.search(value)
            if match:
                self.mtdsg_no = match.group(1)
                return

    def _note_header_facts(self, data: str) -> None:
        line = self.getpos()[0]
        if self.as_of is None:
            self.as_of = _read_status_as_at(data, line)
        if self.stated_totals is None:
            self.stated_totals = _read_stated_totals(data, line)

    def _start_cell(self, line: int) -> None:
        rows = self.open_tables[-1]
        if not rows:
            rows.append(_Row(line))
        rows[-1].cells.append(_Cell(line))

    def _start_anchor(self, attributes: dict[str, str]) -> None:
        cell = self._current_cell()
        if attributes.get("href") == "#EndDec" and cell is not None:
            cell.links_declaration = True
        if self._capture is not None and self._capture.kind == "end-note" and "name" in attributes:
            # "<a name='3'>3</a>" opens an end note: the name is its mark, not part of its text.
            self._capture.anchor_name = attributes["name"]
            self._in_note_anchor = True

    def _start_div(self, attributes: dict[str, str], line: int) -> None:
        self._div_depth += 1
        if self._capture is not None:
            return
        for css_class in attributes.get("class", "").split():
            kind = _CAPTURE_KIND_BY_CLASS.get(css_class)
            if kind is not None:
                self._capture = _Capture(kind, line, self._div_depth)
                return

    def _end_div(self) -> None:
        if self._capture is not None and self._capture.div_depth == self._div_depth:
            self.captures.append(self._capture)
            self._capture = None
        self._div_depth = max(0, self._div_depth - 1)

    def _end_paragraph(self) -> None:
        if self._in_invisible_paragraph:
            self._in_invisible_paragraph = False
        else:
            self._add_text("\n")

    def _end_marks(self) -> None:
        if self._mark_buffer is None:
            return
        marks = _split_marks("".join(self._mark_buffer))
        self._mark_buffer = None
        sink = self._capture if self._capture is not None else self._current_cell()
        if sink is not None:
            sink.marks.extend(marks)

    def _add_text(self, text: str) -> None:
        if self._capture is not None:
            self._capture.parts.append(text)
            return
        cell = self._current_cell()
        if cell is not None:
            cell.parts.append(text)


def _is_participant_table(rows: list[_Row]) -> bool:
    return bool(rows and rows[0].cells and rows[0].cells[0].text.lower().startswith("participant"))


def _run_html_parser(text: str) -> _StatusHtmlParser:
    parser = _StatusHtmlParser()
    try:
        parser.feed(text)
        parser.close()
    except AssertionError as error:
        # html.parser asserts on malformed marked sections such as "<![foo[ ]]>"; that is bad input.
        raise UntcParseError(f"the HTML cannot be read: {error}", parser.getpos()[0]) from None
    return parser


def _parse_status_html(text: str, source_name: str) -> StatusPage:
    parser = _run_html_parser(text)
    last_line = text.count("\n") + 1
    table = next((rows for rows in parser.closed_tables if _is_participant_table(rows)), None)
    if table is None:
        unfinished = next((rows for rows in parser.open_tables if _is_participant_table(rows)), None)
        if unfinished is not None:
            last_row = unfinished[-1].line
            message = f"the file ends inside the participant table (last row at line {last_row})"
            message += ": is it truncated?"
            raise UntcParseError(message, last_line)
        raise UntcParseError("no participant table found: is this the UNTC status page of chapter XXVI-8?")
    if not parser.saw_html_end:
        raise UntcParseError("the file ends before </html>: the page looks truncated", last_line)
    declarations = tuple(_declarations_from(parser.captures))
    end_notes = tuple(_end_notes_from(parser.captures))
    parts = _PageParts(
        format="html",
        header=table[0],
        body=table[1:],
        mtdsg_no=parser.mtdsg_no,
        as_of=parser.as_of,
        stated_totals=parser.stated_totals,
        declarations=declarations,
        end_notes=end_notes,
    )
    return _assemble(parts, source_name)


def _declarations_from(captures: list[_Capture]) -> Iterator[Declaration]:
    """Pair each declaration heading with the declaration text that follows it."""
    heading: _Capture | None = None
    for capture in captures:
        if capture.kind == "declaration-heading":
            heading = capture
        elif capture.kind == "declaration-text" and heading is not None:
            yield Declaration(
                participant=_collapse_whitespace(heading.text),
                footnotes=tuple(heading.marks),
                text=capture.text,
                line=heading.line,
            )
            heading = None


def _end_notes_from(captures: list[_Capture]) -> Iterator[EndNote]:
    for capture in captures:
        if capture.kind == "end-note" and capture.anchor_name:
            yield EndNote(mark=capture.anchor_name, text=capture.text, line=capture.line)


# --- chapter XML --------------------------------------------------------------------------------


def _looks_like_xml(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:2000]
    return head.startswith("<?xml") and "<html" not in head.lower()


_Lines = dict[ElementTree.Element, int]


def _parse_xml_tree(text: str) -> tuple[ElementTree.Element, _Lines]:
    """Build an element tree with the line of every start tag (ElementTree alone keeps none)."""
    builder = ElementTree.TreeBuilder()
    lines: _Lines = {}
    parser = xml.parsers.expat.ParserCreate()

    def start(tag: str, attributes: dict[str, str]) -> None:
        lines[builder.start(tag, attributes)] = parser.CurrentLineNumber

    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(text, True)
    except xml.parsers.expat.ExpatError as error:
        reason = xml.parsers.expat.ErrorString(error.code)
        raise UntcParseError(f"the XML is malformed or cut short ({reason})", error.lineno) from None
    return builder.close(), lines


def _xml_cell(entry: ElementTree.Element, line: int) -> _Cell:
    """Split an <Entry> into its text and its footnote marks (escaped or real <superscript>)."""
    pieces = [entry.text or ""]
    marks: list[str] = []
    for child in entry:
        if child.tag.lower() == "superscript":
            marks.extend(_split_marks("".join(child.itertext())))
        else:
            pieces.append("".join(child.itertext()))
        pieces.append(child.tail or "")
    raw = "".join(pieces)
    for inline in _INLINE_SUPERSCRIPT.findall(raw):
        marks.extend(_split_marks(inline))
    return _Cell(line=line, parts=[_INLINE_SUPERSCRIPT.sub("", raw)], marks=marks)


def _xml_row(row: ElementTree.Element, lines: _Lines) -> _Row:
    return _Row(lines[row], [_xml_cell(entry, lines[entry]) for entry in row.findall("Entry")])


def _xml_stated_totals(root: ElementTree.Element, lines: _Lines) -> tuple[Totals, int] | None:
    status = next(root.iter("Status"), None)
    if status is None:
        return None
    # Public readers of the XML take the counts from <Signatories> and <Parties> inside <Status>;
    # the HTML page prints them as one sentence, which is read the same way if the XML does so.
    signatories = (status.findtext("Signatories") or "").strip()
    parties = (status.findtext("Parties") or "").strip()
    if signatories.isdigit() and parties.isdigit():
        return Totals(signatories=int(signatories), parties=int(parties)), lines[status]
    return _read_stated_totals(" ".join(status.itertext()), lines[status])


def _xml_status_as_at(root: ElementTree.Element, lines: _Lines) -> tuple[date, int] | None:
    for element in root.iter():
        found = _read_status_as_at(element.text or "", lines[element])
        if found is not None:
            return found
    return None


def _parse_chapter_xml(text: str, source_name: str) -> StatusPage:
    root, lines = _parse_xml_tree(text)
    participants = next(root.iter("Participants"), None)
    if participants is None:
        raise UntcParseError("no <Participants> table found: is this the UNTC chapter XML of XXVI-8?")
    header = next(participants.iter("Thead"), None)
    body = next(participants.iter("Tbody"), None)
    header_row = None if header is None else next(header.iter("Row"), None)
    if header_row is None or body is None:
        raise UntcParseError("the <Participants> table has no Thead row or no Tbody", lines[participants])
    parts = _PageParts(
        format="xml",
        header=_xml_row(header_row, lines),
        body=[_xml_row(row, lines) for row in body.iter("Row")],
        as_of=_xml_status_as_at(root, lines),
        stated_totals=_xml_stated_totals(root, lines),
    )
    return _assemble(parts, source_name)


# --- files --------------------------------------------------------------------------------------

_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']""")


def _decode(data: bytes) -> str:
    """Decode a saved page: the XML says its encoding (ISO-8859-1), the HTML is UTF-8."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    declared = _XML_ENCODING.match(data.lstrip())
    encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        return data.decode(encoding)
    except LookupError:
        raise UntcParseError(f"the XML declares an unknown encoding {encoding!r}", 1) from None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise UntcParseError(f"the file is not valid {encoding} text", line) from None
