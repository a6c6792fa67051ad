"""The exported JSON Schemas accept exactly what attu accepts, judged by an independent validator (jsonschema).

Editors (yaml-language-server) and partners check files with these schemas, not with attu: a
schema that rejects a valid file shows errors in every editor; one that accepts a broken file
lets partners send data attu will refuse.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from att_univ.data.loader import kind_of, load_bytes
from att_univ.data.models import DatasetMeta
from att_univ.data.schemas import schema_names, schema_text
from tests.conftest import DATA, REPO, run_cli

SCHEMAS = REPO / "schemas"


@cache
def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def as_json(value: Any) -> Any:
    """A YAML value as a JSON document holds it (and as yaml-language-server sees it): dates are text."""
    if isinstance(value, dict):
        return {str(key): as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def read_yaml(text: str) -> Any:
    """YAML 1.2, read by ruamel's safe loader: independent of attu's own reader."""
    return as_json(YAML(typ="safe", pure=True).load(io.StringIO(text)))


def schema_name_of(path: Path) -> str | None:
    kind = kind_of(path)
    if kind is None:
        return None
    names = {model: name for name, model in schema_names().items()}
    return names.get(kind if kind is DatasetMeta else getattr(kind, "model", None))  # type: ignore[arg-type]


def data_files(root: Path) -> Iterator[tuple[Path, str]]:
    for path in sorted(root.rglob("*.yaml")):
        name = schema_name_of(path)
        if name is not None:
            yield path, name


def errors(name: str, document: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(document)]


def test_every_schema_is_a_valid_draft_2020_12_schema_and_is_what_attu_writes():
    for name, model in schema_names().items():
        path = SCHEMAS / f"{name}.schema.json"
        jsonschema.Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))
        expected = schema_text(model, f"attu {name} file")
        assert path.read_text(encoding="utf-8") == expected, f"run: attu schema --out schemas ({name})"


def test_every_data_file_is_valid_under_its_schema():
    checked = 0
    failures = {}
    for path, name in data_files(DATA):
        found = errors(name, read_yaml(path.read_text(encoding="utf-8")))
        if found:
            failures[str(path.relative_to(DATA))] = found[:3]
        checked += 1
    assert checked > 250
    assert failures == {}


@pytest.mark.parametrize("audience", ["public", "partners"])
def test_every_export_is_valid_under_the_schemas_it_ships(tmp_path: Path, audience: str):
    for form in ("yaml", "json", "csv"):
        out = tmp_path / f"{audience}-{form}"
        result = run_cli("export", "--data", str(DATA), "--audience", audience, "--format", form, "--out", str(out))
        assert result.exit_code == 0, result.output
        for shipped in sorted((out / "schemas").glob("*.schema.json")):
            assert shipped.read_bytes() == (SCHEMAS / shipped.name).read_bytes()
        if form == "yaml":
            files = list(data_files(out))
            assert len(files) > 250
            failures = {str(p.relative_to(out)): errors(n, read_yaml(p.read_text(encoding="utf-8"))) for p, n in files}
            assert {k: v for k, v in failures.items() if v} == {}
            norway = read_yaml((out / "states" / "nor.yaml").read_text(encoding="utf-8"))
        elif form == "json":
            document = json.loads((out / "dataset.json").read_text(encoding="utf-8"))
            assert errors("dataset", document["dataset"]) == []
            for folder, name in ((f"{name}s", name) for name in schema_names() if name != "dataset"):
                for record in document[folder]:
                    assert errors(name, record) == [], (folder, record.get("iso3") or record.get("slug") or record.get("id"))
            norway = next(state for state in document["states"] if state["iso3"] == "NOR")
        else:
            import csv

            with (out / "states.csv").open(encoding="utf-8", newline="") as handle:
                norway = next(row for row in csv.DictReader(handle) if row["iso3"] == "NOR")
        assert norway["iso2"] == "NO", form  # a string, not YAML 1.1's false


# --- the same verdict as attu on files it accepts and files it refuses -----------------------

NORWAY = (DATA / "states" / "nor.yaml").read_text(encoding="utf-8")
AFRICA = (DATA / "regions" / "africa.yaml").read_text(encoding="utf-8")
META = (DATA / "dataset.yaml").read_text(encoding="utf-8")

VERDICTS = [
    # (id, file, text, valid?)
    ("state as it is", "states/nor.yaml", NORWAY, True),
    ("unknown field", "states/nor.yaml", NORWAY + "nickname: Norge\n", False),
    ("lower-case iso3", "states/nor.yaml", NORWAY.replace("iso3: NOR", "iso3: nor"), False),
    ("m49 as a number", "states/nor.yaml", NORWAY.replace("m49: '578'", "m49: 578"), False),
    ("name missing", "states/nor.yaml", NORWAY.replace("name: Norway\n", ""), False),
    ("un_member as text", "states/nor.yaml", NORWAY.replace("un_member: true", "un_member: 'yes'"), False),
    ("iso2 read as false", "states/nor.yaml", NORWAY.replace("iso2: 'NO'", "iso2: false"), False),
    ("region as it is", "regions/africa.yaml", AFRICA, True),
    ("member as a bare code", "regions/africa.yaml", AFRICA.replace("  - AGO\n", "  - AGO\n  - XKX\n"), True),
    ("dated member", "regions/africa.yaml", AFRICA.replace("  - AGO\n", "  - state: AGO\n    since: 1976-12-01\n"), True),
    ("member code lower-case", "regions/africa.yaml", AFRICA.replace("  - AGO\n", "  - ago\n"), False),
    ("member without state", "regions/africa.yaml", AFRICA.replace("  - AGO\n", "  - since: 1976-12-01\n"), False),
    ("member with unknown key", "regions/africa.yaml", AFRICA.replace("  - AGO\n", "  - state: AGO\n    joined: 1976\n"), False),
    ("member as a number", "regions/africa.yaml", AFRICA.replace("  - AGO\n", "  - 24\n"), False),
    ("unknown scheme", "regions/africa.yaml", AFRICA.replace("scheme: m49-region", "scheme: continent"), False),
    ("no sources", "regions/africa.yaml", AFRICA.replace("sources: [un-m49]\n", ""), False),
    ("dataset as it is", "dataset.yaml", META, True),
    ("as_of not a date", "dataset.yaml", META.replace("as_of: ", "as_of: soon #", 1), False),
]


@pytest.mark.parametrize(("path", "text", "valid"), [v[1:] for v in VERDICTS], ids=[v[0] for v in VERDICTS])
def test_the_schema_and_attu_give_the_same_verdict(path: str, text: str, valid: bool):
    name = schema_name_of(DATA / path)
    assert name is not None
    model = schema_names()[name]
    _, problems = load_bytes(text.encode("utf-8"), path, model)
    assert (not problems) is valid, [str(p) for p in problems]
    assert (not errors(name, read_yaml(text))) is valid, errors(name, read_yaml(text))
