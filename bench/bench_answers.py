"""A repeated read command on an unchanged dataset, as it grows: the recorded answer's cost per record.

    .venv/bin/python bench/bench_answers.py [--quick] [--restricted]

A recorded answer (att_univ/data/answers.py) is replayed after one `stat` of every file of the
dataset, so its cost should grow by a flat few microseconds a file, on top of starting Python.
Each row: the first run (which records), then the median of the warm runs, with their CPU time.
Synthetic datasets from bench/synthetic.py: states (ISO3-shaped codes) and engagements; then a
restricted output (`tiers --format json`) on the bundled dataset (sealed to the demo key only, so its
answer is kept in clear) and on the canary dataset encrypted to a fresh identity (its answer is kept
encrypted to that identity, and replaying it reads the identity and decrypts one blob).
`--restricted` runs these last two rows only.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import synthetic_dataset, synthetic_engagements
from timing import ATTU

SETTLE_SECONDS = 2.1  # answers are recorded only for files older than the settling time


REPO = Path(__file__).resolve().parent.parent


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall and CPU milliseconds of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
    wall = (time.perf_counter() - started) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000


def row(label: str, root: Path, files: int, command: list[str], runs: int, env: dict[str, str] | None = None) -> str:
    time.sleep(SETTLE_SECONDS)
    first, _ = timed([ATTU, *command, "--data", str(root)], env)
    warm = [timed([ATTU, *command, "--data", str(root)], env) for _ in range(runs)]
    wall = statistics.median(w for w, _ in warm)
    cpu = statistics.median(c for _, c in warm)
    return f"| {label} | `{' '.join(command)}` | {first:,.0f} | {wall:,.0f} | {cpu:,.0f} | {wall * 1000 / files:,.1f} |"


def main() -> None:
    quick = "--quick" in sys.argv
    runs = 5
    print("| dataset | command | first run ms | answered ms | CPU ms | µs/file |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    if "--restricted" not in sys.argv:
        synthetic_rows(quick, runs)
    restricted_rows(runs)


def synthetic_rows(quick: bool, runs: int) -> None:
    for states in (1_000, 5_000) if quick else (1_000, 5_000, 17_576):
        with tempfile.TemporaryDirectory() as directory:
            root = synthetic_dataset(Path(directory), states)
            print(row(f"{states:,} synthetic states", root, states + 2, ["show", "aaa"], runs), flush=True)
    for engagements in (10_000,) if quick else (10_000, 100_000):
        with tempfile.TemporaryDirectory() as directory:
            root = synthetic_engagements(Path(directory), engagements)
            files = sum(1 for _ in root.rglob("*.yaml"))
            print(row(f"{engagements:,} engagements", root, files, ["signals"], runs), flush=True)


def restricted_rows(runs: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        restricted = ["tiers", "--format", "json"]
        bundled = Path(directory) / "bundled"
        shutil.copytree(REPO / "data", bundled, ignore=shutil.ignore_patterns(".attu-cache"))
        files = sum(1 for _ in bundled.rglob("*.yaml"))
        print(row("bundled (demo key: kept in clear)", bundled, files, restricted, runs), flush=True)
        encrypted, env = encrypted_canary(Path(directory))
        files = sum(1 for _ in encrypted.rglob("*.yaml"))
        print(row("canary, encrypted (kept encrypted)", encrypted, files, restricted, runs, env), flush=True)


def encrypted_canary(directory: Path) -> tuple[Path, dict[str, str]]:
    """The canary test dataset encrypted to a fresh identity, and the environment of the person holding it."""
    from att_univ.data.crypto import new_identity

    root = directory / "canary"
    shutil.copytree(REPO / "tests" / "fixtures" / "canary", root)
    secret, public = new_identity()
    identity = directory / "identity.txt"
    identity.write_text(secret + "\n", encoding="utf-8")
    identity.chmod(0o600)
    env = {**os.environ, "ATTU_IDENTITY": str(identity)}
    for command in (["keys", "add", "bench", public, "--audience", "restricted"], ["encrypt"]):
        subprocess.run([ATTU, *command, "--data", str(root)], env=env, check=True, capture_output=True)
    return root, env


if __name__ == "__main__":
    main()
