"""Tables as plain text, for pipes, files and e-mail: aligned columns, no colour, no third-party import.

At a terminal, attu draws tables with rich (`att_univ.views.terminal`); piped, it uses this, which
costs nothing to import and gives the same columns in the same order.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

GAP = "  "


def plain_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    align: str = "",
    total: Sequence[Any] | None = None,
) -> str:
    """Columns padded to their widest cell; `align` holds l/r per column; a total row set off by a rule."""
    cells = [[_text(cell) for cell in row] for row in rows]
    total_cells = [_text(cell) for cell in total] if total is not None else None
    widths = [_width(header) for header in headers]
    for row in [*cells, *([total_cells] if total_cells else [])]:
        for column, cell in enumerate(row):
            widths[column] = max(widths[column], _width(cell))
    rule = GAP.join("-" * width for width in widths)
    lines = [_line(headers, widths, align), rule]
    lines.extend(_line(row, widths, align) for row in cells)
    if total_cells is not None:
        lines.extend([rule, _line(total_cells, widths, align)])
    return "\n".join(lines) + "\n"


def _line(cells: Sequence[str], widths: Sequence[int], align: str) -> str:
    parts = []
    for column, cell in enumerate(cells):
        padding = " " * (widths[column] - _width(cell))
        parts.append(padding + cell if align[column : column + 1] == "r" else cell + padding)
    return GAP.join(parts).rstrip()


def _text(cell: Any) -> str:
    return "" if cell is None else " ".join(str(cell).split())


def _width(text: str) -> int:
    """Columns a text takes in a monospaced font: wide (East Asian) characters count twice, marks nothing."""
    if text.isascii():
        return len(text)
    width = 0
    for character in text:
        if unicodedata.combining(character):
            continue
        width += 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1
    return width
