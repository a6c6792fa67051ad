"""How `attu reconcile` prints its result: text for people and CI logs, Markdown for pull requests, JSON.

The JSON shape (schema_version 1) is documented in the README under `attu reconcile`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from att_univ.core.formats import json_text, markdown_escape, markdown_table
from att_univ.depositary.reconcile import Finding, Reconciliation, TreatyEdit, long_date

if TYPE_CHECKING:
    from att_univ.depositary.apply import ApplyResult
    from att_univ.depositary.page import Totals

SCHEMA_VERSION = 1
FORMATS = ("text", "markdown", "json")


def render_reconciliation(result: Reconciliation, applied: ApplyResult | None, fmt: str) -> str:
    """The report in one of FORMATS."""
    if fmt == "json":
        return json_text(reconciliation_json(result, applied))
    if fmt == "markdown":
        return _markdown(result, applied)
    return _text(result, applied)


# --- shared wording --------------------------------------------------------------------------


def _totals(totals: Totals) -> str:
    return f"{totals.signatories} signatories and {totals.parties} parties"


def _page_description(result: Reconciliation) -> str:
    what = "the depositary's status page" if result.source_format == "html" else "the depositary's chapter XML"
    chapter = f" of chapter {result.mtdsg_no}" if result.mtdsg_no else ""
    dated = f", status as at {long_date(result.as_of)}" if result.as_of else ", with no 'status as at' date"
    return f"{what}{chapter} (UN Treaty Collection){dated}"


def _totals_sentence(result: Reconciliation) -> str:
    rows = f"its {result.participants} rows"
    if result.stated_totals is None:
        return f"The page states no totals; {rows} hold {_totals(result.computed_totals)}."
    where = f" (line {result.stated_totals_line})" if result.stated_totals_line else ""
    if result.totals_agree:
        return f"The page's totals, {_totals(result.stated_totals)}{where}, are confirmed by {rows}."
    return f"The page states {_totals(result.stated_totals)}{where}, but {rows} hold {_totals(result.computed_totals)}."


def _dataset_sentence(result: Reconciliation) -> str:
    return f"The dataset on {long_date(result.counted_on)}: {_totals(result.dataset_totals)}."


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def _verdict(result: Reconciliation) -> str:
    counts = (
        f"{_plural(result.count('error'), 'error')}, {_plural(result.count('warning'), 'warning')}, "
        f"{_plural(result.count('info'), 'note')}"
    )
    if result.agrees:
        return f"the dataset agrees with the page ({counts})"
    return f"the dataset differs from the page ({counts})"


def _who(finding: Finding) -> str:
    return f"{finding.state} ({finding.iso3}): " if finding.iso3 and finding.state else ""


def _sentence(finding: Finding) -> str:
    text = _who(finding) + finding.message
    if finding.explained_by:
        text += f"; explained in the dataset: {finding.explained_by}"
    return text


def _edit_text(edit: TreatyEdit) -> str:
    what = {"signature": "signature", "deposit": "deposit", "provisional_application": "provisional application"}[edit.field]
    instrument = f" ({edit.instrument})" if edit.instrument else ""
    return f"{edit.iso3}: {what} {edit.date.isoformat()}{instrument}"


def _apply_lines(applied: ApplyResult) -> list[str]:
    lines: list[str] = []
    if applied.problems:
        lines.append("Not applied: the edited dataset would be invalid, so nothing was written:")
        lines.extend(f"  {problem}" for problem in applied.problems)
        return lines
    files = {path for path in applied.written if "/states/" in f"/{path}"}
    if applied.edits:
        lines.append(
            f"Applied {_plural(len(applied.edits), 'edit')} to {_plural(len(files), 'state file')}, "
            f"citing {applied.source_id}" + (" (a new source in dataset.yaml)." if applied.source_added else ".")
        )
        lines.extend(f"  {_edit_text(edit)}" for edit in applied.edits)
    elif not applied.written:
        lines.append("Nothing to apply: what still differs needs a person's judgement.")
    if applied.reconciled_recorded:
        lines.append("Recorded in dataset.yaml: the dataset now agrees with this page.")
    if applied.written:
        lines.append("Files written:")
        lines.extend(f"  {path}" for path in applied.written)
    remaining = applied.remaining
    if remaining is not None and not remaining.agrees:
        left = [finding for finding in remaining.findings if finding.is_discrepancy]
        lines.append(f"Still differing after the edits ({_plural(len(left), 'finding')}); these need a person:")
        lines.extend(f"  {finding.severity}[{finding.code}]: {_sentence(finding)}" for finding in left)
    if applied.written:
        lines.append("Review the change (attu diff, or git diff) and propose it in a pull request.")
    return lines


# --- text --------------------------------------------------------------------------------------


def _text(result: Reconciliation, applied: ApplyResult | None) -> str:
    lines = [
        f"Reconciling the dataset with {result.source_name}: {_page_description(result)}.",
        _totals_sentence(result),
        _dataset_sentence(result),
        "",
    ]
    for finding in result.findings:
        where = f"{result.source_name}:{finding.page_line}" if finding.page_line else result.source_name
        dataset_at = f" [{finding.file}:{finding.file_line}]" if finding.file else ""
        lines.append(f"{where}: {finding.severity}[{finding.code}]: {_sentence(finding)}{dataset_at}")
    if result.findings:
        lines.append("")
    lines.append(f"Result: {_verdict(result)}.")
    if applied is not None:
        lines.append("")
        lines.extend(_apply_lines(applied))
    elif result.edits:
        lines.append(f"attu reconcile --apply would make {_plural(len(result.edits), 'edit')}.")
    return "\n".join(lines) + "\n"


# --- Markdown ------------------------------------------------------------------------------------


def _markdown(result: Reconciliation, applied: ApplyResult | None) -> str:
    parts = [
        "# Reconciliation with the depositary's status page",
        "",
        f"- Source: {markdown_escape(result.source_name)}, {markdown_escape(_page_description(result))}.",
        f"- {markdown_escape(_totals_sentence(result))}",
        f"- {markdown_escape(_dataset_sentence(result))}",
        f"- Result: **{markdown_escape(_verdict(result))}**.",
        "",
    ]
    if result.findings:
        rows = [
            (
                finding.severity,
                finding.code,
                f"{finding.state} ({finding.iso3})" if finding.iso3 else (finding.state or ""),
                finding.message + (f"; explained in the dataset: {finding.explained_by}" if finding.explained_by else ""),
                finding.expected,
                finding.found,
                finding.page_line,
                f"{finding.file}:{finding.file_line}" if finding.file else None,
            )
            for finding in result.findings
        ]
        headers = ("Severity", "Finding", "State", "What differs", "Page says", "Dataset says", "Page line", "Dataset file")
        parts.append(markdown_table(headers, rows, align="llllllrl"))
    if applied is not None:
        parts.append("## Applied")
        parts.append("")
        parts.extend(_markdown_line(line) for line in _apply_lines(applied))
        parts.append("")
    return "\n".join(parts)


def _markdown_line(line: str) -> str:
    if line.startswith("  "):
        return f"    - {markdown_escape(line.strip())}"
    return f"- {markdown_escape(line)}"


# --- JSON ----------------------------------------------------------------------------------------


def _totals_json(totals: Totals | None, line: int | None = None) -> dict[str, Any] | None:
    if totals is None:
        return None
    value: dict[str, Any] = {"signatories": totals.signatories, "parties": totals.parties}
    if line is not None:
        value["line"] = line
    return value


def _edit_json(edit: TreatyEdit) -> dict[str, Any]:
    return {"iso3": edit.iso3, "field": edit.field, "date": edit.date, "instrument": edit.instrument}


def finding_json(finding: Finding) -> dict[str, Any]:
    """One finding as a JSON object."""
    return {
        "code": finding.code,
        "severity": finding.severity,
        "iso3": finding.iso3,
        "state": finding.state,
        "message": finding.message,
        "page_line": finding.page_line,
        "expected": finding.expected,
        "found": finding.found,
        "file": finding.file,
        "file_line": finding.file_line,
        "explained_by": finding.explained_by,
        "edits": [_edit_json(edit) for edit in finding.edits],
    }


def reconciliation_json(result: Reconciliation, applied: ApplyResult | None) -> dict[str, Any]:
    """The whole report as JSON-ready values (schema_version 1, documented in the README)."""
    value: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "source": {
            "name": result.source_name,
            "format": result.source_format,
            "mtdsg_no": result.mtdsg_no,
            "status_as_at": result.as_of,
            "status_as_at_line": result.as_of_line,
            "participants": result.participants,
            "stated_totals": _totals_json(result.stated_totals, result.stated_totals_line),
            "computed_totals": _totals_json(result.computed_totals),
            "totals_agree": result.totals_agree,
        },
        "dataset": {"counted_on": result.counted_on, "totals": _totals_json(result.dataset_totals)},
        "agrees": result.agrees,
        "counts": {severity: result.count(severity) for severity in ("error", "warning", "info")},
        "findings": [finding_json(finding) for finding in result.findings],
        "apply": None,
    }
    if applied is not None:
        remaining = applied.remaining
        value["apply"] = {
            "written": list(applied.written),
            "edits": [_edit_json(edit) for edit in applied.edits],
            "source_id": applied.source_id,
            "source_added": applied.source_added,
            "reconciled_recorded": applied.reconciled_recorded,
            "problems": [
                {"path": p.path, "line": p.line, "column": p.column, "code": p.code, "message": p.message}
                for p in applied.problems
            ],
            "remaining": None
            if remaining is None
            else {
                "agrees": remaining.agrees,
                "findings": [finding_json(finding) for finding in remaining.findings if finding.is_discrepancy],
            },
        }
    return value
