"""Fixtures for the status, show, timeline, cache and launcher tests (`pytest_plugins` in each)."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import DATA


@pytest.fixture(scope="session")
def data_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the real dataset, shared by the read-only tests (they cache into it)."""
    target = tmp_path_factory.mktemp("status") / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns(".attu-cache"))
    return target


@pytest.fixture
def in_data_copy(data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work beside the shared copy (so outputs say `data`), with a private user cache directory.

    The private directory holds the run's secret, so that the caches the earlier tests left in
    the shared copy are trusted (under a secret of its own, every test parsed all files again).
    """
    monkeypatch.chdir(data_copy.parent)
    monkeypatch.setenv("XDG_CACHE_HOME", str(_private_cache_home(tmp_path)))
    monkeypatch.delenv("ATTU_DATA", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return data_copy


@pytest.fixture(scope="session")
def real_index(data_copy: Path):  # type: ignore[no-untyped-def]
    """The treaty index of the real dataset, built once."""
    from att_univ.data.loader import load_dataset
    from att_univ.treaty.index import build_index

    result = load_dataset(data_copy)
    assert result.ok and result.dataset is not None
    return build_index(result.dataset)


@pytest.fixture
def private_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the dataset for one test to change, with the working directory above it."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns(".attu-cache"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(_private_cache_home(tmp_path)))
    monkeypatch.delenv("ATTU_DATA", raising=False)
    return target


def _private_cache_home(tmp_path: Path) -> Path:
    """A user cache directory of the test's own, holding links to the run's secret and to the records and parses
    the worker's earlier loads left (content-keyed and sealed with that secret), so that the test's first load
    of its copy does not parse and validate every file again. attu replaces these files, never writes into them."""
    from att_univ.core import sealed
    from att_univ.data import cache

    sealed.seal(b"")  # the run's secret exists
    shared = Path(sealed.user_cache_directory())
    private = tmp_path / "xdg-cache" / "attu"
    private.mkdir(parents=True, mode=0o700)
    for name in (sealed.SECRET_FILE, cache.SEED_FILE, *(cache.SEED_RECORDS_FILE.format(shard) for shard in cache.SHARDS)):
        with contextlib.suppress(FileNotFoundError, FileExistsError):
            os.link(shared / name, private / name)
    return private.parent
