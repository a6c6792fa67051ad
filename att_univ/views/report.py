"""A CSP report as files: the language's template (Markdown or HTML), the charts, the audience's marks.

The words of each language live in `templates/report.<lang>.strings.j2`, which the report
templates import and from which the chart labels are read, so a chart and the text around
it always say the same thing. The audience's mark (RESTRICTED, or FOR PARTNERS) is put on
the output by attu as well as by the template, so an edited template cannot drop it.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from att_univ.core.errors import AttuError, ExitCode
from att_univ.documents.charts import OKABE_ITO, Category, timeline_svg, world_map_svg
from att_univ.documents.report import ReportView
from att_univ.documents.templating import render_template, template_values

if TYPE_CHECKING:
    from att_univ.documents.docx import WordFile

MARKDOWN = "markdown"
HTML = "html"
_SUFFIX = {MARKDOWN: "md", HTML: "html"}


@dataclass(frozen=True)
class RenderedReport:
    """The report's text, and the chart files that go beside it (Markdown written to a file only)."""

    text: str
    charts: Mapping[Path, str]


def template_locale(lang: str) -> str:
    """The CLDR locale the templates format with: British English for English, as UN documents are written."""
    return "en_GB" if lang == "en" else lang


def template_name(lang: str, kind: str) -> str:
    """`report.<lang>.<kind>.j2`: kind is `md`, `html` or `strings`."""
    return f"report.{lang}.{kind}.j2"


def chart_paths(out: Path) -> tuple[Path, Path]:
    """Where the map and the timeline go beside a Markdown report: `<stem>-map.svg`, `<stem>-timeline.svg`."""
    return out.with_name(f"{out.stem}-map.svg"), out.with_name(f"{out.stem}-timeline.svg")


def render_report(view: ReportView, fmt: str, *, out: Path | None = None, templates: Path | None = None) -> RenderedReport:
    """The report in the format; Markdown written to `out` links SVG charts written beside it."""
    locale = template_locale(view.lang)
    words = template_values(template_name(view.lang, "strings"), templates=templates, locale=locale)
    map_svg, timeline = _charts(view, words)
    notice = _notice(view.audience, words)
    if fmt == HTML:
        body = render_template(
            template_name(view.lang, "html"),
            {"report": view, "charts": {"map_svg": map_svg, "timeline_svg": timeline}, "notice": notice},
            templates=templates,
            locale=locale,
        )
        if notice and html.unescape(body).count(notice) < 2:
            # Each printed page carries the mark from the template's header and footer.
            raise AttuError(
                f"{template_name(view.lang, 'html')}: the template must show the audience notice in its page header and footer",
                ExitCode.INVALID_DATA,
            )
        body = body.strip() + "\n"
        return RenderedReport(f"<!-- {notice} -->\n{body}" if notice else body, {})
    files = chart_paths(out) if out is not None else None
    body = render_template(
        template_name(view.lang, "md"),
        {
            "report": view,
            "charts": {"map_file": files[0].name if files else None, "timeline_file": files[1].name if files else None},
            "notice": notice,
        },
        templates=templates,
        locale=locale,
    )
    text = f"**{notice}**\n\n{body.strip()}\n\n**{notice}**\n" if notice else body.strip() + "\n"
    charts = {files[0]: map_svg, files[1]: timeline} if files else {}
    return RenderedReport(text, charts)


def _notice(audience: str, words: Mapping[str, Any]) -> str:
    if audience == "restricted":
        return str(words["restricted_notice"])
    if audience == "partners":
        return str(words["partners_notice"])
    return ""


def _charts(view: ReportView, words: Mapping[str, Any]) -> tuple[str, str]:
    """The world map of treaty status and the timeline of States Parties, labelled in the report's language."""
    rtl = view.direction == "rtl"
    statuses = words["statuses"]
    categories = (
        Category("party", str(statuses["party"]), OKABE_ITO["blue"]),
        Category("signatory", str(statuses["signatory"]), OKABE_ITO["sky_blue"], "hatch"),
        Category("non-signatory", str(statuses["non-signatory"]), OKABE_ITO["orange"], "dots"),
    )
    world = world_map_svg(
        view.charts.status_by_iso3,
        categories=categories,
        title=str(words["map_title"](view.until)),
        disclaimer=str(words["map_disclaimer"]),
        rtl=rtl,
        not_applicable_label=str(words["map_not_applicable"]),
        not_drawn_label=str(words["map_not_drawn"]),
    )
    timeline = timeline_svg(
        view.charts.parties,
        series_label=str(words["timeline_parties"]),
        title=str(words["timeline_title"](view.until)),
        extra_series={str(words["timeline_in_force"]): view.charts.in_force},
        until=view.until,
        rtl=rtl,
    )
    return world, timeline


_DIFF_LINES = 40  # enough of a diff to see what changed, short enough for a CI log


def stale_files(expected: Mapping[Path, str]) -> list[str]:
    """For `--check`: what differs between each file and a fresh rendering, as messages (none if all are current)."""
    import difflib

    messages = []
    for path, text in expected.items():
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        if current is None:
            messages.append(f"attu: {path} is missing")
            continue
        diff = list(difflib.unified_diff(current.splitlines(), text.splitlines(), str(path), "attu report", lineterm="", n=1))
        changed = sum(1 for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---"))
        messages.append(f"attu: {path} differs from a fresh rendering ({changed} lines changed):")
        messages.append("\n".join(diff[:_DIFF_LINES]) + ("\n..." if len(diff) > _DIFF_LINES else ""))
    return messages


def render_report_docx(view: ReportView, out: Path, *, templates: Path | None = None) -> WordFile:
    """The report as a Word working paper, built from its Markdown in the same language, charts drawn in."""
    from att_univ.documents.docx import WorkingPaper, original_line, word_file
    from att_univ.documents.languages import format_day

    rendered = render_report(view, MARKDOWN, out=out, templates=templates)
    words = template_values(template_name(view.lang, "strings"), templates=templates, locale=template_locale(view.lang))
    cycle = view.cycle
    symbol = cycle.symbol or (cycle.symbol_pattern.replace("<no>", "…") if cycle.symbol_pattern else None)
    timeline_file = chart_paths(out)[1]
    paper = WorkingPaper(
        markdown=rendered.text,
        lang=view.lang,
        rtl=view.direction == "rtl",
        notice=_notice(view.audience, words),
        symbol=symbol,
        date=format_day(cycle.report_date or view.until, template_locale(view.lang)),
        original=original_line(cycle.original_language or "en", view.lang),
        figures={path.name: svg for path, svg in rendered.charts.items()},
        diagram_figure=timeline_file.name,
    )
    return word_file(paper)
