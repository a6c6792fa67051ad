"""How `attu engagements`, `attu coordinate` and `attu champions` show their results.

Restricted output says so on its first line, partners output likewise (JSON and CSV cannot
begin with a sentence, so the command puts the notice on stderr). Terminal tables may wrap a
value over several lines, which would hide it from a check of the rendered text, so each
table's cells are also passed to the armed guard one by one before rendering.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from att_univ.core.formats import csv_text, json_text, markdown_escape, markdown_table
from att_univ.data.dataset import Dataset
from att_univ.data.models.engagement import Engagement
from att_univ.documents.languages import language_name
from att_univ.outreach.champions import Champion, Contact, RegionNetwork
from att_univ.outreach.coordination import Coordination, actor_label
from att_univ.outreach.engagements import EngagementFilter
from att_univ.outreach.tiers import long_date

RESTRICTED = "RESTRICTED — for the WGTU only: information on states and on outreach to them is not for public discussion (CSP9)."
PARTNERS = "PARTNERS — for cooperating entities only: do not publish."


def notice(audience: str) -> str | None:
    """The line that opens an output for this audience (none for the public)."""
    return {"restricted": RESTRICTED, "partners": PARTNERS}.get(audience)


def _opening(audience: str) -> list[str]:
    text = notice(audience)
    return [text, ""] if text else []


def _guard_cells(rows: Iterable[Sequence[Any]]) -> None:
    from att_univ.data.guard import armed_guard

    guard = armed_guard()
    if guard is not None:
        guard.check_values([list(row) for row in rows])


def _table(columns: Sequence[tuple[str, str]], rows: Sequence[Sequence[Any]], *, title: str | None = None) -> str:
    from att_univ.views.terminal import Column, render_table

    _guard_cells(rows)
    return render_table([Column(header, justify) for header, justify in columns], rows, title=title)


def _lines(lines: Sequence[tuple[str, str | None]]) -> str:
    from att_univ.views.terminal import render_lines

    return render_lines(lines)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


# --- engagements -----------------------------------------------------------------------------


def engagement_scope(view: Dataset, wanted: EngagementFilter, count: int) -> str:
    """One sentence saying what the list holds."""
    parts = [f"{_plural(count, 'engagement')}, newest first"]
    if wanted.state is not None:
        parts.append(f"with {view.states[wanted.state].name}")
    if wanted.actor is not None:
        actor = view.records["actors"][wanted.actor]
        parts.append(f"by {actor_label(actor)}")  # type: ignore[arg-type]
    if wanted.region is not None:
        parts.append(f"in {view.regions[wanted.region].name}")
    if wanted.since is not None:
        parts.append(f"since {long_date(wanted.since)}")
    return f"{', '.join(parts)}; recorded as at {long_date(view.meta.as_of)}"


def _when(engagement: Engagement, as_of: dt.date) -> str:
    text = long_date(engagement.date)
    if engagement.end_date is not None and engagement.end_date != engagement.date:
        text += f" to {long_date(engagement.end_date)}"
    return text + (" (planned)" if engagement.date > as_of else "")


def _by(view: Dataset, engagement: Engagement) -> str:
    actors = view.records.get("actors", {})
    # An actor this audience may not see is left out (the rules keep that from happening).
    return ", ".join(actor_label(actors[a]) for a in engagement.actors if a in actors)  # type: ignore[arg-type]


def _title(engagement: Engagement) -> str:
    return engagement.title + (f" ({engagement.place})" if engagement.place else "")


def engagements_json(found: Sequence[Engagement]) -> str:
    """A list of engagement records, each as its schema describes it."""
    return json_text([engagement.model_dump(mode="json") for engagement in found])


def engagements_csv(found: Sequence[Engagement]) -> str:
    """One row per engagement, the columns of the export's engagements.csv."""
    from att_univ.data.tables import tables

    table = tables("engagements", Engagement, "id", found)[0]
    return csv_text(table.headers, table.rows)


def engagements_markdown(view: Dataset, found: Sequence[Engagement], scope: str) -> str:
    """A Markdown table of the log, every cell escaped."""
    parts = [*_opening(view.audience), "# Engagements", "", markdown_escape(scope[0].upper() + scope[1:]) + ".", ""]
    if found:
        headers = ["Date", "Kind", "Title", "By", "States", "Outcome", "Follow-up"]
        rows = [
            [
                _when(e, view.meta.as_of),
                e.kind,
                _title(e),
                _by(view, e),
                ", ".join(e.states),
                e.outcome or "",
                long_date(e.follow_up) if e.follow_up else "",
            ]
            for e in found
        ]
        parts.append(markdown_table(headers, rows))
    else:
        parts.append("None recorded.")
    return "\n".join(parts).rstrip("\n") + "\n"


def engagements_table(view: Dataset, found: Sequence[Engagement], scope: str) -> str:
    """The log as a terminal table."""
    head = "".join(f"{line}\n" for line in _opening(view.audience)[:1])
    head += _lines([(scope[0].upper() + scope[1:] + ".", "bold")])
    if not found:
        return head + "None recorded.\n"
    rows = [
        [
            _when(e, view.meta.as_of),
            e.kind,
            _title(e),
            _by(view, e),
            ", ".join(e.states),
            long_date(e.follow_up) if e.follow_up else "",
        ]
        for e in found
    ]
    columns = [("Date", "left"), ("Kind", "left"), ("Title", "left"), ("By", "left"), ("States", "left"), ("Follow-up", "left")]
    return head + _table(columns, rows)


# --- coordinate ------------------------------------------------------------------------------


def _settings(result: Coordination) -> list[str]:
    lines = [
        f"Overlaps: engagements from {long_date(result.window_start)} to {long_date(result.window_end)} "
        f"({result.window_days} days either side), by actors who do not refer to each other, within {result.window_days} days.",
        f"Gaps: states in tiers 1 and 2 of the plans' focus regions with no engagement since {long_date(result.gap_since)} "
        f"({_plural(result.gap_months, 'month')}).",
    ]
    if result.plans:
        for plan in result.plans:
            example = " (an example of the format)" if plan.example else ""
            lines.append(f"Plan in force: {plan.id}{example}; focus regions: {', '.join(plan.regions)}.")
    else:
        lines.append(f"No plan is in force on {long_date(result.as_of)}, so there are no focus regions to look for gaps in.")
    return lines


def _none(section: str, result: Coordination) -> str:
    return {
        "overlaps": "None: no two actors engaged the same state in the window without referring to each other.",
        "gaps": "None: every tier 1 and 2 state of the focus regions was engaged in the period."
        if result.plans
        else "None to report: no plan is in force.",
        "overdue": "None: every follow-up due before the date has been followed up.",
        "unpaired": "None: every champion accompanies at least one state not yet party (or no champion is recorded).",
    }[section]


def _coordination_rows(result: Coordination) -> dict[str, tuple[list[str], list[list[Any]]]]:
    return {
        "overlaps": (
            ["States", "Why"],
            [[", ".join(o.state_names), o.why] for o in result.overlaps],
        ),
        "gaps": (
            ["Tier", "State", "ISO3", "Why"],
            [[g.tier, g.name, g.iso3, g.why] for g in result.gaps],
        ),
        "overdue": (
            ["Due", "Days overdue", "Engagement", "Why"],
            [[long_date(f.due), f.days_overdue, f.engagement.title, f.why] for f in result.overdue],
        ),
        "unpaired": (
            ["Champion", "Regions", "Why"],
            [[c.name, ", ".join(c.regions), c.why] for c in result.unpaired],
        ),
    }


_SECTION_TITLES = {
    "overlaps": "Overlapping outreach",
    "gaps": "Gaps: tier 1 and 2 states nobody has engaged",
    "overdue": "Overdue follow-ups",
    "unpaired": "Champions without a paired state",
}


def coordination_json(result: Coordination) -> str:
    """The findings as one object; `sensitivity` says it is restricted."""
    document = dataclasses.asdict(result)
    document["sensitivity"] = "restricted"
    return json_text(document)


def coordination_csv(result: Coordination) -> str:
    """The findings as one table: a `finding` column names the section; other columns are those of the sections."""
    sections = _coordination_rows(result)
    headers = list(dict.fromkeys(h for section_headers, _ in sections.values() for h in section_headers))
    rows = []
    for key, (section_headers, section_rows) in sections.items():
        for row in section_rows:
            cells = dict(zip(section_headers, row, strict=True))
            rows.append([key, *(cells.get(h, "") for h in headers)])
    return csv_text(["finding", *headers, "as_of"], [[*row, result.as_of] for row in rows])


def coordination_markdown(result: Coordination) -> str:
    """The findings as Markdown under the restricted notice."""
    parts = [RESTRICTED, "", f"# Coordination as at {long_date(result.as_of)}", ""]
    parts += [f"- {markdown_escape(line)}" for line in _settings(result)]
    parts.append("")
    for key, (headers, rows) in _coordination_rows(result).items():
        parts += [f"## {_SECTION_TITLES[key]} ({len(rows)})", ""]
        parts.append(markdown_table(headers, rows) if rows else _none(key, result) + "\n")
    return "\n".join(parts).rstrip("\n") + "\n"


OVERDUE_SHOWN = 40  # overdue follow-ups in a table without --full: the most recently due


def coordination_table(result: Coordination, *, full: bool = False) -> str:
    """The findings as terminal tables under the restricted notice.

    Overdue follow-ups are the one finding that grows with the log (every follow-up ever missed):
    unless `full`, the table shows the most recently due, the ones still worth chasing, and says
    how many earlier ones it leaves out and how to see them.
    """
    heading = [(f"Coordination as at {long_date(result.as_of)}", "bold"), *((s, None) for s in _settings(result))]
    out = [RESTRICTED + "\n" + _lines(heading)]
    justify = {"Tier": "right", "Days overdue": "right"}
    for key, (headers, rows) in _coordination_rows(result).items():
        title = f"{_SECTION_TITLES[key]} ({len(rows)})"
        left_out = len(rows) - OVERDUE_SHOWN if key == "overdue" and not full and len(rows) > OVERDUE_SHOWN else 0
        if rows:
            out.append("\n" + _table([(h, justify.get(h, "left")) for h in headers], rows[left_out:], title=title))
        else:
            out.append(_lines([("", None), (title, "bold"), (_none(key, result), None)]))
        if left_out:
            out.append(
                _lines(
                    [
                        (
                            f"The {OVERDUE_SHOWN} most recently due are shown; {left_out:,} due earlier are not: "
                            "--full lists every one, as do --format csv and json.",
                            None,
                        )
                    ]
                )
            )
    return "".join(out)


# --- champions -------------------------------------------------------------------------------


def _contact(contact: Contact | None) -> str:
    if contact is None:
        return "none recorded"
    by = f" (by {', '.join(contact.actors)})" if contact.actors else ""
    return f"{long_date(contact.date)}: {contact.title}{by}"


def _region_lines(region: RegionNetwork) -> list[str]:
    lines = []
    if region.plans:
        lines.append(f"Focus region of {', '.join(region.plans)}.")
    if region.facilitators:
        for f in region.facilitators:
            state = f" ({f.state_name})" if f.state_name else ""
            lines.append(f"Regional facilitator: {f.name}{state}; last contact in the region: {_contact(f.last_contact)}.")
    else:
        lines.append(f"No regional facilitator is recorded for {region.name}.")
    if not region.champions:
        lines.append(f"No champions are recorded yet for {region.name}.")
    return lines


def _paired(champion: Champion) -> str:
    if not champion.paired:
        return "none"
    return "; ".join(f"{p.name} ({p.status}; last contact {_contact(p.last_contact)})" for p in champion.paired)


def _offers(champion: Champion) -> str:
    words = [f"{kind.replace('-', ' ')}: {summary.rstrip('.')}" for kind, summary in champion.offers]
    if champion.languages:
        words.append("languages: " + ", ".join(language_name(code) for code in champion.languages))
    return "; ".join(words)


def _champion_rows(region: RegionNetwork) -> list[list[Any]]:
    return [
        [
            c.name,
            c.state_name or "",
            long_date(c.since) if c.since else "",
            _offers(c),
            _paired(c),
            _contact(c.last_contact),
        ]
        for c in region.champions
    ]


_CHAMPION_HEADERS = ["Champion", "State", "Since", "Offers", "Paired states", "Last contact in the region"]


def _champions_heading(found: Sequence[RegionNetwork], day: dt.date) -> str:
    if not found:
        return f"No region has a plan in force or a champion on {long_date(day)}."
    return f"The regional network as at {long_date(day)}: {_plural(len(found), 'region')}"


def champions_json(found: Sequence[RegionNetwork], day: dt.date, audience: str) -> str:
    """The network as a list of regions."""
    return json_text({"as_of": day, "audience": audience, "regions": [dataclasses.asdict(r) for r in found]})


def champions_csv(found: Sequence[RegionNetwork], day: dt.date) -> str:
    """One row per champion and region, for spreadsheets."""
    rows = [[region.slug, region.name, *row, day] for region in found for row in _champion_rows(region)]
    return csv_text(["region", "region_name", *_CHAMPION_HEADERS, "as_of"], rows)


def champions_markdown(found: Sequence[RegionNetwork], day: dt.date, audience: str) -> str:
    """The network as Markdown: a section per region."""
    parts = [*_opening(audience), f"# {markdown_escape(_champions_heading(found, day))}", ""]
    for region in found:
        parts += [f"## {markdown_escape(region.name)}", ""]
        parts += [f"- {markdown_escape(line)}" for line in _region_lines(region)]
        parts.append("")
        if region.champions:
            parts.append(markdown_table(_CHAMPION_HEADERS, _champion_rows(region)))
    return "\n".join(parts).rstrip("\n") + "\n"


def champions_table(found: Sequence[RegionNetwork], day: dt.date, audience: str) -> str:
    """The network as terminal text and tables."""
    head = "".join(f"{line}\n" for line in _opening(audience)[:1])
    out = [head + _lines([(_champions_heading(found, day), "bold")])]
    for region in found:
        out.append(_lines([("", None), (region.name, "bold"), *((line, None) for line in _region_lines(region))]))
        if region.champions:
            out.append(_table([(h, "left") for h in _CHAMPION_HEADERS], _champion_rows(region)))
    if audience == "public":
        left_out = "Public view: what is not public (such as the states champions accompany) is left out."
        out.append(_lines([("", None), (left_out, "italic")]))
    return "".join(out)
