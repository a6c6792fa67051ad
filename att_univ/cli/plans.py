"""`attu tiers`, `attu plan`, `attu support`: the CSP9 stepped approach, multi-year plans, support advice.

All three show restricted information (tiers and readiness are not for public discussion), so
they run for the restricted audience only: `--audience public` or `partners` is refused (exit 2),
and without `--audience` every output starts with the RESTRICTED notice.
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
    LangOption,
    OutOption,
    VerboseOption,
    emit,
    note,
    open_for_audience,
    write_word_file,
)
from att_univ.cli.completion import AUDIENCE_METAVAR_RESTRICTED, complete_region, complete_state, only
from att_univ.core.errors import UsageError

if TYPE_CHECKING:
    from att_univ.data.dataset import Dataset
    from att_univ.outreach.tiers import TierAssignment


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class PlanFormat(StrEnum):
    table = "table"
    markdown = "markdown"
    html = "html"
    docx = "docx"


RestrictedAudienceOption = Annotated[
    Audience | None,
    typer.Option(
        "--audience",
        help="Only restricted (the WGTU) is allowed: this output draws on restricted information. "
        "Without the option, the output is restricted and says so on its first line.",
        show_default=False,
        metavar=AUDIENCE_METAVAR_RESTRICTED,
        autocompletion=only("restricted"),
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="The date to assess, YYYY-MM-DD. Default: the dataset's as-of date.", show_default=False),
]
RegionOption = Annotated[
    str | None,
    typer.Option("--region", help="Only states of this region (slug).", show_default=False, autocompletion=complete_region),
]
StaleOption = Annotated[
    int,
    typer.Option("--stale-after", min=0, help="Days after which a readiness assessment is stale and no longer counts."),
]


def _tiered(
    data: Path | None, verbose: bool, as_of: str | None, region: str | None, stale_after: int
) -> tuple[Dataset, dt.date, list[TierAssignment], str | None]:
    """The dataset, the day, and the tiers on that day (ranked within --region when given), with the region's name."""
    from att_univ.outreach.tiers import assign_tiers, rank

    _, dataset = open_for_audience(data, "restricted", verbose=verbose)  # refused (exit 3) when the keys open less
    day = _day(as_of, dataset)
    members, region_name = _members(dataset, region, day)
    assignments = assign_tiers(dataset, day, stale_after_days=stale_after)
    if members is not None:
        assignments = rank(a for a in assignments if a.iso3 in members)
    return dataset, day, list(assignments), region_name


def _require_restricted(audience: Audience | None, what: str) -> None:
    if audience is not None and audience is not Audience.restricted:
        raise UsageError(
            f"{what} draws on restricted information (tiers and readiness are not for public discussion, as CSP9 "
            f"decided): it is produced for --audience restricted only, not for {audience.value}"
        )


def _day(text: str | None, dataset: Dataset) -> dt.date:
    from att_univ.core.dates import not_after, parse_optional_date

    return not_after(parse_optional_date(text, "--as-of", dataset.meta.as_of), dataset.meta.as_of, "--as-of")


def _members(dataset: Dataset, slug: str | None, day: dt.date) -> tuple[frozenset[str] | None, str | None]:
    if slug is None:
        return None, None
    region = dataset.regions.get(slug)
    if region is None:
        import difflib

        close = difflib.get_close_matches(slug, sorted(dataset.regions), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; `ls data/regions` lists them"
        raise UsageError(f"--region: no region {slug!r}{hint}")
    return region.members_on(day), region.name


@app.command()
def tiers(
    region: RegionOption = None,
    as_of: AsOfOption = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="table, json, csv or markdown.")] = ListFormat.table,
    tier: Annotated[
        int | None, typer.Option("--tier", min=1, max=3, help="Only this tier (1, 2 or 3).", show_default=False)
    ] = None,
    full: Annotated[
        bool, typer.Option("--full", help="One row per state, even where states share the same reasons (table, markdown).")
    ] = False,
    explain: Annotated[
        str | None,
        typer.Option(
            "--explain",
            help="Explain the tier and rank of one state (ISO3 or name).",
            show_default=False,
            autocompletion=complete_state,
        ),
    ] = None,
    stale_after: StaleOption = 365,
    audience: RestrictedAudienceOption = None,
    out: OutOption = None,
    data: DataOption = None,
    verbose: VerboseOption = False,
) -> None:
    """List every state not yet party with its tier (1 signatories, 2 ready soon, 3 others), rank and reasons."""
    from att_univ.core.wording import RESTRICTED_ADVICE_NOTICE
    from att_univ.data.resolve import resolve_state
    from att_univ.outreach.tiers import long_date
    from att_univ.views import plans as plans_output

    _require_restricted(audience, "attu tiers")
    dataset, day, assignments, region_name = _tiered(data, verbose, as_of, region, stale_after)
    if explain is not None:
        state = resolve_state(dataset, explain, "--explain")
        found = next((a for a in assignments if a.iso3 == state.iso3), None)
        if found is None:
            deposit = state.treaty.deposit
            if deposit is not None and deposit.date <= day:
                emit(f"{state.name} has been a State Party since {long_date(deposit.date)}: parties are not tiered.\n", out=out)
                return
            raise UsageError(f"--explain: {state.name} is not a member of {region_name} on {long_date(day)}")
        in_tier = sum(a.tier == found.tier for a in assignments)
        emit(plans_output.explain_text(found, day, in_tier), out=out)
        return
    if tier is not None:
        assignments = [a for a in assignments if a.tier == tier]
    if fmt is ListFormat.json:
        note(f"attu: {RESTRICTED_ADVICE_NOTICE}")
        emit(plans_output.tiers_json(assignments, day), out=out)
    elif fmt is ListFormat.csv:
        note(f"attu: {RESTRICTED_ADVICE_NOTICE}")
        emit(plans_output.tiers_csv(assignments, day), out=out)
    elif fmt is ListFormat.markdown:
        emit(plans_output.tiers_markdown(assignments, day, region_name, compact=not full, only_tier=tier), out=out)
    else:
        emit(plans_output.tiers_table(assignments, day, region_name, compact=not full, only_tier=tier), out=out)


@app.command()
def plan(
    plan_id: Annotated[
        str | None,
        typer.Option("--plan", help="Which plan (id). Default: the plan whose period starts last.", show_default=False),
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region", help="Only this focus region of the plan (slug).", show_default=False, autocompletion=complete_region
        ),
    ] = None,
    fmt: Annotated[
        PlanFormat,
        typer.Option("--format", "-f", help="table (in English only), markdown, html or docx (Word)."),
    ] = PlanFormat.table,
    lang: LangOption = "en",
    check: Annotated[
        bool,
        typer.Option("--check", help="List the plan's passages not yet translated into --lang (printed in English, marked)."),
    ] = False,
    as_of: AsOfOption = None,
    stale_after: StaleOption = 365,
    templates: Annotated[
        Path | None,
        typer.Option("--templates", help="A directory of templates to use before the bundled ones.", show_default=False),
    ] = None,
    audience: RestrictedAudienceOption = None,
    out: OutOption = None,
    data: DataOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Render a multi-year plan: per focus region, people, tiered states, next steps, milestones, progress."""
    from att_univ.documents.languages import check_language
    from att_univ.documents.report import localised_names
    from att_univ.outreach.plans import build_plan_view, choose_plan, plans_of, untranslated
    from att_univ.views import plans as plans_output

    _require_restricted(audience, "A plan")
    check_language(lang)  # refuses a language without a catalogue before any work
    _, dataset = open_for_audience(data, "restricted", verbose=verbose)  # refused (exit 3) when the keys open less
    day = _day(as_of, dataset)
    chosen = choose_plan(plans_of(dataset), plan_id, region)
    only = None if region is None else {region}
    view = build_plan_view(dataset, chosen, day, regions=only, stale_after_days=stale_after, lang=lang)
    if check:
        from att_univ.core.wording import RESTRICTED_ADVICE_NOTICE

        note(f"attu: {RESTRICTED_ADVICE_NOTICE}")  # the passages listed are the plan's own, restricted text
        missing = untranslated(view)
        if not missing:
            note(f"attu: plan {view.id}: every passage is in {lang}")
            return
        note(f"attu: {len(missing)} passages of plan {view.id} are not yet in {lang}; the plan prints them in English, marked:")
        for line in missing:
            note(f"  {line}")
        return
    if fmt is PlanFormat.table and lang != "en":
        raise UsageError("--format table is in English only: use --format markdown, html or docx for --lang " + lang)
    names = localised_names(dataset.states.values(), lang)
    if fmt is PlanFormat.markdown:
        emit(plans_output.plan_markdown(view, names=names, templates=templates), out=out)
    elif fmt is PlanFormat.html:
        emit(plans_output.plan_html(view, names=names, templates=templates), out=out)
    elif fmt is PlanFormat.docx:
        write_word_file(lambda _target: plans_output.plan_docx(view, names=names, templates=templates), out, check=False)
    else:
        emit(plans_output.plan_table(view), out=out)


@app.command()
def support(
    state: Annotated[
        str | None,
        typer.Argument(
            help="One state (ISO3 or name): its next step, support so far, needs and offers.", autocompletion=complete_state
        ),
    ] = None,
    all_states: Annotated[bool, typer.Option("--all", help="Every state not yet party, not only those to approach.")] = False,
    region: RegionOption = None,
    as_of: AsOfOption = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="table, json, csv or markdown.")] = ListFormat.table,
    stale_after: StaleOption = 365,
    audience: RestrictedAudienceOption = None,
    out: OutOption = None,
    data: DataOption = None,
    verbose: VerboseOption = False,
) -> None:
    """List states whose next step is a VTF or Sponsorship application they have not made, to approach them first."""
    from att_univ.core.wording import RESTRICTED_ADVICE_NOTICE
    from att_univ.data.resolve import resolve_state
    from att_univ.outreach.support import advise, to_approach
    from att_univ.outreach.tiers import long_date
    from att_univ.views import plans as plans_output

    _require_restricted(audience, "Support advice")
    dataset, day, assignments, region_name = _tiered(data, verbose, as_of, region, stale_after)
    if state is not None:
        found_state = resolve_state(dataset, state)
        chosen = [a for a in assignments if a.iso3 == found_state.iso3]
        if not chosen:
            raise UsageError(
                f"{found_state.name} is not a state to advise on {long_date(day)}: it is a party, or outside --region"
            )
        item = advise(dataset, day, assignments=chosen)[0]
        if fmt is ListFormat.json:
            note(f"attu: {RESTRICTED_ADVICE_NOTICE}")
            emit(plans_output.advice_json([item], day), out=out)
        elif fmt is ListFormat.csv:
            note(f"attu: {RESTRICTED_ADVICE_NOTICE}")
            emit(plans_output.advice_csv([item], day), out=out)
        else:
            emit(plans_output.advice_detail(item, day), out=out)
        return
    advice = advise(dataset, day, assignments=assignments)
    items = advice if all_states else to_approach(advice)
    heading = plans_output.advice_heading(day, region_name, all_states=all_states)
    if fmt is ListFormat.json:
        note(f"attu: {RESTRICTED_ADVICE_NOTICE}")
        emit(plans_output.advice_json(items, day), out=out)
    elif fmt is ListFormat.csv:
        note(f"attu: {RESTRICTED_ADVICE_NOTICE}")
        emit(plans_output.advice_csv(items, day), out=out)
    elif fmt is ListFormat.markdown:
        emit(plans_output.advice_markdown(items, heading), out=out)
    else:
        emit(plans_output.advice_table(items, heading), out=out)
