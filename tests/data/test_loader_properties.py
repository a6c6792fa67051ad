"""Property tests: whatever a file holds, the loader returns a valid dataset or located problems."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from att_univ.core.formats import CONTROL_CHARACTERS, INVISIBLE_CHARACTERS
from att_univ.data.loader import load_dataset
from att_univ.data.yamlio import parse, reformat
from tests.conftest import DATA

FIELDS = [
    "iso3",
    "iso2",
    "m49",
    "name",
    "un_member",
    "treaty",
    "process",
    "sources",
    "notes",
    "readiness",
    "date",
    "signature",
    "deposit",
    "instrument",
    "stage",
    "sensitivity",
    "text",
]

# What the reader refuses even when written as a YAML escape (tests/hostile, item 9).
REFUSED = [chr(c) for c in range(0x110000) if CONTROL_CHARACTERS.match(chr(c)) or INVISIBLE_CHARACTERS.match(chr(c))]
text = st.text(alphabet=st.characters(exclude_characters=REFUSED, exclude_categories=("Cs",)), max_size=12)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
    st.sampled_from(["GMB", "NO", "yes", "2024-02-30", "public", "restricted", "accession", "untc-status-2026", "~", ""]),
    text,
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(FIELDS) | text.map(lambda t: t[:6]), children, max_size=5),
    ),
    max_leaves=20,
)


@pytest.fixture(scope="module")
def mini_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small valid dataset: the description, three states, their UN group."""
    root = tmp_path_factory.mktemp("mini") / "data"
    (root / "states").mkdir(parents=True)
    (root / "regions").mkdir()
    shutil.copy(DATA / "dataset.yaml", root / "dataset.yaml")
    for code in ("gmb", "sen", "gha"):
        shutil.copy(DATA / "states" / f"{code}.yaml", root / "states")
    (root / "regions" / "west.yaml").write_text(
        "slug: west\nname: West\nscheme: un-regional-group\nsources: [un-m49]\nmembers: [GMB, SEN, GHA]\n"
    )
    assert load_dataset(root).ok
    return root


def _assert_result_is_sound(root: Path) -> None:
    result = load_dataset(root)
    if result.ok:
        assert result.dataset is not None
        assert set(result.dataset.states) <= {"GMB", "SEN", "GHA"}
    else:
        for problem in result.problems:
            assert problem.line >= 1 and problem.column >= 1
            assert problem.code and problem.message
            assert problem.path.endswith(".yaml")


def _dump(value: object) -> str:
    from att_univ.data.yamlio import dump_round_trip

    return dump_round_trip(value)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300))
def test_any_bytes(mini_dataset: Path, raw: bytes) -> None:
    (mini_dataset / "states" / "gmb.yaml").write_bytes(raw)
    _assert_result_is_sound(mini_dataset)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from(list("abGMB: -[]{}&*!%#'\"\n\t|>?,.0129@\u202e\x07")), max_size=120))
def test_any_yamlish_text(mini_dataset: Path, text: str) -> None:
    (mini_dataset / "states" / "gmb.yaml").write_text(text, encoding="utf-8")
    _assert_result_is_sound(mini_dataset)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.dictionaries(st.sampled_from(FIELDS), values, max_size=8))
def test_any_structure(mini_dataset: Path, value: dict[str, object]) -> None:
    (mini_dataset / "states" / "gmb.yaml").write_text(_dump(value), encoding="utf-8")
    _assert_result_is_sound(mini_dataset)


@settings(max_examples=100, deadline=None)
@given(value=st.dictionaries(st.sampled_from(FIELDS), values, min_size=1, max_size=8))
def test_canonical_layout_is_a_fixed_point(value: dict[str, object]) -> None:
    once = reformat(_dump(value))
    assert reformat(once) == once
    assert parse(once, "x.yaml").problems == []


@settings(max_examples=100, deadline=None)
@given(value=st.dictionaries(st.sampled_from(FIELDS), values, min_size=1, max_size=8))
def test_fast_reader_agrees_with_the_round_trip_parser(value: dict[str, object]) -> None:
    from att_univ.data.yamlio import load_round_trip

    text = _dump(value)
    fast = parse(text, "x.yaml")
    assert fast.problems == []
    assert _plain(fast.value) == _plain(load_round_trip(text))


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.date()
    return value
