"""The `attu` command line: the only package that imports typer.

Each command module registers its commands on `app` and keeps its bodies thin: parse,
call a service, render, exit. Services are imported inside the commands so that starting
attu costs only what the command in hand needs.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from att_univ.core.errors import AttuError, ExitCode

DEBUG_VARIABLE = "ATTU_DEBUG"


class _Attu(TyperGroup):
    """Turns failures into one-line messages and exit codes, for users and test runners alike."""

    def invoke(self, ctx: Any) -> Any:
        from att_univ.data.guard import guard_scope

        with guard_scope(list(ctx.args)):
            return self._invoke(ctx)

    def _invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except AttuError as error:
            from att_univ.cli.common import error_message

            message, code = error_message(error)  # the confidentiality guard checks errors too
            sys.stderr.write(message)
            raise typer.Exit(code) from None
        except (typer.Exit, typer.Abort, typer.exceptions.TyperException, KeyboardInterrupt):
            raise  # usage errors and exits are typer's to report (exit 2 for usage)
        except Exception as error:
            if os.environ.get(DEBUG_VARIABLE):
                raise
            # The last line of defence: a bug must not greet a diplomat with a traceback.
            sys.stderr.write(
                f"attu: internal error ({type(error).__name__}); this is a bug in attu. "
                "Run again with --debug to see the traceback, and report it.\n"
            )
            raise typer.Exit(int(ExitCode.INTERNAL)) from None


app = typer.Typer(
    name="attu",
    cls=_Attu,
    help="attu: the working tool of the Arms Trade Treaty Working Group on Treaty Universalization.",
    add_completion=True,  # --install-completion / --show-completion for bash, zsh and fish (cli/completion.py)
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(wanted: bool) -> None:
    if wanted:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("attu")
        except PackageNotFoundError:  # run from a source tree that was never installed
            number = "unknown (not installed)"
        sys.stdout.write(f"attu {number}\n")
        raise typer.Exit()


@app.callback()
def _options(
    show_version: bool = typer.Option(
        False, "--version", help="Show attu's version and exit.", is_eager=True, callback=_show_version
    ),
) -> None:
    """attu: the working tool of the Arms Trade Treaty Working Group on Treaty Universalization."""


# Command modules, in the order `attu --help` lists their commands: the everyday ones first.
COMMAND_MODULES = ("status", "validate", "plans", "coordination", "report", "review", "reconcile")
for _module in COMMAND_MODULES:
    importlib.import_module(f"att_univ.cli.{_module}")
importlib.import_module("att_univ.cli.calendar")  # attu calendar
importlib.import_module("att_univ.cli.signals")  # attu signals
import att_univ.cli.site  # noqa: E402, F401  (attu site: the public website)

importlib.import_module("att_univ.cli.keys")  # attu keys, attu encrypt


def main() -> None:
    """Run attu; `--debug` anywhere on the command line shows tracebacks of internal errors."""
    if "--debug" in sys.argv[1:]:
        sys.argv.remove("--debug")
        os.environ[DEBUG_VARIABLE] = "1"
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("attu: interrupted\n")
        sys.exit(130)
