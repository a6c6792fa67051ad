"""Every date option and argument reads dates the same way and refuses them in the same words."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DATA, run_cli

IMPOSSIBLE = "2026-02-30 is not a date: February 2026 has 28 days"
UNPADDED = "'2026-1-15' is not a date written as YYYY-MM-DD, such as 2026-01-15"

COMMANDS = [
    (("status", "--as-of", "{d}"), "--as-of"),
    (("tiers", "--as-of", "{d}"), "--as-of"),
    (("support", "--as-of", "{d}"), "--as-of"),
    (("plan", "--as-of", "{d}"), "--as-of"),
    (("coordinate", "--as-of", "{d}"), "--as-of"),
    (("champions", "--as-of", "{d}"), "--as-of"),
    (("engagements", "--since", "{d}"), "--since"),
    (("report", "--since", "{d}"), "--since"),
    (("report", "--until", "{d}"), "--until"),
    (("reconcile", "page.html", "--apply", "--on", "{d}"), "--on"),
    (("record", "deposit", "GMB", "{d}", "-i", "ratification", "-s", "untc-status-2026"), "DATE"),
    (("record", "signature", "GMB", "{d}", "-s", "untc-status-2026"), "DATE"),
    (("record", "process", "GMB", "legislation", "{d}"), "DATE"),
    (("record", "engagement", "x-visit", "--date", "{d}", "--kind", "visit", "--title", "T"), "--date"),
]


@pytest.mark.parametrize(("args", "name"), COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else v)
@pytest.mark.parametrize("text", ["2026-02-30", "2026-1-15"])
def test_one_message_for_one_mistake(linked_copy: Path, args: tuple[str, ...], name: str, text: str) -> None:
    result = run_cli(*(a.format(d=text) for a in args), "--data", str(linked_copy))
    assert result.exit_code == 2, result.output
    expected = IMPOSSIBLE if text == "2026-02-30" else UNPADDED
    assert result.stderr == f"attu: {name}: {expected}\n"


def test_a_well_written_date_is_still_accepted() -> None:
    result = run_cli("status", "--as-of", "2024-02-29", "--data", str(DATA))
    assert result.exit_code == 0, result.stderr
