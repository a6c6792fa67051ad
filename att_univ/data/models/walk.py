"""The one walk over a record's tree: every leaf once, with its path, its field and the sensitivity in force.

Records nest models in tuples, tuples in models, and (for translated text) dicts in models.
Everything that looks inside a record (the confidentiality guard, the audience projection, the
rules, the report's list of sources, the review of changes) goes through `children` here, so a
tuple, a list or a dict is treated the same way everywhere, and a leak or a missed check cannot
hide in one walker's blind spot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import Any, NamedTuple

from pydantic import BaseModel

from att_univ.data.models.common import SENSITIVITY_RANK, Sensitive

Path = tuple[str | int, ...]
PUBLIC = "public"


class Leaf(NamedTuple):
    """A value that holds no other: a string, a date, a number, a boolean or None."""

    path: Path  # model field names, tuple indices and dict keys from the walked value down to the leaf
    value: Any
    field: str | None  # the model field the leaf sits under (for an item of a tuple, the tuple's field)
    owner: type[BaseModel] | None  # the model that declares `field`
    sensitivity: str  # the most restrictive sensitivity of the `Sensitive` records around the leaf


def children(value: Any) -> Iterator[tuple[str | int, Any]]:
    """The parts of a model (by field), a tuple or list (by index), a dict (by key); nothing for a leaf."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield name, getattr(value, name)
    elif isinstance(value, (tuple, list)):
        yield from enumerate(value)
    elif isinstance(value, Mapping):
        yield from value.items()


def is_leaf(value: Any) -> bool:
    """Whether `children` finds nothing inside the value's type."""
    return not isinstance(value, (BaseModel, tuple, list, Mapping))


def leaves(value: Any, sensitivity: str = PUBLIC, *, fields: frozenset[str] | None = None) -> Iterator[Leaf]:
    """Every leaf under `value`, depth first in field order, each exactly once; with `fields`, only the
    leaves under a model field of those names (the others are walked past, not made)."""
    return _leaves(value, (), None, None, sensitivity, fields)


_SCALARS = frozenset({str, int, float, bool, dt.date, type(None)})  # leaves known by their exact type, without isinstance


def _leaves(
    value: Any, path: Path, field: str | None, owner: type[BaseModel] | None, sensitivity: str, fields: frozenset[str] | None
) -> Iterator[Leaf]:
    # Iterative, and exact types first: the rules walk every record of the dataset, so this is
    # one of the hottest loops of a load (a recursive generator per node cost seconds at 100,000 records).
    stack: list[tuple[Any, Path, str | None, type[BaseModel] | None, str]] = [(value, path, field, owner, sensitivity)]
    pop, push = stack.pop, stack.extend
    while stack:
        value, path, field, owner, sensitivity = pop()
        kind = type(value)
        if kind in _SCALARS or is_leaf(value):
            if fields is None or field in fields:
                yield Leaf(path, value, field, owner, sensitivity)
        elif isinstance(value, BaseModel):
            if isinstance(value, Sensitive):
                sensitivity = stricter(sensitivity, value.sensitivity)
            # What `children` gives for a model, without a generator per node.
            parts = [(getattr(value, name), (*path, name), name, kind, sensitivity) for name in kind.model_fields]
            parts.reverse()
            push(parts)
        else:
            items = [(child, (*path, key), field, owner, sensitivity) for key, child in children(value)]
            items.reverse()
            push(items)


def stricter(first: str, second: str) -> str:
    """The more restrictive of two sensitivities."""
    return first if SENSITIVITY_RANK[first] >= SENSITIVITY_RANK[second] else second


def prune(value: Any, keep: Callable[[BaseModel], bool]) -> Any:
    """The value without the models `keep` refuses (None if the value itself is refused).

    A tuple loses its refused items, a dict its refused values, a model the refused values of
    its fields (replaced by None). Whatever is unchanged is returned as the same object, so a
    view that hides nothing costs no copies.
    """
    if isinstance(value, BaseModel):
        if not keep(value):
            return None
        changes = {}
        for name in type(value).model_fields:
            child = getattr(value, name)
            pruned = prune(child, keep)
            if pruned is not child:
                changes[name] = pruned
        return value.model_copy(update=changes) if changes else value
    if isinstance(value, (tuple, list)):
        kept = [item for item in (prune(child, keep) for _, child in children(value)) if item is not None]
        unchanged = len(kept) == len(value) and all(a is b for a, b in zip(kept, value, strict=True))
        return value if unchanged else type(value)(kept)
    if isinstance(value, Mapping):
        pruned_items = {key: prune(child, keep) for key, child in children(value)}
        if all(pruned_items[key] is child for key, child in value.items()):
            return value
        return {key: item for key, item in pruned_items.items() if item is not None}
    return value


def dotted(path: Path) -> str:
    """A path as people read it: `process[0].notes`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
