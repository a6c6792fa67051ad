"""Caches that cannot be forged: bytes sealed with a keyed hash (HMAC-SHA256) under a per-user secret.

A cache lives inside the dataset (`.attu-cache/`), where anyone who can write the data can
also write it. What attu reads back from a cache must therefore be exactly what attu wrote:
each cache file carries an HMAC of its content, keyed with 32 random bytes kept outside the
dataset, in the user's cache directory (`$XDG_CACHE_HOME/attu/secret`, else
`~/.cache/attu/secret`, mode 0600). A file whose seal does not verify is ignored, before any of
its bytes are decoded (so pickle or marshal never see unauthenticated input). When the secret
cannot be read or created, nothing is sealed and every cache misses: slower, never wrong.

Plain `os`, `hmac` and `hashlib`: the launcher's fast path imports this module.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os

CACHE_DIRECTORY = ".attu-cache"  # a dataset's own caches: one directory, ignored by git
SECRET_FILE = "secret"
SECRET_BYTES = 32
MAC_BYTES = 32

_secret_cache: dict[str, bytes] = {}


def user_cache_directory() -> str:
    """`$XDG_CACHE_HOME/attu`, else `~/.cache/attu`: the user's own, outside every dataset."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "attu")


def seal(body: bytes) -> bytes | None:
    """The body with its keyed hash in front; None when there is no secret to seal with."""
    secret = _secret(create=True)
    if secret is None:
        return None
    return hmac.new(secret, body, hashlib.sha256).digest() + body


def unseal(sealed: bytes) -> bytes | None:
    """The body if its keyed hash verifies under this user's secret, else None."""
    if len(sealed) < MAC_BYTES:
        return None
    secret = _secret(create=False)
    if secret is None:
        return None
    mac, body = sealed[:MAC_BYTES], sealed[MAC_BYTES:]
    if not hmac.compare_digest(mac, hmac.new(secret, body, hashlib.sha256).digest()):
        return None
    return body


def read_sealed(path: str, magic: bytes) -> bytes | None:
    """The body of a cache file that starts with `magic` and was sealed by this user's attu, else None.

    None also for a file that is missing or unreadable: a cache is only ever a shortcut. The body
    of a forged, copied or corrupt file is never returned, so it is never decoded.
    """
    try:
        with open(path, "rb") as handle:
            if handle.read(len(magic)) != magic:
                return None
            return unseal(handle.read())
    except OSError:
        return None


def write_sealed(path: str, magic: bytes, body: bytes) -> bool:
    """Seal `body` and write it atomically behind `magic`; False if there is no secret or the place is not writable.

    The directory is made if needed (private); a dataset's cache directory also gets a
    `.gitignore`, so that a cache is never committed with the data.
    """
    import tempfile

    sealed = seal(body)
    if sealed is None:
        return False
    directory = os.path.dirname(path)
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        marker = os.path.join(directory, ".gitignore")
        if os.path.basename(directory) == CACHE_DIRECTORY and not os.path.exists(marker):
            with open(marker, "w", encoding="utf-8") as handle:
                handle.write("# Created by attu: a local cache, never to be committed.\n*\n")
        fd, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=directory)
    except OSError:
        return False
    try:
        with open(fd, "wb") as handle:
            handle.write(magic + sealed)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        return False
    return True


def _secret(*, create: bool) -> bytes | None:
    """The per-user secret (made on first use, atomically, readable by its owner only)."""
    path = os.path.join(user_cache_directory(), SECRET_FILE)
    if path in _secret_cache:
        return _secret_cache[path]
    secret = _read_secret(path)
    if secret is None and create:
        with contextlib.suppress(OSError):
            _create_secret(path)
        secret = _read_secret(path)
    if secret is not None:
        _secret_cache[path] = secret
    return secret


def _read_secret(path: str) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        # Someone else's file, or one others may read or write, is no secret.
        if info.st_uid != os.getuid() or info.st_mode & 0o077 or info.st_size != SECRET_BYTES:
            return None
        data = os.read(fd, SECRET_BYTES + 1)
    finally:
        os.close(fd)
    return data if len(data) == SECRET_BYTES else None


def _create_secret(path: str) -> None:
    """Write the secret to a private temporary file, then link it in place: two first runs agree on one."""
    directory = os.path.dirname(path)
    os.makedirs(directory, mode=0o700, exist_ok=True)
    temporary = os.path.join(directory, f".{SECRET_FILE}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with open(fd, "wb") as handle:
            handle.write(os.urandom(SECRET_BYTES))
        with contextlib.suppress(FileExistsError):  # another process won: use its secret
            os.link(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def source_signature() -> tuple[object, ...]:
    """What this attu is (its code and the Python running it): a cache built by another attu is never read."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # att_univ/
    import sys

    return (tuple(sys.version_info[:2]), directory_signature(package, package=True))


def directory_signature(directory: str, *, package: bool = False) -> tuple[object, ...]:
    """Name, size, mtime, ctime, inode and link flag of every entry (of the .py files and sub-packages of a package)."""
    entries: list[tuple[object, ...]] = []
    try:
        with os.scandir(directory) as scan:
            for entry in scan:
                if entry.name.startswith(".") or entry.name == "__pycache__":
                    continue
                if package and entry.is_dir():
                    entries.append((entry.name, directory_signature(entry.path, package=True)))
                    continue
                if package and not entry.name.endswith(".py"):
                    continue
                try:
                    info = entry.stat()
                    entries.append(
                        (entry.name, info.st_size, info.st_mtime_ns, info.st_ctime_ns, entry.inode(), entry.is_symlink())
                    )
                except OSError:
                    entries.append((entry.name, None))
    except OSError:
        return ()
    entries.sort(key=lambda item: str(item[0]))
    return tuple(entries)
