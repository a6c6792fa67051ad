"""Recording today's news: a source, the as-of date moved with it, then the deposit; never into an installed copy."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from att_univ.views.status import stale_dataset_note
from tests.conftest import DATA, run_cli, snapshot

SOURCE = "untc-status-2026-03-02"


def test_a_deposit_after_as_of_is_recorded_once_the_date_is_moved_with_a_source(linked_copy: Path) -> None:
    data = str(linked_copy)
    refused = run_cli("record", "deposit", "AGO", "2026-03-02", "-i", "ratification", "-s", "untc-status-2026", "--data", data)
    assert refused.exit_code == 1
    assert "attu record as-of DATE --source ID" in refused.stderr
    added = run_cli(
        "source", "add", SOURCE, "--title", "Status as at 2 March 2026", "--date", "2026-03-02", "--url",
        "https://treaties.un.org/status", "--data", data,
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    moved = run_cli("record", "as-of", "2026-03-02", "--source", SOURCE, "--data", data)
    assert moved.exit_code == 0, moved.stderr
    recorded = run_cli("record", "deposit", "AGO", "2026-03-02", "-i", "ratification", "-s", SOURCE, "--data", data)
    assert recorded.exit_code == 0, recorded.stderr
    meta_text = (linked_copy / "dataset.yaml").read_text(encoding="utf-8")
    meta = yaml.safe_load(meta_text)
    assert meta["as_of"] == dt.date(2026, 3, 2)
    assert meta["sources"][SOURCE] == {
        "title": "Status as at 2 March 2026",
        "url": "https://treaties.un.org/status",
        "date": dt.date(2026, 3, 2),
    }
    assert f"as_of: 2026-03-02  # moved from 2026-02-03 with source {SOURCE}" in meta_text
    assert meta_text.startswith("# yaml-language-server")  # comments kept
    state = yaml.safe_load((linked_copy / "states" / "ago.yaml").read_text(encoding="utf-8"))
    assert state["treaty"]["deposit"]["date"] == dt.date(2026, 3, 2)
    assert run_cli("validate", "--data", data).exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("record", "as-of", "2026-01-01", "--source", "untc-status-2026"), "moves it forward only"),
        (("record", "as-of", "2026-03-02", "--source", "untc-statuz-2026"), "did you mean untc-status-2026"),
        (("record", "as-of", "2999-01-01", "--source", "untc-status-2026"), "cannot vouch for the future"),
        (("source", "add", "untc-status-2026", "--title", "again"), "already has a source 'untc-status-2026'"),
        (("source", "add", "new-source", "--title", "T", "--url", "not a url"), "nothing was written"),
    ],
)
def test_refusals_write_nothing(linked_copy: Path, args: tuple[str, ...], message: str) -> None:
    before = snapshot(linked_copy)
    result = run_cli(*args, "--data", str(linked_copy))
    assert result.exit_code in (1, 2), result.output
    assert message in result.stderr
    assert snapshot(linked_copy) == before


RECORDS = [
    ("record", "signature", "AGO", "2026-01-15", "-s", "untc-status-2026"),
    ("record", "deposit", "AGO", "2026-01-15", "-i", "ratification", "-s", "untc-status-2026"),
    ("record", "process", "AGO", "legislation", "2026-01-15"),
    ("record", "engagement", "x-visit", "--date", "2026-01-15", "--kind", "visit", "--title", "T"),
    ("record", "as-of", "2026-03-01", "--source", "untc-status-2026"),
    ("source", "add", "new-source", "--title", "T"),
]


@pytest.mark.parametrize("args", RECORDS, ids=lambda a: " ".join(a[:2]))
def test_the_copy_inside_an_installed_package_is_refused(tmp_path: Path, args: tuple[str, ...]) -> None:
    installed = tmp_path / "lib" / "python3.11" / "site-packages" / "att_univ" / "_data"
    shutil.copytree(DATA, installed, ignore=shutil.ignore_patterns(".attu-cache"))
    before = snapshot(installed)
    result = run_cli(*args, "--data", str(installed))
    assert result.exit_code == 3, result.output
    assert "inside the installed attu package" in result.stderr
    assert "ATTU_DATA" in result.stderr and "cp -r" in result.stderr
    assert snapshot(installed) == before


def test_status_warns_when_the_dataset_is_old() -> None:
    as_of = dt.date(2026, 2, 3)
    assert stale_dataset_note(as_of, as_of + dt.timedelta(days=90)) is None
    warning = stale_dataset_note(as_of, as_of + dt.timedelta(days=91))
    assert warning is not None and "91 days ago" in warning and "attu record as-of" in warning
    result = run_cli("status", "--data", str(DATA))  # the bundled dataset's as-of date is 2026-02-03
    if (dt.date.today() - as_of).days > 90:
        assert "attu: warning: the dataset's as-of date is 3 February 2026" in result.stderr
    assert "warning" not in result.stdout


def test_the_fast_path_warns_too(linked_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from att_univ.launcher import fast_path

    assert run_cli("status", "--data", str(linked_copy)).exit_code == 0  # leaves the cached index current
    capsys.readouterr()
    assert fast_path(["status", "--data", str(linked_copy)]) == 0  # answered without typer
    captured = capsys.readouterr()
    stale = (dt.date.today() - dt.date(2026, 2, 3)).days > 90
    assert ("attu: warning: the dataset's as-of date" in captured.err) is stale
