"""How `attu tiers`, `attu support` and `attu plan` show their results: tables, JSON, Markdown, templates.

Every output here is restricted and says so first: a line for people, a field for programs
(a JSON document cannot start with a sentence, so its notice goes to stderr from the CLI).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from att_univ.core.formats import json_text, markdown_escape, markdown_table
from att_univ.core.wording import RESTRICTED_ADVICE_NOTICE
from att_univ.outreach.plans import PlanView
from att_univ.outreach.support import PROGRAMME_WORDS, Advice
from att_univ.outreach.tiers import FLAG_WORDS, RANKING_RULES, TIER_LABELS, TIERS, VOTES_REASON, TierAssignment, long_date

if TYPE_CHECKING:
    from att_univ.documents.docx import WordFile


def _scope(count: int, where: str | None, day: dt.date) -> str:
    states = f"{count} state{'s' * (count != 1)} not yet party"
    return f"{states}{f' in {where}' if where else ''}, as at {long_date(day)}"


def _flags(assignment: TierAssignment) -> str:
    return "; ".join(FLAG_WORDS[f] for f in assignment.flags)


def tiers_json(assignments: Sequence[TierAssignment], day: dt.date) -> str:
    """A list of objects: iso3, name, tier, rank, reasons, flags and the facts the tier rests on."""
    return json_text(
        [
            {
                "iso3": a.iso3,
                "name": a.name,
                "tier": a.tier,
                "rank": a.rank,
                "reasons": list(a.reasons),
                "flags": list(a.flags),
                "status": a.status,
                "stage": a.stage,
                "readiness": a.readiness,
                "as_of": day,
                "sensitivity": "restricted",
            }
            for a in assignments
        ]
    )


def tiers_markdown(
    assignments: Sequence[TierAssignment], day: dt.date, where: str | None, *, compact: bool = True, only_tier: int | None = None
) -> str:
    """One Markdown table per tier, under the restricted notice."""
    parts = [RESTRICTED_ADVICE_NOTICE, "", f"# Tiers: {markdown_escape(_scope(len(assignments), where, day))}", ""]
    parts += [tiers_compact_note(compact), ""]
    for tier in TIERS if only_tier is None else (only_tier,):
        rows = [a for a in assignments if a.tier == tier]
        parts += [f"## Tier {tier}: {TIER_LABELS[tier]} ({len(rows)})", "", f"Order: {RANKING_RULES[tier]}.", ""]
        if rows:
            headers, cells = _tier_rows(rows, compact)
            parts.append(markdown_table(headers, cells, align="r"))
        else:
            parts += ["No state is in this tier.", ""]
    return "\n".join(parts).rstrip("\n") + "\n"


def tiers_table(
    assignments: Sequence[TierAssignment], day: dt.date, where: str | None, *, compact: bool = True, only_tier: int | None = None
) -> str:
    """Terminal tables, one per tier (or the one asked for), under the restricted notice."""
    from att_univ.views.terminal import Column, render_lines, render_table

    # The notice is written as it is, never wrapped, so that the first line says it whole.
    heading = [(f"Tiers: {_scope(len(assignments), where, day)}", "bold"), (tiers_compact_note(compact), None)]
    out = [RESTRICTED_ADVICE_NOTICE + "\n", render_lines(heading)]
    for tier in TIERS if only_tier is None else (only_tier,):
        rows = [a for a in assignments if a.tier == tier]
        title = f"Tier {tier}: {TIER_LABELS[tier]} ({len(rows)})"
        if rows:
            headers, cells = _tier_rows(rows, compact)
            columns = [Column(h, "right" if h == "Rank" else "left") for h in headers]
            out.append(render_table(columns, cells, title=title))
        else:
            out.append(render_lines([(title, "italic"), ("No state is in this tier.", None)]))
    return "\n".join(out)


RESTRICTED = "restricted"
TIERS_CSV_HEADERS = ("iso3", "name", "tier", "rank", "flags", "reasons", "status", "stage", "readiness", "as_of", "sensitivity")


def tiers_csv(assignments: Sequence[TierAssignment], day: dt.date) -> str:
    """One row per state, for spreadsheets: the columns of the JSON, lists joined with `; `."""
    from att_univ.core.formats import csv_text

    rows = [
        [a.iso3, a.name, a.tier, a.rank, "; ".join(a.flags), " ".join(a.reasons), a.status, a.stage, a.readiness, day, RESTRICTED]
        for a in assignments
    ]
    return csv_text(TIERS_CSV_HEADERS, rows)


def _grouped(rows: Sequence[TierAssignment]) -> list[tuple[list[TierAssignment], str, str]]:
    """States of a tier that share the same reasons and flags, in the order of their first rank."""
    groups: dict[tuple[tuple[str, ...], tuple[str, ...]], list[TierAssignment]] = {}
    for assignment in rows:
        # A state's voting record is its own: grouping on it would split every group, so the compact
        # list leaves it to --full and --explain.
        shared = tuple(reason for reason in assignment.reasons if not reason.startswith(VOTES_REASON))
        groups.setdefault((shared, assignment.flags), []).append(assignment)
    return [(members, " ".join(reasons), "; ".join(FLAG_WORDS[f] for f in flags)) for (reasons, flags), members in groups.items()]


def rank_ranges(ranks: Sequence[int]) -> str:
    """1, 2, 3, 5 → "1–3, 5": the places a group of states holds in its tier."""
    parts: list[str] = []
    start = previous = None
    for rank in sorted(ranks):
        if previous is not None and rank == previous + 1:
            previous = rank
            continue
        if start is not None:
            parts.append(str(start) if start == previous else f"{start}–{previous}")
        start = previous = rank
    if start is not None:
        parts.append(str(start) if start == previous else f"{start}–{previous}")
    return ", ".join(parts)


def _states(members: Sequence[TierAssignment]) -> str:
    if len(members) == 1:
        return f"{members[0].name} ({members[0].iso3})"
    return f"{len(members)} states: " + ", ".join(f"{a.name} ({a.iso3})" for a in members)


def _tier_rows(rows: Sequence[TierAssignment], compact: bool) -> tuple[list[str], list[list[Any]]]:
    if not compact:
        return ["Rank", "State", "ISO3", "Flags", "Why"], [[a.rank, a.name, a.iso3, _flags(a), " ".join(a.reasons)] for a in rows]
    if not any(a.flags for a in rows):  # an empty column only takes room from the reasons
        return ["Rank", "States", "Why"], [[rank_ranges([a.rank for a in m]), _states(m), why] for m, why, _ in _grouped(rows)]
    grouped = [[rank_ranges([a.rank for a in m]), _states(m), flags, why] for m, why, flags in _grouped(rows)]
    return ["Rank", "States", "Flags", "Why"], grouped


def tiers_compact_note(compact: bool) -> str:
    """How to get the other layout, under the heading."""
    if compact:
        return "States that share the same reasons are listed together; --full gives one row per state, with its votes."
    return "One row per state."


def explain_text(assignment: TierAssignment, day: dt.date, in_tier: int) -> str:
    """Why one state is in its tier and at its place, in sentences."""
    lines = [
        RESTRICTED_ADVICE_NOTICE,
        "",
        f"{assignment.name} ({assignment.iso3}) as at {long_date(day)}: tier {assignment.tier}, "
        f"{TIER_LABELS[assignment.tier].lower()}; rank {assignment.rank} of {in_tier} in the tier.",
        "",
        *(f"- {reason}" for reason in assignment.reasons),
    ]
    if assignment.flags:
        lines += ["", "Flags: " + "; ".join(f"{flag} ({FLAG_WORDS[flag]})" for flag in assignment.flags)]
    lines += ["", f"Order inside tier {assignment.tier}: {RANKING_RULES[assignment.tier]}."]
    return "\n".join(lines) + "\n"


def _advice_row(item: Advice) -> list[Any]:
    programme = PROGRAMME_WORDS[item.programme] if item.programme else ""
    return [item.tier, item.rank, item.name, item.iso3, item.step.label, programme, item.reason]


def advice_json(items: Sequence[Advice], day: dt.date) -> str:
    """Advice as a list of objects."""
    return json_text(
        [
            {
                "iso3": a.iso3,
                "name": a.name,
                "tier": a.tier,
                "rank": a.rank,
                "next_step": a.step.key,
                "next_step_label": a.step.label,
                "programme": a.programme,
                "reason": a.reason,
                "approach": a.approach,
                "history": list(a.history),
                "needs": [{"category": n.category, "summary": n.summary, "offers": [r.id for r in n.resources]} for n in a.needs],
                "as_of": day,
                "sensitivity": "restricted",
            }
            for a in items
        ]
    )


ADVICE_CSV_HEADERS = ("iso3", "name", "tier", "rank", "next_step", "next_step_label", "programme", "reason", "approach")


def advice_csv(items: Sequence[Advice], day: dt.date) -> str:
    """Advice as one row per state, for spreadsheets (needs and history are in the JSON)."""
    from att_univ.core.formats import csv_text

    rows = [
        [a.iso3, a.name, a.tier, a.rank, a.step.key, a.step.label, a.programme, a.reason, a.approach, day, RESTRICTED]
        for a in items
    ]
    return csv_text((*ADVICE_CSV_HEADERS, "as_of", "sensitivity"), rows)


def advice_markdown(items: Sequence[Advice], heading: str) -> str:
    """Advice as a Markdown table under the restricted notice."""
    parts = [RESTRICTED_ADVICE_NOTICE, "", f"# {markdown_escape(heading)}", ""]
    if items:
        headers = ["Tier", "Rank", "State", "ISO3", "Next step", "Programme", "Why"]
        parts.append(markdown_table(headers, [_advice_row(a) for a in items], align="rr"))
    else:
        parts.append("None.")
    return "\n".join(parts).rstrip("\n") + "\n"


def advice_table(items: Sequence[Advice], heading: str) -> str:
    """Advice as a terminal table under the restricted notice."""
    from att_univ.views.terminal import Column, render_lines, render_table

    head = RESTRICTED_ADVICE_NOTICE + "\n" + render_lines([(heading, "bold")])
    if not items:
        return head + "None.\n"
    columns = [
        Column("Tier", "right"),
        Column("Rank", "right"),
        Column("State"),
        Column("ISO3"),
        Column("Next step"),
        Column("Programme"),
        Column("Why"),
    ]
    return head + render_table(columns, [_advice_row(a) for a in items])


def advice_detail(item: Advice, day: dt.date) -> str:
    """Everything attu advises for one state: next step, support had, needs and matching offers."""
    lines = [
        RESTRICTED_ADVICE_NOTICE,
        "",
        f"{item.name} ({item.iso3}) as at {long_date(day)}: tier {item.tier}, rank {item.rank}.",
        "",
        f"Next step: {item.step.label}.",
        item.reason,
    ]
    if item.approach:
        programme = PROGRAMME_WORDS[item.programme] if item.programme else ""
        lines.append(f"Approach it about the {programme} before it applies.")
    lines += ["", "Support so far:"]
    lines += [f"- {entry}" for entry in item.history] or ["- none recorded."]
    lines += ["", "Declared needs and offers that can meet them:"]
    for need in item.needs:
        offers = ", ".join(f"{r.name} ({r.id})" for r in need.resources) or "no offer recorded"
        lines.append(f"- {need.category}: {need.summary} Offers: {offers}.")
    if not item.needs:
        lines.append("- none recorded.")
    return "\n".join(lines) + "\n"


def plan_table(view: PlanView) -> str:
    """The plan as terminal text and tables."""
    from att_univ.views.terminal import Column, render_lines, render_table

    head: list[tuple[str, str | None]] = [(view.title.text, "bold")]
    if view.example:
        head.append((f"Example of the format. {view.example_note.text if view.example_note else ''}", "italic"))
    head.append(
        (
            f"Period {long_date(view.start)} to {long_date(view.end)} ({view.years} years); "
            f"baseline {long_date(view.baseline)}; as at {long_date(view.as_of)}.",
            None,
        )
    )
    out = [RESTRICTED_ADVICE_NOTICE + "\n" + render_lines(head)]
    columns = [Column("Rank", "right"), Column("State"), Column("Flags"), Column("Next support step"), Column("Why this step")]
    for region in view.regions:
        people = [
            f"Regional facilitators: {', '.join(p.name for p in region.facilitators) or 'none recorded'}.",
            f"Regional champions: {', '.join(p.name for p in region.champions) or 'none recorded'}.",
            f"States in the region: {region.members}, of which States Parties: {region.parties}.",
        ]
        if region.progress is not None:
            p = region.progress
            people.append(
                f"Progress from {long_date(p.since)} to {long_date(p.until)}: States Parties {p.parties_then} → "
                f"{p.parties_now}; joined: {', '.join(c.name for c in p.joined) or 'none'}; "
                f"moved tier: {', '.join(c.name for c in p.moved) or 'none'}; "
                f"domestic steps: {len(p.advanced)}."
            )
        out.append(render_lines([("", None), (region.name, "bold"), *((line, None) for line in people)]))
        for group in region.tiers:
            rows = [
                [s.rank, s.name, "; ".join(s.flag_words), s.next_step + (" (approach)" if s.approach else ""), s.next_reason]
                for s in group.states
            ]
            title = f"Tier {group.tier}: {group.label} ({len(rows)})"
            if rows:
                out.append(render_table(columns, rows, title=title))
            else:
                out.append(render_lines([(title, "italic"), ("No state of the region is in this tier.", None)]))
        years = [
            [
                y.number,
                f"{long_date(y.start)} to {long_date(y.end)}",
                y.state,
                " ".join(m.text.text for m in y.milestones) or "none set",
            ]
            for y in region.years
        ]
        year_columns = [Column("Year", "right"), Column("Dates"), Column("Now"), Column("Milestones")]
        out.append(render_table(year_columns, years, title="Year by year"))
    return "\n".join(out)


def _plan_document(view: PlanView, kind: str, names: Mapping[str, str] | None, templates: Path | None) -> tuple[str, str]:
    """The plan through `plan.<kind>.j2` in the view's language, with the restricted notice in that language."""
    from att_univ.documents.languages import text_direction
    from att_univ.documents.templating import render_template, template_values
    from att_univ.views.report import template_locale

    locale = template_locale(view.lang)
    notice = str(template_values("report.words.j2", templates=templates, locale=locale)["restricted_notice"])
    context = {
        "plan": view,
        "notice": notice,
        "names": dict(names or {}),
        "direction": text_direction(view.lang),
        # attu's reasons for a tier and a step are sentences it writes in English only: the English plan
        # prints them, the other languages give the facts they rest on, in words from the catalogues.
        "explained": view.lang == "en",
    }
    return notice, render_template(f"plan.{kind}.j2", context, templates=templates, locale=locale)


def plan_markdown(view: PlanView, *, names: Mapping[str, str] | None = None, templates: Path | None = None) -> str:
    """The plan through `plan.md.j2`, with the restricted notice as its first line; `names`: ISO3 → name in the language."""
    notice, body = _plan_document(view, "md", names, templates)
    return f"{notice}\n\n{body.lstrip()}"


def plan_html(view: PlanView, *, names: Mapping[str, str] | None = None, templates: Path | None = None) -> str:
    """The plan through `plan.html.j2`; the notice is the first line (a comment) and a banner on the page."""
    notice, body = _plan_document(view, "html", names, templates)
    return f"<!-- {notice} -->\n{body.lstrip()}"


def plan_docx(view: PlanView, *, names: Mapping[str, str] | None = None, templates: Path | None = None) -> WordFile:
    """The plan as a Word working paper, built from its Markdown; RESTRICTED in the header and footer of every page."""
    from att_univ.documents.docx import WorkingPaper, original_line, word_file
    from att_univ.documents.languages import format_day, text_direction
    from att_univ.views.report import template_locale

    notice, body = _plan_document(view, "md", names, templates)
    paper = WorkingPaper(
        markdown=f"{notice}\n\n{body.lstrip()}",
        lang=view.lang,
        rtl=text_direction(view.lang) == "rtl",
        notice=notice,
        date=format_day(view.as_of, template_locale(view.lang)),
        original=original_line("en", view.lang),
    )
    return word_file(paper)


def advice_heading(day: dt.date, region_name: str | None, *, all_states: bool) -> str:
    """The heading of `attu support`'s list: every state's next step, or the states to approach first."""
    where = f" in {region_name}" if region_name else ""
    if all_states:
        return f"Next support step for every state not yet party{where}, as at {long_date(day)}"
    return (
        f"States{where} to approach before they apply: their next step is a VTF or Sponsorship application "
        f"they have not made (as at {long_date(day)})"
    )
