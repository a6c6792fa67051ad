"""Files → validated models. Every failure becomes a located Problem; nothing raises on bad data."""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from att_univ.core.problems import Problem
from att_univ.data.dataset import Dataset, SourceFile
from att_univ.data.discovery import display_path as display_path  # where it always was, for its users
from att_univ.data.models import KINDS, DatasetMeta, DepositaryNames, Kind
from att_univ.data.yamlio import Parsed, parse_bytes, read_file, read_file_again

if TYPE_CHECKING:
    from att_univ.data.cache import DatasetCache
    from att_univ.data.keys import Keyring

META_FILE = "dataset.yaml"
NAMES_FILE = "depositary-names.yaml"


@dataclass(frozen=True)
class LoadResult:
    """A dataset (None when even its description file is unusable) and every problem found."""

    dataset: Dataset | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        """True when no problem is an error."""
        return not any(p.severity == "error" for p in self.problems)


def load_dataset(root: Path, *, checks: bool = True, cached: bool = True) -> LoadResult:
    """Read, validate and cross-check a whole dataset directory (the one holding `states/`).

    With `cached`, files unchanged since the last load are neither parsed nor validated again,
    and the cross-record problems are reused while no file changed (`att_univ.data.cache`); the
    result is the same.
    """
    with _without_cycle_collection():
        return _load_dataset(root, checks=checks, cached=cached)


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Loading makes hundreds of thousands of objects that hold no cycles: the cyclic garbage collector
    would walk them again and again for nothing (a third of a load's time), so it is paused meanwhile.
    (A command that keeps the dataset to its end also freezes it: `cli.common.open_dataset`.)"""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load_dataset(root: Path, *, checks: bool, cached: bool) -> LoadResult:
    from att_univ.data.cache import open_cache, rules_key
    from att_univ.data.keys import keyring_for

    root = root.resolve()
    keys, key_problems = keyring_for(root)
    store: DatasetCache | None = open_cache(str(root)) if cached else None
    audience = keys.audience if keys is not None else "restricted"
    digests: list[tuple[str, str | None]] = []

    def read(path: Path | str, model: type[BaseModel], display: str | None = None) -> _Read:
        display = display_path(Path(path)) if display is None else display
        if store is None:
            return _Read(str(path), display, read_file(Path(path), display))
        found = _read_through(store, str(path), display, model)
        digests.append((display, found.digest))
        return found

    problems: list[Problem] = list(key_problems)
    meta_path = root / META_FILE
    meta = read(meta_path, DatasetMeta) if _inside(meta_path, root, problems) else None
    names_path = root / NAMES_FILE
    names = read(names_path, DepositaryNames) if names_path.exists() and _inside(names_path, root, problems) else None
    reads = {kind: [read(path, kind.model, display) for path, display in _kind_files(root, kind, problems)] for kind in KINDS}
    key = rules_key(f"{display_path(root)}\0{audience}", digests) if store is not None else None
    rules = (store, key) if store is not None and key is not None else None
    result = _assemble(root, display_path(meta_path), meta, not meta_path.exists(), names, reads, problems, checks, rules, keys)
    if store is not None:
        # As for the rules: problems found with protected values opened are not kept at rest, unless there are none.
        if checks and (keys is None or audience == "public" or not result.problems):
            store.keep_result(display_path(root), tuple(kind.folder for kind in KINDS), result.problems)
        store.save()
    return result


def _read_through(store: DatasetCache, file: str, display: str, model: type[BaseModel]) -> _Read:
    """A file read through the cache: its record or parse when its content was seen before, and its content hash."""
    found = store.read(file)
    if found is None:  # unreadable or too large: the plain reader says why
        return _Read(file, display, read_file(Path(file), display))
    digest, raw = found
    record = store.record(digest, model)
    if record is not None:
        return _Read(file, display, _unparsed(partial(read_file_again, file, display, digest)), digest, store, record)
    parsed = store.parsed(digest)
    if parsed is None:
        parsed = parse_bytes(raw, display) if raw is not None else read_file(Path(file), display)
        store.keep(digest, parsed)
    return _Read(file, display, parsed, digest, store)


def _unparsed(reparse: Callable[[], Parsed]) -> Parsed:
    """The parse of a file whose record was cached: no value needed, positions found again if ever asked for."""
    return Parsed(ciphertext=False, reparse=reparse)


def load_dataset_from_files(
    files: Mapping[str, bytes], root_label: str, *, checks: bool = True, store: DatasetCache | None = None
) -> LoadResult:
    """Validate a dataset held in memory (paths relative to its root → content), e.g. read from a git revision.

    Problem paths start with `root_label`: `main:data` gives `main:data/states/x.yaml:line:col`
    (a label ending in `:` or `/`, or an empty one, is used as it is). Everything but the reading
    of files is shared with `load_dataset`. With a `store` (the dataset's cache), content seen
    before, in the working tree or another revision, is not parsed nor validated again.
    """
    with _without_cycle_collection():
        return _load_from_files(files, root_label, checks=checks, store=store)


def _load_from_files(files: Mapping[str, bytes], root_label: str, *, checks: bool, store: DatasetCache | None) -> LoadResult:
    from att_univ.data.keys import RECIPIENTS_FILE, keyring_from_bytes

    root = Path(root_label.rstrip(":/") or ".")
    shown_prefix = root_label if not root_label or root_label.endswith((":", "/")) else f"{root_label}/"
    keys, key_problems = keyring_from_bytes(files.get(RECIPIENTS_FILE), f"{shown_prefix}{RECIPIENTS_FILE}")
    problems: list[Problem] = list(key_problems)

    def read(relative: str, model: type[BaseModel]) -> _Read:
        display = f"{shown_prefix}{relative}"
        raw = files[relative]
        if store is None:
            return _Read(str(root / relative), display, parse_bytes(raw, display))
        import hashlib

        digest = hashlib.sha256(raw).hexdigest()
        record = store.record(digest, model)
        if record is not None:
            return _Read(str(root / relative), display, _unparsed(partial(parse_bytes, raw, display)), digest, store, record)
        parsed = store.parsed(digest)
        if parsed is None:
            parsed = parse_bytes(raw, display)
            store.keep(digest, parsed)
        return _Read(str(root / relative), display, parsed, digest, store)

    meta = read(META_FILE, DatasetMeta) if META_FILE in files else None
    spellings = read(NAMES_FILE, DepositaryNames) if NAMES_FILE in files else None
    reads: dict[Kind, list[_Read]] = {}
    for kind in KINDS:
        prefix = f"{kind.folder}/"
        in_folder = sorted(rel[len(prefix) :] for rel in files if rel.startswith(prefix) and "/" not in rel[len(prefix) :])
        reads[kind] = []
        for name in in_folder:
            if name.startswith("."):
                continue
            if name.endswith(".yml"):
                problems.append(Problem(f"{shown_prefix}{prefix}{name}", 1, 1, "file-name", "data files end in .yaml, not .yml"))
            elif name.endswith(".yaml"):
                reads[kind].append(read(prefix + name, kind.model))
    meta_display = f"{shown_prefix}{META_FILE}"
    return _assemble(root, meta_display, meta, META_FILE not in files, spellings, reads, problems, checks, keys=keys)


@dataclass(slots=True)
class _Read:
    """A file as read and parsed, before it is validated against its model."""

    file: str  # its path (inside a revision: under the revision's label)
    display: str
    parsed: Parsed
    digest: str | None = None  # the content's SHA-256, when read through a cache
    store: DatasetCache | None = None  # that cache, which keeps the record made from this content
    record: BaseModel | None = None  # the record that content made before (then `parsed` has no value)

    @property
    def stem(self) -> str:
        """The file's name without `.yaml`: the record's key, as the file names it."""
        return os.path.splitext(os.path.basename(self.file))[0]


def _assemble(
    root: Path,
    meta_display: str,
    meta: _Read | None,
    meta_missing: bool,
    names: _Read | None,
    reads: Mapping[Kind, list[_Read]],
    problems: list[Problem],
    checks: bool,
    rules: tuple[DatasetCache, str] | None = None,
    keys: Keyring | None = None,
) -> LoadResult:
    """Validate what was read against the models, key the records, then run the cross-record rules."""
    meta_model, meta_file = _validate(meta, DatasetMeta, problems) if meta is not None else (None, None)
    if meta_model is None and meta_missing:
        problems.append(Problem(meta_display, 1, 1, "missing-file", "the dataset has no dataset.yaml"))
    names_model, names_file = _validate(names, DepositaryNames, problems) if names is not None else (None, None)

    records: dict[str, dict[str, BaseModel]] = {}
    files: dict[tuple[str, str], SourceFile] = {}
    unusable: dict[str, set[str]] = {}
    for kind in KINDS:
        records[kind.folder] = {}
        unusable[kind.folder] = set()
        for read in reads.get(kind, []):
            model, source = _validate(_opened(read, kind.model, keys), kind.model, problems)
            if model is None or source is None:
                # Known to exist, so rules elsewhere should not also call it missing.
                unusable[kind.folder].add(kind.key_for_stem(read.stem))
                continue
            key = getattr(model, kind.key_field)
            expected = kind.key_for_stem(read.stem)
            if key != expected:
                line, column = source.locate((kind.key_field,))
                problems.append(
                    Problem(
                        source.display,
                        line,
                        column,
                        "file-name",
                        f"{kind.key_field} does not match the file name (expected {expected})",
                    )
                )
                continue
            records[kind.folder][key] = model
            files[(kind.folder, key)] = source

    if meta_model is None:
        return LoadResult(None, sorted(problems))
    dataset = Dataset(
        root=root,
        meta=meta_model,
        records=records,
        files=files,
        meta_file=meta_file,
        unusable={folder: frozenset(keys) for folder, keys in unusable.items()},
        depositary_names=names_model,
        names_file=names_file,
        audience=keys.audience if keys is not None else "restricted",
    )
    if checks:
        found = rules[0].rule_problems(rules[1]) if rules is not None else None
        if found is None:
            from att_univ.data.rules.general import run_checks

            found = run_checks(dataset)
            # What the rules found with protected values opened is not kept at rest, unless it is nothing.
            if rules is not None and (keys is None or keys.audience == "public" or not found):
                rules[0].keep_rule_problems(rules[1], found)
        problems.extend(found)
    return LoadResult(dataset, sorted(problems))


def _opened(read: _Read, model: type[BaseModel], keys: Keyring | None) -> _Read:
    """The read with its protected values opened, or their parts removed when the keys held cannot open them."""
    if keys is None or read.parsed.value is None or read.parsed.ciphertext is False:
        return read
    from att_univ.data.protected import open_parsed

    return _Read(read.file, read.display, open_parsed(read.parsed, model, keys, read.display).parsed)


def load_file(path: Path, model: type[BaseModel]) -> tuple[BaseModel | None, list[Problem]]:
    """Validate one file on its own against a model (no cross-record rules)."""
    problems: list[Problem] = []
    value, _ = _load_one(path, model, problems)
    return value, sorted(problems)


def load_bytes(
    raw: bytes, display: str, model: type[BaseModel], keys: Keyring | None = None
) -> tuple[BaseModel | None, list[Problem]]:
    """Validate one file's content, held in memory, against a model (no cross-record rules); `keys` open protected values."""
    problems: list[Problem] = []
    value, _ = _validate(_opened(_Read(display, display, parse_bytes(raw, display)), model, keys), model, problems)
    return value, sorted(problems)


def kind_of(path: Path) -> Kind | type[DatasetMeta] | type[DepositaryNames] | None:
    """What a file is, judged by where it lies: `states/x.yaml`, `dataset.yaml`..."""
    if path.name == META_FILE:
        return DatasetMeta
    if path.name == NAMES_FILE:
        return DepositaryNames
    return next((kind for kind in KINDS if path.parent.name == kind.folder), None)


def _kind_files(root: Path, kind: Kind, problems: list[Problem]) -> list[tuple[str, str]]:
    """The data files of a kind's folder, in name order, each with its path as shown."""
    folder = root / kind.folder
    if not folder.exists() or not _inside(folder, root, problems):
        return []
    shown = display_path(folder)
    prefix = "" if shown == "." else shown + os.sep
    files = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        name = entry.name
        if name.startswith("."):
            continue
        if name.endswith(".yml"):
            problems.append(Problem(prefix + name, 1, 1, "file-name", "data files end in .yaml, not .yml"))
        elif name.endswith(".yaml") and (not entry.is_symlink() or _inside(Path(entry.path), root, problems)):
            files.append((entry.path, prefix + name))
    return files


def _inside(path: Path, root: Path, problems: list[Problem]) -> bool:
    """False (with a problem) for a symlink that leads out of the dataset."""
    if not path.is_symlink():
        return True
    target = path.resolve()
    if target == root or root in target.parents:
        return True
    problems.append(Problem(display_path(path), 1, 1, "symlink", "symbolic link leads outside the dataset"))
    return False


def _load_one(path: Path, model: type[BaseModel], problems: list[Problem]) -> tuple[Any, SourceFile | None]:
    display = display_path(path)
    return _validate(_Read(str(path), display, read_file(path, display)), model, problems)


def _validate(read: _Read, model: type[BaseModel], problems: list[Problem]) -> tuple[Any, SourceFile | None]:
    parsed, display = read.parsed, read.display
    if read.record is not None:  # the same content made this record before: frozen, so it can be shared
        return read.record, SourceFile(read.file, display, parsed)
    problems.extend(parsed.problems)
    if parsed.value is None:
        return None, None
    source = SourceFile(read.file, display, parsed)
    if not isinstance(parsed.value, dict):
        problems.append(Problem(display, 1, 1, "not-a-mapping", "the file must hold a mapping of fields (key: value)"))
        return None, None
    try:
        record = model.model_validate(parsed.value)
    except ValidationError as exc:
        problems.extend(schema_problems(exc, parsed, display))
        return None, None
    except RecursionError:  # pragma: no cover - depth is bounded by the parser
        problems.append(Problem(display, 1, 1, "too-deep", "values are nested too deeply"))
        return None, None
    if read.store is not None and read.digest is not None and not parsed.problems:
        read.store.keep_record(read.digest, model, record, parsed)
    return record, source


# Messages of our own for the common cases; pydantic's stay for the rest. Neither quotes
# the offending value (which could be restricted): only field paths and expectations.
_MESSAGES = {
    "missing": "required field is missing",
    "extra_forbidden": "unknown field (check its spelling and indentation)",
    "date_type": "expected a date written as YYYY-MM-DD, without quotes",
    "string_type": "expected text; put quotes around it if it looks like a number, date or true/false",
    "bool_type": "expected true or false",
    "int_type": "expected a whole number",
    "tuple_type": "expected a list",
    "list_type": "expected a list",
    "dict_type": "expected a mapping of fields (key: value)",
    "model_type": "expected a mapping of fields (key: value)",
    "model_attributes_type": "expected a mapping of fields (key: value)",
    "too_short": "must not be empty",
    "string_too_short": "must not be empty",
}
_PATTERNS = {
    r"^[A-Z]{3}$": "expected an ISO 3166 alpha-3 code in capitals, such as GMB",
    r"^[A-Z]{2}$": "expected an ISO 3166 alpha-2 code in capitals, such as GM",
    r"^[0-9]{3}$": "expected a three-digit M49 code in quotes, such as '270'",
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "expected an id of lower-case letters, digits and hyphens",
    r"^https?://\S+$": "expected a web address starting with http:// or https://",
}


def schema_problems(exc: ValidationError, parsed: Parsed, display: str) -> list[Problem]:
    """Turn pydantic's errors into located problems, one per distinct place."""
    problems = []
    seen = set()
    for error in exc.errors(include_input=False, include_url=False):
        location = tuple(part for part in error["loc"] if not (isinstance(part, str) and "[" in part))
        if any(location[: i + 1] in parsed.bad_locations for i in range(len(location))):
            continue  # already reported by the parser (e.g. an impossible date)
        kind = error["type"]
        if kind == "missing":
            line, column = parsed.locate(location[:-1])
        else:
            line, column = parsed.locate(location, prefer_key=kind == "extra_forbidden")
        message = _message(error)
        # An unknown key is located by line and column; naming it could echo what was typed.
        where = _dotted(location[:-1] if kind == "extra_forbidden" else location)
        code = _code(kind)
        if (line, column, code, where) in seen:
            continue
        seen.add((line, column, code, where))
        problems.append(Problem(display, line, column, code, f"{where}: {message}" if where else message))
    return problems


def _message(error: Any) -> str:
    kind = error["type"]
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        return _PATTERNS.get(pattern, "does not have the expected form")
    if kind == "too_short" and error["loc"] and error["loc"][-1] == "sources":
        return "cite at least one source"
    return _MESSAGES.get(kind, str(error["msg"]))


def _code(kind: str) -> str:
    if kind == "missing":
        return "missing-field"
    if kind == "extra_forbidden":
        return "unknown-field"
    if kind.endswith("_type"):
        return "wrong-type"
    return "invalid-value"


_FIELD_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,60}$")


def _dotted(location: tuple[Any, ...]) -> str:
    text = ""
    for part in location:
        shown = str(part) if _FIELD_NAME.match(str(part)) else "<key>"
        text += f"[{part}]" if isinstance(part, int) else (f".{shown}" if text else shown)
    return text
