"""Shell completion (bash, zsh, fish, through Typer) of what only the dataset knows: states, regions, cycles.

Completion runs at every press of Tab, so it reads no YAML: state names come from the cached
treaty index when it is current (`attu status` keeps it so), else the codes from the file names;
region slugs and cycle ids are the file names themselves. The dataset is the one the command
line names with `--data`, else the one attu would find.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from typing import Any

import typer

AUDIENCE_METAVAR_RESTRICTED = "<restricted>"  # as typer writes choices
AUDIENCE_METAVAR_SHARING = "<public|partners>"


def _root(ctx: typer.Context | None) -> Path | None:
    from att_univ.core.errors import UsageError
    from att_univ.data.discovery import find_dataset

    given = ctx.params.get("data") if ctx is not None else None
    try:
        return find_dataset(Path(given) if given else None).root
    except UsageError:
        return None


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _stems(root: Path | None, folder: str) -> list[str]:
    if root is None or not (root / folder).is_dir():
        return []
    return sorted(entry.name.rsplit(".", 1)[0] for entry in os.scandir(root / folder) if entry.name.endswith((".yaml", ".yml")))


def state_candidates(root: Path | None) -> list[tuple[str, str]]:
    """(value, help) for every state: its ISO3 code, with its name as help when the cached index has it."""
    from att_univ.treaty.cache import read_index

    index = read_index(root) if root is not None else None
    if index is not None:
        return [(state.iso3, state.name) for state in index.states]
    if root is None:
        return []
    return [(stem.upper(), _name_line(root / "states" / f"{stem}.yaml")) for stem in _stems(root, "states")]


def _name_line(path: Path) -> str:
    """The top-level `name:` of a state file, read as text (a YAML parser at each Tab would be felt)."""
    try:
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.startswith("name:"):
                    return line.split(":", 1)[1].strip().strip("'\"")
    except OSError:
        pass
    return ""


def complete_state(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Codes for what starts like a code, names for what starts like a name (shells keep what begins as typed)."""
    wanted = _folded(incomplete)
    candidates = state_candidates(_root(ctx))
    by_code = [(code, name) for code, name in candidates if _folded(code).startswith(wanted)]
    by_name = [(name, code) for code, name in candidates if name and _folded(name).startswith(wanted)]
    return by_code + by_name if len(wanted) <= 3 and incomplete.isupper() else by_name + by_code


def complete_region(ctx: typer.Context, incomplete: str) -> list[str]:
    """Region slugs starting with what was typed."""
    return [slug for slug in _stems(_root(ctx), "regions") if slug.startswith(incomplete.casefold())]


def complete_cycle(ctx: typer.Context, incomplete: str) -> list[str]:
    """Cycle ids starting with what was typed."""
    return [cycle for cycle in _stems(_root(ctx), "cycles") if cycle.startswith(incomplete.casefold())]


def complete_source(ctx: typer.Context, incomplete: str) -> list[str]:
    """Source ids of dataset.yaml starting with what was typed (the keys under `sources:`, read as text)."""
    root = _root(ctx)
    if root is None or not (root / "dataset.yaml").is_file():
        return []
    found, inside = [], False
    for line in (root / "dataset.yaml").read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            inside = line.startswith("sources:")
        elif inside and line.startswith("  ") and not line[2:3].isspace() and ":" in line:
            key = line.strip().split(":", 1)[0].strip("'\"")
            if key.startswith(incomplete) and not key.startswith("#"):
                found.append(key)
    return found


def only(*values: str) -> Any:
    """A completer offering exactly these values: for options whose type accepts more than the command does."""

    def complete(incomplete: str) -> list[str]:
        return [value for value in values if value.startswith(incomplete)]

    return complete
