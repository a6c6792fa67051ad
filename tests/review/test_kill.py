"""`attu record` killed at random points: each file is the old version or the new, never a part of one."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.support.review_repos import FIXTURE

KILLS = 50
# Of those, how many wait for attu's temporary file to appear and kill within the next few
# milliseconds: the moment a non-atomic write would leave half a file. The others kill at a
# random time anywhere in the run.
KILLS_WHILE_WRITING = 10
COMMAND = ["record", "deposit", "COM", "2024-06-13", "--instrument", "ratification", "--source", "untc-status-2026"]
TARGET = "states/com.yaml"


def attu(data: Path) -> subprocess.Popen[bytes]:
    """attu as a separate process, as a user would run it."""
    code = "from att_univ.cli import main; main()"
    # Let Python keep its compiled modules between the runs: start-up is most of a run.
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return subprocess.Popen(
        [sys.executable, "-c", code, *COMMAND, "--data", str(data)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )


def snapshot(data: Path) -> dict[str, bytes]:
    return {p.relative_to(data).as_posix(): p.read_bytes() for p in sorted(data.rglob("*.yaml"))}


def temporaries(data: Path) -> list[str]:
    return sorted(p.name for p in data.rglob(".*.tmp"))


def wait_for_temporary(process: subprocess.Popen[bytes], folder: Path, existing: list[str]) -> bool:
    """Poll until attu creates a new temporary file (True) or finishes (False)."""
    while process.poll() is None:
        if any(p.name.endswith(".tmp") and p.name not in existing for p in folder.iterdir()):
            return True
        time.sleep(0.0005)
    return False


def test_killed_at_random_points_every_file_is_old_or_new(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    old = snapshot(data)
    started = time.monotonic()
    assert attu(data).wait(timeout=30) == 0
    full_run = time.monotonic() - started
    new = snapshot(data)
    assert [path for path in new if new[path] != old[path]] == [TARGET]

    rng = random.Random(20260203)
    outcomes = []
    for kill in range(KILLS):
        (data / TARGET).write_bytes(old[TARGET])
        existing = temporaries(data)
        process = attu(data)
        if kill < KILLS_WHILE_WRITING:
            if wait_for_temporary(process, data / "states", existing):
                time.sleep(rng.uniform(0.0, 0.002))
        else:
            time.sleep(rng.uniform(0.0, full_run))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        now = snapshot(data)
        for path, content in now.items():
            assert content in (old[path], new[path]), f"kill {kill}: {path} is neither the old nor the new version"
        outcome = "new" if now[TARGET] == new[TARGET] else "old"
        outcomes.append(outcome + (" with a temporary file left" if temporaries(data) else ""))

    # The next attu that writes here removes the temporary files the killed ones left behind.
    (data / TARGET).write_bytes(old[TARGET])
    assert attu(data).wait(timeout=30) == 0
    assert snapshot(data) == new
    assert temporaries(data) == []
    assert len(outcomes) == KILLS
    # Kills landed before the write and after it (and, in most runs, during it: "old with a
    # temporary file left"); the invariants above held for every one.
    assert {"old", "new"} <= {outcome.split()[0] for outcome in outcomes}, outcomes
