"""A record never names a record that its own readers may not see.

An id is information: a public resource whose `provider_actor` is a restricted actor publishes
that actor's id in every public export. So wherever a record (or a part of it) of one
sensitivity names an actor, a resource, an engagement or a plan, that record must be visible
to the same audience. One walk over every record finds each reference with the sensitivity in
force around it (att_univ/data/models/walk.py).
"""

from __future__ import annotations

from att_univ.core.problems import Problem
from att_univ.data.dataset import Dataset
from att_univ.data.models.common import visible_to
from att_univ.data.models.walk import Leaf

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


def reference_problem(dataset: Dataset, folder: str, key: str, leaf: Leaf) -> Problem | None:
    """The problem with one value of a record, if it names a record less open than the place that names it.

    Run by the rules' one walk over every record (`general.value_checks`), with the other checks of single values.
    """
    target_folder = REFERENCE_FIELDS.get(leaf.field or "")
    if target_folder is None or not isinstance(leaf.value, str) or leaf.owner is None:
        return None
    if (leaf.owner.__name__, leaf.field) in _REPORTED_ELSEWHERE:
        return None
    target = dataset.records.get(target_folder, {}).get(leaf.value)
    level = getattr(target, "sensitivity", None)
    if level is None or visible_to(level, leaf.sensitivity):
        return None
    return dataset.problem(
        folder,
        key,
        leaf.path,
        "sensitivity-mismatch",
        f"this is {leaf.sensitivity} but names {target_folder.removesuffix('s')} {leaf.value!r}, which is "
        f"{level}: whoever may see this would learn the id; make this as restricted as the one it names, "
        "or that one as open as this",
    )
