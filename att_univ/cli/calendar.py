"""`attu calendar`: follow-ups due, plan milestones, CSP and WGTU meetings as an .ics file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from att_univ.cli import app
from att_univ.cli.common import Audience, AudienceOption, DataOption, VerboseOption, emit, note, open_for_audience

CALENDAR_NAMES = {
    "public": "ATT universalization (public)",
    "partners": "ATT universalization (partners)",
    "restricted": "ATT universalization (RESTRICTED: WGTU only)",
}


@app.command()
def calendar(
    out: Annotated[Path, typer.Option("--out", "-o", help="The .ics file to write (import it into any calendar).")],
    audience: AudienceOption = Audience.public,
    data: DataOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Write follow-ups due, plan milestones, CSP and WGTU meetings as a calendar; re-importing updates, never duplicates."""
    from att_univ.data.guard import armed_guard
    from att_univ.documents.calendar import calendar_events, event_texts, ics_text

    _, view = open_for_audience(data, audience.value, verbose=verbose)
    events = calendar_events(view)
    guard = armed_guard()
    if guard is not None:  # checked before iCalendar escapes and folds the text, which could hide a value
        guard.check_values(event_texts(events), what="calendar")
    if audience is Audience.restricted:
        from att_univ.core.wording import RESTRICTED_NOTICE

        note(f"attu: {RESTRICTED_NOTICE}")
    emit(ics_text(events, as_of=view.meta.as_of, name=CALENDAR_NAMES[audience.value]), out=out)
    note(f"attu: {len(events)} events")
