"""The order in which data files hold their keys: a new key lands where a person would put it.

`tools/import_reference.py` wrote the dataset in this order and `attu fmt` keeps it; edits
(`attu record`, `attu reconcile --apply`) insert new keys accordingly, so their diffs stay small.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

STATE_KEYS = (
    "iso3",
    "iso2",
    "m49",
    "name",
    "names",
    "un_member",
    "sources",
    "development_groups",
    "treaty",
    "process",
    "readiness",
    "challenges",
    "needs",
    "support",
    "contacts",
    "notes",
)
TREATY_KEYS = (
    "signature",
    "deposit",
    "entry_into_force",
    "provisional_application",
    "declarations",
    "intent_not_to_become_party",
    "depositary_name",
    "depositary_exceptions",
)
UN_NAME_KEYS = ("ar", "zh", "en", "fr", "fr_article", "ru", "es", "es_article", "sources")
FACT_KEYS = ("date", "instrument", "caveat", "sources")
META_KEYS = ("title", "as_of", "description", "reconciled", "sources")


def place(mapping: Any, key: str, value: Any, order: Sequence[str]) -> None:
    """Set a key; a new one goes after the last key that `order` puts before it (last if unlisted)."""
    if key in mapping:
        mapping[key] = value
        return
    keys = list(mapping)
    position = len(keys)
    if key in order:
        rank = order.index(key)
        position = 0
        for index, existing in enumerate(keys):
            if existing in order and order.index(existing) < rank:
                position = index + 1
    if hasattr(mapping, "insert"):  # a round-trip mapping keeps its comments where they are
        mapping.insert(position, key, value)
        return
    items = list(mapping.items())
    items.insert(position, (key, value))
    mapping.clear()
    mapping.update(items)
