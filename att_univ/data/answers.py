"""What a read command printed, kept for the dataset exactly as it was: the same command again prints it at once.

Why: a warm `attu show gmb` spends nearly all its time starting up (typer, pydantic, the models,
rich, jinja) and validating records that have not changed. When nothing it depends on has changed,
its answer cannot have changed either, so the launcher (`att_univ.launcher`) looks the invocation up
here first and, on a hit, writes the recorded stdout and stderr and exits with the recorded code,
importing nothing heavy. On a miss it runs the full command line and records what it printed.

An answer is reused only when all of these are as they were when it was recorded:

- the request: the command line, the working directory, the dataset it resolves to, today's
  date, whether stdout and stderr are terminals (and the terminal's size), and the environment
  variables that change output (`ATTU_*`, `NO_COLOR`, `COLUMNS`, locale, time zone...);
- every file of the dataset (each top-level entry and each entry of its folders: name, size,
  mtime, ctime, inode), the bundled templates, and attu itself (`source_signature`); an edit in
  place moves the ctime, which no user can set back, and an answer is not recorded while a
  file is younger than `SETTLE_NS` (git's "racily clean" rule), nor when a file changed while
  the command ran;
- for `history`, `diff` and `--rev`: the repository's HEAD and every ref;
- the identity attu would read (`ATTU_IDENTITY`, else `~/.config/attu/identity.txt`, else
  `~/.ssh/id_ed25519`): which file, and its stat, since it decides what the reader may see.

Only commands that read are answered (`COMMANDS`), only without `--out`, `--templates` or
`--help`, and only exits 0 and 1 (invalid data) are kept. Like the dataset cache, the file is
sealed with this user's secret (`att_univ.core.sealed`), private (0600), and ignored when it
does not verify.

What a restricted output printed (`restricted`: `tiers`, `support`, `coordinate`, `plan`, any
`--audience` other than public, any restricted notice) is kept in clear beside the public
answers only where the dataset itself holds it in clear for anyone running attu: no
`recipients.yaml`, or values sealed to attu's own demo key only (`reader_keys` returns no key).
Otherwise it is encrypted with age to the reader's own identity, so the cache holds no
plaintext the dataset does not hold in clear, and only someone holding that identity replays it.

Plain `os`, `marshal` and `hashlib`: the launcher imports this module before anything else.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import marshal
import os
import time
from collections.abc import Mapping, Sequence

from att_univ.core.sealed import (
    CACHE_DIRECTORY,
    directory_signature,
    read_sealed,
    source_signature,
    user_cache_directory,
    write_sealed,
)

TYPE_CHECKING = False  # typing costs the launcher 4 ms to import; mypy reads this name as true
if TYPE_CHECKING:
    from typing import Any

CACHE_FILE = "answers.marshal"
MAGIC = b"attu-answers\n"
FORMAT = 2  # 2: each answer says whether it is kept in clear or encrypted
SETTLE_NS = 2_000_000_000  # as att_univ.data.cache
KEEP = 32  # answers kept per dataset, the newest first

COMMANDS = frozenset(
    {"show", "status", "timeline", "validate", "tiers", "support", "report", "signals", "engagements", "champions"}
    | {"coordinate", "history", "diff", "plan"}
)
RESTRICTED_COMMANDS = frozenset({"tiers", "support", "coordinate", "plan"})  # restricted whatever the audience
GIT_COMMANDS = frozenset({"history", "diff"})
REFUSED_OPTIONS = ("--out", "-o", "--templates", "--help", "-h", "--debug", "--install-completion", "--show-completion")
ENVIRONMENT = ("NO_COLOR", "FORCE_COLOR", "TERM", "COLUMNS", "LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "TZ")
ENVIRONMENT_PREFIXES = ("ATTU_", "GITHUB_BASE_REF")
RESTRICTED_MARKS = ("RESTRICTED — for the WGTU only",)  # the start of core.wording's restricted notices
KEPT_CODES = (0, 1)
IDENTITY_VARIABLE = "ATTU_IDENTITY"  # as att_univ.data.keys
IN_CLEAR = "text"  # an answer kept as printed
ENCRYPTED = "age"  # an answer encrypted to the reader's identity


class Answer:
    """What a command printed, and how it exited (a plain class: dataclasses cost the launcher 10 ms to import)."""

    __slots__ = ("code", "stderr", "stdout")

    def __init__(self, stdout: str, stderr: str, code: int) -> None:
        self.stdout, self.stderr, self.code = stdout, stderr, code


def answerable(argv: Sequence[str]) -> bool:
    """Whether this command line may be answered from (and recorded in) the cache."""
    if not argv or argv[0] not in COMMANDS:
        return False
    for argument in argv[1:]:
        name = argument.split("=", 1)[0] if argument.startswith("--") else argument
        if name in REFUSED_OPTIONS:
            return False
    return True


def restricted(argv: Sequence[str], answer: Answer) -> bool:
    """Whether what an invocation printed may hold more than the public view of the dataset."""
    audiences = {value for position, value in enumerate(argv) if position and argv[position - 1] == "--audience"}
    audiences |= {argument.split("=", 1)[1] for argument in argv if argument.startswith("--audience=")}
    return (
        argv[0] in RESTRICTED_COMMANDS
        or bool(audiences - {"public"})  # every value given, not only the first: click keeps the last
        or any(mark in answer.stdout or mark in answer.stderr for mark in RESTRICTED_MARKS)
    )


def request_key(
    argv: Sequence[str], root: str, cwd: str, environ: Mapping[str, str], terminals: tuple[bool, bool], today: dt.date
) -> str:
    """Everything about the invocation that can change what it prints, outside the files."""
    size: tuple[int, int] | None = None
    for descriptor, terminal in ((1, terminals[0]), (2, terminals[1])):
        if terminal and size is None:
            with contextlib.suppress(OSError, ValueError):
                size = tuple(os.get_terminal_size(descriptor))  # type: ignore[assignment]
    environment = sorted(
        (name, value) for name, value in environ.items() if name in ENVIRONMENT or name.startswith(ENVIRONMENT_PREFIXES)
    )
    text = repr((tuple(argv), root, cwd, environment, terminals, size, today.isoformat()))
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def state_key(
    root: str,
    argv: Sequence[str],
    templates: str | None,
    *,
    settled: bool = False,
    environ: Mapping[str, str] = os.environ,
) -> str | None:
    """A hash of every file the answer depends on; None when one is too young to trust (with `settled`) or unreadable."""
    entries: list[object] = [root, directory_signature(root), identity_signature(environ)]
    try:
        folders = sorted(entry.name for entry in os.scandir(root) if entry.is_dir() and not entry.name.startswith("."))
    except OSError:
        return None
    for folder in folders:
        entries.append((folder, directory_signature(os.path.join(root, folder))))
    if templates is not None:
        entries.append(("templates", _tree_signature(templates)))
    if argv[0] in GIT_COMMANDS or "--rev" in argv or any(argument.startswith("--rev=") for argument in argv):
        refs = git_state(root)
        if refs is None:
            return None
        entries.append(refs)
    if settled and not _settled(entries, time.time_ns() - SETTLE_NS):
        return None
    return hashlib.sha256(repr(entries).encode("utf-8", "surrogateescape")).hexdigest()


def git_state(root: str) -> tuple[object, ...] | None:
    """HEAD and every ref of the repository holding `root` (contents, not only stats); None outside a repository."""
    directory = os.path.abspath(root)
    while True:
        dot_git = os.path.join(directory, ".git")
        if os.path.exists(dot_git):
            break
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent
    git_dir = dot_git
    if os.path.isfile(dot_git):  # a worktree or submodule: "gitdir: <path>"
        try:
            with open(dot_git, encoding="utf-8") as handle:
                line = handle.read().strip()
        except OSError:
            return None
        if not line.startswith("gitdir:"):
            return None
        git_dir = os.path.normpath(os.path.join(directory, line[len("gitdir:") :].strip()))
    places = [git_dir]
    common = os.path.join(git_dir, "commondir")
    if os.path.isfile(common):
        with contextlib.suppress(OSError), open(common, encoding="utf-8") as handle:
            places.append(os.path.normpath(os.path.join(git_dir, handle.read().strip())))
    state: list[object] = []
    for place in places:
        for name in ("HEAD", "packed-refs", "shallow", os.path.join("info", "grafts")):
            state.append((place, name, _content(os.path.join(place, name))))
        for folder, _, files in sorted(os.walk(os.path.join(place, "refs"))):
            for name in sorted(files):
                path = os.path.join(folder, name)
                state.append((path, _content(path)))
    return tuple(state)


def identity_file(environ: Mapping[str, str]) -> str | None:
    """`keys.identity_path` in `os.path` terms (pathlib costs the launcher 7 ms): the identity attu would read."""
    named = environ.get(IDENTITY_VARIABLE)
    if named:
        return os.path.expanduser(named)
    home = os.path.expanduser("~")
    for candidate in (os.path.join(home, ".config", "attu", "identity.txt"), os.path.join(home, ".ssh", "id_ed25519")):
        if os.path.isfile(candidate):
            return candidate
    return None


def identity_signature(environ: Mapping[str, str]) -> tuple[object, ...]:
    """Which identity file attu would read, and its stat: another key, or the same file rewritten, is another reader."""
    path = identity_file(environ)
    if path is None:
        return ("identity", None)
    try:
        info = os.stat(path)
    except OSError:
        return ("identity", path)
    return (path, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, False)


def lookup(path_root: str, request: str, state: str | None, environ: Mapping[str, str] = os.environ) -> Answer | None:
    """The answer recorded for this request while the files were in this state, if any (an encrypted one opened
    with the reader's identity: a reader holding other keys gets none)."""
    if state is None:
        return None
    found = _read(path_root).get(request)
    if found is None or found[0] != state:
        return None
    if found[1] == IN_CLEAR:
        return Answer(found[2], found[3], found[4])
    if found[1] == ENCRYPTED:
        return _decrypt(found[2], environ)
    return None


def keep(path_root: str, request: str, state: str, answer: Answer, *, encrypt_to: Sequence[str] = ()) -> bool:
    """Record an answer (unless its exit is not kept), encrypted to `encrypt_to` when given; True when written."""
    if answer.code not in KEPT_CODES:
        return False
    if encrypt_to:
        from att_univ.data.crypto import encrypt_bytes

        printed = marshal.dumps((answer.stdout, answer.stderr, answer.code))
        entry: tuple[object, ...] = (state, ENCRYPTED, encrypt_bytes(printed, encrypt_to))
    else:
        entry = (state, IN_CLEAR, answer.stdout, answer.stderr, answer.code)
    kept = _read(path_root)
    kept.pop(request, None)
    newest = {request: entry}
    newest.update(list(kept.items())[: KEEP - 1])  # answers for older states never match again, and age out
    body = marshal.dumps((FORMAT, repr(source_signature()), path_root, newest))
    return any(write_sealed(path, MAGIC, body) for path in cache_paths(path_root) if _private_place(path, path_root))


def reader_keys(root: str, environ: Mapping[str, str] = os.environ) -> tuple[str, ...] | None:
    """The public keys a restricted answer must be encrypted to; () when the dataset holds it in clear for anyone running
    attu (no recipients, or only the demo key), None when it cannot be kept (an encrypted dataset, no identity of one's own).

    Reads the recipients and the identity through `att_univ.data.keys`: called after a full run only.
    """
    from pathlib import Path

    from att_univ.data.keys import DEMO_IDENTITY, Keyring, keyring_for, load_identity

    keyring, _ = keyring_for(Path(root))
    if keyring is None:
        return ()
    recipients = keyring.recipients
    anyone = Keyring(recipients, public_keys=frozenset(load_identity(DEMO_IDENTITY)[1] if recipients.demo else ()))
    if anyone.can_open(keyring.audience):  # what this reader sees, anyone running attu sees
        return ()
    path = identity_file(environ)
    if path is None:
        return None
    return tuple(load_identity(Path(path))[1])


def cache_paths(root: str) -> tuple[str, str]:
    """Inside the dataset, else in the user's cache directory (a read-only dataset)."""
    digest = hashlib.sha256(root.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return os.path.join(root, CACHE_DIRECTORY, CACHE_FILE), os.path.join(user_cache_directory(), digest, CACHE_FILE)


def clear(root: str) -> None:
    """Forget every answer recorded for the dataset at `root`."""
    for path in cache_paths(os.path.abspath(root)):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def _decrypt(encrypted: bytes, environ: Mapping[str, str]) -> Answer | None:
    """An encrypted answer opened with the identity attu would read; None without it, or with other keys."""
    from att_univ.data.crypto import CryptoError, decrypt_bytes, read_identity

    path = identity_file(environ)
    if path is None:
        return None
    try:
        with open(path, "rb") as handle:
            identities, _ = read_identity(handle.read())
        stdout, stderr, code = marshal.loads(decrypt_bytes(encrypted, identities))
    except (OSError, CryptoError, ValueError, TypeError, EOFError):
        return None
    return Answer(stdout, stderr, code)


def _private_place(path: str, root: str) -> bool:
    """Whether a cache file would land inside the dataset or the user's cache directory (not through a link elsewhere)."""
    directory = os.path.realpath(os.path.dirname(path))
    places = (os.path.realpath(root), os.path.realpath(user_cache_directory()))
    return any(directory == place or directory.startswith(place + os.sep) for place in places)


def _read(root: str) -> dict[str, tuple[Any, ...]]:
    for path in cache_paths(root):
        body = read_sealed(path, MAGIC)
        if body is None:  # missing, or not sealed by this user's attu: never decoded
            continue
        try:
            fmt, signature, stored_root, kept = marshal.loads(body)
        except Exception:  # a cache is only ever a shortcut
            continue
        if fmt == FORMAT and stored_root == root and signature == repr(source_signature()) and isinstance(kept, dict):
            return kept
    return {}


def option_value(argv: Sequence[str], name: str) -> str | None:
    """The value given to option `name` (`--name VALUE` or `--name=VALUE`), read without click."""
    for position, argument in enumerate(argv):
        if argument == name and position + 1 < len(argv):
            return argv[position + 1]
        if argument.startswith(f"{name}="):
            return argument.split("=", 1)[1]
    return None


def _tree_signature(directory: str) -> tuple[object, ...]:
    entries: list[object] = [directory_signature(directory)]
    for folder, folders, _ in os.walk(directory):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        entries.extend((os.path.join(folder, name), directory_signature(os.path.join(folder, name))) for name in folders)
    return tuple(entries)


def _settled(value: object, before_ns: int) -> bool:
    """No (name, size, mtime, ctime, ...) entry in this nest of tuples is newer than `before_ns`."""
    if isinstance(value, tuple) and len(value) == 6 and isinstance(value[2], int) and isinstance(value[3], int):
        return max(value[2], value[3]) < before_ns
    if isinstance(value, (tuple, list)):
        return all(_settled(item, before_ns) for item in value)
    return True


def _content(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None
