"""`attu calendar`: follow-ups due, plan milestones, CSP and WGTU meetings as an iCalendar file.

The only module that imports `icalendar`. Events are built first as plain values (pure: the
dataset comes projected for its audience, so a public calendar cannot hold a restricted
follow-up), then written. Each event's UID is derived from the record it comes from, never
from the clock or its position in the output, so that importing a newer file into a calendar
updates the events instead of duplicating them; DTSTAMP is the dataset's as-of date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from att_univ.core.wording import joined
from att_univ.data.dataset import Dataset
from att_univ.data.models.cycle import Cycle
from att_univ.data.models.localized import english
from att_univ.data.models.plan import Plan

UID_DOMAIN = "attu.wgtu"
PRODUCT = "-//ATT Working Group on Treaty Universalization//attu//EN"
MEETING_WORDS = {
    "in-person": "in person",
    "in-person-streamed": "in person, streamed",
    "hybrid": "hybrid",
    "virtual": "virtual",
}


@dataclass(frozen=True)
class Event:
    """One all-day calendar event; `end` is its last day (inclusive)."""

    uid: str
    start: dt.date
    end: dt.date
    summary: str
    description: str = ""
    location: str = ""
    category: str = ""


def calendar_events(dataset: Dataset) -> list[Event]:
    """Every event the dataset (as its audience sees it) gives, in date then UID order."""
    events: list[Event] = []
    names = dataset.state_names()
    for engagement in dataset.engagements.values():
        if engagement.follow_up is None:
            continue
        states = joined([names.get(code, code) for code in engagement.states], "and")
        description = f"Follow-up of the {engagement.kind} of {engagement.date.isoformat()}: {engagement.title}."
        if states:
            description += f" States: {states}."
        events.append(
            Event(
                uid=f"follow-up-{engagement.id}@{UID_DOMAIN}",
                start=engagement.follow_up,
                end=engagement.follow_up,
                summary=f"Follow-up due: {engagement.title}",
                description=description,
                category="follow-up",
            )
        )
    for plan in dataset.records.get("plans", {}).values():
        if isinstance(plan, Plan):
            events.extend(_milestones(plan))
    for cycle in dataset.records.get("cycles", {}).values():
        if isinstance(cycle, Cycle):
            events.extend(_meetings(cycle))
    return sorted(events, key=lambda e: (e.start, e.uid))


def _milestones(plan: Plan) -> list[Event]:
    events = []
    for milestone in plan.milestones:
        if milestone.due is None:
            continue
        where = milestone.region or "all-regions"
        # Year and region identify a milestone; several in the same year and region are told apart by their order there.
        same = [m for m in plan.milestones if m.year == milestone.year and m.region == milestone.region]
        number = same.index(milestone) + 1
        events.append(
            Event(
                uid=f"milestone-{plan.id}-year{milestone.year}-{where}-{number}@{UID_DOMAIN}",
                start=milestone.due,
                end=milestone.due,
                summary=f"Plan milestone ({english(plan.title)}, year {milestone.year}): {english(milestone.text)}",
                description=english(milestone.text),
                category="plan-milestone",
            )
        )
    return events


def _meetings(cycle: Cycle) -> list[Event]:
    label = f"CSP{cycle.number}"
    conference = cycle.conference
    venue = conference.venue["en"] if conference.venue else ""
    events = [
        Event(
            uid=f"conference-{cycle.id}@{UID_DOMAIN}",
            start=conference.start,
            end=conference.end,
            summary=f"{label}: Conference of States Parties to the Arms Trade Treaty" + (f", {venue}" if venue else ""),
            location=venue,
            category="conference",
        )
    ]
    for meeting in cycle.meetings:
        events.append(
            Event(
                uid=f"wgtu-{cycle.id}-{meeting.date.isoformat()}@{UID_DOMAIN}",
                start=meeting.date,
                end=meeting.date,
                summary=f"WGTU meeting ({label} cycle, {MEETING_WORDS[meeting.format]})",
                category="wgtu-meeting",
            )
        )
    return events


def event_texts(events: list[Event]) -> list[str]:
    """Every text the events carry, for the confidentiality guard (before iCalendar escapes and folds them)."""
    return [text for e in events for text in (e.summary, e.description, e.location) if text]


def ics_text(events: list[Event], *, as_of: dt.date, name: str) -> str:
    """The events as an iCalendar (RFC 5545) file."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = dt.datetime.combine(as_of, dt.time(), tzinfo=dt.UTC)
    for item in events:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start)
        event.add("dtend", item.end + dt.timedelta(days=1))  # exclusive, as RFC 5545 has it for dates
        event.add("summary", item.summary)
        if item.description:
            event.add("description", item.description)
        if item.location:
            event.add("location", item.location)
        if item.category:
            event.add("categories", [item.category])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
