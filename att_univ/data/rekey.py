"""`attu encrypt` and `attu keys ...`: the dataset's recipients, and its protected values sealed to them.

Each file is rewritten on its own, atomically (a reader or a killed attu sees the old file or
the new one), under the dataset's lock; a file already right is left alone, so a stopped
`encrypt` or `rotate` simply goes on where it stopped when run again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from att_univ.core.errors import AttuError, RefusedError, UsageError
from att_univ.core.problems import Problem
from att_univ.data.keys import DEMO_IDENTITY, RECIPIENTS_FILE, Keyring, identity_path, keyring_for
from att_univ.data.protected import SealError, model_of_path, open_file_text, plaintext_problems, seal_text, stale_problems


@dataclass
class Rewrite:
    """Files rewritten, files checked, and problems that kept files from being rewritten."""

    written: list[str] = field(default_factory=list)
    checked: int = 0
    problems: list[Problem] = field(default_factory=list)


def data_files(root: Path) -> list[Path]:
    """Every file that can hold protected values."""
    from att_univ.data.canonical import data_files as all_files

    return all_files(root)


def require_keyring(root: Path) -> Keyring:
    """The dataset's keyring; a clear refusal when it has no recipients yet."""
    keys, problems = keyring_for(root)
    if problems:
        raise AttuError(f"{problems[0]}; fix {RECIPIENTS_FILE} first")
    if keys is None or not keys.recipients.recipients:
        raise UsageError(
            f"the dataset has no recipients yet: add one with attu keys add NAME KEY --audience restricted ({RECIPIENTS_FILE})"
        )
    if not keys.keys_for("restricted"):
        raise UsageError("the dataset has no restricted recipient: nobody could read restricted values")
    return keys


def reseal_dataset(root: Path, *, rotate: bool) -> Rewrite:
    """Seal every protected value still in clear (and, with rotate, every one sealed to other keys than the current)."""
    from att_univ.data.discovery import display_path
    from att_univ.data.outputs import clean_stale_temporaries, dataset_lock, write_file_atomically

    result = Rewrite()
    with dataset_lock(root) as locked:
        keys = require_keyring(root)
        files = data_files(root)
        for folder in sorted({path.parent for path in files}):  # what a stopped (killed) run left half-written
            clean_stale_temporaries(folder, older_than=locked)
        for path in files:
            found = model_of_path(path)
            if found is None:
                continue
            result.checked += 1
            display = display_path(path)
            try:
                text = path.read_text(encoding="utf-8")
                sealed = seal_text(text, display, found[0], found[1], keys, rotate=rotate)
            except SealError as exc:
                result.problems.extend(exc.problems)
                continue
            except (OSError, UnicodeDecodeError):
                result.problems.append(Problem(display, 1, 1, "unreadable", "cannot read the file"))
                continue
            if sealed != text:
                write_file_atomically(path, sealed.encode("utf-8"))
                result.written.append(display)
    return result


def check_dataset(root: Path) -> list[Problem]:
    """`attu keys check`: every protected value sealed, to exactly the current recipients of its audience; no demo key."""
    from pydantic import ValidationError

    from att_univ.data.discovery import bundled_data, display_path
    from att_univ.data.keys import demo_public_key

    keys, problems = keyring_for(root)
    recipients_display = display_path(root / RECIPIENTS_FILE)
    if keys is None:
        return [Problem(recipients_display, 1, 1, "not-encrypted", "the dataset keeps everything in clear: run attu encrypt")]
    demo = demo_public_key()
    if root.resolve() != bundled_data().resolve():
        for index, recipient in enumerate(keys.recipients.recipients):
            if recipient.key == demo:
                problems.append(
                    Problem(
                        recipients_display,
                        index + 2,
                        1,
                        "demo-key",
                        f"recipient {recipient.name!r} is attu's demo key, which everyone has: remove it (attu keys remove)",
                    )
                )
        if keys.recipients.demo:
            problems.append(Problem(recipients_display, 1, 1, "demo-key", "demo: true is only for attu's bundled dataset"))
    for path in data_files(root):
        found = model_of_path(path)
        if found is None:
            continue
        display = display_path(path)
        opened = open_file_text(path.read_text(encoding="utf-8"), display, found[0], keys)
        problems.extend(opened.parsed.problems)
        if opened.parsed.value is None:
            continue
        try:
            record = found[0].model_validate(opened.parsed.value)
        except ValidationError:
            problems.append(Problem(display, 1, 1, "invalid", "the file is not valid: run attu validate"))
            continue
        problems.extend(plaintext_problems(record, opened, found[1], display))
        problems.extend(stale_problems(record, opened, found[1], keys, display))
    return sorted(problems)


def plaintext_in_dataset(root: Path) -> list[Problem]:
    """What `attu validate` adds for an encrypted dataset: every protected value written in clear."""
    from functools import partial

    from pydantic import ValidationError

    from att_univ.data.cache import open_cache
    from att_univ.data.discovery import display_path
    from att_univ.data.protected import Opened, open_parsed
    from att_univ.data.yamlio import Parsed, read_file_again

    keys, _ = keyring_for(root)
    if keys is None:
        return []
    store = open_cache(str(root.resolve()))  # the load just before parsed every file: reuse its parses
    problems: list[Problem] = []
    for path in data_files(root):
        found = model_of_path(path)
        if found is None:
            continue
        display = display_path(path)
        try:
            read = store.read(str(path))
            digest = read[0] if read is not None else None
            record = store.record(digest, found[0]) if digest is not None else None
            if record is not None and digest is not None:  # content in clear, validated by the load just before
                unparsed = Parsed(ciphertext=False, reparse=partial(read_file_again, path, display, digest))
                problems.extend(plaintext_problems(record, Opened(unparsed, original_parsed=unparsed), found[1], display))
                continue
            parsed = store.parsed(digest) if digest is not None else None
            if parsed is not None:
                opened = open_parsed(parsed, found[0], keys, display)
            else:
                opened = open_file_text(path.read_text(encoding="utf-8"), display, found[0], keys)
            if opened.parsed.value is None or opened.parsed.problems:
                continue  # the loader reports these
            record = found[0].model_validate(opened.parsed.value)
        except (OSError, UnicodeDecodeError, ValidationError):
            continue  # the loader reports these
        problems.extend(plaintext_problems(record, opened, found[1], display))
    return problems


# --- recipients and identities -----------------------------------------------------------------


def init_identity() -> tuple[Path, str, bool]:
    """Make the person's identity where attu looks first (unless one exists): (path, public key, made now)."""
    from att_univ.data.crypto import new_identity
    from att_univ.data.keys import load_identity

    path, _ = identity_path()
    if path is not None and path.exists():
        return path, load_identity(path)[1][0], False
    if path is None:
        path = Path(os.path.expanduser("~")) / ".config" / "attu" / "identity.txt"
    secret, public = new_identity()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(f"# attu identity: keep this file secret; your public key is\n# {public}\n{secret}\n")
    return path, public, True


def add_recipient(root: Path, name: str, key: str, audience: str, *, demo: bool = False) -> None:
    """Add a holder of a key to recipients.yaml (made if missing)."""
    from att_univ.data.crypto import CryptoError, parse_recipient

    key = " ".join(key.split()[:2]) if key.startswith("ssh-") else key.strip()
    try:
        parse_recipient(key)
    except CryptoError as exc:
        raise UsageError(f"{name}: {exc}") from None
    if audience not in ("partners", "restricted"):
        raise UsageError("--audience must be partners or restricted")
    document = _recipients_document(root, demo=demo)
    for entry in document["recipients"]:
        if entry["name"] == name:
            raise UsageError(f"{RECIPIENTS_FILE} already has a recipient {name!r}: remove it first to change its key")
        if entry["key"] == key:
            raise UsageError(f"{RECIPIENTS_FILE} already lists this key, as {entry['name']!r}")
    from att_univ.data.yamlio import new_mapping

    entry = new_mapping()
    entry["name"] = name
    entry["key"] = key
    entry["audience"] = audience
    document["recipients"].append(entry)
    _write_recipients(root, document)


def remove_recipient(root: Path, name: str) -> None:
    """Remove a holder from recipients.yaml (their key still opens what was sealed to it: rotate next)."""
    document = _recipients_document(root, demo=False)
    kept = [entry for entry in document["recipients"] if entry["name"] != name]
    if len(kept) == len(document["recipients"]):
        raise UsageError(f"{RECIPIENTS_FILE} has no recipient {name!r}")
    document["recipients"][:] = kept
    _write_recipients(root, document)


def _recipients_document(root: Path, *, demo: bool) -> Any:
    from att_univ.data.yamlio import load_round_trip, new_mapping, new_sequence, parse

    path = root / RECIPIENTS_FILE
    if not path.exists():
        document = new_mapping()
        if demo:
            document["demo"] = True
        document["recipients"] = new_sequence()
        return document
    text = path.read_text(encoding="utf-8")
    if parse(text, str(path)).problems:
        raise AttuError(f"{path}: not valid YAML; run attu validate")
    document = load_round_trip(text)
    if document.get("recipients") is None:
        document["recipients"] = new_sequence()
    return document


def _write_recipients(root: Path, document: Any) -> None:
    from att_univ.data.keys import read_recipients
    from att_univ.data.outputs import write_file_atomically
    from att_univ.data.yamlio import dump_round_trip

    text = "# Who can read the protected values of this dataset: attu keys add / remove, then attu keys rotate.\n"
    body = dump_round_trip(document)
    if body.startswith("#"):
        text = body
    else:
        text += body
    recipients, problems = read_recipients(text.encode("utf-8"), RECIPIENTS_FILE)
    if recipients is None:
        raise AttuError(f"not written: {problems[0] if problems else 'invalid recipients'}")
    try:
        write_file_atomically(root / RECIPIENTS_FILE, text.encode("utf-8"))
    except OSError as exc:
        raise RefusedError(f"cannot write {RECIPIENTS_FILE}: {exc.strerror or exc}") from None


def demo_key_line() -> str:
    """The demo public key, for `attu encrypt --demo`."""
    from att_univ.data.keys import load_identity

    return load_identity(DEMO_IDENTITY)[1][0]
