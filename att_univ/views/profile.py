"""`attu show` as a table (rich, plain when piped), Markdown or JSON."""

from __future__ import annotations

from typing import Any

from att_univ.core.wording import long_date
from att_univ.treaty.profile import Entry, Profile

SHOW_FORMATS = ("table", "json", "markdown")
JSON_FORMAT_ID = "attu.profile/1"
AUDIENCE_WORDS = {
    "public": "public view: publishable information only",
    "partners": "partners view: includes information shared with cooperating entities",
    "restricted": "restricted view: WGTU only, do not share",
}


def profile_text(profile: Profile, fmt: str) -> str:
    """The profile in one of SHOW_FORMATS."""
    if fmt == "json":
        from att_univ.core.formats import json_text

        return json_text(profile_data(profile))
    if fmt == "markdown":
        return profile_markdown(profile)
    return profile_table(profile)


def _when(entry: Entry) -> str:
    return long_date(entry.date) if entry.date else ""


def _marks(profile: Profile, entry: Entry) -> str:
    numbers = profile.source_numbers(entry.sources)
    return "[" + ", ".join(str(n) for n in numbers) + "]" if numbers else ""


def _what(profile: Profile, entry: Entry) -> str:
    text = entry.text
    if entry.note:
        text += f" ({entry.note})"
    if profile.audience != "public" and entry.sensitivity != "public":
        text += f" [{entry.sensitivity}]"
    return text


def _source_line(source: Any) -> str:
    parts = [source.title]
    parts.extend(part for part in (source.publisher, long_date(source.date) if source.date else None, source.url) if part)
    return ", ".join(parts)


def profile_table(profile: Profile) -> str:
    """Sections as one table, then the numbered sources."""
    from att_univ.views.terminal import Column, render_lines, render_table

    rows: list[list[str]] = []
    styles: list[str | None] = []
    for section in profile.sections:
        for index, entry in enumerate(section.entries):
            rows.append([section.title if index == 0 else "", _when(entry), _what(profile, entry), _marks(profile, entry)])
            styles.append(None)
    head = render_lines(
        [(profile.headline, "bold"), (f"As at {long_date(profile.as_of)}; {AUDIENCE_WORDS[profile.audience]}.", "dim")]
    )
    table = render_table([Column(""), Column("Date"), Column("What"), Column("Sources")], rows, row_styles=styles)
    lines: list[tuple[str, str | None]] = []
    if profile.sources:
        lines.append(("Sources", "bold"))
        lines.extend((f"[{s.number}] {_source_line(s)}", None) for s in profile.sources)
    return head + table + (render_lines(lines) if lines else "")


def profile_markdown(profile: Profile) -> str:
    """A Markdown section; every dataset text escaped."""
    from att_univ.core.formats import markdown_escape

    out = [
        f"## {markdown_escape(profile.name)} ({profile.iso3})",
        "",
        markdown_escape(profile.headline),
        "",
        f"*{markdown_escape(f'As at {long_date(profile.as_of)}; {AUDIENCE_WORDS[profile.audience]}.')}*",
    ]
    for section in profile.sections:
        out.extend(["", f"### {markdown_escape(section.title)}", ""])
        for entry in section.entries:
            when = f"{_when(entry)}: " if entry.date else ""
            marks = _marks(profile, entry)
            out.append(f"- {markdown_escape(when + _what(profile, entry))}{' ' + markdown_escape(marks) if marks else ''}")
    if profile.sources:
        out.extend(["", "### Sources", ""])
        out.extend(f"{s.number}. {markdown_escape(_source_line(s))}" for s in profile.sources)
    return "\n".join(out) + "\n"


def profile_data(profile: Profile) -> dict[str, Any]:
    """The JSON document (`attu.profile/1`)."""
    return {
        "format": JSON_FORMAT_ID,
        "as_of": profile.as_of,
        "audience": profile.audience,
        "iso3": profile.iso3,
        "name": profile.name,
        "status": profile.status,
        "in_force": profile.in_force,
        "intent_not_to_become_party": profile.intent_not_to_become_party,
        "headline": profile.headline,
        "sections": {
            section.key: [
                {
                    "date": entry.date,
                    "text": entry.text,
                    "note": entry.note,
                    "sources": list(entry.sources),
                    "sensitivity": entry.sensitivity,
                }
                for entry in section.entries
            ]
            for section in profile.sections
        },
        "sources": {
            s.id: {"number": s.number, "title": s.title, "publisher": s.publisher, "url": s.url, "date": s.date}
            for s in profile.sources
        },
        "record": profile.record,
        "engagements": list(profile.engagements),
    }
