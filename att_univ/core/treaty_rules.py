"""The treaty's own rules about time: signature window, entry into force, status at a date."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # only for annotations: the rules run on the compact index too, without pydantic
    from att_univ.data.models.state import Treaty

OPENED_FOR_SIGNATURE = dt.date(2013, 6, 3)  # Art. 20: open for signature at UN Headquarters
TREATY_ENTRY_INTO_FORCE = dt.date(2014, 12, 24)  # 90 days after the 50th instrument (2014-09-25)
DAYS_TO_ENTRY_INTO_FORCE = 90  # Art. 22(2)

Status = Literal["party", "signatory", "non-signatory"]
STATUSES: tuple[Status, ...] = ("party", "signatory", "non-signatory")


def entry_into_force_for(deposit: dt.date) -> dt.date:
    """Art. 22: instruments deposited before the treaty's entry into force took effect with it."""
    if deposit < TREATY_ENTRY_INTO_FORCE:
        return TREATY_ENTRY_INTO_FORCE
    return deposit + dt.timedelta(days=DAYS_TO_ENTRY_INTO_FORCE)


def status_on(treaty: Treaty, day: dt.date) -> Status:
    """How the depositary counts a state on a day: party once deposited, else signatory once signed."""
    signature, deposit = treaty.signature, treaty.deposit
    return status_from(signature.date if signature else None, deposit.date if deposit else None, day)


def status_from(signed: dt.date | None, deposited: dt.date | None, day: dt.date) -> Status:
    """`status_on` for bare dates (the compact index holds no models)."""
    if deposited is not None and deposited <= day:
        return "party"
    if signed is not None and signed <= day:
        return "signatory"
    return "non-signatory"


def in_force_from(treaty: Treaty) -> dt.date | None:
    """The day the treaty entered into force for the state: as recorded, else by Art. 22."""
    if treaty.entry_into_force is not None:
        return treaty.entry_into_force.date
    return entry_into_force_for(treaty.deposit.date) if treaty.deposit is not None else None


def in_force_on(treaty: Treaty, day: dt.date) -> bool:
    """Whether the treaty was in force for the state on the day."""
    start = in_force_from(treaty)
    return start is not None and start <= day


def renounced_on(treaty: Treaty, day: dt.date) -> bool:
    """Whether a signatory had told the depositary, by this day, that it will not become a party."""
    intent = treaty.intent_not_to_become_party
    return renounced_from(intent.date if intent else None, day)


def renounced_from(communicated: dt.date | None, day: dt.date) -> bool:
    """`renounced_on` for the bare date of the communication."""
    return communicated is not None and communicated <= day
