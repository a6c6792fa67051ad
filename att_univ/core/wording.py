"""Plain English for people: dates written out, counted nouns, lists of names. No imports beyond the stdlib."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


# The first line of every restricted output: the general notice, and the one for tiers, plans and support advice.
RESTRICTED_NOTICE = "RESTRICTED — for the WGTU only: information on states' processes is not for public discussion (CSP9)."
RESTRICTED_ADVICE_NOTICE = (
    "RESTRICTED — for the WGTU only: tiers, readiness and support advice are not for public discussion (CSP9)."
)


def long_date(day: dt.date) -> str:
    """A date as diplomats write it: 3 February 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """`1 signatory`, `25 signatories`: the number with its noun in the right form."""
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"


def joined(items: Sequence[str], conjunction: str = "and") -> str:
    """`A`, `A and B`, `A, B and C`."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def one_year_before(day: dt.date) -> dt.date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters, broken at spaces only (a longer word keeps its own line)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


def percent(part: int, whole: int) -> str:
    """A share as a whole-number percentage, or an en dash when there is nothing to share."""
    return f"{round(100 * part / whole)}%" if whole else "–"
