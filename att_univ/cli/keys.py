"""`attu keys ...` and `attu encrypt`: who can read the protected values, and keeping them encrypted at rest."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from att_univ.cli import app
from att_univ.cli.common import DataOption, VerboseOption, emit, note
from att_univ.core.errors import ExitCode

keys_app = typer.Typer(
    help="Keys: your identity, and the recipients that protected values are encrypted to (docs/confidentiality.md).",
    no_args_is_help=True,
)
app.add_typer(keys_app, name="keys")


class KeyAudience(StrEnum):
    partners = "partners"
    restricted = "restricted"


def _root(data: Path | None, verbose: bool) -> Path:
    from att_univ.cli.review import _writable_root

    return _writable_root(data, verbose)


def _report(result: object, done: str) -> None:
    from att_univ.views.problems import report_problems

    written = getattr(result, "written", [])
    problems = getattr(result, "problems", [])
    for display in written:
        note(f"attu: {done} {display}")
    note(f"attu: {len(written)} of {getattr(result, 'checked', 0)} files rewritten")
    if problems:
        emit(report_problems(problems, "text"))
        raise typer.Exit(int(ExitCode.INVALID_DATA))


@keys_app.command("init")
def keys_init() -> None:
    """Make your identity (a secret key, in ~/.config/attu/identity.txt) and print its public key."""
    from att_univ.data.rekey import init_identity

    path, public, made = init_identity()
    note(f"attu: {'made' if made else 'you already have'} an identity in {path}; keep it secret, give your public key:")
    emit(public + "\n")


@keys_app.command("add")
def keys_add(
    name: Annotated[str, typer.Argument(help="Who holds the key: a person or an office.")],
    key: Annotated[str, typer.Argument(help="Their public key: age1... or 'ssh-ed25519 AAAA...'.")],
    audience: Annotated[KeyAudience, typer.Option("--audience", help="partners or restricted.")],
    data: DataOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Add a recipient to recipients.yaml; run attu keys rotate next so that existing values open for them."""
    from att_univ.data.rekey import add_recipient

    add_recipient(_root(data, verbose), name, key, audience.value)
    note(f"attu: added {name} ({audience.value}); run attu keys rotate to encrypt the existing values to them too")


@keys_app.command("remove")
def keys_remove(
    name: Annotated[str, typer.Argument(help="The recipient's name in recipients.yaml.")],
    data: DataOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Remove a recipient; run attu keys rotate next (the history still holds values their key opens)."""
    from att_univ.data.rekey import remove_recipient

    remove_recipient(_root(data, verbose), name)
    note(f"attu: removed {name}; run attu keys rotate now. Their key still opens every value in the history.")


@keys_app.command("rotate")
def keys_rotate(data: DataOption = None, verbose: VerboseOption = False) -> None:
    """Encrypt every protected value again to exactly the current recipients (file by file; run again if stopped)."""
    from att_univ.data.rekey import reseal_dataset

    _report(reseal_dataset(_root(data, verbose), rotate=True), "re-encrypted")


@keys_app.command("check")
def keys_check(data: DataOption = None, verbose: VerboseOption = False) -> None:
    """Check that every protected value is encrypted, to exactly the current recipients of its audience."""
    from att_univ.data.discovery import find_dataset
    from att_univ.data.rekey import check_dataset
    from att_univ.views.problems import report_problems

    located = find_dataset(data)
    if verbose:
        note(f"attu: using dataset {located.root} ({located.how})")
    problems = check_dataset(located.root)
    if problems:
        emit(report_problems(problems, "text"))
        raise typer.Exit(int(ExitCode.INVALID_DATA))
    note("attu: every protected value is encrypted to the current recipients")


@app.command()
def encrypt(
    demo: Annotated[
        bool, typer.Option("--demo", help="Encrypt to attu's demo key (only for the dataset bundled with attu).")
    ] = False,
    data: DataOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Encrypt every value that is not public, in place (a dataset in clear migrates with this one command)."""
    from att_univ.data.discovery import find_dataset
    from att_univ.data.keys import RECIPIENTS_FILE
    from att_univ.data.rekey import add_recipient, demo_key_line, reseal_dataset

    root = find_dataset(data).root if demo else _root(data, verbose)
    if demo and not (root / RECIPIENTS_FILE).exists():
        add_recipient(root, "attu-demo", demo_key_line(), "restricted", demo=True)
    _report(reseal_dataset(root, rotate=False), "encrypted")
