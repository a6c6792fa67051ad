"""Timings of `attu diff` and `attu history` on a git history built from the real dataset.

Builds a repository with `git fast-import`: the bundled dataset as the first commit, then
COMMITS commits, each rewriting a public note in one state (states in turn) and, every
fifth commit, in Gambia too. Then times, as whole processes (median of RUNS):

- `attu diff HEAD~500 HEAD` (text and Markdown): two revisions 500 commits apart;
- `attu history GMB` (about 200 commits that changed Gambia) and `--limit 20`;
- `attu status`-style reading of one revision (`open_dataset_at`), in-process.

Run: .venv/bin/python bench/bench_review.py   (prints a Markdown table for the README)
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
ATTU = Path(sys.executable).parent / "attu"
COMMITS = 1000
RUNS = 5
NOTE = "  - text: Bench note, rewritten by commit {n}.\n    sensitivity: public\n"


def fast_import(repo: Path) -> None:
    """The dataset and COMMITS commits on top, streamed to `git fast-import`."""
    files = {p.relative_to(DATA).as_posix(): p.read_bytes() for p in sorted(DATA.rglob("*.yaml"))}
    states = sorted(path for path in files if path.startswith("states/") and path != "states/gmb.yaml")
    chunks: list[bytes] = []

    def commit(n: int, changes: dict[str, bytes]) -> None:
        message = f"Bench commit {n}".encode()
        stamp = 1767261600 + n * 3600  # 2026-01-01T10:00:00Z, one commit an hour
        chunks.append(b"commit refs/heads/main\n")
        chunks.append(f"committer Bench <bench@example.org> {stamp} +0000\n".encode())
        chunks.append(b"data %d\n%s\n" % (len(message), message))
        for path, content in changes.items():
            chunks.append(b"M 100644 inline data/%s\ndata %d\n%s\n" % (path.encode(), len(content), content))

    commit(0, files)
    for n in range(1, COMMITS + 1):
        changed = [states[n % len(states)]] + (["states/gmb.yaml"] if n % 5 == 0 else [])
        commit(n, {path: _with_note(files[path], n) for path in changed})
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "--quiet", "--initial-branch=main", str(repo)], check=True, env=env)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input=b"".join(chunks), check=True, env=env)
    subprocess.run(["git", "checkout", "--quiet", "main"], cwd=repo, check=True, env=env)


def _with_note(original: bytes, n: int) -> bytes:
    """The original file with one public note that commit n rewrites (first among its notes)."""
    text = original.decode()
    if "\nnotes:\n" in text:
        return text.replace("\nnotes:\n", "\nnotes:\n" + NOTE.format(n=n), 1).encode()
    return (text + "notes:\n" + NOTE.format(n=n)).encode()


def timed(args: list[str], cwd: Path) -> tuple[float, str]:
    """Median wall time of RUNS runs of attu, in milliseconds, and the last run's output."""
    times = []
    out = ""
    for _ in range(RUNS):
        started = time.perf_counter()
        done = subprocess.run([str(ATTU), *args], cwd=cwd, capture_output=True, text=True, check=True)
        times.append((time.perf_counter() - started) * 1000)
        out = done.stdout
    return statistics.median(times), out


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        repo = Path(temporary) / "repo"
        started = time.perf_counter()
        fast_import(repo)
        built = (time.perf_counter() - started) * 1000
        rows = [("build the repository (git fast-import, 1,001 commits)", built, "")]
        for label, args in (
            ("`attu diff HEAD~500 HEAD`", ["diff", "HEAD~500", "HEAD"]),
            ("`attu diff HEAD~500 HEAD --format markdown`", ["diff", "HEAD~500", "HEAD", "--format", "markdown"]),
            ("`attu diff HEAD~500` (to the working tree)", ["diff", "HEAD~500"]),
            ("`attu history GMB`", ["history", "GMB"]),
            ("`attu history GMB --limit 20`", ["history", "GMB", "--limit", "20"]),
            ("`attu history SEN`", ["history", "SEN"]),
        ):
            ms, out = timed([*args, "--data", "data"], repo)
            first = out.splitlines()[0] if out else ""
            told = first.rsplit(": ", 1)[-1] if args[0] == "history" else f"{len(out.splitlines())} lines"
            rows.append((label, ms, told))
        sys.path.insert(0, str(ROOT))
        from att_univ.data.revisions import load_revision, open_repository, read_revision

        for label, load in (("read one revision (ls-tree + cat-file --batch)", False), ("read and validate one revision", True)):
            times = []
            for _ in range(RUNS):
                started = time.perf_counter()
                with open_repository(repo / "data") as repository:
                    if load:
                        load_revision(repository, repo / "data", "HEAD~500")
                    else:
                        read_revision(repository, repo / "data", "HEAD~500")
                times.append((time.perf_counter() - started) * 1000)
            rows.append((f"{label}, in-process", statistics.median(times), "240 files"))
    print("| what | median ms | output |")
    print("| --- | ---: | --- |")
    for label, ms, note in rows:
        print(f"| {label} | {ms:,.0f} | {note} |")


if __name__ == "__main__":
    main()
