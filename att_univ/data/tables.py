"""Records as flat tables for CSV: one row per record, and a table of its own for each list of
nested records (a state's process steps, a region's members), keyed back to its record.

The columns come from the model, not from the records, so a table has the same header
whatever the audience sees, and a field added to a model appears without anyone listing it.
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import BaseModel

LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Column:
    """A column: its header and the path of attributes leading to its value."""

    header: str
    path: tuple[str, ...]
    many: bool = False  # a list of plain values, joined in one cell
    mapping: bool = False  # a mapping, written as JSON in one cell


@dataclass(frozen=True)
class Child:
    """A list of nested records, written as a table of its own."""

    name: str  # the dotted path, e.g. "process" or "treaty.declarations"
    path: tuple[str, ...]
    model: type[BaseModel]


@dataclass(frozen=True)
class Shape:
    """How a model flattens: its columns and its nested tables."""

    columns: tuple[Column, ...]
    children: tuple[Child, ...]


@dataclass
class Table:
    """A table ready for CSV."""

    name: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)


@cache
def shape_of(model: type[BaseModel]) -> Shape:
    """The columns and nested tables of a model, nested single records flattened as `a.b` columns."""
    columns: list[Column] = []
    children: list[Child] = []
    _walk(model, (), columns, children)
    # Sensitivity is inherited, so pydantic lists it first; people read it best last.
    columns.sort(key=lambda c: c.path[-1] == "sensitivity")
    return Shape(tuple(columns), tuple(children))


def _walk(model: type[BaseModel], prefix: tuple[str, ...], columns: list[Column], children: list[Child]) -> None:
    for name, info in model.model_fields.items():
        path = (*prefix, name)
        kind, inner = _kind(info.annotation)
        if kind == "model":
            _walk(inner, path, columns, children)
        elif kind == "models":
            children.append(Child(".".join(path), path, inner))
        else:
            columns.append(Column(".".join(path), path, many=kind == "values", mapping=kind == "mapping"))


def _kind(annotation: Any) -> tuple[str, Any]:
    """`value`, `values` (a tuple of plain values), `model`, `models` or `mapping`, and the model if any."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _kind(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _kind(options[0]) if len(options) == 1 else ("value", None)
    if origin is tuple:
        item = next((a for a in typing.get_args(annotation) if a is not Ellipsis), str)
        inner_kind, model = _kind(item)
        return ("models", model) if inner_kind == "model" else ("values", None)
    if origin is dict:
        return "mapping", None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "model", annotation
    return "value", None


def tables(name: str, model: type[BaseModel], key_field: str, records: Iterable[BaseModel]) -> list[Table]:
    """The table of the records and one table per nested list (named `<name>-<field>`), keyed by `key_field`."""
    shape = shape_of(model)
    main = Table(name, [c.header for c in shape.columns])
    nested: dict[str, Table] = {}
    ordered: list[Table] = [main]
    _declare(name, model, key_field, nested, ordered)
    for record in records:
        key = getattr(record, key_field)
        main.rows.append([cell(record, column) for column in shape.columns])
        _fill(name, record, model, key, "", nested)
    return ordered


def _declare(name: str, model: type[BaseModel], key_field: str, nested: dict[str, Table], ordered: list[Table]) -> None:
    for child in shape_of(model).children:
        table_name = f"{name}-{child.name.replace('.', '-')}"
        headers = [key_field, "position", *(c.header for c in shape_of(child.model).columns)]
        table = Table(table_name, headers)
        nested[table_name] = table
        ordered.append(table)
        _declare(table_name, child.model, key_field, nested, ordered)


def _fill(name: str, record: BaseModel, model: type[BaseModel], key: Any, position: str, nested: dict[str, Table]) -> None:
    for child in shape_of(model).children:
        table_name = f"{name}-{child.name.replace('.', '-')}"
        items = _get(record, child.path) or ()
        for index, item in enumerate(items, start=1):
            where = f"{position}.{index}" if position else str(index)
            columns = shape_of(child.model).columns
            nested[table_name].rows.append([key, where, *(cell(item, c) for c in columns)])
            _fill(table_name, item, child.model, key, where, nested)


def cell(record: BaseModel, column: Column) -> str:
    """One cell's text: dates as YYYY-MM-DD, booleans as true/false, lists joined by '; ', nothing as empty."""
    value = _get(record, column.path)
    if column.mapping:
        return json.dumps(_plain(value), ensure_ascii=False, sort_keys=True) if value else ""
    if column.many:
        return LIST_SEPARATOR.join(_text(v) for v in value or ())
    return _text(value)


def _get(record: Any, path: Sequence[str]) -> Any:
    value = record
    for name in path:
        if value is None:
            return None
        value = getattr(value, name)
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_defaults=True)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
