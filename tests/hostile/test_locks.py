"""`attu fmt` and `attu reconcile --apply` write the dataset under its lock, as `attu record` does: while
another attu holds it they write nothing, and once they hold it they read the files as they are then."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from att_univ.data.outputs import dataset_lock
from tests.conftest import run_cli, snapshot
from tests.support.untc_pages import PAGE_TEXT, with_new_accession_of_ecuador

ATTU = str(Path(sys.executable).parent / "attu")
HOLD_SECONDS = 3.0  # longer than either command takes on this dataset when nothing holds the lock


def _run_while_locked(root: Path, *args: str) -> tuple[bool, subprocess.CompletedProcess[str]]:
    """Start attu while the lock is held; whether it wrote anything before the lock was released, and its result."""
    with dataset_lock(root):
        before = snapshot(root)
        process = subprocess.Popen([ATTU, *args], cwd=root.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + HOLD_SECONDS
        wrote = False
        while time.monotonic() < deadline and not wrote:
            time.sleep(0.1)
            wrote = snapshot(root) != before
    stdout, stderr = process.communicate(timeout=120)
    return wrote, subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def test_fmt_waits_for_the_lock(small_data: Path) -> None:
    state = small_data / "states" / "ind.yaml"
    state.write_text(state.read_text(encoding="utf-8").replace("name: India", "name:    India"), encoding="utf-8")
    wrote, result = _run_while_locked(small_data, "fmt", "--data", str(small_data))
    assert not wrote
    assert result.returncode == 0, result.stderr
    assert "name: India\n" in state.read_text(encoding="utf-8")


def test_fmt_check_reads_without_the_lock(small_data: Path) -> None:
    with dataset_lock(small_data):
        result = subprocess.run([ATTU, "fmt", "--check", "--data", str(small_data)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def _lock_is_held(root: Path) -> bool:
    descriptor = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(descriptor)  # releases it if this call took it
    return False


def test_reconcile_apply_reads_and_writes_under_the_lock(
    dataset_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import att_univ.data.loader as loader
    import att_univ.data.yamlio as yamlio

    page = tmp_path / "page.html"
    page.write_text(with_new_accession_of_ecuador(PAGE_TEXT), encoding="utf-8")
    held: list[tuple[str, bool]] = []
    real_load, real_write = loader.load_dataset, yamlio.atomic_write

    def load(root: Path, *args: Any, **kwargs: Any) -> Any:
        held.append(("read", _lock_is_held(dataset_copy)))
        return real_load(root, *args, **kwargs)

    def write(path: Path, text: str) -> None:
        held.append(("write", _lock_is_held(dataset_copy)))
        real_write(path, text)

    monkeypatch.setattr(loader, "load_dataset", load)
    monkeypatch.setattr(yamlio, "atomic_write", write)
    result = run_cli("reconcile", str(page), "--data", str(dataset_copy), "--apply", "--on", "2026-02-13")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "accession" in (dataset_copy / "states" / "ecu.yaml").read_text(encoding="utf-8")
    assert ("write", True) in held
    assert [what for what, locked in held if not locked] == []  # every read it wrote from, and every write, under the lock
