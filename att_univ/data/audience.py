"""Audience projection: the dataset as `public`, `partners` or `restricted` readers may see it.

Built once, when a command opens the dataset for an audience, so no command has to
remember which fields are sensitive: anything a `Sensitive` model holds is simply gone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from att_univ.data.models.common import Sensitive, visible_to
from att_univ.data.models.walk import prune

AUDIENCES = ("public", "partners", "restricted")


def project(value: Any, audience: str) -> Any:
    """The value with every `Sensitive` part hidden from this audience removed (None if all of it)."""
    return prune(value, lambda model: not isinstance(model, Sensitive) or visible_to(model.sensitivity, audience))


def project_records(records: Mapping[str, Mapping[str, BaseModel]], audience: str) -> dict[str, dict[str, BaseModel]]:
    """Every record kind projected; records hidden as a whole are dropped."""
    result: dict[str, dict[str, BaseModel]] = {}
    for folder, by_key in records.items():
        kept = {key: project(record, audience) for key, record in by_key.items()}
        result[folder] = {key: record for key, record in kept.items() if record is not None}
    return result
