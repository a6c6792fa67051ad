"""Shared fixtures: the real dataset, copies of it to break, and the CLI runner."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from att_univ.cli import app

# Tables fit COLUMNS when piped (att_univ/views/terminal.py): one width for every run, so golden files hold.
os.environ["COLUMNS"] = "120"

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Caches are sealed with a per-user secret in $XDG_CACHE_HOME/attu: keep the suite's own out of the user's,
# one for the whole run (workers inherit it), so that they share what they cache of the bundled dataset.
if "ATTU_TESTS_CACHE_HOME" not in os.environ:
    os.environ["ATTU_TESTS_CACHE_HOME"] = tempfile.mkdtemp(prefix="attu-tests-cache-")
os.environ["XDG_CACHE_HOME"] = os.environ["ATTU_TESTS_CACHE_HOME"]


def run_cli(*args: str, env: dict[str, str] | None = None) -> Result:
    """Invoke attu in-process, as a user would from the shell."""
    return CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def dataset_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the real dataset at ./data, with the working directory above it."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns(".attu-cache"))
    monkeypatch.chdir(tmp_path)
    return target


def snapshot(root: Path) -> dict[str, str]:
    """Every file below root with a hash of its content: to prove that nothing was written."""
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".attu-cache" not in path.parts
    }
