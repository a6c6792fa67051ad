"""Options every command shares, opening the dataset, and writing results out."""

from __future__ import annotations

import datetime as dt
import gc
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from att_univ.core.errors import AttuError, ConfidentialityError, ExitCode, UsageError
from att_univ.data.guard import arm_guard, armed_guard, leak_in_message

if TYPE_CHECKING:
    from att_univ.data.dataset import Dataset
    from att_univ.data.guard import Guard
    from att_univ.documents.docx import WordFile

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Dataset directory (holding states/). Default: $ATTU_DATA, else the nearest data/ above "
        "the current directory, else the dataset bundled with attu.",
        show_default=False,
    ),
]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Say which dataset is used, and how it was found.")]
RevOption = Annotated[
    str | None,
    typer.Option(
        "--rev",
        help="Read the dataset as it was at this git revision (commit, branch or tag), without checking it out.",
        show_default=False,
    ),
]
OutOption = Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file instead of the terminal.")]
# The language of a document (`attu report`, `attu plan`): the six UN languages, one message catalogue each.
LangOption = Annotated[str, typer.Option("--lang", help="Language of the document: en, fr, es, ar, zh or ru.")]


class Audience(StrEnum):
    """Who an output is for: what they may see."""

    public = "public"
    partners = "partners"
    restricted = "restricted"


AudienceOption = Annotated[
    Audience,
    typer.Option("--audience", help="public (default): publishable; partners: cooperating entities; restricted: WGTU only."),
]


def date_parser(name: str) -> Callable[[str], dt.date]:
    """Typer's parser for a date argument or option: attu's one reading of dates (core/dates.py), its one message."""

    def parse(text: str) -> dt.date:
        if isinstance(text, dt.date):  # a default already parsed
            return text
        from att_univ.core.dates import parse_date

        return parse_date(text, name)

    return parse


def note(message: str) -> None:
    """A diagnostic for people, on stderr; checked by the armed guard like any output."""
    found = leak_in_message(message)
    if found is not None:
        guard, leak = found
        raise ConfidentialityError(f"refused: this {guard.audience} message would contain restricted information ({leak})")
    sys.stderr.write(f"{message}\n")


def error_message(error: AttuError) -> tuple[str, int]:
    """What to print for a failure, and the exit code: a message carrying a restricted value is refused (exit 4)."""
    found = None if isinstance(error, ConfidentialityError) else leak_in_message(error.message)
    if found is not None:
        guard, leak = found
        refusal = f"refused: this {guard.audience} error message would contain restricted information ({leak})"
        return f"attu: {refusal}\n", int(ExitCode.CONFIDENTIALITY)
    return f"attu: {error.message}\n", int(error.exit_code)


def open_for_audience(data: Path | None, audience: str, *, verbose: bool = False) -> tuple[Dataset, Dataset]:
    """The full dataset and the view of it `audience` may see; for public and partners, every output is then guarded."""
    from att_univ.data.guard import guard_for

    full = open_dataset(data, verbose=verbose)
    view = full.for_audience(audience)
    arm_guard(None if audience == "restricted" else guard_for(full, audience))
    return full, view


def open_dataset(data: Path | None, *, verbose: bool = False) -> Dataset:
    """The full dataset, validated; invalid data stops the command with its problems (exit 1)."""
    from att_univ.data.discovery import find_dataset
    from att_univ.data.loader import load_dataset
    from att_univ.views.problems import report_problems

    located = find_dataset(data)
    if verbose:
        note(f"attu: using dataset {located.root} ({located.how})")
    result = load_dataset(located.root)
    if not result.ok or result.dataset is None:
        sys.stderr.write(report_problems(result.problems, "text"))
        note("attu: the dataset is invalid; fix the problems above (attu validate lists them)")
        raise typer.Exit(int(ExitCode.INVALID_DATA))
    # The records live until the command ends and hold no cycles: out of the cyclic collector's sight,
    # its first collections do not walk them all (at 100,000 engagements, 0.5 s of coordinate's search).
    gc.freeze()
    return result.dataset


def open_dataset_at(rev: str | None, data: Path | None, *, verbose: bool) -> Dataset:
    """The full dataset at a git revision, read from git's objects (the working tree's when rev is None); exit 1 if invalid."""
    if rev is None:
        return open_dataset(data, verbose=verbose)
    from att_univ.data.discovery import find_dataset
    from att_univ.data.revisions import load_revision, open_repository
    from att_univ.views.problems import report_problems

    located = find_dataset(data)
    if verbose:
        note(f"attu: using dataset {located.root} ({located.how}) as at revision {rev}")
    with open_repository(located.root) as repository:
        result = load_revision(repository, located.root, rev)
    if not result.ok or result.dataset is None:
        sys.stderr.write(report_problems(result.problems, "text"))
        note(f"attu: the dataset at revision {rev} is invalid; see the problems above")
        raise typer.Exit(int(ExitCode.INVALID_DATA))
    return result.dataset


def mark_restricted(text: str, audience: str, fmt: str) -> str:
    """Restricted output says so on its first line; JSON and CSV, which cannot, say it on stderr."""
    if audience != "restricted":
        return text
    from att_univ.core.wording import RESTRICTED_NOTICE

    if fmt in ("json", "csv"):
        note(f"attu: {RESTRICTED_NOTICE}")
        return text
    if fmt == "html":
        return f"<!-- {RESTRICTED_NOTICE} -->\n{text}"
    return f"{RESTRICTED_NOTICE}\n\n{text}"


def check_outputs(*texts: str) -> None:
    """Refuse (exit 4) before anything is written if any output carries what the command's armed guard protects."""
    guard = armed_guard()
    if guard is not None:
        for text in texts:
            guard.check(text)


def emit(text: str, *, guard: Guard | None = None, out: Path | None = None) -> None:
    """Write a result to stdout (no --out, or `--out -`) or a file, after the confidentiality guard has passed it."""
    guard = guard or armed_guard()
    if guard is not None:
        guard.check(text)
    from att_univ.data.outputs import is_stdout, write_output

    if out is None or is_stdout(out):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_output(out, text)
    note(f"attu: wrote {out}")


def write_word_file(render: Callable[[Path], WordFile], out: Path | None, *, check: bool) -> None:
    """Render a Word file and write it to --out, or into a pipe, never to a terminal; with --check, compare instead."""
    from att_univ.data.outputs import is_stdout, write_output

    to_stdout = is_stdout(out)
    if to_stdout and sys.stdout.isatty():
        raise UsageError("--format docx writes a Word file, not text for the terminal: give it with --out FILE.docx")
    target = Path("document.docx") if out is None or to_stdout else out
    word = render(target)
    check_outputs(*word.texts)  # the guard reads every word and chart before the file is written
    if check:
        current = target.read_bytes() if target.is_file() else None
        if current != word.payload:
            note(f"attu: {target} {'is missing' if current is None else 'differs from a fresh rendering'}")
            note("attu: run the same command without --check to update it")
            raise typer.Exit(1)
        note(f"attu: {target} up to date")
        return
    if word.notice:
        note(f"attu: {word.notice}")  # the file's pages say it in their header and footer; the terminal says it here
    if to_stdout:
        sys.stdout.buffer.write(word.payload)
        sys.stdout.flush()
        return
    write_output(target, word.payload)
    note(f"attu: wrote {target}")
