"""The treaty's own rules about time: signature window, entry into force, status at a date."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from att_univ.models.state import Treaty

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
    if treaty.deposit is not None and treaty.deposit.date <= day:
        return "party"
    if treaty.signature is not None and treaty.signature.date <= day:
        return "signatory"
    return "non-signatory"


def in_force_on(treaty: Treaty, day: dt.date) -> bool:
    """Whether the treaty was in force for the state on the day."""
    eif = treaty.entry_into_force
    if eif is not None:
        return eif.date <= day
    return treaty.deposit is not None and entry_into_force_for(treaty.deposit.date) <= day


def renounced_on(treaty: Treaty, day: dt.date) -> bool:
    """Whether a signatory had told the depositary, by this day, that it will not become a party."""
    intent = treaty.intent_not_to_become_party
    return intent is not None and intent.date <= day
