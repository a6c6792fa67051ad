"""Files → validated models. Every failure becomes a located Problem; nothing raises on bad data."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from att_univ.dataset import Dataset, SourceFile
from att_univ.models import KINDS, DatasetMeta, DepositaryNames, Kind
from att_univ.problems import Problem
from att_univ.yamlio import Parsed, read_file

META_FILE = "dataset.yaml"
NAMES_FILE = "depositary-names.yaml"  # the depositary's spellings of the states (optional)


@dataclass(frozen=True)
class LoadResult:
    """A dataset (None when even its description file is unusable) and every problem found."""

    dataset: Dataset | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        """True when no problem is an error."""
        return not any(p.severity == "error" for p in self.problems)


def display_path(path: Path) -> str:
    """A path as people expect to see it: relative to where they are, when it is below it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:  # not below the current directory
        return str(path)


def load_dataset(root: Path, *, checks: bool = True) -> LoadResult:
    """Read, validate and cross-check a whole dataset directory (the one holding `states/`)."""
    root = root.resolve()
    problems: list[Problem] = []
    meta_path = root / META_FILE
    meta, meta_file = None, None
    if _inside(meta_path, root, problems):
        meta, meta_file = _load_one(meta_path, DatasetMeta, problems)
    if meta is None and not meta_path.exists():
        problems.append(Problem(display_path(meta_path), 1, 1, "missing-file", "the dataset has no dataset.yaml"))

    names, names_file = None, None
    names_path = root / NAMES_FILE
    if names_path.exists() and _inside(names_path, root, problems):
        names, names_file = _load_one(names_path, DepositaryNames, problems)

    records: dict[str, dict[str, BaseModel]] = {}
    files: dict[tuple[str, str], SourceFile] = {}
    unusable: dict[str, set[str]] = {}
    for kind in KINDS:
        records[kind.folder] = {}
        unusable[kind.folder] = set()
        for path in _kind_files(root, kind, problems):
            model, source = _load_one(path, kind.model, problems)
            if model is None or source is None:
                # Known to exist, so rules elsewhere should not also call it missing.
                unusable[kind.folder].add(kind.key_for_stem(path.stem))
                continue
            key = getattr(model, kind.key_field)
            expected = kind.key_for_stem(path.stem)
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

    if meta is None:
        return LoadResult(None, sorted(problems))
    dataset = Dataset(
        root=root,
        meta=meta,
        records=records,
        files=files,
        meta_file=meta_file,
        unusable={folder: frozenset(keys) for folder, keys in unusable.items()},
        depositary_names=names,
        names_file=names_file,
    )
    if checks:
        from att_univ.checks import run_checks

        problems.extend(run_checks(dataset))
    return LoadResult(dataset, sorted(problems))


def load_file(path: Path, model: type[BaseModel]) -> tuple[BaseModel | None, list[Problem]]:
    """Validate one file on its own against a model (no cross-record rules)."""
    problems: list[Problem] = []
    value, _ = _load_one(path, model, problems)
    return value, sorted(problems)


def kind_of(path: Path) -> Kind | type[DatasetMeta] | type[DepositaryNames] | None:
    """What a file is, judged by where it lies: `states/x.yaml`, `dataset.yaml`..."""
    if path.name == META_FILE:
        return DatasetMeta
    if path.name == NAMES_FILE:
        return DepositaryNames
    return next((kind for kind in KINDS if path.parent.name == kind.folder), None)


def _kind_files(root: Path, kind: Kind, problems: list[Problem]) -> Iterable[Path]:
    folder = root / kind.folder
    if not folder.exists() or not _inside(folder, root, problems):
        return []
    paths = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        path = Path(entry.path)
        if entry.name.startswith("."):
            continue
        if entry.name.endswith(".yml"):
            problems.append(Problem(display_path(path), 1, 1, "file-name", "data files end in .yaml, not .yml"))
        elif entry.name.endswith(".yaml") and _inside(path, root, problems):
            paths.append(path)
    return paths


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
    parsed = read_file(path, display)
    problems.extend(parsed.problems)
    if parsed.value is None:
        return None, None
    source = SourceFile(path=path, display=display, parsed=parsed)
    if not isinstance(parsed.value, dict):
        problems.append(Problem(display, 1, 1, "not-a-mapping", "the file must hold a mapping of fields (key: value)"))
        return None, None
    try:
        return model.model_validate(parsed.value), source
    except ValidationError as exc:
        problems.extend(schema_problems(exc, parsed, display))
        return None, None
    except RecursionError:  # pragma: no cover - depth is bounded by the parser
        problems.append(Problem(display, 1, 1, "too-deep", "values are nested too deeply"))
        return None, None


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
