"""Where the dataset and templates are: found the way git finds `.git`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from att_univ.core.errors import UsageError

ENVIRONMENT_VARIABLE = "ATTU_DATA"
_PACKAGE = Path(__file__).resolve().parent.parent  # att_univ/


@dataclass(frozen=True)
class Located:
    """A dataset directory and how it was found (shown with --verbose)."""

    root: Path
    how: str


def bundled_data() -> Path:
    """The dataset shipped with attu: inside the wheel, or beside the package in a checkout."""
    packaged = _PACKAGE / "_data"
    return packaged if packaged.is_dir() else _PACKAGE.parent / "data"


def inside_installed_package(root: Path) -> bool:
    """Whether a dataset is the copy inside an installed attu (a wheel's `_data`, or anything in site-packages).

    Edits there are lost at the next upgrade and shared by every user of the installation; a
    checkout's `data/` is the project's own dataset and may be edited.
    """
    resolved = root.resolve()
    if resolved == (_PACKAGE / "_data").resolve():
        return True
    return any(part in ("site-packages", "dist-packages") for part in resolved.parts)


def bundled_templates() -> Path:
    """The report templates shipped with attu."""
    packaged = _PACKAGE / "_templates"
    return packaged if packaged.is_dir() else _PACKAGE.parent / "templates"


def find_dataset(option: Path | None, *, environ: dict[str, str] | None = None, cwd: Path | None = None) -> Located:
    """`--data DIR`, else $ATTU_DATA, else the nearest ancestor holding data/states/, else the bundled dataset."""
    environ = dict(os.environ) if environ is None else environ
    if option is not None:
        return Located(_dataset_dir(option, "--data"), "--data option")
    if environ.get(ENVIRONMENT_VARIABLE):
        return Located(_dataset_dir(Path(environ[ENVIRONMENT_VARIABLE]), ENVIRONMENT_VARIABLE), f"${ENVIRONMENT_VARIABLE}")
    here = (cwd or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        if (directory / "data" / "states").is_dir():
            return Located(directory / "data", f"nearest data/states/ above {here}")
        if directory.name == "data" and (directory / "states").is_dir():
            return Located(directory, f"nearest data/states/ above {here}")
    return Located(bundled_data(), "the dataset bundled with attu")


def _dataset_dir(path: Path, given_by: str) -> Path:
    """Accept the dataset directory itself or a directory holding `data/`."""
    path = path.expanduser()
    if (path / "states").is_dir():
        return path.resolve()
    if (path / "data" / "states").is_dir():
        return (path / "data").resolve()
    raise UsageError(f"{given_by}: no dataset at {path} (expected a directory holding states/)")


def display_path(path: Path) -> str:
    """A path as people expect to see it: relative to where they are, when it is below it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:  # not below the current directory
        return str(path)
