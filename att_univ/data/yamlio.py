"""The only module that imports ruamel.yaml: one YAML profile for reading, editing and writing.

Reading builds plain Python values straight from libyaml's event stream (ruamel.yaml.clib),
with our own iterative constructor. That gives us, in one fast pass and without recursion:
the position of every key and value, YAML 1.2 core scalars (no `NO` becoming false), and a
refusal of everything the dataset must never contain (aliases, tags, directives, several
documents, duplicate keys, excessive depth or size). Round-trip parsing, which keeps comments
and layout but costs several times more, is used only to edit or reformat files.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

from att_univ.core.formats import CONTROL_CHARACTERS, INVISIBLE_CHARACTERS
from att_univ.core.problems import Problem

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 24
MAX_NODES = 50_000

Location = tuple[Any, ...]  # path of keys and indexes from the document root


@dataclass
class Parsed:
    """A parsed document: its value (None if unusable), where each part is, and what was wrong."""

    value: Any = None
    positions: dict[Location, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Location, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    bad_locations: set[Location] = field(default_factory=set)
    sealed: frozenset[Location] = frozenset()  # values that were stored encrypted (att_univ.data.protected)
    ciphertext: bool | None = None  # whether any value is still sealed; None when not known (look)
    # A parse remembered without its positions (att_univ.data.cache) parses its file again the
    # first time a position is asked for: most loads never ask, and positions are most of a parse.
    reparse: Callable[[], Parsed] | None = field(default=None, repr=False, compare=False)

    def with_positions(self) -> Parsed:
        """This parse, with its positions found again first if it was remembered without them."""
        if self.reparse is not None:
            again, self.reparse = self.reparse(), None
            self.positions, self.key_positions = again.positions, again.key_positions
        return self

    def locate(self, location: Location, *, prefer_key: bool = False) -> tuple[int, int]:
        """Line and column of a location, or of its nearest located ancestor."""
        self.with_positions()
        loc = tuple(location)
        while True:
            if prefer_key and loc in self.key_positions:
                return self.key_positions[loc]
            if loc in self.positions:
                return self.positions[loc]
            if loc in self.key_positions:
                return self.key_positions[loc]
            if not loc:
                return (1, 1)
            loc = loc[:-1]


# Control, bidirectional and zero-width characters: refused in the files as written, and in
# values once YAML's escapes ("\e", "\u202e") are decoded.
_CONTROL = CONTROL_CHARACTERS
_INVISIBLE = INVISIBLE_CHARACTERS
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_MAX_CHARACTER_PROBLEMS = 10


def read_text(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Decode a file as UTF-8 and refuse control, bidirectional and zero-width characters."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(path, 1, 1, "encoding", "file is UTF-16; save it as UTF-8")]
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [Problem(path, 1, 1, "encoding", "file starts with a byte-order mark; save it as UTF-8 without BOM")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_column(raw[: exc.start].decode("utf-8", "replace"), exc.start)
        return None, [Problem(path, line, column, "encoding", "not valid UTF-8; save the file as UTF-8")]
    problems = []
    for pattern, code, what in (
        (_CONTROL, "control-character", "control character"),
        (_INVISIBLE, "invisible-character", "invisible or bidirectional character"),
    ):
        for match in pattern.finditer(text):
            line, column = _line_column(text, match.start())
            codepoint = f"U+{ord(match.group()):04X}"
            problems.append(Problem(path, line, column, code, f"{what} {codepoint} is not allowed"))
            if len(problems) >= _MAX_CHARACTER_PROBLEMS:
                break
    return (None if problems else text), problems


def _line_column(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    line = before.count("\n") + 1
    return line, offset - (before.rfind("\n") + 1) + 1


def parse(text: str, path: str) -> Parsed:
    """Parse one YAML document into plain values, refusing unsafe or ambiguous YAML."""
    from _ruamel_yaml import CParser

    result = Parsed()
    try:
        _Builder(path, result).run(CParser(text))
    except _Stop:
        result.value = None
    except Exception as exc:  # libyaml's scanner/parser errors: report where, not what
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        what = getattr(exc, "problem", None) or "the file is not well-formed YAML"
        context = getattr(exc, "context", None)
        message = f"{what} ({context})" if context else what
        result.problems.append(Problem(path, line, column, "yaml-syntax", message))
        result.value = None
    return result


def parse_bytes(raw: bytes, display: str) -> Parsed:
    """Decode and parse a file's content, turning every failure into problems."""
    if len(raw) > MAX_FILE_BYTES:
        return Parsed(problems=[Problem(display, 1, 1, "too-large", f"file is {len(raw)} bytes; the limit is {MAX_FILE_BYTES}")])
    text, problems = read_text(raw, display)
    if text is None:
        return Parsed(problems=problems)
    return parse(text, display)


def read_file_again(path: str | Path, display: str, sha256: str) -> Parsed:
    """A file read and parsed again for its positions: an empty parse if its content is no longer the one hashed."""
    import hashlib

    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError:
        return Parsed()
    return parse_bytes(raw, display) if hashlib.sha256(raw).hexdigest() == sha256 else Parsed()


def read_file(path: Path, display: str) -> Parsed:
    """Read, decode and parse a file, turning every failure into problems."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return Parsed(problems=[Problem(display, 1, 1, "too-large", f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")])
        raw = path.read_bytes()
    except OSError as exc:
        return Parsed(problems=[Problem(display, 1, 1, "unreadable", exc.strerror or "cannot read the file")])
    return parse_bytes(raw, display)


class _Stop(Exception):
    """Parsing of this document cannot usefully go on."""


class _Builder:
    """Turns libyaml events into dicts, tuples and scalars, recording positions."""

    def __init__(self, path: str, result: Parsed) -> None:
        from ruamel.yaml import events  # imported with the C parser anyway

        self.events = events
        self.path = path
        self.result = result
        self.nodes = 0

    def fail(self, mark: Any, code: str, message: str) -> None:
        self.result.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, code, message))

    def stop(self, mark: Any, code: str, message: str) -> None:
        self.fail(mark, code, message)
        raise _Stop

    def run(self, parser: Any) -> None:
        events = _events(parser, self.events.StreamEndEvent)
        next(events)  # stream start
        document = next(events)
        if isinstance(document, self.events.StreamEndEvent):
            self.result.problems.append(Problem(self.path, 1, 1, "empty-file", "the file holds no YAML document"))
            raise _Stop
        if document.version is not None or document.tags:
            self.stop(document.start_mark, "directive", "YAML directives (%YAML, %TAG) are not allowed")
        self.result.value = self.node(events, next(events), (), 0)
        next(events)  # document end
        extra = next(events)
        if not isinstance(extra, self.events.StreamEndEvent):
            self.stop(extra.start_mark, "multiple-documents", "only one YAML document per file is allowed")

    def node(self, events: Iterator[Any], event: Any, location: Location, depth: int) -> Any:
        kind = type(event)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self.stop(event.start_mark, "too-large", f"more than {MAX_NODES} values in one file")
        if kind is self.events.AliasEvent:
            self.stop(event.start_mark, "alias", "aliases (*name) are not allowed; write the value out")
        if event.anchor is not None:
            self.stop(event.start_mark, "anchor", "anchors (&name) are not allowed")
        if event.tag is not None and not _implicit(event):
            self.stop(event.start_mark, "tag", "tags (!name, !!type) are not allowed")
        mark = event.start_mark
        self.result.positions[location] = (mark.line + 1, mark.column + 1)
        if kind is self.events.ScalarEvent:
            return self.scalar(event, location)
        if depth >= MAX_DEPTH:
            self.stop(mark, "too-deep", f"values are nested more than {MAX_DEPTH} levels deep")
        if kind is self.events.SequenceStartEvent:
            return self.sequence(events, location, depth)
        return self.mapping(events, event, location, depth)

    # Recursion here is bounded by MAX_DEPTH, so a deeply nested file fails with a located
    # problem instead of a RecursionError.
    def sequence(self, events: Iterator[Any], location: Location, depth: int) -> tuple[Any, ...]:
        items: list[Any] = []
        for event in events:
            if isinstance(event, self.events.SequenceEndEvent):
                return tuple(items)
            items.append(self.node(events, event, (*location, len(items)), depth + 1))
        raise _Stop

    def mapping(self, events: Iterator[Any], start: Any, location: Location, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_event in events:
            if isinstance(key_event, self.events.MappingEndEvent):
                return result
            if not isinstance(key_event, self.events.ScalarEvent):
                self.stop(key_event.start_mark, "complex-key", "keys must be plain text")
            if key_event.anchor is not None or (key_event.tag is not None and not _implicit(key_event)):
                self.stop(key_event.start_mark, "tag", "anchors and tags are not allowed on keys")
            key = key_event.value
            key_mark = key_event.start_mark
            child = (*location, key)
            if key_event.style == '"':
                self.refuse_escaped_characters(key_event, child)
            if key in result:
                first = self.result.key_positions[child][0]
                self.fail(key_mark, "duplicate-key", f"duplicate key (first given on line {first})")
                self.node(events, next(events), (*location, "<duplicate>"), depth + 1)
                continue
            self.result.key_positions[child] = (key_mark.line + 1, key_mark.column + 1)
            result[key] = self.node(events, next(events), child, depth + 1)
        raise _Stop

    def refuse_escaped_characters(self, event: Any, location: Location) -> None:
        """A double-quoted scalar's escapes decode into characters the file itself may not hold."""
        for pattern, code, what in (
            (_CONTROL, "control-character", "control character"),
            (_INVISIBLE, "invisible-character", "invisible or bidirectional character"),
        ):
            match = pattern.search(event.value)
            if match is not None:
                codepoint = f"U+{ord(match.group()):04X}"
                self.fail(event.start_mark, code, f"{what} {codepoint} (written as an escape) is not allowed")
                self.result.bad_locations.add(location)
                return

    def scalar(self, event: Any, location: Location) -> Any:
        value: str = event.value
        if event.style == '"':
            self.refuse_escaped_characters(event, location)
        if event.style is not None and event.style != "":
            return value  # quoted or block scalars are always text
        if value in ("", "~", "null", "Null", "NULL"):
            return None
        if value in ("true", "True", "TRUE"):
            return True
        if value in ("false", "False", "FALSE"):
            return False
        if _DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                self.fail(event.start_mark, "invalid-date", "not a real calendar date (YYYY-MM-DD)")
                self.result.bad_locations.add(location)
                return value
        if _INT.match(value):
            try:
                return int(value)
            except ValueError:  # beyond Python's integer-string limit: leave as text
                return value
        if _FLOAT.match(value):
            number = float(value)
            if math.isinf(number):  # 1e400: Python reads infinity, which no field means
                self.fail(event.start_mark, "number-out-of-range", f"{value} is too large a number (read as infinity)")
                self.result.bad_locations.add(location)
                return value
            return number
        return value


def _implicit(event: Any) -> bool:
    implicit = event.implicit
    return bool(implicit[0] or implicit[1]) if isinstance(implicit, tuple) else bool(implicit)


def _events(parser: Any, end: type) -> Iterator[Any]:
    while True:
        event = parser.get_event()
        yield event
        if isinstance(event, end):
            return


# --- Round trip: editing and formatting, comments and layout kept -------------------------

MODELINE = "# yaml-language-server: $schema={schema}\n"


# Python refuses to read integers longer than this from text; the reader then keeps them as text.
_INT_DIGITS = 4300

# What a plain scalar means when the round trip reads it, and whether text must be quoted when
# it writes it: exactly what `_Builder.scalar` decides, and nothing more. ruamel's own YAML 1.2
# rules also read timestamps, `.nan`, `0x1F` and `1_000`; it would then write them back in its
# own spelling (`2001-12-14T21:59:43.100000-05:00`), changing text nobody meant to touch. A
# digits-only scalar too long for Python's int() is text to the loader, so it is text here too.
_INT_TEXT = r"[-+]?(?:0|[1-9][0-9]*)"
_WRITER_RULES = (
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$"),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$"),
    ("tag:yaml.org,2002:timestamp", _DATE.pattern),
    ("tag:yaml.org,2002:int", rf"^[-+]?(?:0|[1-9][0-9]{{0,{_INT_DIGITS - 1}}})$"),
    ("tag:yaml.org,2002:float", rf"^(?!{_INT_TEXT}$)" + _FLOAT.pattern.removeprefix("^")),
)


def _reader_resolver() -> Any:
    """A ruamel resolver that reads plain scalars as the loader does (see _WRITER_RULES)."""
    from ruamel.yaml.resolver import VersionedResolver

    table: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
    for tag, pattern in _WRITER_RULES:
        compiled = re.compile(pattern)
        for first in [*"0123456789-+.tTfFnN~", ""]:
            table.setdefault(first, []).append((tag, compiled))

    class ReaderResolver(VersionedResolver):  # type: ignore[misc]
        @property
        def versioned_resolver(self) -> Any:
            return table

    return ReaderResolver


def round_trip() -> Any:
    """The project's one YAML profile for writing: block style, 2-space indents, no width folding."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt", pure=True)
    yaml.Resolver = _reader_resolver()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.preserve_quotes = True
    yaml.allow_duplicate_keys = False
    # The same object used twice (a date, say) must be written twice, never as &anchor/*alias.
    yaml.representer.ignore_aliases = lambda *_: True
    yaml.representer.add_representer(str, _represent_text)
    return yaml


# Words that YAML 1.1 readers (PyYAML, many editors and spreadsheets' importers) take for
# booleans: attu reads YAML 1.2, where they are text, but writes them quoted so that Norway's
# `NO` stays a code for every reader of the dataset and its exports.
_YAML11_BOOLEANS = frozenset(
    word for base in ("y", "yes", "n", "no", "on", "off") for word in (base, base.capitalize(), base.upper())
)


def _represent_text(representer: Any, text: str) -> Any:
    if text in _YAML11_BOOLEANS:
        return representer.represent_scalar("tag:yaml.org,2002:str", text, style="'")
    return representer.represent_str(text)


def load_round_trip(text: str) -> Any:
    """Load text for editing; call `parse` first, since this parser accepts unsafe YAML."""
    return round_trip().load(text)


def dump_round_trip(document: Any) -> str:
    """Dump an edited round-trip document with the project's profile."""
    stream = StringIO()
    round_trip().dump(document, stream)
    return stream.getvalue()


def dump_plain_data(document: Mapping[str, Any]) -> str:
    """What `dump_round_trip` writes for plain data, several times faster: for exports of many records.

    Plain data is what models dump: mappings of text keys to text, numbers, booleans, dates,
    lists of them or of mappings, and `flow_sequence` lists of scalars. Each scalar is quoted as
    ruamel would (its own analysis of the text decides, with the project's resolver); anything
    else (an empty collection, null, a float, text over several lines or needing escapes, a line
    long enough to be folded) is handed to ruamel itself. Tests compare the two on every record
    of the dataset and on generated data.
    """
    try:
        lines: list[str] = []
        _PlainWriter.get().mapping(document, 0, lines)
    except _NotPlain:
        return dump_round_trip(document)
    if any(len(line) > _LONGEST_PLAIN_LINE for line in lines):
        return dump_round_trip(document)
    return "\n".join(lines) + "\n"


_LONGEST_PLAIN_LINE = 4000  # the profile folds lines at 4096 columns


class _NotPlain(Exception):
    """The data holds something the fast writer leaves to ruamel."""


def _printable(ch: str) -> bool:
    return " " <= ch <= "~" or "\xa0" <= ch <= "\ud7ff" or "\ue000" <= ch <= "\ufffd" or ch >= "\U00010000"


class _PlainWriter:
    """The block layout of `round_trip()` (mappings indented 2, sequences 4 with the dash at 2), for plain data."""

    _instance: _PlainWriter | None = None

    @classmethod
    def get(cls) -> _PlainWriter:
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance

    def __init__(self) -> None:
        from ruamel.yaml.comments import CommentedSeq
        from ruamel.yaml.nodes import ScalarNode

        yaml = round_trip()
        self._emitter = yaml.emitter  # its analysis of a scalar decides the quoting, as when ruamel writes
        self._resolver = yaml.resolver
        self._node = ScalarNode
        self._flow = CommentedSeq
        self._texts: dict[tuple[str, bool, bool], str] = {}

    def mapping(self, value: Mapping[str, Any], indent: int, lines: list[str], first: str | None = None) -> None:
        if type(value) is not dict or not value:
            raise _NotPlain
        pad = " " * indent
        for number, (key, item) in enumerate(value.items()):
            if type(key) is not str or len(key) > 100:
                raise _NotPlain
            start = (first if number == 0 and first is not None else pad) + self.text(key, key=True)
            if isinstance(item, dict):
                lines.append(start + ":")
                self.mapping(item, indent + 2, lines)
            elif isinstance(item, list):
                if isinstance(item, self._flow) and item.fa.flow_style():
                    lines.append(f"{start}: [{', '.join(self.scalar(element, flow=True) for element in item)}]")
                elif type(item) is list and item:
                    lines.append(start + ":")
                    self.sequence(item, indent + 2, lines)
                else:
                    raise _NotPlain
            else:
                lines.append(f"{start}: {self.scalar(item)}")

    def sequence(self, value: list[Any], indent: int, lines: list[str]) -> None:
        dash = " " * indent + "- "
        for item in value:
            if isinstance(item, dict):
                self.mapping(item, indent + 2, lines, first=dash)
            elif isinstance(item, list):
                raise _NotPlain
            else:
                lines.append(dash + self.scalar(item))

    def scalar(self, value: Any, *, flow: bool = False) -> str:
        kind = type(value)
        if kind is str:
            return self.text(value, flow=flow)
        if kind is bool:
            return "true" if value else "false"
        if kind is int:
            return str(value)
        if kind is dt.date:
            return value.isoformat()
        raise _NotPlain

    def text(self, value: str, *, key: bool = False, flow: bool = False) -> str:
        cache_key = (value, key, flow)
        written = self._texts.get(cache_key)
        if written is None:
            written = self._texts[cache_key] = self._quote(value, key=key, flow=flow)
        return written

    def _quote(self, value: str, *, key: bool, flow: bool) -> str:
        # The choice of ruamel's Emitter.choose_scalar_style, for one line of text.
        if not value or "\n" in value:
            raise _NotPlain
        analysis = self._emitter.analyze_scalar(value)
        if analysis.multiline:
            raise _NotPlain
        forced_single = value in _YAML11_BOOLEANS  # as _represent_text writes them
        implicit = self._resolver.resolve(self._node, value, (True, False)) == "tag:yaml.org,2002:str"
        if not forced_single and implicit and (analysis.allow_flow_plain if flow else analysis.allow_block_plain):
            return value
        if not forced_single and analysis.allow_double_quoted and "'" in value:
            return self._double(value)
        if analysis.allow_single_quoted:
            return "'" + value.replace("'", "''") + "'"
        return self._double(value)

    @staticmethod
    def _double(value: str) -> str:
        # Only text that ruamel writes between double quotes as it is; what it would escape is left to it.
        if any(ch in '"\\\x85\u2028\u2029\ufeff' or not _printable(ch) for ch in value):
            raise _NotPlain
        return '"' + value + '"'


def reformat(text: str) -> str:
    """The canonical layout of a document: what `attu fmt` writes."""
    return dump_round_trip(load_round_trip(text))


def flow_sequence(items: list[Any]) -> Any:
    """A sequence written on one line, as the dataset writes lists of source ids."""
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def new_mapping() -> Any:
    """An empty mapping for a round-trip document, written in block style."""
    from ruamel.yaml.comments import CommentedMap

    return CommentedMap()


def new_sequence() -> Any:
    """An empty sequence for a round-trip document, written in block style."""
    from ruamel.yaml.comments import CommentedSeq

    return CommentedSeq()


def atomic_write(path: Path, text: str) -> None:
    """Replace a file's content all at once: readers see the old file or the new, never a part."""
    from att_univ.data.outputs import write_file_atomically
    from att_univ.data.protected import seal_for_write

    # Every data file written (attu record, fmt, reconcile --apply, keys) passes here: what must not be in clear is sealed.
    write_file_atomically(path, seal_for_write(path, text).encode("utf-8"))
