"""Match the depositary's spelling of a participant to the ISO3 code of a state of the dataset.

The spellings are data: `data/depositary-names.yaml`, validated by the loader as a
`DepositaryNames` record (see `checks.depositary_spellings`). Matching is exact once whitespace,
footnote marks and Unicode composition are normalised: a spelling the table does not know gives
None, so the caller can report "unknown participant" instead of trusting a guess.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from att_univ.data.models.names import DepositaryNames

# Marks as the UNTC prints them: "<superscript>3</superscript>" (chapter XML), "<sup>3</sup>" (HTML).
_MARKUP_FOOTNOTE = re.compile(r"<(sup|superscript)>[^<]*</\1>", re.IGNORECASE)
# Marks left as plain text, e.g. "United States of America 3" or "Denmark1,2"; no state name ends in a digit.
_TRAILING_FOOTNOTE_NUMBERS = re.compile(r"\s*\d+(?:\s*,\s*\d+)*$")


def normalise_name(name: str) -> str:
    """Return the name in NFC, without footnote marks, with whitespace collapsed."""
    composed = unicodedata.normalize("NFC", name)
    without_markup = _MARKUP_FOOTNOTE.sub(" ", composed)
    collapsed = " ".join(without_markup.split())
    return _TRAILING_FOOTNOTE_NUMBERS.sub("", collapsed)


@dataclass(frozen=True)
class SpellingClash:
    """Two spellings of the table that normalise alike: a conflict if their codes differ."""

    spelling: str
    code: str
    earlier_spelling: str
    earlier_code: str

    @property
    def conflicting(self) -> bool:
        """Whether the two spellings lead to different states."""
        return self.code != self.earlier_code


def spelling_clashes(names: DepositaryNames) -> Iterator[SpellingClash]:
    """Every spelling that normalises like an earlier one, in the table's order."""
    first: dict[str, tuple[str, str]] = {}
    for spelling, code in names.names.items():
        key = normalise_name(spelling)
        if key in first:
            earlier_spelling, earlier_code = first[key]
            yield SpellingClash(spelling, code, earlier_spelling, earlier_code)
        else:
            first[key] = (spelling, code)


def spelling_table(names: DepositaryNames) -> dict[str, str]:
    """Normalised spelling → ISO3; a validated table has no conflicts, so the first spelling wins."""
    table: dict[str, str] = {}
    for spelling, code in names.names.items():
        table.setdefault(normalise_name(spelling), code)
    return table


def match_participant(name: str, table: Mapping[str, str]) -> str | None:
    """Return the ISO3 code of a depositary spelling, or None if the table does not know it."""
    return table.get(normalise_name(name))
