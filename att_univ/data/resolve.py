"""The one way a person names a state to attu: a code, a name, or any spelling the depositary has used.

Every command and option that takes a state calls `resolve_state`, so `attu show`, `tiers
--explain`, `support`, `history`, `engagements --state` and `attu record` all accept the same
text and answer a miss the same way. What is accepted, compared without case or accents:
the ISO3 and ISO2 codes, the dataset's name, the state's depositary name, and every spelling
of `depositary-names.yaml` (the UN names, past and present: `Swaziland` finds Eswatini). A
part of a name of three letters or more finds the one state it belongs to, or the list of
those it could be. Nothing found gives the nearest names; empty text is a usage error, never
the first state of the list.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterator

from att_univ.core.errors import UsageError
from att_univ.core.wording import joined
from att_univ.data.dataset import Dataset
from att_univ.data.models import State
from att_univ.data.spellings import normalise_name

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_PARTIAL_FROM = 3  # shorter text would match too much to mean anything


def name_key(text: str) -> str:
    """A name as compared: without footnote marks, accents, case and extra spaces."""
    decomposed = unicodedata.normalize("NFKD", normalise_name(text).translate(_APOSTROPHES))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def state_keys(dataset: Dataset) -> dict[str, str]:
    """Every way of naming a state the dataset knows, as compared (`name_key`) → ISO3."""
    keys: dict[str, str] = {}
    for key, code in _keys(dataset):
        keys.setdefault(key, code)
    return keys


def _keys(dataset: Dataset) -> Iterator[tuple[str, str]]:
    for code, state in dataset.states.items():
        yield name_key(code), code
        yield name_key(state.name), code
        if state.treaty.depositary_name:
            yield name_key(state.treaty.depositary_name), code
    if dataset.depositary_names is not None:
        for spelling, code in dataset.depositary_names.names.items():
            if code in dataset.states:
                yield name_key(spelling), code
    for code, state in dataset.states.items():  # last: a two-letter code never hides a name
        yield name_key(state.iso2), code


def resolve_state(dataset: Dataset, query: str, option: str | None = None) -> State:
    """The state a person meant; a UsageError (exit 2) with suggestions, or with the candidates, otherwise."""
    prefix = f"{option}: " if option else ""
    wanted = name_key(query)
    if not wanted:
        raise UsageError(f"{prefix}no state given; give an ISO3 code (such as GMB) or a name (such as Gambia)")
    keys = state_keys(dataset)
    if wanted in keys:
        return dataset.states[keys[wanted]]
    shown = " ".join(query.split())
    if len(wanted) >= _PARTIAL_FROM:
        partial = sorted({code for key, code in keys.items() if len(key) > 3 and wanted in key})
        if len(partial) == 1:
            return dataset.states[partial[0]]
        if partial:
            listed = joined([_named(dataset, code) for code in _by_name(dataset, partial)], "or")
            raise UsageError(f"{prefix}{shown!r} matches {len(partial)} states: {listed}; give the code or the full name")
    # A name is compared with names, a code with codes: "Gambai" is not near "GAB".
    like = [key for key in keys if (len(key) > 3) == (len(wanted) > 3)]
    close = difflib.get_close_matches(wanted, like, n=3, cutoff=0.6)
    suggestions = list(dict.fromkeys(keys[key] for key in close))
    if suggestions:
        named = joined([_named(dataset, code) for code in suggestions], "or")
        raise UsageError(f"{prefix}no state {shown!r}; did you mean {named}?")
    raise UsageError(f"{prefix}no state {shown!r}; give an ISO3 code (such as GMB) or a name (such as Gambia)")


def _named(dataset: Dataset, code: str) -> str:
    return f"{dataset.states[code].name} ({code})"


def _by_name(dataset: Dataset, codes: list[str]) -> list[str]:
    return sorted(codes, key=lambda code: Dataset.sort_key(dataset.states[code].name))
