"""Past revisions of the dataset read in today's layout: every commit of this repository that has data/states/."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from att_univ.data.migrations import migrate
from att_univ.data.revisions import load_revision, open_repository
from tests.conftest import DATA, REPO, run_cli


def _git(*args: str, stdin: str | None = None) -> str:
    return subprocess.run(["git", "-C", str(REPO), *args], input=stdin, capture_output=True, text=True, check=True).stdout


def dataset_revisions() -> dict[str, str]:
    """The newest commit reachable from HEAD for each distinct content of data/ that has data/states/ (tree → commit)."""
    try:
        commits = _git("rev-list", "HEAD").split()
    except (OSError, subprocess.CalledProcessError):
        return {}
    asked = "".join(f"{sha}:data/states\n{sha}:data\n" for sha in commits)
    answers = _git("cat-file", "--batch-check=%(objectname) %(objecttype)", stdin=asked).splitlines()
    found: dict[str, str] = {}
    for index, sha in enumerate(commits):
        states, data = answers[2 * index], answers[2 * index + 1]
        if states.endswith(" tree") and data.endswith(" tree"):
            found.setdefault(data.split()[0], sha)
    return found


REVISIONS = dataset_revisions()


@pytest.mark.skipif(not REVISIONS, reason="not a git checkout")
@pytest.mark.parametrize("sha", sorted(REVISIONS.values()))
def test_every_revision_of_the_project_loads_without_errors(sha: str):
    with open_repository(DATA) as repository:
        result = load_revision(repository, DATA, sha)
    errors = [str(p) for p in result.problems if p.severity == "error"]
    assert result.dataset is not None and errors == [], errors[:5]


def _first_with_a_cycle_name() -> str | None:
    """The newest commit whose plan names its cycle `CSP9` (before cycles had files)."""
    try:
        return _git("log", "-1", "--format=%H", "-S", "cycle: CSP9", "--", "data/plans").strip() or None
    except (OSError, subprocess.CalledProcessError):
        return None


def test_attu_status_reads_a_revision_from_before_a_change_of_layout():
    sha = _first_with_a_cycle_name()
    if sha is None:
        pytest.skip("the history holding `cycle: CSP9` is not in this clone")
    # -S finds the commit that changed the count: the one that replaced the name; its parent has it.
    result = run_cli("status", "--rev", f"{sha}^", "--data", str(DATA))
    assert result.exit_code == 0, result.output
    assert "States Parties" in result.output or "Parties" in result.output


def test_today_s_files_pass_unchanged():
    files = {str(path.relative_to(DATA)): path.read_bytes() for path in DATA.rglob("*.yaml")}
    assert migrate(files) == files


PLAN = "id: p\ntitle: Plan\ncycle: {}\nperiod:\n  start: 2023-08-25\n"


@pytest.mark.parametrize(
    ("written", "cycles", "expected"),
    [
        ("CSP9", ["csp9"], "cycle: csp9"),
        ("'CSP 9'", ["csp9"], "cycle: csp9"),
        ("csp9", ["csp9"], "cycle: csp9"),
        ("csp9", [], "# cycle: csp9 (no cycle files in this revision)"),
        ("CSP9", [], "# cycle: CSP9 (a name, from before plans named a cycle by its id)"),
        ("the ninth CSP", ["csp9"], "# cycle: the ninth CSP (a name, from before plans named a cycle by its id)"),
    ],
)
def test_a_plan_s_cycle_name_becomes_an_id_line_for_line(written: str, cycles: list[str], expected: str):
    files = {"plans/p.yaml": PLAN.format(written).encode(), **{f"cycles/{c}.yaml": b"id: x\n" for c in cycles}}
    text = migrate(files)["plans/p.yaml"].decode()
    assert text.splitlines()[2] == expected
    assert text.count("\n") == PLAN.count("\n")


def test_a_file_that_is_not_utf8_is_left_for_the_loader_to_report(tmp_path: Path):
    files = {"plans/p.yaml": "cycle: CSP9 é".encode("latin-1")}
    assert migrate(files) == files
