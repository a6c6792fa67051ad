"""Ways to print problems: for people, for programs (JSON), for GitHub workflow annotations."""

from __future__ import annotations

from collections.abc import Sequence

from att_univ.core.formats import json_text
from att_univ.core.problems import Problem

FORMATS = ("text", "json", "github")


def report_problems(problems: Sequence[Problem], fmt: str) -> str:
    """All problems in one format, sorted by file and position."""
    ordered = sorted(problems)
    if fmt == "json":
        return json_text(
            [
                {"path": p.path, "line": p.line, "column": p.column, "severity": p.severity, "code": p.code, "message": p.message}
                for p in ordered
            ]
        )
    if fmt == "github":
        return "".join(_annotation(p) for p in ordered)
    return "".join(f"{p}\n" for p in ordered)


def summary(problems: Sequence[Problem], files: int) -> str:
    """One closing line for people."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return f"{files} files checked: all valid"
    parts = [f"{errors} error{'s' * (errors != 1)}"]
    if warnings:
        parts.append(f"{warnings} warning{'s' * (warnings != 1)}")
    return f"{files} files checked: {', '.join(parts)}"


def _annotation(problem: Problem) -> str:
    # GitHub reads `::error file=...,line=...::message`; its own escapes keep the line whole.
    def escape(text: str, *, property_value: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if property_value else text

    level = "error" if problem.severity == "error" else "warning"
    return (
        f"::{level} file={escape(problem.path, property_value=True)},line={problem.line},"
        f"col={problem.column},title={escape(problem.code, property_value=True)}::{escape(problem.message)}\n"
    )
