"""`attu status --rev`: the dataset as it was at a git revision, read without checking out."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli
from tests.support.review_repos import GAMBIA_AS_NON_SIGNATORY, GAMBIA_DEPOSIT, GitRepo


def _parties(*args: str) -> int:
    result = run_cli("status", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["totals"]["parties"]


def test_status_at_an_older_revision(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    before = _parties("--data", str(repo.data))
    repo.state("GMB").write_text(GAMBIA_AS_NON_SIGNATORY)
    first = repo.commit("Gambia before its accession")
    repo.state("GMB").write_text(GAMBIA_AS_NON_SIGNATORY + GAMBIA_DEPOSIT)
    repo.commit("Record Gambia's accession")

    assert _parties("--data", str(repo.data), "--rev", "HEAD") == before
    assert _parties("--data", str(repo.data), "--rev", first) == before - 1
    # Combined with --as-of: Gambia deposited on 2024-06-13.
    assert _parties("--data", str(repo.data), "--rev", "HEAD", "--as-of", "2024-06-12") == before - 1
    # The working tree is untouched by reading a revision.
    assert "deposit:" in repo.state("GMB").read_text()


def test_status_at_an_unknown_revision_is_refused(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    result = run_cli("status", "--data", str(repo.data), "--rev", "no-such-revision")
    assert result.exit_code == 2
    assert "no-such-revision" in result.stderr
    assert "Traceback" not in result.stderr
