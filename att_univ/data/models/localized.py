"""Text with translations: one shape for every narrative passage that may be written in more than one language.

A passage is either plain English text, or a mapping from language to text with English
always given (`{en: ..., fr: ...}`), as cycle files write theirs. Documents print the
passage in their language where it is written, and otherwise the English, marked so
(`Passage.fallback`); `attu report --check` and `attu plan --check` list those.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Discriminator, Field, Tag

from att_univ.data.models.common import Name, Text

# The six official languages of the United Nations; the ATT works in English, French and Spanish.
Language = Literal["en", "fr", "es", "ar", "ru", "zh"]
LANGUAGES: tuple[str, ...] = ("en", "fr", "es", "ar", "ru", "zh")
FALLBACK_LANGUAGE = "en"


def _has_english(value: dict[str, str]) -> dict[str, str]:
    if FALLBACK_LANGUAGE not in value:
        raise ValueError("give the English text (en) at least: documents in other languages fall back to it")
    return value


_REQUIRES_ENGLISH = {"required": [FALLBACK_LANGUAGE]}
Localized = Annotated[dict[Language, Text], AfterValidator(_has_english), Field(json_schema_extra=_REQUIRES_ENGLISH)]
LocalizedName = Annotated[dict[Language, Name], AfterValidator(_has_english), Field(json_schema_extra=_REQUIRES_ENGLISH)]


def _shape(value: Any) -> str:
    return "[text]" if isinstance(value, str) else "[translations]"


# English text alone, or text per language: what a plan title, a step summary, a note or a description may be.
# The shape is chosen by the value (a string or a mapping), so that a mistake is reported once, against the
# shape written, not once per shape; the tags are bracketed like pydantic's own branch names, which
# locations skip (data/loader.py), so a problem is placed on the key that is wrong (`title.de`).
TranslatableText = Annotated[Annotated[Text, Tag("[text]")] | Annotated[Localized, Tag("[translations]")], Discriminator(_shape)]
TranslatableName = Annotated[
    Annotated[Name, Tag("[text]")] | Annotated[LocalizedName, Tag("[translations]")], Discriminator(_shape)
]


@dataclass(frozen=True)
class Passage:
    """A piece of narrative in a document's language, or in English when not written in it (`fallback`)."""

    text: str
    lang: str
    fallback: bool


def english(value: str | Mapping[Any, str]) -> str:
    """The English text of a passage (every passage has one)."""
    return value if isinstance(value, str) else value[FALLBACK_LANGUAGE]


def in_language(value: str | Mapping[Any, str], lang: str) -> Passage:
    """The passage in the language (`fr`, or a locale such as `fr_CA`), or its English marked as a fallback."""
    language = lang.split("_")[0]
    if not isinstance(value, str) and language in value:
        return Passage(value[language], language, False)
    return Passage(english(value), FALLBACK_LANGUAGE, language != FALLBACK_LANGUAGE)


def fallbacks(value: Any, where: str) -> list[str]:
    """Every `Passage` printed in English for want of a translation inside a view (dataclasses, tuples), as
    `where.field[index]: excerpt` lines: what `--check` lists as not yet translated."""
    found: list[str] = []
    if isinstance(value, Passage):
        if value.fallback:
            found.append(f"{where}: {excerpt(value.text)}")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            found.extend(fallbacks(getattr(value, field.name), f"{where}.{field.name}" if where else field.name))
    elif isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            found.extend(fallbacks(item, f"{where}[{index}]"))
    return found


def excerpt(text: str, width: int = 70) -> str:
    """The text on one line, cut at `width` characters."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"
