"""A recorded vote of the UN General Assembly on the Arms Trade Treaty (file `data/votes/<id>.yaml`).

Public by nature: each file copies the voting record of the day. `absent` is not `abstain`:
a state that was away, present but not voting, or barred for arrears (Art. 19 of the Charter)
took no position, and the reasons built on these files must never say it abstained.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, get_args

from pydantic import Field

from att_univ.data.models.common import ISO3, Name, Record, Slug, Sources, Text
from att_univ.data.models.meta import Url

VoteCast = Literal["yes", "no", "abstain", "absent"]
VOTE_CASTS: tuple[str, ...] = get_args(VoteCast)  # the order totals are given in
Body = Literal["plenary", "first-committee"]
# What the resolution does for the treaty: the "Towards an arms trade treaty" resolutions before
# the negotiations, the adoption of the treaty's text (A/RES/67/234 B), and the resolutions on the
# treaty since (the Assembly's yearly ATT resolution, and the First Committee's drafts of it).
Subject = Literal["towards-a-treaty", "adoption", "treaty"]
Count = Annotated[int, Field(ge=0, le=250)]


class Totals(Record):
    """The totals the voting record states; `attu validate` checks the states' votes add up to them."""

    yes: Count
    no: Count
    abstain: Count
    absent: Count = Field(description="Non-voting: absent, present but not voting, or barred for arrears.")


class StateVote(Record):
    """One state's vote, and the name the voting record printed for it that day."""

    state: ISO3
    vote: VoteCast
    name_as_recorded: Name


class Vote(Record):
    """One recorded vote: the resolution (or draft), the day, the totals and every state's vote."""

    id: Slug = Field(description="The symbol in lower case with hyphens, such as a-res-67-234-b.")
    symbol: Name = Field(description="The document symbol, such as A/RES/67/234 B.")
    body: Body
    subject: Subject
    date: dt.date
    date_precision: Literal["day", "month"] = Field(
        default="day", description="`month` when only the month is known; the date is then the month's first day."
    )
    record: Url | None = Field(default=None, description="The UN Digital Library's voting record.")
    note: Text | None = None
    totals: Totals
    sources: Sources
    votes: tuple[StateVote, ...] = Field(min_length=1)
