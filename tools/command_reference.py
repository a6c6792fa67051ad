"""Write docs/commands.md, the command reference, from the CLI's own help (`make docs`).

tests/test_docs.py fails when the file differs from what this script writes, so the
reference never drifts from the program.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
TARGET = REPO / "docs" / "commands.md"
WIDTH = 100  # the help is wrapped to a fixed width, so the file does not depend on the terminal

INTRO = """# Command reference

Every command of attu with its options, exactly as `attu COMMAND --help` prints them.
This file is generated from the program (`make docs`); do not edit it by hand. The
[README](../README.md) says what each command is for; the guides in this folder say how to use them.
"""


def commands(group: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every visible command and sub-command, in the order `attu --help` lists them."""
    found: list[tuple[str, ...]] = []
    context = typer.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if command is None or command.hidden:
            continue
        found.append((*path, name))
        if hasattr(command, "list_commands"):  # a group: `attu record` and its sub-commands
            found.extend(commands(command, (*path, name)))
    return found


def help_text(app: Any, path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": str(WIDTH), "TERM": "dumb"}, terminal_width=WIDTH)
    assert result.exit_code == 0, result.output
    return "\n".join(line.rstrip() for line in result.stdout.strip("\n").splitlines())


def reference() -> str:
    """The whole of docs/commands.md."""
    from att_univ.cli import app

    paths = commands(typer.main.get_command(app))
    lines = [INTRO, "## Contents", ""]
    lines += [f"- [`attu {' '.join(path)}`](#{'attu-' + '-'.join(path)})" for path in paths]
    lines += ["", "## attu", "", "```text", help_text(app, ()), "```"]
    for path in paths:
        lines += ["", f"## attu {' '.join(path)}", "", "```text", help_text(app, path), "```"]
    return "\n".join(lines) + "\n"


def main() -> int:
    text = reference()
    if TARGET.exists() and TARGET.read_text(encoding="utf-8") == text:
        print(f"{TARGET.relative_to(REPO)} is up to date")
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
