"""The one way attu reads a date from a person: YYYY-MM-DD, zero-padded, and a real day of the calendar.

Every date option and argument goes through `parse_date`, so `--as-of`, `--since`, `--on`,
`record deposit ... DATE` and the rest accept the same text and refuse it in the same words.
`2026-1-15` is refused (the dataset writes dates one way, and so do we); `2026-02-30` is named
as an impossible day rather than as a badly written one.
"""

from __future__ import annotations

import datetime as dt
import re

from att_univ.core.errors import UsageError
from att_univ.core.wording import MONTHS

_WRITTEN = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
EXAMPLE = "2026-01-15"
# Counting reaches a year back and some months forward (Art. 22's ninety days, follow-ups):
# a date at Python's limits (0001-01-01, 9999-12-31) would overflow. These bounds leave room.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(9998, 12, 31)


def parse_date(text: str, option: str) -> dt.date:
    """The day `text` names, or a UsageError saying, after the option's name, why it is not one."""
    written = text.strip()
    match = _WRITTEN.fullmatch(written)
    if match is None:
        raise UsageError(f"{option}: {text!r} is not a date written as YYYY-MM-DD, such as {EXAMPLE}")
    year, month, day = (int(part) for part in match.groups())
    if year < 1:
        raise UsageError(f"{option}: {written} is not a date: there is no year 0")
    if not 1 <= month <= 12:
        raise UsageError(f"{option}: {written} is not a date: there is no month {month:02d}")
    days = _days_in(year, month)
    if not 1 <= day <= days:
        raise UsageError(f"{option}: {written} is not a date: {MONTHS[month - 1]} {year} has {days} days")
    found = dt.date(year, month, day)
    if not FIRST_DAY <= found <= LAST_DAY:
        raise UsageError(f"{option}: {written} is out of range; give a date from {FIRST_DAY.year} to {LAST_DAY.year}")
    return found


def option_date(option: str, text: str) -> dt.date:
    """`parse_date` with the option first (the order the hardening code calls it in)."""
    return parse_date(text, option)


def parse_optional_date(text: str | None, option: str, default: dt.date) -> dt.date:
    """`parse_date` for an option that may be left out, meaning `default`."""
    return default if text is None else parse_date(text, option)


def not_after(day: dt.date, as_of: dt.date, option: str) -> dt.date:
    """Refuse a day after the dataset's as-of date: attu cannot vouch for what it has not been told."""
    if day > as_of:
        raise UsageError(
            f"{option}: {day.isoformat()} is after the dataset's as-of date ({as_of.isoformat()}); "
            "attu cannot vouch for later dates (attu record as-of DATE --source ID moves it)"
        )
    return day


def _days_in(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (dt.date(year, month + 1, 1) - dt.timedelta(days=1)).day
