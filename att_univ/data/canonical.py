"""`attu fmt`: every data file in its canonical layout, so edits give minimal diffs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from att_univ.core.errors import RefusedError
from att_univ.core.problems import Problem
from att_univ.data.loader import META_FILE, display_path
from att_univ.data.models import KINDS
from att_univ.data.yamlio import MODELINE, atomic_write, parse, read_text, reformat


@dataclass
class FormatResult:
    """Files that changed (or would change), and files that could not be formatted."""

    changed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    checked: int = 0


def schema_reference(path: Path, root: Path) -> str:
    """The modeline's path from a data file to its JSON Schema in `schemas/` beside `data/`."""
    if path.parent == root:
        return f"../schemas/{path.stem}.schema.json"
    return f"../../schemas/{path.parent.name.removesuffix('s')}.schema.json"


def canonical(text: str, modeline: str) -> str:
    """The canonical text of a document: the schema modeline first, then the project's YAML layout."""
    lines = text.splitlines(keepends=True)
    body = "".join(lines[1:]) if lines and lines[0].startswith("# yaml-language-server:") else text
    return modeline + reformat(body)


def data_files(root: Path) -> list[Path]:
    """Every data file of a dataset, in a stable order."""
    files = [root / META_FILE] if (root / META_FILE).exists() else []
    for kind in KINDS:
        files.extend(sorted((root / kind.folder).glob("*.yaml")))
    return files


def format_dataset(root: Path, *, check: bool) -> FormatResult:
    """Reformat (or, with check, only compare) every file; unsafe or broken files are reported, not touched."""
    result = FormatResult()
    for path in data_files(root):
        result.checked += 1
        display = display_path(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:  # unreadable, or a directory named like a data file
            result.problems.append(Problem(display, 1, 1, "unreadable", exc.strerror or "cannot read the file"))
            continue
        text, problems = read_text(raw, display)
        if text is None:
            result.problems.extend(problems)
            continue
        parsed = parse(text, display)
        if parsed.problems:
            result.problems.extend(parsed.problems)
            continue
        formatted = canonical(text, MODELINE.format(schema=schema_reference(path, root)))
        if formatted != text:
            result.changed.append(display)
            if not check:
                try:
                    atomic_write(path, formatted)
                except OSError as exc:
                    message = f"cannot write {display}: {exc.strerror or exc}; the files listed before it were reformatted"
                    raise RefusedError(message) from None
    return result
