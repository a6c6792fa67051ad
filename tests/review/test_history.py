"""Reading the dataset from git: revisions, a state's history, shallow clones, and no git process left behind."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from att_univ.core.errors import RefusedError, UsageError
from att_univ.data.loader import load_dataset, load_dataset_from_files
from att_univ.data.revisions import ensure_can_commit, load_revision, open_repository, read_revision
from att_univ.review.diff import diff, state_history
from tests.support.review_repos import AUTHOR, FIXTURE, GAMBIA_AS_NON_SIGNATORY, GAMBIA_DEPOSIT, GitRepo, git_environment


@pytest.fixture(autouse=True)
def fixed_git(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in git_environment().items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo.create(tmp_path / "repo")


def git_children() -> list[str]:
    """git processes that are children of this test process."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        parent = int(stat[stat.rindex(")") + 2 :].split()[1])
        if parent == os.getpid() and name.startswith("git"):
            found.append(name)
    return found


def test_a_revision_reads_like_the_directory_it_was(repo: GitRepo):
    first = repo.git("rev-parse", "HEAD").strip()
    repo.state("GMB").write_text(GAMBIA_AS_NON_SIGNATORY)
    repo.commit("Gambia as a non-signatory")
    with open_repository(repo.data) as repository:
        read = read_revision(repository, repo.data, first)
        old = load_revision(repository, repo.data, first)
        new = load_revision(repository, repo.data, "HEAD")
    assert read.folder == "data" and "states/gmb.yaml" in read.files
    assert read.files["states/gmb.yaml"] == (FIXTURE / "states" / "gmb.yaml").read_bytes()
    assert old.dataset is not None and new.dataset is not None
    assert old.dataset.states == load_dataset(FIXTURE).dataset.states  # type: ignore[union-attr]
    assert new.dataset.states["GMB"].treaty.deposit is None
    assert old.problems == new.problems == []
    assert git_children() == []


def test_problems_at_a_revision_name_the_revision(repo: GitRepo):
    repo.edit("states/fra.yaml", "date: 2014-04-02", "date: 2014-04-31")
    repo.commit("A date that does not exist")
    with open_repository(repo.path) as repository:
        result = load_revision(repository, repo.data, "HEAD")
    assert [str(p) for p in result.problems] == [
        "HEAD:data/states/fra.yaml:13:11: error[invalid-date]: not a real calendar date (YYYY-MM-DD)",
    ]


def test_loading_from_files_matches_loading_the_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / "states" / "sen.yaml").write_text((data / "states" / "sen.yaml").read_text().replace("iso2: SN", "iso2: sn"))
    (data / "states" / "xyz.yml").write_text("iso3: XYZ\n")
    (data / "states" / "ind.yaml").write_text((data / "states" / "ind.yaml").read_text() + "extra: 1\n")
    monkeypatch.chdir(tmp_path)
    from_disk = load_dataset(data)
    files = {p.relative_to(data).as_posix(): p.read_bytes() for p in data.rglob("*.y*ml")}
    from_memory = load_dataset_from_files(files, "data")
    assert from_disk.problems == from_memory.problems
    assert {p.code for p in from_disk.problems} >= {"invalid-value", "file-name", "unknown-field"}
    assert from_disk.dataset is not None and from_memory.dataset is not None
    assert from_disk.dataset.states == from_memory.dataset.states


def test_history_follows_renames_and_reports_deletions(repo: GitRepo):
    repo.state("GMB").write_text(GAMBIA_AS_NON_SIGNATORY)
    repo.commit("Gambia as a non-signatory")
    repo.state("GMB").write_text(GAMBIA_AS_NON_SIGNATORY + GAMBIA_DEPOSIT)
    repo.commit("Gambia accedes")
    # A code change: the file moves and its iso3 changes with it (as ROM became ROU in 2002).
    repo.git("mv", "data/states/gmb.yaml", "data/states/gmx.yaml")
    repo.edit("states/gmx.yaml", "iso3: GMB", "iso3: GMX")
    repo.commit("Gambia's code changes")
    history = state_history(repo.data, "GMX")
    assert [(e.status, e.path, e.old_path) for e in history.entries] == [
        ("A", "data/states/gmb.yaml", None),
        ("M", "data/states/gmb.yaml", None),
        ("M", "data/states/gmb.yaml", None),
        ("R", "data/states/gmx.yaml", "data/states/gmb.yaml"),
    ]
    assert [e.author for e in history.entries] == [AUTHOR] * 4
    assert [e.authored.date().isoformat() for e in history.entries] == ["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04"]
    headlines = [e.change.headline if e.change else None for e in history.entries]
    assert headlines[1] == "party → non-signatory (deposit removed)"
    assert headlines[2] == "non-signatory → party (accession deposited 2024-06-13, in force 2024-09-11)"
    assert [c.text for c in history.entries[3].change.changes] == ["ISO alpha-3 code: GMB → GMX"]  # type: ignore[union-attr]

    repo.git("rm", "--quiet", "data/states/gmx.yaml")
    repo.edit("regions/african.yaml", "  - GMB\n", "")
    repo.edit("regions/ecowas.yaml", "  - GMB\n", "")
    repo.commit("Remove the state")
    gone = state_history(repo.data, "GMX")
    assert gone.entries[-1].status == "D"
    assert gone.entries[-1].change.headline == "removed from the dataset (was party)"  # type: ignore[union-attr]
    assert gone.latest is None
    assert git_children() == []


def test_history_in_a_shallow_clone_says_what_is_missing(repo: GitRepo, tmp_path: Path):
    for day in ("2024-06-13", "2024-06-14", "2024-06-15"):
        repo.state("GMB").write_text(GAMBIA_AS_NON_SIGNATORY + GAMBIA_DEPOSIT.replace("2024-06-13", day))
        repo.commit(f"Deposit on {day}")
    clone = tmp_path / "clone"
    repo.git("clone", "--quiet", "--depth=2", f"file://{repo.path}", str(clone))
    history = state_history(clone / "data", "GMB")
    assert history.shallow
    assert [e.boundary for e in history.entries] == [True, False]
    assert history.missing_note is not None and "commits before 2026-01-03 are not in it" in history.missing_note
    # The oldest commit in the clone is not the record's creation.
    assert history.entries[0].status == "A"


def test_diff_in_a_shallow_clone_without_the_merge_base(repo: GitRepo, tmp_path: Path):
    repo.git("switch", "--quiet", "-c", "feature")
    repo.state("GMB").write_text(GAMBIA_AS_NON_SIGNATORY)
    repo.commit("Gambia as a non-signatory")
    repo.git("switch", "--quiet", "main")
    repo.edit("states/fra.yaml", "name: France", "name: French Republic")
    repo.commit("Rename France")
    clone = tmp_path / "clone"
    repo.git("clone", "--quiet", "--depth=1", "--no-single-branch", "--branch=feature", f"file://{repo.path}", str(clone))
    with pytest.raises(RefusedError, match="shallow: fetch the whole history"):
        diff(clone / "data", None, None, main_branches=("origin/main",))
    # Named explicitly, both tips are there, and the diff works.
    result = diff(clone / "data", "origin/main", "HEAD")
    assert [r.key for r in result.changes.states] == ["FRA", "GMB"]


def test_an_unknown_revision_or_state(repo: GitRepo):
    with pytest.raises(UsageError, match="'nope' is not a commit"):
        state_history(repo.data, "GMB", "nope")
    with pytest.raises(UsageError, match=r"no commit reachable from HEAD changed data/states/xyz\.yaml"):
        state_history(repo.data, "XYZ")
    with pytest.raises(UsageError, match="no state 'Atlantis'"):
        state_history(repo.data, "Atlantis")
    with pytest.raises(UsageError, match="not a commit"):
        diff(repo.data, "--output=/tmp/x", None)


def test_not_a_repository(tmp_path: Path):
    shutil.copytree(FIXTURE, tmp_path / "data")
    with pytest.raises(RefusedError, match="not inside a git repository"):
        diff(tmp_path / "data", "HEAD", None)


def test_commit_is_refused_on_detached_head_dirty_index_or_edited_file(repo: GitRepo):
    with open_repository(repo.path) as repository:
        ensure_can_commit(repository, ["data/states/gmb.yaml"])  # clean: allowed

        repo.edit("states/fra.yaml", "name: France", "name: French Republic")
        repo.git("add", "data/states/fra.yaml")
        with pytest.raises(RefusedError, match=r"staged changes \(data/states/fra.yaml\)"):
            ensure_can_commit(repository, ["data/states/gmb.yaml"])
        repo.git("reset", "--quiet")

        with pytest.raises(RefusedError, match=r"data/states/fra\.yaml has uncommitted changes"):
            ensure_can_commit(repository, ["data/states/fra.yaml"])
        ensure_can_commit(repository, ["data/states/gmb.yaml"])  # another file's edits do not matter

        repo.git("checkout", "--quiet", "--", "data/states/fra.yaml")
        repo.git("switch", "--quiet", "--detach", "HEAD")
        with pytest.raises(RefusedError, match="HEAD is detached"):
            ensure_can_commit(repository, ["data/states/gmb.yaml"])
    assert git_children() == []


def test_diff_works_on_a_detached_head_as_in_ci(repo: GitRepo):
    repo.git("switch", "--quiet", "-c", "feature")
    repo.state("GMB").write_text(GAMBIA_AS_NON_SIGNATORY)
    repo.commit("Gambia as a non-signatory")
    repo.git("switch", "--quiet", "--detach", "HEAD")
    result = diff(repo.data, None, "HEAD")
    assert result.changes.before_label.endswith("(where HEAD left main)")
    assert [r.key for r in result.changes.states] == ["GMB"]


def test_history_through_a_broken_commit(repo: GitRepo):
    good = repo.state("FRA").read_text()
    repo.state("FRA").write_text(good.replace("iso2: FR", "iso2: [FR"))
    repo.commit("Break France")
    repo.state("FRA").write_text(good)
    repo.commit("Repair France")
    entries = state_history(repo.data, "FRA").entries
    assert [e.change.headline if e.change else None for e in entries[1:]] == [None, "the file can be read again: party"]
    assert [p.code for p in entries[1].problems] == ["yaml-syntax"]
    assert entries[1].problems[0].path.endswith(":data/states/fra.yaml")


def test_revisions_read_through_the_cache_reuse_what_did_not_change(repo: GitRepo):
    from att_univ.data.cache import open_cache

    first = repo.git("rev-parse", "HEAD").strip()
    repo.state("GMB").write_text(GAMBIA_AS_NON_SIGNATORY)
    repo.edit("states/fra.yaml", "date: 2014-04-02", "date: 2014-04-31")
    repo.commit("Gambia as a non-signatory, and a date that does not exist")
    store = open_cache(str(repo.data.resolve()))
    with open_repository(repo.data) as repository:
        plain = [load_revision(repository, repo.data, rev) for rev in (first, "HEAD")]
        cached = [load_revision(repository, repo.data, rev, store=store) for rev in (first, "HEAD")]
        store.save(adding=True)
        reopened = open_cache(str(repo.data.resolve()))
        again = load_revision(repository, repo.data, "HEAD", store=reopened)
    for without, with_store in zip(plain, cached, strict=True):
        assert with_store.problems == without.problems
        assert with_store.dataset is not None and without.dataset is not None
        assert with_store.dataset.states == without.dataset.states
    old, new = (result.dataset for result in cached)
    assert old is not None and new is not None
    assert new.states["SEN"] is old.states["SEN"]  # the same blob: validated once
    assert new.states["GMB"] is not old.states["GMB"] and new.states["GMB"].treaty.deposit is None
    assert "FRA" not in new.states and [p.code for p in cached[1].problems] == ["invalid-date"]
    assert reopened.parses.keys() >= store.used_parses.keys()  # kept for the next run
    assert again.problems == cached[1].problems  # the date's problem is found again: parses with problems are not kept
