"""A cache of the treaty index, so that `attu status` answers without parsing or validating again.

The index (`att_univ.treaty.index`) is stored in `<dataset>/.attu-cache/` (which ignores itself in
git), or under `$XDG_CACHE_HOME/attu/<hash of the dataset path>/` when the dataset directory
is not writable. It is used only while nothing it was built from has changed, as told by a
fingerprint of:

- every entry of the dataset's record folders, `dataset.yaml` and `depositary-names.yaml`:
  name, size, mtime and ctime (ns), inode and whether it is a symbolic link. A copied,
  extracted or checked-out file has a new inode, so a cache that travelled with a copy of the
  dataset is never trusted; an edit in place that restores the size and the mtime still moves
  the ctime, which no user can set back;
- attu's own source files (the same signature), the Python version and the cache format, so
  a new attu, or a change to its rules, builds the index again.

Only a valid dataset is cached: on a miss the caller validates, and writes nothing when there
are problems. Reading never raises: any doubt (missing, stale, unreadable, unexpected content)
is a miss.

The file holds plain values written with `marshal` (built in: nothing to import, and it cannot
run code, unlike pickle), sealed with a keyed hash under a per-user secret kept outside the
dataset (`att_univ.core.sealed`): a cache file rewritten by hand, or by anyone without that
secret, is a miss, checked before a byte of it is decoded. Dates are stored as ordinals. The
fingerprint comes first and is compared before the index is read. Paths are handled with `os.path`: `pathlib` alone would cost
the fast path (`att_univ.launcher`) a fifth of its time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import marshal
import os
import sys
from typing import Any

from att_univ.core.sealed import CACHE_DIRECTORY, directory_signature, read_sealed, write_sealed
from att_univ.treaty.index import RegionFacts, SourceFacts, StateFacts, TreatyIndex

CACHE_FILE = "treaty-index.marshal"
MAGIC = b"attu-treaty-index\n"
FORMAT = 2
MARSHAL_VERSION = 4
META_FILE = "dataset.yaml"
NAMES_FILE = "depositary-names.yaml"  # read by validation: a change can make the dataset invalid
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # att_univ/

Fingerprint = tuple[Any, ...]


def cache_paths(root: str | os.PathLike[str]) -> tuple[str, str]:
    """Where the cache of a dataset lives: inside it, else in the user's cache directory."""
    import hashlib

    root = os.path.abspath(root)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    digest = hashlib.sha256(root.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return os.path.join(root, CACHE_DIRECTORY, CACHE_FILE), os.path.join(base, "attu", digest, CACHE_FILE)


def fingerprint(root: str | os.PathLike[str], folders: tuple[str, ...]) -> Fingerprint:
    """What the index of the dataset at `root` depends on (see the module docstring)."""
    root = os.path.abspath(root)
    return (
        FORMAT,
        tuple(sys.version_info[:2]),
        directory_signature(_PACKAGE, package=True),
        folders,
        _data_signature(root, folders),
    )


def record_folders() -> tuple[str, ...]:
    """The folders of records the loader reads (needs the models: call it only on a miss)."""
    from att_univ.data.models import KINDS

    return tuple(kind.folder for kind in KINDS)


def read_index(root: str | os.PathLike[str]) -> TreatyIndex | None:
    """The cached index of the dataset at `root` if it is still current, else None (never raises)."""
    root = os.path.abspath(root)
    found = _read(os.path.join(root, CACHE_DIRECTORY, CACHE_FILE), root)
    if found is None:
        found = _read(cache_paths(root)[1], root)
    return found


def write_index(root: str | os.PathLike[str], index: TreatyIndex, folders: tuple[str, ...], key: Fingerprint) -> str | None:
    """Store the index under `key` (taken before the dataset was read); the path, or None if nowhere is writable."""
    root = os.path.abspath(root)
    body = marshal.dumps((root, key), MARSHAL_VERSION) + marshal.dumps(_plain(index), MARSHAL_VERSION)
    return next((path for path in cache_paths(root) if write_sealed(path, MAGIC, body)), None)


def clear(root: str | os.PathLike[str]) -> None:
    """Remove the cached index of a dataset, wherever it is."""
    for path in cache_paths(root):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def _read(path: str, root: str) -> TreatyIndex | None:
    body = read_sealed(path, MAGIC)
    if body is None:  # not sealed by this user's attu: forged, copied or corrupt
        return None
    try:
        handle = io.BytesIO(body)
        stored_root, key = marshal.load(handle)
        if stored_root != root or not isinstance(key, tuple) or len(key) != 5:
            return None
        folders = key[3]
        if not (isinstance(folders, tuple) and all(isinstance(f, str) and os.sep not in f for f in folders)):
            return None
        if key != fingerprint(root, folders):
            return None
        return _index(marshal.load(handle))
    except Exception:  # a cache is only ever a shortcut: any doubt means reading the data
        return None


def _data_signature(root: str, folders: tuple[str, ...]) -> tuple[Any, ...]:
    files: list[tuple[Any, ...]] = []
    for name in (META_FILE, NAMES_FILE):
        path = os.path.join(root, name)
        try:
            info = os.stat(path)
            files.append((info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, os.path.islink(path)))
        except OSError:
            files.append(())
    return (*files, *((folder, directory_signature(os.path.join(root, folder))) for folder in folders))


# --- the index as plain values (marshal writes only built-in types) ----------------------------


def _day(value: dt.date | None) -> int | None:
    return None if value is None else value.toordinal()


def _date(value: int | None) -> dt.date | None:
    return None if value is None else dt.date.fromordinal(value)


def _plain(index: TreatyIndex) -> tuple[Any, ...]:
    states = tuple(
        (
            s.iso3,
            s.name,
            s.un_member,
            _day(s.signed),
            _day(s.deposited),
            s.instrument,
            _day(s.in_force_from),
            _day(s.renounced),
            s.sources,
        )
        for s in index.states
    )
    regions = tuple(
        (r.slug, r.name, r.scheme, tuple((code, _day(since), _day(until)) for code, since, until in r.members))
        for r in index.regions
    )
    sources = tuple((s.id, s.title, s.publisher, s.url, _day(s.date)) for s in index.sources.values())
    return (
        index.title,
        _day(index.as_of),
        sources,
        states,
        regions,
        index.public_secrets,
        _day(index.reconciled_on),
        index.reconciled_source,
        _day(index.reconciled_page_as_at),
    )


def _index(plain: Any) -> TreatyIndex:
    title, as_of, sources, states, regions, secrets, reconciled_on, reconciled_source, page_as_at = plain
    date = _date
    return TreatyIndex(
        title=title,
        as_of=dt.date.fromordinal(as_of),
        sources={s[0]: SourceFacts(s[0], s[1], s[2], s[3], date(s[4])) for s in sources},
        states=tuple(
            StateFacts(s[0], s[1], s[2], date(s[3]), date(s[4]), s[5], date(s[6]), date(s[7]), tuple(s[8])) for s in states
        ),
        regions=tuple(RegionFacts(r[0], r[1], r[2], tuple((m[0], date(m[1]), date(m[2])) for m in r[3])) for r in regions),
        public_secrets=tuple((text, where) for text, where in secrets),
        reconciled_on=date(reconciled_on),
        reconciled_source=reconciled_source,
        reconciled_page_as_at=date(page_as_at),
    )
