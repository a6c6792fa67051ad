"""Problems found in the data: values, never exceptions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem, printed as `path:line:column: severity[code]: message`."""

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}[{self.code}]: {self.message}"


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that make the data invalid (warnings excluded)."""
    return [p for p in problems if p.severity == "error"]
