"""`recipients.yaml`: the public keys that protected values are encrypted to, and who holds each."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from att_univ.data.models.common import Name, Record

PublicKey = Annotated[str, StringConstraints(pattern=r"^(age1[0-9a-z]{58}|ssh-ed25519 [A-Za-z0-9+/]+={0,2})$")]


class Recipient(Record):
    """One holder of a key: restricted values are encrypted to restricted holders; partners values to both."""

    name: Name
    key: PublicKey
    audience: Literal["partners", "restricted"]


class Recipients(Record):
    """Everyone who can read the dataset's protected values."""

    demo: bool = Field(
        default=False,
        description="The values are samples encrypted to attu's own demo key, which attu then uses (the bundled dataset).",
    )
    recipients: tuple[Recipient, ...] = ()
