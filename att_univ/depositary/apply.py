"""`attu reconcile --apply`: turn the page's differences into reviewed-ready edits of the data files.

Only what the page states outright is written: signature dates, deposits with their instrument
(and the entry into force that Art. 22 gives them), provisional application dates. Removing a
fact, or writing a declaration's summary, needs a person and is left to the report. Every edit
goes through the round-trip YAML document, so comments and layout stay; the new texts are validated
with the loader on a temporary copy of the dataset before anything is written, and each file is
then replaced atomically. A changed fact cites the page alone: the sources it cited before
attested the old value (the pull request's diff shows what was dropped).

`set_treaty_fact` is the one editing primitive; once `att_univ/review/record.py` exists, it can take
its place without changing the rest.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from att_univ.core.errors import AttuError
from att_univ.core.treaty_rules import entry_into_force_for
from att_univ.data.key_order import FACT_KEYS, META_KEYS, STATE_KEYS, TREATY_KEYS, place
from att_univ.depositary.reconcile import Reconciliation, TreatyEdit, long_date, reconcile

if TYPE_CHECKING:
    from att_univ.core.problems import Problem
    from att_univ.data.dataset import Dataset
    from att_univ.depositary.page import StatusPage

STATUS_PAGE_URL = "https://treaties.un.org/Pages/ViewDetails.aspx?src=IND&mtdsg_no=XXVI-8&chapter=26&lang=en"
STATUS_SOURCE_PREFIX = "untc-status"


class ApplyRefused(AttuError):
    """The page or the edits are not fit to be written; nothing was."""


@dataclass(frozen=True)
class ApplyResult:
    """What `--apply` did: the files written (none if validation failed) and what still differs."""

    written: tuple[str, ...]
    edits: tuple[TreatyEdit, ...]
    source_id: str
    source_added: bool
    reconciled_recorded: bool
    problems: tuple[Problem, ...]  # validation problems of the edited copy: then nothing was written
    remaining: Reconciliation | None  # the edited dataset reconciled again against the page


def apply_reconciliation(page: StatusPage, dataset: Dataset, found: Reconciliation, *, today: dt.date) -> ApplyResult:
    """Write the edits the page calls for, validated first on a copy; record the reconciliation if clean."""
    if found.blocking:
        codes = ", ".join(sorted({finding.code for finding in found.blocking}))
        raise ApplyRefused(f"not applied ({codes}): fix the page or the names table first; nothing was written")
    if page.as_of is None:
        raise ApplyRefused("not applied: the page states no 'status as at' date to cite; nothing was written")
    if today < page.as_of:
        raise ApplyRefused(f"not applied: the reconciliation date {today.isoformat()} is before the page's date")
    source_id, new_source = page_source(dataset, page)
    texts: dict[Path, str] = {}
    for path, edits in _edits_by_file(dataset, found.edits).items():
        document = _load(path)
        for edit in edits:
            set_treaty_fact(document, edit, source_id)
        texts[path] = _dump(document)

    meta_path = dataset.root / "dataset.yaml"
    meta_document = _load(meta_path)
    if new_source is not None:
        # Next to the status pages already cited, newest last.
        order = (*(key for key in meta_document["sources"] if key.startswith(STATUS_SOURCE_PREFIX)), source_id)
        place(meta_document["sources"], source_id, new_source, order)
    if page.as_of > dataset.meta.as_of:
        meta_document["as_of"] = page.as_of  # the dataset now vouches for the page's date
    texts[meta_path] = _dump(meta_document)

    problems, remaining = _check_on_copy(dataset, texts, page)
    recorded = False
    if not problems and remaining is not None and remaining.agrees:
        reconciled = {"source": source_id, "status_as_at": page.as_of, "reconciled_on": today}
        place(meta_document, "reconciled", reconciled, META_KEYS)
        texts[meta_path] = _dump(meta_document)
        problems, remaining = _check_on_copy(dataset, texts, page)
        recorded = not problems
    result = ApplyResult((), found.edits, source_id, new_source is not None, recorded, tuple(problems), remaining)
    if problems or not (found.edits or recorded):
        return result  # invalid, or nothing to write: a new source or as-of date alone would cite nothing
    return replace(result, written=_write(texts, meta_path))


def _write(texts: dict[Path, str], meta_path: Path) -> tuple[str, ...]:
    from att_univ.data.loader import display_path
    from att_univ.data.yamlio import atomic_write

    written = []
    # dataset.yaml last: a reader never sees it claim a reconciliation the states do not yet hold.
    for path in sorted(texts, key=lambda p: p == meta_path):
        if path.read_text(encoding="utf-8") != texts[path]:
            atomic_write(path, texts[path])
            written.append(display_path(path))
    return tuple(written)


def page_source(dataset: Dataset, page: StatusPage) -> tuple[str, dict[str, Any] | None]:
    """The source id that cites this page: an existing `untc-status…` source of its date, or a new one."""
    assert page.as_of is not None
    for source_id, source in dataset.meta.sources.items():
        if source_id.startswith(STATUS_SOURCE_PREFIX) and source.date == page.as_of:
            return source_id, None
    source_id = f"{STATUS_SOURCE_PREFIX}-{page.as_of.isoformat()}"
    entry = {
        "title": f"Status of the Arms Trade Treaty (MTDSG chapter XXVI-8), status as at {long_date(page.as_of)}",
        "publisher": "United Nations Treaty Collection",
        "url": STATUS_PAGE_URL,
        "date": page.as_of,
        "note": "The depositary's own record, read with attu reconcile.",
    }
    return source_id, entry


def set_treaty_fact(document: Any, edit: TreatyEdit, source_id: str) -> None:
    """Set a signature, deposit (with its Art. 22 entry into force) or provisional application in a state document."""
    treaty = document.get("treaty")
    if treaty is None:
        treaty = {}
        place(document, "treaty", treaty, STATE_KEYS)
    fact = treaty.get(edit.field)
    if fact is None:
        fact = {}
        place(treaty, edit.field, fact, TREATY_KEYS)
    if fact.get("date") != edit.date:
        fact.pop("caveat", None)  # it qualified the old date
    place(fact, "date", edit.date, FACT_KEYS)
    if edit.instrument is not None:
        place(fact, "instrument", edit.instrument, FACT_KEYS)
    from att_univ.data.yamlio import flow_sequence

    place(fact, "sources", flow_sequence([source_id]), FACT_KEYS)
    if edit.field == "deposit":
        _set_entry_into_force(treaty, entry_into_force_for(edit.date))


def _set_entry_into_force(treaty: Any, day: dt.date) -> None:
    current = treaty.get("entry_into_force")
    if current is not None and current.get("date") == day:
        return  # a UN Treaty Series date of effect that still holds stays, with its sources
    place(treaty, "entry_into_force", {"date": day, "basis": "article-22"}, TREATY_KEYS)


def _edits_by_file(dataset: Dataset, edits: Iterable[TreatyEdit]) -> dict[Path, list[TreatyEdit]]:
    by_file: dict[Path, list[TreatyEdit]] = defaultdict(list)
    for edit in edits:
        source = dataset.file_of("states", edit.iso3)
        if source is None:
            raise ApplyRefused(f"not applied: {edit.iso3} has no state file; nothing was written")
        by_file[source.path].append(edit)
    return dict(by_file)


def _load(path: Path) -> Any:
    from att_univ.data.yamlio import load_round_trip

    return load_round_trip(path.read_text(encoding="utf-8"))


def _dump(document: Any) -> str:
    from att_univ.data.yamlio import dump_round_trip

    return dump_round_trip(document)


def _check_on_copy(dataset: Dataset, texts: dict[Path, str], page: StatusPage) -> tuple[list[Problem], Reconciliation | None]:
    """Validate the edited texts with the rest of the dataset, in a temporary copy; reconcile the copy again."""
    from att_univ.data.loader import display_path, load_dataset

    root = dataset.root
    with tempfile.TemporaryDirectory(prefix="attu-reconcile-") as temporary:
        copy = Path(temporary) / root.name
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".attu-cache", ".*.tmp"))
        for path, text in texts.items():
            (copy / path.relative_to(root)).write_text(text, encoding="utf-8")
        loaded = load_dataset(copy)
        shown = display_path(root)
        problems = [
            replace(problem, path=problem.path.replace(str(copy), shown, 1))
            for problem in loaded.problems
            if problem.severity == "error"
        ]
        if problems or loaded.dataset is None:
            return problems, None
        again = reconcile(page, loaded.dataset)
    findings = tuple(
        replace(finding, file=finding.file.replace(str(copy), shown, 1)) if finding.file else finding
        for finding in again.findings
    )
    return [], replace(again, findings=findings)
