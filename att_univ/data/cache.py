"""What the loader may reuse from its last run: each file's record by content hash, and the cross-record problems.

Parsing and validating each file and running the cross-record rules are most of what loading
a dataset costs; all depend only on bytes that rarely change. So the loader keeps, in
`<dataset>/.attu-cache/` (or under `$XDG_CACHE_HOME/attu/<hash of the dataset path>/` when the
dataset is read-only):

- per file in clear, keyed by the SHA-256 of its content: the validated record
  (`records.pickle`, read only by a load that validates). Its positions are not kept: they
  are most of a parse's size and are needed only to locate a problem, so a record's file is
  parsed again the first time one is asked for (`yamlio.read_file_again`, which checks the
  content is still the one hashed). Files with problems are not kept: they are parsed and
  validated again, so their messages are always the parser's and the models' own;
- per file holding ciphertext: its parse with positions (`dataset.pickle`). What it opens to
  depends on the reader's keys, so its record is made again by every load;
- the problems the cross-record rules found, keyed by every file's path and content hash
  (`dataset.yaml` and `depositary-names.yaml` included) and the way paths are shown.

Each file is valid only for the attu that wrote it (its source files and Python version,
`att_univ.core.sealed.source_signature`, and for records pydantic's version) and sealed with a
keyed hash under a per-user secret kept outside the dataset: a file rewritten by anyone else is
ignored before it is unpickled (pickle runs code; it never sees unsealed bytes).

Records and parses depend on content alone, so a dataset seen for the first time (a fresh
clone, a copy, a git worktree) starts from those of the last dataset this user loaded
(`$XDG_CACHE_HOME/attu/last-parses.pickle` and `last-records.pickle`, sealed the same way), and
parses again only the files whose content differs.

Content hashes are what count; reading every file to hash it is cheap, but not free at tens of
thousands of files, so a file whose size, mtime, ctime and inode are those recorded last time
keeps its recorded hash. An edit in place that restores size and mtime (`os.utime`) still moves
the ctime, which cannot be set back. A file changed within the same clock tick as its recording
could still look unchanged, so, as git does for its index, a file younger than `SETTLE_NS` when
recorded gets no stat entry and is hashed again next time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from att_univ.core.problems import Problem
from att_univ.core.sealed import CACHE_DIRECTORY, read_sealed, source_signature, user_cache_directory, write_sealed
from att_univ.data.yamlio import MAX_FILE_BYTES, Parsed

CACHE_FILE = "dataset.pickle"
# Beside it: the validated records, read only by a load that validates, in sixteen files by the
# first digit of the content hash, so that one file changed rewrites a sixteenth of them.
RECORDS_FILE = "records-{}.pickle"
SEED_RECORDS_FILE = "last-records-{}.pickle"
SHARDS = "0123456789abcdef"
RECORDS_MAGIC = b"attu-records-cache\n"
SEED_FILE = "last-parses.pickle"  # in the user's cache directory: parses for a dataset's first load
MAGIC = b"attu-dataset-cache\n"
FORMAT = 3
SETTLE_NS = 2_000_000_000
TOP_LEVEL_FILES = ("dataset.yaml", "depositary-names.yaml")

Stat = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


@dataclass
class DatasetCache:
    """The reusable results of earlier loads of one dataset, and what this load adds to them."""

    root: str
    stats: dict[str, tuple[Stat, str]] = field(default_factory=dict)  # path → (stat, sha256)
    parses: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # sha256 → (value, positions, key positions)
    records: dict[str, tuple[str, Any]] | None = None  # sha256 → (model name, validated record); read when first asked
    rules: tuple[str, tuple[Problem, ...]] | None = None  # (key, problems)
    result: tuple[str, tuple[str, ...], tuple[Problem, ...]] | None = None  # (listing key, folders, every problem)
    used_stats: dict[str, tuple[Stat, str]] = field(default_factory=dict)
    used_parses: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    used_records: dict[str, tuple[str, Any]] = field(default_factory=dict)
    changed: bool = False
    records_to_write: set[str] = field(default_factory=set)  # shards (first hex digit of the hash) to write

    def read(self, path: str) -> tuple[str, bytes | None] | None:
        """The content hash of a file, and its bytes when they had to be read; None when unreadable or too large."""
        try:
            info = os.stat(path)
        except OSError:
            return None
        stat = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        known = self.stats.get(path)
        if known is not None and known[0] == stat:
            self.used_stats[path] = known
            return known[1], None
        if info.st_size > MAX_FILE_BYTES:
            return None
        try:
            with open(path, "rb") as handle:
                raw = handle.read(MAX_FILE_BYTES + 1)
        except OSError:
            return None
        digest = hashlib.sha256(raw).hexdigest()
        if time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) > SETTLE_NS:
            self.used_stats[path] = (stat, digest)
        self.changed = True
        return digest, raw

    def parsed(self, digest: str) -> Parsed | None:
        """The parse of content with this hash (content holding ciphertext), if an earlier load kept it."""
        plain = self.parses.get(digest)
        if plain is None:
            return None
        self.used_parses[digest] = plain
        value, positions, key_positions = plain
        return Parsed(value=value, positions=positions, key_positions=key_positions)

    def keep(self, digest: str, parsed: Parsed) -> None:
        """Remember the clean parse of content holding ciphertext (what it opens to depends on the reader's keys).

        Content in clear is remembered as its validated record instead (`keep_record`); a parse
        with problems is made again next time, so its messages are always the parser's own.
        """
        if parsed.problems or parsed.bad_locations or parsed.value is None or not holds_ciphertext(parsed):
            return
        self.used_parses[digest] = (parsed.value, parsed.positions, parsed.key_positions)
        self.changed = True

    def record(self, digest: str, model: type[Any]) -> Any | None:
        """The record that content with this hash made for this model, if validated before."""
        known = self.known_records().get(digest)
        if known is not None and known[0] == model.__qualname__:
            self.used_records[digest] = known
            return known[1]
        return None

    def known_records(self) -> dict[str, tuple[str, Any]]:
        """The validated records kept by earlier loads (read from disk the first time they are asked for)."""
        if self.records is None:
            self.records = {}
            for shard in SHARDS:
                found, own = _load_records(self.root, shard)
                self.records.update(found)
                if not own:  # the seed's, or none: this dataset's own file is still to be written
                    self.records_to_write.add(shard)
        return self.records

    def keep_record(self, digest: str, model: type[Any], record: Any, parsed: Parsed) -> None:
        """Remember a validated record made from content in clear: what anyone reading the file sees,
        whatever keys they hold. One made from content holding ciphertext depends on the reader's
        keys (and may hold what they opened), so it is not kept.
        """
        if not holds_ciphertext(parsed):
            self.used_records[digest] = (model.__qualname__, record)
            self.records_to_write.add(digest[0])

    def _save_records(self, adding: bool) -> None:
        """Write each shard of the records whose content changed: what this load used (with `adding`, also what was known)."""
        assert self.records is not None
        kept = {**self.records, **self.used_records} if adding else self.used_records
        by_shard: dict[str, dict[str, tuple[str, Any]]] = {shard: {} for shard in SHARDS}
        for digest, entry in kept.items():
            by_shard[digest[0]][digest] = entry
        known: dict[str, set[str]] = {shard: set() for shard in SHARDS}
        for digest in self.records:
            known[digest[0]].add(digest)
        for shard, records in by_shard.items():
            if shard not in self.records_to_write and records.keys() == known[shard]:
                continue
            body = pickle.dumps((FORMAT, _records_signature(), self.root, records), protocol=pickle.HIGHEST_PROTOCOL)
            write_sealed(os.path.join(user_cache_directory(), SEED_RECORDS_FILE.format(shard)), RECORDS_MAGIC, body)
            for path in cache_paths(self.root, RECORDS_FILE.format(shard)):
                if write_sealed(path, RECORDS_MAGIC, body):
                    break

    def rule_problems(self, key: str) -> list[Problem] | None:
        """The cross-record problems found last time, if the dataset is the same."""
        if self.rules is not None and self.rules[0] == key:
            return list(self.rules[1])
        return None

    def keep_rule_problems(self, key: str, problems: list[Problem]) -> None:
        """Remember what the cross-record rules found for this dataset."""
        self.rules = (key, tuple(problems))
        self.changed = True

    def keep_result(self, root_display: str, folders: tuple[str, ...], problems: list[Problem]) -> None:
        """Remember every problem of a whole load, under the listing of the dataset as it now is."""
        if self.result is not None and self.result[2] == tuple(problems) and not self.changed and self.stats == self.used_stats:
            return  # the same data files, stats and problems: the listing kept stands (or a new non-data file costs a miss)
        key = listing_key(self, root_display, folders, self.used_stats)
        if key is not None and (self.result is None or self.result[0] != key):
            self.result = (key, folders, tuple(problems))
            self.changed = True

    def save(self, *, adding: bool = False) -> str | None:
        """Write what this load used (nothing else: the cache never outgrows the dataset); the path, or None.

        With `adding` (revisions read from git), what is known of the working tree is kept too, and
        the parses of the revisions are added to it: the next load of the working tree drops them.
        """
        if self.records is not None:
            self._save_records(adding)
        if not self.changed and (adding or self.used_stats.keys() == self.stats.keys()):
            return None
        stats = {**self.stats, **self.used_stats} if adding else self.used_stats
        parses = {**self.parses, **self.used_parses} if adding else self.used_parses
        body = pickle.dumps(
            (FORMAT, source_signature(), self.root, stats, parses, self.rules, self.result),
            protocol=pickle.HIGHEST_PROTOCOL,
        )
        write_sealed(seed_path(), MAGIC, body)
        for path in cache_paths(self.root):
            if write_sealed(path, MAGIC, body):
                return path
        return None


def known_problems(root: str, root_display: str) -> list[Problem] | None:
    """Every problem of the dataset, as the last whole load found it, if no file has changed since; else None.

    What `attu validate` answers with nothing changed, without parsing, validating or importing
    the models: the listing of every folder the loader reads, each file known by its stat.
    """
    store = open_cache(root)
    if store.result is None:
        return None
    stored_key, folders, problems = store.result
    if listing_key(store, root_display, folders, store.stats, check=True) != stored_key:
        return None
    return list(problems)


def listing_key(
    store: DatasetCache, root_display: str, folders: tuple[str, ...], stats: dict[str, tuple[Stat, str]], *, check: bool = False
) -> str | None:
    """A hash of every entry of the dataset's top level and record folders, and of each data file's content hash.

    The content hash is the one recorded for the file's stat; with `check`, the stat is taken
    again and must be the recorded one. None when a file has no settled record (hash it again).
    """
    hasher = hashlib.sha256(root_display.encode("utf-8", "surrogateescape"))
    for folder in ("", *folders):
        directory = os.path.join(store.root, folder) if folder else store.root
        try:
            names = sorted(name for name in os.listdir(directory) if not name.startswith("."))
        except OSError:
            names = []
        if not folder:
            names = [name for name in names if name in TOP_LEVEL_FILES]
        hasher.update(b"\1" + folder.encode("utf-8", "surrogateescape"))
        for name in names:
            path = os.path.join(directory, name)
            hasher.update(b"\0" + name.encode("utf-8", "surrogateescape"))
            if not name.endswith(".yaml"):
                continue
            known = stats.get(path)
            if known is None:
                if os.path.isfile(path):
                    return None
                continue
            if check:
                try:
                    info = os.stat(path)
                except OSError:
                    return None
                if (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino) != known[0]:
                    return None
            hasher.update(b"=" + known[1].encode())
    return hasher.hexdigest()


def rules_key(root_display: str, digests: list[tuple[str, str | None]]) -> str | None:
    """What the cross-record problems depend on: every file read (shown path, content hash); None if one was unreadable."""
    hasher = hashlib.sha256(root_display.encode("utf-8", "surrogateescape"))
    for display, digest in digests:
        if digest is None:
            return None
        hasher.update(b"\0" + display.encode("utf-8", "surrogateescape") + b"\0" + digest.encode())
    return hasher.hexdigest()


def holds_ciphertext(parsed: Parsed) -> bool:
    """Whether any value of a parse is still sealed (then what it opens to depends on the reader's keys)."""
    if parsed.ciphertext is None:
        from att_univ.data.crypto import is_sealed

        parsed.ciphertext = parsed.value is not None and any(is_sealed(scalar) for scalar in _scalars(parsed.value))
    return parsed.ciphertext


def _scalars(value: Any) -> Iterator[Any]:
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (tuple, list)):
            stack.extend(node)
        else:
            yield node


def open_cache(root: str) -> DatasetCache:
    """The cache of the dataset at `root` as the last load left it; empty when missing, stale, foreign or forged."""
    root = os.path.abspath(root)
    for path in cache_paths(root):
        found = _load(path, root)
        if found is not None:
            return found
    seed = _load(seed_path(), None)
    return DatasetCache(root, parses=seed.parses if seed is not None else {})


def _records_signature() -> str:
    """What validated records depend on besides the files: attu's sources and Python (source_signature), and pydantic."""
    from pydantic import VERSION

    return f"{source_signature()} pydantic {VERSION}"


def _load_records(root: str, shard: str) -> tuple[dict[str, tuple[str, Any]], bool]:
    """One shard of the records kept for this dataset, else of those of the last dataset this user loaded
    (content is content); and whether they were this dataset's own."""
    for path, owner in (
        *((path, root) for path in cache_paths(root, RECORDS_FILE.format(shard))),
        (os.path.join(user_cache_directory(), SEED_RECORDS_FILE.format(shard)), None),
    ):
        body = read_sealed(path, RECORDS_MAGIC)
        if body is None:  # not sealed by this user's attu: never unpickled
            continue
        try:
            fmt, signature, stored_root, records = pickle.loads(body)
        except Exception:  # a cache is only ever a shortcut: any doubt means validating again
            continue
        if fmt == FORMAT and signature == _records_signature() and (owner is None or stored_root == owner):
            return dict(records), owner is not None
    return {}, False


def seed_path() -> str:
    """Where the last saved cache's parses wait for the first load of another dataset."""
    return os.path.join(user_cache_directory(), SEED_FILE)


def cache_paths(root: str, name: str = CACHE_FILE) -> tuple[str, str]:
    """Inside the dataset, else in the user's cache directory (a read-only dataset)."""
    digest = hashlib.sha256(root.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return os.path.join(root, CACHE_DIRECTORY, name), os.path.join(user_cache_directory(), digest, name)


def clear(root: str) -> None:
    """Remove the dataset cache, wherever it is."""
    for name in (CACHE_FILE, *(RECORDS_FILE.format(shard) for shard in SHARDS)):
        for path in cache_paths(os.path.abspath(root), name):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)


def _load(path: str, root: str | None) -> DatasetCache | None:
    """The cache at `path` if it is this dataset's (for any dataset, `root` None: then its parses only)."""
    body = read_sealed(path, MAGIC)
    if body is None:  # not sealed by this user's attu: forged, copied or corrupt; never unpickled
        return None
    try:
        fmt, signature, stored_root, stats, parses, rules, result = pickle.loads(body)
        if fmt != FORMAT or signature != source_signature():
            return None
        if root is None:
            return DatasetCache(stored_root, parses=parses)
        if stored_root != root:
            return None
        return DatasetCache(root, stats, parses, None, rules, result)
    except Exception:  # a cache is only ever a shortcut: any doubt means reading the data
        return None
