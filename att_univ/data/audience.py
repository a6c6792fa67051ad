"""Audience projection: the dataset as `public`, `partners` or `restricted` readers may see it.

Built once, when a command opens the dataset for an audience, so no command has to
remember which fields are sensitive: anything a `Sensitive` model holds is simply gone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from att_univ.data.models.common import Sensitive, visible_to
from att_univ.data.models.meta import DatasetMeta
from att_univ.data.models.walk import leaves, prune

AUDIENCES = ("public", "partners", "restricted")
CITING_FIELDS = ("sources", "source")  # fields that cite sources by id


def project(value: Any, audience: str) -> Any:
    """The value with every `Sensitive` part hidden from this audience removed (None if all of it)."""
    return prune(value, lambda model: not isinstance(model, Sensitive) or visible_to(model.sensitivity, audience))


def project_sources(meta: DatasetMeta, records: Mapping[str, Mapping[str, BaseModel]]) -> DatasetMeta:
    """The dataset's description with only the sources that something the audience sees cites.

    A source cited only by restricted facts (a minister's letter promising ratification) would
    otherwise tell, by its title alone, what the restricted fact says.
    """
    cited = {leaf.value for leaf in leaves(records) if leaf.field in CITING_FIELDS and isinstance(leaf.value, str)}
    cited |= {leaf.value for leaf in leaves(meta.reconciled) if leaf.field in CITING_FIELDS}
    kept = {source_id: source for source_id, source in meta.sources.items() if source_id in cited}
    return meta if len(kept) == len(meta.sources) else meta.model_copy(update={"sources": kept})


def project_records(records: Mapping[str, Mapping[str, BaseModel]], audience: str) -> dict[str, dict[str, BaseModel]]:
    """Every record kind projected; records hidden as a whole are dropped."""
    result: dict[str, dict[str, BaseModel]] = {}
    for folder, by_key in records.items():
        kept = {key: project(record, audience) for key, record in by_key.items()}
        result[folder] = {key: record for key, record in kept.items() if record is not None}
    return result
