"""Regions: UN regional groups, UN M49 areas and regional organisations."""

from __future__ import annotations

import datetime as dt
import typing
from typing import Any, Literal

from pydantic import Field, GetJsonSchemaHandler, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from att_univ.data.models.common import ISO3, Name, OptionalSources, Record, Slug, Sources, Text

Scheme = Literal[
    "un-regional-group",
    "m49-region",
    "m49-subregion",
    "m49-intermediate-region",
    "organisation",
]
SCHEMES: tuple[str, ...] = typing.get_args(Scheme)


class Member(Record):
    """A state's membership of a region; dated where it changed."""

    state: ISO3
    since: dt.date | None = None
    until: dt.date | None = Field(default=None, description="First day the state was no longer a member.")
    note: Text | None = None
    sources: OptionalSources = ()

    @model_validator(mode="before")
    @classmethod
    def _plain_code(cls, value: Any) -> Any:
        # Most members are written as a bare ISO3 code; dated ones as a mapping.
        return {"state": value} if isinstance(value, str) else value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        # The schema says what `_plain_code` accepts: a bare ISO3 code, or the mapping.
        mapping = handler.resolve_ref_schema(handler(core_schema))
        code = mapping["properties"]["state"]
        return {"anyOf": [{**code, "title": "ISO3 code"}, mapping], "description": cls.__doc__}

    def on(self, day: dt.date) -> bool:
        """Whether the state was a member on this day."""
        return (self.since is None or self.since <= day) and (self.until is None or day < self.until)


class Region(Record):
    """One region (file `data/regions/<slug>.yaml`): the single source of truth for its members."""

    slug: Slug
    name: Name
    scheme: Scheme
    parent: Slug | None = Field(default=None, description="The region this one is part of (M49).")
    description: Text | None = None
    members: tuple[Member, ...]
    sources: Sources

    def members_on(self, day: dt.date) -> frozenset[str]:
        """ISO3 codes of the states that were members on this day."""
        return frozenset(m.state for m in self.members if m.on(day))

    def ever_members(self) -> frozenset[str]:
        """ISO3 codes of every state that has been a member at some time."""
        return frozenset(m.state for m in self.members)
