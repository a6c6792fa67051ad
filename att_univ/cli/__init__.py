"""The `attu` command line: the only package that imports typer.

Each command module registers its commands on `app` and keeps its bodies thin: parse,
call a service, render, exit. Services are imported inside the commands so that starting
attu costs only what the command in hand needs.
"""

from __future__ import annotations

import sys

import typer

from att_univ.errors import AttuError, ExitCode

app = typer.Typer(
    name="attu",
    help="attu: the working tool of the Arms Trade Treaty Working Group on Treaty Universalization.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

import att_univ.cli.review  # noqa: E402,F401  (registers its commands)
from att_univ.cli import validate  # noqa: E402,F401  (registers its commands)


def main() -> None:
    """Run attu: problems become messages and exit codes, never tracebacks (unless --debug)."""
    debug = "--debug" in sys.argv[1:]
    if debug:
        sys.argv.remove("--debug")
    try:
        app()
    except AttuError as error:
        sys.stderr.write(f"attu: {error.message}\n")
        sys.exit(int(error.exit_code))
    except KeyboardInterrupt:
        sys.stderr.write("attu: interrupted\n")
        sys.exit(130)
    except Exception as error:
        if debug:
            raise
        sys.stderr.write(
            f"attu: internal error ({type(error).__name__}); this is a bug in attu. "
            "Run again with --debug to see the traceback, and report it.\n"
        )
        sys.exit(int(ExitCode.INTERNAL))
