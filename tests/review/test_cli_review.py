"""`attu diff`, `attu history`, `attu record` and `open_dataset_at`, through the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import get_args

import pytest
import typer
from typer.testing import CliRunner, Result

from att_univ.cli import app
from att_univ.cli.common import open_dataset_at
from att_univ.core.errors import AttuError, ExitCode
from tests.support.golden import assert_golden
from tests.support.review_repos import CANARY, GAMBIA_AS_NON_SIGNATORY, GAMBIA_DEPOSIT, RESTRICTED_NOTE, GitRepo, git_environment


@pytest.fixture(autouse=True)
def fixed_git(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in git_environment().items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("GITHUB_BASE_REF", raising=False)
    monkeypatch.delenv("ATTU_DATA", raising=False)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    created = GitRepo.create(tmp_path / "repo")
    monkeypatch.chdir(created.path)
    return created


@pytest.fixture
def accession(repo: GitRepo) -> GitRepo:
    """main: Gambia a non-signatory; branch `accession`: it accedes, with a restricted note, and ECOWAS changes."""
    repo.state("GMB").write_text(GAMBIA_AS_NON_SIGNATORY)
    repo.commit("Gambia before its accession")
    repo.git("switch", "--quiet", "-c", "accession")
    repo.state("GMB").write_text(GAMBIA_AS_NON_SIGNATORY + GAMBIA_DEPOSIT + RESTRICTED_NOTE)
    repo.edit("regions/ecowas.yaml", "  - SEN\n", "  - state: SEN\n    until: 2025-06-01\n")
    repo.commit("Record Gambia's accession")
    return repo


def attu(*args: str) -> Result:
    """Run attu in-process; an AttuError becomes its exit code, as `main()` does."""
    result = CliRunner().invoke(app, list(args))
    if isinstance(result.exception, AttuError):
        result.exit_code = int(result.exception.exit_code)
    return result


def message(result: Result) -> str:
    return result.exception.message if isinstance(result.exception, AttuError) else result.stderr


def test_diff_text_and_markdown_match_the_golden_files(accession: GitRepo):
    text = attu("diff", "main", "accession", "--data", "data")
    assert text.exit_code == 0, text.output
    assert_golden("review/diff-public.txt", text.stdout)
    markdown = attu("diff", "main", "accession", "--format", "markdown", "--data", "data")
    assert_golden("review/diff-public.md", markdown.stdout)
    restricted = attu("diff", "main", "accession", "--format", "markdown", "--audience", "restricted", "--data", "data")
    assert_golden("review/diff-restricted.md", restricted.stdout)
    assert CANARY not in text.stdout + markdown.stdout
    assert CANARY in restricted.stdout


def test_diff_defaults_to_the_merge_base_and_the_working_tree(accession: GitRepo):
    accession.append("states/ind.yaml", "notes:\n  - text: Uncommitted public note.\n    sensitivity: public\n")
    result = attu("diff", "--format", "json", "--data", "data")
    view = json.loads(result.stdout)
    assert view["head"] == "the working tree"
    assert view["base"].endswith("(where HEAD left main)")
    assert [s["key"] for s in view["states"]] == ["GMB", "IND"]
    assert view["totals"]["before"]["parties"] == 4 and view["totals"]["after"]["parties"] == 5
    assert view["states"][0]["restricted_changes"] == 1 and view["states"][0]["changes"] == []
    assert CANARY not in result.stdout


def test_public_diff_never_shows_a_removed_restricted_note(accession: GitRepo):
    accession.state("GMB").write_text(GAMBIA_AS_NON_SIGNATORY + GAMBIA_DEPOSIT)
    accession.commit("Drop the note")
    result = attu("diff", "HEAD~1", "HEAD", "--format", "markdown", "--data", "data")
    assert result.exit_code == 0
    assert "1 restricted field changed" in result.stdout and CANARY not in result.stdout
    restricted = attu("diff", "HEAD~1", "HEAD", "--audience", "restricted", "--data", "data")
    assert f"note removed: “{CANARY}”" in restricted.stdout


def test_the_guard_knows_the_secrets_of_both_sides(accession: GitRepo):
    from att_univ.core.errors import ConfidentialityError
    from att_univ.review.diff import diff, guard_for_versions

    accession.state("GMB").write_text(GAMBIA_AS_NON_SIGNATORY + GAMBIA_DEPOSIT)
    accession.commit("Drop the note")
    result = diff(accession.data, "HEAD~1", "HEAD")
    guard = guard_for_versions([result.before], result.after, "public")
    with pytest.raises(ConfidentialityError, match="notes"):
        guard.check(f"a summary that quotes {CANARY}")
    # A note made public in the newer version is no secret any more.
    public = RESTRICTED_NOTE.replace("    date: 2025-03-01\n", "    date: 2025-03-01\n    sensitivity: public\n")
    accession.state("GMB").write_text(GAMBIA_AS_NON_SIGNATORY + GAMBIA_DEPOSIT + public)
    accession.commit("Publish the note")
    result = diff(accession.data, "HEAD~2", "HEAD")
    guard_for_versions([result.before], result.after, "public").check(CANARY)


def test_diff_markdown_respects_the_size_limit(accession: GitRepo):
    notes = "".join(f"  - text: Public note {i} with enough words to make a line.\n    sensitivity: public\n" for i in range(100))
    accession.append("states/ind.yaml", "notes:\n" + notes)
    result = attu("diff", "--format", "markdown", "--max-length", "2000", "--data", "data")
    assert len(result.stdout) <= 2000
    assert "Cut short" in result.stdout


def test_diff_refuses_unknown_revisions_and_non_repositories(accession: GitRepo, tmp_path: Path):
    result = attu("diff", "no-such-branch", "--data", "data")
    assert result.exit_code == ExitCode.USAGE
    assert "'no-such-branch' is not a commit of this repository" in message(result)
    elsewhere = tmp_path / "copy"
    (elsewhere / "states").mkdir(parents=True)
    result = attu("diff", "--data", str(elsewhere))
    assert result.exit_code == ExitCode.REFUSED


def test_history_text_matches_the_golden_file(accession: GitRepo):
    public = attu("history", "Gambia", "--data", "data")
    assert public.exit_code == 0, public.output
    assert_golden("review/history-public.txt", public.stdout)
    assert CANARY not in public.stdout and "Record Gambia" not in public.stdout
    restricted = attu("history", "GMB", "--audience", "restricted", "--format", "markdown", "--data", "data")
    assert CANARY in restricted.stdout and "Record Gambia's accession" in restricted.stdout
    limited = json.loads(attu("history", "GMB", "-n", "1", "--format", "json", "--data", "data").stdout)
    assert [c["short"] for c in limited["commits"]] == [accession.git("rev-parse", "--short", "HEAD").strip()]


def test_history_in_a_shallow_clone_prints_a_note(accession: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    clone = tmp_path / "clone"
    accession.git("clone", "--quiet", "--depth=1", "--branch=accession", f"file://{accession.path}", str(clone))
    monkeypatch.chdir(clone)
    result = attu("history", "GMB", "--data", "data")
    assert result.exit_code == 0
    assert "Note: this is a shallow clone: commits before 2026-01-03 are not in it" in result.stdout
    assert "oldest version in this clone: party" in result.stdout


def test_record_deposit_with_commit(repo: GitRepo):
    result = attu(
        "record", "deposit", "Comoros", "2024-06-13", "--instrument", "ratification", "-s", "untc-status-2026", "--commit",
        "--data", "data",
    )  # fmt: skip
    assert result.exit_code == 0, message(result)
    assert "committed" in result.stderr
    log = repo.git("log", "-1", "--format=%s%n%n%b%an")
    assert log == (
        "Record deposit: Comoros (COM), ratification 2024-06-13\n\n"
        "Entry into force: 2024-09-11 (Art. 22).\nSources: untc-status-2026.\nAda Reviewer\n"
    )
    assert repo.git("show", "--name-only", "--format=", "HEAD").split() == ["data/states/com.yaml"]
    assert repo.git("status", "--porcelain") == ""


def test_record_commit_refuses_a_dirty_index_and_a_detached_head(repo: GitRepo):
    args = ("record", "signature", "IND", "2013-09-25", "-s", "untc-status-2026", "--commit", "--data", "data")
    repo.edit("states/fra.yaml", "name: France", "name: French Republic")
    repo.git("add", "--", "data/states/fra.yaml")
    result = attu(*args)
    assert result.exit_code == ExitCode.REFUSED
    assert "staged changes (data/states/fra.yaml)" in message(result)
    assert "treaty" not in repo.state("IND").read_text()  # refused before anything was written
    repo.git("commit", "--quiet", "--message=French Republic")
    repo.git("switch", "--quiet", "--detach", "HEAD")
    result = attu(*args)
    assert result.exit_code == ExitCode.REFUSED
    assert "HEAD is detached" in message(result)
    assert "treaty" not in repo.state("IND").read_text()


def test_record_without_commit_leaves_the_change_uncommitted(repo: GitRepo):
    result = attu("record", "process", "ECU", "legal-review", "2025-06-01", "--summary", "Reviewed.", "--data", "data")
    assert result.exit_code == 0, message(result)
    assert repo.git("status", "--porcelain").strip() == "M data/states/ecu.yaml"


def test_record_refusals_and_their_exit_codes(repo: GitRepo):
    no_source = attu("record", "signature", "IND", "2013-09-25", "--data", "data")
    assert no_source.exit_code == ExitCode.USAGE and "--source" in message(no_source)
    broken = attu("record", "deposit", "COM", "2024-06-13", "-i", "accession", "-s", "untc-status-2026", "--data", "data")
    assert broken.exit_code == ExitCode.INVALID_DATA
    assert "error[accession-by-signatory]" in message(broken)
    bad_date = attu("record", "signature", "IND", "2013-02-30", "-s", "untc-status-2026", "--data", "data")
    assert bad_date.exit_code == ExitCode.USAGE
    engagement = attu(
        "record", "engagement", "2025-05-dakar", "--date", "2025-05-02", "--kind", "meeting", "--title", "Dakar meeting",
        "--state", "SEN", "--data", "data",
    )  # fmt: skip
    assert engagement.exit_code == 0, message(engagement)
    assert (repo.data / "engagements" / "2025-05-dakar.yaml").exists()


def test_open_dataset_at_reads_a_revision_without_checking_it_out(accession: GitRepo):
    at_main = open_dataset_at("main", accession.data, verbose=False)
    assert at_main.states["GMB"].treaty.deposit is None
    now = open_dataset_at(None, accession.data, verbose=False)
    assert now.states["GMB"].treaty.deposit is not None
    assert accession.git("branch", "--show-current").strip() == "accession"
    with pytest.raises(AttuError) as caught:
        open_dataset_at("nope", accession.data, verbose=False)
    assert caught.value.exit_code == ExitCode.USAGE


def test_open_dataset_at_an_invalid_revision_exits_1(repo: GitRepo):
    repo.edit("states/fra.yaml", "date: 2014-04-02", "date: 2014-04-31")
    repo.commit("Broken")
    with pytest.raises(typer.Exit) as caught:
        open_dataset_at("HEAD", repo.data, verbose=False)
    assert caught.value.exit_code == ExitCode.INVALID_DATA


def test_the_command_line_choices_match_the_models():
    from att_univ.cli.review import InstrumentChoice, KindChoice, StageChoice
    from att_univ.data.models.common import Instrument
    from att_univ.data.models.engagement import EngagementKind
    from att_univ.data.models.state import PROCESS_STAGES

    assert [c.value for c in StageChoice] == list(PROCESS_STAGES)
    assert [c.value for c in KindChoice] == list(get_args(EngagementKind))
    assert [c.value for c in InstrumentChoice] == list(get_args(Instrument))


def test_the_ci_workflow_and_the_pre_commit_hooks():
    from att_univ.data.yamlio import parse

    root = Path(__file__).resolve().parent.parent.parent
    workflow = parse((root / ".github" / "workflows" / "ci.yml").read_text(), "ci.yml")
    assert workflow.problems == []
    assert "pull_request" in workflow.value["on"]
    runs = [step.get("run", "") for step in workflow.value["jobs"]["check"]["steps"]]
    assert any(run == ".venv/bin/attu validate --format github" for run in runs)
    assert any(run == ".venv/bin/attu fmt --check" for run in runs)
    assert any(run == "make test" for run in runs)  # the README's test command
    assert any("attu diff" in run and "--format markdown" in run and '>> "$GITHUB_STEP_SUMMARY"' in run for run in runs)
    assert not any("${{" in run for run in runs)  # values reach scripts through env, never pasted in
    hooks = parse((root / ".pre-commit-hooks.yaml").read_text(), ".pre-commit-hooks.yaml")
    assert [(hook["id"], hook["entry"], hook["pass_filenames"]) for hook in hooks.value] == [
        ("attu-validate", "attu validate", False),
        ("attu-fmt-check", "attu fmt --check", False),
    ]
