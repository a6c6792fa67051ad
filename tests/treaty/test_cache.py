"""The treaty index cache: used while current, rebuilt on any change, never written for invalid data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from att_univ.treaty import cache
from att_univ.treaty.index import RegionFacts, member_on
from tests.conftest import REPO, run_cli, snapshot
from tests.support.status_reference import CANARY, add_canaries

pytest_plugins = ["tests.support.status_fixtures"]  # data_copy, in_data_copy, real_index, private_copy


def primary(data: Path) -> Path:
    return data / cache.CACHE_DIRECTORY / cache.CACHE_FILE


def test_the_first_run_caches_and_the_next_reads_the_cache(private_copy: Path) -> None:
    assert cache.read_index(private_copy) is None
    first = run_cli("status", "--data", str(private_copy), "-v")
    assert "dataset validated; treaty index cached in" in first.stderr
    assert primary(private_copy).exists()
    assert (private_copy / cache.CACHE_DIRECTORY / ".gitignore").read_text(encoding="utf-8").endswith("*\n")
    second = run_cli("status", "--data", str(private_copy), "-v")
    assert "treaty index read from the cache" in second.stderr
    assert second.stdout == first.stdout


def test_the_cached_index_equals_a_fresh_one(private_copy: Path) -> None:
    from att_univ.data.loader import load_dataset
    from att_univ.treaty.index import build_index

    run_cli("status", "--data", str(private_copy))
    assert cache.read_index(private_copy) == build_index(load_dataset(private_copy).dataset)


def _touch_later(path: Path) -> None:
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))


@pytest.mark.parametrize(
    "change",
    ["touch-state", "add-state-file", "remove-region", "edit-meta", "add-yml"],
)
def test_any_change_to_the_data_makes_the_cache_stale(private_copy: Path, change: str) -> None:
    run_cli("status", "--data", str(private_copy))
    assert cache.read_index(private_copy) is not None
    if change == "touch-state":
        _touch_later(private_copy / "states" / "gmb.yaml")
    elif change == "add-state-file":
        shutil.copy(private_copy / "states" / "gmb.yaml", private_copy / "states" / "zzz.yaml")
    elif change == "remove-region":
        (private_copy / "regions" / "asean.yaml").unlink()
    elif change == "edit-meta":
        _touch_later(private_copy / "dataset.yaml")
    elif change == "add-yml":
        (private_copy / "states" / "notes.yml").write_text("x: 1\n", encoding="utf-8")
    assert cache.read_index(private_copy) is None


def test_an_edit_in_place_with_size_and_mtime_restored_is_noticed(private_copy: Path) -> None:
    # Same inode, same size, mtime set back by hand: the ctime still moved, and no user can set it back.
    run_cli("status", "--data", str(private_copy))
    path = private_copy / "states" / "gmb.yaml"
    info = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("2024-06-13", "2024-06-14"), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns, path.stat().st_ino) == (info.st_size, info.st_mtime_ns, info.st_ino)
    assert cache.read_index(private_copy) is None


def test_an_editor_that_replaces_the_file_is_noticed(private_copy: Path) -> None:
    run_cli("status", "--data", str(private_copy))
    path = private_copy / "states" / "gmb.yaml"
    info = path.stat()
    replacement = path.with_name(".gmb.yaml.swp")
    replacement.write_text(path.read_text(encoding="utf-8").replace("2024-06-13", "2024-06-14"), encoding="utf-8")
    os.utime(replacement, ns=(info.st_atime_ns, info.st_mtime_ns))
    os.replace(replacement, path)  # same name, size and mtime; a new inode
    assert cache.read_index(private_copy) is None


def test_invalid_data_writes_no_cache_and_fails_with_the_problems(private_copy: Path) -> None:
    path = private_copy / "states" / "gmb.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2024-06-13", "date: 2024-02-30"), encoding="utf-8")
    before = snapshot(private_copy)
    result = run_cli("status", "--data", str(private_copy))
    assert result.exit_code == 1
    assert "states/gmb.yaml" in result.stderr and "invalid-date" in result.stderr
    assert result.stdout == ""
    assert not primary(private_copy).exists()  # (the dataset cache, which keeps what is invalid too, may be there)
    assert snapshot(private_copy) == before


def test_a_stale_cache_is_not_used_when_the_data_became_invalid(private_copy: Path) -> None:
    assert run_cli("status", "--data", str(private_copy)).exit_code == 0
    path = private_copy / "states" / "gmb.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("iso2: GM", "iso2: gm"), encoding="utf-8")
    result = run_cli("status", "--data", str(private_copy))
    assert result.exit_code == 1
    assert "states/gmb.yaml" in result.stderr


def test_an_unwritable_dataset_caches_in_the_user_cache_directory(private_copy: Path, tmp_path: Path) -> None:
    (private_copy / cache.CACHE_DIRECTORY).write_text("not a directory\n", encoding="utf-8")  # mkdir fails, even for root
    result = run_cli("status", "--data", str(private_copy), "-v")
    assert result.exit_code == 0
    fallback = Path(cache.cache_paths(private_copy)[1])
    assert str(fallback).startswith(str(tmp_path / "xdg-cache" / "attu"))
    assert fallback.exists()
    assert "treaty index read from the cache" in run_cli("status", "--data", str(private_copy), "-v").stderr


def test_a_corrupt_or_foreign_cache_is_a_miss(private_copy: Path) -> None:
    run_cli("status", "--data", str(private_copy))
    target = primary(private_copy)
    for content in (b"", b"garbage", cache.MAGIC + b"\x00\x01", target.read_bytes()[:-20]):
        target.write_bytes(content)
        assert cache.read_index(private_copy) is None
    result = run_cli("status", "--data", str(private_copy), "-v")
    assert result.exit_code == 0 and "dataset validated" in result.stderr


def test_a_cache_copied_with_the_data_is_not_trusted(private_copy: Path, tmp_path: Path) -> None:
    run_cli("status", "--data", str(private_copy))
    copy = tmp_path / "copy" / "data"
    shutil.copytree(private_copy, copy, copy_function=shutil.copy2)  # keeps names, sizes and mtimes
    assert (copy / cache.CACHE_DIRECTORY / cache.CACHE_FILE).exists()
    assert cache.read_index(copy) is None


HEAVY = ("typer", "pydantic", "ruamel", "rich", "yaml", "pathlib", "dataclasses")


def test_a_cache_hit_imports_neither_typer_nor_pydantic_nor_ruamel(private_copy: Path) -> None:
    run_cli("status", "--data", str(private_copy))
    script = (
        "import sys\n"
        "from att_univ.launcher import fast_path\n"
        f"code = fast_path(['status', '--data', {str(private_copy)!r}])\n"
        f"heavy = sorted(m for m in {HEAVY!r} if m in sys.modules)\n"
        "sys.stderr.write(f'{code} {heavy}')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True)
    assert done.stderr.splitlines()[-1] == "0 []"  # after the note that the bundled dataset's date is old
    assert "117 States Parties" in done.stdout


def test_restricted_text_is_cached_only_as_the_guard_needs_it(private_copy: Path) -> None:
    # A dataset in clear (an encrypted one keeps only the public view: tests/data/test_encryption.py).
    (private_copy / "recipients.yaml").unlink()
    add_canaries(private_copy)
    result = run_cli("status", "--data", str(private_copy))
    assert result.exit_code == 0 and CANARY not in result.stdout
    index = cache.read_index(private_copy)
    assert index is not None
    assert any(CANARY.casefold() in text for text, _ in index.public_secrets)
    assert oct(primary(private_copy).stat().st_mode & 0o777) == "0o600"


def test_region_facts_count_members_as_the_model_does(private_copy: Path) -> None:
    import datetime as dt

    from att_univ.data.loader import load_dataset

    dataset = load_dataset(private_copy).dataset
    days = [dt.date(2000, 1, 1), dt.date(2025, 1, 28), dt.date(2025, 1, 29), dt.date(2026, 2, 3)]
    for region in dataset.regions.values():
        facts = RegionFacts(region.slug, region.name, region.scheme, tuple((m.state, m.since, m.until) for m in region.members))
        for day in days:
            assert facts.members_on(day) == region.members_on(day)
    assert member_on(None, dt.date(2025, 1, 29), dt.date(2025, 1, 28)) and not member_on(
        None, dt.date(2025, 1, 29), dt.date(2025, 1, 29)
    )
