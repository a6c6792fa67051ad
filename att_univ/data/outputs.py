"""Writing what a command produces to a place the user named (`--out`): the one way it is done.

A path from the command line is hostile until checked. Writing goes through a temporary file
renamed over the target, so a rename must never replace something that is not a plain file: a
device (`/dev/full`), a FIFO, a socket, a directory, or a symlink planted to send the output
elsewhere. Files are created with the user's umask (0644 under 022), as any program would,
not with the 0600 of a temporary file.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from att_univ.core.errors import RefusedError, UsageError

STDOUT = "-"


def is_stdout(out: Path | None) -> bool:
    """Whether the output goes to the terminal: no --out, or `--out -`."""
    return out is None or str(out) == STDOUT


def current_umask() -> int:
    """The process's umask (read by setting it and putting it back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """The mode of a new file under the user's umask: 0644 under 022."""
    return 0o666 & ~current_umask()


def directory_mode() -> int:
    """The mode of a new directory under the user's umask: 0755 under 022."""
    return 0o777 & ~current_umask()


def refuse_symlinks(out: Path, option: str = "--out") -> None:
    """Refuse a path that goes through a symbolic link in any part the user wrote."""
    parts = Path(os.path.abspath(out)).parts if out.is_absolute() else out.parts
    base = Path(out.anchor) if out.is_absolute() else Path()
    for part in parts[1:] if out.is_absolute() else parts:
        base = base / part
        if base.is_symlink():
            raise UsageError(f"{option}: {base} is a symbolic link; give the real path")


def check_file_target(out: Path, option: str = "--out") -> None:
    """Refuse an output file that is not a new path or an existing regular file (exit 2)."""
    if str(out) in ("", "."):
        raise UsageError(f"{option}: give a file name")
    refuse_symlinks(out, option)
    try:
        mode = os.lstat(out).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UsageError(f"{option}: cannot use {out}: {exc.strerror}") from None
    if stat.S_ISDIR(mode):
        raise UsageError(f"{option}: {out} is a directory; give a file name")
    if not stat.S_ISREG(mode):
        raise UsageError(f"{option}: {out} is not a regular file (a device, pipe or socket); give a file name")


def check_directory_target(out: Path, option: str = "--out") -> None:
    """Refuse an output directory that is a symlink or goes through one, or is anything but a directory."""
    if str(out) == "":
        raise UsageError(f"{option}: give a directory")
    refuse_symlinks(out, option)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{option}: {out} is not a directory; give a directory")


def write_output(out: Path, text: str | bytes, option: str = "--out") -> None:
    """Write `text` (UTF-8) or bytes to the file `out` atomically, refusing anything but a regular file or a new path."""
    check_file_target(out, option)
    try:
        make_directories(out.parent)
        write_file_atomically(out, text.encode("utf-8") if isinstance(text, str) else text)
    except OSError as exc:
        raise RefusedError(f"{option}: cannot write {out}: {exc.strerror or exc}") from None


def make_directories(directory: Path) -> None:
    """Create a directory and its parents (modes from the umask, as mkdir gives)."""
    directory.mkdir(parents=True, exist_ok=True)


def write_file_atomically(path: Path, payload: bytes) -> None:
    """Replace a file's bytes at once: a reader sees the old file or the new, never a part.

    An existing file keeps its mode; a new one gets the umask's. The target is checked again
    just before the rename, so a special file put there meanwhile is not replaced.
    """
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            existing = os.lstat(path).st_mode
        except FileNotFoundError:
            existing = None
        if existing is not None and not stat.S_ISREG(existing):
            raise UsageError(f"{path} is not a regular file; nothing was written")
        os.chmod(temporary, stat.S_IMODE(existing) if existing is not None else file_mode())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


LOCK_WAIT_SECONDS = 30.0
STALE_UNLOCKED_SECONDS = 30.0  # without a lock, a temporary file this old belongs to no live writer


@contextmanager
def dataset_lock(root: Path, *, wait: float = LOCK_WAIT_SECONDS) -> Iterator[float]:
    """Hold the dataset's write lock: one attu at a time reads, checks and writes its files.

    The lock is taken on the dataset directory itself (flock), so no lock file is left in the
    dataset for git to see, and the kernel releases it if attu is killed. Another attu
    waits its turn, then reads the files as they are by then, so no update is lost. Yields the
    time the lock was taken: a temporary file written before it was left by a writer that stopped.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not a POSIX system: no lock to take
        yield time.time() - STALE_UNLOCKED_SECONDS
        return
    try:
        descriptor = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise RefusedError(f"cannot open the dataset {root}: {exc.strerror}") from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise RefusedError(
                        f"another attu has been writing to {root} for more than {wait:.0f} seconds; "
                        "nothing was written, wait for it to finish and run the command again"
                    ) from None
                time.sleep(0.02)
        yield time.time()
    finally:
        os.close(descriptor)  # closing releases the lock
