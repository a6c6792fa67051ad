"""Protected values at rest: every value whose sensitivity is not public is stored encrypted, in place.

A dataset with a `recipients.yaml` (att_univ.data.keys) keeps, in the same YAML files, every
leaf that `walk.leaves` finds under a sensitivity other than `public` as one line of ciphertext
(att_univ.data.crypto), sealed to the recipients of that audience. Keys, structure, comments and
public values stay as they are. Two fields stay in clear: a `Sensitive` part's own
`sensitivity` (it says whom the value is for) and a record's key (it is the file's name).

Reading (`open_parsed`, between the parse and the models): each sealed value the reader's keys
open is replaced by its value; the `Sensitive` part around a value they may not open is removed,
exactly as the audience projection would remove it, so validation sees a smaller, valid record.
Writing (`seal_text`, under every write of a data file): each protected leaf still in clear is
sealed; a value already sealed keeps its exact ciphertext, so a diff shows only what changed.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from att_univ.core.problems import Problem
from att_univ.data.keys import Keyring
from att_univ.data.models.common import SENSITIVITY_RANK, Sensitive
from att_univ.data.models.walk import PUBLIC, dotted, leaves, stricter
from att_univ.data.yamlio import Location, Parsed

SENSITIVITY = "sensitivity"


@dataclass
class Opened:
    """A parse with its sealed values opened and its hidden parts removed, and how to find each part in the file."""

    parsed: Parsed
    hidden: dict[Location, str] = field(default_factory=dict)  # file location of each removed part → its sensitivity
    kept: dict[Location, list[int]] = field(default_factory=dict)  # file location of a list that lost items → file indexes kept
    sealed: dict[Location, str] = field(default_factory=dict)  # file location → ciphertext, for every sealed value
    original_parsed: Parsed = field(default_factory=Parsed)  # the parse as read from the file

    @property
    def original(self) -> Any:
        """The raw value as read from the file, sealed values and all."""
        return self.original_parsed.value

    def in_file(self, location: Location) -> Location:
        """Where a location of the opened value is in the file (lists that lost items shift their indexes)."""
        if not self.kept:
            return location
        result: list[Any] = []
        for part in location:
            kept = self.kept.get(tuple(result))
            result.append(kept[part] if kept is not None and isinstance(part, int) else part)
        return tuple(result)


def open_parsed(parsed: Parsed, model: type[BaseModel], keys: Keyring, display: str) -> Opened:
    """The parse with every sealed value the keys open replaced by its value, and the parts they may not open removed."""
    from att_univ.data.crypto import CryptoError, is_sealed, open_sealed

    opened = Opened(parsed, original_parsed=parsed)
    if parsed.value is None or parsed.ciphertext is False:
        return opened
    sealed = [(location, value) for location, value in _scalars(parsed.value) if is_sealed(value)]
    if not sealed:
        return opened
    parsed.with_positions()
    values: dict[Location, Any] = {}
    problems: list[Problem] = []
    bad: set[Location] = set()
    for location, text in sealed:
        opened.sealed[location] = text
        sensitivity, hidden_at = _sensitivity_at(parsed.value, model, location, keys)
        if hidden_at is not None:
            opened.hidden.setdefault(hidden_at, sensitivity)
            continue
        try:
            values[location] = open_sealed(text, keys.identities)
        except CryptoError as exc:
            line, column = parsed.locate(location)
            where = dotted(location)
            problems.append(Problem(display, line, column, "encrypted", f"{where}: cannot be decrypted: {exc}"))
            bad.add(location)
    # A part inside a removed one needs no opening of its own.
    hidden = {loc: s for loc, s in opened.hidden.items() if not any(loc[:i] in opened.hidden for i in range(len(loc)))}
    opened.hidden = hidden
    if () in hidden:
        opened.parsed = Parsed(value=None, problems=list(parsed.problems))
        return opened
    value = _rebuild(parsed.value, (), values, hidden, opened.kept)
    positions = _moved(parsed.positions, opened)
    key_positions = _moved(parsed.key_positions, opened)
    new_sealed = frozenset(_moved({loc: None for loc in values}, opened))
    opened.parsed = Parsed(
        value=value,
        positions=positions,
        key_positions=key_positions,
        problems=[*parsed.problems, *problems],
        bad_locations=parsed.bad_locations | bad,
        sealed=new_sealed,
    )
    return opened


def _scalars(value: Any, location: Location = ()) -> Iterator[tuple[Location, Any]]:
    stack = [(location, value)]
    while stack:
        loc, node = stack.pop()
        if isinstance(node, dict):
            stack.extend(((*loc, key), child) for key, child in node.items())
        elif isinstance(node, (tuple, list)):
            stack.extend(((*loc, index), child) for index, child in enumerate(node))
        else:
            yield loc, node


def _sensitivity_at(root: Any, model: type[BaseModel], location: Location, keys: Keyring) -> tuple[str, Location | None]:
    """The sensitivity in force at a location of a raw record, and the outermost part the keys may not open (if any)."""
    sensitivity = PUBLIC
    annotation: Any = model
    node = root
    for depth, part in enumerate(location):
        target = _model_of(annotation, node)
        if target is not None and issubclass(target, Sensitive) and isinstance(node, dict):
            declared = node.get(SENSITIVITY, "restricted")
            sensitivity = stricter(sensitivity, declared if declared in SENSITIVITY_RANK else "restricted")
            if not keys.can_open(sensitivity):
                return sensitivity, location[:depth]
        annotation = _step(annotation, node, part)
        node = node[part]
    return sensitivity, None


def _unwrap(annotation: Any) -> list[Any]:
    """The types an annotation may stand for: Optional, Union and Annotated taken apart."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin is typing.Union or type(annotation).__name__ == "UnionType":
        return [arm for argument in typing.get_args(annotation) if argument is not type(None) for arm in _unwrap(argument)]
    return [annotation]


def _model_of(annotation: Any, node: Any) -> type[BaseModel] | None:
    if not isinstance(node, dict):
        return None
    for arm in _unwrap(annotation):
        if isinstance(arm, type) and issubclass(arm, BaseModel):
            return arm
    return None


def _step(annotation: Any, node: Any, part: Any) -> Any:
    """The annotation of a part of a value of this annotation."""
    for arm in _unwrap(annotation):
        if isinstance(arm, type) and issubclass(arm, BaseModel):
            if isinstance(node, dict) and part in arm.model_fields:
                return arm.model_fields[part].annotation
            continue
        origin = typing.get_origin(arm)
        arguments = typing.get_args(arm)
        if origin in (tuple, list) and isinstance(node, (tuple, list)) and arguments:
            return arguments[0]
        if origin is not None and isinstance(node, dict) and len(arguments) == 2:
            return arguments[1]
    return None


def _rebuild(
    node: Any, location: Location, values: dict[Location, Any], hidden: dict[Location, str], kept: dict[Location, list[int]]
) -> Any:
    if location in values:
        return values[location]
    if isinstance(node, dict):
        result = {}
        for key, child in node.items():
            if (*location, key) not in hidden:
                result[key] = _rebuild(child, (*location, key), values, hidden, kept)
        return result
    if isinstance(node, (tuple, list)):
        indexes = [index for index in range(len(node)) if (*location, index) not in hidden]
        if len(indexes) != len(node):
            kept[location] = indexes
        return tuple(_rebuild(node[index], (*location, index), values, hidden, kept) for index in indexes)
    return node


def _moved(positions: dict[Location, Any], opened: Opened) -> dict[Location, Any]:
    """Positions keyed by the opened value's locations: hidden parts dropped, list indexes shifted."""
    if not opened.hidden:
        return dict(positions)
    result = {}
    for location, position in positions.items():
        new: list[Any] = []
        for depth, part in enumerate(location):
            prefix = location[:depth]
            if location[: depth + 1] in opened.hidden:
                new = []
                break
            kept = opened.kept.get(prefix)
            new.append(kept.index(part) if kept is not None and isinstance(part, int) else part)
        else:
            result[tuple(new)] = position
            continue
    return result


# --- what must be sealed ------------------------------------------------------------------------


@dataclass(frozen=True)
class Protected:
    """A leaf that must be stored encrypted: where it is in the file, and its sensitivity."""

    location: Location
    sensitivity: str


def protected_leaves(record: BaseModel, opened: Opened, key_field: str | None) -> Iterator[Protected]:
    """Every leaf of the file that must be sealed: the walker's non-public leaves, and every scalar of a hidden part.

    The `sensitivity` fields and the record's key stay in clear; so do values not written in the file.
    """
    for leaf in leaves(record):
        if leaf.sensitivity == PUBLIC or leaf.field == SENSITIVITY or leaf.value is None:
            continue
        if key_field is not None and leaf.path == (key_field,):
            continue
        if leaf.path not in opened.parsed.with_positions().positions:
            continue  # a default, not written in the file
        yield Protected(opened.in_file(leaf.path), leaf.sensitivity)
    yield from _hidden_only(opened, key_field)


def _at(node: Any, location: Location) -> Any:
    for part in location:
        node = node[part]
    return node


def plaintext_problems(record: BaseModel, opened: Opened, key_field: str | None, display: str) -> list[Problem]:
    """A problem for every protected value written in clear (what `attu validate` reports in an encrypted dataset)."""
    problems = []
    for item in protected_leaves(record, opened, key_field):
        if item.location in opened.sealed:
            continue
        line, column = opened.original_parsed.locate(item.location)
        problems.append(
            Problem(
                display,
                line,
                column,
                "plaintext",
                f"{dotted(item.location)}: a {item.sensitivity} value is written in clear; run attu encrypt",
            )
        )
    return problems


def stale_problems(record: BaseModel, opened: Opened, key_field: str | None, keys: Keyring, display: str) -> list[Problem]:
    """A problem for every sealed value not sealed to exactly the current recipients of its audience."""
    from att_univ.data.crypto import recipient_set, set_of

    problems = []
    for item in protected_leaves(record, opened, key_field):
        text = opened.sealed.get(item.location)
        if text is None:
            continue
        if set_of(text) != recipient_set(keys.keys_for(item.sensitivity)):
            line, column = opened.original_parsed.locate(item.location)
            message = (
                f"{dotted(item.location)}: encrypted to other keys than the current {item.sensitivity} recipients; "
                "run attu keys rotate"
            )
            problems.append(Problem(display, line, column, "stale-encryption", message))
    return problems


class SealError(Exception):
    """A file that cannot be sealed as it is (its problems say why); nothing is written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def seal_text(
    text: str, display: str, model: type[BaseModel], key_field: str | None, keys: Keyring, *, rotate: bool = False
) -> str:
    """The file's text with every protected value in clear sealed (and, with `rotate`, every stale one sealed again).

    Comments, layout and values already sealed to the current recipients are kept byte for byte.
    """
    from att_univ.data.crypto import recipient_set, seal, set_of
    from att_univ.data.loader import schema_problems
    from att_univ.data.yamlio import dump_round_trip, load_round_trip, parse

    opened = open_file_text(text, display, model, keys)
    problems = opened.parsed.problems
    if problems or (opened.parsed.value is None and not opened.hidden):
        raise SealError(problems or [Problem(display, 1, 1, "empty-file", "nothing to encrypt")])
    record: BaseModel | None = None
    if opened.parsed.value is not None:
        try:
            record = model.model_validate(opened.parsed.value)
        except ValidationError as exc:
            raise SealError(schema_problems(exc, opened.parsed, display)) from None
    targets: list[tuple[Protected, Any]] = []
    items = protected_leaves(record, opened, key_field) if record is not None else _hidden_only(opened, key_field)
    for item in items:
        current = opened.sealed.get(item.location)
        if current is None:
            targets.append((item, _at(opened.original, item.location)))
        elif rotate and set_of(current) != recipient_set(keys.keys_for(item.sensitivity)):
            if not keys.can_open(item.sensitivity):
                line, column = opened.original_parsed.locate(item.location)
                raise SealError(
                    [Problem(display, line, column, "cannot-rotate", f"a {item.sensitivity} value: your keys cannot open it")]
                )
            targets.append((item, _at(opened.parsed.value, _opened_location(opened, item.location))))
    if not targets:
        return text
    document = load_round_trip(text)
    for item, value in targets:
        container = _at(document, item.location[:-1])
        container[item.location[-1]] = seal(value, keys.keys_for(item.sensitivity))
    result = dump_round_trip(document)
    if parse(result, display).problems:  # pragma: no cover - the round trip writes what it read
        raise SealError([Problem(display, 1, 1, "encrypted", "the encrypted file would not read back")])
    return result


def _hidden_only(opened: Opened, key_field: str | None) -> Iterator[Protected]:
    """Every scalar of the parts the keys held cannot open, but their `sensitivity` and the record's key."""
    for location, sensitivity in opened.hidden.items():
        for inner, value in _scalars(_at(opened.original, location), location):
            if inner[-1] != SENSITIVITY and value is not None and inner != (key_field,):
                yield Protected(inner, sensitivity)


def _opened_location(opened: Opened, location: Location) -> Location:
    moved = _moved({location: None}, opened)
    return next(iter(moved))


def open_file_text(text: str, display: str, model: type[BaseModel], keys: Keyring) -> Opened:
    """Parse and open a file's text (every failure becomes a problem of the result)."""
    from att_univ.data.yamlio import parse

    return open_parsed(parse(text, display), model, keys, display)


def model_of_path(path: Path) -> tuple[type[BaseModel], str | None] | None:
    """The model of a data file and its key field, judged by where it lies; None for other files."""
    from att_univ.data.loader import kind_of
    from att_univ.data.models import Kind

    kind = kind_of(path)
    if kind is None:
        return None
    if isinstance(kind, Kind):
        return kind.model, kind.key_field
    return kind, None


def dataset_root_of(path: Path) -> Path:
    """The dataset a data file belongs to: its folder for `dataset.yaml`, else the folder above its kind's."""
    from att_univ.data.loader import META_FILE

    return path.parent if (path.parent / META_FILE).exists() and path.parent.name not in _FOLDERS else path.parent.parent


_FOLDERS = frozenset(("states", "regions", "engagements", "plans", "resources", "actors", "cycles", "votes"))  # models.KINDS


def seal_for_write(path: Path, text: str) -> str:
    """The text to write to a data file: sealed when its dataset keeps protected values encrypted."""
    from att_univ.core.errors import AttuError
    from att_univ.data.keys import keyring_for

    found = model_of_path(path)
    if found is None:
        return text
    keys, _ = keyring_for(dataset_root_of(path))
    if keys is None:
        return text
    try:
        return seal_text(text, str(path), found[0], found[1], keys)
    except SealError as exc:
        raise AttuError(f"not written: {exc}") from None


# --- review without keys ------------------------------------------------------------------------


def sealed_changes(before: dict[str, bytes], after: dict[str, bytes]) -> list[tuple[str, str, int]]:
    """Which encrypted values changed between two versions of a dataset's files: (file, field, count), never a value.

    What `attu diff` tells a reader whose keys cannot open them: the ciphertext of a value changes
    only when the value (or its recipients) changed, since unchanged values keep theirs.
    """
    from collections import Counter

    from att_univ.data.crypto import is_sealed
    from att_univ.data.yamlio import parse

    def sealed_of(raw: bytes | None, name: str) -> dict[Location, str]:
        if raw is None:
            return {}
        parsed = parse(raw.decode("utf-8", "replace"), name)
        if parsed.value is None:
            return {}
        return {location: value for location, value in _scalars(parsed.value) if is_sealed(value)}

    found: list[tuple[str, str, int]] = []
    for name in sorted(set(before) | set(after)):
        if not name.endswith(".yaml") or before.get(name) == after.get(name):
            continue
        old, new = sealed_of(before.get(name), name), sealed_of(after.get(name), name)
        counts = Counter(_field_name(location) for location in set(old) | set(new) if old.get(location) != new.get(location))
        found.extend((name, field_name, count) for field_name, count in sorted(counts.items()))
    return found


def _field_name(location: Location) -> str:
    return ".".join(str(part) for part in location if isinstance(part, str)) or "(value)"
