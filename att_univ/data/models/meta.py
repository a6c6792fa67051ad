"""`data/dataset.yaml`: what the dataset is, as of when, and the sources its facts cite."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, StringConstraints

from att_univ.data.models.common import Name, Record, SourceId, Text

Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=500)]


class Source(Record):
    """A document or page that facts in the dataset cite by its id."""

    title: Text
    publisher: Name | None = None
    url: Url | None = None
    date: dt.date | None = Field(default=None, description="Publication or 'status as at' date.")
    note: Text | None = None


class Reconciled(Record):
    """The depositary's status page that the dataset was last reconciled against (`attu reconcile --apply`)."""

    source: SourceId = Field(description="The page, by its id under `sources`.")
    status_as_at: dt.date = Field(description="The page's own 'status as at' date.")
    reconciled_on: dt.date = Field(description="When the dataset was found to agree with the page.")


class DatasetMeta(Record):
    """The dataset as a whole."""

    title: Name
    as_of: dt.date = Field(description="The newest date the dataset vouches for; no fact may be later.")
    description: Text | None = None
    reconciled: Reconciled | None = Field(
        default=None, description="The depositary's page the treaty facts last agreed with, and when that was checked."
    )
    sources: dict[SourceId, Source]
