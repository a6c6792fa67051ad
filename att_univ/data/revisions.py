"""The only module that talks to git: revisions of the dataset, the log of a file, commits.

Everything goes through git's own commands (via GitPython's command backend), never through
GitPython's pure-Python object database: `git ls-tree` plus one `git cat-file --batch` reads a
whole revision in a few milliseconds, and one `git log --raw` pass gives a file's history.
Paths are always passed after `--`, so a file name can never be read as an option, and every
repository is closed when the `with` block ends, so no git process outlives its command.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from att_univ.core.errors import RefusedError, UsageError

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbe4904b"  # git's well-known empty tree
_RECORD = "\x1e"  # separates commits in our `git log` format
_FIELD = "\x1f"  # separates the fields of one commit


@dataclass(frozen=True)
class FileCommit:
    """One commit that changed a file: who, when, and the file's blob before and after."""

    sha: str
    short: str
    parents: tuple[str, ...]
    author: str
    authored: dt.datetime
    subject: str
    status: str  # A added, M modified, D deleted, R renamed (git's letters)
    path: str  # the file's path after the commit (before it, for a deletion)
    old_path: str | None  # the path before a rename or copy
    old_blob: str | None  # None when the file did not exist before the commit
    new_blob: str | None  # None when the commit deleted the file


class Repository:
    """A git repository opened on a working tree; use `open_repository` to get one."""

    def __init__(self, repo: Any) -> None:
        self._repo = repo
        self.toplevel = Path(repo.working_tree_dir).resolve()

    # --- plumbing -----------------------------------------------------------------------

    def run(self, *args: str, check: bool = True) -> str:
        """Run one git command in the working tree and return its standard output as text."""
        return self.run_bytes(*args, check=check).decode("utf-8", "replace")

    def run_bytes(self, *args: str, check: bool = True, stdin: bytes | None = None) -> bytes:
        """Run one git command and return its raw standard output."""
        from git.exc import GitCommandError

        if stdin is not None:
            process = self._repo.git.execute(["git", *args], istream=subprocess.PIPE, as_process=True)
            out, err = process.proc.communicate(stdin)
            if check and process.proc.returncode != 0:
                raise RefusedError(f"git {args[0]} failed: {_first_line(err)}")
            return bytes(out)
        try:
            status, out, err = self._repo.git.execute(
                ["git", *args],
                with_extended_output=True,
                with_exceptions=check,
                stdout_as_string=False,
                strip_newline_in_stdout=False,
            )
        except GitCommandError as exc:
            raise RefusedError(f"git {args[0]} failed: {_first_line(exc.stderr)}") from None
        return bytes(out) if status == 0 else b""

    def relative(self, path: Path) -> str:
        """A path inside the working tree, as git names it (`data/states`), or '' for the top."""
        try:
            relative = path.resolve().relative_to(self.toplevel)
        except ValueError:
            raise RefusedError(f"{path} is not inside the git working tree {self.toplevel}") from None
        text = relative.as_posix()
        return "" if text == "." else text

    # --- revisions ----------------------------------------------------------------------

    def resolve(self, revision: str) -> str | None:
        """The commit a revision names (full hash), or None if it names none."""
        if not revision or revision.startswith("-"):
            return None
        out = self.run("rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}", check=False)
        sha = out.strip()
        return sha if len(sha) == 40 else None

    def commit_of(self, revision: str) -> str:
        """Like `resolve`, but an unknown revision is a usage error that says what to do."""
        sha = self.resolve(revision)
        if sha is not None:
            return sha
        if self.resolve("HEAD") is None:
            raise RefusedError("the repository has no commits yet")
        hint = " (this clone is shallow: older commits are missing; run git fetch --unshallow)" if self.is_shallow() else ""
        raise UsageError(f"{revision!r} is not a commit of this repository{hint}")

    def short(self, sha: str) -> str:
        """A short, unambiguous name for a commit."""
        return self.run("rev-parse", "--short", sha).strip() or sha[:7]

    def merge_base(self, first: str, second: str) -> str | None:
        """The best common ancestor of two commits, or None (unrelated, or cut off by a shallow clone)."""
        out = self.run("merge-base", "--end-of-options", first, second, check=False).strip()
        return out if len(out) == 40 else None

    def is_shallow(self) -> bool:
        """Whether this is a shallow clone, with older history missing."""
        return self.run("rev-parse", "--is-shallow-repository").strip() == "true"

    def shallow_boundary(self) -> frozenset[str]:
        """The commits of a shallow clone whose parents are missing."""
        path = Path(self.run("rev-parse", "--git-path", "shallow").strip())
        if not path.is_absolute():
            path = self.toplevel / path
        try:
            return frozenset(line.strip() for line in path.read_text().splitlines() if line.strip())
        except OSError:
            return frozenset()

    def current_branch(self) -> str | None:
        """The branch HEAD is on, or None when HEAD is detached."""
        out = self.run("symbolic-ref", "--quiet", "--short", "HEAD", check=False).strip()
        return out or None

    # --- reading content ----------------------------------------------------------------

    def read_tree(self, sha: str, folder: str) -> tuple[dict[str, bytes], list[str]]:
        """Every regular file under `folder` at a commit (paths relative to it), and its symbolic links."""
        listing = self.run_bytes("ls-tree", "-r", "-z", "--full-tree", sha, "--", f"{folder}/" if folder else ".")
        blobs: dict[str, str] = {}
        links: list[str] = []
        prefix = f"{folder}/" if folder else ""
        for record in listing.split(b"\0"):
            if not record:
                continue
            meta, _, raw_path = record.partition(b"\t")
            mode, kind, blob = meta.decode().split(" ")
            path = raw_path.decode("utf-8", "surrogateescape")
            if kind != "blob" or not path.startswith(prefix):
                continue
            if mode == "120000":
                links.append(path[len(prefix) :])
            else:
                blobs[path[len(prefix) :]] = blob
        contents = self.read_blobs(blobs.values())
        return {path: contents[blob] for path, blob in blobs.items() if blob in contents}, links

    def read_blobs(self, blobs: Iterable[str]) -> dict[str, bytes]:
        """The content of many blobs, by the names asked for (full or abbreviated), through one `git cat-file --batch`."""
        wanted = list(dict.fromkeys(blob for blob in blobs if blob and not _is_none(blob)))
        if not wanted:
            return {}
        out = self.run_bytes("cat-file", "--batch", stdin="".join(f"{blob}\n" for blob in wanted).encode())
        # git answers in the order asked, one answer per name (`<name> missing` when it has none).
        return {name: content for name, content in zip(wanted, _parse_batch(out), strict=True) if content is not None}

    def file_log(self, path: str, revision: str) -> list[FileCommit]:
        """Every commit reachable from `revision` that changed the file, newest first, following renames."""
        fields = _FIELD.join(("%H", "%h", "%P", "%an", "%aI", "%s"))
        out = self.run_bytes("log", "--follow", "--raw", "-z", f"--format={_RECORD}{fields}", revision, "--", path)
        return list(_parse_log(out.decode("utf-8", "replace")))

    # --- the working tree and committing -------------------------------------------------

    def staged_paths(self) -> list[str]:
        """Paths with changes in the index (staged but not committed)."""
        base = "HEAD" if self.resolve("HEAD") is not None else EMPTY_TREE
        out = self.run("diff", "--cached", "--name-only", "-z", base, "--")
        return [path for path in out.split("\0") if path]

    def uncommitted(self, paths: Sequence[str]) -> list[str]:
        """Which of these paths differ from HEAD in the working tree or index (untracked included)."""
        if not paths:
            return []
        out = self.run("status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *paths)
        found = []
        records = iter(out.split("\0"))
        for record in records:
            if not record:
                continue
            found.append(record[3:])
            if record[0] in "RC":
                next(records, None)  # the rename's source path
        return found

    def operation_in_progress(self) -> str | None:
        """A merge, rebase, cherry-pick or revert that git is in the middle of, if any."""
        for name, what in (
            ("MERGE_HEAD", "a merge"),
            ("CHERRY_PICK_HEAD", "a cherry-pick"),
            ("REVERT_HEAD", "a revert"),
            ("rebase-merge", "a rebase"),
            ("rebase-apply", "a rebase"),
        ):
            path = Path(self.run("rev-parse", "--git-path", name).strip())
            if not path.is_absolute():
                path = self.toplevel / path
            if path.exists():
                return what
        return None

    def commit(self, paths: Sequence[str], message: str) -> str:
        """Commit exactly these paths with the message; the new commit's hash."""
        self.run("add", "--", *paths)
        try:
            self.run("commit", "--quiet", f"--message={message}", "--", *paths)
        except RefusedError as error:
            raise RefusedError(f"{error.message}; the file was written but not committed") from None
        return self.run("rev-parse", "HEAD").strip()


def ensure_can_commit(repository: Repository, paths: Sequence[str]) -> None:
    """Refuse (exit 3) to commit on a detached HEAD, during a merge or rebase, over staged work, or over edits to the paths."""
    if repository.current_branch() is None:
        raise RefusedError(
            "HEAD is detached (not on a branch), so a commit would be easy to lose; "
            "switch to a branch first (git switch -c NAME), or leave out --commit"
        )
    operation = repository.operation_in_progress()
    if operation is not None:
        raise RefusedError(f"git is in the middle of {operation}; finish or abort it first, or leave out --commit")
    staged = repository.staged_paths()
    if staged:
        shown = ", ".join(staged[:3]) + (f" and {len(staged) - 3} more" if len(staged) > 3 else "")
        raise RefusedError(
            f"the index already holds staged changes ({shown}); attu commits only what it records, so commit or "
            "unstage them first (git restore --staged -- PATH), or leave out --commit"
        )
    dirty = repository.uncommitted(paths)
    if dirty:
        raise RefusedError(
            f"{', '.join(dirty)} has uncommitted changes, which the commit would carry along; "
            "commit or stash them first (git stash), or leave out --commit"
        )


@contextmanager
def open_repository(path: Path) -> Iterator[Repository]:
    """The git repository holding `path`; closed (no git process left) when the block ends."""
    try:
        import git
    except ImportError as exc:  # pragma: no cover - GitPython is a dependency
        raise RefusedError("GitPython is not installed") from exc
    try:
        repo = git.Repo(path, search_parent_directories=True)
    except git.exc.InvalidGitRepositoryError:
        raise RefusedError(f"{path} is not inside a git repository") from None
    except git.exc.NoSuchPathError:
        raise UsageError(f"{path}: no such directory") from None
    except git.exc.GitCommandNotFound:  # pragma: no cover - depends on the machine
        raise RefusedError("git is not installed (or not on PATH)") from None
    try:
        if repo.bare or repo.working_tree_dir is None:
            raise RefusedError(f"{path}: a bare repository has no working tree")
        yield Repository(repo)
    finally:
        repo.close()


@dataclass(frozen=True)
class RevisionFiles:
    """A dataset directory as committed: its files and what could not be read as files."""

    sha: str
    label: str  # how problems name the revision, e.g. `main` in `main:data/states/gmb.yaml`
    folder: str  # the dataset directory inside the repository, e.g. `data`
    files: Mapping[str, bytes]
    links: tuple[str, ...]


def read_revision(repository: Repository, dataset_root: Path, revision: str, *, label: str | None = None) -> RevisionFiles:
    """Every file of the dataset directory at a revision, read from git's object database."""
    sha = repository.commit_of(revision)
    folder = repository.relative(dataset_root)
    files, links = repository.read_tree(sha, folder)
    return RevisionFiles(sha, label or revision, folder, files, tuple(links))


def load_revision(
    repository: Repository, dataset_root: Path, revision: str, *, label: str | None = None, store: Any = None
) -> Any:
    """The dataset at a revision, validated like a directory: a `LoadResult` with `<rev>:<path>` problem locations.

    With a `store` (`att_univ.data.cache.DatasetCache`), content already seen is not parsed or validated again.
    """
    from att_univ.core.problems import Problem
    from att_univ.data.loader import LoadResult, load_dataset_from_files
    from att_univ.data.migrations import migrate

    read = read_revision(repository, dataset_root, revision, label=label)
    root_label = revision_prefix(read.label, read.folder)
    if not read.files and not read.links:
        where = f"no {read.folder}/ directory" if read.folder else "no dataset files"
        raise UsageError(f"revision {read.label} has {where}: there is no dataset to read there")
    result = load_dataset_from_files(migrate(read.files), root_label, store=store)
    if not read.links:
        return result
    links = [
        Problem(f"{root_label}{link}", 1, 1, "symlink", "symbolic links are not read from git revisions") for link in read.links
    ]
    return LoadResult(result.dataset, sorted([*result.problems, *links]))


def revision_prefix(label: str, folder: str) -> str:
    """How paths of a revision's dataset are shown, as git names them: `main:data/`."""
    return f"{label}:{folder}/" if folder else f"{label}:"


def _parse_batch(out: bytes) -> Iterator[bytes | None]:
    """`git cat-file --batch` output: `<sha> <type> <size>\\n<content>\\n`, or `<name> missing\\n` (None)."""
    position = 0
    while position < len(out):
        end = out.index(b"\n", position)
        header = out[position:end].decode().split(" ")
        position = end + 1
        if len(header) != 3:  # "<name> missing" or "<name> ambiguous"
            yield None
            continue
        size = int(header[2])
        yield out[position : position + size]
        position += size + 1


def _is_none(blob: str) -> bool:
    """git's all-zero name for "no file here"."""
    return set(blob) == {"0"}


def _parse_log(out: str) -> Iterator[FileCommit]:
    """Our `git log --raw -z` format: a header per commit, then `:modes blobs status\\0path\\0[path\\0]`."""
    for chunk in out.split(_RECORD):
        if not chunk:
            continue
        header, _, raw = chunk.partition("\0")
        sha, short, parents, author, authored, subject = header.split(_FIELD, 5)
        tokens = [token for token in raw.split("\0")]
        index = 0
        while index < len(tokens):
            token = tokens[index].strip("\n")
            index += 1
            if not token.startswith(":"):
                continue
            _, _, old_blob, new_blob, status = token[1:].split(" ")
            letter = status[0]
            if letter in "RC":
                old_path, path = tokens[index], tokens[index + 1]
                index += 2
            else:
                old_path, path = None, tokens[index]
                index += 1
            yield FileCommit(
                sha=sha,
                short=short,
                parents=tuple(parents.split()),
                author=author,
                authored=dt.datetime.fromisoformat(authored),
                subject=subject,
                status=letter,
                path=path,
                old_path=old_path,
                old_blob=None if _is_none(old_blob) else old_blob,
                new_blob=None if _is_none(new_blob) else new_blob,
            )
            break  # one path is followed, so one entry per commit


def state_path(folder: str, iso3: str) -> str:
    """Where a state's file lies in the repository."""
    return str(PurePosixPath(folder, "states", f"{iso3.lower()}.yaml")) if folder else f"states/{iso3.lower()}.yaml"


def _first_line(stderr: Any) -> str:
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else str(stderr or "")
    for line in text.splitlines():
        cleaned = line.strip().removeprefix("stderr:").strip().strip("'").strip()
        if cleaned:
            return cleaned.removeprefix("fatal: ").removeprefix("error: ")
    return "no explanation from git"
