"""`attu diff` and `attu history` as text, Markdown and JSON, each showing an audience only what it may see.

Every format is rendered from one view, built once per audience by `diff_view` and
`history_view`: changes the audience may not read are left out there and only counted
("2 restricted fields changed"), so no format can show more than another.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from att_univ.core.formats import json_text, markdown_escape
from att_univ.core.wording import long_date
from att_univ.review.changes import Change, DatasetChanges, OffThePage, RecordChanges, Totals
from att_univ.review.diff import StateHistory

# GitHub refuses pull-request comments over 65,536 characters (a job summary may hold 1 MiB).
MARKDOWN_LIMIT = 65_536
_TOTAL_ROWS = (
    ("parties", "States Parties"),
    ("signatories", "Signatories (not yet party)"),
    ("non_signatories", "Non-signatories"),
    ("states", "All states"),
)


def restricted_count(count: int, noun: str = "field") -> str:
    """'1 restricted field changed', '2 restricted fields changed'."""
    return f"{count} restricted {noun}{'s' * (count != 1)} changed"


# --- the view ------------------------------------------------------------------------------------


def diff_view(changes: DatasetChanges, audience: str) -> dict[str, Any]:
    """Everything `attu diff` shows this audience, as plain values (the JSON output)."""
    engagements = [e for e in changes.engagements if e.visible_to(audience)]
    view: dict[str, Any] = {
        "base": changes.before_label,
        "head": changes.after_label,
        "audience": audience,
        "as_of": {"before": changes.totals_before.as_of, "after": changes.totals_after.as_of},
        "totals": {"before": _totals(changes.totals_before), "after": _totals(changes.totals_after)},
        "unreadable": [r.name for r in changes.states if r.action == "unreadable"],
        "dataset": [_change(c) for c in changes.meta if c.visible_to(audience)],
        "states": [_record(r, audience) for r in changes.states],
        "regions": [_record(r, audience) for r in changes.regions],
        "engagements": [_record(r, audience) for r in engagements],
        "restricted_engagements": len(changes.engagements) - len(engagements),
        "validation": {
            "introduced": [_problem(p) for p in changes.introduced],
            "fixed": [_problem(p) for p in changes.fixed],
        },
    }
    view["off_the_page"] = [_off_the_page(item) for item in changes.off_the_page]
    cited = [source for kind in ("states", "regions") for item in view[kind] for source in _record_sources(item)]
    view["sources"] = {
        source: changes.source_titles.get(source, "(not listed in dataset.yaml)") for source in dict.fromkeys(cited)
    }
    if audience == "restricted" and changes.tier_moves is not None:
        view["tier_moves"] = [{"iso3": m.iso3, "name": m.name, "before": m.before, "after": m.after} for m in changes.tier_moves]
    return view


def _totals(totals: Totals) -> dict[str, int]:
    return {key: getattr(totals, key) for key, _ in _TOTAL_ROWS}


def _change(change: Change) -> dict[str, Any]:
    return {"field": change.field, "action": change.action, "text": change.text, "sources": list(change.sources)}


def _record_sources(item: dict[str, Any]) -> list[str]:
    return [*item.get("headline_sources", ()), *(source for change in item["changes"] for source in change["sources"])]


def _off_the_page(item: OffThePage) -> dict[str, Any]:
    return {
        "iso3": item.iso3,
        "name": item.name,
        "deposited": item.deposited,
        "page": item.page,
        "status_as_at": item.status_as_at,
        "predates_page": item.predates_page,
    }


def _off_the_page_line(item: dict[str, Any]) -> str:
    """Why a new deposit is not on the depositary's page the dataset was last reconciled with, and what to do."""
    page = f"the depositary's page as at {long_date(item['status_as_at'])} ({item['page']})"
    deposit = f"{item['name']} ({item['iso3']}): the deposit of {item['deposited'].isoformat()}"
    last = "which the dataset was last reconciled with"
    if item["predates_page"]:
        return f"{deposit} is not on {page}, {last}, though it is older: check its date and source."
    return f"{deposit} is newer than {page}, {last}: reconcile against a newer page once it lists it (attu reconcile)."


def _cites(sources: list[str]) -> str:
    return f" [{', '.join(sources)}]" if sources else ""


def _record(record: RecordChanges, audience: str) -> dict[str, Any]:
    shown, hidden = record.split(audience)
    item: dict[str, Any] = {"key": record.key, "name": record.name, "action": record.action}
    if record.kind == "states":
        item.update(status_before=record.status_before, status_after=record.status_after)
    item.update(headline=record.headline, changes=[_change(c) for c in shown], restricted_changes=hidden)
    item["headline_sources"] = list(record.headline_sources)
    return item


def _problem(problem: Any) -> dict[str, Any]:
    return {
        "path": problem.path,
        "line": problem.line,
        "column": problem.column,
        "severity": problem.severity,
        "code": problem.code,
        "message": problem.message,
    }


def _problem_line(p: dict[str, Any]) -> str:
    return f"{p['path']}:{p['line']}:{p['column']}: {p['severity']}[{p['code']}]: {p['message']}"


def _is_empty(view: dict[str, Any]) -> bool:
    return not (
        view["dataset"]
        or view["states"]
        or view["regions"]
        or view["engagements"]
        or view["restricted_engagements"]
        or view["validation"]["introduced"]
        or view["validation"]["fixed"]
        or view.get("tier_moves")
        or view.get("off_the_page")
    )


def _record_lines(item: dict[str, Any]) -> tuple[str, list[str]]:
    """A record's heading line (without its name) and its change lines, each with the sources it cites."""
    lines = [c["text"] + _cites(c["sources"]) for c in item["changes"]]
    if item["restricted_changes"]:
        lines.append(restricted_count(item["restricted_changes"]))
    head = (item["headline"] or "") + _cites(item.get("headline_sources", []) if item["headline"] else [])
    if not head and len(lines) == 1 and not item["changes"]:
        return lines[0], []  # "Gambia (GMB): 2 restricted fields changed"
    return head, lines


def _name(item: dict[str, Any], kind: str) -> str:
    return f"{item['name']} ({item['key']})" if kind == "states" else item["name"]


def _as_of_line(view: dict[str, Any]) -> str:
    before, after = view["as_of"]["before"], view["as_of"]["after"]
    if before == after:
        return f"Dataset as at {long_date(after)} on both sides."
    return f"Dataset as at {long_date(before)} → as at {long_date(after)}."


def _unreadable_line(view: dict[str, Any]) -> str | None:
    names = view["unreadable"]
    if not names:
        return None
    count = len(names)
    return f"The totals after leave out {count} state{'s' * (count != 1)} whose file cannot be read: {', '.join(names)}."


def _delta(before: int, after: int) -> str:
    difference = after - before
    return "" if difference == 0 else f"+{difference}" if difference > 0 else f"−{-difference}"


# --- text ------------------------------------------------------------------------------------------


def diff_text(view: dict[str, Any]) -> str:
    """The changes for a terminal."""
    lines = [f"Changes from {view['base']} to {view['head']}", _as_of_line(view), ""]
    if _is_empty(view):
        lines.append("No change to the dataset." if not view.get("protected") else "No change that your keys can read.")
        return "\n".join([*lines, *protected_lines(view)]) + "\n"
    before, after = view["totals"]["before"], view["totals"]["after"]
    width = max(len(label) for _, label in _TOTAL_ROWS)
    lines.append(f"{'':<{width}}  {'before':>6}  {'after':>6}  {'change':>6}")
    for key, label in _TOTAL_ROWS:
        lines.append(f"{label:<{width}}  {before[key]:>6}  {after[key]:>6}  {_delta(before[key], after[key]):>6}")
    if _unreadable_line(view):
        lines.append(str(_unreadable_line(view)))
    validation = view["validation"]
    if validation["introduced"] or validation["fixed"]:
        lines += ["", "Validation"]
        for key, word in (("introduced", "introduced"), ("fixed", "fixed")):
            if validation[key]:
                lines.append(f"  {len(validation[key])} problem{'s' * (len(validation[key]) != 1)} {word}:")
                lines += [f"    {_problem_line(p)}" for p in validation[key]]
    for kind, title in (("states", "States"), ("regions", "Regions")):
        if view[kind]:
            lines += ["", f"{title} ({len(view[kind])})"]
            for item in view[kind]:
                head, details = _record_lines(item)
                lines.append(f"  {_name(item, kind)}" + (f": {head}" if head else ""))
                lines += [f"    - {line}" for line in details]
    if view["engagements"] or view["restricted_engagements"]:
        lines += ["", "Engagements"]
        for item in view["engagements"]:
            lines += [f"  {item['action']}: {c['text']}" for c in item["changes"]]
        if view["restricted_engagements"]:
            lines.append(f"  {_restricted_engagements(view['restricted_engagements'])}")
    if view["dataset"]:
        lines += ["", "dataset.yaml"]
        lines += [f"  - {c['text']}" for c in view["dataset"]]
    if view.get("tier_moves"):
        lines += ["", "Tier moves (restricted)"]
        lines += [f"  {m['name']} ({m['iso3']}): {_tier(m['before'])} → {_tier(m['after'])}" for m in view["tier_moves"]]
    if view.get("off_the_page"):
        lines += ["", "Not on the depositary's page"]
        lines += [f"  {_off_the_page_line(item)}" for item in view["off_the_page"]]
    if view.get("sources"):
        lines += ["", "Sources cited"]
        lines += [f"  {key}: {title}" for key, title in view["sources"].items()]
    lines += protected_lines(view)
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _restricted_engagements(count: int) -> str:
    return f"{count} restricted engagement{'s' * (count != 1)} added, changed or removed"


# --- Markdown ------------------------------------------------------------------------------------


def diff_markdown(view: dict[str, Any], *, limit: int = MARKDOWN_LIMIT) -> str:
    """The changes for a pull-request comment or a CI job summary, cut to `limit` characters with a note."""
    e = markdown_escape
    lines = [f"## Dataset changes: {e(view['base'])} → {e(view['head'])}", "", e(_as_of_line(view)), ""]
    if _is_empty(view):
        lines.append("No change to the dataset." if not view.get("protected") else "No change that your keys can read.")
        return _fit([*lines, *protected_lines(view, escape=e)], limit)
    before, after = view["totals"]["before"], view["totals"]["after"]
    lines += ["| | before | after | change |", "| --- | ---: | ---: | ---: |"]
    for key, label in _TOTAL_ROWS:
        lines.append(f"| {label} | {before[key]} | {after[key]} | {_delta(before[key], after[key])} |")
    if _unreadable_line(view):
        lines += ["", e(_unreadable_line(view))]
    validation = view["validation"]
    if validation["introduced"] or validation["fixed"]:
        lines += ["", "### Validation", ""]
        for key, word in (("introduced", "introduced"), ("fixed", "fixed")):
            problems = validation[key]
            if problems:
                lines.append(f"**{len(problems)} problem{'s' * (len(problems) != 1)} {word}**")
                lines.append("")
                lines += [f"- {e(_problem_line(p))}" for p in problems]
                lines.append("")
    for kind, title in (("states", "States"), ("regions", "Regions")):
        if view[kind]:
            lines += ["", f"### {title} ({len(view[kind])})", ""]
            for item in view[kind]:
                head, details = _record_lines(item)
                lines.append(f"- **{e(_name(item, kind))}**" + (f": {e(head)}" if head else ""))
                lines += [f"  - {e(line)}" for line in details]
    if view["engagements"] or view["restricted_engagements"]:
        lines += ["", "### Engagements", ""]
        for item in view["engagements"]:
            lines += [f"- {e(item['action'])}: {e(c['text'])}" for c in item["changes"]]
        if view["restricted_engagements"]:
            lines.append(f"- {_restricted_engagements(view['restricted_engagements'])}")
    if view["dataset"]:
        lines += ["", "### dataset.yaml", ""]
        lines += [f"- {e(c['text'])}" for c in view["dataset"]]
    if view.get("tier_moves"):
        lines += ["", "### Tier moves (restricted)", ""]
        lines += [
            f"- **{e(m['name'])} ({e(m['iso3'])})**: {e(_tier(m['before']))} → {e(_tier(m['after']))}" for m in view["tier_moves"]
        ]
    if view.get("off_the_page"):
        lines += ["", "### Not on the depositary's page", ""]
        lines += [f"- {e(_off_the_page_line(item))}" for item in view["off_the_page"]]
    if view.get("sources"):
        lines += ["", "### Sources cited", ""]
        lines += [f"- `{key}`: {e(title)}" for key, title in view["sources"].items()]
    lines += protected_lines(view, escape=e)
    return _fit(lines, limit)


def _fit(lines: list[str], limit: int) -> str:
    """The lines as one text of at most `limit` characters; what does not fit is cut, with a note that says so."""
    text = "\n".join(lines) + "\n"
    if len(text) <= limit:
        return text
    kept: list[str] = []
    size = 0
    for index, line in enumerate(lines):
        note = _cut_note(len(lines) - index, limit)
        if size + len(line) + 1 + len(note) > limit:
            return "\n".join(kept) + "\n" + note
        kept.append(line)
        size += len(line) + 1
    return text  # pragma: no cover - the loop returns once the limit is reached


def _cut_note(remaining: int, limit: int) -> str:
    return (
        f"\n> **Cut short:** {remaining} more line{'s' * (remaining != 1)} did not fit in {limit:,} characters "
        "(GitHub's limit for a comment). Run `attu diff` with the same revisions to see every change.\n"
    )


# --- history -------------------------------------------------------------------------------------


def history_view(history: StateHistory, audience: str) -> dict[str, Any]:
    """Everything `attu history` shows this audience, as plain values (the JSON output)."""
    commits = []
    for entry in history.entries:
        item: dict[str, Any] = {
            "commit": entry.sha,
            "short": entry.short,
            "date": entry.authored.isoformat(),
            "author": entry.author,
        }
        if audience == "restricted":
            item["subject"] = entry.subject  # commit messages are free text nobody classified
        item.update(status=_STATUS.get(entry.status, entry.status), path=entry.path, old_path=entry.old_path)
        item["boundary"] = entry.boundary
        change = entry.change
        if change is not None:
            shown, hidden = change.split(audience)
            item.update(
                status_before=change.status_before,
                status_after=change.status_after,
                headline=_history_headline(entry.boundary, change),
                changes=[_change(c) for c in shown],
                restricted_changes=hidden,
            )
        else:
            item.update(headline=None, changes=[], restricted_changes=0)
        item["problems"] = [_problem(p) for p in entry.problems]
        if entry.protected:  # encrypted values the reader's keys cannot open: which fields, never a value
            item["protected"] = [{"file": name, "field": field, "count": count} for name, field, count in entry.protected]
        commits.append(item)
    return {
        "iso3": history.iso3,
        "name": history.name,
        "path": history.path,
        "revision": history.revision,
        "audience": audience,
        "shallow": history.shallow,
        "missing": history.missing_note,
        "commits": commits,
    }


_STATUS = {"A": "added", "M": "modified", "D": "deleted", "R": "renamed", "C": "copied"}


def _history_headline(boundary: bool, change: RecordChanges) -> str | None:
    if boundary:
        status = change.status_after or "non-signatory"
        return f"oldest version in this clone: {status}"
    if change.action == "added":
        return (change.headline or "").replace("added to the dataset", "record created", 1)
    return change.headline


def _history_lines(item: dict[str, Any]) -> list[str]:
    lines = []
    if item["status"] == "renamed" and item["old_path"]:
        lines.append(f"renamed from {item['old_path']}")
    if item["headline"]:
        lines.append(item["headline"])
    lines += [c["text"] for c in item["changes"]]
    if item["restricted_changes"]:
        lines.append(restricted_count(item["restricted_changes"]))
    if item.get("protected"):
        fields = ", ".join(f"{changed['field']} ({changed['count']})" for changed in item["protected"])
        lines.append(f"encrypted values changed (your keys do not open them; their content is not shown): {fields}")
    if item["problems"]:
        lines.append(f"the file could not be read after this commit ({len(item['problems'])} problems)")
        lines += [f"  {_problem_line(p)}" for p in item["problems"]]
    if not lines:
        lines.append("no change to the record's content")
    return lines


def history_text(view: dict[str, Any]) -> str:
    """A state's story for a terminal, oldest commit first."""
    count = len(view["commits"])
    lines = [f"History of {view['name']} ({view['iso3']}), {view['path']}: {count} commit{'s' * (count != 1)}"]
    if view["missing"]:
        lines.append(f"Note: {view['missing']}.")
    for item in view["commits"]:
        lines.append("")
        heading = f"{item['date'][:10]}  {item['short']}  {item['author']}"
        if "subject" in item:
            heading += f"  {item['subject']}"
        lines.append(heading)
        lines += [f"  {line}" for line in _history_lines(item)]
    return "\n".join(lines) + "\n"


def history_markdown(view: dict[str, Any], *, limit: int = MARKDOWN_LIMIT) -> str:
    """A state's story in Markdown, oldest commit first."""
    e = markdown_escape
    count = len(view["commits"])
    lines = [f"## History of {e(view['name'])} ({e(view['iso3'])})", "", f"{e(view['path'])}: {count} commit{'s' * (count != 1)}"]
    if view["missing"]:
        lines += ["", f"> **Note:** {e(view['missing'])}."]
    for item in view["commits"]:
        heading = f"**{e(item['date'][:10])}** `{item['short']}` {e(item['author'])}"
        if "subject" in item:
            heading += f": {e(item['subject'])}"
        lines += ["", f"- {heading}"]
        lines += [f"  - {e(line)}" for line in _history_lines(item)]
    return _fit(lines, limit)


def as_json(view: dict[str, Any]) -> str:
    """A view as JSON."""
    return json_text(view)


def _tier(tier: str | None) -> str:
    # Parties have no tier; neither has a state missing from one side of the comparison.
    return f"tier {tier}" if tier else "no tier"


def protected_lines(view: dict[str, Any], escape: Callable[[str], str] = str) -> list[str]:
    """Encrypted values that changed where the reader holds no key for them: file, field and count only."""
    changed = view.get("protected") or []
    if not changed:
        return []
    lines = ["", "Encrypted values changed (your keys do not open them; their content is not shown):"]
    lines += [f"- {escape(item['file'])}: {escape(item['field'])} ({item['count']})" for item in changed]
    return lines
