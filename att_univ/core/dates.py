"""Dates given on the command line: one parser, with the range attu can count in."""

from __future__ import annotations

import datetime as dt

from att_univ.core.errors import UsageError

# Counting reaches a year back and some months forward (Art. 22's ninety days, follow-ups):
# a date at Python's limits (0001-01-01, 9999-12-31) would overflow. These bounds leave room.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(9998, 12, 31)


def option_date(option: str, text: str) -> dt.date:
    """A YYYY-MM-DD option value within FIRST_DAY..LAST_DAY; anything else is a usage error (exit 2)."""
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option}: {text!r} is not a date written as YYYY-MM-DD, such as 2023-02-15") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise UsageError(f"{option}: {day.isoformat()} is out of range; give a date from {FIRST_DAY.year} to {LAST_DAY.year}")
    return day
