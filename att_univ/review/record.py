"""Recording new facts in the data files: edits through the round-trip YAML document, checked before writing.

An edit never goes through `model_dump()`: the file is loaded as a round-trip document, the
new fact is inserted where the canonical layout puts it, and every other line stays as it
was, comments included. The new text is then validated with the normal loader on an
in-memory copy of the dataset in which only this file differs; an edit that would introduce
a problem is refused with that problem, and nothing is written. Writes are atomic.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from att_univ.core.errors import AttuError, ExitCode, RefusedError, UsageError
from att_univ.core.treaty_rules import entry_into_force_for
from att_univ.data.key_order import STATE_KEYS, TREATY_KEYS, place
from att_univ.data.keys import RECIPIENTS_FILE
from att_univ.data.loader import META_FILE, NAMES_FILE, LoadResult, display_path, load_dataset_from_files
from att_univ.data.models import KINDS
from att_univ.data.models.state import State
from att_univ.data.outputs import clean_stale_temporaries
from att_univ.data.resolve import resolve_state
from att_univ.data.yamlio import MODELINE, atomic_write, dump_round_trip, flow_sequence, load_round_trip, parse, read_text

# An engagement's id names its file: a slug, as the model's ids are, so it can never be a path.
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_MAX_ID = 80
# An atomic write renames its temporary file within milliseconds; one still there this long after
# it was last written belongs to an attu that was stopped mid-write. Measured from each write, not
# from the start of the process: a process that lives long (a test session, a notebook) would
# otherwise spare every temporary file written since it started.


class InvalidEditError(AttuError):
    """The edit would make the dataset invalid; nothing was written."""

    exit_code = ExitCode.INVALID_DATA


@dataclass(frozen=True)
class Edit:
    """A checked change to one file, ready to be written, and how to describe it in a commit."""

    path: Path
    display: str
    old_text: str | None  # None when the edit creates the file
    new_text: str
    subject: str
    details: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        """The commit message: a subject line, then the details."""
        body = "\n".join(self.details)
        return f"{self.subject}\n\n{body}\n" if body else f"{self.subject}\n"


class _Workspace:
    """The dataset's files in memory, loaded once, so an edit can be checked against all of them."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        shown = display_path(self.root)
        self.label = "" if shown == "." else shown
        self.files = _read_files(self.root)
        self.before: LoadResult = load_dataset_from_files(self.files, self.label)
        if self.before.dataset is None:
            raise InvalidEditError("the dataset cannot be read (dataset.yaml is unusable); run attu validate and fix it first")
        self.dataset = self.before.dataset

    def state(self, query: str) -> tuple[State, str]:
        """A state by code or name, and its file's path relative to the dataset."""
        state = resolve_state(self.dataset, query)
        return state, f"states/{state.iso3.lower()}.yaml"

    def text_of(self, relative: str) -> str:
        """The current text of a file, refusing one that is not safe to edit."""
        display = self.display(relative)
        text, _ = read_text(self.files[relative], display)
        if text is None or parse(text, display).problems:
            raise InvalidEditError(f"{display} has problems of its own; run attu validate and fix them first")
        return text

    def display(self, relative: str) -> str:
        """A file's path as messages show it."""
        return f"{self.label}/{relative}" if self.label else relative

    def checked(self, relative: str, new_text: str, subject: str, details: Sequence[str] = ()) -> Edit:
        """The edit, once the dataset with the new text has been validated; refused if it introduces a problem."""
        from att_univ.review.changes import compare_problems

        overlay = dict(self.files)
        overlay[relative] = new_text.encode("utf-8")
        after = load_dataset_from_files(overlay, self.label)
        introduced, _ = compare_problems(self.before.problems, "", after.problems, "")
        errors = [problem for problem in introduced if problem.severity == "error"]
        if errors:
            listed = "\n".join(f"  {problem}" for problem in errors)
            if any(problem.code == "future-date" for problem in errors):
                listed += (
                    "\n  (a fact newer than the dataset's as-of date: move the date first, with the source that "
                    "reports it: attu source add ID --title ..., then attu record as-of DATE --source ID)"
                )
            raise InvalidEditError(f"refused: the change would make the dataset invalid; nothing was written\n{listed}")
        old = self.files.get(relative)
        target = self.root / relative
        if not target.resolve().is_relative_to(self.root) or ".." in Path(relative).parts:
            raise UsageError(f"refused: {relative} is outside the dataset; nothing was written")
        return Edit(
            path=self.root / relative,
            display=self.display(relative),
            old_text=None if old is None else old.decode("utf-8"),
            new_text=new_text,
            subject=subject,
            details=tuple(details),
        )


def record_signature(root: Path, query: str, day: dt.date, sources: Sequence[str]) -> Edit:
    """Record a state's signature of the treaty."""
    workspace = _Workspace(root)
    state, relative = workspace.state(query)
    if state.treaty.signature is not None:
        raise UsageError(
            f"{state.name} already has a signature ({state.treaty.signature.date.isoformat()}); "
            f"to correct it, edit {workspace.display(relative)}"
        )
    document = load_round_trip(workspace.text_of(relative))
    treaty = _mapping_at(document, "treaty", STATE_KEYS)
    place(treaty, "signature", _map(date=day, sources=_sources(sources)), TREATY_KEYS)
    subject = f"Record signature: {state.name} ({state.iso3}), {day.isoformat()}"
    return workspace.checked(relative, dump_round_trip(document), subject, [f"Sources: {', '.join(sources)}."])


def record_deposit(root: Path, query: str, day: dt.date, instrument: str, sources: Sequence[str]) -> Edit:
    """Record the deposit of an instrument, with its entry into force under Art. 22."""
    workspace = _Workspace(root)
    state, relative = workspace.state(query)
    deposit = state.treaty.deposit
    if deposit is not None:
        raise UsageError(
            f"{state.name} already has a deposit ({deposit.instrument}, {deposit.date.isoformat()}); "
            f"to correct it, edit {workspace.display(relative)}"
        )
    in_force = entry_into_force_for(day)
    document = load_round_trip(workspace.text_of(relative))
    treaty = _mapping_at(document, "treaty", STATE_KEYS)
    place(treaty, "deposit", _map(date=day, instrument=instrument, sources=_sources(sources)), TREATY_KEYS)
    place(treaty, "entry_into_force", _map(date=in_force, basis="article-22"), TREATY_KEYS)
    subject = f"Record deposit: {state.name} ({state.iso3}), {instrument} {day.isoformat()}"
    details = [f"Entry into force: {in_force.isoformat()} (Art. 22).", f"Sources: {', '.join(sources)}."]
    return workspace.checked(relative, dump_round_trip(document), subject, details)


def record_process(
    root: Path,
    query: str,
    stage: str,
    day: dt.date,
    *,
    instrument: str | None = None,
    summary: str | None = None,
    sensitivity: str = "restricted",
    sources: Sequence[str] = (),
) -> Edit:
    """Record a step of a state's domestic process, in date order among its steps."""
    workspace = _Workspace(root)
    state, relative = workspace.state(query)
    document = load_round_trip(workspace.text_of(relative))
    steps = _sequence_at(document, "process", STATE_KEYS)
    step = _map(stage=stage, date=day, instrument=instrument, summary=summary, sensitivity=sensitivity)
    if sources:
        step["sources"] = _sources(sources)
    dates = [_date_of(existing) for existing in steps]
    if len(state.process) == len(steps):  # every step opened: encrypted dates are read from the model, not the file
        dates = [existing.date for existing in state.process]
    position = sum(1 for existing_day in dates if existing_day is not None and existing_day <= day)
    steps.insert(position, step)
    # Commit messages travel further than the files (notifications, CI logs): what is not public
    # stays in the file, and the message says only that something was recorded.
    if sensitivity == "public":
        subject = f"Record process stage: {state.name} ({state.iso3}), {stage} {day.isoformat()}"
        details = ["Sensitivity: public."] + ([f"Sources: {', '.join(sources)}."] if sources else [])
    else:
        subject = f"Record a {sensitivity} process step: {state.name} ({state.iso3})"
        details = [f"Sensitivity: {sensitivity}; the step's stage, date and summary are in the file only."]
    return workspace.checked(relative, dump_round_trip(document), subject, details)


def record_engagement(
    root: Path,
    engagement_id: str,
    day: dt.date,
    kind: str,
    title: str,
    *,
    states: Sequence[str] = (),
    regions: Sequence[str] = (),
    actors: Sequence[str] = (),
    end_date: dt.date | None = None,
    summary: str | None = None,
    outcome: str | None = None,
    follow_up: dt.date | None = None,
    sensitivity: str = "restricted",
    sources: Sequence[str] = (),
) -> Edit:
    """Record an engagement in a new file `engagements/<id>.yaml`."""
    from att_univ.data.canonical import canonical, schema_reference

    if not _SLUG.fullmatch(engagement_id) or len(engagement_id) > _MAX_ID:
        raise UsageError(
            f"engagement id {engagement_id!r}: use lower-case letters, digits and single hyphens "
            "(such as 2025-05-gambia-visit), at most 80 characters"
        )
    workspace = _Workspace(root)
    relative = f"engagements/{engagement_id}.yaml"
    if relative in workspace.files or (workspace.root / relative).exists():
        raise UsageError(f"{workspace.display(relative)} already exists: choose another id, or edit that file")
    codes = [workspace.state(query)[0].iso3 for query in states]
    document = _map(
        id=engagement_id,
        date=day,
        end_date=end_date,
        kind=kind,
        title=title,
        actors=flow_sequence(list(actors)) if actors else None,
        states=flow_sequence(codes) if codes else None,
        regions=flow_sequence(list(regions)) if regions else None,
        summary=summary,
        outcome=outcome,
        follow_up=follow_up,
        sensitivity=sensitivity,
        sources=_sources(sources) if sources else None,
    )
    modeline = MODELINE.format(schema=schema_reference(workspace.root / relative, workspace.root))
    text = canonical(dump_round_trip(document), modeline)
    if sensitivity == "public":
        subject = f"Record engagement: {engagement_id} ({kind}, {day.isoformat()})"
        details = [f"States: {', '.join(codes)}." if codes else "States: none named.", "Sensitivity: public."]
    else:  # as for process steps: the details of what is not public stay in the file
        subject = f"Record a {sensitivity} engagement: {engagement_id}"
        details = [f"Sensitivity: {sensitivity}; its date, states and summary are in the file only."]
    return workspace.checked(relative, text, subject, details)


def write(edit: Edit, *, stale_before: float | None = None) -> None:
    """Write an edit atomically, after clearing temporary files that a stopped attu left behind.

    Under the dataset's lock (`stale_before`: when it was taken), every temporary file written
    before it is stale: writers hold the lock while their temporary file exists.
    """
    clean_stale_temporaries(edit.path.parent, older_than=stale_before)
    try:
        current = edit.path.read_bytes().decode("utf-8", "replace") if edit.path.exists() else None
    except OSError as exc:
        raise RefusedError(f"cannot read {edit.display}: {exc.strerror or exc}; nothing was written") from None
    if current != edit.old_text:
        raise AttuError(f"{edit.display} changed while attu was recording; nothing was written, run the command again")
    try:
        edit.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(edit.path, edit.new_text)
    except OSError as exc:
        raise RefusedError(f"cannot write {edit.display}: {exc.strerror or exc}; nothing was written") from None


def record_source(
    root: Path,
    source_id: str,
    title: str,
    *,
    publisher: str | None = None,
    url: str | None = None,
    day: dt.date | None = None,
    note: str | None = None,
) -> Edit:
    """Add a source to dataset.yaml, for facts to cite by its id."""
    workspace = _Workspace(root)
    if source_id in workspace.dataset.meta.sources:
        raise UsageError(f"dataset.yaml already has a source {source_id!r}; to correct it, edit {workspace.display(META_FILE)}")
    document = load_round_trip(workspace.text_of(META_FILE))
    if document.get("sources") is None:
        document["sources"] = _map()
    document["sources"][source_id] = _map(title=title, publisher=publisher, url=url, date=day, note=note)
    subject = f"Add source {source_id}: {title}"
    return workspace.checked(META_FILE, dump_round_trip(document), subject)


def record_as_of(root: Path, day: dt.date, source_id: str, *, today: dt.date) -> Edit:
    """Move the dataset's as-of date forward to `day`, on the authority of a source (named beside the date)."""
    workspace = _Workspace(root)
    meta = workspace.dataset.meta
    if source_id not in meta.sources:
        import difflib

        close = difflib.get_close_matches(source_id, sorted(meta.sources), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; add it first with attu source add"
        raise UsageError(f"--source: no source {source_id!r} in dataset.yaml{hint}")
    if day > today:
        raise UsageError(f"{day.isoformat()} is after today ({today.isoformat()}): the dataset cannot vouch for the future")
    if day <= meta.as_of:
        raise UsageError(
            f"the dataset's as-of date is already {meta.as_of.isoformat()}; attu record as-of moves it forward only "
            f"(to go back, edit {workspace.display(META_FILE)})"
        )
    source_day = meta.sources[source_id].date
    if source_day is not None and source_day > day:
        raise UsageError(f"source {source_id} is dated {source_day.isoformat()}, after {day.isoformat()}: it cannot attest it")
    document = load_round_trip(workspace.text_of(META_FILE))
    document["as_of"] = day
    # Why the date moved stays beside it, in the file itself: the model has no field for it.
    document.yaml_add_eol_comment(f"moved from {meta.as_of.isoformat()} with source {source_id}", "as_of")
    subject = f"Move the dataset's as-of date to {day.isoformat()}"
    details = [f"From {meta.as_of.isoformat()}.", f"Source: {source_id}."]
    return workspace.checked(META_FILE, dump_round_trip(document), subject, details)


# --- the round-trip document -----------------------------------------------------------------


def _map(**values: Any) -> Any:
    """A round-trip mapping of the given keys in order, leaving out those without a value."""
    from att_univ.data.yamlio import new_mapping

    mapping = new_mapping()
    for key, value in values.items():
        if value is not None:
            mapping[key] = value
    return mapping


def _sources(sources: Sequence[str]) -> Any:
    return flow_sequence(list(dict.fromkeys(sources)))


def _mapping_at(document: Any, key: str, order: Sequence[str]) -> Any:
    if document.get(key) is None:
        place(document, key, _map(), order)
    return document[key]


def _sequence_at(document: Any, key: str, order: Sequence[str]) -> Any:
    from att_univ.data.yamlio import new_sequence

    if document.get(key) is None:
        place(document, key, new_sequence(), order)
    return document[key]


def _date_of(item: Any) -> dt.date | None:
    value = item.get("date") if hasattr(item, "get") else None
    return value if isinstance(value, dt.date) else None


def _read_files(root: Path) -> dict[str, bytes]:
    """Every data file of the dataset, relative path → bytes (what the loader would read)."""
    files: dict[str, bytes] = {}
    meta = root / META_FILE
    if meta.is_file():
        try:
            files[META_FILE] = meta.read_bytes()
        except OSError as exc:
            raise InvalidEditError(f"{META_FILE}: cannot read it ({exc.strerror}); nothing was written") from None
    names = root / NAMES_FILE  # the depositary's spellings: state names as people write them
    if names.is_file():
        files[NAMES_FILE] = names.read_bytes()
    recipients = root / RECIPIENTS_FILE  # whom protected values are encrypted to: the loader opens them with it
    if recipients.is_file():
        files[RECIPIENTS_FILE] = recipients.read_bytes()
    for kind in KINDS:
        folder = root / kind.folder
        if not folder.is_dir():
            continue
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(".") or not entry.name.endswith((".yaml", ".yml")):
                    continue
                relative = f"{kind.folder}/{entry.name}"
                try:
                    files[relative] = Path(entry.path).read_bytes()
                except OSError as exc:  # the loader would report it: refuse to edit past it
                    raise InvalidEditError(
                        f"{relative}: cannot read it ({exc.strerror}); nothing was written, run attu validate and fix it first"
                    ) from None
    return files
