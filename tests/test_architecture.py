"""The layout holds: each library behind one module, imports pointing one way, every command documented."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from att_univ.cli import app
from tests.conftest import REPO

PACKAGE = REPO / "att_univ"

# Third-party libraries and the one place each may be imported.
GATEKEEPERS = {
    "typer": "att_univ/cli/",
    "rich": "att_univ/views/terminal.py",
    "jinja2": "att_univ/documents/templating.py",
    "ruamel": "att_univ/data/yamlio.py",
    "_ruamel_yaml": "att_univ/data/yamlio.py",
    "git": "att_univ/data/revisions.py",
}
# Modules below the command line never reach up into it or into presentation.
LOWER_LAYERS_MAY_NOT_IMPORT = ("att_univ.cli", "att_univ.views.terminal", "att_univ.documents.templating", "att_univ.views")
# The layers that may: the entry point, the command line, and presentation.
UPPER_LAYERS = (
    "att_univ/launcher.py",
    "att_univ/cli/",
    "att_univ/views/",
    "att_univ/views/terminal.py",
    "att_univ/documents/templating.py",
)


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(REPO)) for p in MODULES])
def test_each_library_lives_behind_one_module(path: Path) -> None:
    where = str(path.relative_to(REPO))
    for name in _imports(path):
        top = name.split(".")[0]
        if top in GATEKEEPERS:
            assert where.startswith(GATEKEEPERS[top]), f"{where} imports {name}; only {GATEKEEPERS[top]} may"


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(REPO)) for p in MODULES])
def test_imports_point_one_way(path: Path) -> None:
    where = str(path.relative_to(REPO))
    imported = _imports(path)
    if where.startswith("att_univ/models/"):
        assert all(not n.startswith("att_univ.") or n.startswith("att_univ.data.models") for n in imported), where
    if where.startswith("att_univ/views/"):
        assert not [n for n in imported if n.startswith("att_univ.cli")], f"{where} imports the command line"
    if not where.startswith(UPPER_LAYERS):
        leaks = [n for n in imported if n.startswith(LOWER_LAYERS_MAY_NOT_IMPORT)]
        assert not leaks, f"{where} imports {leaks}"


def _command_names() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [name for name in _command_names() if f"`attu {name}" not in readme]
    assert not missing, f"commands missing from README.md: {missing}"


def test_every_command_has_help_text() -> None:
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help and command.help.strip(), name
