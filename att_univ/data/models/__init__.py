"""Pydantic models of every kind of file in the dataset; no I/O here."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from att_univ.data.models.actor import Actor
from att_univ.data.models.cycle import Cycle
from att_univ.data.models.engagement import Engagement
from att_univ.data.models.meta import DatasetMeta, Source
from att_univ.data.models.names import DepositaryNames
from att_univ.data.models.plan import Plan
from att_univ.data.models.region import Member, Region
from att_univ.data.models.resource import Resource
from att_univ.data.models.state import State
from att_univ.data.models.vote import Vote


@dataclass(frozen=True)
class Kind:
    """A folder of records under `data/`: one file per record, named after its key."""

    folder: str
    model: type[BaseModel]
    key_field: str
    upper_key: bool = False  # state files are named in lower case, keyed by upper-case ISO3

    def key_for_stem(self, stem: str) -> str:
        """The record key that a file of this name must hold."""
        return stem.upper() if self.upper_key else stem


KINDS: tuple[Kind, ...] = (
    Kind("states", State, "iso3", upper_key=True),
    Kind("regions", Region, "slug"),
    Kind("engagements", Engagement, "id"),
    Kind("plans", Plan, "id"),
    Kind("resources", Resource, "id"),
    Kind("actors", Actor, "id"),
    Kind("cycles", Cycle, "id"),
    Kind("votes", Vote, "id"),
)
KIND_BY_FOLDER = {kind.folder: kind for kind in KINDS}

__all__ = [
    "KINDS",
    "KIND_BY_FOLDER",
    "Actor",
    "DatasetMeta",
    "DepositaryNames",
    "Engagement",
    "Kind",
    "Member",
    "Region",
    "Source",
    "State",
    "Vote",
]
