"""A small dataset to attack: nine states, copied fresh for each test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES


@pytest.fixture
def small_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of tests/fixtures/review-data at ./data, with the working directory above it."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "review-data", target)
    monkeypatch.chdir(tmp_path)
    return target
