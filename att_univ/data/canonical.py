"""`attu fmt`: every data file in its canonical layout, so edits give minimal diffs.

Laying a file out again goes through ruamel's round-trip loader and dumper, pure Python and about
15 ms a file: a whole dataset takes seconds, which a pre-commit hook pays on every commit. Whether
a text is canonical depends only on that text, its schema modeline and the attu and ruamel that
judge it, so the texts found canonical are remembered by content hash in the user's cache
directory (sealed as every attu cache is, `att_univ.core.sealed`), and a file whose hash is
remembered is not laid out again, in this dataset or in any copy of it.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from att_univ.core.errors import RefusedError
from att_univ.core.problems import Problem
from att_univ.core.sealed import read_sealed, source_signature, user_cache_directory, write_sealed
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


MEMO_FILE = "canonical-texts"
MEMO_MAGIC = b"attu-canonical-texts\n"
MEMO_LIMIT = 200_000  # hashes kept; the oldest go first


class CanonicalMemo:
    """The content hashes of texts found canonical by this attu, kept across runs and datasets."""

    def __init__(self) -> None:
        from importlib.metadata import version

        self.path = os.path.join(user_cache_directory(), MEMO_FILE)
        self.judge = repr((source_signature(), version("ruamel.yaml"))).encode()
        body = read_sealed(self.path, MEMO_MAGIC)
        size = hashlib.sha256().digest_size
        hashes = [body[i : i + size] for i in range(0, len(body), size)] if body else []
        self.known = dict.fromkeys(hashes)
        self.added = False

    def _hash(self, text: str, modeline: str) -> bytes:
        return hashlib.sha256(self.judge + b"\0" + modeline.encode() + b"\0" + text.encode()).digest()

    def __contains__(self, item: tuple[str, str]) -> bool:
        return self._hash(*item) in self.known

    def add(self, text: str, modeline: str) -> None:
        digest = self._hash(text, modeline)
        if digest not in self.known:
            self.known[digest] = None
            self.added = True

    def save(self) -> None:
        if self.added:
            kept = list(self.known)[-MEMO_LIMIT:]
            write_sealed(self.path, MEMO_MAGIC, b"".join(kept))


def format_dataset(root: Path, *, check: bool) -> FormatResult:
    """Reformat (or, with check, only compare) every file; unsafe or broken files are reported, not touched."""
    result = FormatResult()
    memo = CanonicalMemo()
    try:
        _format_files(root, check=check, memo=memo, result=result)
    finally:
        memo.save()
    return result


def _format_files(root: Path, *, check: bool, memo: CanonicalMemo, result: FormatResult) -> None:
    from att_univ.data.keys import RECIPIENTS_FILE

    # An encrypted dataset: every file fmt processes leaves with its protected values sealed, not only
    # the files it reformats; the memo then vouches for "canonical and nothing in clear".
    sealing = not check and (root / RECIPIENTS_FILE).is_file()
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
        modeline = MODELINE.format(schema=schema_reference(path, root))
        judged = modeline + ("\0sealed" if sealing else "")
        if (text, judged) in memo:
            continue
        parsed = parse(text, display)
        if parsed.problems:
            result.problems.extend(parsed.problems)
            continue
        formatted = canonical(text, modeline)
        if sealing:
            from att_univ.data.protected import seal_for_write

            formatted = seal_for_write(path, formatted)
        if formatted == text:
            memo.add(text, judged)
        else:
            result.changed.append(display)
            if not check:
                try:
                    atomic_write(path, formatted)
                except OSError as exc:
                    message = f"cannot write {display}: {exc.strerror or exc}; the files listed before it were reformatted"
                    raise RefusedError(message) from None
