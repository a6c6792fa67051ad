"""JSON Schemas of the dataset's files, for editors (yaml-language-server) and partners."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from att_univ.data.models import KINDS, DatasetMeta

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_names() -> dict[str, type[BaseModel]]:
    """Schema file stem → model: `state`, `region`, ... and `dataset`."""
    names: dict[str, type[BaseModel]] = {kind.folder.removesuffix("s"): kind.model for kind in KINDS}
    names["dataset"] = DatasetMeta
    return names


def schema_text(model: type[BaseModel], title: str) -> str:
    """One model's JSON Schema as stable, pretty JSON."""
    schema = {"$schema": SCHEMA_DIALECT, **model.model_json_schema(mode="validation")}
    schema["title"] = title
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    """Write every schema as `<name>.schema.json`; returns the files written."""
    from att_univ.data.outputs import check_directory_target, write_output

    check_directory_target(directory)
    written = []
    for name, model in schema_names().items():
        path = directory / f"{name}.schema.json"
        write_output(path, schema_text(model, f"attu {name} file"))
        written.append(path)
    return written
