"""Who may read what: the dataset's recipients (public keys) and the identity (secret key) of the person running attu.

A dataset with a `recipients.yaml` keeps every value that is not public encrypted (see
`att_univ.data.protected`). The identity is found in `ATTU_IDENTITY` (a path), else
`~/.config/attu/identity.txt`, else `~/.ssh/id_ed25519`. What its public keys are listed for
is the widest audience the person may see: none listed means the public view only.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from att_univ.core.errors import RefusedError
from att_univ.core.problems import Problem

RECIPIENTS_FILE = "recipients.yaml"
IDENTITY_VARIABLE = "ATTU_IDENTITY"
DEMO_IDENTITY = Path(__file__).resolve().parent.parent / "assets" / "demo-identity.txt"
_RANK = {"public": 0, "partners": 1, "restricted": 2}  # models.common.SENSITIVITY_RANK, without importing pydantic here
AUDIENCES_OF = {"partners": ("partners", "restricted"), "restricted": ("restricted",)}  # sensitivity → who may open it


@dataclass(frozen=True)
class Keyring:
    """The recipients of one dataset, and what the person running attu holds."""

    recipients: Any  # models.recipients.Recipients
    identities: list[Any] = field(default_factory=list, repr=False)
    public_keys: frozenset[str] = frozenset()
    identity_path: str | None = None

    def keys_for(self, sensitivity: str) -> list[str]:
        """The public keys a value of this sensitivity is encrypted to (in file order)."""
        audiences = AUDIENCES_OF.get(sensitivity, ("restricted",))
        return [r.key for r in self.recipients.recipients if r.audience in audiences]

    @property
    def audience(self) -> str:
        """The widest audience the keys held open: public when none of them is a recipient."""
        held = [r.audience for r in self.recipients.recipients if r.key in self.public_keys]
        return max(held, key=_RANK.__getitem__, default="public")

    def can_open(self, sensitivity: str) -> bool:
        """Whether the keys held open values of this sensitivity."""
        return _RANK[sensitivity] <= _RANK[self.audience]


def identity_path() -> tuple[Path | None, str]:
    """Where the person's identity is, and how it was found; None when there is none."""
    named = os.environ.get(IDENTITY_VARIABLE)
    if named:
        return Path(named).expanduser(), f"${IDENTITY_VARIABLE}"
    home = Path(os.path.expanduser("~"))
    for candidate in (home / ".config" / "attu" / "identity.txt", home / ".ssh" / "id_ed25519"):
        if candidate.is_file():
            return candidate, str(candidate)
    return None, "no identity"


def load_identity(path: Path) -> tuple[list[Any], list[str]]:
    """The identities in a file and their public keys; RefusedError (exit 3) naming the file when unusable."""
    from att_univ.data.crypto import CryptoError, read_identity

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RefusedError(
            f"identity {path}: cannot read it ({exc.strerror or exc}); set {IDENTITY_VARIABLE} to your key file"
        ) from None
    try:
        return read_identity(raw)
    except CryptoError as exc:
        raise RefusedError(f"identity {path}: {exc}") from None


def read_recipients(raw: bytes, display: str) -> tuple[Any, list[Problem]]:
    """The recipients file validated like every data file: (the model or None, problems)."""
    from att_univ.data.loader import load_bytes
    from att_univ.data.models.recipients import Recipients

    return load_bytes(raw, display, Recipients)


_public_only: list[bool] = []


@contextlib.contextmanager
def public_view_only() -> Iterator[None]:
    """Within it, datasets are read as by someone without keys: nothing is decrypted (what `attu status` needs)."""
    _public_only.append(True)
    try:
        yield
    finally:
        _public_only.pop()


def keyring(recipients: Any) -> Keyring:
    """The keyring for a dataset's recipients, with the person's identity (and the demo one, if the dataset says so)."""
    if _public_only:
        return Keyring(recipients)
    path, _ = identity_path()
    identities: list[Any] = []
    public: list[str] = []
    if path is not None:
        identities, public = load_identity(path)
    if recipients.demo:
        demo_identities, demo_public = load_identity(DEMO_IDENTITY)
        identities += demo_identities
        public += demo_public
    return Keyring(recipients, identities, frozenset(public), str(path) if path else None)


def keyring_for(root: Path) -> tuple[Keyring | None, list[Problem]]:
    """The keyring of the dataset at root; None for a dataset in clear (no recipients file)."""
    from att_univ.data.discovery import display_path

    path = root / RECIPIENTS_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, []
    except OSError as exc:
        return None, [Problem(display_path(path), 1, 1, "unreadable", exc.strerror or "cannot read the file")]
    return keyring_from_bytes(raw, display_path(path))


def keyring_from_bytes(raw: bytes | None, display: str) -> tuple[Keyring | None, list[Problem]]:
    """The keyring for a recipients file's content (None: a dataset in clear)."""
    if raw is None:
        return None, []
    recipients, problems = read_recipients(raw, display)
    if recipients is None:
        from att_univ.data.models.recipients import Recipients

        recipients = Recipients()  # nothing opens: the public view, with the file's problems shown
    return keyring(recipients), problems


def demo_public_key() -> str:
    """The public key of attu's demo identity."""
    return load_identity(DEMO_IDENTITY)[1][0]
