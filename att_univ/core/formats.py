"""Plain-text output formats shared by every command: JSON, CSV, Markdown. No third-party imports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

# C0/C1 controls other than tab, LF and CR; Unicode line/paragraph separators.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
# Bidirectional overrides and marks, zero-width characters: invisible text that can make
# a reader see something other than what the text says.
INVISIBLE_CHARACTERS = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
REPLACEMENT = "\ufffd"


def visible_text(text: str) -> str:
    """Text from outside (a web page) made safe to show: each control or invisible character becomes �.

    An escape sequence could clear a terminal or forge lines; a bidirectional override could make
    a name read backwards. Replacing them with a visible mark shows that something was there.
    """
    text = CONTROL_CHARACTERS.sub(REPLACEMENT, text)
    return INVISIBLE_CHARACTERS.sub(REPLACEMENT, text)


def json_text(value: Any) -> str:
    """Stable, readable JSON: dates as ISO strings, keys in the order given, a final newline."""
    return json.dumps(value, ensure_ascii=False, indent=2, default=_json_default) + "\n"


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


# A spreadsheet reads a cell starting with one of these as a formula (`=HYPERLINK(...)`, `@SUM`,
# `-2+3`), or, for tab and carriage return, shifts it; OWASP's advice is to prefix such text with
# a single quote, which the spreadsheet shows as text and does not keep as part of the value.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """One CSV cell: dates as ISO strings, None as empty, text that a spreadsheet would run as a formula quoted with '."""
    if value is None:
        return ""
    text = _plain(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        text = "'" + text
    # The csv module quotes a cell holding "\n" but not one holding a lone "\r", which a
    # spreadsheet would read as the end of the row.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV with a header row, every cell through `csv_cell` (no formula injection)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_cell(header) for header in headers])
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return buffer.getvalue()


def _plain(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


# Characters that Markdown (GitHub's included) reads as inline markup or raw HTML anywhere,
# and the ones that start a block (heading, list, quote) at the beginning of a line.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_BLOCK_START = re.compile(r"^([#+\-=>]|\d+(?=[.)]))")
_MENTION = re.compile(r"@(?=\w)")
WORD_JOINER = "\u2060"


def markdown_escape(text: Any) -> str:
    """Text that renders literally in Markdown: no tables broken, no HTML, no links, no @mentions."""
    value = _plain(text) if text is not None else ""
    value = " ".join(value.split())  # newlines would end a table row or start a block
    value = _INLINE_SPECIAL.sub(r"\\\1", value)
    value = _BLOCK_START.sub(lambda m: m[1] + "\\" if m[1][0].isdigit() else "\\" + m[1], value)
    # A backslash does not stop GitHub from notifying @someone; an invisible word joiner does.
    return _MENTION.sub("@" + WORD_JOINER, value)


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, align: str = "") -> str:
    """A GitHub-flavoured Markdown table; every cell escaped. `align` holds l/r per column."""
    lines = ["| " + " | ".join(markdown_escape(h) for h in headers) + " |"]
    rules = []
    for index in range(len(headers)):
        rules.append("---:" if align[index : index + 1] == "r" else "---")
    lines.append("| " + " | ".join(rules) + " |")
    for row in rows:
        lines.append("| " + " | ".join(markdown_escape(cell) for cell in row) + " |")
    return "\n".join(lines) + "\n"
