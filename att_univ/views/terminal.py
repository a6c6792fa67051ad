"""The only module that imports rich: tables and headlines for people at a terminal.

Colour is decoration, never the only carrier of meaning: every status also has a word or
symbol, and rich drops colour by itself when NO_COLOR is set or output is piped.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Column:
    """A table column: header, alignment, and an optional style."""

    header: str
    justify: str = "left"
    style: str | None = None


def render_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Any]],
    *,
    title: str | None = None,
    caption: str | None = None,
    row_styles: Sequence[str | None] | None = None,
    width: int | None = None,
) -> str:
    """A table as text for the terminal (with colour only when the terminal shows colour)."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, caption=caption, title_justify="left", caption_justify="left", header_style="bold")
    for column in columns:
        table.add_column(column.header, justify=column.justify, style=column.style)  # type: ignore[arg-type]
    for index, row in enumerate(rows):
        style = row_styles[index] if row_styles else None
        # Text() so that dataset values are never read as rich markup.
        table.add_row(*(Text("" if cell is None else str(cell)) for cell in row), style=style)
    return _capture(table, width)


def render_lines(lines: Sequence[tuple[str, str | None]], *, width: int | None = None) -> str:
    """Lines of text, each with an optional style (e.g. a bold headline)."""
    from rich.text import Text

    text = Text()
    for index, (line, style) in enumerate(lines):
        if index:
            text.append("\n")
        text.append(line, style=style)
    return _capture(text, width)


def _capture(renderable: Any, width: int | None) -> str:
    from rich.console import Console

    colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    console = Console(
        file=None,
        width=width or output_width(),
        color_system="auto" if colour else None,
        force_terminal=colour,
        no_color=not colour,
        highlight=False,
        soft_wrap=False,
    )
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


PIPED_WIDTH = 120  # when neither COLUMNS nor any terminal says how wide: a file, a cron job


def output_width(environ: dict[str, str] | None = None) -> int | None:
    """How wide tables may be: the terminal's own width (None: rich measures it), else COLUMNS, else the
    terminal that stderr still shows (`attu tiers | less`), else PIPED_WIDTH."""
    if sys.stdout.isatty():
        return None
    columns = (os.environ if environ is None else environ).get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns
    except (AttributeError, OSError, ValueError):
        return PIPED_WIDTH
