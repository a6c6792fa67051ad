"""`attu status` as people and programs read it: a headline, the regional breakdown, lists, footnotes.

Shared by the typer command and the fast path (`att_univ.launcher`), so both print the same
bytes. Formats: `table` (rich at a terminal, plain text when piped), `json`, `csv`, `markdown`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from typing import Any, NamedTuple

from att_univ.core.errors import UsageError
from att_univ.core.treaty_rules import OPENED_FOR_SIGNATURE, TREATY_ENTRY_INTO_FORCE
from att_univ.core.wording import counted, joined, long_date, percent, wrap
from att_univ.treaty.index import TreatyIndex
from att_univ.treaty.status import SCHEME_LABELS, Counts, StateStatus, StatusReport, treaty_status

FORMATS = ("table", "json", "csv", "markdown")
JSON_FORMAT_ID = "attu.status/1"
RENOUNCED_MARK = "†"
HEADERS = ("States", "Parties", "Share", "In force", "Signatories", "Outside", "Joined in 12 months")
ALL_STATES = "All states"
IN_NONE = "In none of these"
SOURCES_IN_FOOTER = 2
MAX_NAMED_SIGNATURES = 12
WRAP = 100
TABLE_COLUMNS = 100  # narrower, the breakdown table would squeeze its columns out of shape


class Output(NamedTuple):
    """What a command prints: the result (stdout) and notes for people (stderr)."""

    text: str
    notes: tuple[str, ...] = ()


def dataset_label(root: str | os.PathLike[str]) -> str:
    """The dataset's directory as people expect to see it: relative when below the current directory."""
    path, here = os.fspath(root), os.getcwd()
    if path == here:
        return "."
    prefix = here.rstrip(os.sep) + os.sep
    return path[len(prefix) :] if path.startswith(prefix) else path


def parse_day(text: str | None, default: dt.date, option: str = "--as-of") -> dt.date:
    """A YYYY-MM-DD option value, or the default when it is not given."""
    if text is None:
        return default
    from att_univ.core.dates import parse_date  # only when a date is given: the fast path stays lean

    return parse_date(text, option)


STALE_AFTER_DAYS = 90


def stale_dataset_note(as_of: dt.date, today: dt.date, *, after_days: int = STALE_AFTER_DAYS) -> str | None:
    """A warning when the dataset vouches for nothing in the last `after_days` days; None when it is recent enough."""
    behind = (today - as_of).days
    if behind <= after_days:
        return None
    return (
        f"attu: warning: the dataset's as-of date is {long_date(as_of)}, {behind} days ago; attu knows nothing "
        "that happened since. Record it (attu record ..., then attu record as-of DATE --source ID) "
        "or reconcile with the depositary's page (attu reconcile PAGE --apply)"
    )


def status_output(
    index: TreatyIndex,
    *,
    as_of: str | None,
    region: str | None,
    by: str,
    fmt: str,
    terminal: bool,
    dataset_label: str,
) -> Output:
    """Everything `attu status` prints, computed from the treaty index."""
    if fmt not in FORMATS:
        raise UsageError(f"--format: choose from {', '.join(FORMATS)}")
    day = parse_day(as_of, index.as_of)
    report = treaty_status(index, day, region=region, by_scheme=by)
    notes = []
    if report.beyond_dataset:
        notes.append(
            f"attu: note: the dataset only knows events up to {long_date(report.dataset_as_of)} (its as-of date); "
            f"the figures for {long_date(day)} assume nothing changed after it"
        )
    if fmt == "json":
        from att_univ.core.formats import json_text

        text = json_text(status_data(report))
    elif fmt == "csv":
        text = status_csv(report)
    elif fmt == "markdown":
        text = status_markdown(report, dataset_label)
    elif terminal:
        text = status_rich(report, dataset_label)
    else:
        text = status_plain(report, dataset_label)
    return Output(text, tuple(notes))


# --- words shared by every format -------------------------------------------------------------


def headline(report: StatusReport) -> str:
    """One sentence: the date, the counts, the number of states."""
    totals = report.totals
    counts = (
        f"{counted(totals.parties, 'State Party', 'States Parties')} ({totals.in_force} in force), "
        f"{counted(totals.signatories, 'signatory', 'signatories')}, "
        f"{counted(totals.non_signatories, 'state', 'states')} outside the treaty"
    )
    if report.region is None:
        return f"As at {long_date(report.as_of)}: {counts}; {counted(totals.states, 'state')}."
    noun = "member state" if report.region.scheme == "organisation" else "state"
    members = counted(totals.states, noun)
    return f"{report.region.name} ({members}), as at {long_date(report.as_of)}: {counts}."


def context(report: StatusReport) -> list[str]:
    """Sentences that keep early dates from being misread."""
    if report.as_of < OPENED_FOR_SIGNATURE:
        return [f"The treaty opened for signature on {long_date(OPENED_FOR_SIGNATURE)}."]
    if report.as_of < TREATY_ENTRY_INTO_FORCE:
        return [
            f"The treaty entered into force on {long_date(TREATY_ENTRY_INTO_FORCE)} "
            "for the states that had deposited their instruments by then."
        ]
    return []


def scope_notes(report: StatusReport) -> list[str]:
    """Why the rows may not add up to the total."""
    if report.overlapping:
        return [
            "Regional organisations overlap and do not cover every state: a state may be counted in several rows "
            "or in none, so the rows do not add up to the total. Each share is of that organisation's members."
        ]
    return []


def recent_sentences(report: StatusReport) -> list[str]:
    """What changed in the 12 months up to the date: who joined (named), who signed, who renounced."""
    period = f"the 12 months to {long_date(report.as_of)}"
    deposits = [c for c in report.recent if c.event == "deposit"]
    signed = [c for c in report.recent if c.event == "signature"]
    renounced = [c for c in report.recent if c.event == "intent-not-to-become-party"]
    if deposits:
        names = [f"{c.name} ({c.instrument}, {long_date(c.date)})" for c in deposits]
        sentences = [f"Joined in {period} ({len(deposits)}): {joined(names)}."]
    else:
        sentences = [f"No state joined in {period}."]
    if signed:
        who = f": {joined([c.name for c in signed])}" if len(signed) <= MAX_NAMED_SIGNATURES else ""
        sentences.append(f"Signed in the same period: {counted(len(signed), 'state')}{who}.")
    for change in renounced:
        sentences.append(
            f"{change.name}{RENOUNCED_MARK} told the depositary on {long_date(change.date)} "
            "that it does not intend to become a party."
        )
    return sentences


def state_name(state: StateStatus) -> str:
    """A state's name, marked when it said it will not become a party."""
    return state.name + (RENOUNCED_MARK if state.renounced else "")


def name_lists(report: StatusReport) -> list[tuple[str, list[str]]]:
    """Signatories and states outside the treaty, by name (parties are many: the JSON and CSV list them)."""
    signatories = [state_name(s) for s in report.states if s.status == "signatory"]
    outside = [s.name for s in report.states if s.status == "non-signatory"]
    lists = []
    if signatories:
        lists.append((f"Signatories, not yet party ({len(signatories)})", signatories))
    if outside:
        lists.append((f"Outside the treaty ({len(outside)})", outside))
    if report.region is not None:
        parties = [s.name for s in report.states if s.status == "party"]
        if parties:
            lists.insert(0, (f"States Parties ({len(parties)})", parties))
    return lists


def footnotes(report: StatusReport) -> list[str]:
    """The footnote of every marked state."""
    notes = []
    for state in report.states:
        if state.renounced:
            notes.append(
                f"{RENOUNCED_MARK} {state.name}: signed on {long_date(state.signed) if state.signed else '(unknown)'}; "
                f"on {long_date(state.renounced)} the depositary received its communication that it does not intend "
                "to become a party. The depositary still lists the signature, so it is counted as a signatory."
            )
    return notes


def footer(report: StatusReport, dataset_label: str) -> list[str]:
    """Which dataset, as at when, and the sources of the facts counted."""
    lines = [f"Dataset: {dataset_label} ({report.dataset_title}), as at {long_date(report.dataset_as_of)}."]
    if report.reconciled_on is not None and report.reconciled_page_as_at is not None:
        lines.append(
            f"Last reconciled on {long_date(report.reconciled_on)} against the depositary's status page as at "
            f"{long_date(report.reconciled_page_as_at)} (source {report.reconciled_source})."
        )
    if report.sources:
        shown = [_source_words(s) for s in report.sources[:SOURCES_IN_FOOTER]]
        more = len(report.sources) - len(shown)
        tail = f"; and {counted(more, 'other source')} (--format json lists them all)" if more else ""
        lines.append(f"Treaty facts from: {'; '.join(shown)}{tail}.")
    return lines


def _source_words(source: Any) -> str:
    return f"{source.title} ({source.publisher})" if source.publisher else source.title


def region_rows(report: StatusReport) -> tuple[list[list[Any]], list[Any] | None]:
    """The breakdown's rows (and the row of states in no region), as cells."""
    rows = [[row.name, *_count_cells(row.counts)] for row in report.by_region]
    unassigned = [IN_NONE, *_count_cells(report.unassigned)] if report.unassigned is not None else None
    return rows, unassigned


def total_row(report: StatusReport) -> list[Any]:
    """The total row's cells."""
    return [report.region.name if report.region else ALL_STATES, *_count_cells(report.totals)]


def _count_cells(counts: Counts) -> list[Any]:
    return [
        counts.states,
        counts.parties,
        percent(counts.parties, counts.states),
        counts.in_force,
        counts.signatories,
        counts.non_signatories,
        counts.joined_recently,
    ]


# --- plain text and rich ----------------------------------------------------------------------


def status_plain(report: StatusReport, dataset_label: str) -> str:
    """The table format without colour: for pipes, files and e-mail."""
    from att_univ.views.plain_table import plain_table

    def lines(*texts: str) -> str:
        return "\n".join(line for text in texts for line in wrap(text, WRAP))

    rows, unassigned = region_rows(report)
    if unassigned is not None:
        rows.append(unassigned)
    table = plain_table([SCHEME_LABELS[report.scheme], *HEADERS], rows, align="lrrrrrrr", total=total_row(report))
    blocks = [lines(headline(report), *context(report)), table.rstrip("\n")]
    blocks.extend(lines(note) for note in scope_notes(report))
    blocks.append(lines(*recent_sentences(report), *(f"{title}: {', '.join(names)}." for title, names in name_lists(report))))
    blocks.extend(lines(note) for note in footnotes(report))
    blocks.append(lines(*footer(report, dataset_label)))
    return "\n\n".join(blocks) + "\n"


def status_rich(report: StatusReport, dataset_label: str) -> str:
    """The table format for a terminal: the same content, with colour where the terminal has it."""
    from att_univ.views.terminal import Column, render_lines, render_table

    rows, unassigned = region_rows(report)
    styles: list[str | None] = [None] * len(rows)
    if unassigned is not None:
        rows.append(unassigned)
        styles.append("dim")
    rows.append(total_row(report))
    styles.append("bold")
    columns = [Column(SCHEME_LABELS[report.scheme])]
    for header in HEADERS:
        style = {"Parties": "green", "In force": "green", "Signatories": "yellow"}.get(header)
        columns.append(Column(header, justify="right", style=style))
    parts = [render_lines([(headline(report), "bold"), *((line, None) for line in context(report))])]
    if terminal_columns() >= TABLE_COLUMNS:
        parts.append(render_table(columns, rows, row_styles=styles))
    else:  # too narrow for eight columns: one line per region reads better than a squeezed table
        sentences = [(region_sentence(row), style) for row, style in zip(rows, styles, strict=True)]
        parts.append(render_lines([("", None), *sentences]))
    parts.append("")
    lines: list[tuple[str, str | None]] = [(note, "italic") for note in scope_notes(report)]
    lines.extend((sentence, None) for sentence in recent_sentences(report))
    for title, names in name_lists(report):
        lines.append(("", None))
        lines.append((f"{title}: {', '.join(names)}.", None))
    lines.extend([("", None), *((note, "dim") for note in footnotes(report))])
    lines.extend([("", None), *((line, "dim") for line in footer(report, dataset_label))])
    parts.append(render_lines(lines))
    return "\n".join(part.rstrip("\n") for part in parts) + "\n"


def terminal_columns() -> int:
    """The terminal's width in characters ($COLUMNS first, as rich reads it)."""
    import shutil

    return shutil.get_terminal_size((TABLE_COLUMNS, 24)).columns


def region_sentence(cells: Sequence[Any]) -> str:
    """A breakdown row in words, for narrow terminals."""
    name, states, parties, share, in_force, signatories, outside, joined_recently = cells
    return (
        f"{name}: {parties} of {states} states party ({share}), {in_force} in force; "
        f"{counted(signatories, 'signatory', 'signatories')}; {outside} outside; {joined_recently} joined in 12 months"
    )


# --- markdown ---------------------------------------------------------------------------------


def status_markdown(report: StatusReport, dataset_label: str) -> str:
    """A Markdown section for reports and issues; every dataset text escaped."""
    from att_univ.core.formats import markdown_escape, markdown_table

    rows, unassigned = region_rows(report)
    if unassigned is not None:
        rows.append(unassigned)
    rows.append(total_row(report))
    title = f"Arms Trade Treaty: status as at {long_date(report.as_of)}"
    if report.region is not None:
        title += f", {report.region.name}"
    out = [f"## {markdown_escape(title)}", "", markdown_escape(" ".join([headline(report), *context(report)]))]
    out.extend(["", markdown_table([SCHEME_LABELS[report.scheme], *HEADERS], rows, align="lrrrrrrr").rstrip("\n")])
    for note in scope_notes(report):
        out.extend(["", f"*{markdown_escape(note)}*"])
    out.extend(["", " ".join(markdown_escape(sentence) for sentence in recent_sentences(report))])
    for title_words, names in name_lists(report):
        out.extend(["", f"**{markdown_escape(title_words)}:** {', '.join(markdown_escape(n) for n in names)}."])
    for note in footnotes(report):
        out.extend(["", markdown_escape(note)])
    out.extend(["", " ".join(f"*{markdown_escape(line)}*" for line in footer(report, dataset_label))])
    return "\n".join(out) + "\n"


# --- json and csv -----------------------------------------------------------------------------


def status_data(report: StatusReport) -> dict[str, Any]:
    """The JSON document (schema `attu.status/1`, documented in the README; keep it stable)."""
    return {
        "format": JSON_FORMAT_ID,
        "as_of": report.as_of,
        "dataset": {
            "title": report.dataset_title,
            "as_of": report.dataset_as_of,
            "reconciled_on": report.reconciled_on,
            "reconciled_against": (
                {"source": report.reconciled_source, "status_as_at": report.reconciled_page_as_at}
                if report.reconciled_on is not None
                else None
            ),
            "sources": [
                {"id": s.id, "title": s.title, "publisher": s.publisher, "url": s.url, "date": s.date, "states": s.states}
                for s in report.sources
            ],
        },
        "region": (
            None
            if report.region is None
            else {"slug": report.region.slug, "name": report.region.name, "scheme": report.region.scheme}
        ),
        "by": report.scheme,
        "overlapping": report.overlapping,
        "totals": _counts_data(report.totals),
        "by_region": {row.slug: {"name": row.name, **_counts_data(row.counts)} for row in report.by_region},
        "unassigned": None if report.unassigned is None else _counts_data(report.unassigned),
        "recent_changes": {
            "from": report.recent_since,
            "to": report.as_of,
            "changes": [
                {"date": c.date, "iso3": c.iso3, "name": c.name, "event": c.event, "instrument": c.instrument}
                for c in report.recent
            ],
        },
        "states": [_state_data(state) for state in report.states],
    }


def _counts_data(counts: Counts) -> dict[str, Any]:
    share = counts.party_share
    return {
        "parties": counts.parties,
        "in_force": counts.in_force,
        "signatories": counts.signatories,
        "non_signatories": counts.non_signatories,
        "states": counts.states,
        "party_share": None if share is None else round(share, 4),
        "intent_not_to_become_party": counts.intent_not_to_become_party,
        "joined_last_12_months": counts.joined_recently,
    }


def _state_data(state: StateStatus) -> dict[str, Any]:
    return {
        "iso3": state.iso3,
        "name": state.name,
        "un_member": state.un_member,
        "status": state.status,
        "signature_date": state.signed,
        "deposit_date": state.deposited,
        "instrument": state.instrument,
        "entry_into_force_date": state.in_force_from,
        "in_force": state.in_force,
        "intent_not_to_become_party": state.renounced is not None,
        "intent_not_to_become_party_date": state.renounced,
        "regions": list(state.regions),
    }


CSV_HEADERS = (
    "as_of",
    "iso3",
    "name",
    "status",
    "in_force",
    "signature_date",
    "deposit_date",
    "instrument",
    "entry_into_force_date",
    "intent_not_to_become_party",
    "intent_not_to_become_party_date",
    "un_member",
    "regions",
)


def status_csv(report: StatusReport) -> str:
    """One row per state, for spreadsheets; `regions` holds the slugs of the `--by` scheme, `;`-separated."""
    from att_univ.core.formats import csv_text

    def yes(value: bool) -> str:
        return "yes" if value else "no"

    rows: Sequence[Sequence[Any]] = [
        (
            report.as_of,
            s.iso3,
            s.name,
            s.status,
            yes(s.in_force),
            s.signed,
            s.deposited,
            s.instrument,
            s.in_force_from,
            yes(s.renounced is not None),
            s.renounced,
            yes(s.un_member),
            ";".join(s.regions),
        )
        for s in report.states
    ]
    return csv_text(CSV_HEADERS, rows)
