"""`attu export` and `attu site` write a whole directory through one writer (data/outputs.write_directory):
it appears whole or not at all, and a directory is replaced only if it holds exactly what attu wrote there."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import run_cli, snapshot

MANIFESTS = {"export": "attu-export.json", "site": "attu-site.json"}


def _write(command: str, data: Path, out: Path, *, again: bool = False, variant: bool = False) -> Result:
    """Run the command; `again` asks to replace an earlier output (export needs --force; a site rebuild always may)."""
    if command == "export":
        extra = ["--force"] if again else []
        return run_cli("export", "--data", str(data), "--out", str(out), "-f", "json" if variant else "yaml", *extra)
    return run_cli("site", "--data", str(data), "--out", str(out), "--lang", "fr" if variant else "en")


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


@pytest.fixture(params=sorted(MANIFESTS))
def command(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_an_untouched_earlier_output_is_replaced_whole(command: str, small_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _write(command, small_data, out).exit_code == 0
    first = set(snapshot(out))
    edited = next(p for p in sorted(out.rglob("*")) if p.is_file() and p.name != MANIFESTS[command])
    edited.write_text("edited\n")  # a file attu wrote, changed: still attu's to replace
    result = _write(command, small_data, out, again=True, variant=True)
    assert result.exit_code == 0, result.stderr
    second = set(snapshot(out))
    assert second != first  # a different output, written whole
    listed = set(json.loads((out / MANIFESTS[command]).read_text())["files"])
    assert second == listed | {MANIFESTS[command]}  # nothing of the earlier output survives that the new one did not write
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("foreign", ["precious.txt", ".git/HEAD", "mywork/notes.md", "assets/extra.css", "states/extra.yaml"])
def test_a_file_attu_did_not_write_stops_the_replacement(command: str, small_data: Path, tmp_path: Path, foreign: str) -> None:
    out = tmp_path / "out"
    assert _write(command, small_data, out).exit_code == 0
    planted = out / foreign
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.write_text("mine\n")
    before = snapshot(out)
    result = _write(command, small_data, out, again=True, variant=True)
    assert result.exit_code == 2, result.stderr
    assert "attu did not write" in result.stderr and foreign.split("/")[0] in result.stderr
    assert snapshot(out) == before
    assert _leftovers(tmp_path) == []


def test_a_link_inside_is_not_followed_nor_replaced(command: str, small_data: Path, tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep\n")
    assert _write(command, small_data, out).exit_code == 0
    (out / "linked").symlink_to(elsewhere)
    result = _write(command, small_data, out, again=True)
    assert result.exit_code == 2 and "linked/" in result.stderr
    assert (elsewhere / "keep.txt").read_text() == "keep\n" and (out / "linked").is_symlink()


def test_a_directory_attu_did_not_write_is_refused(command: str, small_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "letter.txt").write_text("keep me\n")
    result = _write(command, small_data, out, again=True)
    assert result.exit_code == 2 and "not an attu" in result.stderr
    assert snapshot(out) == {"letter.txt": snapshot(out)["letter.txt"]}


def test_a_manifest_that_lists_nothing_is_not_trusted(command: str, small_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFESTS[command]).write_text("{}\n")  # an older attu's, or a forged one: it says nothing of the other files
    (out / "index.html").write_text("my own page\n")
    result = _write(command, small_data, out, again=True)
    assert result.exit_code == 2 and "does not list the files" in result.stderr
    assert (out / "index.html").read_text() == "my own page\n"


@pytest.mark.parametrize("kind", ["file", "symlink", "dot"])
def test_odd_targets_are_refused_with_exit_2(command: str, small_data: Path, tmp_path: Path, kind: str) -> None:
    target = tmp_path / "target"
    target.mkdir()
    out = {"file": tmp_path / "a-file", "symlink": tmp_path / "link", "dot": Path(".")}[kind]
    if kind == "file":
        out.write_text("keep\n")
    elif kind == "symlink":
        out.symlink_to(target)
    before = snapshot(tmp_path)
    result = _write(command, small_data, out, again=True)
    assert result.exit_code == 2, result.stderr
    assert snapshot(tmp_path) == before


def test_a_failure_while_writing_exits_3_and_changes_nothing(
    command: str, small_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert _write(command, small_data, out).exit_code == 0
    before = snapshot(out)
    real_open = os.open
    written = 0

    def disk_fills_up(path: object, flags: int, *args: object, **kwargs: object) -> int:
        nonlocal written
        if ".attu-" in str(path) and flags & os.O_CREAT:  # the files written, not the clean-up
            written += 1
            if written > 3:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", disk_fills_up)
    result = _write(command, small_data, out, again=True, variant=True)
    monkeypatch.undo()
    assert result.exit_code == 3, result.stderr
    assert "No space left on device" in result.stderr and "nothing was changed" in result.stderr
    assert snapshot(out) == before
    assert _leftovers(tmp_path) == []
