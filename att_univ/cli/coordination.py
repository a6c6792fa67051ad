"""`attu engagements`, `attu coordinate`, `attu champions`, `attu export`: coordination and sharing.

`engagements`, `champions` and `export` work for any audience and show only what it may
see, from the audience's view of the dataset; for public and partners the confidentiality
guard is armed first, so every output, message and error of the command passes it.
`coordinate` draws on restricted information (tiers, gaps in outreach to named states) and
follows the convention of `attu tiers`: restricted only, saying so on its first line.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from att_univ.cli import app
from att_univ.cli.common import (
    Audience,
    DataOption,
    OutOption,
    VerboseOption,
    emit,
    note,
    open_for_audience,
)
from att_univ.cli.completion import AUDIENCE_METAVAR_RESTRICTED, AUDIENCE_METAVAR_SHARING, complete_region, complete_state, only
from att_univ.core.errors import UsageError

if TYPE_CHECKING:
    from att_univ.data.dataset import Dataset


class EngagementFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class ReportFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class ExportFormat(StrEnum):
    yaml = "yaml"
    json = "json"
    csv = "csv"


ViewAudienceOption = Annotated[
    Audience,
    typer.Option(
        "--audience",
        help="public (default): only what may be published; partners: also what cooperating entities may see; "
        "restricted: everything (WGTU only).",
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="The date to look from, YYYY-MM-DD. Default: the dataset's as-of date.", show_default=False),
]
ENGAGEMENT_FORMATS_HELP = "table, json, csv or markdown."


def parse_day(text: str | None, dataset: Dataset, option: str = "--as-of") -> dt.date:
    """A date option, defaulting to the dataset's as-of date; a later --as-of is refused (attu cannot vouch for it)."""
    from att_univ.core.dates import not_after, parse_optional_date

    day = parse_optional_date(text, option, dataset.meta.as_of)
    return not_after(day, dataset.meta.as_of, option) if option == "--as-of" else day


def _region(dataset: Dataset, slug: str) -> str:
    """The region's name; an unknown slug is refused with the nearest ones (regions are public)."""
    if slug in dataset.regions:
        return dataset.regions[slug].name
    import difflib

    close = difflib.get_close_matches(slug, sorted(dataset.regions), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `ls data/regions` lists them"
    raise UsageError(f"--region: no region {slug!r}{hint}")


@app.command()
def engagements(
    state: Annotated[
        str | None,
        typer.Option("--state", help="Only engagements with this state (ISO3 or name).", autocompletion=complete_state),
    ] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Only engagements by this actor (id, as in actors/).")] = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            help="Only engagements addressing this region or states in it (slug).",
            autocompletion=complete_region,
        ),
    ] = None,
    since: Annotated[str | None, typer.Option("--since", help="Only engagements on or after this date, YYYY-MM-DD.")] = None,
    fmt: Annotated[EngagementFormat, typer.Option("--format", "-f", help=ENGAGEMENT_FORMATS_HELP)] = EngagementFormat.table,
    audience: ViewAudienceOption = Audience.public,
    out: OutOption = None,
    data: DataOption = None,
    verbose: VerboseOption = False,
) -> None:
    """The log of outreach engagements, newest first: meetings, workshops, letters, visits, assistance."""
    from att_univ.outreach.engagements import EngagementFilter, select
    from att_univ.views import coordination as output

    _, view = open_for_audience(data, audience.value, verbose=verbose)
    if region is not None:
        _region(view, region)
    wanted = EngagementFilter(
        state=_state_code(view, state),
        actor=_actor_id(view, actor),
        region=region,
        since=None if since is None else parse_day(since, view, "--since"),
    )
    found = select(view, wanted)
    scope = output.engagement_scope(view, wanted, len(found))
    if fmt is EngagementFormat.json:
        _notice_for_programs(audience)
        emit(output.engagements_json(found), out=out)
    elif fmt is EngagementFormat.csv:
        _notice_for_programs(audience)
        emit(output.engagements_csv(found), out=out)
    elif fmt is EngagementFormat.markdown:
        emit(output.engagements_markdown(view, found, scope), out=out)
    else:
        emit(output.engagements_table(view, found, scope), out=out)


@app.command()
def coordinate(
    as_of: AsOfOption = None,
    window: Annotated[
        int, typer.Option("--window", min=1, max=366, help="Days either side of the date to look for overlapping outreach.")
    ] = 30,
    gap_months: Annotated[
        int, typer.Option("--gap-months", min=1, max=120, help="Months without engagement after which a state is a gap.")
    ] = 6,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="table, json, csv or markdown.")] = ReportFormat.table,
    full: Annotated[
        bool,
        typer.Option(
            "--full", help="Every overdue follow-up in the table; without it, the table shows the 40 most recently due."
        ),
    ] = False,
    audience: Annotated[
        Audience | None,
        typer.Option(
            "--audience",
            help="Only restricted (the WGTU) is allowed: the findings name tier 1 and 2 states and gaps in outreach. "
            "Without the option, the output is restricted and says so on its first line.",
            show_default=False,
            metavar=AUDIENCE_METAVAR_RESTRICTED,
            autocompletion=only("restricted"),
        ),
    ] = None,
    out: OutOption = None,
    data: DataOption = None,
    verbose: VerboseOption = False,
) -> None:
    """What a coordinator needs each month: overlapping outreach, gaps, overdue follow-ups, unpaired champions."""
    from att_univ.outreach.coordination import coordinate as find
    from att_univ.views import coordination as output

    if audience is not None and audience is not Audience.restricted:
        raise UsageError(
            "attu coordinate draws on restricted information (tiers, and which states nobody has engaged, are not for "
            f"public discussion, as CSP9 decided): it is produced for --audience restricted only, not for {audience.value}"
        )
    _, dataset = open_for_audience(data, "restricted", verbose=verbose)  # refused (exit 3) when the keys open less
    day = parse_day(as_of, dataset)
    result = find(dataset, day, window_days=window, gap_months=gap_months)
    if fmt is ReportFormat.json:
        note(f"attu: {output.RESTRICTED}")
        emit(output.coordination_json(result), out=out)
    elif fmt is ReportFormat.csv:
        note(f"attu: {output.RESTRICTED}")
        emit(output.coordination_csv(result), out=out)
    elif fmt is ReportFormat.markdown:
        emit(output.coordination_markdown(result), out=out)
    else:
        emit(output.coordination_table(result, full=full), out=out)


@app.command()
def champions(
    region: Annotated[
        str | None,
        typer.Option("--region", help="Only this region (slug).", show_default=False, autocompletion=complete_region),
    ] = None,
    as_of: AsOfOption = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="table, json, csv or markdown.")] = ReportFormat.table,
    audience: ViewAudienceOption = Audience.public,
    out: OutOption = None,
    data: DataOption = None,
    verbose: VerboseOption = False,
) -> None:
    """The regional network per region: facilitators, champions, the states they accompany, last contact."""
    from att_univ.outreach.champions import network
    from att_univ.views import coordination as output

    _, view = open_for_audience(data, audience.value, verbose=verbose)
    day = parse_day(as_of, view)
    if region is not None:
        _region(view, region)  # refuses an unknown slug, with suggestions
    found = network(view, day, regions=None if region is None else [region])
    if fmt is ReportFormat.json:
        _notice_for_programs(audience)
        emit(output.champions_json(found, day, audience.value), out=out)
    elif fmt is ReportFormat.csv:
        _notice_for_programs(audience)
        emit(output.champions_csv(found, day), out=out)
    elif fmt is ReportFormat.markdown:
        emit(output.champions_markdown(found, day, audience.value), out=out)
    else:
        emit(output.champions_table(found, day, audience.value), out=out)


@app.command()
def export(
    out: Annotated[Path, typer.Option("--out", "-o", help="The directory to write the export into (new or empty).")],
    audience: Annotated[
        Audience,
        typer.Option(
            "--audience",
            help="public (default) or partners; an export is never restricted.",
            metavar=AUDIENCE_METAVAR_SHARING,
            autocompletion=only("public", "partners"),
        ),
    ] = Audience.public,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="yaml (the dataset's layout), json or csv.")] = (
        ExportFormat.yaml
    ),
    force: Annotated[bool, typer.Option("--force", help="Replace an earlier attu export in the directory.")] = False,
    data: DataOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Write the dataset as an audience may see it, with JSON Schemas and a README, for partners to use and add to."""
    from att_univ.data.guard import armed_guard
    from att_univ.documents.export import build_export, write_export

    if audience is Audience.restricted:
        raise UsageError(
            "--audience restricted: an export is for sharing outside the WGTU, so it is made for public or partners only"
        )
    full, _ = open_for_audience(data, audience.value, verbose=verbose)
    files = build_export(full, audience.value, fmt.value)
    write_export(files, out, force=force, guard=armed_guard())
    note(f"attu: wrote {len(files)} files to {out} ({audience.value} export, {fmt.value}); start with {out / 'README.md'}")


def _notice_for_programs(audience: Audience) -> None:
    # JSON and CSV cannot open with a sentence; the notice goes to stderr for the person running the command.
    from att_univ.views.coordination import notice

    text = notice(audience.value)
    if text:
        note(f"attu: {text}")


def _state_code(view: Dataset, query: str | None) -> str | None:
    if query is None:
        return None
    from att_univ.data.resolve import resolve_state

    return resolve_state(view, query, "--state").iso3


def _actor_id(view: Dataset, actor: str | None) -> str | None:
    # Suggestions come from the audience's view: an actor it may not see is not hinted at.
    if actor is None:
        return None
    actors = view.records.get("actors", {})
    if actor in actors:
        return actor
    import difflib

    close = difflib.get_close_matches(actor, sorted(actors), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `attu export` or actors/ lists them"
    raise UsageError(f"--actor: no actor {actor!r}{hint}")
