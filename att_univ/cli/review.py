"""`attu diff`, `attu history`, `attu record`: reviewing and recording changes to the dataset."""

from __future__ import annotations

import datetime as dt
import os
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from att_univ.cli import app
from att_univ.cli.common import (
    Audience,
    AudienceOption,
    DataOption,
    OutOption,
    VerboseOption,
    date_parser,
    emit,
    mark_restricted,
    note,
)
from att_univ.cli.completion import complete_region, complete_source, complete_state

if TYPE_CHECKING:
    from collections.abc import Callable

    from att_univ.review.record import Edit


class ReviewFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


FormatOption = Annotated[ReviewFormat, typer.Option("--format", "-f", help="text, markdown (for GitHub), or json.")]
MaxLengthOption = Annotated[
    int,
    typer.Option(
        "--max-length",
        help="Markdown only: cut the output to this many characters, with a note (GitHub comments hold 65,536).",
        min=1000,
    ),
]


@app.command()
def diff(
    base: Annotated[
        str | None,
        typer.Argument(help="The revision to compare from. Default: where HEAD left the main branch.", show_default=False),
    ] = None,
    head: Annotated[
        str | None, typer.Argument(help="The revision to compare to. Default: the working tree.", show_default=False)
    ] = None,
    fmt: FormatOption = ReviewFormat.text,
    audience: AudienceOption = Audience.public,
    max_length: MaxLengthOption = 65_536,
    data: DataOption = None,
    verbose: VerboseOption = False,
    out: OutOption = None,
) -> None:
    """Summarise what changed in the dataset between two revisions: state by state, with the totals and validity."""
    from att_univ.review.diff import MAIN_BRANCHES, guard_for_versions
    from att_univ.review.diff import diff as compare_revisions
    from att_univ.views.review import as_json, diff_markdown, diff_text, diff_view

    root = _dataset_root(data, verbose)
    branches: tuple[str, ...] = MAIN_BRANCHES
    if os.environ.get("GITHUB_BASE_REF"):  # a pull request's target branch, in GitHub Actions
        branches = (f"origin/{os.environ['GITHUB_BASE_REF']}", *MAIN_BRANCHES)
    result = compare_revisions(root, base, head, main_branches=branches)
    view = diff_view(result.changes, audience.value)
    if result.protected:  # encrypted values the reader's keys cannot open: which fields, never a value
        view["protected"] = [{"file": name, "field": field, "count": count} for name, field, count in result.protected]
    if fmt is ReviewFormat.json:
        text = as_json(view)
    elif fmt is ReviewFormat.markdown:
        text = diff_markdown(view, limit=max_length - _notice_length(audience.value))
    else:
        text = diff_text(view)
    text = mark_restricted(text, audience.value, fmt.value)
    emit(text, guard=guard_for_versions([result.before], result.after, audience.value), out=out)


@app.command("history")
def history_command(
    state: Annotated[str, typer.Argument(help="The state: its ISO3 code (GMB) or its name.", autocompletion=complete_state)],
    rev: Annotated[str, typer.Option("--rev", help="Follow the history back from this revision.")] = "HEAD",
    limit: Annotated[int | None, typer.Option("--limit", "-n", help="Only the newest N commits.", min=1)] = None,
    fmt: FormatOption = ReviewFormat.text,
    audience: AudienceOption = Audience.public,
    max_length: MaxLengthOption = 65_536,
    data: DataOption = None,
    verbose: VerboseOption = False,
    out: OutOption = None,
) -> None:
    """Tell the story of one state's record: each commit that changed it, when, by whom, and what changed."""
    from att_univ.review.diff import history_guard, state_history
    from att_univ.views.review import as_json, history_markdown, history_text, history_view

    root = _dataset_root(data, verbose)
    found = state_history(root, state, rev, limit=limit)
    view = history_view(found, audience.value)
    if fmt is ReviewFormat.json:
        text = as_json(view)
    elif fmt is ReviewFormat.markdown:
        text = history_markdown(view, limit=max_length - _notice_length(audience.value))
    else:
        text = history_text(view)
    text = mark_restricted(text, audience.value, fmt.value)
    emit(text, guard=history_guard(found, audience.value), out=out)


# --- attu record -------------------------------------------------------------------------------

record_app = typer.Typer(
    help="Record a new fact in the dataset: checked before it is written, written atomically, optionally committed.",
    no_args_is_help=True,
)
app.add_typer(record_app, name="record")


class InstrumentChoice(StrEnum):
    ratification = "ratification"
    acceptance = "acceptance"
    approval = "approval"
    accession = "accession"


class SensitivityChoice(StrEnum):
    public = "public"
    partners = "partners"
    restricted = "restricted"


# Spelled out here, not read from the models, so that starting attu does not import pydantic;
# tests/review/test_cli_review.py checks that they match the models.
class StageChoice(StrEnum):
    intention_declared = "intention-declared"
    under_consideration = "under-consideration"
    legal_review = "legal-review"
    legislation = "legislation"
    executive_approval = "executive-approval"
    parliament_submitted = "parliament-submitted"
    parliament_approved = "parliament-approved"
    complete = "complete"


class KindChoice(StrEnum):
    meeting = "meeting"
    workshop = "workshop"
    letter = "letter"
    visit = "visit"
    call = "call"
    assistance = "assistance"
    translation = "translation"
    statement = "statement"
    event = "event"


StateArgument = Annotated[str, typer.Argument(help="The state: its ISO3 code (GMB) or its name.", autocompletion=complete_state)]
DateArgument = Annotated[dt.date, typer.Argument(help="The date, YYYY-MM-DD.", parser=date_parser("DATE"), metavar="DATE")]
SourcesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--source",
        "-s",
        help="A source id from dataset.yaml that attests the fact (repeatable).",
        autocompletion=complete_source,
    ),
]
RequiredSourcesOption = Annotated[
    list[str],
    typer.Option(
        "--source",
        "-s",
        help="A source id from dataset.yaml that attests the fact (repeatable; required).",
        autocompletion=complete_source,
    ),
]
CommitOption = Annotated[
    bool,
    typer.Option("--commit", help="Also commit the changed file, with a message saying what was recorded."),
]
SensitivityOption = Annotated[
    SensitivityChoice, typer.Option("--sensitivity", help="Who may see it: public, partners or restricted.")
]


@record_app.command("signature")
def record_signature(
    state: StateArgument,
    date: DateArgument,
    source: RequiredSourcesOption,
    commit: CommitOption = False,
    data: DataOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Record a state's signature of the treaty."""
    from att_univ.review import record as editing

    root = _writable_root(data, verbose)
    _save(root, lambda: editing.record_signature(root, state, date, source), commit)


@record_app.command("deposit")
def record_deposit(
    state: StateArgument,
    date: DateArgument,
    instrument: Annotated[InstrumentChoice, typer.Option("--instrument", "-i", help="What was deposited.")],
    source: RequiredSourcesOption,
    commit: CommitOption = False,
    data: DataOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Record the deposit of an instrument of ratification, acceptance, approval or accession (entry into force computed)."""
    from att_univ.review import record as editing

    root = _writable_root(data, verbose)
    _save(root, lambda: editing.record_deposit(root, state, date, instrument.value, source), commit)


@record_app.command("process")
def record_process(
    state: StateArgument,
    stage: Annotated[StageChoice, typer.Argument(help="The stage the domestic process reached.")],
    date: DateArgument,
    summary: Annotated[str | None, typer.Option("--summary", help="What happened, in a sentence.")] = None,
    instrument: Annotated[
        InstrumentChoice | None, typer.Option("--instrument", "-i", help="The instrument the process leads to.")
    ] = None,
    sensitivity: SensitivityOption = SensitivityChoice.restricted,
    source: SourcesOption = None,
    commit: CommitOption = False,
    data: DataOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Record a step of a state's domestic process towards joining (restricted unless said otherwise)."""
    from att_univ.review import record as editing

    root = _writable_root(data, verbose)
    _save(
        root,
        lambda: editing.record_process(
            root,
            state,
            stage.value,
            date,
            instrument=instrument.value if instrument else None,
            summary=summary,
            sensitivity=sensitivity.value,
            sources=source or (),
        ),
        commit,
    )


@record_app.command("engagement")
def record_engagement(
    engagement_id: Annotated[str, typer.Argument(help="A new id for the file, e.g. 2025-05-gambia-visit.", metavar="ID")],
    date: Annotated[dt.date, typer.Option("--date", help="When it took place, YYYY-MM-DD.", parser=date_parser("--date"))],
    kind: Annotated[KindChoice, typer.Option("--kind", help="What it was.")],
    title: Annotated[str, typer.Option("--title", help="A short title.")],
    state: Annotated[
        list[str] | None, typer.Option("--state", help="A state engaged (repeatable).", autocompletion=complete_state)
    ] = None,
    region: Annotated[
        list[str] | None, typer.Option("--region", help="A region addressed (repeatable).", autocompletion=complete_region)
    ] = None,
    actor: Annotated[list[str] | None, typer.Option("--actor", help="Who engaged, as an id (repeatable).")] = None,
    end_date: Annotated[
        dt.date | None, typer.Option("--end-date", help="Last day, for several days.", parser=date_parser("--end-date"))
    ] = None,
    summary: Annotated[str | None, typer.Option("--summary", help="What was discussed.")] = None,
    outcome: Annotated[str | None, typer.Option("--outcome", help="What came of it.")] = None,
    follow_up: Annotated[
        dt.date | None, typer.Option("--follow-up", help="When a follow-up is due.", parser=date_parser("--follow-up"))
    ] = None,
    sensitivity: SensitivityOption = SensitivityChoice.restricted,
    source: SourcesOption = None,
    commit: CommitOption = False,
    data: DataOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Record an engagement (meeting, visit, letter...) in a new file under engagements/."""
    from att_univ.review import record as editing

    root = _writable_root(data, verbose)
    _save(
        root,
        lambda: editing.record_engagement(
            root,
            engagement_id,
            date,
            kind.value,
            title,
            states=state or (),
            regions=region or (),
            actors=actor or (),
            end_date=end_date,
            summary=summary,
            outcome=outcome,
            follow_up=follow_up,
            sensitivity=sensitivity.value,
            sources=source or (),
        ),
        commit,
    )


@record_app.command("as-of")
def record_as_of(
    date: DateArgument,
    source: Annotated[
        str,
        typer.Option(
            "--source",
            "-s",
            help="The source (id in dataset.yaml) that vouches for the new date.",
            autocompletion=complete_source,
        ),
    ],
    commit: CommitOption = False,
    data: DataOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Move the dataset's as-of date forward (never past today), so that facts up to that day can be recorded."""
    from att_univ.review import record as editing

    root = _writable_root(data, verbose)
    today = dt.date.today()  # the clock is read here; the service takes the day as a parameter
    _save(root, lambda: editing.record_as_of(root, date, source, today=today), commit)


source_app = typer.Typer(help="The sources that facts cite, in dataset.yaml.", no_args_is_help=True)
app.add_typer(source_app, name="source")


@source_app.command("add")
def source_add(
    source_id: Annotated[str, typer.Argument(help="A new id, e.g. untc-status-2026-12-03.", metavar="ID")],
    title: Annotated[str, typer.Option("--title", help="What the source is, in a line.")],
    publisher: Annotated[str | None, typer.Option("--publisher", help="Who published it.")] = None,
    url: Annotated[str | None, typer.Option("--url", help="Where to read it (http or https).")] = None,
    date: Annotated[
        dt.date | None,
        typer.Option("--date", help="Its date (publication or 'status as at'), YYYY-MM-DD.", parser=date_parser("--date")),
    ] = None,
    source_note: Annotated[str | None, typer.Option("--note", help="What it attests, or a caveat.")] = None,
    commit: CommitOption = False,
    data: DataOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Add a source to dataset.yaml (checked, written atomically, comments kept), for facts to cite with --source."""
    from att_univ.review import record as editing

    root = _writable_root(data, verbose)
    _save(
        root,
        lambda: editing.record_source(root, source_id, title, publisher=publisher, url=url, day=date, note=source_note),
        commit,
    )


def _writable_root(data: Path | None, verbose: bool) -> Path:
    """The dataset to write to; the copy inside an installed attu is refused (exit 3), with the way to get one's own."""
    from att_univ.core.errors import RefusedError
    from att_univ.data.discovery import inside_installed_package

    root = _dataset_root(data, verbose)
    if inside_installed_package(root):
        raise RefusedError(
            f"refused: {root} is the dataset inside the installed attu package; a change there would be lost at the "
            "next upgrade and nobody could review it. Make a dataset of your own and point attu at it: "
            f"copy the folder (cp -r {root} ~/att-data), then run attu from inside it, or give --data ~/att-data, "
            "or set ATTU_DATA=~/att-data (a git repository of it keeps the history: git init ~/att-data)"
        )
    return root


def _save(root: Path, make_edit: Callable[[], Edit], commit: bool) -> None:
    """Check, write and (with --commit) commit an edit; the repository is checked before anything is written."""
    from att_univ.data.outputs import dataset_lock

    # Under the dataset's lock: a concurrent attu cannot write between our reading and our writing.
    with dataset_lock(root) as locked_at:
        _save_locked(root, make_edit, commit, locked_at)


def _save_locked(root: Path, make_edit: Callable[[], Edit], commit: bool, locked_at: float) -> None:
    from att_univ.review import record as editing

    if not commit:
        edit = make_edit()
        editing.write(edit, stale_before=locked_at)
        note(f"attu: recorded in {edit.display}: {edit.subject}")
        return
    from att_univ.data.guard import check_message
    from att_univ.data.loader import load_dataset
    from att_univ.data.revisions import ensure_can_commit, open_repository

    with open_repository(root) as repository:
        edit = make_edit()
        check_message(load_dataset(root).dataset, edit.message)  # git history reaches further than the files
        path = repository.relative(edit.path)
        ensure_can_commit(repository, [path])
        editing.write(edit, stale_before=locked_at)
        sha = repository.commit([path], edit.message)
        note(f"attu: recorded in {edit.display} and committed {repository.short(sha)}: {edit.subject}")


def _dataset_root(data: Path | None, verbose: bool) -> Path:
    from att_univ.data.discovery import find_dataset

    located = find_dataset(data)
    if verbose:
        note(f"attu: using dataset {located.root} ({located.how})")
    return located.root


def _notice_length(audience: str) -> int:
    """Room to keep for the restricted notice, so that the whole output stays within --max-length."""
    from att_univ.core.wording import RESTRICTED_NOTICE

    return len(RESTRICTED_NOTICE) + 2 if audience == "restricted" else 0
