"""Timing whole processes the way a user meets them: start-up included, median of several runs."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ATTU = str(REPO / ".venv" / "bin" / "attu")


def time_command(
    command: Sequence[str], *, runs: int = 7, env: dict[str, str] | None = None, cwd: Path | None = None, expect: int = 0
) -> float:
    """Median wall time in milliseconds of a command, stdout and stderr discarded."""
    environment = {**os.environ, **(env or {})}
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        completed = subprocess.run(command, env=environment, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        timings.append((time.perf_counter() - start) * 1000)
        if completed.returncode != expect:
            raise SystemExit(f"{' '.join(command)} exited {completed.returncode}: {completed.stderr.decode()[:500]}")
    return statistics.median(timings)
