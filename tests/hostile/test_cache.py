"""Issue 13, item 5: the status cache trusted what it should not (names file, in-place edits, forged files)."""

from __future__ import annotations

import hashlib
import hmac
import io
import marshal
import os
from pathlib import Path

from att_univ import launcher
from att_univ.core import sealed
from att_univ.data import cache as dataset_cache
from att_univ.treaty import cache
from tests.conftest import run_cli

pytest_plugins = ["tests.support.status_fixtures"]  # private_copy


def fast_status(data: Path) -> int | None:
    """What `attu status` answers from the cache alone (None: it falls back to validating)."""
    return launcher.fast_path(["status", "--format", "json", "--data", str(data)])


def test_a_broken_depositary_names_file_is_not_hidden_by_the_status_cache(private_copy: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("status", "--data", str(private_copy)).exit_code == 0
    assert fast_status(private_copy) == 0
    capsys.readouterr()
    names = private_copy / "depositary-names.yaml"
    names.write_text(names.read_text(encoding="utf-8") + "  Nowhere Land: ZZZ\n", encoding="utf-8")
    assert fast_status(private_copy) is None
    status = run_cli("status", "--data", str(private_copy))
    validate = run_cli("validate", "--data", str(private_copy))
    assert status.exit_code == validate.exit_code == 1
    assert "depositary-names.yaml" in status.stderr


def test_an_edit_in_place_with_the_same_size_and_mtime_shows_the_new_data(private_copy: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    run_cli("status", "--data", str(private_copy))
    path = private_copy / "states" / "gmb.yaml"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    with open(path, "r+", encoding="utf-8") as handle:
        handle.write(text.replace("name: Gambia", "name: Gambix"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns, path.stat().st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    assert fast_status(private_copy) is None
    shown = run_cli("status", "--format", "json", "--data", str(private_copy))
    assert "Gambix" in shown.stdout and '"Gambia"' not in shown.stdout


def _rewrite(path: Path, magic: bytes, forged_body: bytes) -> None:
    """What someone without the secret can write: a body sealed under a guessed key."""
    mac = hmac.new(b"\0" * sealed.SECRET_BYTES, forged_body, hashlib.sha256).digest()
    path.write_bytes(magic + mac + forged_body)


def test_a_state_name_forged_in_the_status_cache_does_not_appear(private_copy: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    run_cli("status", "--data", str(private_copy))
    stored = private_copy / cache.CACHE_DIRECTORY / cache.CACHE_FILE
    body = io.BytesIO(stored.read_bytes()[len(cache.MAGIC) + sealed.MAC_BYTES :])
    header = marshal.load(body)
    plain = list(marshal.load(body))
    plain[3] = tuple((s[0], "Forgedland", *s[2:]) if s[0] == "GMB" else s for s in plain[3])
    forged = marshal.dumps(header, cache.MARSHAL_VERSION) + marshal.dumps(tuple(plain), cache.MARSHAL_VERSION)
    for magic_and_mac in (None, "keep the old seal"):
        if magic_and_mac is None:
            _rewrite(stored, cache.MAGIC, forged)
        else:
            original_mac = stored.read_bytes()[len(cache.MAGIC) : len(cache.MAGIC) + sealed.MAC_BYTES]
            stored.write_bytes(cache.MAGIC + original_mac + forged)
        assert cache.read_index(private_copy) is None
        assert fast_status(private_copy) is None
        shown = run_cli("status", "--format", "json", "--data", str(private_copy))
        assert shown.exit_code == 0 and "Forgedland" not in shown.stdout and "Gambia" in shown.stdout


def test_a_cache_copied_from_another_user_is_not_trusted(private_copy: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    run_cli("status", "--data", str(private_copy))
    assert cache.read_index(private_copy) is not None
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))  # another secret
    assert cache.read_index(private_copy) is None
    assert not dataset_cache.open_cache(str(private_copy.resolve())).parses
