"""The confidentiality guard: the last check before an output for a wider audience leaves attu.

The audience projection already removes restricted information; the guard is the second,
independent line. It knows every piece of free text that the audience may not see and
refuses any output that contains one, naming the field (never the value).

Checking needs no pydantic (only collecting does), so a guard rebuilt from the cached index
(`Guard(audience, secrets)`) checks outputs of commands that never load the models.
"""

from __future__ import annotations

import html
import re
import types
import typing
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from att_univ.core.errors import ConfidentialityError

if TYPE_CHECKING:
    from pydantic import BaseModel

MIN_SECRET_LENGTH = 6  # shorter text ("Yes", "Mali") is too common to tell anything
PREFIX_LENGTH = 32  # a long secret is also caught when an output shows only its beginning


@dataclass(frozen=True)
class Secret:
    """A restricted value and the field that holds it."""

    normalised: str
    field: str


@dataclass(frozen=True)
class Guard:
    """The restricted values one audience must never receive."""

    audience: str
    secrets: tuple[Secret, ...]

    def check(self, text: str, *, what: str = "output") -> None:
        """Raise `ConfidentialityError` if the text contains a restricted value."""
        leak = self.find(text)
        if leak is not None:
            raise ConfidentialityError(
                f"refused: this {self.audience} {what} would contain restricted information ({leak}); nothing was written"
            )

    def check_values(self, values: Iterable[Any], *, what: str = "output") -> None:
        """Check each value on its own: a table may wrap a value over lines, hiding it from `check` on the rendered text."""
        # NUL never occurs in the dataset (the reader refuses control characters), so no
        # secret can match across two values joined by it.
        self.check("\x00".join(_cells(values)), what=what)

    def find(self, text: str) -> str | None:
        """The field whose restricted value the text contains, if any."""
        if not self.secrets:
            return None
        haystacks = {_normalise(text), _normalise(html.unescape(text))}
        for secret in self.secrets:
            if any(secret.normalised in haystack for haystack in haystacks):
                return secret.field
        return None


def _cells(values: Iterable[Any]) -> Iterator[str]:
    for value in values:
        if isinstance(value, (list, tuple)):
            yield from _cells(value)
        elif value is not None:
            yield str(value)


def guard_for(full: Any, audience: str) -> Guard:
    """Collect the restricted free text of a full (restricted) dataset that `audience` may not see."""
    if audience == "restricted":
        return Guard(audience, ())
    hidden: list[tuple[str, str]] = []
    for folder, by_key in full.records.items():
        for key, record in by_key.items():
            for field, value in _hidden_text(record, audience, f"{folder}/{key}"):
                normalised = _normalise(value)
                if len(normalised) >= MIN_SECRET_LENGTH:
                    hidden.append((normalised, field))
    if not hidden:  # nothing hidden (the bundled dataset today): no need to read what is visible
        return Guard(audience, ())
    visible_text = set()
    for value in _text_leaves(full.for_audience(audience).records):
        visible_text.add(_normalise(value))
    secrets: dict[str, str] = {}
    for normalised, field in hidden:
        if normalised in visible_text:
            continue
        secrets.setdefault(normalised, field)
        if len(normalised) > PREFIX_LENGTH:
            secrets.setdefault(normalised[:PREFIX_LENGTH], field)
    return Guard(audience, tuple(Secret(text, field) for text, field in secrets.items()))


def check_message(full: Any, text: str, *, audience: str = "public", what: str = "commit message") -> None:
    """Refuse a text leaving attu for a wider audience (a commit message, a PR title) if it carries a restricted value.

    `full` is the whole dataset (restricted). Raises `ConfidentialityError` (exit 4) naming the
    field, never the value. Git history is shared with everyone who can read the repository,
    so commit messages are checked for the public audience unless told otherwise.
    """
    guard_for(full, audience).check(text, what=what)


def _hidden_text(record: Any, audience: str, where: str) -> Iterator[tuple[str, str]]:
    """Free-text values inside the parts of a record that the audience may not see, each with its place."""
    from att_univ.data.models.common import visible_to
    from att_univ.data.models.walk import dotted, leaves

    for leaf in leaves(record):
        if (
            isinstance(leaf.value, str)
            and leaf.owner is not None
            and not visible_to(leaf.sensitivity, audience)
            and leaf.field in _free_text_fields(leaf.owner)
        ):
            yield f"{where}: {dotted(leaf.path)}", leaf.value


def _text_leaves(value: Any) -> Iterator[str]:
    """Every piece of text in the value."""
    from att_univ.data.models.walk import leaves

    return (leaf.value for leaf in leaves(value) if isinstance(leaf.value, str))


@cache
def _free_text_fields(model: type[BaseModel]) -> frozenset[str]:
    """Fields that hold prose or personal data, not codes, dates or choices from a list."""
    return frozenset(name for name, info in model.model_fields.items() if _is_free_text(info.annotation, info.metadata))


def _is_free_text(annotation: Any, metadata: list[Any]) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        return _is_free_text(base, [*metadata, *extra])
    if origin in (typing.Union, types.UnionType):
        return any(_is_free_text(arg, metadata) for arg in typing.get_args(annotation) if arg is not type(None))
    if origin is tuple:
        args = [a for a in typing.get_args(annotation) if a is not Ellipsis]
        return any(_is_free_text(arg, metadata) for arg in args)
    if annotation is not str:
        return False
    patterns = [getattr(m, "pattern", None) for m in metadata]
    # Codes and ids carry a pattern; e-mail addresses and phone numbers do too, but are personal.
    return all(p is None for p in patterns) or any(p and "@" in p for p in patterns) or any(p and "0-9 ()" in p for p in patterns)


_SPACE = re.compile(r"\s+")
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~@&])")


def _normalise(text: str) -> str:
    text = _MARKDOWN_ESCAPE.sub(r"\1", text.replace("\u2060", ""))
    return _SPACE.sub(" ", text).strip().casefold()


# --- the guard armed for the running command -------------------------------------------------
# A command for the public or partners arms its guard once; every output of that command is then
# checked (emit, note, error messages), even where a code path forgets to pass a guard along.

_ARMED: ContextVar[Guard | None] = ContextVar("attu_armed_guard", default=None)
_TYPED: ContextVar[tuple[str, ...]] = ContextVar("attu_typed_arguments", default=())


@contextmanager
def guard_scope(typed: Sequence[str] = ()) -> Iterator[None]:
    """One command's lifetime for the armed guard: none at the start, none left behind (tests run many).

    `typed` is the command line as the user typed it. A message that merely repeats it ("no state
    'xyz'") tells the user nothing new, so it is not refused: refusing it would turn error
    messages into an oracle for guessing restricted text.
    """
    armed, typed_token = _ARMED.set(None), _TYPED.set(tuple(typed))
    try:
        yield
    finally:
        _ARMED.reset(armed)
        _TYPED.reset(typed_token)


def arm_guard(guard: Guard | None) -> None:
    """Make `guard` check every output of the running command: `emit`, `note` and its error message."""
    _ARMED.set(guard)


def armed_guard() -> Guard | None:
    """The guard armed for the running command, if its audience is public or partners."""
    return _ARMED.get()


def leak_in_message(message: str) -> tuple[Guard, str] | None:
    """The armed guard and the field, if a message would carry restricted text (what the user typed aside)."""
    guard = armed_guard()
    if guard is None:
        return None
    for token in sorted(_TYPED.get(), key=len, reverse=True):
        if token:
            message = message.replace(token, " ")
    leak = guard.find(message)
    return None if leak is None else (guard, leak)
