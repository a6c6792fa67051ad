"""`attu validate`, `attu schema`, `attu fmt`: keeping the dataset well-formed."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from att_univ.cli import app
from att_univ.cli.common import DataOption, VerboseOption, emit, note
from att_univ.core.errors import ExitCode


class ProblemFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Dataset directories or single files. Default: the dataset.", show_default=False)
    ] = None,
    fmt: Annotated[
        ProblemFormat, typer.Option("--format", "-f", help="text, json, or github (workflow annotations).")
    ] = ProblemFormat.text,
    data: DataOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Check every file of the dataset and the rules across files; report all problems at once."""
    from att_univ.data.discovery import find_dataset
    from att_univ.data.validation import validate_dataset, validate_paths
    from att_univ.views.problems import report_problems, summary

    if paths:
        result = validate_paths(paths)
    else:
        located = find_dataset(data)
        if verbose:
            note(f"attu: using dataset {located.root} ({located.how})")
        result = validate_dataset(located.root)
    emit(report_problems(result.problems, fmt.value))
    if fmt is ProblemFormat.text:
        note(summary(result.problems, result.files))
    if any(p.severity == "error" for p in result.problems):
        raise typer.Exit(int(ExitCode.INVALID_DATA))


@app.command()
def schema(
    name: Annotated[str, typer.Argument(help="Which schema to print: state, region, engagement, dataset...")] = "state",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write every schema into this directory instead.")] = None,
) -> None:
    """Print the JSON Schema of a kind of data file, or write them all with --out."""
    from att_univ.core.errors import UsageError
    from att_univ.data.schemas import schema_names, schema_text, write_schemas

    if out is not None:
        for path in write_schemas(out):
            note(f"attu: wrote {path}")
        return
    names = schema_names()
    if name not in names:
        raise UsageError(f"no schema named {name!r}; choose from {', '.join(names)}")
    emit(schema_text(names[name], f"attu {name} file"))


@app.command()
def fmt(
    check: Annotated[
        bool, typer.Option("--check", help="Change nothing; exit 1 if any file is not in canonical layout.")
    ] = False,
    data: DataOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Rewrite every data file in the canonical layout (comments kept), or check that it is."""
    from att_univ.data.canonical import format_dataset
    from att_univ.data.discovery import find_dataset
    from att_univ.views.problems import report_problems

    located = find_dataset(data)
    if verbose:
        note(f"attu: using dataset {located.root} ({located.how})")
    if check:
        result = format_dataset(located.root, check=True)
    else:
        from att_univ.data.outputs import dataset_lock

        with dataset_lock(located.root):  # a concurrent `attu record` cannot write between our reading and writing a file
            result = format_dataset(located.root, check=False)
    if result.problems:
        emit(report_problems(result.problems, "text"))
    verb = "would reformat" if check else "reformatted"
    for path in result.changed:
        note(f"{verb} {path}")
    note(
        f"{result.checked} files, {len(result.changed)} {verb}"
        + (f", {len(result.problems)} problems" if result.problems else "")
    )
    if result.problems or (check and result.changed):
        raise typer.Exit(int(ExitCode.INVALID_DATA))
