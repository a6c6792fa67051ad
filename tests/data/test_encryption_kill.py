"""`attu keys rotate` and `attu record` on an encrypted dataset, killed at random points, 50 times each:
every file is the old version or a new one, valid and decryptable, and a rotation run again finishes the work.

Each run is a fork of the test process, with attu already imported: a kill lands in attu's own work
(reading, decrypting, encrypting, writing), not in Python's start-up, and costs only that work. Of
each chunk's kills, some wait for attu's temporary file to appear and kill within the next
milliseconds (the moment a write that is not atomic would leave half a file); the others kill at a
random time in the run. The chunks are parametrized so that xdist spreads them.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import time
from pathlib import Path

import pytest

from att_univ.data.crypto import new_identity
from att_univ.data.loader import load_dataset
from tests.conftest import FIXTURES, run_cli

KILLS = 50  # of each command
CHUNKS = 5  # spread over this many tests
KILLS_WHILE_WRITING = 3  # of each chunk's kills


@pytest.fixture(scope="module")
def encrypted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The canary dataset encrypted to a restricted identity of the test's own: (dataset, identity file, extra key)."""
    base = tmp_path_factory.mktemp("kill")
    identity = base / "restricted.txt"
    secret, public = new_identity()
    identity.write_text(secret + "\n", encoding="utf-8")
    env = {"HOME": str(base), "ATTU_IDENTITY": str(identity), "ATTU_DATA": None}
    data = base / "data"
    shutil.copytree(FIXTURES / "canary", data)
    assert run_cli("keys", "add", "wgtu", public, "--audience", "restricted", "--data", str(data), env=env).exit_code == 0
    assert run_cli("encrypt", "--data", str(data), env=env).exit_code == 0
    return data, identity, new_identity()[1]


def forked(*args: str) -> int:
    """attu ARGS in a child process forked from this one (attu already imported); its process id."""
    pid = os.fork()
    if pid == 0:  # the child: run attu, never return into pytest
        code = 70
        try:
            quiet = os.open(os.devnull, os.O_WRONLY)
            os.dup2(quiet, 1)
            os.dup2(quiet, 2)
            from att_univ.cli import app

            app(list(args), prog_name="attu")
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 1
        finally:
            os._exit(code)
    return pid


def finished(pid: int) -> int:
    """Wait for a child; its exit code (negative: the signal that killed it)."""
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def kill_at_random(pid: int, rng: random.Random, full_run: float, data: Path, while_writing: bool) -> None:
    """SIGKILL a running attu: at a random time, or just after it opens a temporary file in the dataset."""
    if while_writing:
        existing = {p.name for p in data.rglob(".*.tmp")}
        while not any(p.name not in existing for p in data.rglob(".*.tmp")):
            if os.waitpid(pid, os.WNOHANG) != (0, 0):
                return  # it finished (and is reaped) before writing anything new
            time.sleep(0.0005)
        time.sleep(rng.uniform(0.0, 0.002))
    else:
        time.sleep(rng.uniform(0.0, full_run * 1.3))  # now and then after it finished: the new version
    os.kill(pid, signal.SIGKILL)  # harmless if it has just finished: it waits, unreaped, for the line below
    finished(pid)


def snapshot(data: Path) -> dict[str, bytes]:
    return {p.relative_to(data).as_posix(): p.read_bytes() for p in sorted(data.rglob("*.yaml"))}


def setup_chunk(encrypted: tuple[Path, Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    source, identity, _ = encrypted
    data = tmp_path / "data"
    shutil.copytree(source, data, ignore=shutil.ignore_patterns(".attu-cache"))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("ATTU_IDENTITY", str(identity))
    monkeypatch.delenv("ATTU_DATA", raising=False)
    return data


def timed(*args: str) -> float:
    started = time.monotonic()
    assert finished(forked(*args)) == 0
    return max(time.monotonic() - started, 0.05)


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_killed_rotations_leave_every_file_old_or_new_and_decryptable(
    chunk: int, encrypted: tuple[Path, Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = setup_chunk(encrypted, tmp_path, monkeypatch)
    extra = encrypted[2]
    expected = load_dataset(FIXTURES / "canary", cached=False).dataset
    assert expected is not None
    rng = random.Random(20261203 + chunk)
    rotate = ("keys", "rotate", "--data", str(data))
    assert run_cli("keys", "add", "extra", extra, "--audience", "partners", "--data", str(data)).exit_code == 0
    full_run = timed(*rotate)
    for kill in range(KILLS // CHUNKS):
        # A recipient more, or one fewer: every protected value must be encrypted again.
        change = ("remove", "extra") if kill % 2 == 0 else ("add", "extra", extra, "--audience", "partners")
        assert run_cli("keys", *change, "--data", str(data)).exit_code == 0
        old = snapshot(data)
        kill_at_random(forked(*rotate), rng, full_run, data, while_writing=kill < KILLS_WHILE_WRITING)
        result = load_dataset(data, cached=False)
        assert result.ok, (chunk, kill, result.problems)
        assert result.dataset is not None and result.dataset.records == expected.records, (chunk, kill)
        now = snapshot(data)
        assert set(now) == set(old), (chunk, kill)
    assert run_cli("keys", "rotate", "--data", str(data)).exit_code == 0  # resumed to the end
    assert run_cli("keys", "check", "--data", str(data)).exit_code == 0
    assert list(data.rglob(".*.tmp")) == []  # the temporary files killed runs left were cleared by the next write


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_killed_records_leave_every_file_old_or_new_and_decryptable(
    chunk: int, encrypted: tuple[Path, Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = setup_chunk(encrypted, tmp_path, monkeypatch)
    rng = random.Random(20261204 + chunk)

    def summaries() -> list[str | None]:
        result = load_dataset(data, cached=False)  # every file read, decrypted and validated
        assert result.ok and result.dataset is not None, (chunk, result.problems)
        return [step.summary for step in result.dataset.states["XCA"].process]

    def record(kill: int) -> tuple[str, ...]:
        day = f"2026-01-{kill + 2:02d}"
        return ("record", "process", "XCA", "legislation", day, "--summary", f"Step {chunk}.{kill}.", "--data", str(data))

    full_run = timed(*record(0))
    for kill in range(1, KILLS // CHUNKS + 1):
        old, before = snapshot(data), summaries()
        kill_at_random(forked(*record(kill)), rng, full_run, data, while_writing=kill <= KILLS_WHILE_WRITING)
        now, after = snapshot(data), summaries()
        assert {name for name in old if now[name] != old[name]} <= {"states/xca.yaml"}, (chunk, kill)
        # The old version, or the new one: the same steps with this run's step added, nothing else.
        assert sorted(after, key=str) in (sorted(before, key=str), sorted([*before, f"Step {chunk}.{kill}."], key=str)), kill
    assert run_cli("keys", "check", "--data", str(data)).exit_code == 0  # every value written is encrypted, to the right keys
