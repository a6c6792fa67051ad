"""The one walk over records: every leaf exactly once, with its path and the sensitivity in force; pruning by audience."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import Field

from att_univ.data.loader import load_dataset
from att_univ.data.models.common import SENSITIVITY_RANK, Record, Sensitive, visible_to
from att_univ.data.models.walk import dotted, leaves, prune
from tests.conftest import DATA, FIXTURES

# --- an independent oracle: the model's own dump, walked as plain dicts, tuples and lists ----------


def dump_leaves(value: Any, path: tuple[Any, ...] = (), sensitivity: str = "public") -> list[tuple[tuple[Any, ...], Any, str]]:
    """(path, value, sensitivity in force) of every non-container value in a `model_dump()`."""
    if isinstance(value, dict):
        marked = value.get("sensitivity")  # a Sensitive model, dumped
        if marked in SENSITIVITY_RANK and SENSITIVITY_RANK[marked] > SENSITIVITY_RANK[sensitivity]:
            sensitivity = marked
        return [leaf for key, item in value.items() for leaf in dump_leaves(item, (*path, key), sensitivity)]
    if isinstance(value, (tuple, list)):
        return [leaf for index, item in enumerate(value) for leaf in dump_leaves(item, (*path, index), sensitivity)]
    return [(path, value, sensitivity)]


def walked(record: Any) -> list[tuple[tuple[Any, ...], Any, str]]:
    return [(leaf.path, leaf.value, leaf.sensitivity) for leaf in leaves(record)]


# --- small models with every shape the dataset's models use ------------------------------------------


class Note(Sensitive):
    text: str
    tags: tuple[str, ...] = ()


class Item(Record):
    name: str
    when: dt.date | None = None
    notes: tuple[Note, ...] = ()
    labels: dict[str, str] = Field(default_factory=dict)


class Box(Sensitive):
    title: str
    items: tuple[Item, ...] = ()
    inner: Box | None = None


SENSITIVITIES = st.sampled_from(("public", "partners", "restricted"))
TEXT = st.text(max_size=5)
NOTES = st.builds(Note, text=TEXT, tags=st.lists(TEXT, max_size=2).map(tuple), sensitivity=SENSITIVITIES)
ITEMS = st.builds(
    Item,
    name=TEXT,
    when=st.none() | st.dates(),
    notes=st.lists(NOTES, max_size=3).map(tuple),
    labels=st.dictionaries(st.sampled_from("abc"), TEXT, max_size=2),
)
BOXES = st.recursive(
    st.builds(Box, title=TEXT, items=st.lists(ITEMS, max_size=3).map(tuple), sensitivity=SENSITIVITIES),
    lambda inner: st.builds(
        Box, title=TEXT, items=st.lists(ITEMS, max_size=2).map(tuple), inner=inner, sensitivity=SENSITIVITIES
    ),
    max_leaves=6,
)


@settings(max_examples=150, deadline=None)
@given(BOXES)
def test_every_leaf_is_visited_exactly_once_with_the_sensitivity_in_force(box: Box) -> None:
    found = walked(box)
    assert Counter(found) == Counter(dump_leaves(box.model_dump()))
    assert len({path for path, _, _ in found}) == len(found)


@settings(max_examples=150, deadline=None)
@given(BOXES, SENSITIVITIES)
def test_pruning_keeps_exactly_what_the_audience_may_see(box: Box, audience: str) -> None:
    pruned = prune(box, lambda model: not isinstance(model, Sensitive) or visible_to(model.sensitivity, audience))
    if not visible_to(box.sensitivity, audience):
        assert pruned is None
        return
    kept = [leaf for leaf in leaves(pruned)]
    assert all(visible_to(leaf.sensitivity, audience) for leaf in kept)
    visible_text = Counter(
        leaf.value for leaf in leaves(box) if isinstance(leaf.value, str) and visible_to(leaf.sensitivity, audience)
    )
    assert Counter(leaf.value for leaf in kept if isinstance(leaf.value, str)) == visible_text


def test_pruning_what_is_all_visible_returns_the_same_object() -> None:
    box = Box(title="t", items=(Item(name="n", notes=(Note(text="x", sensitivity="public"),)),), sensitivity="public")
    assert prune(box, lambda model: True) is box


def test_paths_read_as_people_write_them() -> None:
    assert dotted(("process", 0, "notes")) == "process[0].notes"
    assert dotted(("names", "fr")) == "names.fr"
    assert dotted(()) == ""


# --- every record of the real dataset and of the canary fixture ------------------------------------------


@pytest.mark.parametrize("root", [DATA, FIXTURES / "canary"], ids=["bundled", "canary"])
def test_every_record_of_a_real_dataset_is_walked_whole(root: Any) -> None:
    result = load_dataset(root)
    assert result.dataset is not None
    checked = 0
    for by_key in result.dataset.records.values():
        for record in by_key.values():
            assert Counter(walked(record)) == Counter(dump_leaves(record.model_dump())), record
            checked += 1
    assert checked > 200 if root == DATA else checked > 0
