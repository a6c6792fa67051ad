"""Each read command side by side with what a user would run instead, in one run of this program.

    .venv/bin/python bench/bench_peers.py [--runs 9] [--quick]

Builds the repository of bench_review.py (the bundled dataset plus 1,000 commits), then times
whole processes, stdout piped, interleaved (one run of each command in turn, RUNS rounds) so
that a busy machine slows every command alike; prints medians as a Markdown table:

- `attu show gmb` against `yq . states/gmb.yaml` (the jq wrapper from PyPI/Debian; skipped
  with a note when absent) and against the PyYAML script of bench_status.py (CSafeLoader,
  every state file);
- `attu validate` with nothing changed (warm cache) against the same script, and cold;
- `attu tiers`, `attu support`, `attu plan`, `attu coordinate` (restricted outputs, answered since
  the bundled dataset holds them sealed to the demo key only), `attu report`, `attu status` (warm);
- `attu history GMB` against `git log --follow -p` of the file;
- `attu diff HEAD~30 HEAD` and `HEAD~1000 HEAD` against `git diff --stat`.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_review import fast_import
from bench_status import NAIVE_SCRIPT

ATTU = str(Path(sys.executable).with_name("attu"))
SETTLE_SECONDS = 2.1


def rows(repo: Path, script: Path) -> list[tuple[str, list[str], str]]:
    """(label, command, peer group) for every line of the table; run in `repo`."""
    data = ["--data", "data"]
    yq = shutil.which("yq")
    commands = [
        ("PyYAML script, every state file (CSafeLoader)", [sys.executable, str(script), "data"], "script"),
        ("`attu show gmb`", [ATTU, "show", "gmb", *data], "show"),
        ("`attu validate` (nothing changed)", [ATTU, "validate", *data], "validate"),
        ("`attu tiers --format json` (restricted)", [ATTU, "tiers", "--format", "json", *data], "tiers"),
        ("`attu support` (restricted)", [ATTU, "support", *data], "support"),
        ("`attu plan --format markdown` (restricted)", [ATTU, "plan", "--format", "markdown", *data], "plan"),
        (
            "`attu report --cycle csp9 --format markdown`",
            [ATTU, "report", "--cycle", "csp9", "--format", "markdown", *data],
            "report",
        ),
        ("`attu status` (cached index)", [ATTU, "status", *data], "status"),
        ("`attu signals` (every state not yet party)", [ATTU, "signals", *data], "signals"),
        ("`attu coordinate` (restricted)", [ATTU, "coordinate", *data], "coordinate"),
        ("`attu history GMB` (1,000 commits, 200 touch it)", [ATTU, "history", "GMB", *data], "history"),
        (
            "`git log --follow -p -- data/states/gmb.yaml`",
            ["git", "log", "--follow", "-p", "--", "data/states/gmb.yaml"],
            "history",
        ),
        ("`attu diff HEAD~30 HEAD`", [ATTU, "diff", "HEAD~30", "HEAD", *data], "diff"),
        ("`git diff --stat HEAD~30 HEAD`", ["git", "diff", "--stat", "HEAD~30", "HEAD"], "diff"),
        ("`attu diff HEAD~1000 HEAD`", [ATTU, "diff", "HEAD~1000", "HEAD", *data], "diff"),
        ("`git diff --stat HEAD~1000 HEAD`", ["git", "diff", "--stat", "HEAD~1000", "HEAD"], "diff"),
    ]
    if yq:
        commands.insert(2, ("`yq . data/states/gmb.yaml`", [yq, ".", "data/states/gmb.yaml"], "show"))
    else:
        print("note: yq is not installed (pip install yq, or apt-get install yq); its row is skipped\n")
    return commands


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--quick", action="store_true", help="3 rounds")
    options = parser.parse_args()
    runs = 3 if options.quick else options.runs
    with tempfile.TemporaryDirectory() as temporary:
        repo = Path(temporary) / "repo"
        fast_import(repo)
        script = Path(temporary) / "count.py"
        script.write_text(NAIVE_SCRIPT, encoding="utf-8")
        table = rows(repo, script)
        for _, command, _ in table:  # warm every cache once (and fail early on a broken command)
            subprocess.run(command, cwd=repo, capture_output=True, check=True)
        # Answers are recorded only once the files are older than the settling time (data/answers.py).
        time.sleep(SETTLE_SECONDS)
        for _, command, _ in table:
            subprocess.run(command, cwd=repo, capture_output=True, check=True)
        timings: dict[str, list[float]] = {label: [] for label, _, _ in table}
        cpu: dict[str, list[float]] = {label: [] for label, _, _ in table}
        for _ in range(runs):
            for label, command, _ in table:
                used = _children_cpu()
                started = time.perf_counter()
                subprocess.run(command, cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
                timings[label].append((time.perf_counter() - started) * 1000)
                cpu[label].append((_children_cpu() - used) * 1000)
        medians = {label: statistics.median(times) for label, times in timings.items()}
        script_ms = medians[table[0][0]]
        print(f"Medians of {runs} interleaved whole-process runs, warm, on the bundled dataset with 1,000 commits.\n")
        print("| command | median ms | CPU ms | × PyYAML script |")
        print("| --- | ---: | ---: | ---: |")
        for label, _, _ in table:
            cpu_ms = statistics.median(cpu[label])
            print(f"| {label} | {medians[label]:,.0f} | {cpu_ms:,.0f} | {medians[label] / script_ms:.1f} |")


def _children_cpu() -> float:
    """User and system CPU seconds of every finished child process so far."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
