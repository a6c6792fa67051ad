"""One parser for dates: one written form, impossible days named as such, the same words everywhere."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from att_univ.core.dates import FIRST_DAY, LAST_DAY, not_after, parse_date
from att_univ.core.errors import ExitCode, UsageError


@given(st.dates(min_value=FIRST_DAY, max_value=LAST_DAY))
def test_every_day_written_as_iso_reads_back(day: dt.date) -> None:
    assert parse_date(day.isoformat(), "--as-of") == day


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-02-30", "--as-of: 2026-02-30 is not a date: February 2026 has 28 days"),
        ("2024-02-30", "--as-of: 2024-02-30 is not a date: February 2024 has 29 days"),
        ("2025-04-31", "--as-of: 2025-04-31 is not a date: April 2025 has 30 days"),
        ("2025-13-01", "--as-of: 2025-13-01 is not a date: there is no month 13"),
        ("2025-00-10", "--as-of: 2025-00-10 is not a date: there is no month 00"),
        ("2025-01-00", "--as-of: 2025-01-00 is not a date: January 2025 has 31 days"),
        ("2026-1-15", "--as-of: '2026-1-15' is not a date written as YYYY-MM-DD, such as 2026-01-15"),
        ("15/01/2026", "--as-of: '15/01/2026' is not a date written as YYYY-MM-DD, such as 2026-01-15"),
        ("20260115", "--as-of: '20260115' is not a date written as YYYY-MM-DD, such as 2026-01-15"),
        ("2026-01-15T00:00", "--as-of: '2026-01-15T00:00' is not a date written as YYYY-MM-DD, such as 2026-01-15"),
        ("", "--as-of: '' is not a date written as YYYY-MM-DD, such as 2026-01-15"),
    ],
)
def test_refusals_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_date(text, "--as-of")
    assert caught.value.message == message
    assert caught.value.exit_code == ExitCode.USAGE


def test_a_later_day_than_the_dataset_is_refused_with_the_way_to_move_it() -> None:
    with pytest.raises(UsageError, match=r"attu record as-of DATE --source ID"):
        not_after(dt.date(2026, 3, 1), dt.date(2026, 2, 3), "--as-of")
    assert not_after(dt.date(2026, 2, 3), dt.date(2026, 2, 3), "--as-of") == dt.date(2026, 2, 3)
