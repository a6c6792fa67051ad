"""Shared fixtures: the real dataset, copies of it to break, and the CLI runner."""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
import typer.testing
from typer.testing import CliRunner, Result

from att_univ.cli import app

# Tables fit COLUMNS when piped (att_univ/views/terminal.py): one width for every run, so golden files hold.
os.environ["COLUMNS"] = "120"

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Caches are sealed with a per-user secret in $XDG_CACHE_HOME/attu: keep the suite's own out of the user's.
# One secret for the whole run (workers inherit the directory), so that the workers trust each other's
# cache of the bundled dataset; but one cache directory per worker, so that the seed of parses that a
# load leaves there is not replaced by another worker in the middle of a test (cache tests failed so).
if "ATTU_TESTS_CACHE_HOME" not in os.environ:
    os.environ["ATTU_TESTS_CACHE_HOME"] = tempfile.mkdtemp(prefix="attu-tests-cache-")
    # The process that made it (the controller, whose workers inherit it) removes it when the run ends.
    atexit.register(shutil.rmtree, os.environ["ATTU_TESTS_CACHE_HOME"], ignore_errors=True)


def _cache_home_of_this_worker() -> str:
    shared = os.environ["ATTU_TESTS_CACHE_HOME"]
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None:
        return shared
    from att_univ.core import sealed

    os.environ["XDG_CACHE_HOME"] = shared
    sealed.seal(b"")  # makes the run's secret, or takes the one another worker made first
    own = os.path.join(shared, worker)
    os.makedirs(os.path.join(own, "attu"), mode=0o700, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.link(os.path.join(shared, "attu", sealed.SECRET_FILE), os.path.join(own, "attu", sealed.SECRET_FILE))
    return own


os.environ["XDG_CACHE_HOME"] = _cache_home_of_this_worker()


# typer builds the click command tree from the app on every CliRunner.invoke: about 60 ms, thousands
# of times in a run. Build it once per app and set of registered commands (a test may add one). The
# key holds the registrations themselves, not their ids, which a later object could reuse.
_built: dict[tuple[object, ...], Any] = {}


def _registrations(typer_app: typer.Typer) -> tuple[object, ...]:
    groups = tuple((group, _registrations(group.typer_instance)) for group in typer_app.registered_groups if group.typer_instance)
    return (typer_app, tuple(typer_app.registered_commands), groups, typer_app.registered_callback)


def _command_built_once(typer_app: typer.Typer) -> Any:
    key = (_registrations(typer_app), os.environ.get("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION"))
    if key not in _built:
        _built[key] = typer.main.get_command(typer_app)
    return _built[key]


typer.testing._get_command = _command_built_once  # type: ignore[assignment]


# The longest tests, longest first: they start first, and `--maxschedchunk 1` (pyproject.toml) hands
# tests out one at a time to whichever worker is free, so that the workers of `-n auto` share the
# long ones and end together instead of one waiting for the other. A slow test missing here costs
# only balance; find them with `--durations`.
LONGEST_FIRST = (
    "tests/review/test_kill.py",
    "tests/hostile/test_writes.py::test_item03_concurrent_writers_never_lose_an_update",
    "tests/data/test_encryption_kill.py",
    "tests/test_guard_everywhere.py::test_no_command_leaks_in_any_format_for_any_audience",
    "tests/data/test_loader_properties.py",
    "tests/data/test_schemas_independent.py",
    "tests/documents/test_site_browser.py",
    "tests/test_docs.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        return next((n for n, prefix in enumerate(LONGEST_FIRST) if item.nodeid.startswith(prefix)), len(LONGEST_FIRST))

    items.sort(key=rank)  # stable: the order within each group is kept


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


@pytest.fixture(scope="session")
def pristine_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the real dataset per worker, that `linked_copy` links to and nothing writes."""
    target = tmp_path_factory.mktemp("pristine") / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns(".attu-cache"))
    return target


@pytest.fixture
def linked_copy(pristine_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """As `dataset_copy`, but each file is a hard link to `pristine_data`'s: ten times faster to make and remove.

    Only for tests that change the data through attu (whose writes replace a file, never write into
    it) or `replace_file`: a file written in place would change every later copy. So the teardown
    checks that none was, and fails the test that did.
    """
    before = _stats(pristine_data)
    target = tmp_path / "data"
    shutil.copytree(pristine_data, target, copy_function=os.link)
    monkeypatch.chdir(tmp_path)
    yield target
    if _stats(pristine_data) != before:
        shutil.rmtree(pristine_data)
        shutil.copytree(DATA, pristine_data, ignore=shutil.ignore_patterns(".attu-cache"))
        pytest.fail("a file of linked_copy was written in place: use replace_file, or the dataset_copy fixture")


def _stats(root: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file below root (a write in place changes the time)."""
    found = {}
    for path in root.rglob("*.yaml"):
        info = path.stat()
        found[str(path)] = (info.st_size, info.st_mtime_ns)
    return found


def replace_file(path: Path, content: str | bytes) -> None:
    """Write a file anew (a new inode) rather than into it: what `linked_copy` needs, as an editor saving does."""
    path.unlink(missing_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)


def snapshot(root: Path) -> dict[str, str]:
    """Every file below root with a hash of its content: to prove that nothing was written."""
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".attu-cache" not in path.parts
    }
