"""Older layouts of the dataset, brought to today's when a past revision is read (`--rev`, `attu diff`).

The models describe today's layout only; a commit written before a change of layout would
otherwise read as invalid. Each migration names the change it bridges and rewrites the text of
the files it concerns line for line, so problems found afterwards keep their line numbers.
Files already in today's layout pass unchanged, so a migration never touches current data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    """One change of layout, and how to rewrite a file written before it."""

    change: str  # what changed, for a reader of `git log`
    folder: str  # the files it concerns: `plans/`...
    rewrite: Callable[[str, Mapping[str, bytes]], str]  # (file text, the revision's files) → text


# `cycle: CSP9` as free text, before cycles had files of their own (commit "Add CSP cycles").
_PLAN_CYCLE = re.compile(r"^cycle:[ \t]*(['\"]?)(?P<value>[^'\"\n#]*?)\1[ \t]*$", re.MULTILINE)
_CSP = re.compile(r"^CSP[ \t-]*(?P<number>[0-9]{1,2})$", re.IGNORECASE)
_CYCLE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _plan_cycle_id(text: str, files: Mapping[str, bytes]) -> str:
    """A plan's `cycle` as a cycle id (`csp9`); a name with no cycle file to point at becomes a comment."""

    def replace(match: re.Match[str]) -> str:
        value = match["value"].strip()
        if _CYCLE_ID.match(value) and f"cycles/{value}.yaml" in files:
            return match[0]
        csp = _CSP.match(value)
        if csp is not None and f"cycles/csp{int(csp['number'])}.yaml" in files:
            return f"cycle: csp{int(csp['number'])}"
        if _CYCLE_ID.match(value) and not any(name.startswith("cycles/") for name in files):
            return f"# cycle: {value} (no cycle files in this revision)"
        if _CYCLE_ID.match(value):
            return match[0]  # an id today's rules judge as they would any other
        return f"# cycle: {value} (a name, from before plans named a cycle by its id)"

    return _PLAN_CYCLE.sub(replace, text)


MIGRATIONS: tuple[Migration, ...] = (
    Migration("plan.cycle became the id of a cycle file (csp9), no longer a name (CSP9)", "plans/", _plan_cycle_id),
)


def migrate(files: Mapping[str, bytes], migrations: tuple[Migration, ...] = MIGRATIONS) -> dict[str, bytes]:
    """The files of a revision in today's layout (paths relative to the dataset directory)."""
    migrated = dict(files)
    for migration in migrations:
        for name, raw in files.items():
            if not name.startswith(migration.folder) or not name.endswith(".yaml"):
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                continue  # the loader reports it, with its position
            rewritten = migration.rewrite(text, files)
            if rewritten != text:
                migrated[name] = rewritten.encode("utf-8")
    return migrated
