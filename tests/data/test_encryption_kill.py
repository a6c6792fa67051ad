"""`attu keys rotate` and `attu record` on an encrypted dataset, killed at random points: every file is
the old version or a new one, valid and decryptable, and a rotation run again finishes the work."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from att_univ.data.crypto import new_identity
from att_univ.data.loader import load_dataset
from tests.conftest import FIXTURES, run_cli

ROTATE_KILLS = 16
RECORD_KILLS = 8  # 24 kills in all: within the suite's time budget (tests/review/test_kill.py kills record 50 times)


def attu(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    code = "from att_univ.cli import main; main()"
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def test_killed_rotations_and_records_leave_every_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    identity = tmp_path / "restricted.txt"
    secret, public = new_identity()
    identity.write_text(secret + "\n", encoding="utf-8")
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    env.update(HOME=str(tmp_path), XDG_CACHE_HOME=str(tmp_path / "cache"), ATTU_IDENTITY=str(identity))
    env.pop("ATTU_DATA", None)
    for name in ("HOME", "XDG_CACHE_HOME", "ATTU_IDENTITY"):
        monkeypatch.setenv(name, env[name])
    monkeypatch.delenv("ATTU_DATA", raising=False)
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "canary", data)
    assert run_cli("keys", "add", "wgtu", public, "--audience", "restricted", "--data", str(data)).exit_code == 0
    assert run_cli("encrypt", "--data", str(data)).exit_code == 0
    expected = load_dataset(FIXTURES / "canary", cached=False).dataset
    assert expected is not None
    rng = random.Random(20261203)
    extra_public = new_identity()[1]

    def check(kill: int, step: str) -> None:
        result = load_dataset(data, cached=False)
        assert result.ok, (kill, step, result.problems)
        assert result.dataset is not None
        if step == "rotate":
            assert result.dataset.records == expected.records, (kill, step)

    started = time.monotonic()
    assert attu(env, "keys", "rotate", "--data", str(data)).wait(timeout=60) == 0
    full_run = max(time.monotonic() - started, 0.3)
    for kill in range(ROTATE_KILLS):
        # A recipient more, or one fewer: every value must be encrypted again.
        if kill % 2 == 0:
            assert run_cli("keys", "add", "extra", extra_public, "--audience", "partners", "--data", str(data)).exit_code == 0
        else:
            assert run_cli("keys", "remove", "extra", "--data", str(data)).exit_code == 0
        process = attu(env, "keys", "rotate", "--data", str(data))
        time.sleep(rng.uniform(0.1, full_run * 1.2))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        check(kill, "rotate")
    assert run_cli("keys", "rotate", "--data", str(data)).exit_code == 0  # resumed to the end
    assert run_cli("keys", "check", "--data", str(data)).exit_code == 0
    for kill in range(RECORD_KILLS):
        day = f"2026-01-{kill + 10:02d}"
        process = attu(env, "record", "process", "XCA", "legislation", day, "--summary", f"Step {kill}.", "--data", str(data))
        time.sleep(rng.uniform(0.1, full_run * 1.2))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        check(kill, "record")
    assert run_cli("keys", "check", "--data", str(data)).exit_code == 0
