"""Reviewing the dataset's changes: what a pull request changes (`attu diff`), and one state's story (`attu history`).

Reads revisions through `att_univ.data.revisions` (git), compares them with `att_univ.review.changes`, and
collects everything the confidentiality guard must know, including restricted text that
only an older version held.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from att_univ.core.errors import AttuError, ExitCode, RefusedError, UsageError
from att_univ.core.problems import Problem
from att_univ.data.dataset import Dataset
from att_univ.data.guard import Guard, Secret, guard_for
from att_univ.data.loader import LoadResult, display_path, load_bytes, load_dataset
from att_univ.data.models import State
from att_univ.data.models.walk import leaves
from att_univ.data.revisions import FileCommit, Repository, load_revision, open_repository, revision_prefix, state_path
from att_univ.review.changes import DatasetChanges, RecordChanges, Snapshot, compare, state_changes

WORKING_TREE = "the working tree"
MAIN_BRANCHES = ("main", "master", "origin/main", "origin/master")


@dataclass(frozen=True)
class DiffResult:
    """The changes, and both full datasets (the guard needs the secrets of each)."""

    changes: DatasetChanges
    before: Dataset
    after: Dataset
    protected: tuple[tuple[str, str, int], ...] = ()  # encrypted values changed that the reader's keys cannot open


def diff(root: Path, base: str | None, head: str | None, *, main_branches: Sequence[str] = MAIN_BRANCHES) -> DiffResult:
    """Compare the dataset at `base` (default: where HEAD left the main branch) with `head` (default: the working tree)."""
    from att_univ.data.cache import open_cache

    store = open_cache(str(root.resolve()))  # blobs unchanged between the revisions are parsed and validated once
    with open_repository(root) as repository:
        folder = repository.relative(root)
        head_sha = repository.commit_of(head) if head is not None else None
        if base is None:
            base_sha, main = default_base(repository, head_sha or "HEAD", main_branches)
            base_rev = repository.short(base_sha)
            base_label = f"{base_rev} (where {head or 'HEAD'} left {main})"
        else:
            base_sha = repository.commit_of(base)
            base_rev = base_label = base
        before = _snapshot(
            load_revision(repository, root, base_sha, label=base_rev, store=store),
            base_label,
            revision_prefix(base_rev, folder),
        )
        if head is None:
            shown = display_path(root)
            prefix = "" if shown == "." else f"{shown}/"
            after = _snapshot(load_dataset(root), WORKING_TREE, prefix)
        else:
            after = _snapshot(load_revision(repository, root, head, store=store), head, revision_prefix(head, folder))
        protected = _protected_changes(repository, root, folder, base_sha, head_sha, after.dataset)
    store.save(adding=True)
    changes = compare(before, after, tiers=_tiers(before.dataset, after.dataset))
    return DiffResult(changes, before.dataset, after.dataset, protected)


def _protected_changes(
    repository: Repository, root: Path, folder: str, base_sha: str, head_sha: str | None, after: Dataset
) -> tuple[tuple[str, str, int], ...]:
    """For a reader without the restricted key: which encrypted fields changed, by file (never a value)."""
    from att_univ.data.protected import sealed_changes

    if after.audience == "restricted":  # a dataset in clear, or a reader who opens everything: the diff shows it all
        return ()
    old, _ = repository.read_tree(base_sha, folder)
    if head_sha is not None:
        new, _ = repository.read_tree(head_sha, folder)
    else:
        new = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.glob("**/*.yaml") if ".attu-cache" not in p.parts}
    return tuple(sealed_changes(old, new))


def state_tiers(dataset: Dataset) -> Mapping[str, str] | None:
    """Each state's universalization tier on the dataset's as-of date (parties have none)."""
    from att_univ.outreach.tiers import assign_tiers

    return {t.iso3: str(t.tier) for t in assign_tiers(dataset, dataset.meta.as_of)}


def _tiers(before: Dataset, after: Dataset) -> tuple[Mapping[str, str], Mapping[str, str]] | None:
    old, new = state_tiers(before), state_tiers(after)
    return None if old is None or new is None else (old, new)


def default_base(repository: Repository, head: str, main_branches: Sequence[str]) -> tuple[str, str]:
    """The commit where `head` left the main branch (the first of `main_branches` that exists), and that branch."""
    found = [name for name in main_branches if repository.resolve(name) is not None]
    if not found:
        raise UsageError(f"no main branch found (looked for {', '.join(main_branches)}); name the base revision: attu diff BASE")
    for name in found:
        base = repository.merge_base(head, name)
        if base is not None:
            return base, name
    shallow = (
        " This clone is shallow: fetch the whole history (actions/checkout with fetch-depth: 0)."
        if repository.is_shallow()
        else ""
    )
    raise RefusedError(
        f"{head} shares no history with {found[0]}, so there is no base to compare with.{shallow} Name BASE explicitly."
    )


def _snapshot(result: LoadResult, label: str, prefix: str) -> Snapshot:
    if result.dataset is None:
        listed = "".join(f"\n  {problem}" for problem in result.problems)
        raise AttuError(f"the dataset in {label} cannot be read (its dataset.yaml is unusable):{listed}", ExitCode.INVALID_DATA)
    return Snapshot(result.dataset, result.problems, label, prefix)


# --- one state's history ----------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    """One commit that changed a state's file, and what it changed."""

    sha: str
    short: str
    author: str
    authored: dt.datetime
    subject: str
    status: str  # A, M, D, R (git's letters)
    path: str
    old_path: str | None
    boundary: bool  # the oldest commit a shallow clone holds: what came before is missing
    change: RecordChanges | None
    problems: tuple[Problem, ...] = ()  # when the file could not be read after this commit
    protected: tuple[tuple[str, str, int], ...] = ()  # encrypted values changed that the reader's keys cannot open


@dataclass(frozen=True)
class StateHistory:
    """The story of one state's record, oldest commit first."""

    iso3: str
    name: str
    path: str
    revision: str
    entries: tuple[HistoryEntry, ...]
    shallow: bool
    versions: tuple[State, ...]  # every version read, for the confidentiality guard
    latest: State | None  # the record after the newest commit (None if that commit deleted it)

    @property
    def missing_note(self) -> str | None:
        """What a shallow clone leaves out, in words."""
        if not self.shallow:
            return None
        if any(entry.boundary for entry in self.entries):
            oldest = min(entry.authored for entry in self.entries).date().isoformat()
            return (
                f"this is a shallow clone: commits before {oldest} are not in it, so the record's earlier history is "
                "missing (git fetch --unshallow fetches it)"
            )
        return "this is a shallow clone: older commits are not in it (git fetch --unshallow fetches them)"


_CODE = re.compile(r"^[A-Za-z]{3}$")


def state_history(root: Path, query: str, revision: str = "HEAD", *, limit: int | None = None) -> StateHistory:
    """Every commit reachable from `revision` that changed a state's file (renames followed), with what it changed."""
    iso3, name = _which_state(root, query)
    with open_repository(root) as repository:
        folder = repository.relative(root)
        repository.commit_of(revision)
        path = state_path(folder, iso3)
        commits = repository.file_log(path, revision)
        shallow = repository.is_shallow()
        boundary = repository.shallow_boundary() if shallow else frozenset()
        if limit is not None:
            commits = commits[:limit]
        contents = repository.read_blobs(b for c in commits for b in (c.old_blob, c.new_blob) if b)
    if not commits:
        hint = " (this clone is shallow: older commits are missing; git fetch --unshallow fetches them)" if shallow else ""
        raise UsageError(f"no commit reachable from {revision} changed {path}{hint}")
    versions: dict[str, tuple[State | None, tuple[Problem, ...]]] = {}
    from att_univ.data.keys import keyring_for

    keys, _ = keyring_for(root)  # protected values: opened with the reader's keys, or left out (the public view)
    hidden = keys is not None and keys.audience != "restricted"  # some values stay sealed: say which fields changed

    def version(blob: str | None, shown: str) -> tuple[State | None, tuple[Problem, ...]]:
        if blob is None or blob not in contents:
            return None, ()
        if blob not in versions:
            model, problems = load_bytes(contents[blob], shown, State, keys)
            versions[blob] = (model if isinstance(model, State) else None, tuple(problems))
        return versions[blob]

    entries = []
    for commit in reversed(commits):
        short = commit.short
        before, _ = version(commit.old_blob, f"{short}^:{commit.old_path or commit.path}")
        after, problems = version(commit.new_blob, f"{short}:{commit.path}")
        at_boundary = commit.sha in boundary and not commit.parents and commit.status == "A"
        change = _file_change(before, after, broken_before=before is None and commit.old_blob is not None)
        if after is None and commit.new_blob is not None:
            change = None  # the file is there but cannot be read: its problems say why
        entries.append(
            HistoryEntry(
                sha=commit.sha,
                short=short,
                author=commit.author,
                authored=commit.authored,
                subject=commit.subject,
                status=commit.status,
                path=commit.path,
                old_path=commit.old_path,
                boundary=at_boundary,
                change=change,
                problems=problems if after is None and commit.new_blob else (),
                protected=_protected_changes_of(commit, contents) if hidden else (),
            )
        )
        if after is not None:
            name = after.name
    states = tuple(model for model, _ in versions.values() if model is not None)
    latest, _ = version(commits[0].new_blob, commits[0].path)
    return StateHistory(iso3, name, path, revision, tuple(entries), shallow, states, latest)


def _protected_changes_of(commit: FileCommit, contents: Mapping[str, bytes]) -> tuple[tuple[str, str, int], ...]:
    """Which encrypted fields of the state's file one commit changed (file, field, count): what `attu diff` tells too."""
    from att_univ.data.protected import sealed_changes

    def version(blob: str | None) -> dict[str, bytes]:
        return {commit.path: contents[blob]} if blob is not None and blob in contents else {}

    return tuple(sealed_changes(version(commit.old_blob), version(commit.new_blob)))


def _file_change(before: State | None, after: State | None, *, broken_before: bool) -> RecordChanges | None:
    """What a commit did to the record; a file that was unreadable before is not "created" by its repair."""
    if broken_before and after is not None:
        from att_univ.core.treaty_rules import status_on

        status = status_on(after.treaty, dt.date.max)
        return RecordChanges(
            "states", after.iso3, after.name, "readable", headline=f"the file can be read again: {status}", status_after=status
        )
    return state_changes(before, after)


def _which_state(root: Path, query: str) -> tuple[str, str]:
    """The ISO3 code a query means, and a name until the history gives the real one.

    A code is taken as given (the state may since have been removed, or renamed); only a
    name needs the dataset, to be looked up.
    """
    if _CODE.match(query.strip()):
        code = query.strip().upper()
        return code, code
    from att_univ.data.resolve import resolve_state

    result = load_dataset(root, checks=False)
    if result.dataset is None:
        raise UsageError(f"cannot look up the state {query!r}: the dataset cannot be read (run attu validate)")
    found = resolve_state(result.dataset, query)
    return found.iso3, found.name


# --- the confidentiality guard over several versions --------------------------------------------


def guard_for_versions(versions: Iterable[Dataset], latest: Dataset, audience: str) -> Guard:
    """A guard that knows the restricted text of every version, except text the latest version shows this audience.

    A restricted note deleted by a change must not leak through the summary of that change;
    text that the latest version has made visible to the audience is no longer a secret.
    """
    if audience == "restricted":
        return Guard(audience, ())
    current = guard_for(latest, audience)
    known = {secret.normalised for secret in current.secrets}
    older: dict[str, Secret] = {}
    for dataset in versions:
        for secret in guard_for(dataset, audience).secrets:
            if secret.normalised not in known:
                older.setdefault(secret.normalised, secret)
    visible = "\n".join(_texts(latest.for_audience(audience).records))
    # Find the older secrets that the latest version shows, one `find` (one pass over the text) each.
    candidates = list(older.values())
    while candidates:
        probe = Guard(audience, tuple(Secret(secret.normalised, str(index)) for index, secret in enumerate(candidates)))
        shown = probe.find(visible)
        if shown is None:
            break
        del candidates[int(shown)]
    return Guard(audience, (*current.secrets, *candidates))


def history_guard(history: StateHistory, audience: str) -> Guard:
    """The guard for a state's history: the restricted text of every version it went through."""
    from att_univ.data.models import DatasetMeta

    meta = DatasetMeta(title="history", as_of=dt.date.max, sources={})

    def one_state(state: State | None) -> Dataset:
        return Dataset(root=Path("."), meta=meta, records={"states": {state.iso3: state} if state else {}})

    return guard_for_versions([one_state(state) for state in history.versions], one_state(history.latest), audience)


def _texts(value: Any) -> Iterator[str]:
    return (leaf.value for leaf in leaves(value) if isinstance(leaf.value, str))
