"""Cross-record rules for plans and resources, appended to the rules of `att_univ.data.rules.general`.

References use the codes the other rules use for the same fault (`unknown-region`,
`unknown-state`), plus `unknown-actor`; plan sanity has codes of its own. Actor ids are
checked only when an `actors` folder kind is registered: the rule looks the folder up in
`dataset.records` by name and skips the check when it is absent.
"""

from __future__ import annotations

from collections.abc import Iterator

from att_univ.core.problems import Problem
from att_univ.data.dataset import Dataset
from att_univ.data.models.plan import Plan
from att_univ.data.models.resource import Resource
from att_univ.data.rules import Rule

ACTORS = "actors"


def _plans(dataset: Dataset) -> Iterator[tuple[str, Plan]]:
    for key, plan in dataset.records.get("plans", {}).items():
        if isinstance(plan, Plan):
            yield key, plan


def _resources(dataset: Dataset) -> Iterator[tuple[str, Resource]]:
    for key, resource in dataset.records.get("resources", {}).items():
        if isinstance(resource, Resource):
            yield key, resource


def plan_regions(dataset: Dataset) -> Iterator[Problem]:
    """A plan's focus regions exist and are listed once; a milestone's region is one of them."""
    for key, plan in _plans(dataset):
        seen: set[str] = set()
        for index, focus in enumerate(plan.focus_regions):
            where = ("focus_regions", index, "region")
            if focus.region not in dataset.regions:
                yield dataset.problem("plans", key, where, "unknown-region", "region has no file in regions/")
            if focus.region in seen:
                yield dataset.problem("plans", key, where, "plan-duplicate-region", "focus region is listed more than once")
            seen.add(focus.region)
        for index, milestone in enumerate(plan.milestones):
            if milestone.region is not None and milestone.region not in seen:
                yield dataset.problem(
                    "plans",
                    key,
                    ("milestones", index, "region"),
                    "plan-milestone",
                    "milestone region is not one of the plan's focus regions",
                )


def plan_period(dataset: Dataset) -> Iterator[Problem]:
    """Milestones fall inside the period; the baseline is not after the period's end or the dataset's date."""
    for key, plan in _plans(dataset):
        period = plan.period
        if plan.baseline > period.end:
            yield dataset.problem(
                "plans",
                key,
                ("baseline",),
                "plan-period",
                f"baseline is after the end of the period ({period.end.isoformat()}): progress is measured from it",
            )
        elif plan.baseline > dataset.meta.as_of:
            yield dataset.problem(
                "plans",
                key,
                ("baseline",),
                "plan-baseline",
                "baseline is after the dataset's as-of date: progress cannot be measured until the data reaches it",
                severity="warning",
            )
        for index, milestone in enumerate(plan.milestones):
            if milestone.year > period.years:
                yield dataset.problem(
                    "plans",
                    key,
                    ("milestones", index, "year"),
                    "plan-milestone",
                    f"milestone year is beyond the plan's period of {period.years} years",
                )
            elif milestone.due is not None and not (
                period.year_start(milestone.year) <= milestone.due <= period.year_end(milestone.year)
            ):
                yield dataset.problem(
                    "plans",
                    key,
                    ("milestones", index, "due"),
                    "plan-milestone",
                    "due date is outside the plan year the milestone belongs to",
                )
        if plan.example and plan.example_note is None:
            yield dataset.problem(
                "plans",
                key,
                ("example",),
                "plan-example",
                "an example plan needs example_note saying which parts are illustrative",
                prefer_key=True,
            )


def plan_actors(dataset: Dataset) -> Iterator[Problem]:
    """Facilitators and champions are actors of the dataset (checked when actors are a kind of record)."""
    if ACTORS not in dataset.records:
        return
    actors = dataset.records[ACTORS]
    for key, plan in _plans(dataset):
        for index, focus in enumerate(plan.focus_regions):
            for role in ("facilitators", "champions"):
                for position, actor in enumerate(getattr(focus, role)):
                    if actor not in actors:
                        yield dataset.problem(
                            "plans",
                            key,
                            ("focus_regions", index, role, position),
                            "unknown-actor",
                            "actor id has no file in actors/",
                        )


def resource_references(dataset: Dataset) -> Iterator[Problem]:
    """A resource names existing regions, states and actors, and is offered for a period that makes sense."""
    actors = dataset.records.get(ACTORS)
    for key, resource in _resources(dataset):
        for index, slug in enumerate(resource.regions):
            if slug not in dataset.regions:
                yield dataset.problem("resources", key, ("regions", index), "unknown-region", "region has no file in regions/")
        for index, code in enumerate(resource.states):
            if code not in dataset.states:
                yield dataset.problem(
                    "resources",
                    key,
                    ("states", index),
                    "unknown-state",
                    "not a state of the dataset (no file in states/)",
                )
        if actors is not None and resource.provider_actor is not None and resource.provider_actor not in actors:
            yield dataset.problem("resources", key, ("provider_actor",), "unknown-actor", "actor id has no file in actors/")
        start, end = resource.available_from, resource.available_until
        if start is not None and end is not None and end < start:
            yield dataset.problem(
                "resources", key, ("available_until",), "resource-dates", "available_until is before available_from"
            )


PLAN_RULES: tuple[Rule, ...] = (plan_regions, plan_period, plan_actors, resource_references)
