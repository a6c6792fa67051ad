"""Recording facts: only the lines that must change, comments kept, checked before writing, atomic."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from att_univ.core.errors import UsageError
from att_univ.data import outputs
from att_univ.data.canonical import format_dataset
from att_univ.data.loader import load_dataset
from att_univ.review import record as editing
from tests.support.review_repos import GitRepo, git_environment


@pytest.fixture(autouse=True)
def fixed_git(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in git_environment().items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo.create(tmp_path / "repo")


def numstat(repo: GitRepo) -> list[str]:
    return repo.git("diff", "--numstat").splitlines()


def test_a_deposit_adds_the_deposit_and_its_entry_into_force_and_nothing_else(repo: GitRepo):
    edit = editing.record_deposit(repo.data, "Comoros", dt.date(2024, 6, 13), "ratification", ["untc-status-2026"])
    editing.write(edit)
    assert numstat(repo) == ["7\t0\tdata/states/com.yaml"]
    assert repo.git("diff", "--unified=0").split("@@")[-1].splitlines()[1:] == [
        "+  deposit:",
        "+    date: 2024-06-13",
        "+    instrument: ratification",
        "+    sources: [untc-status-2026]",
        "+  entry_into_force:",
        "+    date: 2024-09-11",
        "+    basis: article-22",
    ]
    assert edit.subject == "Record deposit: Comoros (COM), ratification 2024-06-13"
    assert "Entry into force: 2024-09-11 (Art. 22)." in edit.message
    state = load_dataset(repo.data).dataset.states["COM"]  # type: ignore[union-attr]
    assert state.treaty.entry_into_force is not None and state.treaty.entry_into_force.date == dt.date(2024, 9, 11)


def test_entry_into_force_of_an_early_deposit_is_the_treaty_s_own(repo: GitRepo):
    editing.write(editing.record_signature(repo.data, "IND", dt.date(2013, 9, 25), ["untc-status-2026"]))
    edit = editing.record_deposit(repo.data, "IND", dt.date(2014, 9, 25), "ratification", ["untc-status-2026"])
    assert "Entry into force: 2014-12-24 (Art. 22)." in edit.message
    assert "  entry_into_force:\n    date: 2014-12-24\n    basis: article-22\n" in edit.new_text


def test_a_state_without_treaty_facts_gets_its_treaty_block_after_sources(repo: GitRepo):
    editing.write(editing.record_deposit(repo.data, "IND", dt.date(2025, 1, 6), "accession", ["untc-status-2026"]))
    assert numstat(repo) == ["8\t0\tdata/states/ind.yaml"]
    text = repo.state("IND").read_text()
    assert text.index("sources: [iso-3166, un-m49]") < text.index("treaty:\n  deposit:\n    date: 2025-01-06")
    assert format_dataset(repo.data, check=True).changed == []


def test_comments_and_layout_survive(repo: GitRepo):
    repo.edit("states/com.yaml", "treaty:\n", "# Checked against the depositary, January 2026.\ntreaty:\n")
    repo.edit("states/com.yaml", "process:\n", "process:  # told to the WGTU\n")
    repo.commit("Comments")
    editing.write(editing.record_deposit(repo.data, "COM", dt.date(2024, 6, 13), "ratification", ["untc-status-2026"]))
    assert numstat(repo) == ["7\t0\tdata/states/com.yaml"]
    text = repo.state("COM").read_text()
    assert "# Checked against the depositary, January 2026.\ntreaty:" in text
    assert "process:  # told to the WGTU\n" in text


def test_a_signature_and_process_steps_in_date_order(repo: GitRepo):
    editing.write(editing.record_signature(repo.data, "India", dt.date(2013, 9, 25), ["untc-status-2026"]))
    assert numstat(repo) == ["4\t0\tdata/states/ind.yaml"]
    repo.commit("India signs")
    edit = editing.record_process(
        repo.data, "ECU", "legal-review", dt.date(2025, 6, 1), summary="Reviewed by the ministry.", sources=["mondiale-2026"]
    )
    editing.write(edit)
    assert numstat(repo) == ["5\t0\tdata/states/ecu.yaml"]
    stages = [step.stage for step in load_dataset(repo.data).dataset.states["ECU"].process]  # type: ignore[union-attr]
    assert stages == ["legal-review", "parliament-approved", "complete"]
    assert "sensitivity: restricted" in repo.state("ECU").read_text()
    assert edit.subject == "Record a restricted process step: Ecuador (ECU)"


def test_an_engagement_file_is_created_canonical_and_valid(repo: GitRepo):
    edit = editing.record_engagement(
        repo.data,
        "2025-05-banjul-visit",
        dt.date(2025, 5, 1),
        "visit",
        "Visit to Banjul: legal assistance",
        states=["Gambia", "SEN"],
        regions=["ecowas"],
        sources=["mondiale-2026"],
    )
    editing.write(edit)
    assert edit.old_text is None
    assert edit.path.read_text() == (
        "# yaml-language-server: $schema=../../schemas/engagement.schema.json\n"
        "id: 2025-05-banjul-visit\n"
        "date: 2025-05-01\n"
        "kind: visit\n"
        "title: 'Visit to Banjul: legal assistance'\n"
        "states: [GMB, SEN]\n"
        "regions: [ecowas]\n"
        "sensitivity: restricted\n"
        "sources: [mondiale-2026]\n"
    )
    result = load_dataset(repo.data)
    assert result.ok and "2025-05-banjul-visit" in result.dataset.engagements  # type: ignore[union-attr]
    assert format_dataset(repo.data, check=True).changed == []
    with pytest.raises(UsageError, match="already exists"):
        editing.record_engagement(repo.data, "2025-05-banjul-visit", dt.date(2025, 5, 1), "visit", "Again")


@pytest.mark.parametrize(
    ("state", "instrument", "sources", "code"),
    [
        ("COM", "accession", ["untc-status-2026"], "accession-by-signatory"),
        ("IND", "ratification", ["untc-status-2026"], "ratification-without-signature"),
        ("IND", "accession", ["no-such-source"], "unknown-source"),
        ("USA", "ratification", ["untc-status-2026"], "intent-not-to-become-party"),
    ],
)
def test_a_deposit_that_breaks_a_rule_is_refused_with_the_rule(repo: GitRepo, state, instrument, sources, code):
    before = repo.state(state).read_bytes()
    with pytest.raises(editing.InvalidEditError, match=rf"error\[{code}\]") as caught:
        editing.record_deposit(repo.data, state, dt.date(2024, 6, 13), instrument, sources)
    assert "nothing was written" in caught.value.message
    assert repo.state(state).read_bytes() == before
    assert numstat(repo) == []


def test_dates_after_the_as_of_date_are_refused(repo: GitRepo):
    with pytest.raises(editing.InvalidEditError, match=r"error\[future-date\]"):
        editing.record_deposit(repo.data, "IND", dt.date(2026, 3, 1), "accession", ["untc-status-2026"])


def test_a_second_deposit_or_signature_is_a_usage_error(repo: GitRepo):
    with pytest.raises(UsageError, match=r"France already has a deposit \(ratification, 2014-04-02\)"):
        editing.record_deposit(repo.data, "FRA", dt.date(2024, 6, 13), "ratification", ["untc-status-2026"])
    with pytest.raises(UsageError, match="already has a signature"):
        editing.record_signature(repo.data, "FRA", dt.date(2013, 6, 4), ["untc-status-2026"])
    with pytest.raises(UsageError, match="no state 'Atlantis'"):
        editing.record_signature(repo.data, "Atlantis", dt.date(2013, 6, 4), ["untc-status-2026"])


def test_a_file_changed_since_it_was_read_is_not_overwritten(repo: GitRepo):
    edit = editing.record_deposit(repo.data, "COM", dt.date(2024, 6, 13), "ratification", ["untc-status-2026"])
    repo.edit("states/com.yaml", "name: Comoros", "name: Union of the Comoros")
    with pytest.raises(Exception, match="changed while attu was recording"):
        editing.write(edit)
    assert "Union of the Comoros" in repo.state("COM").read_text()


def test_stale_temporary_files_are_cleaned_on_the_next_write(repo: GitRepo):
    folder = repo.data / "states"
    stale = folder / ".com.yaml.abc123.tmp"
    stale.write_text("half a fi")
    old = time.time() - outputs.STALE_TEMPORARY_SECONDS - 60  # last written long before any attu could still be writing it
    os.utime(stale, (old, old))
    fresh = folder / ".gmb.yaml.def456.tmp"  # another attu, writing right now
    fresh.write_text("in progress")
    os.utime(fresh, (time.time() + 5, time.time() + 5))
    foreign = folder / ".notes.tmp"  # not ours
    foreign.write_text("x")
    os.utime(foreign, (old, old))
    editing.write(editing.record_deposit(repo.data, "COM", dt.date(2024, 6, 13), "ratification", ["untc-status-2026"]))
    assert not stale.exists()
    assert fresh.exists() and foreign.exists()
    assert sorted(p.name for p in folder.glob(".*.yaml.*.tmp")) == [".gmb.yaml.def456.tmp"]


def test_stale_temporary_files_are_cleaned_however_long_the_process_has_run(repo: GitRepo, monkeypatch: pytest.MonkeyPatch):
    # The cut-off is measured from each write: an hour into a process, a minute-old temporary file is still stale.
    later = time.time() + 3600
    monkeypatch.setattr(time, "time", lambda: later)
    folder = repo.data / "states"
    stale = folder / ".com.yaml.abc123.tmp"
    stale.write_text("half a fi")
    os.utime(stale, (later - 60, later - 60))
    fresh = folder / ".gmb.yaml.def456.tmp"
    fresh.write_text("in progress")
    os.utime(fresh, (later - 1, later - 1))
    assert outputs.clean_stale_temporaries(folder) == [stale]
    assert fresh.exists()
