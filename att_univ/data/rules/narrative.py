"""Narrative records say what their sources say: a passage the sources do not attest is quoted as unconfirmed.

Actors, engagements, resources and plans carry `unconfirmed`: passages of their own text, quoted
exactly, that the sources they cite do not attest. A quote that no longer matches the text (the
text was edited, the quote mistyped) would silently unmark the passage, so it is an error.
Only text at the record's own sensitivity counts: a public quote of a restricted part would
carry it into public outputs.
"""

from __future__ import annotations

from collections.abc import Iterator

from att_univ.core.problems import Problem
from att_univ.data.dataset import Dataset
from att_univ.data.models.walk import leaves
from att_univ.data.rules import Rule

NARRATIVE_FOLDERS = ("actors", "engagements", "resources", "plans")


def unconfirmed_passages(dataset: Dataset) -> Iterator[Problem]:
    """Each unconfirmed passage is quoted exactly from its record's own text."""
    for folder in NARRATIVE_FOLDERS:
        for key, record in dataset.records.get(folder, {}).items():
            quotes = getattr(record, "unconfirmed", ())
            if not quotes:
                continue
            own = getattr(record, "sensitivity", "public")
            texts = [
                leaf.value
                for leaf in leaves(record, own)
                if isinstance(leaf.value, str) and leaf.path[0] != "unconfirmed" and leaf.sensitivity == own
            ]
            for index, quote in enumerate(quotes):
                if not any(quote in text for text in texts):
                    yield dataset.problem(
                        folder,
                        key,
                        ("unconfirmed", index),
                        "unconfirmed-passage",
                        "this unconfirmed passage is not quoted exactly from the record's text "
                        f"(at the record's sensitivity, {own})",
                    )


NARRATIVE_RULES: tuple[Rule, ...] = (unconfirmed_passages,)
