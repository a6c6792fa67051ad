"""`attu validate`: which files to check, and every problem in them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from att_univ.core.errors import UsageError
from att_univ.core.problems import Problem


@dataclass(frozen=True)
class Validation:
    """What was checked and what was found."""

    files: int
    problems: list[Problem]


def validate_dataset(root: Path) -> Validation:
    """Check a whole dataset: every file, then the rules across files.

    When no file has changed since the last check, its problems are what it found (the dataset
    cache knows each file by its stat and content hash), without loading the models.
    """
    from att_univ.data.cache import known_problems
    from att_univ.data.discovery import display_path
    from att_univ.data.keys import RECIPIENTS_FILE

    files = 1 + sum(1 for _ in root.glob("*/*.yaml"))
    encrypted = (root / RECIPIENTS_FILE).exists()  # what was found depends on the keys held: not reused
    known = None if encrypted else known_problems(str(root.resolve()), display_path(root.resolve()))
    if known is not None:
        return Validation(files, known)
    from att_univ.data.loader import load_dataset

    problems = load_dataset(root).problems
    if encrypted:
        from att_univ.data.rekey import plaintext_in_dataset

        problems = sorted([*problems, *plaintext_in_dataset(root)])
    return Validation(files, problems)


def validate_paths(paths: list[Path]) -> Validation:
    """Check datasets (directories) and single files (against the model their folder implies)."""
    from att_univ.data.loader import display_path, kind_of, load_file
    from att_univ.data.models import Kind

    problems: list[Problem] = []
    files = 0
    for path in paths:
        if path.is_dir():
            root = path / "data" if (path / "data" / "states").is_dir() else path
            if not (root / "states").is_dir() and not (root / "dataset.yaml").exists():
                raise UsageError(f"{path}: not a dataset directory (expected states/ or dataset.yaml inside)")
            checked = validate_dataset(root)
            files += checked.files
            problems.extend(checked.problems)
            continue
        if not path.exists() and not path.is_symlink():
            raise UsageError(f"{path}: no such file or directory")
        kind = kind_of(path)
        if kind is None:
            problems.append(
                Problem(
                    display_path(path),
                    1,
                    1,
                    "unknown-kind",
                    "not a dataset file: expected dataset.yaml or a file in states/, regions/, ...",
                )
            )
            files += 1
            continue
        model = kind.model if isinstance(kind, Kind) else kind
        _, found = load_file(path, model)
        problems.extend(found)
        files += 1
    return Validation(files, sorted(set(problems)))
