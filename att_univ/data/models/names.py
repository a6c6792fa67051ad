"""`data/depositary-names.yaml`: the depositary's spellings of the states, each mapped to one state."""

from __future__ import annotations

from pydantic import Field

from att_univ.data.models.common import ISO3, Name, Record


class DepositaryNames(Record):
    """Every spelling the depositary (UN Treaty Collection) prints or has printed, with the state's ISO3 code."""

    names: dict[Name, ISO3] = Field(
        min_length=1,
        description="Spelling → ISO 3166-1 alpha-3 code. Two spellings that differ only in whitespace or "
        "Unicode composition count as one; no spelling may lead to two states.",
    )
