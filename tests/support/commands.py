"""The CLI's commands as the sweeps over every command see them."""

from __future__ import annotations

from typing import Any

import typer.main

from att_univ.cli import app


def every_command() -> dict[str, Any]:
    """Every command of the CLI by name, with the sub-commands of groups (`record deposit`) listed on their own."""
    found: dict[str, Any] = {}
    for name, command in typer.main.get_command(app).commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        if subcommands:
            found.update({f"{name} {sub}": subcommand for sub, subcommand in subcommands.items()})
        else:
            found[name] = command
    return dict(sorted(found.items()))
