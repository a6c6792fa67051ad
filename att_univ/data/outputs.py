"""Writing what a command produces to a place the user named (`--out`): the one way it is done.

A path from the command line is hostile until checked. Writing goes through a temporary file
renamed over the target, so a rename must never replace something that is not a plain file: a
device (`/dev/full`), a FIFO, a socket, a directory, or a symlink planted to send the output
elsewhere. Files are created with the user's umask (0644 under 022), as any program would,
not with the 0600 of a temporary file.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator, Mapping
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


# The kernel's own file systems: their "files" are views of the running system (/proc/version), not places for a
# report; writing there fails in ways that say nothing useful ("No such file or directory" for a file that exists).
_SYSTEM_ROOTS = ("proc", "sys")


def refuse_system_paths(out: Path, option: str = "--out") -> None:
    """Refuse a path inside /proc or /sys (exit 2), as a device or a pipe is refused."""
    parts = Path(os.path.abspath(out)).parts
    if len(parts) > 1 and parts[0] == "/" and parts[1] in _SYSTEM_ROOTS:
        raise UsageError(
            f"{option}: {out} is inside /{parts[1]}, the system's own files, not a place to write to; give a file name"
        )


def check_file_target(out: Path, option: str = "--out") -> None:
    """Refuse an output file that is not a new path or an existing regular file (exit 2)."""
    if str(out) in ("", "."):
        raise UsageError(f"{option}: give a file name")
    refuse_system_paths(out, option)
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
    refuse_system_paths(out, option)
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


# --- a directory written whole: `attu export`, `attu site` ------------------------------------------


def write_directory(
    files: Mapping[str, bytes],
    out: Path,
    *,
    manifest: str,
    what: str,
    replace: bool,
    readable_by_all: bool = False,
    option: str = "--out",
) -> None:
    """Write `files` (relative path → bytes) as the directory `out`, which appears whole or not at all.

    The files go into a fresh directory beside `out`, which is then renamed into place: a reader
    (or a web server) sees the old directory or the new one, never a mixture, and a failure leaves
    `out` as it was. `files` must hold `manifest`, a JSON object whose "files" lists every other
    path: an existing `out` is replaced only if `replace` is given and it holds exactly what an
    earlier run wrote by that manifest (see `check_directory_output`). `readable_by_all` gives
    0644 files and 0755 folders whatever the umask (a website is served to everyone); otherwise
    the umask decides, as for any file the user writes.
    """
    if manifest not in files:
        raise ValueError(f"the files of a {what} must include its manifest {manifest}")
    replacing = check_directory_output(out, manifest=manifest, what=what, replace=replace, option=option)
    file_mode_, folder_mode = (0o644, 0o755) if readable_by_all else (file_mode(), directory_mode())
    try:
        make_directories(out.parent)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.attu-", dir=out.parent))
    except OSError as exc:
        raise RefusedError(f"{option}: cannot write {out}: {exc.strerror or exc}") from None
    try:
        os.chmod(staging, folder_mode)  # mkdtemp makes 0700
        for relative in sorted(files):
            if relative.startswith("/") or any(part in ("", ".", "..") for part in relative.split("/")):
                raise ValueError(f"{relative}: a {what}'s file must stay inside it")
            path = staging / relative
            if not path.parent.is_dir():
                for folder in reversed(path.relative_to(staging).parents[:-1]):
                    (staging / folder).mkdir(exist_ok=True)
                    os.chmod(staging / folder, folder_mode)
            # A fresh file in a fresh directory: nothing to replace, so O_EXCL refuses anything unexpected.
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, file_mode_)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(files[relative])
            os.chmod(path, file_mode_)  # the mode asked for, not masked by the umask
        if replacing:
            # Checked again just before the swap: a file put there meanwhile is not deleted.
            check_directory_output(out, manifest=manifest, what=what, replace=replace, option=option)
            retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.replace(out, retired / out.name)
            os.replace(staging, out)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            if out.exists():
                out.rmdir()  # empty: checked above (rmdir refuses if it no longer is)
            os.replace(staging, out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise RefusedError(f"{option}: cannot write {out}: {exc.strerror or exc}; nothing was changed") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def check_directory_output(out: Path, *, manifest: str, what: str, replace: bool, option: str = "--out") -> bool:
    """Whether `out` holds an earlier output to replace; refuse anything else that is not a new or empty directory.

    An earlier output is replaced only if it holds exactly what attu wrote there (its manifest
    lists every file; no folder but those files' own): anything a person put there since (notes,
    a `.git/`, their own work) makes attu refuse (exit 2) rather than delete it.
    """
    if out.name in ("", "..") and str(out) != "":
        raise UsageError(f"{option}: {out}: name the directory itself, from the folder above it (it is written whole)")
    check_directory_target(out, option)
    if not out.exists():
        return False
    try:
        entries = [entry.name for entry in os.scandir(out)]
    except OSError as exc:
        raise UsageError(f"{option}: cannot use {out}: {exc.strerror}") from None
    if not entries:
        return False
    if not replace:
        raise UsageError(
            f"{option}: {out} is not empty; choose an empty or new directory, or --force to replace an earlier {what}"
        )
    if manifest not in entries:
        raise UsageError(
            f"{option}: {out} holds files that are not an attu {what} (no {manifest}); attu replaces only an earlier "
            f"{what}, so choose an empty or new directory"
        )
    foreign = not_written_by_attu(out, manifest)
    if foreign == [manifest]:
        raise UsageError(
            f"{option}: {out}/{manifest} does not list the files attu wrote (an older attu, or edited), so attu "
            "cannot tell them from yours; move the directory away or choose another"
        )
    if foreign:
        shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
        raise UsageError(
            f"{option}: {out} holds files that attu did not write ({shown}); attu replaces only an earlier {what} "
            "as it wrote it, so move them away or choose another directory"
        )
    return True


def not_written_by_attu(out: Path, manifest: str) -> list[str]:
    """Every path under `out` that its manifest does not account for (files, folders, links), sorted."""
    try:
        listed = json.loads((out / manifest).read_text(encoding="utf-8"))["files"]
        files = {str(name) for name in listed} | {manifest}
    except (OSError, ValueError, KeyError, TypeError):
        return [manifest]
    folders = {"/".join(name.split("/")[:depth]) for name in files for depth in range(1, name.count("/") + 1)}
    foreign = []
    for directory, subdirectories, names in os.walk(out):
        relative = Path(directory).relative_to(out).as_posix()
        prefix = "" if relative == "." else f"{relative}/"
        for name in subdirectories:
            path = Path(directory) / name
            if path.is_symlink() or f"{prefix}{name}" not in folders:
                foreign.append(f"{prefix}{name}/")
        subdirectories[:] = [name for name in subdirectories if f"{prefix}{name}" in folders]
        for name in names:
            path = Path(directory) / name
            if path.is_symlink() or not path.is_file() or f"{prefix}{name}" not in files:
                foreign.append(f"{prefix}{name}")
    return sorted(foreign)


LOCK_WAIT_SECONDS = 30.0
STALE_TEMPORARY_SECONDS = 30.0  # without the lock's time, a temporary file this old belongs to no live writer


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
        yield time.time() - STALE_TEMPORARY_SECONDS
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


def clean_stale_temporaries(directory: Path, *, older_than: float | None = None) -> list[Path]:
    """Remove `.<file>.yaml.<random>.tmp` files that an attu stopped mid-write left; the ones removed."""
    cutoff = time.time() - STALE_TEMPORARY_SECONDS if older_than is None else older_than
    removed: list[Path] = []
    if not directory.is_dir():
        return removed
    for path in directory.glob(".*.yaml.*.tmp"):
        try:
            if path.is_file() and not path.is_symlink() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed.append(path)
        except OSError:  # gone already, or not ours to remove
            continue
    return removed
