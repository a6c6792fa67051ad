"""Datasets for tests: loaded from a fixture folder (and known valid), or built in memory."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from att_univ.data.dataset import Dataset
from att_univ.data.loader import load_dataset
from att_univ.data.models import DatasetMeta, State
from att_univ.data.models.common import Dated
from att_univ.data.models.state import Deposit, IntentNotToBecomeParty, ProcessStep, Readiness, Treaty
from tests.conftest import FIXTURES

WGTU = FIXTURES / "wgtu"
COORD = FIXTURES / "coord"
AS_OF = dt.date(2026, 2, 3)
SOURCES = ("fixture",)


def load_ok(root: Path) -> Dataset:
    result = load_dataset(root)
    assert result.ok, result.problems
    assert result.dataset is not None
    return result.dataset


def make_state(
    iso3: str = "XAA",
    *,
    signed: dt.date | None = None,
    deposited: dt.date | None = None,
    renounced: dt.date | None = None,
    steps: tuple[tuple[str, dt.date], ...] = (),
    readiness: tuple[tuple[str, dt.date], ...] = (),
) -> State:
    """A state built in memory, for rules that need no files."""
    treaty = Treaty(
        signature=Dated(date=signed, sources=SOURCES) if signed else None,
        deposit=Deposit(date=deposited, instrument="ratification" if signed else "accession", sources=SOURCES)
        if deposited
        else None,
        intent_not_to_become_party=IntentNotToBecomeParty(date=renounced, summary="Will not join.", sources=SOURCES)
        if renounced
        else None,
    )
    return State(
        iso3=iso3,
        iso2=iso3[:2],
        m49="999",
        name=f"State {iso3}",
        un_member=True,
        treaty=treaty,
        process=tuple(ProcessStep(stage=stage, date=day) for stage, day in steps),  # type: ignore[arg-type]
        readiness=tuple(Readiness(level=level, assessed_on=day) for level, day in readiness),  # type: ignore[arg-type]
        sources=SOURCES,
    )


def make_dataset(states: list[State]) -> Dataset:
    meta = DatasetMeta(title="In-memory dataset", as_of=AS_OF, sources={})
    return Dataset(root=Path("."), meta=meta, records={"states": {s.iso3: s for s in states}})
