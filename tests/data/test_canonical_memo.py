"""`attu fmt` remembers the texts it found canonical, and the memory never hides a change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from att_univ.data.canonical import MEMO_FILE, CanonicalMemo, format_dataset
from tests.conftest import DATA


@pytest.fixture
def small_dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "data"
    (root / "states").mkdir(parents=True)
    for name in ("gmb.yaml", "nor.yaml"):
        shutil.copy(DATA / "states" / name, root / "states" / name)
    return root


def test_a_remembered_text_is_not_laid_out_again_and_an_edit_is_still_seen(small_dataset: Path) -> None:
    assert format_dataset(small_dataset, check=True).changed == []
    assert len(CanonicalMemo().known) == 2

    gmb = small_dataset / "states" / "gmb.yaml"
    gmb.write_text(gmb.read_text().replace("iso2: GM", "iso2:     GM"))
    for _ in range(2):  # a text found wanting is never remembered
        assert format_dataset(small_dataset, check=True).changed == [str(small_dataset / "states" / "gmb.yaml")]

    assert format_dataset(small_dataset, check=False).changed == [str(small_dataset / "states" / "gmb.yaml")]
    assert "iso2: GM\n" in gmb.read_text()
    assert format_dataset(small_dataset, check=True).changed == []


def test_a_forged_memory_is_ignored(small_dataset: Path, tmp_path: Path) -> None:
    gmb = small_dataset / "states" / "gmb.yaml"
    gmb.write_text(gmb.read_text().replace("iso2: GM", "iso2:     GM"))
    memo = CanonicalMemo()
    memo.add(gmb.read_text(), "anything")
    memo.save()
    forged = tmp_path / "cache" / "attu" / MEMO_FILE
    forged.write_bytes(forged.read_bytes()[:-1] + b"x")  # the seal no longer verifies
    assert CanonicalMemo().known == {}
    assert format_dataset(small_dataset, check=True).changed == [str(small_dataset / "states" / "gmb.yaml")]
