"""A record never names a record that its own readers may not see.

An id is information: a public resource whose `provider_actor` is a restricted actor publishes
that actor's id in every public export. So wherever a record (or a part of it) of one
sensitivity names an actor, a resource, an engagement or a plan, that record must be visible
to the same audience. One walk over every record finds each reference with the sensitivity in
force around it (att_univ/data/models/walk.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from att_univ.core.problems import Problem
from att_univ.data.dataset import Dataset
from att_univ.data.models.common import visible_to
from att_univ.data.models.walk import leaves
from att_univ.data.rules import Rule

# Which folder a field's ids point into. Sources and regions carry no sensitivity of their own:
# the audience projection shows them only when something visible cites them.
REFERENCE_FIELDS = {
    "provider_actor": "actors",
    "actors": "actors",
    "part_of": "actors",
    "facilitators": "actors",
    "champions": "actors",
    "assessed_by": "actors",
    "references": "engagements",
    "resources": "resources",
    "resource": "resources",
    "engagements": "engagements",
    "engagement": "engagements",
    "plans": "plans",
    "plan": "plans",
}
# Already reported, with the same code, by coordination.sensitivity_matches.
_REPORTED_ELSEWHERE = {
    ("Engagement", "actors"),
    ("Engagement", "references"),
    ("Actor", "part_of"),
    ("FocusRegion", "facilitators"),
    ("FocusRegion", "champions"),
}


def references_visible(dataset: Dataset) -> Iterator[Problem]:
    """Every id a record names belongs to a record at least as open as the place that names it."""
    for folder, by_key in dataset.records.items():
        for key, record in by_key.items():
            for leaf in leaves(record):
                target_folder = REFERENCE_FIELDS.get(leaf.field or "")
                if target_folder is None or not isinstance(leaf.value, str) or leaf.owner is None:
                    continue
                if (leaf.owner.__name__, leaf.field) in _REPORTED_ELSEWHERE:
                    continue
                target = dataset.records.get(target_folder, {}).get(leaf.value)
                level = getattr(target, "sensitivity", None)
                if level is None or visible_to(level, leaf.sensitivity):
                    continue
                yield dataset.problem(
                    folder,
                    key,
                    leaf.path,
                    "sensitivity-mismatch",
                    f"this is {leaf.sensitivity} but names {target_folder.removesuffix('s')} {leaf.value!r}, which is "
                    f"{level}: whoever may see this would learn the id; make this as restricted as the one it names, "
                    "or that one as open as this",
                )


REFERENCE_RULES: tuple[Rule, ...] = (references_visible,)
