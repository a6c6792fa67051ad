"""`dump_plain_data` writes exactly what `dump_round_trip` writes, for every record and for generated data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from att_univ.data.loader import load_dataset
from att_univ.data.yamlio import dump_plain_data, dump_round_trip, flow_sequence
from att_univ.documents.export import KINDS, _yaml
from tests.conftest import DATA


@pytest.fixture(scope="module")
def records() -> list[Any]:
    dataset = load_dataset(DATA).dataset
    assert dataset is not None
    every = [dataset.meta] + [r for kind in KINDS for r in dataset.records.get(kind.folder, {}).values()]
    return [_yaml(record) for record in every]


def test_every_record_of_the_dataset_is_written_as_ruamel_writes_it(records: list[Any]) -> None:
    assert len(records) > 250
    for document in records:
        assert dump_plain_data(document) == dump_round_trip(document)


# Text that exercises the quoting: indicators, quotes, YAML 1.1 booleans, numbers, dates, spaces at the ends,
# characters that need escapes, line breaks and non-Latin scripts.
ALPHABET = st.sampled_from(
    [*"aZ09 -:#'\"[]{},&*!|>%@`?.\\\t\n\r", "\x85", "\xa0", "\u2028", "é", "غ", "冈", "\ufeff", "\x07", "\ufffe", "😀"]
)
TEXT = st.one_of(
    st.text(ALPHABET, max_size=10),
    st.sampled_from(["NO", "yes", "On", "null", "~", "true", "2024-06-13", "270", "1e3", "0x1F", ".5", "- a", "a: b", ""]),
)
SCALARS = st.one_of(
    TEXT,
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
    st.none(),
    st.floats(allow_nan=False),
)
KEYS = st.one_of(st.sampled_from(["name", "date", "sources", "members", "NO", "a b"]), TEXT)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.lists(SCALARS, max_size=4).map(flow_sequence),
        st.dictionaries(KEYS, children, max_size=4),
    ),
    max_leaves=12,
)


# The same without what is always left to ruamel (nulls, floats, empty text and collections, line breaks),
# so that most documents take the fast path.
LINE = st.text(st.sampled_from([*"aaaZ09   -:#'[]{},&*!|>%@`?.", "\xa0", "é", "غ", "冈", "😀"]), min_size=1, max_size=10)
PLAIN_SCALARS = st.one_of(
    LINE,
    st.sampled_from(["NO", "yes", "On", "null", "~", "true", "2024-06-13", "270", "1e3", "0x1F", ".5", "- a", "a: b"]),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
)
PLAIN_VALUES = st.recursive(
    PLAIN_SCALARS,
    lambda children: st.one_of(
        st.lists(children, min_size=1, max_size=3),
        st.lists(PLAIN_SCALARS, min_size=1, max_size=4).map(flow_sequence),
        st.dictionaries(LINE, children, min_size=1, max_size=4),
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(KEYS, VALUES, max_size=5))
def test_generated_data_is_written_as_ruamel_writes_it(document: dict[str, Any]) -> None:
    assert dump_plain_data(document) == dump_round_trip(document)


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(LINE, PLAIN_VALUES, min_size=1, max_size=5))
def test_generated_plain_data_is_written_as_ruamel_writes_it(document: dict[str, Any]) -> None:
    assert dump_plain_data(document) == dump_round_trip(document)


def test_a_long_line_is_left_to_ruamel_which_folds_it() -> None:
    document = {"summary": "word " * 1000, "sources": flow_sequence(["s" * 300] * 16)}
    assert dump_plain_data(document) == dump_round_trip(document)
