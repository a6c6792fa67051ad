"""`attu export`: the dataset as one audience may see it, for cooperating entities to use and to
contribute to, with the JSON Schemas of its files and a README explaining them.

CSP9 asked for data to be shared "to the maximum extent possible" while information on
states' processes stays confidential. Building is pure (the audience's view in, file texts
out); writing refuses a directory that holds anything but an earlier export, checks every
file with the confidentiality guard before writing any, and swaps the new export in whole, so
no file of an earlier (perhaps wider) export survives next to the new one.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from att_univ.core.errors import UsageError
from att_univ.core.formats import csv_text, json_text
from att_univ.core.treaty_rules import status_on
from att_univ.data.dataset import Dataset
from att_univ.data.models import KINDS, Kind
from att_univ.data.models.region import Region

if TYPE_CHECKING:
    from att_univ.data.guard import Guard

EXPORT_AUDIENCES = ("public", "partners")
FORMATS = ("yaml", "json", "csv")
MANIFEST = "attu-export.json"
README = "README.md"
SCHEMAS = "schemas"
FLOW_LIMIT = 16  # lists of up to this many codes are written on one line, as the dataset does

AUDIENCE_WORDS = {
    "public": "the public: everything in it may be published",
    "partners": "cooperating entities (UN bodies, regional organisations, civil society, academia, industry): "
    "use it for the work, do not publish it",
}


@dataclass(frozen=True)
class ExportFile:
    """One file of an export: its path inside the export directory (with /) and its text."""

    path: str
    text: str


def build_export(full: Dataset, audience: str, fmt: str) -> list[ExportFile]:
    """Every file of the export of `full` for `audience` in format `fmt`, README and schemas included."""
    if audience not in EXPORT_AUDIENCES:
        raise UsageError(
            f"--audience {audience}: an export is for sharing outside the WGTU, so it is made for public or partners only"
        )
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt}: choose one of {', '.join(FORMATS)}")
    view = full.for_audience(audience)
    builders = {"yaml": yaml_files, "json": json_files, "csv": csv_files}
    files = builders[fmt](view)
    files += schema_files()
    files.append(ExportFile(README, readme(view, fmt, files)))
    files.append(ExportFile(MANIFEST, manifest(view, fmt, files)))
    return sorted(files, key=lambda f: f.path)


# --- formats ----------------------------------------------------------------------------------


def yaml_files(view: Dataset) -> list[ExportFile]:
    """The dataset's own layout: `dataset.yaml` and one file per record, which partners can send back as they are."""
    from att_univ.data.yamlio import MODELINE, dump_plain_data

    files = [
        ExportFile("dataset.yaml", MODELINE.format(schema=f"{SCHEMAS}/dataset.schema.json") + dump_plain_data(_yaml(view.meta)))
    ]
    for kind in KINDS:
        schema = f"../{SCHEMAS}/{_schema_name(kind)}.schema.json"
        for key, record in sorted(view.records.get(kind.folder, {}).items()):
            stem = key.lower() if kind.upper_key else key
            files.append(
                ExportFile(f"{kind.folder}/{stem}.yaml", MODELINE.format(schema=schema) + dump_plain_data(_yaml(record)))
            )
    return files


def json_files(view: Dataset) -> list[ExportFile]:
    """One `dataset.json`: the description, then every kind of record as a list of objects."""
    document: dict[str, Any] = {
        "export": {"audience": view.audience, "as_of": view.meta.as_of.isoformat()},
        "dataset": view.meta.model_dump(mode="json", exclude_none=True),
    }
    for kind in KINDS:
        records = sorted(view.records.get(kind.folder, {}).items())
        document[kind.folder] = [record.model_dump(mode="json") for _, record in records]
    return [ExportFile("dataset.json", json_text(document))]


def csv_files(view: Dataset) -> list[ExportFile]:
    """One CSV per kind of record, one per list of nested records (e.g. `regions-members.csv`), and `sources.csv`."""
    from att_univ.data.tables import tables

    files = []
    for kind in KINDS:
        records = [record for _, record in sorted(view.records.get(kind.folder, {}).items())]
        found = tables(kind.folder, kind.model, kind.key_field, records)
        if kind.folder == "states":
            _add_status(found[0], records, view.meta.as_of)
        files += [ExportFile(f"{table.name}.csv", csv_text(table.headers, table.rows)) for table in found]
    source_rows = [[key, s.title, s.publisher, s.url, s.date, s.note] for key, s in sorted(view.meta.sources.items())]
    files.append(ExportFile("sources.csv", csv_text(["id", "title", "publisher", "url", "date", "note"], source_rows)))
    return files


def schema_files() -> list[ExportFile]:
    """The JSON Schema of every kind of file."""
    return list(_schema_files())


@functools.cache  # the schemas depend on the code only; `attu site` exports in three formats
def _schema_files() -> tuple[ExportFile, ...]:
    from att_univ.data.schemas import schema_names, schema_text

    return tuple(
        ExportFile(f"{SCHEMAS}/{name}.schema.json", schema_text(model, f"attu {name} file"))
        for name, model in schema_names().items()
    )


def _add_status(table: Any, records: Sequence[BaseModel], day: dt.date) -> None:
    # Status is derived, not stored: add it beside the name, as at the dataset's date.
    at = table.headers.index("un_member") + 1
    table.headers.insert(at, "status")
    for row, state in zip(table.rows, records, strict=True):
        row.insert(at, status_on(state.treaty, day))  # type: ignore[attr-defined]


def _schema_name(kind: Kind) -> str:
    return kind.folder.removesuffix("s")


def _yaml(record: BaseModel) -> Any:
    data = record.model_dump(mode="python", exclude_defaults=True)
    if isinstance(record, Region):  # members with nothing but a code are written as the bare code
        data["members"] = [m["state"] if set(m) == {"state"} else m for m in data.get("members", [])]
    return _yaml_value(data)


def _yaml_value(value: Any) -> Any:
    from att_univ.data.yamlio import flow_sequence

    if isinstance(value, dict):
        # Sensitivity is inherited, so pydantic puts it first; the dataset writes it last.
        ordered = sorted(value.items(), key=lambda item: item[0] == "sensitivity")
        return {key: _yaml_value(item) for key, item in ordered}
    if isinstance(value, (list, tuple)):
        items = [_yaml_value(item) for item in value]
        plain = all(isinstance(item, (str, int, float, dt.date)) for item in items)
        return flow_sequence(items) if plain and 0 < len(items) <= FLOW_LIMIT else items
    return value


# --- README and manifest ----------------------------------------------------------------------


def manifest(view: Dataset, fmt: str, files: Sequence[ExportFile]) -> str:
    """What the export is, for programs (and for `--force`, which replaces only an earlier export)."""
    return json_text(
        {
            "attu_export": 1,
            "title": view.meta.title,
            "audience": view.audience,
            "format": fmt,
            "as_of": view.meta.as_of,
            "files": sorted(f.path for f in files if f.path != MANIFEST),
        }
    )


def readme(view: Dataset, fmt: str, files: Sequence[ExportFile]) -> str:
    """The README for the people who receive the export: contents, fields, sensitivity, how to contribute."""
    from att_univ.outreach.tiers import long_date

    counts = {kind.folder: len(view.records.get(kind.folder, {})) for kind in KINDS}
    lines = [
        f"# {view.meta.title}",
        "",
        f"An export of the dataset of the ATT Working Group on Treaty Universalization (WGTU), as at "
        f"{long_date(view.meta.as_of)}, for {AUDIENCE_WORDS[view.audience]}. It was made by `attu export "
        f"--audience {view.audience} --format {fmt}` and holds only what that audience may see.",
        "",
        "## What is inside",
        "",
        *_contents(fmt, counts, files),
        "",
        f"Each kind of record is described by a JSON Schema in `{SCHEMAS}/` (the dataset's files are YAML, "
        "but the schemas apply to them as they are). `attu-export.json` says what this export is, for programs.",
        "",
        "## Fields",
        "",
        *_fields(),
        "## Sensitivity",
        "",
        "Every piece of information about a state's own process (domestic steps, readiness, challenges, needs, "
        "support, contacts, notes), every engagement, plan, offer and actor carries a `sensitivity`:",
        "",
        "- `public`: may be published;",
        "- `partners`: may be shared with cooperating entities, not published;",
        "- `restricted` (what a record is when it says nothing): for the WGTU only.",
        "",
        "CSP9 decided that information on states is handled sensitively and is not for public discussion. "
        f"This export leaves out everything above `{view.audience}`; the treaty facts the depositary publishes "
        "(signatures, deposits, entry into force, declarations) are public and always included. "
        + (
            "Do not publish this export or pass it on beyond the entities it was shared with."
            if view.audience == "partners"
            else "Everything in it may be published."
        ),
        "",
        "## Contributing engagement records",
        "",
        *CONTRIBUTING,
        "",
        *_example(view),
    ]
    return "\n".join(lines) + "\n"


def _example(view: Dataset) -> list[str]:
    """The newest engagement this audience may see, as its file, to show what a record looks like."""
    from att_univ.data.yamlio import MODELINE, dump_round_trip

    newest = max(view.engagements.values(), key=lambda e: (e.date, e.id), default=None)
    if newest is None:
        return []
    text = MODELINE.format(schema="../../schemas/engagement.schema.json") + dump_round_trip(_yaml(newest))
    intro = "The newest engagement in this export, as its file (the first line lets editors check the file as you type):"
    return [intro, "", "```yaml", *text.rstrip("\n").splitlines(), "```"]


def _contents(fmt: str, counts: dict[str, int], files: Sequence[ExportFile]) -> list[str]:
    described = ", ".join(f"{count} {folder}" for folder, count in counts.items())
    if fmt == "yaml":
        return [
            f"The dataset's own layout: `dataset.yaml` (title, date, and the sources facts cite) and one YAML file per "
            f"record in a folder per kind ({described}). A record can be copied into the dataset as it is.",
        ]
    if fmt == "json":
        return [
            f"`dataset.json`: `dataset` (title, date, sources) and one list of objects per kind of record ({described}), "
            "each object as its schema describes it.",
        ]
    tables = sorted(f.path for f in files if f.path.endswith(".csv"))
    return [
        f"One CSV file per kind of record ({described}), with a header row. A list of nested records has a file of its "
        "own named `<kind>-<field>.csv` (for instance `regions-members.csv`, `states-process.csv`), whose first "
        "columns are the record's key and the item's position. Columns of nested fields are written `a.b` "
        "(`treaty.deposit.date`); lists of codes are joined by `; `. `states.csv` adds `status`, as the depositary "
        "counts it on the date above: party (instrument deposited), signatory, or non-signatory. `sources.csv` lists "
        "the sources that facts cite by id.",
        "",
        "A spreadsheet would run a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return) as a "
        "formula. So that opening these files is safe, such text is written with a single quote (`'`) before it, "
        "as OWASP recommends against CSV injection: a spreadsheet shows the text as it is; a program reading the "
        "files should drop a leading `'` before one of those characters.",
        "",
        "Files: " + ", ".join(f"`{name}`" for name in tables) + ".",
    ]


def _fields() -> list[str]:
    lines = []
    for kind in KINDS:
        model = kind.model
        doc = (model.__doc__ or "").strip().splitlines()[0]
        lines += [f"### {kind.folder}", "", f"{doc} Schema: `{SCHEMAS}/{_schema_name(kind)}.schema.json`.", ""]
        lines += ["| field | required | meaning |", "| --- | --- | --- |"]
        for name, info in model.model_fields.items():
            meaning = (info.description or "").replace("|", "\\|")
            lines.append(f"| `{name}` | {'yes' if info.is_required() else 'no'} | {meaning} |")
        lines.append("")
    return lines


CONTRIBUTING = [
    "Partners are welcome to add the outreach they do, so that the WGTU and others can coordinate "
    "instead of duplicating effort. An engagement is one meeting, workshop, letter, visit, call, "
    "assistance activity, translation or statement; a regional event with many states is one record.",
    "",
    "1. Make a branch of the dataset's repository (or a fork) and add one file per engagement in "
    "`data/engagements/`, named after its `id`: the date and a few words, such as "
    "`2026-03-12-legal-workshop.yaml`.",
    "2. Fill in the fields described above (schema `schemas/engagement.schema.json`): `id`, `date` "
    "(YYYY-MM-DD), `kind`, `title`; `actors` (ids of files in `actors/`; ask the WGTU to add yours if it "
    "is missing), `states` (ISO3 codes), `regions` (slugs of files in `regions/`); `summary`, `outcome`, "
    "`follow_up` (the date a follow-up is due), `references` (ids of related engagements, so two actors "
    "working with the same state know of each other) and `sources` (ids listed in `dataset.yaml`).",
    "3. Set `sensitivity`. A record without it is restricted (WGTU only). Write `public` only for what "
    "is already public, `partners` for what cooperating entities may see. Never put a person's contact "
    "details, or what a state told you in confidence, in a public record.",
    "4. Check the file with `attu validate data/engagements/<id>.yaml`, then `attu validate` for the whole "
    "dataset (an unknown actor, state, region or source is reported with its line and column), and "
    "`attu fmt` to lay it out as the dataset does.",
    "5. Open a pull request. The WGTU reviews it before it is merged; `attu engagements` and "
    "`attu coordinate` then take it into account.",
    "",
]


# --- writing ------------------------------------------------------------------------------------


def write_export(files: Sequence[ExportFile], out: Path, *, force: bool = False, guard: Guard | None = None) -> None:
    """Write the export to `out`: every file guarded first, then the directory written whole (`data.outputs.write_directory`).

    With --force, an earlier export is replaced only if it holds exactly what attu wrote (its
    manifest lists every file): anything a person put there since makes attu refuse rather than delete it.
    """
    from att_univ.data.outputs import write_directory

    if guard is not None:
        for file in files:
            guard.check(file.text, what=f"export ({file.path})")
    contents = {file.path: file.text.encode("utf-8") for file in files}
    write_directory(contents, out, manifest=MANIFEST, what="export", replace=force)
