"""The layout holds: the import contracts pass, catch a wrong import and match the docs; every command is documented."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from att_univ.cli import app
from tests.conftest import REPO

CONTRACTS = REPO / ".importlinter"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _contracts() -> configparser.ConfigParser:
    parser = configparser.ConfigParser()
    parser.read(CONTRACTS, encoding="utf-8")
    return parser


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(root / ".importlinter"), "--no-cache"],
        cwd=root,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package's code and contracts in a folder of their own, to break on purpose."""
    root = tmp_path_factory.mktemp("layout")
    shutil.copytree(REPO / "att_univ", root / "att_univ", ignore=shutil.ignore_patterns("__pycache__", "_data", "_templates"))
    shutil.copy(CONTRACTS, root / ".importlinter")
    return root


def test_the_contracts_hold_on_the_code() -> None:
    done = _lint_imports(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "code", "broken"),
    [
        ("att_univ/core/upward.py", "import att_univ.cli\n", "Imports point one way"),
        ("att_univ/treaty/sideways.py", "from att_univ.outreach import tiers\n", "Imports point one way"),
        ("att_univ/data/models/reads_files.py", "from att_univ.data import loader\n", "The models know nothing"),
        ("att_univ/outreach/colour.py", "def paint():\n    import rich\n", "Only views.terminal imports rich"),
        ("att_univ/treaty/words.py", "import babel\n", "Only documents.languages imports babel"),
    ],
)
def test_a_wrong_import_breaks_a_contract(package_copy: Path, module: str, code: str, broken: str) -> None:
    path = package_copy / module
    path.write_text(code, encoding="utf-8")
    try:
        done = _lint_imports(package_copy)
    finally:
        path.unlink()
    assert done.returncode == 1, done.stdout
    assert re.search(re.escape(broken) + r".*BROKEN", done.stdout, re.DOTALL), done.stdout


def test_the_docs_describe_the_contracts() -> None:
    docs = (REPO / "docs" / "development.md").read_text(encoding="utf-8")
    contracts = _contracts()
    layers = [line.strip() for line in contracts["importlinter:contract:layers"]["layers"].strip().splitlines()]
    assert "```\n" + "\n".join(layers) + "\n```" in docs, "docs/development.md: the layer list differs from .importlinter"
    for section in contracts.sections():
        if section.startswith("importlinter:contract:"):
            name = contracts[section]["name"]
            assert f"- {name}\n" in docs, f"docs/development.md does not list the contract {name!r}"


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
