"""Audience projection: the dataset as `public`, `partners` or `restricted` readers may see it.

Built once, when a command opens the dataset for an audience, so no command has to
remember which fields are sensitive: anything a `Sensitive` model holds is simply gone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from att_univ.data.models.common import Sensitive, visible_to

AUDIENCES = ("public", "partners", "restricted")


def project(value: Any, audience: str) -> Any:
    """The value with every `Sensitive` part hidden from this audience removed (None if all of it)."""
    if isinstance(value, Sensitive) and not visible_to(value.sensitivity, audience):
        return None
    if isinstance(value, BaseModel):
        changes = {}
        for name in type(value).model_fields:
            current = getattr(value, name)
            projected = project(current, audience)
            if projected is not current:
                changes[name] = projected
        return value.model_copy(update=changes) if changes else value
    if isinstance(value, tuple):
        items = [project(item, audience) for item in value]
        kept = tuple(item for item in items if item is not None)
        unchanged = len(kept) == len(value) and all(a is b for a, b in zip(kept, value, strict=True))
        return value if unchanged else kept
    if isinstance(value, dict):
        projected_items = {key: project(item, audience) for key, item in value.items()}
        return {key: item for key, item in projected_items.items() if item is not None}
    return value


def project_records(records: Mapping[str, Mapping[str, BaseModel]], audience: str) -> dict[str, dict[str, BaseModel]]:
    """Every record kind projected; records hidden as a whole are dropped."""
    result: dict[str, dict[str, BaseModel]] = {}
    for folder, by_key in records.items():
        kept = {key: project(record, audience) for key, record in by_key.items()}
        result[folder] = {key: record for key, record in kept.items() if record is not None}
    return result
