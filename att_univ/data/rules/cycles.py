"""Cross-record rules for CSP cycles, appended to the rules of `att_univ.data.rules.general`.

| code | rule |
|---|---|
| `unknown-state` | every officer's state has a file |
| `cycle-regional-group` | a Vice-President names a UN regional group (not the region of states in none) and is a member of it |
| `cycle-date` | the Conference ends on or after it starts; meetings, appointments and the draft report fall inside the cycle |
| `cycle-number` | no two cycles share a number, and a higher number means a later Conference |
| `unknown-cycle` | a plan's or an actor's `cycle` is a cycle id (checked when the dataset has cycle files) |
| `actor-cycle` | a Presidency actor's state is its President's; a Vice-President's is among the cycle's, when recorded |
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from typing import Any

from att_univ.core.problems import Problem
from att_univ.data.cycles import CYCLES, cycle_span, cycles_of
from att_univ.data.dataset import Dataset
from att_univ.data.models.cycle import Cycle, Officer
from att_univ.data.models.plan import Plan
from att_univ.data.rules import Rule

UN_GROUP_SCHEME = "un-regional-group"
NO_GROUP = "no-regional-group"


def _officers(cycle: Cycle) -> Iterator[tuple[tuple[Any, ...], Officer]]:
    if cycle.president is not None:
        yield ("president",), cycle.president
    for index, officer in enumerate(cycle.vice_presidents):
        yield ("vice_presidents", index), officer
    for index, officer in enumerate(cycle.wgtu_co_chairs):
        yield ("wgtu_co_chairs", index), officer


def cycle_officers(dataset: Dataset) -> Iterator[Problem]:
    """Officers' states exist; a Vice-President stands for a UN regional group its state belongs to."""
    groups = {r.slug: r for r in dataset.regions_in(UN_GROUP_SCHEME) if r.slug != NO_GROUP}
    for cycle in cycles_of(dataset):
        for where, officer in _officers(cycle):
            if not dataset.exists("states", officer.state):
                message = "not a state of the dataset (no file in states/)"
                yield dataset.problem(CYCLES, cycle.id, (*where, "state"), "unknown-state", message)
        for index, officer in enumerate(cycle.vice_presidents):
            where = ("vice_presidents", index, "regional_group")
            group = groups.get(officer.regional_group or "")
            if group is None:
                yield dataset.problem(
                    CYCLES,
                    cycle.id,
                    where if officer.regional_group else ("vice_presidents", index),
                    "cycle-regional-group",
                    f"a Vice-President represents one of the UN regional groups: {', '.join(sorted(groups))}",
                )
            elif officer.state in dataset.states and officer.state not in group.members_on(cycle.conference.start):
                yield dataset.problem(
                    CYCLES, cycle.id, where, "cycle-regional-group", "the officer's state is not a member of this group"
                )


def cycle_dates(dataset: Dataset) -> Iterator[Problem]:
    """Everything dated in a cycle falls after the previous Conference closed and by the close of this one."""
    cycles = cycles_of(dataset)
    for cycle in cycles:
        if cycle.conference.end < cycle.conference.start:
            yield dataset.problem(CYCLES, cycle.id, ("conference", "end"), "cycle-date", "the Conference ends before it starts")
            continue
        after, until = cycle_span(cycles, cycle)
        span = f"after {after.isoformat()} and " if after else ""
        message = f"date is outside the cycle: it must fall {span}on or before {until.isoformat()} (the close of its Conference)"
        for where, day in _dated(cycle):
            if day > until or (after is not None and day <= after):
                yield dataset.problem(CYCLES, cycle.id, where, "cycle-date", message)


def _dated(cycle: Cycle) -> Iterator[tuple[tuple[Any, ...], dt.date]]:
    for index, meeting in enumerate(cycle.meetings):
        yield ("meetings", index, "date"), meeting.date
    for where, officer in _officers(cycle):
        if officer.appointed is not None:
            yield (*where, "appointed"), officer.appointed
    if cycle.report is not None and cycle.report.date is not None:
        yield ("report", "date"), cycle.report.date


def cycle_numbers(dataset: Dataset) -> Iterator[Problem]:
    """Each number once; Conferences follow the order of their numbers."""
    cycles = cycles_of(dataset)
    for earlier, later in itertools.pairwise(cycles):
        if earlier.number == later.number:
            yield dataset.problem(CYCLES, later.id, ("number",), "cycle-number", f"cycle {earlier.id} has the same number")
        elif later.conference.start <= earlier.conference.end:
            yield dataset.problem(
                CYCLES,
                later.id,
                ("conference", "start"),
                "cycle-number",
                f"this Conference starts before the close of {earlier.id}, which has a lower number",
            )


def plan_cycles(dataset: Dataset) -> Iterator[Problem]:
    """A plan names the cycle that adopted it by its id (checked when the dataset has cycle files)."""
    known = sorted({*dataset.records.get(CYCLES, {}), *dataset.unusable.get(CYCLES, frozenset())})
    if not known:
        return
    for key, plan in dataset.records.get("plans", {}).items():
        if isinstance(plan, Plan) and plan.cycle is not None and not dataset.exists(CYCLES, plan.cycle):
            yield dataset.problem(
                "plans",
                key,
                ("cycle",),
                "unknown-cycle",
                f"no cycle with this id in cycles/ (the dataset has {', '.join(known)})",
            )


def actor_cycles(dataset: Dataset) -> Iterator[Problem]:
    """Actors tied to a cycle agree with it: the cycle file is the one source of truth for its officers."""
    from att_univ.data.models.actor import Actor

    known = sorted({*dataset.records.get(CYCLES, {}), *dataset.unusable.get(CYCLES, frozenset())})
    if not known:
        return
    for key, actor in dataset.records.get("actors", {}).items():
        if not isinstance(actor, Actor) or actor.cycle is None:
            continue
        cycle = dataset.records[CYCLES].get(actor.cycle)
        if cycle is None:
            if not dataset.exists(CYCLES, actor.cycle):
                yield dataset.problem(
                    "actors",
                    key,
                    ("cycle",),
                    "unknown-cycle",
                    f"no cycle with this id in cycles/ (the dataset has {', '.join(known)})",
                )
            continue
        assert isinstance(cycle, Cycle)
        if actor.kind == "presidency" and cycle.president is not None and actor.state != cycle.president.state:
            yield dataset.problem(
                "actors",
                key,
                ("state",),
                "actor-cycle",
                f"the President of {cycle.id} comes from another state (cycles/{cycle.id}.yaml)",
            )
        officers = {officer.state for officer in cycle.vice_presidents}
        if actor.kind == "vice-president" and officers and actor.state not in officers:
            yield dataset.problem(
                "actors",
                key,
                ("state",),
                "actor-cycle",
                f"this state is not among the Vice-Presidents of {cycle.id} (cycles/{cycle.id}.yaml)",
            )


CYCLE_RULES: tuple[Rule, ...] = (cycle_officers, cycle_dates, cycle_numbers, plan_cycles, actor_cycles)
