"""The only module that imports babel: country names, writing direction, dates, numbers and lists from CLDR.

Country names: in English, the dataset's own names, which are the United Nations' short names
("Republic of Korea", "State of Palestine", "Holy See", "Türkiye"); CLDR's English names are
everyday ones ("South Korea", "Palestinian Territories", "Vatican City") that a UN document
would not use. In every other language, CLDR's name for the state's ISO 3166 alpha-2 code:
CLDR has no UN-official names, so some differ from the UN's (French "Corée du Sud" for the
UN's "République de Corée"); the templates say so, and the dataset's English name is used
where CLDR has none.
"""

from __future__ import annotations

import datetime as dt
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from att_univ.core.errors import UsageError

if TYPE_CHECKING:
    from att_univ.data.models.state import State

REPORT_LANGUAGES = ("en", "fr", "es", "ar", "zh", "ru")  # the UN's six: a message catalogue ships for each
CATALOGUE_DOMAIN = "messages"
ENGLISH = "en"
DEFAULT_LOCALE = ENGLISH


@cache
def _locale(lang: str) -> Any:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(lang)
    except (UnknownLocaleError, ValueError) as error:
        raise UsageError(f"unknown language {lang!r}: use a code such as {', '.join(REPORT_LANGUAGES)}") from error


def language_of(lang: str) -> str:
    """The language part of a locale code: `ar` for `ar_EG`."""
    return str(_locale(lang).language)


def check_language(lang: str) -> str:
    """The language part of `lang`, or a usage error unless it is one of the six a message catalogue ships for."""
    language = language_of(lang)
    if language not in REPORT_LANGUAGES:
        raise UsageError(f"--lang: no message catalogue for {lang!r}; languages: {', '.join(REPORT_LANGUAGES)}")
    return language


def text_direction(lang: str) -> str:
    """`rtl` for languages written right to left (Arabic), else `ltr`, as CLDR says."""
    return "rtl" if _locale(lang).character_order == "right-to-left" else "ltr"


UN_LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")  # the order of the UN's six official languages


def state_name(state: State, lang: str) -> str:
    """A state's name in the language: the dataset's name in English, the UN short name in the other UN languages."""
    language = language_of(lang)
    if language == ENGLISH:
        return state.name
    if state.names is not None and language in UN_LANGUAGES:
        return str(getattr(state.names, language))
    return str(_locale(lang).territories.get(state.iso2, state.name))


def state_article(state: State, lang: str) -> str | None:
    """The article UNTERM gives a state's French or Spanish name ("le", "l'", "los"), if any."""
    language = language_of(lang)
    if state.names is None or language not in ("fr", "es"):
        return None
    return getattr(state.names, f"{language}_article")


def name_in_sentence(state: State, lang: str) -> str:
    """The name as a French or Spanish sentence writes it, with UNTERM's article: "le Gabon", "l'Andorre"."""
    article = state_article(state, lang)
    name = state_name(state, lang)
    if article is None:
        return name
    return f"{article}{name}" if article.endswith("'") else f"{article} {name}"


ARABIC_ARTICLE = "ال"


def sort_key(name: str, lang: str) -> str:
    """Order names as the language's lists do: accents and case ignored; in Arabic, the article and hamza too.

    Babel has no collation, so this is the part of CLDR's rules that state names need: UN Arabic
    lists put الأرجنتين (Argentina) under أ, as if the article were not there, and treat أ, إ and
    ا alike (decomposing them drops the hamza).
    """
    import unicodedata

    if language_of(lang) == "ar" and name.startswith(ARABIC_ARTICLE):
        name = name[len(ARABIC_ARTICLE) :]
    text = unicodedata.normalize("NFKD", name)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def check_locale(locale: str) -> None:
    """A usage error unless CLDR knows the locale (for `--locale` and template environments)."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError) as error:
        raise UsageError(f"unknown locale {locale!r}: use a code such as en, fr, es, ar, ru or zh") from error


def language_name(code: str, in_language: str = ENGLISH) -> str:
    """A language's name with its code, "French (fr)"; the code alone when CLDR does not know it."""
    from babel import Locale, UnknownLocaleError

    try:
        return f"{Locale.parse(code).get_display_name(in_language)} ({code})"
    except (UnknownLocaleError, ValueError):
        return code


def language_display_name(code: str, in_language: str) -> str:
    """A language's name as the other language writes it, in lower case where that language does: "anglais"."""
    from babel import Locale

    return str(Locale.parse(code).get_display_name(in_language) or code)


@lru_cache(maxsize=8192)  # a website prints the same dates on many pages
def format_day(value: dt.date, locale: str = DEFAULT_LOCALE) -> str:
    """A date in the locale's long form; in English as the UN writes it: 3 February 2026."""
    from babel.dates import format_date

    language = locale.split("_")[0]
    pattern = "d MMMM y" if language == "en" else "long"
    if language == "fr" and value.day == 1:
        pattern = "d'er' MMMM y"  # French writes the first of the month as an ordinal: 1er janvier
    if language == "ru":
        pattern = "d MMMM y 'года'"  # UN Russian documents write the year out: 21 июля 2023 года (CLDR: "2023 г.")
    return format_date(value, pattern, locale=locale)


def format_number(value: float, locale: str = DEFAULT_LOCALE) -> str:
    """A number with the locale's grouping and decimal signs: 12,345 in English."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=locale)


def format_percent(value: float, locale: str = DEFAULT_LOCALE) -> str:
    """A share (0 to 1) as a whole percentage with the locale's sign and spacing: 58% in English, 58 % in French."""
    from babel.numbers import format_percent as babel_percent

    return babel_percent(value, locale=locale)


def format_list(items: Any, locale: str = DEFAULT_LOCALE) -> str:
    """Items joined as the locale joins a list: "A, B and C" in British English, "A, B et C" in French."""
    from babel.lists import format_list as babel_list

    return babel_list([str(item) for item in items], locale=locale)


def catalogue_path(lang: str, root: Path | None = None) -> Path:
    """The language's message catalogue: `<templates>/locale/<lang>/LC_MESSAGES/messages.po`."""
    from att_univ.data.discovery import bundled_templates

    base = bundled_templates() if root is None else root
    return base / "locale" / language_of(lang) / "LC_MESSAGES" / f"{CATALOGUE_DOMAIN}.po"


def read_catalogue(path: Path, lang: str) -> Any:
    """A `.po` file as a Babel catalogue; a located usage error if it cannot be read."""
    from babel.messages.pofile import PoFileError, read_po

    try:
        with path.open("rb") as handle:
            return read_po(handle, locale=language_of(lang), abort_invalid=True)
    except (OSError, PoFileError, ValueError) as error:
        raise UsageError(f"{path}: cannot read the message catalogue: {error}") from error


@cache
def translations(lang: str) -> Any:
    """The gettext translations for a language, compiled from its `.po` file when first needed.

    Compiled at load time, in memory, rather than at build time: the repository then holds only
    the text a translator edits (no `.mo` binaries to keep in step), an edited catalogue takes
    effect on the next run, and compiling one catalogue costs some 10 to 30 ms, once per process (docs/performance.md).
    English is the msgids themselves. Fuzzy messages are not used (a test refuses to ship them).
    """
    import io

    from babel.messages.mofile import write_mo
    from babel.support import NullTranslations, Translations

    language = language_of(lang)
    if language == ENGLISH:
        return NullTranslations()
    path = catalogue_path(lang)
    if not path.is_file():
        raise UsageError(f"no message catalogue for {lang!r} (looked for {path}); languages: {', '.join(REPORT_LANGUAGES)}")
    compiled = io.BytesIO()
    write_mo(compiled, read_catalogue(path, lang), use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=CATALOGUE_DOMAIN)


def everyday_name(state: State, lang: str) -> str | None:
    """CLDR's everyday name for the state in the language ("Corée du Sud"), which UN documents do not print."""
    return _locale(lang).territories.get(state.iso2)


def template_messages(templates: Path, mapping: Path) -> set[str]:
    """The msgids the templates use (singular forms), extracted as `make translations` extracts them."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with mapping.open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    # The mapping's patterns are relative to the repository; extraction here walks the templates only.
    method_map = [
        (pattern.removeprefix("templates/"), method) for pattern, method in method_map if pattern.startswith("templates/")
    ]
    options_map = {pattern.removeprefix("templates/"): options for pattern, options in options_map.items()}
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(templates, method_map, options_map):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def catalogue_problems(path: Path, lang: str, expected: set[str]) -> list[str]:
    """What keeps a shipped catalogue from being complete: fuzzy, missing or broken messages, as `file: message` lines."""
    catalogue = read_catalogue(path, lang)
    problems = []
    if catalogue.fuzzy:
        problems.append(f"{path}: the catalogue's header is marked fuzzy")
    present = set()
    for message in catalogue:
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        present.add(msgid)
        where = f"{path}:{message.lineno}"
        if message.fuzzy:
            problems.append(f"{where}: fuzzy translation of {msgid!r}")
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            problems.append(f"{where}: no translation of {msgid!r}")
    for message, errors in catalogue.check():
        problems.extend(f"{path}:{message.lineno}: {error}" for error in errors)
    problems.extend(f"{path}: the templates use {msgid!r}, which the catalogue lacks" for msgid in sorted(expected - present))
    return problems
