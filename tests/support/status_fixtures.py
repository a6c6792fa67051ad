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
    from att_univ.core import sealed

    sealed.seal(b"")  # the run's secret exists
    private = tmp_path / "xdg-cache"
    (private / "attu").mkdir(parents=True, mode=0o700)
    with contextlib.suppress(FileExistsError):
        os.link(Path(sealed.user_cache_directory()) / sealed.SECRET_FILE, private / "attu" / sealed.SECRET_FILE)
    monkeypatch.setenv("XDG_CACHE_HOME", str(private))
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
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("ATTU_DATA", raising=False)
    return target
