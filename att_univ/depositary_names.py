"""Match the depositary's spelling of a participant to an ISO 3166-1 alpha-3 code.

The table lives in ``data/depositary-names.yaml``. Matching is exact once whitespace, footnote
marks and Unicode composition are normalised: a spelling the table does not know gives None, so
the caller can report "unknown participant" instead of trusting a guess.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

DEFAULT_TABLE_PATH = Path(__file__).resolve().parent.parent / "data" / "depositary-names.yaml"

_ISO3 = re.compile(r"[A-Z]{3}")
# Marks as the UNTC prints them: "<superscript>3</superscript>" (chapter XML), "<sup>3</sup>" (HTML).
_MARKUP_FOOTNOTE = re.compile(r"<(sup|superscript)>[^<]*</\1>", re.IGNORECASE)
# Marks left as plain text, e.g. "United States of America 3" or "Denmark1,2"; no state name ends in a digit.
_TRAILING_FOOTNOTE_NUMBERS = re.compile(r"\s*\d+(?:\s*,\s*\d+)*$")


class DepositaryNamesError(ValueError):
    """The names table is missing, malformed, or maps one spelling to two codes."""


def normalise_name(name: str) -> str:
    """Return the name in NFC, without footnote marks, with whitespace collapsed."""
    composed = unicodedata.normalize("NFC", name)
    without_markup = _MARKUP_FOOTNOTE.sub(" ", composed)
    collapsed = " ".join(without_markup.split())
    return _TRAILING_FOOTNOTE_NUMBERS.sub("", collapsed)


def load_depositary_names(path: Path = DEFAULT_TABLE_PATH) -> dict[str, str]:
    """Load the spelling-to-ISO3 table, keyed by normalised spelling."""
    try:
        document = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YAMLError) as error:
        raise DepositaryNamesError(f"{path}: cannot read the depositary names table: {error}") from None
    names = document.get("names") if isinstance(document, dict) else None
    if not isinstance(names, dict) or not names:
        raise DepositaryNamesError(f"{path}: expected a non-empty 'names:' mapping of spelling to ISO3 code")
    return _normalised_table(names, path)


def _normalised_table(names: dict[object, object], path: Path) -> dict[str, str]:
    table: dict[str, str] = {}
    for spelling, code in names.items():
        if not isinstance(spelling, str) or not isinstance(code, str) or not _ISO3.fullmatch(code):
            raise DepositaryNamesError(f"{path}: {spelling!r}: {code!r} is not an ISO 3166-1 alpha-3 code")
        key = normalise_name(spelling)
        if table.get(key, code) != code:
            raise DepositaryNamesError(f"{path}: {spelling!r} maps to both {table[key]} and {code}")
        table[key] = code
    return table


def match_participant(name: str, table: Mapping[str, str]) -> str | None:
    """Return the ISO3 code of a depositary spelling, or None if the table does not know it."""
    return table.get(normalise_name(name))
